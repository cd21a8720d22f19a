#!/usr/bin/python3
"""Peer measurement for tests/bench/infer_runtimes.sh: forward latency in PyTorch from Python (the
same libtorch as ours), eval, no grad, batch 1.
usage: pytorch_infer.py MODEL|FILE.pt THREADS ITERS eager|frozen C H W  -> prints the median ms
MODEL is a torchvision model built as users build it; FILE.pt is a TorchScript file (our graph,
written by `hlcnn export torchscript`), for the models torchvision does not have.
frozen: torch.jit.script (or the file) + torch.jit.freeze + torch.jit.optimize_for_inference."""
import statistics
import sys
import time

import torch
import torchvision

name, threads, iters, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
shape = [int(x) for x in sys.argv[5:8]]
torch.set_num_threads(threads)
if name.endswith(".pt"):
    model = torch.jit.load(name).eval()
else:
    kwargs = {"num_classes": 10} if shape[1] <= 64 else {}
    model = getattr(torchvision.models, name)(weights=None, **kwargs).eval()
x = torch.randn(1, *shape)
with torch.no_grad():
    if mode == "frozen":
        scripted = model if isinstance(model, torch.jit.ScriptModule) else torch.jit.script(model)
        model = torch.jit.optimize_for_inference(torch.jit.freeze(scripted.eval()))
    elif mode != "eager":
        sys.exit("mode must be eager or frozen")
    for _ in range(10):
        model(x)
    samples = []
    for _ in range(iters):
        t0 = time.perf_counter()
        model(x)
        samples.append((time.perf_counter() - t0) * 1000)
print(f"{statistics.median(samples):.3f}")
