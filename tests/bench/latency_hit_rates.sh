#!/usr/bin/env bash
# Latency-table prediction hit rates on the host test device (the only real CPU here): every zoo
# model at both stems, fp32 and int8, lowered to its mobile program, each unit the runner executes
# timed alone and the whole model timed with the same protocol (hlcnn device latency-table --zoo),
# models interleaved over ROUNDS rounds, medians of the rounds. Prints each model's error and the
# share within +-5 % and +-10 %. Run it on a quiet machine (nothing else running).
# usage: tests/bench/latency_hit_rates.sh [ROUNDS] [THREADS] [WARMUP] [ITERS]   (after packaging/build.sh)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${1:-3} threads=${2:-1} warmup=${3:-10} iters=${4:-50}
build="$root/build"
for f in "$build/app/hlcnn" "$build/app/hlcnn-bench" "$build/tests/adb-test-device"; do
  [[ -x $f ]] || { echo "latency_hit_rates: $f is missing: run packaging/build.sh first" >&2; exit 2; }
done
adb=$(command -v adb || echo /usr/lib/android-sdk/platform-tools/adb)
work=$(mktemp -d)
export HOME="$work/home" ANDROID_ADB_SERVER_PORT=$((20000 + RANDOM % 20000))
mkdir -p "$HOME" "$work/phone"
phone_pid=""
cleanup() {
  [[ -n $phone_pid ]] && kill "$phone_pid" 2>/dev/null || true
  "$adb" kill-server >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
coproc PHONE { exec "$build/tests/adb-test-device" --sandbox "$work/phone"; }
phone_pid=$PHONE_PID
read -r port <&"${PHONE[0]}"
serial="127.0.0.1:$port"
for _ in 1 2 3; do "$adb" connect "$serial" | grep -q "connected to" && break; sleep 1; done
echo "host: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs; test device $serial; rounds $rounds, threads $threads, warm-up $warmup, iters $iters"
for precision in fp32 int8; do
  flag=""; [[ $precision == int8 ]] && flag=--int8
  echo "== $precision"
  "$build/app/hlcnn" device latency-table --serial "$serial" --zoo $flag --rounds "$rounds" --threads "$threads" \
    --warmup "$warmup" --iters "$iters" --db "$work/store.db" 2>/dev/null
done
