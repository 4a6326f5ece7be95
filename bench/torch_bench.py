"""torch_bench.py - ranknet.torch against the original PyTorch RankNet code, forward +
backward, float32, one thread, median of 7; then the trainer's MLP (300 -> 32 ReLU -> 1)
trained on the LETOR sample with each. `make bench-torch` runs it (Debian's python3-torch).

The original code builds s - s^T, sigmoid and log over n x n tensors and lets autograd
differentiate them; its loss forgets the minus sign and counts every pair twice, so it is
run here as -(original) / 2 to train in the right direction with the same scale.
"""
import os
import sys
import time

import numpy as np
import torch

here = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(here, "..", "python"), os.path.join(here, "..", "examples")]
import ranknet.torch as rt  # noqa: E402
from letor import load, ndcg10  # noqa: E402
import peers  # noqa: E402  (bench/, this script's directory: the original code and the timer)
from peers import median_seconds  # noqa: E402


def original_loss(s, y):
    """the original formulation, as written (peers.py's copy), on 1-D tensors"""
    return peers.ranknet_loss(s[:, None], y[:, None])


def step(loss_fn, s, y):
    t = s.detach().clone().requires_grad_()
    loss_fn(t, y).backward()
    return t.grad


def main():
    torch.set_num_threads(1)
    torch.manual_seed(1)
    print(f"torch {torch.__version__}, one thread, float32, forward + backward, median of 7")
    print(f"{'n':>6} {'original ms':>12} {'ranknet.torch ms':>17} {'speed-up':>9}")
    for n in (100, 1000, 4000):
        s, y = torch.randn(n), torch.randint(0, 5, (n,)).float()
        to = median_seconds(lambda: step(lambda a, b: -original_loss(a, b) / 2, s, y))
        tr = median_seconds(lambda: step(rt.ranknet_loss, s, y))
        g_o, g_r = step(lambda a, b: -original_loss(a, b) / 2, s, y), step(rt.ranknet_loss, s, y)
        assert torch.allclose(g_o, g_r, atol=1e-3 * n ** 0.5), "the two gradients differ"
        print(f"{n:>6} {1e3 * to:>12.3f} {1e3 * tr:>17.3f} {to / tr:>8.1f}x")
    s, y = torch.tensor([50.0, -50.0], requires_grad=True), torch.tensor([0.0, 1.0])
    lo = original_loss(s, y)
    lr = rt.ranknet_loss(s, y)
    print(f"a pair 100 apart, in the wrong order (float32): original loss {lo.item()}, ranknet.torch {lr.item()}")

    data = os.path.join(here, "..", "data", "letor-sample")
    xtr, ytr, gtr = load(os.path.join(data, "rank.train"))
    xte, yte, gte = load(os.path.join(data, "rank.test"), xtr.shape[1])
    mu, sd = xtr.mean(0), xtr.std(0) + 1e-12
    xtr, xte = torch.from_numpy((xtr - mu) / sd).float(), torch.from_numpy((xte - mu) / sd).float()
    ytr_t = torch.from_numpy(ytr)
    bounds = np.concatenate([[0], np.cumsum(gtr)])
    print("\nthe trainer's MLP (300 -> 32 ReLU -> 1), Adam 0.003, one query a step, 10 epochs, LETOR sample")
    for name, fn in (("original", lambda a, b: -original_loss(a, b) / 2), ("ranknet.torch", rt.ranknet_loss)):
        torch.manual_seed(1)
        model = torch.nn.Sequential(torch.nn.Linear(xtr.shape[1], 32), torch.nn.ReLU(), torch.nn.Linear(32, 1))
        opt = torch.optim.Adam(model.parameters(), lr=0.003)
        t0 = time.perf_counter()
        for epoch in range(10):
            for q in np.random.default_rng(epoch).permutation(len(gtr)):
                a, b = bounds[q], bounds[q + 1]
                if b - a < 2:
                    continue
                opt.zero_grad()
                loss = fn(model(xtr[a:b]).squeeze(1), ytr_t[a:b]) / ((b - a) * (b - a - 1) / 2)
                loss.backward()
                opt.step()
        elapsed = time.perf_counter() - t0
        with torch.no_grad():
            nd = ndcg10(model(xte).squeeze(1).numpy().astype(np.float64), yte, gte)
        print(f"  {name:<14} {elapsed:6.2f} s, test NDCG@10 {nd:.4f}")


if __name__ == "__main__":
    main()
