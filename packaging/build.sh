#!/usr/bin/env bash
# Configures and builds everything (GUI, CLI, tests) into ./build with Ninja.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# 2 jobs keep a 2-core CI machine's memory comfortable while compiling against LibTorch
cmake --build "$root/build" --parallel "${HLCNN_BUILD_JOBS:-2}"
