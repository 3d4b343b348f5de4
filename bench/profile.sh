#!/usr/bin/env bash
# Measures the data-quality profiler on generated customer exports (12 columns, planted errors and
# duplicates: per 250 rows one bad e-mail, one bad date, one missing tax id, one exact duplicate,
# one likely duplicate and one repeated code). Each size and mode runs in its own process, so the
# peak memory printed (VmHWM) is that run's own.
#   modes: exact  = field checks, exact duplicates, unique values
#          likely = exact + the likely-duplicate finder (record-level matching, profile/linkage)
#          job    = likely + writing the error, cleaned and rejected files (what a trial load does)
#          match  = a realistic market export (profile/market.rs: shared name prefixes, planted
#                   near-duplicates and look-alikes), the finder's speed and how many it found
# Usage: bench/profile.sh [ROWS...]   (default 10000 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
dir=target/bench-profile
mkdir -p "$dir"
if [ $# -gt 0 ]; then sizes=("$@"); else sizes=(10000 100000 1000000); fi
for rows in "${sizes[@]}"; do
  # Generate the file once, outside the measured runs.
  ./target/release/erp-rollout bench-profile --rows "$rows" --mode exact --dir "$dir" > /dev/null
  for mode in exact likely job match; do
    ./target/release/erp-rollout bench-profile --rows "$rows" --mode "$mode" --dir "$dir"
  done
done
