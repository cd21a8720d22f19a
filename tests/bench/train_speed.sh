#!/usr/bin/env bash
# Training throughput on the same kernels: `hlcnn bench train` against PyTorch from Python (Debian's
# python3-torch, the same libtorch), torchvision architectures at 3x32x32, batch 64, Adam, same
# thread count, interleaved in one run. Prints ours / peer images/s (> 1: we are faster). The peer
# runs twice: as shipped, and with the glibc malloc thresholds our programs set for themselves.
# usage: tests/bench/train_speed.sh [STEPS] [ROUNDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
hlcnn="$root/build/app/hlcnn"
steps=${1:-10}
rounds=${2:-2}
best() { python3 -c "import sys; print('%.2f' % max(map(float, sys.argv[1:])))" "$@"; }
printf "%-20s %-8s %-10s %-10s %-8s %-10s %s\n" model threads "ours/s" "torch/s" "ratio" "torch*/s" "ratio*"
for m in mobilenet_v2 shufflenet_v2_x1_0; do
  for t in 1 2; do
    ours=() peer=() tuned=()
    for r in $(seq "$rounds"); do
      ours+=("$("$hlcnn" bench train --model "$m" --input 3x32x32 --classes 10 --batch 64 --threads "$t" --steps "$steps" --json |
                python3 -c "import json,sys; print(json.load(sys.stdin)['images_per_s'])")")
      peer+=("$(OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$root/tests/bench/pytorch_train.py" "$m" "$t" 64 "$steps")")
      tuned+=("$(OPENBLAS_NUM_THREADS=1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=4611686018427387904 \
                 /usr/bin/python3 "$root/tests/bench/pytorch_train.py" "$m" "$t" 64 "$steps")")
    done
    o=$(best "${ours[@]}") p=$(best "${peer[@]}") q=$(best "${tuned[@]}")
    printf "%-20s %-8s %-10s %-10s %-8s %-10s %s\n" "$m" "$t" "$o" "$p" "$(python3 -c "print('%.2f' % ($o / $p))")" \
      "$q" "$(python3 -c "print('%.2f' % ($o / $q))")"
  done
done
