"""parity.py - the real engines trained twice on the LETOR sample: once with their built-in
ranking objective, once with ranknet.h's preset of it as a custom objective (through the
Python binding), with the same tree settings. `make parity` runs it in build/venv, where
LightGBM and XGBoost come from PyPI.

    build/venv/bin/python python/parity.py [LETOR_DIR] [ROUNDS] [RUNS]

One line a pair of objectives:
    parity ENGINE OBJECTIVE: built-in NDCG@10 X, ranknet.h NDCG@10 Y, max |prediction difference| Z
and how many of the first trees came out alike. LightGBM's lambdarank reads its sigmoid
from a table (off by about 1e-5), ranknet.h computes it: so LightGBM is also trained with
the preset's sigmoid_table option (LightGBM's own arithmetic), a line of its own, which
must give the built-in model (every tree alike, predictions within 1e-6). rank:pairwise samples its pairs with
another generator than ours: X and Y are means over RUNS trainings (default 10; the
training queries shuffled, which changes the pairs both draw). Exits 1 unless: the table
option gives the same model, rank:ndcg within 0.002, rank:pairwise within 0.01, LightGBM
within 0.02 with its first 10 trees alike (one tree split differently by the table's
1e-5 sends two boosters on separate paths).
"""
import json
import os
import sys

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path[:0] = [os.path.join(ROOT, "python"), os.path.join(ROOT, "examples")]
import ranknet  # noqa: E402

try:
    import lightgbm as lgb
    import xgboost as xgb
    from letor import load, ndcg10
except ImportError as e:
    print(f"parity: skipped, {e.name} is not installed (make parity installs lightgbm and xgboost-cpu into build/venv)")
    sys.exit(0)


def alike(a, b):
    """how many of the first trees of two lists split the same way (feature and threshold)"""
    n = 0
    for ta, tb in zip(a, b):
        if ta != tb:
            break
        n += 1
    return n


def lgb_shapes(booster):
    def shape(node):
        if "leaf_index" in node:
            return "leaf"
        return (node["split_feature"], node["threshold"], shape(node["left_child"]), shape(node["right_child"]))
    return [shape(t["tree_structure"]) for t in booster.dump_model()["tree_info"]]


def xgb_shapes(booster):
    def shape(node):
        if "leaf" in node:
            return "leaf"
        return (node["split"], node["split_condition"], [shape(c) for c in node["children"]])
    return [shape(json.loads(t)) for t in booster.get_dump(dump_format="json")]


def result(labels, group, built_in, ours, shapes):
    """(built-in NDCG@10, ranknet.h NDCG@10, max |prediction difference|, first trees alike)"""
    return (ndcg10(built_in, labels, group), ndcg10(ours, labels, group), float(np.max(np.abs(built_in - ours))),
            alike(*shapes))


TABLE_RESULT = [None]  # the LightGBM preset with sigmoid_table=True


def lightgbm_pair(xtr, ytr, gtr, xte, yte, gte, rounds):
    params = {"objective": "lambdarank", "lambdarank_truncation_level": 30, "lambdarank_norm": True, "sigmoid": 1.0,
              "learning_rate": 0.1, "num_leaves": 31, "min_data_in_leaf": 20, "max_bin": 255, "seed": 1,
              "deterministic": True, "force_row_wise": True, "num_threads": 1, "verbosity": -1}

    def objective(preds, data, table=False):
        _, g, h = ranknet.ranknet_batch(preds, ytr, gtr, preset="lightgbm", weighting="ndcg", k=30,
                                        normalize="log2", sigma=1.0, sigmoid_table=table, loss=False, hess=True)
        return g, h

    built_in = lgb.train(params, lgb.Dataset(xtr, ytr, group=gtr), rounds)
    ours = lgb.train({**params, "objective": objective}, lgb.Dataset(xtr, ytr, group=gtr), rounds)
    table = lgb.train({**params, "objective": lambda p, d: objective(p, d, table=True)},
                      lgb.Dataset(xtr, ytr, group=gtr), rounds)
    reference = built_in.predict(xte, raw_score=True)
    TABLE_RESULT[0] = result(yte, gte, reference, table.predict(xte, raw_score=True),
                             (lgb_shapes(built_in), lgb_shapes(table)))
    return result(yte, gte, reference, ours.predict(xte, raw_score=True), (lgb_shapes(built_in), lgb_shapes(ours)))


def xendcg_pair(xtr, ytr, gtr, xte, yte, gte, rounds):
    """LightGBM's rank_xendcg against ranknet.h's preset of it: its generator (objective_seed
    + query, advanced by the query's size each round) and its gradient approximation"""
    params = {"objective": "rank_xendcg", "objective_seed": 5, "learning_rate": 0.1, "num_leaves": 31,
              "min_data_in_leaf": 20, "max_bin": 255, "deterministic": True, "force_row_wise": True,
              "num_threads": 1, "verbosity": -1}
    rounds_done = [0]

    def objective(preds, data):
        _, g, h = ranknet.ranknet_batch(preds, data.get_label(), data.get_group(), preset="lightgbm",
                                        listwise="xendcg", seed=5, iteration=rounds_done[0], loss=False, hess=True)
        rounds_done[0] += 1
        return g, h

    built_in = lgb.train(params, lgb.Dataset(xtr, ytr, group=gtr), rounds)
    ours = lgb.train({**params, "objective": objective}, lgb.Dataset(xtr, ytr, group=gtr), rounds)
    return result(yte, gte, built_in.predict(xte, raw_score=True), ours.predict(xte, raw_score=True),
                  (lgb_shapes(built_in), lgb_shapes(ours)))


