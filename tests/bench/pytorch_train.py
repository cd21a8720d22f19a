#!/usr/bin/python3
"""Peer measurement: training images/s of a torchvision model in PyTorch (same libtorch).
usage: pytorch_train.py MODEL THREADS BATCH STEPS [channels-last]  -> prints images/s (median step), 3x32x32,
10 classes, Adam"""
import statistics
import sys
import time

import torch
import torchvision

name, threads, batch, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
torch.set_num_threads(threads)
torch.manual_seed(0)
model = getattr(torchvision.models, name)(weights=None, num_classes=10).train()
x = torch.randn(batch, 3, 32, 32)
if len(sys.argv) > 5 and sys.argv[5] == "channels-last":  # the layout alone, for comparison
    model = model.to(memory_format=torch.channels_last)
    x = x.contiguous(memory_format=torch.channels_last)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
y = torch.randint(10, (batch,))
times = []
for i in range(3 + steps):
    t0 = time.perf_counter()
    opt.zero_grad()
    torch.nn.functional.cross_entropy(model(x), y).backward()
    opt.step()
    if i >= 3:
        times.append(time.perf_counter() - t0)
print(f"{batch / statistics.median(times):.2f}")
