#!/usr/bin/env bash
# One long text of distinct place names (issue 14, item 7: such texts took time quadratic in
# the number of names): ~100 KB of town names of 20,000+ people from the gazetteer, a fixed
# sample, through `sitmap geoparse` and `sitmap extract`. Prints wall time and peak memory.
#
# usage: bench/long_text.sh [BYTES]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
BYTES=${1:-100000}
cargo build --release -q -j2 --bin sitmap
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$BYTES" "$work/text.txt" <<'PY'
import gzip, random, sys
size, out = int(sys.argv[1]), sys.argv[2]
towns = sorted({row.split("\t")[1] for row in gzip.open("gazetteer/places.tsv.gz", "rt", encoding="utf-8")
                if row.count("\t") >= 9 and row.split("\t")[9].isdigit() and int(row.split("\t")[9]) >= 20000})
random.Random(7).shuffle(towns)
words, total = [], 0
for t in towns:
    if total >= size:
        break
    words.append(t)
    total += len(t.encode()) + 2
open(out, "w", encoding="utf-8").write("Fighting was reported in " + ", ".join(words) + ".")
print(f"{len(words)} distinct names, {total} bytes")
PY
for cmd in "geoparse $work/text.txt" "extract --published 2024-03-05 $work/text.txt"; do
  /usr/bin/time -f "sitmap ${cmd%% *}: %e s, peak %M KB" ./target/release/sitmap $cmd > /dev/null
done
