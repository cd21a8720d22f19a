#!/usr/bin/env bash
# Takes docs/images/{launcher,dashboard-cifar10,run-detail-confusion}.png under Xvfb from the real
# main window (build/tests/hlcnn-screenshots): the launcher previewing the real CIFAR-10 in
# ../shared, then a fast-recipe run of hlcnn_s (width 0.5) queued from it, grabbed after it has
# trained for SECONDS and at least two epochs. LIMIT trains on a seeded subset of that many
# training images per epoch (0: all 50,000); the test set is always all 10,000 images.
# usage: packaging/screenshots.sh [SECONDS] [LIMIT] [LAUNCHER_ONLY]   (LAUNCHER_ONLY=1: launcher.png and
# launcher-more-settings.png only, no training)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${HLCNN_CIFAR_JPEG:-$root/../shared/datasets/cifar10-jpeg}
[ -d "$data" ] || { echo "no CIFAR-10 at $data" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
XDG_CONFIG_HOME="$work/config" xvfb-run -a -s "-screen 0 1400x900x24" \
  "$root/build/tests/hlcnn-screenshots" --data "folder:$data" --db "$work/runs.sqlite" --out "$root/docs/images" \
  --seconds "${1:-240}" --limit-train "${2:-0}" --launcher-only "${3:-0}"
