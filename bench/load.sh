#!/usr/bin/env bash
# Whole-server load test: sitmap serving 1,000,000 events, hit by wrk on loopback with
# bbox + date queries that each return a page of 1,000 features.
#
# usage: bench/load.sh [EVENTS] [SECONDS] [CONNECTIONS] [PAGE]   (defaults 1000000 20 32 1000)
# SITMAP_BENCH_ENCODING=gzip asks for gzip answers (bench/common.sh).
# Prints requests/s and latency percentiles as wrk reports them. Needs wrk (installed with
# apt-get when missing and running as root). The data set is kept in target/bench-data-N.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
N=${1:-1000000}
SECS=${2:-20}
CONNS=${3:-32}
PAGE=${4:-1000}
PORT=${SITMAP_BENCH_PORT:-18181}
DATA=target/bench-data-$N

ensure_wrk
cargo build --release -q -j2 --bin sitmap --example synthetic_store
./target/release/examples/synthetic_store "$DATA" "$N"

start_sitmap "$PORT" "$DATA"

# 200 request paths: 3°×3° boxes at random events' cluster centres, two years, limit 1000
python3 - "$PORT" "$PAGE" >target/bench-paths.lua <<'PY'
import json, random, sys, urllib.request
sys.path.insert(0, "bench")
from wrk_paths import lua_cycling
random.seed(7)
port, page = sys.argv[1], int(sys.argv[2])
paths = []
tries = 0
while len(paths) < 200 and tries < 5000:  # a small data set may have few full pages
    tries += 1
    lon, lat = random.uniform(-10, 50), random.uniform(-5, 40)
    p = f"/collections/events/items?bbox={lon-1.5:.3f},{lat-1.5:.3f},{lon+1.5:.3f},{lat+1.5:.3f}&datetime=2018-01-01/2019-12-31"
    n = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}{p}&limit=1"))["numberMatched"]
    p += f"&limit={page}"
    if n >= page:
        paths.append(p)
if not paths:
    sys.exit(f"no 3x3 degree box holds {page} events in 2018-2019: use a larger data set")
print(lua_cycling(paths), end="")
PY
echo "sitmap: $N events, $SECS s, $CONNS connections, pages of $PAGE features (bbox + datetime), $SITMAP_BENCH_ENCODING"
wrk -t2 -c"$CONNS" -d"${SECS}s" --latency "${ENC[@]}" -s target/bench-paths.lua "http://127.0.0.1:$PORT"
