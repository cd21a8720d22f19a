#!/usr/bin/env bash
# Builds hlcnn-bench (app/bench_runner/hlcnn_bench.cpp) for an Android phone with the Android NDK,
# against PyTorch Android's lite interpreter (the pytorch_android_lite AAR, 1.13.x: its bytecode
# version matches the .ptl files Debian's LibTorch 1.13 writes).
# NOT RUN IN THIS PROJECT'S CI: the build machine has no NDK and no phone. See README.md.
# usage: packaging/android/build-runner.sh --ndk DIR --aar pytorch_android_lite-1.13.1.aar [--abi arm64-v8a] [--api 24] [-o DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
ndk="" aar="" abi=arm64-v8a api=24 out="$root/build-android"
while [ $# -gt 0 ]; do
  case "$1" in
    --ndk) ndk=$2; shift 2 ;;
    --aar) aar=$2; shift 2 ;;
    --abi) abi=$2; shift 2 ;;
    --api) api=$2; shift 2 ;;
    -o) out=$2; shift 2 ;;
    *) echo "build-runner.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -f "$ndk/build/cmake/android.toolchain.cmake" ] || { echo "build-runner.sh: --ndk must name an Android NDK (r21 or newer)" >&2; exit 2; }
[ -f "$aar" ] || { echo "build-runner.sh: --aar must name a pytorch_android_lite AAR" >&2; exit 2; }
unpacked="$out/pytorch_android_lite"
rm -rf "$unpacked" && mkdir -p "$unpacked"
(cd "$unpacked" && unzip -q "$(realpath "$aar")")
[ -f "$unpacked/jni/$abi/libpytorch_jni_lite.so" ] || { echo "build-runner.sh: the AAR has no jni/$abi/libpytorch_jni_lite.so" >&2; exit 2; }
cmake -S "$root/packaging/android" -B "$out" -G Ninja \
  -DCMAKE_TOOLCHAIN_FILE="$ndk/build/cmake/android.toolchain.cmake" -DANDROID_ABI="$abi" \
  -DANDROID_PLATFORM="android-$api" -DANDROID_STL=c++_shared -DCMAKE_BUILD_TYPE=Release \
  -DPYTORCH_AAR_DIR="$unpacked"
cmake --build "$out"
stl="$ndk/toolchains/llvm/prebuilt/linux-x86_64/sysroot/usr/lib/$( [ "$abi" = arm64-v8a ] && echo aarch64-linux-android || echo arm-linux-androideabi )/libc++_shared.so"
libs="$unpacked/jni/$abi/libpytorch_jni_lite.so,$unpacked/jni/$abi/libfbjni.so"
[ -f "$stl" ] && libs="$libs,$stl"
echo "built $out/hlcnn-bench"
echo "profile with: hlcnn device profile --artifact MODEL.ptl --runner $out/hlcnn-bench --runner-libs $libs"
