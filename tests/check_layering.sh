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
# Transitively: a core/models header that pulls in LibTorch/OpenCV must not reach the headers of
# experiments/, widgets/ or app/ (they would compile torch into every GUI file).
heavy() {  # heavy HEADER: true if it includes torch/OpenCV, directly or through hlcnn headers
  local file=$1 inc
  grep -qE '#include\s*[<"](torch|ATen|c10|caffe2|opencv2)/' "$file" && return 0
  for inc in $(grep -oE '#include\s*"hlcnn/(core|models)/[a-z_]+\.h"' "$file" | grep -oE 'hlcnn/[a-z_/]+\.h'); do
    local path=$root/${inc#hlcnn/}
    path=${path/\/core\//\/core\/include\/hlcnn\/core\/}
    path=${path/\/models\//\/models\/include\/hlcnn\/models\/}
    [ -f "$path" ] && heavy "$path" && return 0
  done
  return 1
}
for header in $(find "$root/experiments" "$root/widgets" "$root/app" -name '*.h'); do
  if heavy "$header"; then report "$header pulls LibTorch/OpenCV in through an hlcnn header"; fi
done
[ $fail -eq 0 ] && echo "layering: ok"
exit $fail
