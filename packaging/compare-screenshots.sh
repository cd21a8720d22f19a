#!/usr/bin/env bash
# Takes docs/images/{designer-variant,compare-curves,compare-table,compare-pareto,
# compare-architecture-diff,report-pareto-macs}.png under Xvfb from the real main window
# (build/tests/hlcnn-compare-screenshots). First an HL-CNN variant is designed in the designer
# (hlcnn_s with ECA attention in stage 3 and expand ratio 4 in stage 2) and saved; then real runs
# train on the CIFAR-10 in ../shared with `hlcnn train`: hlcnn_s with three seeds (a seed group),
# the designed variant, mobilenet_v2 and shufflenet_v2_x1_0 (CIFAR stems), EPOCHS epochs each on a
# seeded subset of LIMIT training images (all 10,000 test images), two runs at a time on one
# thread each, and each run's batch-1 latency measured (`hlcnn bench latency --run`, one thread).
# Then every run is compared and a report pack written.
# HLCNN_SCREENSHOT_WORK=DIR keeps the runs in DIR (kept afterwards); when DIR already holds them,
# only the screenshots are taken again.
# usage: packaging/compare-screenshots.sh [EPOCHS] [LIMIT]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${HLCNN_CIFAR_JPEG:-$root/../shared/datasets/cifar10-jpeg}
[ -d "$data" ] || { echo "no CIFAR-10 at $data" >&2; exit 2; }
epochs=${1:-4}
limit=${2:-10000}
if [ -n "${HLCNN_SCREENSHOT_WORK:-}" ]; then
  work=$HLCNN_SCREENSHOT_WORK
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
shots() { XDG_CONFIG_HOME="$work/config" xvfb-run -a -s "-screen 0 1500x950x24" "$root/build/tests/hlcnn-compare-screenshots" "$@"; }
shots --design "$work/hlcnn_s_eca.hlcnn.json" --out "$root/docs/images"
if [ ! -f "$work/runs.sqlite" ]; then
train() {
  "$root/build/app/hlcnn" train --data "folder:$data" --epochs "$epochs" --limit-train "$limit" --batch 64 \
    --optimizer adamw --lr 0.003 --schedule onecycle --weight-decay 0.05 --threads 1 --db "$work/runs.sqlite" \
    "$@" > "$work/train-$RANDOM.log"
}
train --model hlcnn_s --stem cifar --seed 1 --name hlcnn_s-seed1 & train --model hlcnn_s --stem cifar --seed 2 --name hlcnn_s-seed2; wait
train --model hlcnn_s --stem cifar --seed 3 --name hlcnn_s-seed3 & train --graph "$work/hlcnn_s_eca.hlcnn.json" --seed 1 --name hlcnn_s-eca-designed; wait
train --model mobilenet_v2 --stem cifar --seed 1 --name mobilenet_v2 & train --model shufflenet_v2_x1_0 --stem cifar --seed 1 --name shufflenet_v2_x1_0; wait
# measured batch-1 latency of every run's model, one thread, recorded with the run
for id in 1 2 3 4 5 6; do
  "$root/build/app/hlcnn" bench latency --run "$id" --db "$work/runs.sqlite" --threads 1 --repeats 50
done
fi
"$root/build/app/hlcnn" runs list --db "$work/runs.sqlite"
shots --db "$work/runs.sqlite" --out "$root/docs/images" --diff hlcnn_s-seed1,hlcnn_s-eca-designed
