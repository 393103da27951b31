#!/usr/bin/env bash
# 1,000 news reports through `sitmap ingest reports.jsonl` in one process, into a new store:
# wall time, reports/s, MB of text/s and peak resident memory. The reports are the project's
# own annotated ones (tests/fixtures/reports.jsonl and heldout.jsonl, 78 texts written here),
# repeated with shifted publication days and a source per copy, so each copy is a distinct
# report and incidents merge only within a copy.
#
# usage: bench/ingest_reports.sh [N]   (default 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
cargo build --release -q -j2 --bin sitmap
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$N" "$work/reports.jsonl" <<'PY'
import datetime as dt, json, sys
n, out = int(sys.argv[1]), sys.argv[2]
texts = [json.loads(l) for f in ("tests/fixtures/reports.jsonl", "tests/fixtures/heldout.jsonl")
         for l in open(f, encoding="utf-8")]
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        r = texts[i % len(texts)]
        day = dt.date.fromisoformat(r["published"]) + dt.timedelta(days=7 * (i // len(texts)))
        f.write(json.dumps({"text": r["text"], "published": day.isoformat(),
                            "source": f"copy {i // len(texts)}", "url": ""}) + "\n")
PY
bytes=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['text'].encode()) for l in open(sys.argv[1])))" "$work/reports.jsonl")
python3 - "$work" "$N" "$bytes" <<'PY'
import resource, subprocess, sys, time
work, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
t = time.perf_counter()
r = subprocess.run(["./target/release/sitmap", "ingest", "--data", f"{work}/data", f"{work}/reports.jsonl"],
                   capture_output=True, text=True)
wall = time.perf_counter() - t
if r.returncode != 0:
    sys.exit(f"ingest failed: {r.stderr}")
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"sitmap ingest: {n} reports ({size / 1e6:.2f} MB of text) in {wall:.2f} s = "
      f"{n / wall:.0f} reports/s, {size / 1e6 / wall:.2f} MB/s, peak resident {peak:.0f} MB")
print(r.stderr.strip().splitlines()[-1] if r.stderr.strip() else r.stdout.strip().splitlines()[-1])
PY
