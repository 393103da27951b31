#!/usr/bin/env bash
# /health while the server works hardest (issue 14 item 3): sitmap on a copy of the
# 1,000,000-event store while wrk (64 connections) sends whole-world pages of 10,000
# features, whole-world filtered scans and low-zoom tiles with the cache off, and 100,000
# events are posted (four bodies of 25,000). A separate client asks /health every 20 ms on
# its own connection and reports its latency percentiles.
#
# usage: bench/health_under_load.sh [EVENTS] [SECONDS] [WRITES]   (defaults 1000000 60 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
N=${1:-1000000}
SECS=${2:-60}
WRITES=${3:-100000}
PORT=${SITMAP_BENCH_PORT:-18188}
SRC=target/bench-data-$N
DATA=target/bench-data-health-$N
cargo build --release -q -j2 --bin sitmap --example synthetic_store
./target/release/examples/synthetic_store "$SRC" "$N" >/dev/null
rm -rf "$DATA" && cp -r "$SRC" "$DATA"   # the writes must not change the shared data set
ensure_wrk
start_sitmap "$PORT" "$DATA" --tile-cache-mb 0
cat >target/bench-health.lua <<'LUA'
i = 0
request = function()
  i = i + 1
  local k = i % 3
  if k == 0 then
    return wrk.format("GET", "/collections/events/items?limit=10000")
  elseif k == 1 then
    return wrk.format("GET", "/collections/events/items?event_type=Battles&limit=1000")
  end
  return wrk.format("GET", "/tiles/events/" .. (i % 4) .. "/0/0.mvt")
end
LUA
python3 - "$PORT" "$SECS" >target/bench-health-probe.txt <<'PY' &
import http.client, sys, time
port, secs = int(sys.argv[1]), float(sys.argv[2])
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
lat, errors, end = [], 0, time.monotonic() + secs
while time.monotonic() < end:
    t = time.perf_counter()
    try:
        conn.request("GET", "/health")
        r = conn.getresponse(); r.read()
        if r.status != 200: errors += 1
    except Exception:
        errors += 1
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    lat.append((time.perf_counter() - t) * 1000)
    time.sleep(0.02)
lat.sort()
q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))]
print(f"/health: {len(lat)} requests, p50 {q(0.5):.2f} ms, p99 {q(0.99):.2f} ms, max {lat[-1]:.2f} ms, errors {errors}")
PY
PROBE=$!
python3 - "$PORT" "$WRITES" <<'PY' &
import json, sys, time, urllib.request
port, writes = int(sys.argv[1]), int(sys.argv[2])
t = time.monotonic()
for part in range(4):
    feats = [{"type": "Feature", "id": f"health-{part}-{i}",
              "geometry": {"type": "Point", "coordinates": [30 + (i % 300) * 0.05, 10 + (i // 300) * 0.05]},
              "properties": {"event_date": "2024-06-01", "event_type": "Battles", "fatalities": 1,
                             "country_code": "SD", "source": "bench"}} for i in range(writes // 4)]
    body = json.dumps({"type": "FeatureCollection", "features": feats}).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/collections/events/items", data=body,
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=600) as r:
        assert r.status == 201, r.status
print(f"writes: {writes // 4 * 4:,} events in 4 bodies, {time.monotonic() - t:.1f} s")
PY
WRITER=$!
wrk -t2 -c64 -d"${SECS}s" --latency -s target/bench-health.lua "http://127.0.0.1:$PORT" | grep -E "Requests/sec|Latency|99%|Non-2xx|Socket"
wait $WRITER
wait $PROBE
cat target/bench-health-probe.txt
