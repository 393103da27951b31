#!/usr/bin/env bash
# Crash cycles: SIGKILL of the real server during bursts of concurrent writes (8 writers),
# restart on the same data directory, every acknowledged event found, no duplicate, no half
# batch, index equal to the store. Default 20 cycles.
#
# usage: bench/crash.sh [CYCLES]
set -euo pipefail
cd "$(dirname "$0")/.."
SITMAP_CRASH_CYCLES=${1:-20} cargo test --release -j2 --test api crash -- --nocapture
