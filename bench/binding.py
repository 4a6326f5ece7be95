"""binding.py - what the Python binding adds to a ranknet_batch call: the public function
(argument checks, group sizes to offsets, the option struct, the output arrays) against
the bare C call through ctypes with everything prepared, on the same float32 batch.
`make bench-binding` runs it.

    python3 bench/binding.py [ROWS]

Prints, for the LightGBM preset (grad + hess, float32, one thread, median of 31 calls each,
the two alternated):
    binding: ROWS rows, C call X ms, Python call Y ms, overhead Z %
"""
import ctypes
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import ranknet  # noqa: E402


def main():
    rows_wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = np.random.default_rng(1)
    sizes = []
    while sum(sizes) < rows_wanted:
        sizes.append(int(np.clip(np.exp(np.log(120.0) - 0.32 + 0.8 * rng.standard_normal()), 2, 1250)))
    sizes[-1] -= sum(sizes) - rows_wanted
    if sizes[-1] < 2:
        sizes[-2] += sizes.pop()
    group = np.array(sizes)
    s = rng.standard_normal(rows_wanted).astype(np.float32)
    y = rng.choice(5, size=rows_wanted, p=[0.52, 0.32, 0.135, 0.018, 0.007]).astype(np.float32)
    kw = dict(preset="lightgbm", weighting="ndcg", k=30, normalize="log2", loss=False, hess=True)

    # the bare call: the same struct and arrays, made once
    lib, F = ranknet._lib, ctypes.POINTER(ctypes.c_float)
    opt = ranknet._options(1.0, "half", "ndcg", 30, "exp2", "log2", "auto", "lightgbm", False, 0, 0, 0.0, 0.0,
                           None, None, None)
    offsets = np.concatenate([[0], np.cumsum(group)]).astype(np.uintp)
    g, h = np.empty_like(s), np.empty_like(s)
    args = (ctypes.byref(opt), s.ctypes.data_as(F), y.ctypes.data_as(F),
            offsets.ctypes.data_as(ctypes.POINTER(ctypes.c_size_t)), len(group), None, g.ctypes.data_as(F),
            h.ctypes.data_as(F))

    def bare():
        if lib.ranknet_batchf(*args) != 0:
            raise RuntimeError("ranknet_batchf failed")

    def public():
        ranknet.ranknet_batch(s, y, group, **kw)

    public(), bare()  # warm
    t_bare, t_public = [], []
    for _ in range(31):
        for fn, out in ((bare, t_bare), (public, t_public)):
            t0 = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t0)
    _, g2, h2 = ranknet.ranknet_batch(s, y, group, **kw)
    if not (np.array_equal(g, g2) and np.array_equal(h, h2)):
        print("binding: the public call's results differ from the bare call's")
        return 1
    b, p = np.median(t_bare) * 1e3, np.median(t_public) * 1e3
    print(f"binding: {rows_wanted} rows, C call {b:.2f} ms, Python call {p:.2f} ms, overhead {100 * (p - b) / b:.1f} %"
          f" (LightGBM preset, float32 grad + hess, {len(group)} queries, path {ranknet.simd_path()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
