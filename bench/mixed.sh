#!/usr/bin/env bash
# Reads under writes: sitmap serving 1,000,000 events while one wrk holds 32 connections of
# reads (items pages of 100 features by bbox + date, and tiles at zooms 6-14, alternating)
# and a second wrk writes about 100 events a second (2 connections, 14 ms apart, each a new
# event id). Reports throughput, latency percentiles and errors (non-2xx answers and socket
# errors) of both.
#
# usage: bench/mixed.sh [EVENTS] [SECONDS]     (defaults 1000000 120)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
N=${1:-1000000}
SECS=${2:-120}
PORT=${SITMAP_BENCH_PORT:-18186}
DATA=target/bench-data-mixed-$N

ensure_wrk
cargo build --release -q -j2 --bin sitmap --example synthetic_store
# a new copy of the data set each run, since the writes change it
./target/release/examples/synthetic_store "target/bench-data-$N" "$N" >/dev/null
rm -rf "$DATA" && cp -r "target/bench-data-$N" "$DATA"
start_sitmap "$PORT" "$DATA"

python3 - >target/bench-mixed-reads.lua <<'PY'
import random, sys
sys.path.insert(0, "bench")
from wrk_paths import lua_cycling, tile_of
random.seed(5)
paths = []
for i in range(1000):
    lon, lat = random.uniform(-10, 50), random.uniform(-5, 40)
    if i % 2 == 0:
        paths.append(f"/collections/events/items?bbox={lon-1:.3f},{lat-1:.3f},{lon+1:.3f},{lat+1:.3f}&datetime=2019-01-01/2020-12-31&limit=100")
    else:
        paths.append(f"/tiles/events/{tile_of(lon, lat, random.choice([6, 8, 10, 12, 14]))}.mvt")
print(lua_cycling(paths), end="")
PY
cat >target/bench-mixed-writes.lua <<'LUA'
counter = 0
thread_id = 0
setup = function(thread) thread:set("thread_id", math.random(1, 1000000000)) end
delay = function() return 14 end
request = function()
  counter = counter + 1
  local id = "mixed-" .. thread_id .. "-" .. counter
  local lon = 30 + (counter % 100) * 0.01
  local body = '{"type":"Feature","id":"' .. id .. '","geometry":{"type":"Point","coordinates":[' .. lon .. ',33.5]},"properties":{"event_date":"2020-06-01","event_type":"Battles","fatalities":1}}'
  return wrk.format("POST", "/collections/events/items", {["Content-Type"] = "application/geo+json"}, body)
end
LUA
echo "sitmap under writes: $N events, $SECS s"
wrk -t2 -c2 -d"${SECS}s" --latency -s target/bench-mixed-writes.lua "http://127.0.0.1:$PORT" >target/bench-mixed-writes.out &
WPID=$!
echo "== reads (items of 100 features and tiles, 32 connections)"
wrk -t2 -c32 -d"${SECS}s" --latency -s target/bench-mixed-reads.lua "http://127.0.0.1:$PORT"
wait $WPID
echo "== writes (2 connections, one event per request)"
cat target/bench-mixed-writes.out
echo "server resident memory after the run: $(grep VmRSS /proc/$PID/status | tr -s ' ' | cut -d' ' -f2-)"
