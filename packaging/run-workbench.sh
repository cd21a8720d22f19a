#!/usr/bin/env bash
# README command 1: install what is missing, build, and launch the workbench.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/packaging/install-deps.sh"
"$root/packaging/build.sh"
exec "$root/build/app/gui/hlcnn-workbench" "$@"
