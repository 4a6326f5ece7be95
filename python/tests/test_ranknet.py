"""test_ranknet.py - the Python binding against the C results and a numpy reference.
Run by `make test` when Debian's python3-numpy is installed (/usr/bin/python3).
Ends with "N passed, M failed"."""
import os
import subprocess
import sys

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path[:0] = [os.path.join(ROOT, "python"), os.path.join(ROOT, "examples")]
import ranknet  # noqa: E402
from checks import check, finish  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
def reference(s, y, sigma=1.0):
    """every ordered pair in float64, straight from the definitions"""
    d = sigma * (s[:, None] - s[None, :])
    p = 1 / (1 + np.exp(-d))
    t = np.where(y[:, None] > y[None, :], 1.0, np.where(y[:, None] < y[None, :], 0.0, 0.5))
    off = ~np.eye(len(s), dtype=bool)
    grad = (sigma * (p - t) * off).sum(axis=1)
    hess = (sigma * sigma * p * (1 - p) * off).sum(axis=1)
    upper = np.triu(off)
    loss = ((np.logaddexp(0, d) - t * d) * upper).sum()
    return loss, grad, hess


rng = np.random.default_rng(3)

# 1. the quickstart query: the binding gives the lambdas the C program prints
quick = os.path.join(ROOT, "build", "quickstart")
if os.path.exists(quick):
    out = subprocess.run([quick], capture_output=True, text=True).stdout
    rows = [line.split() for line in out.splitlines() if line.strip()[:1].isdigit() and len(line.split()) == 4]
    s = np.array([float(r[2]) for r in rows])
    y = np.array([float(r[1]) for r in rows])
    c_lambdas = np.array([float(r[3]) for r in rows])
    c_loss = float(out.split("RankNet loss: ")[1].split()[0])
    check("quickstart rows", len(rows) == 6, out)
    check("quickstart lambdas", np.allclose(ranknet.ranknet_grad(s, y), c_lambdas, atol=1e-6))
    check("quickstart loss", abs(ranknet.ranknet_loss(s, y) - c_loss) < 1e-6)
else:
    check("build/quickstart exists (make builds it)", False)

# 2. against the numpy reference, both precisions, with options
for n in (1, 2, 17, 300):
    s = rng.normal(size=n) * 2
    y = np.floor(rng.random(n) * 5)
    for sigma in (1.0, 0.5):
        loss, g, h = ranknet.ranknet_query(s, y, sigma=sigma, hess=True)
        rl, rg, rh = reference(s, y, sigma)
        check(f"loss n={n}", abs(loss - rl) <= 1e-11 * max(1, abs(rl)), (loss, rl))
        check(f"grad n={n}", np.allclose(g, rg, rtol=0, atol=1e-11 * max(1, n)))
        check(f"hess n={n}", np.allclose(h, rh, rtol=0, atol=1e-11 * max(1, n)))
        lf, gf, hf = ranknet.ranknet_query(s.astype(np.float32), y.astype(np.float32), sigma=sigma, hess=True)
        check(f"float twin dtype n={n}", gf.dtype == np.float32 and hf.dtype == np.float32)
        check(f"float twin n={n}", np.allclose(gf, rg, rtol=0, atol=1e-5 * max(1, n)))

