"""peers.py - the original PyTorch formulation of RankNet against ranknet_gradf, on the
same inputs, both on one thread. Run by `make bench-peers` (needs Debian's python3-torch
and python3-numpy, and build/libranknet.so from `make shared`).

The PyTorch functions are the full-matrix formulation the library replaces: s - s.t()
broadcast to n x n, S = sign(y - y.t()), lambda = sigma (1/2 (1 - S) - sigmoid(-sigma
s_diff)), summed as (lambda - lambda.t()) over a row; on row vectors that is -2 x ours,
which the check below accounts for.
"""
import ctypes
import os
import statistics
import sys
import time

import numpy as np
import torch


def ranknet_loss(s, y, sigma=1.0):
    s_diff = s - s.t()
    S = torch.sign(y - y.t())
    P = torch.sigmoid(sigma * s_diff)
    return (0.5 * (1 + S) * torch.log(P) + 0.5 * (1 - S) * torch.log(1 - P)).sum()


def ranknet_grad(s, y, sigma=1.0):
    s_diff = s - s.t()
    S = torch.sign(y - y.t())
    lam = sigma * (0.5 * (1 - S) - torch.sigmoid(-sigma * s_diff))
    return (lam - lam.t()).sum(dim=1)


def median_seconds(fn, min_s=0.05, reps=7):
    calls = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        if time.perf_counter() - t0 >= min_s or calls > 1 << 20:
            break
        calls *= 2
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        times.append((time.perf_counter() - t0) / calls)
    return statistics.median(times)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    lib = ctypes.CDLL(os.path.join(here, "..", "build", "libranknet.so"))
    fp = ctypes.POINTER(ctypes.c_float)
    lib.ranknet_gradf.argtypes = [fp, fp, ctypes.c_size_t, fp]
    lib.ranknet_gradf.restype = ctypes.c_int
    torch.set_num_threads(1)
    rng = np.random.default_rng(7)
    print("one thread, float32; ns per pair = time / (n (n - 1) / 2)")
    print(f"{'n':>6} {'torch grad':>12} {'ranknet_gradf':>14} {'speed-up':>9}")
    for n in (256, 1000, 4000):
        s = (2 * rng.standard_normal(n)).astype(np.float32)
        y = np.floor(5 * rng.random(n)).astype(np.float32)
        g = np.zeros(n, dtype=np.float32)
        st, yt = torch.from_numpy(s).reshape(1, n), torch.from_numpy(y).reshape(1, n)
        sp, yp, gp = (a.ctypes.data_as(fp) for a in (s, y, g))

        def ours():
            if lib.ranknet_gradf(sp, yp, n, gp) != 0:
                raise RuntimeError("ranknet_gradf failed")

        with torch.no_grad():
            theirs = ranknet_grad(st, yt).numpy()
        ours()
        # row vectors: theirs = -2 x ours (float32 sums over n terms: compare loosely)
        if not np.allclose(theirs, -2 * g, rtol=1e-3, atol=1e-3 * n ** 0.5):
            print(f"n={n}: the PyTorch lambdas do not match -2 x ours", file=sys.stderr)
            return 1
        with torch.no_grad():
            t_torch = median_seconds(lambda: ranknet_grad(st, yt))
        t_ours = median_seconds(ours)
        pairs = n * (n - 1) / 2
        print(f"{n:>6} {1e9 * t_torch / pairs:>12.3f} {1e9 * t_ours / pairs:>14.3f} {t_torch / t_ours:>8.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
