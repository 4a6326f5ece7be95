"""xgboost_example.py - ranknet.h as the custom objective of XGBoost's Python package,
against XGBoost's rank:pairwise, on the LETOR sample. Needs Debian's python3-xgboost and
python3-numpy, and build/libranknet.so (`make shared`). Run by `make python-example`.

    /usr/bin/python3 examples/xgboost_example.py [LETOR_DIR] [ROUNDS] [--loss L]

--loss picks ranknet.h's loss: pairs (RankNet, the default), ndcg (LambdaRank), or a
listwise loss (softmax, poly1, xendcg, listmle, approx_ndcg); the hessians are floored at
1e-6, since XGBoost's leaves divide by their sum (poly1's and ApproxNDCG's can be < 0).
"""
import os
import sys

import numpy as np
import xgboost as xgb

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import ranknet  # noqa: E402
from letor import load, ndcg10  # noqa: E402


LOSSES = ("pairs", "ndcg", "softmax", "poly1", "xendcg", "listmle", "approx_ndcg")


def main():
    argv = sys.argv[1:]
    loss_name = "pairs"
    if "--loss" in argv:
        i = argv.index("--loss")
        loss_name = argv[i + 1] if i + 1 < len(argv) else ""
        del argv[i:i + 2]
        if loss_name not in LOSSES:
            sys.exit(f"xgboost_example: --loss is one of {', '.join(LOSSES)}")
    data = argv[0] if argv else os.path.join(os.path.dirname(__file__), "..", "data", "letor-sample")
    rounds = int(argv[1]) if len(argv) > 1 else 100
    xtr, ytr, gtr = load(os.path.join(data, "rank.train"))
    xte, yte, gte = load(os.path.join(data, "rank.test"), xtr.shape[1])
    dtr, dte = xgb.DMatrix(xtr, label=ytr), xgb.DMatrix(xte, label=yte)
    dtr.set_group(gtr)
    dte.set_group(gte)
    params = {"eta": 0.1, "max_depth": 6, "min_child_weight": 0.1, "tree_method": "hist", "base_score": 0.0,
              "seed": 1, "nthread": 1, "verbosity": 0}
    scale = np.repeat(1.0 / np.maximum(gtr - 1, 1), gtr).astype(np.float32)

    rounds_done = [0]

    def objective(preds, dtrain):
        """RankNet lambdas and hessians, each query's divided by its n - 1; or the chosen loss's"""
        if loss_name in ("pairs", "ndcg"):
            _, grad, hess = ranknet.ranknet_batch(preds.astype(np.float32), ytr, gtr, loss=False, hess=True,
                                                  weighting=None if loss_name == "pairs" else "ndcg")
            return grad * scale, np.maximum(hess * scale, 1e-6)
        _, grad, hess = ranknet.ranknet_batch(preds.astype(np.float32), ytr, gtr, loss=False, hess=True,
                                              listwise=loss_name, iteration=rounds_done[0])
        rounds_done[0] += 1
        return grad, np.maximum(hess, 1e-6)

    builtin = xgb.train({**params, "objective": "rank:pairwise"}, dtr, rounds)
    ours = xgb.train({**params, "objective": "reg:squarederror"}, dtr, rounds, obj=objective)
    nb = ndcg10(builtin.predict(dte), yte, gte)
    no = ndcg10(ours.predict(dte, output_margin=True), yte, gte)
    print(f"XGBoost {xgb.__version__}, {rounds} rounds: test NDCG@10 rank:pairwise {nb:.4f}, "
          f"ranknet.h objective ({loss_name}) {no:.4f} ({no - nb:+.4f})")
    return 0 if loss_name != "pairs" or no >= nb - 0.02 else 1


if __name__ == "__main__":
    sys.exit(main())
