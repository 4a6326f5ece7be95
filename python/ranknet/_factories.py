"""What the LightGBM and XGBoost factories share: one query layout, the objective's call, and
the metrics of ranknet.h by query. The engines themselves are never imported: a dataset is
whatever has their methods (get_label, get_group or get_uint_info, get_weight)."""
import re
from typing import Optional, Tuple

import numpy as np

from . import ranknet_batch, ranknet_metric

METRICS = ("ndcg", "map", "mrr", "err", "dcg", "precision", "recall")
_ALIASES = {"pre": "precision"}  # XGBoost's name


def objective_options(preset, engine: str, kw: dict) -> dict:
    """The keyword options of ranknet_batch for an objective: preset=True is the engine's own
    objective with the engine's defaults; anything the user passes wins over them."""
    opts = dict(loss=False, grad=True, hess=True)
    if preset is True and kw.get("listwise") == "xendcg" and engine == "lightgbm":
        opts.update(preset="lightgbm", seed=5)  # rank_xendcg: objective_seed 5, LightGBM's default (kw may override)
    elif preset is True and kw.get("listwise"):
        raise ValueError(f"ranknet.{engine}.objective: preset=True with listwise={kw['listwise']!r}: "
                         + ("only 'xendcg' is a LightGBM objective (rank_xendcg)" if engine == "lightgbm"
                            else "XGBoost has no listwise objective"))
    elif preset is True:
        if engine == "lightgbm":  # objective=lambdarank: truncation 30, lambdarank_norm, sigmoid 1
            opts.update(preset="lightgbm", weighting="ndcg", k=30, normalize="log2", sigma=1.0)
        else:  # rank:ndcg: topk 32, lambdarank_normalization and lambdarank_score_normalization
            opts.update(preset="xgboost", weighting="ndcg", k=32, normalize="log2", score_norm=True)
    elif preset:
        opts["preset"] = preset
    opts.update(kw)
    return opts


def group_sizes(sizes, offsets, rows: int, caller: str) -> np.ndarray:
    """Query sizes from sizes or from offsets (group_ptr), checked against the rows."""
    if sizes is None and offsets is not None:
        sizes = np.diff(np.asarray(offsets, dtype=np.int64))
    if sizes is None or len(sizes) == 0:
        raise ValueError(f"{caller}: the dataset has no query groups (LightGBM: group=, XGBoost: group= or qid=); "
                         "a ranking objective needs them")
    sizes = np.asarray(sizes, dtype=np.int64)
    if sizes.sum() != rows:
        raise ValueError(f"{caller}: the query groups hold {sizes.sum()} rows, the predictions {rows}")
    return sizes


def scores_of(preds, caller: str) -> np.ndarray:
    """The predictions as one score a row (a ranking objective has no classes)."""
    preds = np.asarray(preds)
    if preds.ndim != 1:
        raise ValueError(f"{caller}: ranking takes one score a row, got predictions of shape {preds.shape}")
    return preds


def call_objective(preds, labels, sizes, opts: dict, caller: str, rounds: Optional[list] = None
                   ) -> Tuple[np.ndarray, np.ndarray]:
    # the float functions only for float32 scores; labels follow the scores' type
    labels = np.asarray(labels, dtype=np.float32 if preds.dtype == np.float32 else np.float64)
    if opts.get("listwise") == "xendcg" and rounds is not None:  # new gammas each round, as rank_xendcg draws
        opts = dict(opts, iteration=opts.get("iteration", 0) + rounds[0])
        rounds[0] += 1
    _, g, h = ranknet_batch(preds, labels, sizes, _caller=caller, **opts)
    if opts.get("bias") is not None:  # the factors for the next round, from this round's costs
        opts["bias"].update()
    return g, h


def parse_metric(name: str, caller: str) -> Tuple[str, int]:
    """"ndcg@10" -> ("ndcg", 10); "err" -> ("err", 0)"""
    m = re.fullmatch(r"(ndcg|map|mrr|err|dcg|precision|pre|recall)(?:@(\d+))?", name)
    if not m:
        raise ValueError(f"{caller}: unknown metric {name!r}; one of {', '.join(METRICS)}, with @k for a cutoff "
                         "(for example 'ndcg@10', 'err@5')")
    return _ALIASES.get(m.group(1), m.group(1)), int(m.group(2) or 0)


def metric_value(kind: str, k: int, preds, labels, sizes, weights: Optional[np.ndarray] = None) -> float:
    """The mean over queries of ranknet_metric (weighted by query weights when given)."""
    preds, labels = np.asarray(preds, dtype=np.float64).ravel(), np.asarray(labels, dtype=np.float64).ravel()
    values, start = np.empty(len(sizes)), 0
    for q, n in enumerate(sizes):
        values[q] = ranknet_metric(kind, preds[start:start + n], labels[start:start + n], k)
        start += n
    if weights is not None and len(weights) == len(sizes) and np.sum(weights) > 0:
        return float(np.average(values, weights=weights))
    return float(np.mean(values)) if len(values) else 0.0
