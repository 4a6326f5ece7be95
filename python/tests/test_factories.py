"""test_factories.py - ranknet.lightgbm and ranknet.xgboost: the objectives against direct
ranknet_batch calls (bit for bit), training with them on the LETOR sample against the
engines' built-in objectives, the metrics against ranknet_metric, and their errors. Run by
`make test` with Debian's python3 (XGBoost 1.7; LightGBM where it is installed) and by
`make parity` in build/venv (LightGBM 4 and XGBoost 3 from PyPI). Each engine's part is
skipped, with a message, where the engine is not installed; the rest runs everywhere.
Ends with "N passed, M failed"."""
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, ".."), os.path.join(HERE, "..", "..", "examples")]
import ranknet  # noqa: E402
from checks import check, finish  # noqa: E402
from letor import load, ndcg10  # noqa: E402

LETOR = os.path.join(HERE, "..", "..", "data", "letor-sample")
rng = np.random.default_rng(7)


class FakeLgbDataset:
    """what the LightGBM objective reads of a lgb.Dataset"""

    def __init__(self, labels, group, weight=None):
        self.labels, self.group, self.weight = labels, group, weight

    def get_label(self):
        return self.labels

    def get_group(self):
        return self.group

    def get_weight(self):
        return self.weight


class FakeDMatrix:
    """what the XGBoost objective reads of a DMatrix"""

    def __init__(self, labels, group, weight=None):
        self.labels, self.ptr, self.weight = labels, np.concatenate([[0], np.cumsum(group)]).astype(np.uint32), weight

    def get_label(self):
        return self.labels

    def get_uint_info(self, name):
        assert name == "group_ptr"
        return self.ptr

    def get_weight(self):
        return self.weight if self.weight is not None else np.empty(0, dtype=np.float32)


# --- the objectives are ranknet_batch, bit for bit -------------------------------------------
group = np.array([5, 1, 12, 7, 30])
y = rng.integers(0, 5, group.sum()).astype(np.float32)
s64, s32 = rng.normal(size=group.sum()), rng.normal(size=group.sum()).astype(np.float32)
_, g, h = ranknet.ranknet_batch(s64, y.astype(np.float64), group, preset="lightgbm", weighting="ndcg", k=30,
                                normalize="log2", sigma=1.0, hess=True, loss=False)
g2, h2 = ranknet.lightgbm.objective(preset=True)(s64, FakeLgbDataset(y, group))
check("lightgbm objective (train API) is ranknet_batch", np.array_equal(g, g2) and np.array_equal(h, h2))
g3, h3 = ranknet.lightgbm.objective(preset=True)(y, s64, None, group)
check("lightgbm objective (sklearn API) is ranknet_batch", np.array_equal(g, g3) and np.array_equal(h, h3))
w = rng.uniform(0.5, 2, group.sum())
_, gw, hw = ranknet.ranknet_batch(s64, y.astype(np.float64), group, preset="lightgbm", weighting="ndcg", k=30,
                                  normalize="log2", sigma=1.0, item_weights=w, hess=True, loss=False)
g4, h4 = ranknet.lightgbm.objective(preset=True)(s64, FakeLgbDataset(y, group, w))
check("lightgbm objective takes the row weights", np.array_equal(gw, g4) and np.array_equal(hw, h4))
_, g, h = ranknet.ranknet_batch(s32, y, group, preset="xgboost", weighting="ndcg", k=32, normalize="log2",
                                score_norm=True, hess=True, loss=False)
g2, h2 = ranknet.xgboost.objective(preset=True)(s32, FakeDMatrix(y, group))
check("xgboost objective is ranknet_batch, float32", g2.dtype == np.float32 and np.array_equal(g, g2)
      and np.array_equal(h, h2))
qw = rng.uniform(0.5, 2, len(group)).astype(np.float32)
_, gq, _ = ranknet.ranknet_batch(s32, y, group, preset="xgboost", weighting="ndcg", k=32, normalize="log2",
                                 score_norm=True, query_weights=qw, hess=True, loss=False)
g5, _ = ranknet.xgboost.objective(preset=True)(s32, FakeDMatrix(y, group, qw))
check("xgboost objective takes the group weights", np.array_equal(gq, g5))
_, g, h = ranknet.ranknet_batch(s64, y.astype(np.float64), group, weighting="err", k=10, hess=True, loss=False)
g2, h2 = ranknet.xgboost.objective(weighting="err", k=10)(s64, FakeDMatrix(y, group))
check("any weighting through the factory", np.array_equal(g, g2) and np.array_equal(h, h2))

