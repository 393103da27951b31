#!/usr/bin/env bash
# Every figure the README quotes, from one command, as the code stands: runs each benchmark and
# scorer and rewrites the README's figure tables between their markers (bench/report.py says
# how). --quick: small data, a few minutes, writes target/bench-report/README.md (what CI runs).
#
# usage: bench/report.sh [--quick] [--skip SECTION,...] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/report.py run "$@"
