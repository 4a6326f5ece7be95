"""engine_vectors.py - the real engines' own ranking gradients, saved as C test vectors.

Neither LightGBM nor XGBoost hands out the gradients of its built-in objective, but one
boosting round does: with the scores as the initial score (base margin), learning rate 1,
no L2 penalty and one leaf per row (a unique feature per row, no minimum leaf size), a
row's leaf value is v0 = -g / h; with an L1 penalty a as well it is v1 = -(g - a sign g) / h.
So h = a / |v0 - v1| and g = -v0 h (a as large as leaves the row's leaf nonzero: see solve). LightGBM estimates a bin's row count from its share of the hessian, so rows get
weights of about 1 / h (its lambdarank multiplies them into g and h; they are divided out
again); the weights and a come from ranknet.h's values, which only choose the experiment.
Rows that did not get a leaf of their own in both rounds are left out (NaN).

    build/venv/bin/python tests/engine_vectors.py > tests/engine_vectors.h

Needs lightgbm and xgboost from PyPI (make parity sets up build/venv); writes the versions
it used into the file.
"""
import os
import sys

import numpy as np
import lightgbm as lgb
import xgboost as xgb

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import ranknet  # noqa: E402  (only to choose the weights and a, see above)


def queries(seed, sizes, grades=5, tie=False):
    rng = np.random.default_rng(seed)
    s, y = [], []
    for n in sizes:
        sc = rng.normal(0, 1.5, n)
        if tie:  # a run of equal scores, and a copy of the best one
            sc[1:4] = sc[0]
            sc[-1] = sc.max()
        s.append(sc)
        y.append(rng.integers(0, grades, n).astype(float))
    return np.concatenate(s), np.concatenate(y), np.array(sizes)


def singletons(leaf):
    _, inverse, counts = np.unique(leaf, return_inverse=True, return_counts=True)
    return counts[inverse] == 1


def solve(run, alpha):
    """g and h of every row from run(0) and run(a) for a = alpha, 4 alpha, 16 alpha, ..: each
    row takes the largest a that leaves its leaf nonzero (the error of v0 - v1 relative to
    v0 is the leaf value's rounding times |g| / a)."""
    v0, leaf0 = run(0.0)
    g, h = np.full(len(v0), np.nan), np.full(len(v0), np.nan)
    a = alpha
    while True:
        v1, leaf1 = run(a)
        good = singletons(leaf0) & singletons(leaf1) & (v1 != 0) & (v0 != v1) & (np.sign(v0) == np.sign(v1))
        if not good.any():
            return g, h
        h[good] = a / np.abs(v0 - v1)[good]
        g[good] = -v0[good] * h[good]
        a *= 4


def lightgbm_grads(s, y, sizes, params, design_g, design_h):
    n = len(s)
    x = np.arange(n, dtype=np.float64).reshape(-1, 1)
    wt = 1.0 / np.maximum(design_h, 1e-3)
    alpha = 0.3 * np.min(np.abs(design_g * wt)[design_g != 0])

    def run(l1):
        p = {"objective": "lambdarank", "learning_rate": 1.0, "num_leaves": n, "min_data_in_leaf": 1,
             "min_sum_hessian_in_leaf": 1e-12, "lambda_l2": 0.0, "lambda_l1": l1, "min_gain_to_split": 0.0,
             "max_bin": n + 1, "min_data_in_bin": 1, "feature_pre_filter": False, "verbosity": -1,
             "num_threads": 1, "deterministic": True, **params}
        b = lgb.train(p, lgb.Dataset(x, label=y, group=sizes, init_score=s, weight=wt, params=p), num_boost_round=1)
        return b.predict(x, raw_score=True), b.predict(x, pred_leaf=True).ravel()

    g, h = solve(run, alpha)
    return g / wt, h / wt


def xgboost_grads(s, y, sizes, params, design_g, design_h):
    n = len(s)
    x = np.arange(n, dtype=np.float32).reshape(-1, 1)
    alpha = 0.3 * np.min(np.abs(design_g)[design_g != 0])

    def run(l1):
        d = xgb.DMatrix(x, label=y, base_margin=s)
        d.set_group(sizes)
        p = {"eta": 1.0, "tree_method": "exact", "max_depth": 16, "min_child_weight": 0.0, "reg_lambda": 0.0,
             "reg_alpha": l1, "gamma": 0.0, "base_score": 0.0, "nthread": 1, **params}
        b = xgb.train(p, d, 1)
        dp = xgb.DMatrix(x)
        return b.predict(dp, output_margin=True).astype(np.float64), b.predict(dp, pred_leaf=True).ravel()

    return solve(run, alpha)


# name, engine, engine parameters, ranknet.h's options for it, data
def lgb_opts(k, norm, sigma):
    return dict(preset="lightgbm", weighting="ndcg", k=k, normalize=norm, sigma=sigma)


