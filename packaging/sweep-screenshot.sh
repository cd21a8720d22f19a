#!/usr/bin/env bash
# Takes docs/images/sweep-grid.png under Xvfb: the Runs area on a database holding a sweep (e.g.
# one `hlcnn sweep run` recorded), the sweep's row selected and its grid in the Sweep tab.
# usage: packaging/sweep-screenshot.sh DATABASE   (after packaging/build.sh)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
db=$(cd "$(dirname "${1:?database with a sweep}")" && pwd)/$(basename "$1")
HLCNN_SWEEP_SCREENSHOT_DB="$db" HLCNN_SCREENSHOT_DIR="$root/docs/images" QT_QPA_PLATFORM=xcb \
  xvfb-run -a -s "-screen 0 1400x900x24" "$root/build/tests/tst_sweep_gui" screenshot
