#!/usr/bin/env python3
"""Per-step cost of the paper's configuration in PyTorch, for a side-by-side comparison with Inrr.NET.

An independent re-implementation from the method description (docs/method.md in the shared folder), not the
authors' code: SIREN 2 -> 256 x 5 -> 1 with sigmoid, full pixel grid per step, Adam 1e-4, and INRR (tiny SIREN
1 -> 32 x 5 -> 256 + softmax per axis, eta 1e-6) computed the way the reference does, with the explicit k x k
Laplacian. Prints one CSV row per size: median and minimum seconds per step.

Run through bench/compare-pytorch.sh, which sets up OpenBLAS and the thread environment.
"""
import argparse
import math
import statistics
import time

import torch
from torch import nn


class SineLayer(nn.Module):
    def __init__(self, d_in, d_out, w0, first):
        super().__init__()
        self.w0 = w0
        self.linear = nn.Linear(d_in, d_out)
        bound = 1.0 / d_in if first else math.sqrt(6.0 / d_in) / w0
        with torch.no_grad():
            self.linear.weight.uniform_(-bound, bound)
            self.linear.bias.uniform_(-bound, bound)

    def forward(self, x):
        return torch.sin(self.w0 * self.linear(x))


class Siren(nn.Module):
    def __init__(self, d_in, width, layers, d_out, w0_first, w0_hidden, sigmoid):
        super().__init__()
        mods = [SineLayer(d_in if i == 0 else width, width, w0_first if i == 0 else w0_hidden, i == 0) for i in range(layers)]
        self.body = nn.Sequential(*mods)
        self.out = nn.Linear(width, d_out)
        bound = math.sqrt(6.0 / width) / w0_hidden
        with torch.no_grad():
            self.out.weight.uniform_(-bound, bound)
            self.out.bias.uniform_(-bound, bound)
        self.sigmoid = sigmoid

    def forward(self, x):
        y = self.out(self.body(x))
        return torch.sigmoid(y) if self.sigmoid else y


def laplacian(psi, k):
    t = torch.linspace(-1, 1, k).unsqueeze(1)
    s = torch.softmax(psi(t), dim=1)
    a = s @ s.t()
    a = a - torch.diag(torch.diag(a))
    return torch.diag(a.sum(1)) - a


def time_size(size, steps, warmup, width, layers, regularised):
    torch.manual_seed(0)
    ys, xs = torch.linspace(-1, 1, size), torch.linspace(-1, 1, size)
    gy, gx = torch.meshgrid(ys, xs, indexing="ij")
    grid = torch.stack([gx.flatten(), gy.flatten()], dim=1)
    target = torch.rand(size, size)
    mask = (torch.rand(size, size) > 0.5).float()
    net = Siren(2, width, layers, 1, 30.0, 1.0, True)
    opt = torch.optim.Adam(net.parameters(), lr=1e-4)
    psi_r = Siren(1, 32, 5, 256, 5.0, 1.0, False)
    psi_c = Siren(1, 32, 5, 256, 5.0, 1.0, False)
    opt_psi = torch.optim.Adam(list(psi_r.parameters()) + list(psi_c.parameters()), lr=1e-4)
    times = []
    for step in range(warmup + steps):
        start = time.perf_counter()
        opt.zero_grad()
        opt_psi.zero_grad()
        x = net(grid).reshape(size, size)
        loss = (((x - target) * mask) ** 2).mean()
        if regularised and step > 0:
            loss = loss + 1e-6 * torch.trace(x.t() @ laplacian(psi_r, size) @ x) \
                        + 1e-6 * torch.trace(x @ laplacian(psi_c, size) @ x.t())
        loss.backward()
        opt.step()
        opt_psi.step()
        loss.item()
        if step >= warmup:
            times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="128,256")
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--width", type=int, default=256)
    p.add_argument("--layers", type=int, default=5)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--vanilla", action="store_true")
    p.add_argument("--label", default="pytorch")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    for size in sorted(int(s) for s in args.sizes.split(",")):
        med, low = time_size(size, args.steps, args.warmup, args.width, args.layers, not args.vanilla)
        print(f"{args.label},{torch.__version__},{args.threads},{size},{med:.4f},{low:.4f}", flush=True)


if __name__ == "__main__":
    main()
