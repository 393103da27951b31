#!/usr/bin/env bash
# Start-up of the real server on a store of N events (default 1,000,000): wall time from
# process start to the "listening on" line (store read + index build; the gazetteer loads
# after, in the background), and the resident memory 10 s later (gazetteer loaded; VmRSS, and
# VmHWM for the peak while loading). Three runs.
#
# usage: bench/startup.sh [EVENTS]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
DATA=target/bench-data-$N
PORT=${SITMAP_BENCH_PORT:-18185}
cargo build --release -q -j2 --bin sitmap --example synthetic_store
./target/release/examples/synthetic_store "$DATA" "$N" >/dev/null
for run in 1 2 3; do
  python3 - "$DATA" "$PORT" <<'PY'
import subprocess, sys, time
data, port = sys.argv[1], sys.argv[2]
t = time.monotonic()
p = subprocess.Popen(["./target/release/sitmap", "serve", "--addr", f"127.0.0.1:{port}", "--data", data, "--no-demo"],
                     stderr=subprocess.PIPE, text=True)
for line in p.stderr:
    if line.startswith("listening on"):
        print(f"ready after {time.monotonic() - t:.2f} s: {line.strip()}")
        break
time.sleep(10)
with open(f"/proc/{p.pid}/status") as f:
    mem = {k: v.strip() for k, v in (l.split(":", 1) for l in f) if k in ("VmRSS", "VmHWM")}
print(f"  resident 10 s later: {mem.get('VmRSS')} (peak {mem.get('VmHWM')})")
p.terminate()
p.wait()
PY
done
