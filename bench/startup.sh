#!/usr/bin/env bash
# Start-up of the real server on a store of N events (default 1,000,000): wall time from
# process start to the "listening on" line (store read + index build; the gazetteer loads
# after, in the background), and the resident memory 10 s later (gazetteer loaded; VmRSS, and
# VmHWM for the peak while loading). Three runs.
#
# usage: bench/startup.sh [EVENTS] [RUNS] [SETTLE_SECONDS]   (defaults 1000000 3 10)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
RUNS=${2:-3}
SETTLE=${3:-10}
DATA=target/bench-data-$N
PORT=${SITMAP_BENCH_PORT:-18185}
cargo build --release -q -j2 --bin sitmap --example synthetic_store
./target/release/examples/synthetic_store "$DATA" "$N" >/dev/null
for _ in $(seq 1 "$RUNS"); do
  python3 - "$DATA" "$PORT" "$SETTLE" <<'PY'
import subprocess, sys, threading, time
data, port, settle = sys.argv[1], sys.argv[2], float(sys.argv[3])
t = time.monotonic()
p = subprocess.Popen(["./target/release/sitmap", "serve", "--addr", f"127.0.0.1:{port}", "--data", data, "--no-demo"],
                     stderr=subprocess.PIPE, text=True)
for line in p.stderr:
    if line.startswith("listening on"):
        listening = time.monotonic() - t
        print(f"ready after {listening:.2f} s: {line.strip()}")
        break
order = []
def watch():  # the page order is built after listening; the log says when it is in place
    for line in p.stderr:
        if "page order ready" in line and not order:
            order.append(time.monotonic() - t)
threading.Thread(target=watch, daemon=True).start()
time.sleep(settle)
if order:
    print(f"  page order ready {order[0] - listening:.2f} s after listening")
with open(f"/proc/{p.pid}/status") as f:
    mem = {k: v.strip() for k, v in (l.split(":", 1) for l in f) if k in ("VmRSS", "VmHWM")}
print(f"  resident {settle:g} s later: {mem.get('VmRSS')} (peak {mem.get('VmHWM')})")
p.terminate()
p.wait()
PY
done
