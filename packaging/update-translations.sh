#!/usr/bin/env bash
# Refreshes the German translation source from the GUI's code: new strings arrive unfinished (then
# translate them in translations/hlcnn_de.ts; tests/check_translations.sh fails until they are),
# strings gone from the code are dropped. The include paths let lupdate see the namespace of each
# class, so contexts read hlcnn::RunsView as tr() does at run time.
# usage: packaging/update-translations.sh [TS_FILE]   (default: translations/hlcnn_de.ts)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ts=${1:-$root/translations/hlcnn_de.ts}
lupdate=${LUPDATE:-/usr/lib/qt6/bin/lupdate}
cd "$root"
"$lupdate" -silent -no-obsolete -locations none -I widgets/include -I widgets/src -I app/gui \
  app/gui/main.cpp app/gui/main_window.cpp widgets/src/*.cpp -ts "$ts"
