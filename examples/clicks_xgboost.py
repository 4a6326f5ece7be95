"""clicks_xgboost.py - examples/clicks.c's experiment from Python: XGBoost trained on simulated
clicks through ranknet.h's objective factory, naive and debiased with ranknet.PositionBias
(the library's defaults). `make demo-clicks` runs it after clicks.c.

    python3 examples/clicks_xgboost.py [LETOR_DIR] [--seeds N]

Each training query of the LETOR sample is shown SESSIONS times, its top 10 in the order of
a weak logging ranker (the true label plus noise); position r is examined with probability
(1/(r+1))^ETA and an examined item clicked with probability 0.1 + 0.9 (2^y - 1)/(2^ymax - 1).
Only the shown rows are logged, with their clicks and positions. XGBoost (depth 3) is
trained on the true labels, on the clicks, and on the clicks debiased; each is scored by
NDCG@10 on the true labels of the test queries, and the learned t+ is compared with the true
examination curve. Prints the line clicks.c prints:
    clicks (Python, XGBoost): NDCG@10 true-label X, naive Y, debiased Z; bias correlation C
"""
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))
import ranknet  # noqa: E402

try:
    import xgboost as xgb
    from letor import load, ndcg10
except ImportError as e:
    print(f"clicks (Python, XGBoost): skipped, {e.name} is not installed (apt-get install python3-xgboost)")
    sys.exit(0)

POSITIONS, SESSIONS, ETA, ROUNDS = 10, 10, 1.0, 40


def simulate(x, y, group, rng):
    """the shown rows of every session: features, clicks, positions, group sizes"""
    rows, clicks, pos, sizes, start = [], [], [], [], 0
    ymax = y.max()
    for n in group:
        idx = np.arange(start, start + n)
        start += n
        logging = y[idx] + rng.normal(0, 1.5, n)
        shown = idx[np.argsort(-logging, kind="stable")][:POSITIONS]
        eps = 0.1 + 0.9 * (2.0 ** y[shown] - 1) / (2.0 ** ymax - 1)
        examined = (1.0 / (1 + np.arange(len(shown)))) ** ETA
        for _ in range(SESSIONS):
            c = (rng.random(len(shown)) < examined) & (rng.random(len(shown)) < eps)
            rows.append(shown), clicks.append(c.astype(np.float32)), pos.append(np.arange(len(shown)))
            sizes.append(len(shown))
    rows = np.concatenate(rows)
    return x[rows], np.concatenate(clicks), np.concatenate(pos), np.array(sizes)


def train(x, labels, sizes, objective, seed):
    d = xgb.DMatrix(x, labels)
    d.set_group(sizes)
    params = {"tree_method": "hist", "max_depth": 3, "eta": 0.1, "nthread": 1, "seed": seed}
    return xgb.train(params, d, ROUNDS, obj=objective)


def main():
    args = sys.argv[1:]
    seeds = 3
    if "--seeds" in args:
        i = args.index("--seeds")
        seeds = int(args[i + 1])
        del args[i:i + 2]
    letor = args[0] if args else os.path.join(HERE, "..", "data", "letor-sample")
    xtr, ytr, gtr = load(os.path.join(letor, "rank.train"))
    xte, yte, gte = load(os.path.join(letor, "rank.test"), xtr.shape[1])
    dte = xgb.DMatrix(xte)
    truth = (1.0 / (1 + np.arange(POSITIONS))) ** ETA
    results = []
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        xc, clicks, pos, sizes = simulate(xtr, ytr, gtr, rng)
        objective = ranknet.xgboost.objective(weighting="ndcg", k=10)
        true_label = ndcg10(train(xtr, ytr, gtr, objective, seed).predict(dte), yte, gte)
        naive = ndcg10(train(xc, clicks, sizes, objective, seed).predict(dte), yte, gte)
        bias = ranknet.PositionBias(POSITIONS)  # the library's defaults: regularizer 0, t- held
        debiased_obj = ranknet.xgboost.objective(weighting="ndcg", k=10, bias=bias, positions=pos)
        debiased = ndcg10(train(xc, clicks, sizes, debiased_obj, seed).predict(dte), yte, gte)
        corr = float(np.corrcoef(bias.t_plus, truth)[0, 1])
        results.append((true_label, naive, debiased, corr))
        print(f"  seed {seed + 1}: {len(clicks)} shown rows, {int(clicks.sum())} clicks; true-label {true_label:.4f}, "
              f"naive {naive:.4f}, debiased {debiased:.4f}, correlation {corr:.3f}")
    m = np.mean(results, axis=0)
    print(f"clicks (Python, XGBoost): NDCG@10 true-label {m[0]:.4f}, naive {m[1]:.4f}, debiased {m[2]:.4f}; "
          f"bias correlation {m[3]:.3f}")


if __name__ == "__main__":
    main()
