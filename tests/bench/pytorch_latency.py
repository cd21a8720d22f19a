#!/usr/bin/python3
"""Peer measurement: torchvision model forward latency in PyTorch (same libtorch), batch 1, eval.
usage: pytorch_latency.py MODEL THREADS REPEATS [C H W]  -> prints median ms"""
import statistics
import sys
import time

import torch
import torchvision

name, threads, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
shape = [int(x) for x in sys.argv[4:7]] if len(sys.argv) >= 7 else [3, 224, 224]
torch.set_num_threads(threads)
model = getattr(torchvision.models, name)(weights=None).eval()
x = torch.randn(1, *shape)
samples = []
with torch.no_grad():
    for _ in range(5):
        model(x)
    for _ in range(repeats):
        t0 = time.perf_counter()
        model(x)
        samples.append((time.perf_counter() - t0) * 1000)
print(f"{statistics.median(samples):.3f}")