# --- the metrics are ranknet_metric, averaged over queries -----------------------------------
bounds = np.concatenate([[0], np.cumsum(group)])
for name, kind, k in (("ndcg@10", "ndcg", 10), ("map@5", "map", 5), ("mrr", "mrr", 0), ("err@10", "err", 10)):
    want = np.mean([ranknet.ranknet_metric(kind, s64[a:b], y[a:b], k) for a, b in zip(bounds[:-1], bounds[1:])])
    check(f"lightgbm metric {name}", ranknet.lightgbm.metric(name)(s64, FakeLgbDataset(y, group)) == (name, want, True))
    check(f"lightgbm metric {name}, sklearn", ranknet.lightgbm.metric(name)(y, s64, None, group) == (name, want, True))
    check(f"xgboost metric {name}", ranknet.xgboost.metric(name)(s64, FakeDMatrix(y, group)) == (name, want))
check("xgboost metric: higher is better", ranknet.xgboost.metric("err@10").higher_is_better is True)


# --- errors say what is wrong ----------------------------------------------------------------
def message(f, *args):
    try:
        f(*args)
    except (ValueError, ranknet.RanknetError) as e:
        return str(e)
    return ""


check("unknown metric", "unknown metric 'ndgc@10'" in message(ranknet.lightgbm.metric, "ndgc@10"))
check("no groups", "no query groups" in message(ranknet.lightgbm.objective(preset=True), s64, FakeLgbDataset(y, None)))
check("groups that do not add up", "hold 55 rows, the predictions 56" in
      message(ranknet.xgboost.objective(), np.zeros(56), FakeDMatrix(np.zeros(56), group)))
check("scores of several columns", "one score a row, got predictions of shape (55, 2)" in
      message(ranknet.lightgbm.objective(), np.zeros((55, 2)), FakeLgbDataset(y, group)))

# --- position bias ---------------------------------------------------------------------------
import pickle  # noqa: E402

b = ranknet.PositionBias(10)
check("PositionBias defaults: ratio, regularizer 0, t- held", b.method == "ratio" and b.regularizer == 0
      and b.hold_minus and np.array_equal(b.t_plus, np.ones(10)))
xb = ranknet.PositionBias(10, "xgboost")
check("PositionBias xgboost: regularizer 1, t- learned", xb.method == "ratio" and xb.regularizer == 1
      and not xb.hold_minus)
lb = ranknet.PositionBias(10, "lightgbm")
check("PositionBias lightgbm: additive, zero bias", lb.method == "lightgbm" and np.array_equal(lb.bias, np.zeros(10)))
pos = np.concatenate([np.arange(n) for n in group])
clicks = (rng.random(group.sum()) < 0.3).astype(np.float64)
# factors 1: the plain batch (equal labels left out)
_, g1, _ = ranknet.ranknet_batch(s64, clicks, group, weighting="ndcg", k=10, bias=b, positions=pos, loss=False)
_, g0, _ = ranknet.ranknet_batch(s64, clicks, group, weighting="ndcg", k=10, loss=False)
check("PositionBias with factors 1 is the plain batch", np.allclose(g1, g0, rtol=0, atol=1e-12))
b.update()
check("PositionBias.update learns t+", not np.array_equal(b.t_plus, np.ones(10)) and np.array_equal(b.t_minus, np.ones(10)))
copy = pickle.loads(pickle.dumps(b))
check("PositionBias pickles", np.array_equal(copy.t_plus, b.t_plus) and copy.regularizer == b.regularizer
      and copy.hold_minus == b.hold_minus)
f = ranknet.xgboost.objective(weighting="ndcg", k=10, bias=b, positions=pos)
g3, _ = f(s64, FakeDMatrix(clicks, group))
_, g4, _ = ranknet.ranknet_batch(s64, clicks, group, weighting="ndcg", k=10, bias=copy, positions=pos, hess=True,
                                 loss=False)
copy.update()
check("the objective with a bias is the debiased batch, then an update", np.array_equal(g3, g4)
      and np.array_equal(b.t_plus, copy.t_plus))
check("PositionBias(0)", "PositionBias: positions is 0; it must be >= 1" in message(ranknet.PositionBias, 0))
check("positions without a bias", "positions= without bias=" in
      message(lambda: ranknet.ranknet_batch(s64, clicks, group, positions=pos)))

# --- training through the engines ------------------------------------------------------------
xtr, ytr, gtr = load(os.path.join(LETOR, "rank.train"))
xte, yte, gte = load(os.path.join(LETOR, "rank.test"), xtr.shape[1])
try:
    import xgboost as xgb
