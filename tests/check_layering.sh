#!/usr/bin/env bash
# Layering rules: no Qt in core/ and models/; no LibTorch or OpenCV in the headers of widgets/ and
# app/; dependencies point app -> widgets -> experiments -> models -> core.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fail=0
report() { echo "layering: $1"; fail=1; }
if hits=$(grep -rnE '#include\s*[<"]Q[A-Za-z]+' "$root/core" "$root/models" --include='*.h' --include='*.cpp'); then
  report "Qt included in core/ or models/:"; echo "$hits"
fi
if hits=$(grep -rnE '#include\s*[<"](torch|ATen|c10|caffe2|opencv2)/' "$root/widgets" "$root/app" --include='*.h'); then
  report "LibTorch/OpenCV included in a widgets/ or app/ header:"; echo "$hits"
fi
if hits=$(grep -rnE '#include\s*[<"]hlcnn/(widgets|experiments)/' "$root/core" "$root/models"); then
  report "core/ or models/ depends on a higher layer:"; echo "$hits"
fi
if hits=$(grep -rnE '#include\s*[<"]hlcnn/widgets/' "$root/experiments"); then
  report "experiments/ depends on widgets/:"; echo "$hits"
fi
[ $fail -eq 0 ] && echo "layering: ok"
exit $fail
