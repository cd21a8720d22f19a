#!/usr/bin/env bash
# Installs the Debian 12 packages HL-CNN Workbench builds, runs and tests with. Idempotent: it only
# calls apt-get when a package is missing. Runs as root, or through sudo when that is available.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  qt6-base-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev
  libtorch-dev libopenblas0-pthread
  # the native inference runtime drives oneDNN directly: the headers of the libdnnl2 LibTorch links
  libdnnl-dev
  # data-parallel training: the Gloo headers c10d's ProcessGroupGloo.hpp includes
  libgloo-dev libgoogle-glog-dev
  libqcustomplot-dev libopencv-dev libonnx-dev libsqlite3-dev nlohmann-json3-dev zlib1g-dev
  # phones: the Devices view and `hlcnn device` drive Debian's adb client (the device tests too)
  adb
  # phones: mobile programs run on XNNPACK (host runtime and the phone's runner); the arm64-v8a runner
  # is cross-compiled by the normal build and verified under qemu-user (docs/devices.md)
  libxnnpack-dev libpthreadpool-dev libcpuinfo-dev g++-aarch64-linux-gnu qemu-user-static
  # sweeps on a cluster: Slurm's client tools; the cluster tests start a one-node Slurm (slurmctld,
  # slurmd) authenticated by munge
  slurm-wlm munge
  # Qt's own strings (dialog buttons, file dialogs) in the user's language
  qt6-translations-l10n
  # test-only: the reference oracle (torchvision), an X server for GUI screenshots, pdftoppm (the
  # report figures' PDFs are rendered to check them), and the German
  # locale the suite runs its GUI and CLI tests under once (LANG=de_DE.UTF-8)
  python3 python3-torch python3-torchvision xvfb xauth locales-all poppler-utils
  # the format check of the lines each commit changes (tests/check_format.sh)
  clang-format git
)
if [ "${HLCNN_WITH_FUZZER:-0}" = 1 ]; then packages+=(clang libclang-rt-14-dev); fi

# The phone's XNNPACK, pthreadpool and cpuinfo: Debian's arm64 packages, downloaded (not installed)
# into a cache the build unpacks into a build-local sysroot (app/bench_runner/arm64.cmake). Installing
# them for arm64 beside amd64 is not possible for libxnnpack-dev, and a sysroot leaves the host alone.
arm64_debs=${HLCNN_ARM64_DEBS:-/var/cache/hlcnn-workbench/arm64-debs}
arm64_packages=(libxnnpack0 libpthreadpool0 libcpuinfo0)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
arm64_missing=()
for p in "${arm64_packages[@]}"; do
  compgen -G "$arm64_debs/${p}_*_arm64.deb" >/dev/null || arm64_missing+=("$p:arm64")
done
if [ ${#missing[@]} -eq 0 ] && [ ${#arm64_missing[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "need root (or sudo) to install: ${missing[*]} ${arm64_missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
if [ ${#arm64_missing[@]} -gt 0 ]; then
  dpkg --print-foreign-architectures | grep -qx arm64 || $sudo dpkg --add-architecture arm64
fi
$sudo apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if [ ${#arm64_missing[@]} -gt 0 ]; then
  echo "downloading into $arm64_debs: ${arm64_missing[*]}"
  $sudo mkdir -p "$arm64_debs"
  # the version of each matches the host's libxnnpack-dev headers (both from this Debian release)
  (cd "$arm64_debs" && $sudo apt-get download -qq "${arm64_missing[@]}" 2>&1 | grep -v "couldn't be accessed by user '_apt'" || true)
  for p in "${arm64_packages[@]}"; do
    compgen -G "$arm64_debs/${p}_*_arm64.deb" >/dev/null || { echo "could not download ${p}:arm64 into $arm64_debs" >&2; exit 1; }
  done
fi
