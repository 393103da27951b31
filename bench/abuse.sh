#!/usr/bin/env bash
# Memory under abusive reads: sitmap on 1,000,000 events while wrk sends, in parallel for
# SECONDS, whole-world item requests with the largest limit, low-zoom tiles with the cache off,
# and a client posts 100 MB bodies; reports the server's peak resident memory (VmHWM) and
# whether it stayed healthy.
#
# usage: bench/abuse.sh [EVENTS] [SECONDS]     (defaults 1000000 60)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
N=${1:-1000000}
SECS=${2:-60}
PORT=${SITMAP_BENCH_PORT:-18187}
DATA=target/bench-data-$N
cargo build --release -q -j2 --bin sitmap --example synthetic_store
./target/release/examples/synthetic_store "$DATA" "$N" >/dev/null
ensure_wrk
start_sitmap "$PORT" "$DATA" --tile-cache-mb 0
echo "after start-up: $(grep VmRSS /proc/$PID/status)"
cat >target/bench-abuse.lua <<'LUA'
i = 0
request = function()
  i = i + 1
  if i % 2 == 0 then
    return wrk.format("GET", "/collections/events/items?bbox=-180,-90,180,90&limit=1000000")
  end
  return wrk.format("GET", "/tiles/events/" .. (i % 3) .. "/0/0.mvt")
end
LUA
head -c 100000000 /dev/zero | tr '\0' ' ' >target/bench-100mb.json
( end=$((SECONDS + SECS)); n=0; refused=0
  while [ $SECONDS -lt $end ]; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' --data-binary @target/bench-100mb.json "http://127.0.0.1:$PORT/collections/events/items" || true)
    n=$((n + 1)); [ "$code" = 413 ] && refused=$((refused + 1))
  done
  echo "100 MB bodies: $n sent, $refused answered 413" ) &
BODIES=$!
wrk -t2 -c64 -d"${SECS}s" --latency -s target/bench-abuse.lua "http://127.0.0.1:$PORT" | grep -E "Requests/sec|Latency|99%|Non-2xx|Socket"
wait $BODIES
echo "peak resident memory: $(grep VmHWM /proc/$PID/status)"
curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && echo "healthy after the run"