except ImportError:
    xgb = None
    print("test_factories: xgboost part skipped, xgboost is not installed (apt-get install python3-xgboost)")
if xgb is not None:
    params = {"tree_method": "hist", "max_depth": 6, "eta": 0.1, "nthread": 1, "seed": 1}
    dtr, dte = xgb.DMatrix(xtr, ytr), xgb.DMatrix(xte, yte)
    dtr.set_group(gtr), dte.set_group(gte)
    evals = {}
    ours = xgb.train({**params, "disable_default_eval_metric": 1}, dtr, 30, obj=ranknet.xgboost.objective(preset=True),
                     evals=[(dte, "test")], evals_result=evals, verbose_eval=False,
                     custom_metric=ranknet.xgboost.metric("err@10"))  # XGBoost >= 1.6
    ours_ndcg = ndcg10(ours.predict(dte), yte, gte)
    check("xgboost trains with the factory", ours_ndcg > 0.70, f"NDCG@10 {ours_ndcg:.4f}")
    check("xgboost reports the metric", len(evals["test"]["err@10"]) == 30 and evals["test"]["err@10"][-1] > 0)
    if int(xgb.__version__[0]) >= 2:  # rank:ndcg as the preset has it (XGBoost 1.x samples its pairs)
        built_in = xgb.train({**params, "objective": "rank:ndcg"}, dtr, 30)
        diff = abs(ndcg10(built_in.predict(dte), yte, gte) - ours_ndcg)
        check("xgboost: the preset trains as rank:ndcg", diff <= 0.002, f"|difference| {diff:.4f}")
    else:
        print(f"test_factories: xgboost {xgb.__version__}: the comparison with rank:ndcg needs XGBoost 2 or later "
              "(make parity runs it)")
try:
    import lightgbm as lgb
except ImportError:
    lgb = None
    print("test_factories: lightgbm part skipped, lightgbm is not installed (make parity installs it into build/venv)")
if lgb is not None:
    params = {"learning_rate": 0.1, "num_leaves": 31, "min_data_in_leaf": 20, "seed": 1, "deterministic": True,
              "force_row_wise": True, "num_threads": 1, "verbosity": -1}
    built_in = lgb.train({**params, "objective": "lambdarank"}, lgb.Dataset(xtr, ytr, group=gtr), 30)
    table = lgb.train({**params, "objective": ranknet.lightgbm.objective(preset=True, sigmoid_table=True)},
                      lgb.Dataset(xtr, ytr, group=gtr), 30)
    diff = float(np.max(np.abs(built_in.predict(xte) - table.predict(xte))))
    check("lightgbm: the preset with sigmoid_table trains LightGBM's model", diff <= 1e-6, f"max difference {diff:.3g}")
    xe_built_in = lgb.train({**params, "objective": "rank_xendcg"}, lgb.Dataset(xtr, ytr, group=gtr), 20)
    xe = lgb.train({**params, "objective": ranknet.lightgbm.objective(preset=True, listwise="xendcg",
                                                                      lightgbm_seed=params["seed"])},
                   lgb.Dataset(xtr, ytr, group=gtr), 20)
    diff = float(np.max(np.abs(xe_built_in.predict(xte) - xe.predict(xte))))
    check("lightgbm: preset=True, listwise='xendcg' trains rank_xendcg's model", diff == 0, f"max difference {diff:.3g}")
    try:
        ranknet.lightgbm.objective(preset=True, listwise="listmle")
        check("lightgbm: preset=True with another listwise loss is refused", False, "no exception")
    except ValueError as e:
        check("lightgbm: preset=True with another listwise loss is refused", "rank_xendcg" in str(e), str(e))
    try:
        import sklearn  # noqa: F401  (LGBMRanker needs it)
    except ImportError:
        sklearn = None
        print("test_factories: LGBMRanker part skipped, scikit-learn is not installed (make engines installs it)")
    if sklearn is not None:
        ranker = lgb.LGBMRanker(objective=ranknet.lightgbm.objective(preset=True), n_estimators=30, **params)
        ranker.fit(xtr, ytr, group=gtr, eval_set=[(xte, yte)], eval_group=[gte], eval_metric=ranknet.lightgbm.metric("err@10"))
        sk = ndcg10(ranker.predict(xte), yte, gte)
        check("lightgbm: LGBMRanker with the factory", abs(sk - ndcg10(built_in.predict(xte), yte, gte)) <= 0.02,
              f"NDCG@10 {sk:.4f}")
        check("lightgbm: LGBMRanker reports the metric", "err@10" in ranker.evals_result_["valid_0"])
finish()
