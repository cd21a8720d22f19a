#!/usr/bin/env bash
# Forward latency, batch 1: our `hlcnn bench latency` against PyTorch on the same libtorch, measured
# in one run and interleaved (ours, peer, ours, peer, ...) because this machine is noisy; each side
# keeps its best median over ROUNDS. Prints peer ms / our ms: > 1 means we are faster.
# It first sweeps OpenBLAS threads to justify the programs' default (1).
# usage: tests/bench/latency.sh [REPEATS] [ROUNDS]   (needs a build in ./build)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
hlcnn="$root/build/app/hlcnn"
repeats=${1:-30}
rounds=${2:-3}
median() { python3 -c "import json,sys; print('%.2f' % json.load(sys.stdin)['median_ms'])"; }
best() { python3 -c "import sys; print('%.2f' % min(map(float, sys.argv[1:])))" "$@"; }

echo "## OpenBLAS threads: mobilenet_v2, 3x224x224, batch 1 (best of $rounds medians of $repeats)"
printf "%-14s %-14s %s\n" "torch threads" "blas threads" "median ms"
declare -A sweep
for r in $(seq "$rounds"); do
  for t in 1 2; do
    for b in 1 2; do
      sweep[$t,$b]+=" $("$hlcnn" bench latency --model mobilenet_v2 --threads "$t" --blas-threads "$b" --repeats "$repeats" --json | median)"
    done
  done
done
for t in 1 2; do for b in 1 2; do printf "%-14s %-14s %s\n" "$t" "$b" "$(best ${sweep[$t,$b]})"; done; done

echo
echo "## hlcnn vs PyTorch (torchvision), batch 1, blas threads 1 (best of $rounds medians of $repeats)"
printf "%-20s %-8s %-10s %-10s %-11s %-12s %s\n" model threads "ours ms" "torch ms" "torch/ours" "torch* ms" "torch*/ours"
for m in mobilenet_v2 mobilenet_v3_large shufflenet_v2_x1_0 squeezenet1_1 resnet18 efficientnet_b0; do
  for t in 1 2; do
    ours=() peer=() tuned=()
    for r in $(seq "$rounds"); do
      ours+=("$("$hlcnn" bench latency --model "$m" --threads "$t" --repeats "$repeats" --json | median)")
      peer+=("$(OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$root/tests/bench/pytorch_latency.py" "$m" "$t" "$repeats")")
      # torch*: the peer with the same fixed glibc malloc thresholds the programs set for themselves
      tuned+=("$(OPENBLAS_NUM_THREADS=1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=4611686018427387904 \
                 /usr/bin/python3 "$root/tests/bench/pytorch_latency.py" "$m" "$t" "$repeats")")
    done
    o=$(best "${ours[@]}") p=$(best "${peer[@]}") q=$(best "${tuned[@]}")
    printf "%-20s %-8s %-10s %-10s %-11s %-12s %s\n" "$m" "$t" "$o" "$p" "$(python3 -c "print('%.2f' % ($p / $o))")" \
      "$q" "$(python3 -c "print('%.2f' % ($q / $o))")"
  done
done
