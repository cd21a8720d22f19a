#!/usr/bin/env bash
# README command 2: install what is missing, build, and run the whole test suite.
# ctest labels: unit, gui, slow (and realdata/device once those suites exist).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/packaging/install-deps.sh"
"$root/packaging/build.sh"
cd "$root/build"
QT_QPA_PLATFORM=offscreen ctest --output-on-failure --parallel 2 "$@"
