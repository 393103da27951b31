#!/usr/bin/env bash
# sitmap side by side with the servers a user would pick instead, on the same events and the
# same requests: Martin on PostGIS for vector tiles, pygeoapi on PostGIS for OGC API -
# Features, and the raw PostGIS query through pgbench. Everything listens on 127.0.0.1 and
# is stopped when the script ends. See bench/README.md.
#
# usage: bench/peers.sh [EVENTS] [SECONDS] [CONNECTIONS] [ROUNDS]
#        (defaults 1000000 10 16 2; writes bench/results.md and bench/results.png)
#        SITMAP_BENCH_COMPARE_ONLY=1 checks that the servers agree and skips the load runs.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
N=${1:-1000000}
SECS=${2:-10}
CONNS=${3:-16}
ROUNDS=${4:-2}
PEERS=$PWD/target/peers
DATA=target/bench-peers-$N
PG_BIN=/usr/lib/postgresql/15/bin
PG_PORT=${SITMAP_BENCH_PG_PORT:-15432}
SITMAP_PORT=${SITMAP_BENCH_PORT:-18190}
MARTIN_PORT=$((SITMAP_PORT + 1))
PYGEOAPI_PORT=$((SITMAP_PORT + 2))
MARTIN_VERSION=1.14.0
PYGEOAPI_VERSION=0.21.0
START=$(date +%s)
mkdir -p "$PEERS"

step() { echo "[$(($(date +%s) - START)) s] $*" >&2; }

# --- what the peers need, from the registries ------------------------------------------
step "installing PostgreSQL, PostGIS and wrk (Debian)"
if [ ! -x "$PG_BIN/postgres" ] || [ ! -f /usr/share/postgresql/15/extension/postgis.control ] ||
  ! command -v wrk >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 postgresql-15-postgis-3 \
    postgresql-client-15 wrk >/dev/null
fi
if [ ! -x "$PEERS/bin/martin" ]; then
  step "building Martin $MARTIN_VERSION (crates.io, PostgreSQL sources only; about 5 minutes on 2 cores)"
  cargo install martin --version "$MARTIN_VERSION" --locked --no-default-features \
    --features postgres --root "$PEERS" --target-dir "$PEERS/build" -j2 -q
fi
step "installing pygeoapi $PYGEOAPI_VERSION and the answer checker's decoder (PyPI)"
[ -x "$PEERS/venv/bin/pip" ] || python3 -m venv "$PEERS/venv"
"$PEERS/venv/bin/pip" install -q "pygeoapi==$PYGEOAPI_VERSION" psycopg2-binary geoalchemy2 \
  gunicorn mapbox-vector-tile matplotlib

# --- the data set -------------------------------------------------------------------------
step "building sitmap and writing $N events with their request lists"
cargo build --release -q -j2 --bin sitmap --example bench_dataset
./target/release/examples/bench_dataset "$DATA" "$N"

# --- PostgreSQL + PostGIS -------------------------------------------------------------------
PGDATA_DIR=$PEERS/pgdata
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ -f "$PGDATA_DIR/postmaster.pid" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast stop >/dev/null || true
  fi
}
trap cleanup EXIT
if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
  step "creating a PostgreSQL cluster in $PGDATA_DIR"
  mkdir -p "$PGDATA_DIR"
  chown postgres: "$PGDATA_DIR"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PGDATA_DIR" -A trust -U postgres >/dev/null
fi
# a cluster left running by an interrupted run is stopped first, so the settings below apply
if runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast stop >/dev/null
fi
# settings a competent operator gives a 2-core, 24 GiB box serving reads
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w start -o \
  "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200 \
   -c shared_buffers=4GB -c effective_cache_size=16GB -c work_mem=64MB \
   -c maintenance_work_mem=2GB -c random_page_cost=1.1 -c jit=off" >/dev/null
PSQL=(psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1)
"${PSQL[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'sitmap_bench'" | grep -q 1 ||
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE sitmap_bench"
LOADED=0
if [ "$("${PSQL[@]}" -d sitmap_bench -tAc "SELECT to_regclass('events') IS NOT NULL")" = t ]; then
  LOADED=$("${PSQL[@]}" -d sitmap_bench -tAc "SELECT count(*) FROM events")
fi
if [ "$LOADED" != "$N" ]; then
  step "loading $N events into PostGIS (COPY, indexes, CLUSTER, ANALYZE)"
  "${PSQL[@]}" -d sitmap_bench -f bench/peers/load.sql <"$DATA/events.csv"
fi
"${PSQL[@]}" -d sitmap_bench -f bench/peers/tile_function.sql

# --- the servers --------------------------------------------------------------------------
step "starting sitmap, Martin and pygeoapi"
./target/release/sitmap serve --addr "127.0.0.1:$SITMAP_PORT" --data "$DATA/store" --no-demo \
  --tile-cache-mb 0 2>"$PEERS/sitmap.log" &
PIDS+=($!)
sed -e "s/@PORT@/$MARTIN_PORT/" -e "s/@PG_PORT@/$PG_PORT/" bench/peers/martin.yaml >"$PEERS/martin.yaml"
"$PEERS/bin/martin" --config "$PEERS/martin.yaml" >"$PEERS/martin.log" 2>&1 &
PIDS+=($!)
sed -e "s/@PORT@/$PYGEOAPI_PORT/g" -e "s/@PG_PORT@/$PG_PORT/" bench/peers/pygeoapi.yaml \
  >"$PEERS/pygeoapi.yaml"
export PYGEOAPI_CONFIG=$PEERS/pygeoapi.yaml PYGEOAPI_OPENAPI=$PEERS/pygeoapi-openapi.yaml
"$PEERS/venv/bin/pygeoapi" openapi generate "$PYGEOAPI_CONFIG" --output-file "$PYGEOAPI_OPENAPI" \
  >/dev/null 2>&1
# gunicorn with 2 worker processes per core, pygeoapi's documented way to serve Flask
"$PEERS/venv/bin/gunicorn" --chdir "$PEERS" -w 4 -b "127.0.0.1:$PYGEOAPI_PORT" \
  --log-level warning pygeoapi.flask_app:APP >"$PEERS/pygeoapi.log" 2>&1 &
PIDS+=($!)
wait_for() {  # URL LOG
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.2
  done
  echo "no answer from $1; see $2" >&2
  exit 1
}
wait_for "http://127.0.0.1:$SITMAP_PORT/health" "$PEERS/sitmap.log"
wait_for "http://127.0.0.1:$MARTIN_PORT/health" "$PEERS/martin.log"
wait_for "http://127.0.0.1:$PYGEOAPI_PORT/collections/events?f=json" "$PEERS/pygeoapi.log"

# --- same answers, then the load runs -------------------------------------------------------
step "comparing answers and running the load ($SECS s per run, $CONNS connections, $ROUNDS rounds)"
"$PEERS/venv/bin/python" bench/peers.py --requests "$DATA/requests" --events "$N" \
  --secs "$SECS" --conns "$CONNS" --rounds "$ROUNDS" \
  --sitmap "http://127.0.0.1:$SITMAP_PORT" --martin "http://127.0.0.1:$MARTIN_PORT" \
  --pygeoapi "http://127.0.0.1:$PYGEOAPI_PORT" --pg-port "$PG_PORT" \
  --martin-version "$MARTIN_VERSION" --pygeoapi-version "$PYGEOAPI_VERSION" \
  --out bench/results.md --plot bench/results.png ${SITMAP_BENCH_COMPARE_ONLY:+--compare-only}
step "done"
