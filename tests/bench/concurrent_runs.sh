#!/usr/bin/env bash
# Several training runs in one process, as the workbench's run queue trains them: total images/s of
# N runs x T intra-op threads each (`hlcnn bench train --concurrent N --threads T`, synthetic CIFAR
# batches, Adam) against one run using all cores, interleaved, several rounds. Also measures the
# oversubscribed case (every run using all cores) that per-run budgets exist to avoid.
# Prints median and spread (min-max) per configuration and the ratio of medians to 1 run x all cores.
# usage: tests/bench/concurrent_runs.sh [MODEL] [STEPS] [ROUNDS]   (run on a quiet machine)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
hlcnn="$root/build/app/hlcnn"
model=${1:-hlcnn_s}
steps=${2:-20}
rounds=${3:-5}
cores=$(nproc)
width=()
[ "$model" = hlcnn_s ] && width=(--width 0.5)
configs=("1 1" "1 $cores" "$cores 1" "$cores $cores")
declare -A results
for r in $(seq "$rounds"); do
  for c in "${configs[@]}"; do
    set -- $c
    v=$("$hlcnn" bench train --model "$model" "${width[@]}" --stem cifar --classes 10 --batch 128 --steps "$steps" \
          --concurrent "$1" --threads "$2" --json | python3 -c "import json,sys; print(json.load(sys.stdin)['total_images_per_s'])")
    results["$c"]+="$v "
  done
done
echo "model $model, batch 128, $steps timed steps per run, $rounds rounds interleaved, $cores cores"
printf "%-10s %-8s %-14s %-20s %s\n" runs threads "total img/s" "spread (min-max)" "vs 1 run x $cores threads"
base=$(python3 -c "import statistics,sys; print(statistics.median(map(float, sys.argv[1:])))" ${results["1 $cores"]})
for c in "${configs[@]}"; do
  set -- $c
  python3 - "$1" "$2" "$base" ${results["$c"]} <<'PY'
import statistics, sys
runs, threads, base = sys.argv[1], sys.argv[2], float(sys.argv[3])
v = list(map(float, sys.argv[4:]))
m = statistics.median(v)
print(f"{runs:<10} {threads:<8} {m:<14.1f} {min(v):.1f}-{max(v):.1f}{'':<8} {m / base:.2f}")
PY
done
