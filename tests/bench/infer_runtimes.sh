#!/usr/bin/env bash
# Inference latency, batch 1: our runtimes (`hlcnn bench infer`: eager, frozen, native, and int8 as
# the native program on oneDNN int8 and as LibTorch's quantized model on oneDNN; and the mobile
# program a phone runs, on this machine's XNNPACK, fp32 and int8)
# against PyTorch from Python on the same libtorch (eager as users run it, and scripted + frozen +
# optimize_for_inference) and OpenCV's DNN module running our ONNX export (`hlcnn bench infer
# --runtime opencv`). Every runtime runs in a process of its own, as the Python peers do: measured in
# one process, our frozen forward ran about 5 % slower right after OpenCV and int8 forwards. The
# processes are interleaved round by round (ours eager, frozen, native, native-int8, xnnpack,
# xnnpack-int8, int8, OpenCV,
# torch eager, torch frozen, then again), because this machine is noisy. Each column keeps its best median over ROUNDS;
# the spread is the largest minus the smallest median of the rounds. ratio = best peer / our best
# fp32: > 1 means our best fp32 path is faster. "ours frozen" is the faster of LibTorch's oneDNN
# rewrite and channels-last freezing, timed when the runtime is prepared (core/frozen_forward.h);
# "ours native" is our own fused oneDNN program (core/native_forward.h). Our best fp32 is the
# fastest of eager, frozen and native.
# Models torchvision lacks (hlcnn_*) and the CIFAR-stem variants run in PyTorch from the
# TorchScript file of our own graph (`hlcnn export torchscript`).
# usage: tests/bench/infer_runtimes.sh [ITERS] [ROUNDS] [THREADS] [ONLY]   (needs a build in ./build)
# ONLY: run just the rows whose line ("model stem size") contains this text
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
hlcnn="$root/build/app/hlcnn"
iters=${1:-30}
rounds=${2:-3}
threads=${3:-2}
only=${4:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
peer() { OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -W ignore "$root/tests/bench/pytorch_infer.py" "$@" 2>/dev/null; }
stat() { python3 -c "import sys; v=list(map(float, sys.argv[1:])); print('%.2f %.2f' % (min(v), max(v) - min(v)))" "$@"; }

echo "## batch 1, $threads threads, best of $rounds interleaved medians of $iters forwards (spread in brackets)"
echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) CPUs"
echo
echo "| model | input | ours eager | ours frozen | ours native | ours native-int8 | ours xnnpack | ours xnnpack-int8 | ours int8 (LibTorch) | torch eager | torch frozen | OpenCV DNN (our ONNX) | best peer / our best fp32 | our best fp32 / our best int8 |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
while read -r model stem size; do
  [ -z "$model" ] && continue
  [[ "$model $stem $size" == *"$only"* ]] || continue
  peerModel=$model
  if [[ $model == hlcnn_* ]] || [ "$stem" = cifar ]; then
    "$hlcnn" export torchscript --model "$model" --stem "$stem" --classes 10 --out "$work/$model-$stem.pt" >/dev/null 2>&1
    peerModel="$work/$model-$stem.pt"
  fi
  classes=1000; [ "$stem" = cifar ] && classes=10
  e=() f=() n=() nq=() x=() xq=() q=() cv=() pe=() pf=()
  for r in $(seq "$rounds"); do
    ours() {
      "$hlcnn" bench infer --model "$model" --stem "$stem" --classes "$classes" --runtime "$1" \
        --threads "$threads" --iters "$iters" --rounds 3 --json |
        python3 -c "import json,sys; print('%.3f' % json.load(sys.stdin)['results'][0]['p50_ms'])"
    }
    e+=("$(ours eager)") f+=("$(ours frozen)") n+=("$(ours native)") nq+=("$(ours native-int8)")
    x+=("$(ours xnnpack)") xq+=("$(ours xnnpack-int8)") q+=("$(ours int8)")
    cv+=("$(ours opencv)")
    pe+=("$(peer "$peerModel" "$threads" "$iters" eager 3 "$size" "$size")")
    pf+=("$(peer "$peerModel" "$threads" "$iters" frozen 3 "$size" "$size")")
  done
  read -r E Es <<<"$(stat "${e[@]}")"; read -r F Fs <<<"$(stat "${f[@]}")"; read -r N Ns <<<"$(stat "${n[@]}")"
  read -r NQ NQs <<<"$(stat "${nq[@]}")"; read -r Q Qs <<<"$(stat "${q[@]}")"
  read -r X Xs <<<"$(stat "${x[@]}")"; read -r XQ XQs <<<"$(stat "${xq[@]}")"
  read -r PE PEs <<<"$(stat "${pe[@]}")"; read -r PF PFs <<<"$(stat "${pf[@]}")"; read -r CV CVs <<<"$(stat "${cv[@]}")"
  ratios=$(python3 -c "o=min($E,$F,$N); p=min($PE,$PF,$CV); print('%.2f | %.2f' % (p/o, o/min($NQ,$Q)))")
  echo "| $model | 3x${size}x${size} | $E ($Es) | $F ($Fs) | $N ($Ns) | $NQ ($NQs) | $X ($Xs) | $XQ ($XQs) | $Q ($Qs) | $PE ($PEs) | $PF ($PFs) | $CV ($CVs) | $ratios |"
done <<'MODELS'
mobilenet_v2 imagenet 224
shufflenet_v2_x1_0 imagenet 224
squeezenet1_1 imagenet 224
resnet18 imagenet 224
efficientnet_b0 imagenet 224
hlcnn_m imagenet 224
hlcnn_s cifar 32
mobilenet_v2 cifar 32
MODELS
