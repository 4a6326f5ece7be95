"""lightgbm_example.py - LightGBM (PyPI) trained with ranknet.h's lambdas as its custom
objective: plain RankNet and LambdaRank (|delta NDCG@10|), beside LightGBM's own
lambdarank, on the LETOR sample, the same trees. `make lightgbm-example` runs it in
build/venv. (For LightGBM's exact objective see the preset in python/tests/parity.py.)

    build/venv/bin/python examples/lightgbm_example.py [LETOR_DIR] [ROUNDS]
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
try:
    import lightgbm as lgb
except ImportError:
    print("lightgbm-example: skipped, lightgbm is not installed (make lightgbm-example installs it into build/venv)")
    sys.exit(0)
import ranknet  # noqa: E402
from letor import load, ndcg10  # noqa: E402


def objective(**options):
    """a LightGBM custom objective: the lambdas and hessians of the queries of the Dataset
    it is handed, each query's divided by n - 1 (so that long queries do not rule)"""
    def fobj(preds, train_data):
        group = np.diff(train_data.get_field("group"))
        _, grad, hess = ranknet.ranknet_batch(preds, train_data.get_label(), group, normalize="items", loss=False,
                                              hess=True, **options)
        return grad, np.maximum(hess, 1e-6)
    return fobj


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "data", "letor-sample")
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    xtr, ytr, gtr = load(os.path.join(data, "rank.train"))
    xte, yte, gte = load(os.path.join(data, "rank.test"), xtr.shape[1])
    params = {"learning_rate": 0.1, "num_leaves": 31, "min_data_in_leaf": 20, "seed": 1, "deterministic": True,
              "num_threads": 1, "verbosity": -1}
    print(f"LightGBM {lgb.__version__}, {rounds} rounds, 31 leaves, eta 0.1; test NDCG@10 on {len(gte)} queries")
    runs = [("lambdarank (built in)", "lambdarank"), ("ranknet.h RankNet", objective()),
            ("ranknet.h LambdaRank@10", objective(weighting="ndcg", k=10))]
    results = {}
    for name, obj in runs:
        booster = lgb.train({**params, "objective": obj}, lgb.Dataset(xtr, ytr, group=gtr), rounds)
        results[name] = ndcg10(booster.predict(xte, raw_score=True), yte, gte)
        print(f"  {name:<24} {results[name]:.4f}")
    return 0 if all(v > 0.65 for v in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
