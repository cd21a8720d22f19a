#!/usr/bin/env bash
# README command 2: install what is missing, build, and run the whole test suite.
# ctest labels: unit, gui, slow, realdata, locale, device (phones: adb + tests/support/adb_test_device, no phone needed),
# distributed (ranks as processes on loopback), cluster (a one-node Slurm started by tests/support/local_slurm.sh; root).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/packaging/install-deps.sh"
"$root/packaging/build.sh"
cd "$root/build"
# per-test times land in build/test-times.xml (JUnit); docs/testing.md lists the slowest ten
QT_QPA_PLATFORM=offscreen ctest --output-on-failure --parallel 2 --output-junit test-times.xml "$@"
