#!/usr/bin/env bash
# Takes docs/images/devices-profile.png, designer-device-prediction.png and devices-latency-tables.png
# under Xvfb: the real main window's Devices area with an adb-test-device phone connected through
# Debian's adb, a finished profile, the designer predicting from a latency table, and the table
# listed with its hit rate (the GUI device test, tests/tst_devices_gui.cpp, saving what it shows).
# usage: packaging/device-screenshots.sh   (after packaging/build.sh)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
HLCNN_SCREENSHOT_DIR="$root/docs/images" QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1400x900x24" \
  "$root/build/tests/tst_devices_gui" listsThePhoneAndShowsItsClusters profileFromTheFormIsRecordedAndListed \
  latencyTableDrivesTheDesignerPrediction