# 3. batches equal their queries; LambdaRank and NDCG run
s = rng.normal(size=50)
y = np.floor(rng.random(50) * 5)
group = [10, 0, 25, 15]
lb, gb, _ = ranknet.ranknet_batch(s, y, group)
parts = np.split(np.arange(50), np.cumsum(group)[:-1])
check("batch loss", abs(lb - sum(ranknet.ranknet_loss(s[p], y[p]) for p in parts)) < 1e-12)
check("batch grad", np.allclose(gb, np.concatenate([ranknet.ranknet_grad(s[p], y[p]) for p in parts if len(p)])))
_, glr, hlr = ranknet.ranknet_batch(s, y, group, weighting="ndcg", k=5, hess=True)
check("lambdarank finite", np.all(np.isfinite(glr)) and np.all(hlr >= 0))
check("ndcg perfect", abs(ranknet.ranknet_ndcg(y, y) - 1) < 1e-15)
check("ndcg range", 0 <= ranknet.ranknet_ndcg(s, y, 10) <= 1)
lp, gp = ranknet.ranknet_pair_bce(np.array([0.0, 2.0]), np.array([0.5, 1.0]))
check("pair_bce", abs(lp - (np.log(2) + np.logaddexp(0, 2.0) - 2.0)) < 1e-15)
ll, gl = ranknet.ranknet_logsigmoid_loss(np.array([0.0, 0.0]))
check("logsigmoid", abs(ll - np.log(2)) < 1e-15 and np.allclose(gl, -0.25))
check("simd path named", ranknet.simd_path() in ("avx512", "avx2+fma", "sse2", "neon", "scalar"))

# 4. errors are exceptions carrying the status string, and nothing comes back
for name, call, needle in (
        ("NaN", lambda: ranknet.ranknet_grad(np.array([0.0, np.nan]), np.array([1.0, 0.0])), "NaN or infinity"),
        ("sigma", lambda: ranknet.ranknet_query(np.zeros(3), np.zeros(3), sigma=-1.0), "bad or unsupported option"),
        ("target", lambda: ranknet.ranknet_pair_bce(np.zeros(2), np.array([0.0, 2.0])), "target outside"),
        ("negative label", lambda: ranknet.ranknet_ndcg(np.zeros(2), np.array([-1.0, 0.0])), "outside its domain")):
    try:
        call()
        check(f"error {name}", False, "no exception")
    except ranknet.RanknetError as e:
        check(f"error {name}", needle in str(e) and e.status != 0, str(e))
try:
    ranknet.ranknet_batch(np.zeros(3), np.zeros(3), [2])
    check("group sizes", False, "no exception")
except ValueError as e:
    check("group sizes", "add up to 2" in str(e), str(e))

# 5. presets and the per-query normalisation as keyword arguments
s5, y5 = np.array([0.5, 1.5, -0.2, 0.0, 0.3, 0.3]), np.array([2.0, 0, 1, 0, 3, 1])
_, g_l, h_l = ranknet.ranknet_query(s5, y5, preset="lightgbm", weighting="ndcg", k=30, normalize="log2", hess=True)
_, g_x, h_x = ranknet.ranknet_query(s5, y5, preset="xgboost", weighting="ndcg", k=30, normalize="log2",
                                    score_norm=True, hess=True)
# the same weights but for 0.01f against 0.01, and XGBoost's doubled hessian
check("preset lightgbm vs xgboost lambdas", np.allclose(g_l, g_x, rtol=1e-6))
check("preset xgboost hessian doubled", np.allclose(h_x, 2 * h_l, rtol=1e-6))
check("preset lambdas sum to 0", abs(g_l.sum()) < 1e-12)
_, a, _ = ranknet.ranknet_query(s5, y5, preset="xgboost", sample_pairs=2, seed=5)
_, b, _ = ranknet.ranknet_query(s5, y5, preset="xgboost", sample_pairs=2, seed=5)
check("sampled pairs repeat with the seed", np.array_equal(a, b))
l0, g0, h0 = ranknet.ranknet_batch(s5, y5, [4, 2], hess=True)
l1, g1, h1 = ranknet.ranknet_batch(s5, y5, [4, 2], hess=True, normalize="items")
check("normalize='items' divides by n - 1", np.allclose(g1, g0 / np.repeat([3, 1], [4, 2]), rtol=1e-15) and
      np.allclose(h1, h0 / np.repeat([3, 1], [4, 2]), rtol=1e-15))
# the errors say which option or input, and the rule (the C call's reason)
check("preset='lightgbm' implies weighting='ndcg'", np.array_equal(
    ranknet.ranknet_query(s5, y5, preset="lightgbm")[1], ranknet.ranknet_query(s5, y5, preset="lightgbm",
                                                                               weighting="ndcg")[1]))
