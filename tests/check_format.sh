#!/usr/bin/env bash
# The C++ lines a change touches follow .clang-format. Old code is reformatted when it is next
# changed, never wholesale (that would bury history), so only changed lines are checked: those of
# the commits since BASE (default: the parent of HEAD) plus uncommitted ones.
# usage: tests/check_format.sh [BASE]
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
base=${1:-${HLCNN_FORMAT_BASE:-HEAD~1}}
if ! git rev-parse --verify -q "$base^{commit}" >/dev/null; then
  echo "format: no commit '$base' in this clone (a shallow clone?); nothing to compare against"
  exit 77
fi
diff_tool=$(command -v clang-format-diff-14 || command -v clang-format-diff) || { echo "format: clang-format-diff is missing (packaging/install-deps.sh installs it)"; exit 1; }
out=$(git diff -U0 --no-color "$base" -- '*.cpp' '*.h' ':!tests/fuzz/corpus' | "$diff_tool" -p1 -style=file)
if [ -n "$out" ]; then
  echo "format: these changed lines differ from .clang-format (apply with: git diff -U0 $base | $diff_tool -p1 -i):"
  echo "$out"
  exit 1
fi
echo "format: the lines changed since $base follow .clang-format"
