#!/usr/bin/python3
"""PyTorch reference for io.github.gtespark.train.step.TorchAdam (parity test TorchAdamTest).

Reads a JSON case (argv[1]): beta1, beta2, eps, lrs [steps] (the learning rate of each step), params [n] (the start),
grads [steps][n] (the gradient of each step). Runs torch.optim.Adam (float64, weight_decay 0, the learning rate set
before each step) and writes JSON (argv[2]): params [steps][n], the parameters after each step, and torch's version.
Usage: /usr/bin/python3 adam_reference.py case.json result.json
"""
import json
import sys

import torch

case = json.load(open(sys.argv[1]))
p = torch.nn.Parameter(torch.tensor(case["params"], dtype=torch.float64))
opt = torch.optim.Adam([p], lr=case["lrs"][0], betas=(case["beta1"], case["beta2"]), eps=case["eps"], weight_decay=0.0)
after = []
for lr, g in zip(case["lrs"], case["grads"]):
    for group in opt.param_groups:
        group["lr"] = lr
    p.grad = torch.tensor(g, dtype=torch.float64)
    opt.step()
    after.append(p.detach().tolist())
json.dump({"params": after, "torch": torch.__version__}, open(sys.argv[2], "w"))
