#!/usr/bin/env bash
# Whole-server load test: sitmap serving 1,000,000 events, hit by wrk on loopback with
# bbox + date queries that each return a page of 1,000 features.
#
# usage: bench/load.sh [EVENTS] [SECONDS] [CONNECTIONS]     (defaults 1000000 20 32)
# Prints requests/s and latency percentiles as wrk reports them. Needs wrk (installed with
# apt-get when missing and running as root). The data set is kept in target/bench-data-N.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
SECS=${2:-20}
CONNS=${3:-32}
PORT=${SITMAP_BENCH_PORT:-18181}
DATA=target/bench-data-$N

if ! command -v wrk >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
cargo build --release -q -j2 --bin sitmap --example synthetic_store
./target/release/examples/synthetic_store "$DATA" "$N"

./target/release/sitmap serve --addr 127.0.0.1:$PORT --data "$DATA" --no-demo 2>target/bench-serve.log &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -sf http://127.0.0.1:$PORT/health >/dev/null && break
  sleep 0.2
done

# 200 request paths: 3°×3° boxes at random events' cluster centres, two years, limit 1000
python3 - "$PORT" >target/bench-paths.lua <<'PY'
import json, random, sys, urllib.request
random.seed(7)
port = sys.argv[1]
paths = []
while len(paths) < 200:
    lon, lat = random.uniform(-10, 50), random.uniform(-5, 40)
    p = f"/collections/events/items?bbox={lon-1.5:.3f},{lat-1.5:.3f},{lon+1.5:.3f},{lat+1.5:.3f}&datetime=2018-01-01/2019-12-31"
    n = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}{p}&limit=1"))["numberMatched"]
    p += "&limit=1000"
    if n >= 1000:
        paths.append(p)
print("paths = {" + ",".join(json.dumps(p) for p in paths) + "}")
print("i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend")
PY
echo "sitmap: $N events, $SECS s, $CONNS connections, pages of 1,000 features (bbox + datetime)"
wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -s target/bench-paths.lua "http://127.0.0.1:$PORT"
