#!/usr/bin/env bash
# Builds the graph fuzzer with clang + ASan/UBSan and runs it for SECONDS (default 60), seeded
# with the zoo's graphs and the hand-written cases in corpus/.
set -euo pipefail
seconds=${1:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
build="$root/build-fuzz"
HLCNN_WITH_FUZZER=1 "$root/packaging/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DHLCNN_BUILD_FUZZERS=ON -DHLCNN_BUILD_GUI=OFF -DHLCNN_BUILD_TESTS=OFF >/dev/null
ninja -C "$build" fuzz_graph
work="$build/corpus-run"
mkdir -p "$work"
cp "$root"/tests/fuzz/corpus/* "$work"/ 2>/dev/null || true
if [ -x "$root/build/app/hlcnn" ]; then
  for m in mobilenet_v2 shufflenet_v2_x0_5 squeezenet1_1 ghostnet hlcnn_s; do
    "$root/build/app/hlcnn" graph export --model "$m" --stem cifar --classes 10 --output "$work/$m.json"
  done
fi
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$build/tests/fuzz/fuzz_graph" -max_total_time="$seconds" -max_len=65536 \
  -rss_limit_mb=4096 -print_final_stats=1 "$work"