CASES = [
    ("lgb_default", "lightgbm", {}, lgb_opts(30, "log2", 1.0), queries(1, [8, 12, 20, 3])),
    ("lgb_ties", "lightgbm", {"lambdarank_truncation_level": 5}, lgb_opts(5, "log2", 1.0),
     queries(2, [10, 16], tie=True)),
    ("lgb_nonorm_sigma2", "lightgbm", {"lambdarank_norm": False, "sigmoid": 2.0, "lambdarank_truncation_level": 4},
     lgb_opts(4, "none", 2.0), queries(3, [9, 14])),
    ("xgb_ndcg_default", "xgboost", {"objective": "rank:ndcg"},
     dict(preset="xgboost", weighting="ndcg", k=32, normalize="log2", score_norm=True), queries(4, [8, 12, 20, 3])),
    ("xgb_ndcg_k4_plain", "xgboost",
     {"objective": "rank:ndcg", "lambdarank_num_pair_per_sample": 4, "lambdarank_normalization": False,
      "lambdarank_score_normalization": False, "ndcg_exp_gain": False},
     dict(preset="xgboost", weighting="ndcg", k=4, gain="linear"), queries(5, [10, 16], tie=True)),
    ("xgb_map", "xgboost", {"objective": "rank:map"},
     dict(preset="xgboost", weighting="map", k=32, normalize="log2", score_norm=True), queries(7, [8, 12, 20], grades=2)),
    ("xgb_map_k3_plain", "xgboost",
     {"objective": "rank:map", "lambdarank_num_pair_per_sample": 3, "lambdarank_normalization": False,
      "lambdarank_score_normalization": False}, dict(preset="xgboost", weighting="map", k=3), queries(8, [10, 16], grades=2)),
    ("xgb_pairwise", "xgboost", {"objective": "rank:pairwise"},
     dict(preset="xgboost", weighting=None, k=32, normalize="log2", score_norm=True), queries(6, [8, 12, 5])),
]

C_ENUM = {"preset": {"lightgbm": "RANKNET_PRESET_LIGHTGBM", "xgboost": "RANKNET_PRESET_XGBOOST"},
          "weighting": {None: "RANKNET_WEIGHT_NONE", "ndcg": "RANKNET_WEIGHT_DELTA_NDCG", "map": "RANKNET_WEIGHT_DELTA_MAP"},
          "normalize": {None: "RANKNET_NORM_NONE", "none": "RANKNET_NORM_NONE", "log2": "RANKNET_NORM_LOG2"},
          "gain": {None: "RANKNET_GAIN_EXP2", "linear": "RANKNET_GAIN_LINEAR"}}


def c_options(o):
    """the options of o as the C test's engine_options initialiser (preset, weighting, k,
    gain, normalize, sigma, score_norm)"""
    e = {key: C_ENUM[key][o.get(key)] for key in C_ENUM}
    return (f"{{{e['preset']}, {e['weighting']}, {o['k']}, {e['gain']}, {e['normalize']}, {o.get('sigma', 1.0)!r}, "
            f"{int(o.get('score_norm', False))}}}")


def carray(name, v):
    body = ", ".join("NAN" if np.isnan(x) else repr(float(x)) for x in v)
    return f"static const double {name}[] = {{{body}}};\n"


def main():
    out = [f"/* Made by tests/engine_vectors.py with LightGBM {lgb.__version__} and XGBoost {xgb.__version__}\n"
           "   (PyPI): each engine's own gradients and hessians of its built-in objective, read back\n"
           "   from one boosting round. Do not edit; run the script again. */\n"]
    table = []
    for name, engine, params, options, (s, y, sizes) in CASES:
        _, dg, dh = ranknet.ranknet_batch(s, y, sizes, loss=False, hess=True, **options)
        g, h = (lightgbm_grads if engine == "lightgbm" else xgboost_grads)(s, y, sizes, params, dg, dh)
        kept = int(np.sum(~np.isnan(g)))
        if kept < len(s) * 2 // 5:
            sys.exit(f"{name}: only {kept} of {len(s)} rows got a leaf of their own")
        out.append(carray(f"ev_{name}_s", s) + carray(f"ev_{name}_y", y) + carray(f"ev_{name}_g", g) +
                   carray(f"ev_{name}_h", h))
        out.append(f"static const size_t ev_{name}_sizes[] = {{{', '.join(str(int(v)) for v in sizes)}}};\n")
        table.append(f'    {{"{name}", {c_options(options)}, ev_{name}_s, ev_{name}_y, ev_{name}_g, ev_{name}_h, '
                     f'ev_{name}_sizes, {len(sizes)}}},\n')
    out.append("static const engine_vector engine_vectors[] = {\n" + "".join(table) + "};\n")
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()
