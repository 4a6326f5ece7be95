"""xgboost_example.py - ranknet.h as the custom objective of XGBoost's Python package,
against XGBoost's rank:pairwise, on the LETOR sample. Needs Debian's python3-xgboost and
python3-numpy, and build/libranknet.so (`make shared`). Run by `make python-example`.

    /usr/bin/python3 examples/xgboost_example.py [LETOR_DIR] [ROUNDS]
"""
import os
import sys

import numpy as np
import xgboost as xgb

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import ranknet  # noqa: E402
from letor import load, ndcg10  # noqa: E402


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "data", "letor-sample")
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    xtr, ytr, gtr = load(os.path.join(data, "rank.train"))
    xte, yte, gte = load(os.path.join(data, "rank.test"), xtr.shape[1])
    dtr, dte = xgb.DMatrix(xtr, label=ytr), xgb.DMatrix(xte, label=yte)
    dtr.set_group(gtr)
    dte.set_group(gte)
    params = {"eta": 0.1, "max_depth": 6, "min_child_weight": 0.1, "tree_method": "hist", "base_score": 0.0,
              "seed": 1, "nthread": 1, "verbosity": 0}
    scale = np.repeat(1.0 / np.maximum(gtr - 1, 1), gtr).astype(np.float32)

    def objective(preds, dtrain):
        """RankNet lambdas and hessians, each query's divided by its n - 1"""
        _, grad, hess = ranknet.ranknet_batch(preds.astype(np.float32), ytr, gtr, loss=False, hess=True)
        return grad * scale, np.maximum(hess * scale, 1e-6)

    builtin = xgb.train({**params, "objective": "rank:pairwise"}, dtr, rounds)
    ours = xgb.train({**params, "objective": "reg:squarederror"}, dtr, rounds, obj=objective)
    nb = ndcg10(builtin.predict(dte), yte, gte)
    no = ndcg10(ours.predict(dte, output_margin=True), yte, gte)
    print(f"XGBoost {xgb.__version__}, {rounds} rounds: test NDCG@10 rank:pairwise {nb:.4f}, "
          f"ranknet.h objective {no:.4f} ({no - nb:+.4f})")
    return 0 if no >= nb - 0.02 else 1


if __name__ == "__main__":
    sys.exit(main())
