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
  # sweeps on a cluster: Slurm's client tools; the cluster tests start a one-node Slurm (slurmctld,
  # slurmd) authenticated by munge
  slurm-wlm munge
  # Qt's own strings (dialog buttons, file dialogs) in the user's language
  qt6-translations-l10n
  # test-only: the reference oracle (torchvision), an X server for GUI screenshots, pdftoppm (the
  # report figures' PDFs are rendered to check them), and the German
  # locale the suite runs its GUI and CLI tests under once (LANG=de_DE.UTF-8)
  python3 python3-torch python3-torchvision xvfb xauth locales-all poppler-utils
)
if [ "${HLCNN_WITH_FUZZER:-0}" = 1 ]; then packages+=(clang libclang-rt-14-dev); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
