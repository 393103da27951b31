# Shared by the bench/ scripts (sourced, not run): wrk on demand, the response encoding asked
# for, and a sitmap server started on a data directory, waited for, and stopped when the script
# exits.

# ENC: wrk's arguments for the encoding SITMAP_BENCH_ENCODING names: identity (the default,
# what GDAL and curl get) or gzip (what browsers ask for; sitmap compresses each answer)
case "${SITMAP_BENCH_ENCODING:-identity}" in
  identity) ENC=() ;;
  gzip) ENC=(-H "Accept-Encoding: gzip") ;;
  *) echo "SITMAP_BENCH_ENCODING must be identity or gzip" >&2; exit 2 ;;
esac
export SITMAP_BENCH_ENCODING=${SITMAP_BENCH_ENCODING:-identity}

ensure_wrk() {
  if ! command -v wrk >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  fi
}

# start_sitmap PORT DATA [EXTRA SERVE ARGS…]: sets PID; the server is killed on exit
start_sitmap() {
  local port=$1 data=$2
  shift 2
  ./target/release/sitmap serve --addr "127.0.0.1:$port" --data "$data" --no-demo "$@" 2>target/bench-serve.log &
  PID=$!
  trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do
    if curl -sf "http://127.0.0.1:$port/health" >/dev/null; then
      # the page order and tile pyramid are built once it listens: measure what runs after
      for _ in $(seq 1 100); do
        grep -q "page order ready" target/bench-serve.log && return 0
        sleep 0.2
      done
      echo "sitmap never logged 'page order ready'; see target/bench-serve.log" >&2
      return 1
    fi
    sleep 0.2
  done
  echo "sitmap did not start; see target/bench-serve.log" >&2
  return 1
}

# stop_sitmap: stops the server start_sitmap started
stop_sitmap() {
  kill "$PID" 2>/dev/null
  wait "$PID" 2>/dev/null || true
  trap - EXIT
}
