"""engines.py - training time of LightGBM and XGBoost with their built-in ranking objectives
against ranknet.h's presets of them as custom objectives (through the Python binding).
`make bench-engines` runs it in build/venv, where both engines come from PyPI.

    build/venv/bin/python bench/engines.py [ROUNDS] [REPEATS]

An MSLR-like set is generated (query sizes lognormal with MSLR-WEB30K's median of about
120 rows, labels 0..4 with its frequencies, 136 features of which some carry the label);
each engine trains ROUNDS (default 40) rounds on one thread after a warm-up round (XGBoost
builds its histogram index on first use), built-in and preset alternated REPEATS times
(default 3); the medians of the per-round times. One line an engine:
    engine ENGINE OBJECTIVE: built-in X ms/round, ranknet.h Y ms/round (objective Z ms/round),
    speed-up S, NDCG@10 built-in A, ranknet.h B
NDCG@10 on held-out queries after the last round (ranknet.h's metric, gain 2^y - 1).
"""
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import ranknet  # noqa: E402

try:
    import lightgbm as lgb
    import xgboost as xgb
except ImportError as e:
    print(f"bench-engines: skipped, {e.name} is not installed (make bench-engines installs lightgbm and "
          "xgboost-cpu into build/venv)")
    sys.exit(0)


def mslr_like(rows_wanted, seed):
    """(X float32 [rows, 136], labels float32, group sizes): MSLR-WEB30K's label frequencies
    (52 / 32 / 13.5 / 1.8 / 0.7 %), lognormal query sizes (median about 120), 136 features:
    20 carry the label with noise, the rest are noise."""
    rng = np.random.default_rng(seed)
    sizes = []
    while sum(sizes) < rows_wanted:
        sizes.append(int(np.clip(np.exp(np.log(120.0) - 0.32 + 0.8 * rng.standard_normal()), 2, 1250)))
    rows = sum(sizes)
    y = rng.choice(5, size=rows, p=[0.52, 0.32, 0.135, 0.018, 0.007]).astype(np.float32)
    x = rng.standard_normal((rows, 136)).astype(np.float32)
    signal = np.random.default_rng(0).standard_normal(20).astype(np.float32)  # the same for every set
    x[:, :20] += np.outer(y, signal) * 0.25
    query_effect = np.repeat(rng.standard_normal((len(sizes), 20)).astype(np.float32), sizes, axis=0)
    x[:, :20] += 0.5 * query_effect  # features shift by query, as real ones do
    return x, y, np.array(sizes)


def ndcg10(scores, labels, group):
    start, total = 0, 0.0
    for n in group:
        total += ranknet.ranknet_metric("ndcg", scores[start:start + n], labels[start:start + n], 10)
        start += n
    return total / len(group)


def median(v):
    return float(np.median(np.array(v)))


def lightgbm_rounds(x, y, group, rounds, preset):
    """per-round seconds (after a warm-up round), the objective's per-round seconds, the booster"""
    params = {"objective": "lambdarank", "lambdarank_truncation_level": 30, "lambdarank_norm": True,
              "learning_rate": 0.1, "num_leaves": 31, "min_data_in_leaf": 20, "max_bin": 255, "seed": 1,
              "deterministic": True, "force_row_wise": True, "num_threads": 1, "verbosity": -1}
    spent = []
    if preset:
        def objective(preds, data):
            t0 = time.perf_counter()
            _, g, h = ranknet.ranknet_batch(preds.astype(np.float32), y, group, preset="lightgbm", weighting="ndcg",
                                            k=30, normalize="log2", loss=False, hess=True)
            spent.append(time.perf_counter() - t0)
            return g, h
        params["objective"] = "none"
    fobj = objective if preset else None
    booster = lgb.Booster(params, lgb.Dataset(x, y, group=group, free_raw_data=False))
    booster.update(fobj=fobj)  # warm-up
    spent.clear()
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        booster.update(fobj=fobj)
        times.append(time.perf_counter() - t0)
    return times, spent, booster


def xgboost_rounds(x, y, group, rounds, preset):
    params = {"eta": 0.1, "max_depth": 6, "min_child_weight": 0.1, "tree_method": "hist", "max_bin": 256,
              "base_score": 0.0, "seed": 1, "nthread": 1, "verbosity": 0}
    if preset:
        params["objective"] = "reg:squarederror"  # replaced by obj below
    else:
        params.update(objective="rank:ndcg", lambdarank_pair_method="topk", lambdarank_num_pair_per_sample=32,
                      lambdarank_normalization=True, lambdarank_score_normalization=True)
    dtrain = xgb.DMatrix(x, label=y)
    dtrain.set_group(group)
    spent = []

    def objective(preds, data):
        t0 = time.perf_counter()
        _, g, h = ranknet.ranknet_batch(preds.astype(np.float32, copy=False), y, group, preset="xgboost",
                                        weighting="ndcg", k=32, normalize="log2", score_norm=True, loss=False,
                                        hess=True)
        spent.append(time.perf_counter() - t0)
        return g, h
    booster = xgb.Booster(params, [dtrain])
    booster.update(dtrain, 0, fobj=objective if preset else None)  # warm-up: the histogram index
    spent.clear()
    times = []
    for i in range(1, rounds + 1):
        t0 = time.perf_counter()
        booster.update(dtrain, i, fobj=objective if preset else None)
        times.append(time.perf_counter() - t0)
    return times, spent, booster


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    rounds = int(args[0]) if args else 40
    repeats = int(args[1]) if len(args) > 1 else 3
    x, y, group = mslr_like(150_000, 1)
    xt, yt, gt = mslr_like(30_000, 2)
    print(f"LightGBM {lgb.__version__}, XGBoost {xgb.__version__}; {len(group)} training queries, {len(y)} rows, "
          f"136 features; {len(gt)} test queries; {rounds} rounds after a warm-up, 1 thread, built-in and "
          f"ranknet.h alternated {repeats} times, medians; ranknet.h path {ranknet.simd_path()}")
    ok = True
    for engine, run, predict in (("lightgbm", lightgbm_rounds, lambda b: b.predict(xt, raw_score=True)),
                                 ("xgboost", xgboost_rounds,
                                  lambda b: b.predict(xgb.DMatrix(xt), output_margin=True))):
        built, ours, objective, nd = [], [], [], {}
        for _ in range(repeats):
            for preset in (False, True):
                times, spent, booster = run(x, y, group, rounds, preset)
                (ours if preset else built).append(median(times))
                if preset:
                    objective.append(median(spent))
                nd[preset] = ndcg10(np.asarray(predict(booster), dtype=np.float64), yt, gt)
        b, o, z = median(built) * 1e3, median(ours) * 1e3, median(objective) * 1e3
        name = "lambdarank" if engine == "lightgbm" else "rank:ndcg"
        print(f"engine {engine} {name}: built-in {b:.1f} ms/round, ranknet.h {o:.1f} ms/round (objective {z:.1f} "
              f"ms/round), speed-up {b / o:.2f}, NDCG@10 built-in {nd[False]:.4f}, ranknet.h {nd[True]:.4f}")
        sys.stdout.flush()
        ok &= abs(nd[False] - nd[True]) <= (0.01 if engine == "lightgbm" else 0.005)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