for name, kw, needle in (("lightgbm with map", dict(preset="lightgbm", weighting="map"),
                          "preset LIGHTGBM needs weighting DELTA_NDCG (lambdarank), not DELTA_MAP"),
                         ("score_norm without preset", dict(score_norm=True), "score_norm needs preset XGBOOST"),
                         ("fractional label", dict(preset="lightgbm", weighting="ndcg",
                                                   labels=np.array([0.5, 0, 1, 0, 3, 1])),
                          "query 0 has a label preset LIGHTGBM refuses"),
                         ("negative item weight", dict(weighting="map", item_weights=-np.ones(6)),
                          "item_weights has a negative weight (-1)"),
                         ("label outside the gain table", dict(weighting="ndcg", label_gain=[0, 1, 3]),
                          "not an integer of label_gain (0 .. 2)")):
    labels = kw.pop("labels", y5)
    try:
        ranknet.ranknet_query(s5, labels, **kw)
        check(f"error {name}", False, "no exception")
    except ranknet.RanknetError as e:
        check(f"error {name}", needle in str(e), str(e))
# sigmoid_table: LightGBM's own arithmetic (float sums), within the table's 1e-5 of the exact preset
_, g_t5, h_t5 = ranknet.ranknet_query(s5, y5, preset="lightgbm", weighting="ndcg", k=30, normalize="log2",
                                      sigmoid_table=True, hess=True)
check("sigmoid_table float sums", np.array_equal(g_t5, g_t5.astype(np.float32)) and not np.array_equal(g_t5, g_l))
check("sigmoid_table near the exact sigmoid", np.allclose(g_t5, g_l, rtol=0, atol=1e-5 * np.abs(g_l).max()))
try:
    ranknet.ranknet_query(s5, y5, weighting="ndcg", sigmoid_table=True)
    check("sigmoid_table without the LightGBM preset", False, "no exception")
except ranknet.RanknetError as e:
    check("sigmoid_table without the LightGBM preset", "option" in str(e), str(e))
try:
    ranknet.ranknet_query(s5, y5, preset="catboost")
    check("unknown preset name", False, "no exception")
except ValueError as e:
    check("unknown preset name", "catboost" in str(e), str(e))
# the calls without a batch's options say why too: metrics, pair losses, the bias state
big = ranknet.PositionBias(3)
big.update()  # nothing summed: nothing changes, no error
for name, call, needle in (
        ("metric label", lambda: ranknet.ranknet_metric("err", [1.0, 2, 3], [0, -2, 1]),
         "ranknet_metric: the label of row 1 is -2: a metric's labels must be >= 0"),
        ("ndcg score", lambda: ranknet.ranknet_ndcg(np.array([1.0, np.inf], dtype=np.float32), [0, 1]),
         "ranknet_ndcg: the score of row 1 is inf"),
        ("pair target", lambda: ranknet.ranknet_pair_bce([0.0, 1, 2], [0, 1.5, 1]),
         "ranknet_pair_bce: target of pair 1 is 1.5: targets are in [0, 1]"),
        ("pair weight", lambda: ranknet.ranknet_logsigmoid_loss([0.0, 1, 2], [1, 1, -3]),
         "weight of pair 2 is -3: weights must be >= 0"),
        ("pair diff", lambda: ranknet.ranknet_logsigmoid_loss([0.0, np.nan]), "diff of pair 1 is nan"),
        ("bias factor", lambda: (big._array("t_plus").__setitem__(1, -1.0), big.update()),
         "PositionBias.update: bias t_plus[1] is -1: it must be > 0 (a RATIO factor)"),
        ("bias in a batch", lambda: ranknet.ranknet_batch([0.0, 1], [1, 0], [2], bias=big),
         "ranknet_batch: bias t_plus[1] is -1"),
        ("bias position", lambda: (big._array("t_plus").__setitem__(1, 1.0),
                                   ranknet.ranknet_batch([0.0, 1], [1, 0], [2], bias=big, positions=[0, -4])),
         "the position of row 1 is -4: 0 .. 2^31 - 1")):
    try:
        call()
        check(f"error {name}", False, "no exception")
    except ranknet.RanknetError as e:
        check(f"error {name}", needle in str(e), str(e))
