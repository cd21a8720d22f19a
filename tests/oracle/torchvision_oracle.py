#!/usr/bin/python3
"""Reference figures from Debian's torchvision, computed live (test-only dependency).

  costs MODEL...           JSON {model: {"params": n, "macs": n}} at 3x224x224, 1000 classes.
                           MACs are conv + linear multiply-accumulates per output element,
                           (C_in / groups) * k_h * k_w, the torchvision/fvcore convention.
  weights MODEL OUTDIR     random weights and BN statistics -> OUTDIR/state_dict.pt (torch.save of
                           model.state_dict()), OUTDIR/io.pt ({"input", "logits"}, eval mode).
"""
import json
import sys

import torch
import torchvision


def build(name):
    return getattr(torchvision.models, name)(weights=None, num_classes=1000)


def costs(name):
    model = build(name).eval()
    macs = 0

    def hook(module, inputs, output):
        nonlocal macs
        if isinstance(module, torch.nn.Conv2d):
            k = module.kernel_size[0] * module.kernel_size[1]
            macs += output.numel() * (module.in_channels // module.groups) * k
        elif isinstance(module, torch.nn.Linear):
            macs += output.numel() * module.in_features

    for m in model.modules():
        if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)):
            m.register_forward_hook(hook)
    with torch.no_grad():
        model(torch.zeros(1, 3, 224, 224))
    params = sum(p.numel() for p in model.parameters())
    return {"params": params, "macs": macs}


def weights(name, outdir):
    torch.manual_seed(1234)
    model = build(name)
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randn_like(p) * 0.05)
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.copy_(torch.randn_like(m.running_mean) * 0.1)
                m.running_var.copy_(torch.rand_like(m.running_var) + 0.5)
                m.num_batches_tracked.fill_(7)
    model.eval()
    x = torch.randn(2, 3, 224, 224)
    with torch.no_grad():
        y = model(x)
    torch.save(model.state_dict(), f"{outdir}/state_dict.pt")
    torch.save({"input": x, "logits": y}, f"{outdir}/io.pt")


if __name__ == "__main__":
    torch.set_num_threads(1)
    if sys.argv[1] == "costs":
        print(json.dumps({n: costs(n) for n in sys.argv[2:]}))
    elif sys.argv[1] == "weights":
        weights(sys.argv[2], sys.argv[3])
    else:
        sys.exit("unknown command " + sys.argv[1])
