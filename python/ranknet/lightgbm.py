"""ranknet.h's lambdas as LightGBM's objective, and its metrics as LightGBM's, in one line:

    import lightgbm as lgb, ranknet
    booster = lgb.train({"objective": ranknet.lightgbm.objective(preset=True)}, train_set)
    ranker = lgb.LGBMRanker(objective=ranknet.lightgbm.objective(weighting="err", k=10))
    lgb.train(params, train_set, valid_sets=[valid_set], feval=ranknet.lightgbm.metric("err@10"))

objective(preset=True) is LightGBM's own lambdarank (truncation 30, lambdarank_norm, sigmoid
1) computed by ranknet.h; objective(preset=True, listwise="xendcg") its rank_xendcg
(objective_seed 5), the gammas of each round drawn as LightGBM draws them; any other
keyword is an option of ranknet.ranknet_batch (weighting, k, sigma, normalize, label_gain,
sigmoid_table, listwise, ...). LightGBM is not imported here."""
from typing import Callable, Optional, Tuple

import numpy as np

from ._factories import call_objective, group_sizes, metric_value, objective_options, parse_metric, scores_of

__all__ = ["objective", "objective_seed", "metric"]


class _Objective:
    """A LightGBM objective: called as fobj(preds, train_set) by lgb.train, or as
    objective(y_true, y_pred, weight, group) by the sklearn interface (LGBMRanker)."""

    def __init__(self, opts: dict):
        self.opts = opts
        self.rounds = [0]  # XE-NDCG: a new round's gammas each call, as rank_xendcg draws

    def __call__(self, a, b, weight=None, group=None) -> Tuple[np.ndarray, np.ndarray]:
        caller = "ranknet.lightgbm.objective"
        if hasattr(b, "get_label"):  # lgb.train: (preds, Dataset)
            preds, labels, weight, group = a, b.get_label(), b.get_weight(), b.get_group()
        else:  # LGBMRanker: (y_true, y_pred, weight, group)
            preds, labels = b, a
        preds = scores_of(preds, caller)
        sizes = group_sizes(group, None, preds.size, caller)
        opts = self.opts
        if weight is not None:  # row weights: LightGBM's per row under its preset, else the pair's more relevant item's
            opts = dict(opts, item_weights=weight)
        return call_objective(preds, labels, sizes, opts, caller, self.rounds)

    def __repr__(self):
        return f"ranknet.lightgbm.objective({', '.join(f'{k}={v!r}' for k, v in self.opts.items() if k not in ('loss', 'grad', 'hess', 'positions'))})"


def objective_seed(seed: int) -> int:
    """The objective_seed LightGBM derives from its `seed` parameter (config.cpp: the fifth
    NextShort(0, 32767) of Random(seed)), which rank_xendcg draws its gammas from."""
    x = int(seed) & 0xFFFFFFFF
    for _ in range(5):
        x = (214013 * x + 2531011) & 0xFFFFFFFF
    return ((x >> 16) & 0x7FFF) % 32767


def objective(preset=None, *, lightgbm_seed: Optional[int] = None, **options) -> Callable:
    """A custom objective for lgb.train(params={"objective": f}) and LGBMRanker(objective=f).
    preset=True: LightGBM's lambdarank with its defaults; preset="lightgbm" with your k,
    sigma, ...; preset=None (default): the library's own weighting (options as
    ranknet.ranknet_batch: weighting="ndcg", "map", "mrr", "err", "lambdaloss", "label_diff",
    k, sigma, normalize, label_gain, ...). Labels, query groups and row weights are read from
    the dataset on every call. bias=ranknet.PositionBias(...) with positions= (where each row
    was shown) debiases clicks as labels, the factors updated after every round.
    preset=True, listwise="xendcg" is rank_xendcg with objective_seed 5 (LightGBM's default);
    if your parameters set LightGBM's `seed`, pass it as lightgbm_seed= (LightGBM then
    derives objective_seed from it), or give objective_seed itself as seed=."""
    if lightgbm_seed is not None:
        options.setdefault("seed", objective_seed(lightgbm_seed))
    return _Objective(objective_options(preset, "lightgbm", options))


class _Metric:
    def __init__(self, name: str):
        self.name = name
        self.kind, self.k = parse_metric(name, "ranknet.lightgbm.metric")

    def __call__(self, a, b, weight=None, group=None) -> Tuple[str, float, bool]:
        if hasattr(b, "get_label"):  # feval(preds, Dataset)
            preds, labels, group = a, b.get_label(), b.get_group()
        else:  # sklearn eval_metric(y_true, y_pred, weight, group)
            preds, labels = b, a
        preds = scores_of(preds, "ranknet.lightgbm.metric")
        sizes = group_sizes(group, None, preds.size, "ranknet.lightgbm.metric")
        return self.name, metric_value(self.kind, self.k, preds, labels, sizes), True


def metric(name: str) -> Callable:
    """A metric for lgb.train(feval=f) and LGBMRanker.fit(eval_metric=f): "ndcg@10",
    "map@10", "mrr@10", "err@10" (no @k: the whole list), the mean over queries of
    ranknet.ranknet_metric, named as given and flagged higher-is-better."""
    return _Metric(name)