for name, call, needle in (("bias positions 0", lambda: ranknet.PositionBias(0), "positions is 0"),
                           ("unknown metric", lambda: ranknet.ranknet_metric("auc", [0.0], [1]), "unknown metric")):
    try:
        call()
        check(f"error {name}", False, "no exception")
    except ValueError as e:
        check(f"error {name}", needle in str(e), str(e))

# 6. the weightings, gain tables, weights and metrics of the 1.0 API
for w in ("map", "mrr", "err", "lambdaloss", "label_diff"):
    _, g6, h6 = ranknet.ranknet_query(s5, y5, weighting=w, k=4, mu=10.0, hess=True)
    check(f"weighting {w} lambdas sum to 0", abs(g6.sum()) < 1e-12 and np.all(h6 >= 0) and np.any(g6 != 0))
_, g_t, _ = ranknet.ranknet_query(s5, y5, weighting="ndcg", label_gain=[0, 1, 3, 7])
_, g_e, _ = ranknet.ranknet_query(s5, y5, weighting="ndcg")
check("label_gain 2^y - 1 as a table equals the default gain", np.allclose(g_t, g_e, rtol=1e-14, atol=1e-16))
l_w, g_w, _ = ranknet.ranknet_batch(s5, y5, [4, 2], query_weights=[2.0, 0.0])
l_1, g_1, _ = ranknet.ranknet_batch(s5, y5, [4, 2])
check("query weights scale their query", np.allclose(g_w[:4], 2 * g_1[:4]) and np.all(g_w[4:] == 0))
check("metric map", abs(ranknet.ranknet_metric("map", [3.0, 2, 1], [0, 1, 1]) - (1 / 2 + 2 / 3) / 2) < 1e-15)
check("metric mrr", ranknet.ranknet_metric("mrr", [3.0, 2, 1], [0, 1, 1]) == 0.5)

# the metrics of 1.4, and what a query without a relevant item scores
check("metric precision", ranknet.ranknet_metric("precision", [3.0, 2, 1], [0, 1, 1], 2) == 0.5)
check("metric recall", ranknet.ranknet_metric("recall", [3.0, 2, 1], [0, 1, 1], 2) == 0.5)
check("metric dcg", abs(ranknet.ranknet_metric("dcg", [3.0, 2, 1], [0, 1, 2]) - (1 / np.log2(3) + 3 / 2)) < 1e-15)
check("metric no relevant", ranknet.ranknet_metric("ndcg", [1.0, 2], [0, 0]) == 1.0 and
      ranknet.ranknet_metric("ndcg", [1.0, 2], [0, 0], no_relevant=0) == 0.0 and
      ranknet.ranknet_metric("recall", [1.0, 2], [0, 0], no_relevant=1) == 1.0)

# delta DCG is delta NDCG times IDCG; LambdaLoss's schemes are options
_, g_dcg, _ = ranknet.ranknet_query(s5, y5, weighting="dcg", k=4)
_, g_ndcg, _ = ranknet.ranknet_query(s5, y5, weighting="ndcg", k=4)
idcg4 = np.sum(np.sort(2 ** y5 - 1)[::-1][:4] / np.log2(np.arange(4) + 2))
check("weighting dcg is ndcg x IDCG", np.allclose(g_dcg, g_ndcg * idcg4, rtol=1e-13, atol=1e-15))
l_1 = ranknet.ranknet_query(s5, y5, weighting="lambdaloss", scheme="ndcg1", k=4)[0]
l_2 = ranknet.ranknet_query(s5, y5, weighting="lambdaloss", scheme="ndcg2", k=4)[0]
l_pp = ranknet.ranknet_query(s5, y5, weighting="lambdaloss", k=4, mu=10.0)[0]
check("lambdaloss schemes differ", len({l_1, l_2, l_pp}) == 3 and min(l_1, l_2, l_pp) > 0)

