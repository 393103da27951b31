#!/usr/bin/env bash
# A one-shot `sitmap geocode` in a new process, as a user's shell runs it: wall time (median
# and worst of 10 runs) and peak resident memory. The binary and its embedded gazetteer are in
# the page cache after the first run, so this measures start-up work, not disk reads.
#
# usage: bench/geocode_cold.sh [NAME]
set -euo pipefail
cd "$(dirname "$0")/.."
NAME=${1:-Raqqa}
cargo build --release -q -j2 --bin sitmap
python3 - "$NAME" <<'PY'
import resource, statistics, subprocess, sys, time
times = []
for _ in range(10):
    t = time.perf_counter()
    subprocess.run(["./target/release/sitmap", "geocode", sys.argv[1], "--limit", "1"],
                   stdout=subprocess.DEVNULL, check=True)
    times.append(time.perf_counter() - t)
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"sitmap geocode {sys.argv[1]!r}: median {statistics.median(times) * 1000:.0f} ms, "
      f"worst {max(times) * 1000:.0f} ms, peak resident {peak_kb / 1024:.0f} MB (10 runs)")
PY
