#!/usr/bin/env bash
# Forward latency, batch 1: our `hlcnn bench latency` against PyTorch on the same libtorch, in one
# run, for each thread setting; prints the ratio (peer ms / our ms: > 1 means we are faster).
# Also sweeps OpenBLAS threads to justify the programs' default (1).
# usage: tests/bench/latency.sh [REPEATS]   (needs a build in ./build)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
hlcnn="$root/build/app/hlcnn"
repeats=${1:-30}
median() { python3 -c "import json,sys; print('%.2f' % json.load(sys.stdin)['median_ms'])"; }
echo "## OpenBLAS threads (mobilenet_v2, 3x224x224, batch 1, median of $repeats)"
printf "%-14s %-14s %s\n" "torch threads" "blas threads" "median ms"
for t in 1 2; do
  for b in 1 2; do
    ms=$("$hlcnn" bench latency --model mobilenet_v2 --threads "$t" --blas-threads "$b" --repeats "$repeats" --json | median)
    printf "%-14s %-14s %s\n" "$t" "$b" "$ms"
  done
done
echo
echo "## hlcnn vs PyTorch (torchvision), batch 1, blas threads 1, median of $repeats"
printf "%-20s %-8s %-10s %-10s %s\n" model threads "ours ms" "torch ms" "torch/ours"
for m in mobilenet_v2 mobilenet_v3_large shufflenet_v2_x1_0 squeezenet1_1 resnet18 efficientnet_b0; do
  for t in 1 2; do
    ours=$("$hlcnn" bench latency --model "$m" --threads "$t" --repeats "$repeats" --json | median)
    peer=$(OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$root/tests/bench/pytorch_latency.py" "$m" "$t" "$repeats")
    ratio=$(python3 -c "print('%.2f' % ($peer / $ours))")
    printf "%-20s %-8s %-10s %-10s %s\n" "$m" "$t" "$ours" "$peer" "$ratio"
  done
done
