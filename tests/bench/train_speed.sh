#!/usr/bin/env bash
# Training throughput on the same kernels: `hlcnn bench train` against PyTorch from Python (Debian's
# python3-torch, the same libtorch), torchvision architectures at 3x32x32, batch 64, Adam, same
# thread count, all programs interleaved in each round. Run it on a quiet machine.
#   ours      hlcnn in its default layout (channels-last, core's depthwise backward)
#   ours-nchw hlcnn with weights and activations in NCHW (LibTorch's default layout), still with
#             core's depthwise backward
#   torch     the peer as users run it; torch* with the glibc malloc settings our programs set;
#   torch-cl  the peer with model and input in channels-last: what the layout alone gives it
# Prints per program the median images/s over the rounds with min-max, and ours / each peer.
# usage: tests/bench/train_speed.sh [STEPS] [ROUNDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
hlcnn="${BUILD_DIR:-$root/build}/app/hlcnn"
steps=${1:-12}
rounds=${2:-3}
peer="$root/tests/bench/pytorch_train.py"
ours() { "$hlcnn" bench train --model "$1" --input 3x32x32 --classes 10 --batch 64 --threads "$2" --steps "$steps" \
           --memory-format "$3" --json | python3 -c "import json,sys; print(json.load(sys.stdin)['images_per_s'])"; }
for m in mobilenet_v2 shufflenet_v2_x1_0; do
  for t in 1 2; do
    rows=""
    for r in $(seq "$rounds"); do
      rows+="ours $(ours "$m" "$t" channels-last)"$'\n'
      rows+="ours-nchw $(ours "$m" "$t" nchw)"$'\n'
      rows+="torch $(OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$peer" "$m" "$t" 64 "$steps")"$'\n'
      rows+="torch* $(OPENBLAS_NUM_THREADS=1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=4611686018427387904 \
                     /usr/bin/python3 "$peer" "$m" "$t" 64 "$steps")"$'\n'
      rows+="torch-cl $(OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$peer" "$m" "$t" 64 "$steps" channels-last)"$'\n'
    done
    printf '%s' "$rows" | python3 -c "
import statistics, sys
runs = {}
for line in sys.stdin:
    name, value = line.split()
    runs.setdefault(name, []).append(float(value))
med = {k: statistics.median(v) for k, v in runs.items()}
cells = ['%s %.1f (%.1f-%.1f)' % (k, med[k], min(v), max(v)) for k, v in runs.items()]
ratios = ['ours/%s %.2f' % (k, med['ours'] / med[k]) for k in runs if k != 'ours']
print('$m threads $t, $rounds rounds, img/s median (min-max): ' + '; '.join(cells))
print('    ' + ', '.join(ratios))
"
  done
done
