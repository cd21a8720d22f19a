#!/usr/bin/env bash
# Data-parallel figures on this machine (docs/distributed.md), all measured in one run, interleaved:
#  A. training images/s, 2 ranks x 1 thread (Gloo over loopback) against 1 process x 2 threads,
#     the same global batch, synthetic input (hlcnn bench train), ROUNDS rounds, median and range;
#  B. what batch statistics change: hlcnn_s (batch norm) and a net without it, 2 ranks at B/2
#     against 1 process at B on real CIFAR-10 images, weights compared after one epoch;
#  C. the gradient allreduce of one step for every zoo model (hlcnn bench comm under launch).
# Usage: tests/bench/distributed_scaling.sh [BUILD_DIR] [ROUNDS]   (a quiet machine; ~10 minutes)
set -euo pipefail
build=${1:-build}
rounds=${2:-3}
hlcnn=$build/app/hlcnn
shared=$(cd "$(dirname "$0")/../.." && pwd)/../shared/datasets/cifar10-jpeg
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== A. training throughput: 2 ranks x 1 thread vs 1 process x 2 threads (global batch 64, 3x32x32, Adam)"
for model in hlcnn_s mobilenet_v2 resnet18; do
  one=(); two=()
  for r in $(seq "$rounds"); do
    one+=("$("$hlcnn" bench train --model "$model" --stem cifar --classes 10 --input 3x32x32 --batch 64 --threads 2 --steps 20 --json |
      $py -c 'import json,sys; print(json.load(sys.stdin)["images_per_s"])')")
    two+=("$("$hlcnn" launch --nproc 2 --threads-per-rank 1 -- bench train --model "$model" --stem cifar --classes 10 --input 3x32x32 \
      --batch 32 --steps 20 --json | $py -c 'import json,sys; print(json.load(sys.stdin)["images_per_s"])')")
  done
  $py - "$model" "${one[*]}" "${two[*]}" <<'PY'
import statistics, sys
model, one, two = sys.argv[1], [float(x) for x in sys.argv[2].split()], [float(x) for x in sys.argv[3].split()]
m1, m2 = statistics.median(one), statistics.median(two)
print(f"{model:14s} 1x2 threads {m1:7.1f} img/s [{min(one):.1f}-{max(one):.1f}]   2x1 ranks {m2:7.1f} img/s "
      f"[{min(two):.1f}-{max(two):.1f}]   ratio 2 ranks / 1 process {m2 / m1:.2f}")
PY
done

echo "== B. batch statistics: weights after one epoch, 2 ranks at B/2 vs 1 process at B (real CIFAR-10, 2048 images)"
cat >"$tmp/nobn.json" <<'J'
{"format":"hlcnn-graph/1","name":"nobn","input":[3,32,32],"nodes":[
 {"id":"c1","op":"conv2d","inputs":["input"],"attrs":{"out_channels":16,"stride":2}},{"id":"r1","op":"relu","inputs":["c1"]},
 {"id":"c2","op":"conv2d","inputs":["r1"],"attrs":{"out_channels":32,"stride":2}},{"id":"r2","op":"relu","inputs":["c2"]},
 {"id":"gap","op":"global_avgpool","inputs":["r2"]},{"id":"f","op":"flatten","inputs":["gap"]},
 {"id":"fc","op":"linear","inputs":["f"],"attrs":{"out_features":10}}],"outputs":["fc"]}
J
for source in "--graph $tmp/nobn.json" "--model hlcnn_s"; do
  common=($source --data "folder:$shared" --epochs 1 --limit-train 2048 --no-db --workers 1 --seed 1 --json)
  "$hlcnn" train "${common[@]}" --batch 64 --threads 2 --out "$tmp/one" >"$tmp/one.json" 2>/dev/null
  "$hlcnn" launch --nproc 2 --threads-per-rank 1 -- train "${common[@]}" --batch 32 --out "$tmp/two" >"$tmp/two.json" 2>/dev/null
  $py - "$source" "$tmp" <<'PY'
import json, sys, torch
name, tmp = sys.argv[1].split()[-1].split('/')[-1], sys.argv[2]
a = dict(torch.jit.load(f"{tmp}/one/last.ckpt").named_parameters()); b = dict(torch.jit.load(f"{tmp}/two/last.ckpt").named_parameters())
rel = max(((a[k] - b[k]).abs().max() / (1 + a[k].abs().max())).item() for k in a)
ea, eb = json.loads(open(f"{tmp}/one.json").read().splitlines()[-1]), json.loads(open(f"{tmp}/two.json").read().splitlines()[-1])
print(f"{name:10s} largest relative weight difference {rel:.2e}; val top-1 {ea['val_top1']:.2f}% (1 process) vs {eb['val_top1']:.2f}% (2 ranks); "
      f"train loss {ea['train_loss']:.4f} vs {eb['train_loss']:.4f}")
PY
done

echo "== C. communication per step, 2 ranks on loopback (Gloo ring allreduce, 4 MB buckets)"
for stem in cifar imagenet; do
  echo "-- $stem stem"
  "$hlcnn" launch --nproc 2 --threads-per-rank 1 -- bench comm --stem "$stem" --steps 10
done
