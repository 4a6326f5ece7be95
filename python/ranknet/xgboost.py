"""ranknet.h's lambdas as XGBoost's objective, and its metrics as XGBoost's, in one line:

    import xgboost as xgb, ranknet
    booster = xgb.train(params, dtrain, obj=ranknet.xgboost.objective(preset=True))
    booster = xgb.train(params, dtrain, obj=ranknet.xgboost.objective(weighting="err", k=10),
                        custom_metric=ranknet.xgboost.metric("err@10"), evals=[(dvalid, "valid")])

objective(preset=True) is XGBoost's own rank:ndcg (topk 32 pairs, both normalisations)
computed by ranknet.h; any other keyword is an option of ranknet.ranknet_batch. Query groups
come from the DMatrix (group= or qid=), group weights become query weights. XGBoost is not
imported here. With a custom objective, set "objective" in params to something that does not
transform the scores (XGBoost's default reg:squarederror does not)."""
from typing import Callable, Tuple

import numpy as np

from ._factories import call_objective, group_sizes, metric_value, objective_options, parse_metric, scores_of

__all__ = ["objective", "metric"]


def _groups(dmatrix, rows: int, caller: str):
    ptr = dmatrix.get_uint_info("group_ptr")
    sizes = group_sizes(None, ptr, rows, caller)
    weights = dmatrix.get_weight()
    weights = weights if weights is not None and len(weights) == len(sizes) else None
    return sizes, weights


class _Objective:
    def __init__(self, opts: dict):
        self.opts = opts
        self.rounds = [0]  # XE-NDCG: a new round's gammas each call

    def __call__(self, preds, dtrain) -> Tuple[np.ndarray, np.ndarray]:
        caller = "ranknet.xgboost.objective"
        preds = scores_of(preds, caller)
        sizes, weights = _groups(dtrain, preds.size, caller)
        opts = dict(self.opts, query_weights=weights) if weights is not None else self.opts
        return call_objective(preds, dtrain.get_label(), sizes, opts, caller, self.rounds)

    def __repr__(self):
        return f"ranknet.xgboost.objective({', '.join(f'{k}={v!r}' for k, v in self.opts.items() if k not in ('loss', 'grad', 'hess', 'positions'))})"


def objective(preset=None, **options) -> Callable:
    """A custom objective for xgb.train(params, dtrain, obj=f). preset=True: XGBoost's rank:ndcg
    with its defaults; preset="xgboost" with your options (weighting=None is rank:pairwise,
    "map" rank:map; sample_pairs=m its pair method mean); preset=None (default): the library's
    own weighting (options as ranknet.ranknet_batch). Labels, groups and group weights are
    read from the DMatrix on every call. bias=ranknet.PositionBias(...) with positions= (where
    each row was shown) debiases clicks as labels, the factors updated after every round."""
    return _Objective(objective_options(preset, "xgboost", options))


class _Metric:
    higher_is_better = True  # pass maximize=True to xgb.train when early stopping on it

    def __init__(self, name: str):
        self.name = name
        self.kind, self.k = parse_metric(name, "ranknet.xgboost.metric")

    def __call__(self, preds, dmatrix) -> Tuple[str, float]:
        preds = scores_of(preds, "ranknet.xgboost.metric")
        sizes, weights = _groups(dmatrix, preds.size, "ranknet.xgboost.metric")
        return self.name, metric_value(self.kind, self.k, preds, dmatrix.get_label(), sizes, weights)


def metric(name: str) -> Callable:
    """A metric for xgb.train(custom_metric=f): "ndcg@10", "map@10", "mrr@10", "err@10" (no
    @k: the whole list), the mean over queries (weighted by group weights) of
    ranknet.ranknet_metric. Higher is better: early stopping needs maximize=True."""
    return _Metric(name)
