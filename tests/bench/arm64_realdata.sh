#!/usr/bin/env bash
# int8 top-1 of a trained hlcnn_s on the real CIFAR-10 test set (../shared), four ways:
#   native-int8 and xnnpack-int8 on this machine (`hlcnn bench infer`, the same calibration images),
#   the exported mobile program run by the host's hlcnn-bench, and the same file run by the arm64
#   bundle under qemu-user (-cpu max, and a 1000-image share under -cpu cortex-a53).
# The two runners read the same decoded, normalised images (raw float32, decoded by torchvision's
# read_image) so their predictions can be compared image by image. Emulated: no timing is printed.
# usage: tests/bench/arm64_realdata.sh [CHECKPOINT]
#   without a checkpoint, trains hlcnn_s (width 0.5) for 3 epochs on 20,000 training images first
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
hlcnn="$root/build/app/hlcnn"
bundle="$root/build/app/arm64-bundle"
data_dir="$root/../shared/datasets/cifar10-jpeg"
data="folder:$data_dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -x "$bundle/hlcnn-bench" ] || { echo "no arm64 bundle in $bundle (build with the cross toolchain)" >&2; exit 2; }
ck=${1:-}
if [ -z "$ck" ]; then
  echo "training hlcnn_s (width 0.5), 3 epochs on 20,000 images..." >&2
  "$hlcnn" train --model hlcnn_s --stem cifar --width 0.5 --data "$data" --epochs 3 --limit-train 20000 --batch 128 \
    --optimizer adamw --lr 4e-3 --weight-decay 0.05 --schedule onecycle --threads 2 --no-db --out "$work/run" >/dev/null
  ck="$work/run/best.ckpt"
fi
"$hlcnn" export --checkpoint "$ck" --format mobile --int8 --calib-data "$data" --calib-batches 8 --eval-data "$data" \
  --threads 2 -o "$work/m8.hlmp" --json > "$work/export.json"
"$hlcnn" bench infer --checkpoint "$ck" --runtime native-int8,xnnpack-int8 --calib-data "$data" --eval-data "$data" \
  --iters 3 --rounds 1 --threads 2 --json > "$work/bench.json"
# the test images, decoded and normalised as the program's description says, in one raw file
/usr/bin/python3 - "$data_dir/test" "$work/export.json" "$work" <<'PY'
import json, os, sys, torch, torchvision.io as io
root, meta, work = sys.argv[1], json.load(open(sys.argv[2])), sys.argv[3]
mean = torch.tensor(meta["mean"]).view(3, 1, 1); std = torch.tensor(meta["std"]).view(3, 1, 1)
classes = meta["classes"]
images, labels = [], []
for c, name in enumerate(classes):
    for f in sorted(os.listdir(os.path.join(root, name))):
        images.append((io.read_image(os.path.join(root, name, f)).float() / 255 - mean) / std)
        labels.append(c)
x = torch.stack(images).contiguous()
x.numpy().tofile(os.path.join(work, "test.f32"))
x[::10].contiguous().numpy().tofile(os.path.join(work, "test1k.f32"))
torch.tensor(labels, dtype=torch.int32).numpy().tofile(os.path.join(work, "labels.i32"))
PY
"$root/build/app/hlcnn-bench" --model "$work/m8.hlmp" --input-file "$work/test.f32" --output-file "$work/host.f32" --warmup 0 --iters 1 >/dev/null
# the arm64 runner: two halves side by side (two cores)
bytes=$(stat -c %s "$work/test.f32"); half=$(( bytes / 2 / 12288 * 12288 ))
head -c "$half" "$work/test.f32" > "$work/a.f32"; tail -c +$((half + 1)) "$work/test.f32" > "$work/b.f32"
run_arm() { (cd "$bundle" && qemu-aarch64-static -cpu "$1" ./ld-linux-aarch64.so.1 --library-path . ./hlcnn-bench --model "$work/m8.hlmp" \
  --input-file "$2" --output-file "$3" --warmup 0 --iters 1 >/dev/null); }
run_arm max "$work/a.f32" "$work/arm_a.f32" & run_arm max "$work/b.f32" "$work/arm_b.f32" & wait
cat "$work/arm_a.f32" "$work/arm_b.f32" > "$work/arm.f32"
run_arm cortex-a53 "$work/test1k.f32" "$work/a53.f32"
/usr/bin/python3 - "$work" <<'PY'
import json, sys, numpy as np
w = sys.argv[1]
labels = np.fromfile(w + "/labels.i32", dtype=np.int32)
def logits(name, n=len(labels)): return np.fromfile(w + "/" + name, dtype=np.float32).reshape(n, -1)
host, arm, a53 = logits("host.f32"), logits("arm.f32"), logits("a53.f32", len(labels[::10]))
e = json.load(open(w + "/export.json"))["report"]["eval"]
b = {r["runtime"]: r for r in json.load(open(w + "/bench.json"))["results"]}
top1 = lambda l, y: 100.0 * float((l.argmax(1) == y).mean())
print("| runtime | images | top-1 % |")
print("| --- | ---: | ---: |")
print("| fp32, host XNNPACK (export report) | %d | %.2f |" % (e["images"], e["fp32_top1"]))
for r in ("native-int8", "xnnpack-int8"):
    print("| %s, host (bench infer, same calibration images) | %d | %.2f |" % (r, e["images"], b[r]["top1"]))
print("| int8 program, host XNNPACK (export report) | %d | %.2f |" % (e["images"], e["int8_top1"]))
print("| int8 program, host hlcnn-bench | %d | %.2f |" % (len(labels), top1(host, labels)))
print("| int8 program, arm64 hlcnn-bench under qemu -cpu max | %d | %.2f |" % (len(labels), top1(arm, labels)))
print("| int8 program, arm64 hlcnn-bench under qemu -cpu cortex-a53 (every 10th image) | %d | %.2f (host on these: %.2f) |"
      % (len(a53), top1(a53, labels[::10]), top1(host[::10], labels[::10])))
print()
print("arm64 (max) and host predict the same class for %d of %d images; largest logit difference %.3g"
      % (int((arm.argmax(1) == host.argmax(1)).sum()), len(labels), float(np.abs(arm - host).max())))
print("arm64 (cortex-a53) and host agree on %d of %d; largest logit difference %.3g"
      % (int((a53.argmax(1) == host[::10].argmax(1)).sum()), len(a53), float(np.abs(a53 - host[::10]).max())))
PY