def xgboost_pair(xtr, ytr, gtr, xte, yte, gte, rounds, objective_name):
    params = {"eta": 0.1, "max_depth": 6, "min_child_weight": 0.1, "tree_method": "hist", "max_bin": 256,
              "base_score": 0.0, "seed": 1, "nthread": 1, "verbosity": 0}
    if objective_name == "rank:ndcg":  # XGBoost's defaults, written out
        engine = {"lambdarank_pair_method": "topk", "lambdarank_num_pair_per_sample": 32}
        preset = {"weighting": "ndcg", "k": 32}
    else:  # rank:pairwise with sampled pairs, one an item
        engine = {"lambdarank_pair_method": "mean", "lambdarank_num_pair_per_sample": 1}
        preset = {"weighting": None, "sample_pairs": 1}
    engine.update(lambdarank_normalization=True, lambdarank_score_normalization=True)
    dtr, dte = xgb.DMatrix(xtr, label=ytr), xgb.DMatrix(xte, label=yte)
    dtr.set_group(gtr)
    dte.set_group(gte)
    rounds_done = [0]

    def objective(preds, dtrain):
        # labels and query boundaries from the DMatrix handed in, not from globals
        y = dtrain.get_label()
        group = np.diff(dtrain.get_uint_info("group_ptr"))
        _, g, h = ranknet.ranknet_batch(preds, y, group, preset="xgboost", normalize="log2", score_norm=True,
                                        seed=rounds_done[0], loss=False, hess=True, **preset)
        rounds_done[0] += 1
        return g, h

    built_in = xgb.train({**params, **engine, "objective": objective_name}, dtr, rounds)
    ours = xgb.train({**params, "objective": "reg:squarederror"}, dtr, rounds, obj=objective)
    return result(yte, gte, built_in.predict(dte, output_margin=True), ours.predict(dte, output_margin=True),
                  (xgb_shapes(built_in), xgb_shapes(ours)))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    data = args[0] if args else os.path.join(ROOT, "data", "letor-sample")
    rounds = int(args[1]) if len(args) > 1 else 100
    xtr, ytr, gtr = load(os.path.join(data, "rank.train"))
    xte, yte, gte = load(os.path.join(data, "rank.test"), xtr.shape[1])
    runs = int(args[2]) if len(args) > 2 else 10
    print(f"LightGBM {lgb.__version__}, XGBoost {xgb.__version__}, {rounds} rounds on {len(gtr)} training queries, "
          f"NDCG@10 on {len(gte)} test queries")
    ok = True
    nb, no, z, n_alike = lightgbm_pair(xtr, ytr, gtr, xte, yte, gte, rounds)
    print(f"parity lightgbm lambdarank: built-in NDCG@10 {nb:.4f}, ranknet.h NDCG@10 {no:.4f}, "
          f"max |prediction difference| {z:.3g}")
    print(f"  the first {n_alike} of {rounds} trees split alike (then the sigmoid table's 1e-5 turns a split)")
    ok &= n_alike >= 10 and abs(nb - no) <= 0.02
    nb, no, z, n_alike = TABLE_RESULT[0]
    print(f"parity lightgbm lambdarank (table): built-in NDCG@10 {nb:.4f}, ranknet.h NDCG@10 {no:.4f}, "
          f"max |prediction difference| {z:.3g}")
    print(f"  the first {n_alike} of {rounds} trees split alike (sigmoid_table: LightGBM's own arithmetic)")
    ok &= n_alike == rounds and z <= 1e-6
    nb, no, z, n_alike = xendcg_pair(xtr, ytr, gtr, xte, yte, gte, rounds)
    print(f"parity lightgbm rank_xendcg: built-in NDCG@10 {nb:.4f}, ranknet.h NDCG@10 {no:.4f}, "
          f"max |prediction difference| {z:.3g}")
    print(f"  the first {n_alike} of {rounds} trees split alike")
    ok &= abs(nb - no) <= 0.002
    nb, no, z, n_alike = xgboost_pair(xtr, ytr, gtr, xte, yte, gte, rounds, "rank:ndcg")
    print(f"parity xgboost rank:ndcg: built-in NDCG@10 {nb:.4f}, ranknet.h NDCG@10 {no:.4f}, "
          f"max |prediction difference| {z:.3g}")
    print(f"  the first {n_alike} of {rounds} trees split alike")
    ok &= n_alike >= 10 and abs(nb - no) <= 0.002
    # rank:pairwise samples its pairs: the mean of several trainings, the training queries
    # shuffled (which changes the pairs XGBoost draws, and ours), against the scatter
    bounds = np.concatenate([[0], np.cumsum(gtr)])
    r = []
    for run in range(runs):
        order = np.random.default_rng(run).permutation(len(gtr)) if run else np.arange(len(gtr))
        rows = np.concatenate([np.arange(bounds[q], bounds[q + 1]) for q in order])
        r.append(xgboost_pair(xtr[rows], ytr[rows], gtr[order], xte, yte, gte, rounds, "rank:pairwise"))
    r = np.array(r)
    nb, no = r[:, 0].mean(), r[:, 1].mean()
    print(f"parity xgboost rank:pairwise: built-in NDCG@10 {nb:.4f}, ranknet.h NDCG@10 {no:.4f}, "
          f"max |prediction difference| {r[:, 2].max():.3g}")
    print(f"  the mean of {runs} trainings (file order, then shuffled queries); standard deviation of one: "
          f"built-in {r[:, 0].std():.4f}, ranknet.h {r[:, 1].std():.4f}")
    ok &= abs(nb - no) <= 0.01
    return 0 if ok else 1

if __name__ == "__main__":
    sys.exit(main())