# 7. listwise losses: against numpy's formulas, and their options
sl, yl = np.array([0.3, -1.2, 0.8, 0.8, 2.0]), np.array([1.0, 0, 2, 0, 1])
rho = np.exp(sl - sl.max()) / np.exp(sl - sl.max()).sum()
for name, kw, p in (("sum", {}, yl / yl.sum()), ("softmax", dict(label_transform="softmax"), np.exp(yl) / np.exp(yl).sum()),
                    ("exp2", dict(label_transform="exp2"), (2 ** yl - 1) / (2 ** yl - 1).sum())):
    l7, g7, h7 = ranknet.ranknet_query(sl, yl, listwise="softmax", hess=True, **kw)
    check(f"listwise softmax {name}", abs(l7 + np.sum(p * np.log(rho))) < 1e-14 and np.allclose(g7, rho - p, atol=1e-15)
          and np.allclose(h7, rho * (1 - rho), atol=1e-15))
pt = np.sum(yl / yl.sum() * rho)
l7, g7, _ = ranknet.ranknet_query(sl, yl, listwise="poly1", epsilon=2.0)
check("listwise poly1", abs(l7 + np.sum(yl / yl.sum() * np.log(rho)) - 2 * (1 - pt)) < 1e-14 and
      np.allclose(g7, rho - yl / yl.sum() - 2 * rho * (yl / yl.sum() - pt), atol=1e-15))
order = sorted(range(5), key=lambda i: (-yl[i], i))
z = sl[order]
mle = sum(np.log(np.exp(z[r:]).sum()) - z[r] for r in range(5))
check("listwise listmle", abs(ranknet.ranknet_query(sl, yl, listwise="listmle")[0] - mle) < 1e-13)
R = 1 + np.array([sum(1 / (1 + np.exp(-10 * (sl[j] - sl[i]))) for j in range(5) if j != i) for i in range(5)])
G = 2 ** yl - 1
idcg = np.sum(np.sort(G)[::-1] / np.log2(np.arange(5) + 2))
check("listwise approx_ndcg", abs(ranknet.ranknet_query(sl, yl, listwise="approx_ndcg")[0] + np.sum(G / idcg / np.log2(1 + R)))
      < 1e-14)
a1 = ranknet.ranknet_batch(np.r_[sl, sl], np.r_[yl, yl], [5, 5], listwise="xendcg", seed=3)[1]
a2 = ranknet.ranknet_batch(np.r_[sl, sl], np.r_[yl, yl], [5, 5], listwise="xendcg", seed=3, iteration=1)[1]
check("listwise xendcg: new gammas each query and round", not np.array_equal(a1[:5], a1[5:]) and
      not np.array_equal(a1, a2) and abs(a1.sum()) < 1e-14)
for name, call, kind, needle in (
        ("listwise with a weighting", lambda: ranknet.ranknet_query(sl, yl, listwise="softmax", weighting="ndcg"),
         ranknet.RanknetError, "listwise SOFTMAX takes no pair weighting"),
        ("listwise k", lambda: ranknet.ranknet_query(sl, yl, listwise="listmle", k=3), ranknet.RanknetError,
         "k must be 0"),
        ("unknown listwise", lambda: ranknet.ranknet_query(sl, yl, listwise="listnet"), ValueError, "listnet"),
        ("poly1 epsilon 0", lambda: ranknet.ranknet_query(sl, yl, listwise="poly1", epsilon=0), ValueError, "softmax")):
    try:
        call()
        check(f"error {name}", False, "no exception")
    except kind as e:
        check(f"error {name}", needle in str(e), str(e))
finish()
