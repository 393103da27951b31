#!/usr/bin/env bash
# Vector tiles under load: sitmap serving 1,000,000 events, hit by wrk on loopback with a mix
# of zooms (4 to 14, weighted towards the street and city zooms a map spends its time at)
# over tiles that hold events. Run twice: tile cache off (every tile rendered from the
# R-tree) and on (after one warm-up pass).
#
# usage: bench/tiles.sh [EVENTS] [SECONDS] [CONNECTIONS] [uncached|cached|both] [ZOOMS]
#        (defaults 1000000 20 32 both mixed). ZOOMS `low`: zooms 0 to 6 only, evenly (the
#        tiles of a whole-country or world view, drawn from the tile pyramid, issue 14).
# SITMAP_BENCH_ENCODING=gzip asks for gzip answers (bench/common.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
N=${1:-1000000}
SECS=${2:-20}
CONNS=${3:-32}
MODE=${4:-both}
ZOOMS=${5:-mixed}
PORT=${SITMAP_BENCH_PORT:-18182}
DATA=target/bench-data-$N

ensure_wrk
cargo build --release -q -j2 --bin sitmap --example synthetic_store
./target/release/examples/synthetic_store "$DATA" "$N"

run() {  # $1: label, $2: cache MiB
  start_sitmap "$PORT" "$DATA" --tile-cache-mb "$2"
  # 2,000 tile paths at the positions of random events
  python3 - "$PORT" "$N" "$ZOOMS" >target/bench-tiles.lua <<'PY'
import json, random, sys, urllib.request
sys.path.insert(0, "bench")
from wrk_paths import lua_cycling, tile_of
random.seed(11)
port, n = sys.argv[1], int(sys.argv[2])
if sys.argv[3] == "low":
    zooms = [0, 1, 2, 3, 4, 5, 6]
else:
    zooms = [4] * 5 + [6] * 10 + [8] * 20 + [10] * 25 + [12] * 25 + [14] * 15
paths = []
while len(paths) < 2000:
    off = random.randrange(0, max(1, n - 50))
    doc = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/collections/events/items?limit=50&offset={off}"))
    for f in doc["features"]:
        lon, lat = f["geometry"]["coordinates"]
        paths.append(f"/tiles/events/{tile_of(lon, lat, random.choice(zooms))}.mvt")
print(lua_cycling(paths), end="")
PY
  if [ "$2" != 0 ]; then  # warm the cache with one pass over every path
    wrk -t2 -c8 -d"$(( SECS < 10 ? SECS : 10 ))s" "${ENC[@]}" -s target/bench-tiles.lua "http://127.0.0.1:$PORT" >/dev/null
  fi
  echo "sitmap tiles, $1: $N events, $SECS s, $CONNS connections, zooms $ZOOMS, $SITMAP_BENCH_ENCODING"
  wrk -t2 -c"$CONNS" -d"${SECS}s" --latency "${ENC[@]}" -s target/bench-tiles.lua "http://127.0.0.1:$PORT"
  stop_sitmap
}

if [ "$MODE" != cached ]; then run "uncached (tile cache off)" 0; fi
if [ "$MODE" != uncached ]; then run "cached" 256; fi
