"""ranknet.py - a thin ctypes binding of ranknet.h for numpy arrays.

Build the shared library first: `make shared` (build/libranknet.so), or point the
RANKNET_LIB environment variable at one. The functions keep the C names; float32 arrays
go to the float twins (ranknet_gradf, ...), anything else is converted to float64. A
non-OK status raises RanknetError carrying ranknet_status_string's message.

    import numpy as np, ranknet
    s = np.array([0.5, 1.5, -0.2, 0.0]); y = np.array([2.0, 0, 1, 0])
    loss = ranknet.ranknet_loss(s, y)
    lambdas = ranknet.ranknet_grad(s, y)
    loss, grad, hess = ranknet.ranknet_query(s, y, sigma=2.0, hess=True)
"""
import ctypes
import os

import numpy as np

__all__ = ["RanknetError", "ranknet_loss", "ranknet_grad", "ranknet_query", "ranknet_batch",
           "ranknet_pair_bce", "ranknet_logsigmoid_loss", "ranknet_ndcg", "ranknet_metric", "simd_path"]


def _load():
    path = os.environ.get("RANKNET_LIB") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build",
                                                         "libranknet.so")
    try:
        return ctypes.CDLL(path)
    except OSError as e:
        raise ImportError(f"ranknet: cannot load {path} ({e}); run `make shared` or set RANKNET_LIB") from e


_lib = _load()


class _Options(ctypes.Structure):
    _fields_ = [("sigma", ctypes.c_double), ("ties", ctypes.c_int), ("weighting", ctypes.c_int),
                ("k", ctypes.c_size_t), ("gain", ctypes.c_int), ("normalize", ctypes.c_int),
                ("simd", ctypes.c_int), ("preset", ctypes.c_int), ("score_norm", ctypes.c_int),
                ("sample_pairs", ctypes.c_size_t), ("seed", ctypes.c_ulonglong), ("mu", ctypes.c_double),
                ("max_label", ctypes.c_double), ("label_gain", ctypes.POINTER(ctypes.c_double)),
                ("label_gain_len", ctypes.c_size_t), ("item_weights", ctypes.POINTER(ctypes.c_double)),
                ("query_weights", ctypes.POINTER(ctypes.c_double))]


class RanknetError(Exception):
    """A ranknet.h call returned a status other than RANKNET_OK."""

    def __init__(self, status, function):
        self.status = status
        message = _lib.ranknet_status_string(status).decode()
        super().__init__(f"{function}: {message} (status {status})")


_D = ctypes.POINTER(ctypes.c_double)
_F = ctypes.POINTER(ctypes.c_float)
_Z = ctypes.POINTER(ctypes.c_size_t)
_lib.ranknet_status_string.restype = ctypes.c_char_p
_lib.ranknet_status_string.argtypes = [ctypes.c_int]
_lib.ranknet_simd_best.restype = ctypes.c_int
_lib.ranknet_simd_string.restype = ctypes.c_char_p
_lib.ranknet_simd_string.argtypes = [ctypes.c_int]
for _name, _ptr in (("ranknet_batch", _D), ("ranknet_batchf", _F)):
    getattr(_lib, _name).argtypes = [ctypes.POINTER(_Options), _ptr, _ptr, _Z, ctypes.c_size_t, _D, _ptr, _ptr]
for _name, _ptr in (("ranknet_pair_bce", _D), ("ranknet_pair_bcef", _F)):
    getattr(_lib, _name).argtypes = [_ptr, _ptr, _ptr, ctypes.c_size_t, _D, _ptr]
for _name, _ptr in (("ranknet_logsigmoid_loss", _D), ("ranknet_logsigmoid_lossf", _F)):
    getattr(_lib, _name).argtypes = [_ptr, _ptr, ctypes.c_size_t, _D, _ptr]
for _name, _ptr in (("ranknet_metric", _D), ("ranknet_metricf", _F)):
    getattr(_lib, _name).argtypes = [ctypes.c_int, ctypes.c_size_t, _ptr, _ptr, ctypes.c_size_t, _D]

_TIES = {"half": 0, "skip": 1}
_WEIGHTING = {None: 0, "none": 0, "ndcg": 1, "map": 2, "mrr": 3, "err": 4, "lambdaloss": 5, "label_diff": 6}
_METRIC = {"ndcg": 0, "map": 1, "mrr": 2, "err": 3}
_GAIN = {"exp2": 0, "linear": 1}
_SIMD = {"auto": 0, "scalar": 1, "sse2": 2, "avx2": 3, "neon": 4, "avx512": 5}
_NORM = {False: 0, None: 0, "none": 0, True: 1, "log2": 1, "items": 2}
_PRESET = {None: 0, "none": 0, "lightgbm": 1, "xgboost": 2}


def simd_path():
    """The code path RANKNET_SIMD_AUTO runs on this machine ("avx512", "avx2+fma", "sse2", ...)."""
    return _lib.ranknet_simd_string(_lib.ranknet_simd_best()).decode()


def _arrays(*arrays):
    """Contiguous arrays of one dtype: float32 if the first is float32, else float64."""
    dtype = np.float32 if np.asarray(arrays[0]).dtype == np.float32 else np.float64
    return dtype, [None if a is None else np.ascontiguousarray(a, dtype=dtype).ravel() for a in arrays]


def _ptr(a, ptype):
    return None if a is None else a.ctypes.data_as(ptype)


def _doubles(a, name, n=None):
    """a float64 contiguous copy (kept alive by the caller) or None"""
    if a is None:
        return None
    a = np.ascontiguousarray(a, dtype=np.float64).ravel()
    if n is not None and a.size != n:
        raise ValueError(f"ranknet: {name} has {a.size} values, {n} expected")
    return a


def _options(sigma, ties, weighting, k, gain, normalize, simd, preset, score_norm, sample_pairs, seed, mu, max_label,
             label_gain, item_weights, query_weights):
    try:
        opt = _Options(sigma, _TIES[ties], _WEIGHTING[weighting], k, _GAIN[gain], _NORM[normalize], _SIMD[simd],
                       _PRESET[preset], int(bool(score_norm)), sample_pairs, seed, mu, max_label)
    except KeyError as e:
        raise ValueError(f"ranknet: unknown option value {e}") from None
    if label_gain is not None:
        opt.label_gain, opt.label_gain_len = _ptr(label_gain, _D), label_gain.size
    opt.item_weights, opt.query_weights = _ptr(item_weights, _D), _ptr(query_weights, _D)
    return opt


def ranknet_batch(scores, labels, group, *, sigma=1.0, ties="half", weighting=None, k=0, gain="exp2",
                  normalize=False, simd="auto", preset=None, score_norm=False, sample_pairs=0, seed=0, mu=0.0,
                  max_label=0.0, label_gain=None, item_weights=None, query_weights=None,
                  loss=True, grad=True, hess=False):
    """Many queries at once. group: the number of rows of each query, in order (as in
    XGBoost and LightGBM). Returns (loss, grad, hess), None for what was not asked for.

    loss = sum over pairs of w_ij (softplus(d_ij) - t_ij d_ij), d_ij = sigma (s_i - s_j);
    grad_i = dL/ds_i, hess_i its diagonal second derivative (see ranknet.h).
    weighting: None (RankNet, w = 1), "ndcg" (|delta NDCG@k|), "map" (|delta AP@k|), "mrr"
    (|delta RR@k|), "err" (|delta ERR@k|, max_label = ymax), "lambdaloss" (allRank's
    NDCG-Loss2++ with mu), "label_diff" (|y_i - y_j|); k: the metric's cutoff, 0 = all.
    label_gain: gain table indexed by integer labels (ndcg, lambdaloss). item_weights: one
    a row (a pair takes its more relevant item's); query_weights: one a query.
    normalize: False/"none", True/"log2" (x log2(1 + S) / S, S = sum of 2 |pair lambda|) or
    "items" (x 1 / (n - 1)). preset: None, "lightgbm" (objective=lambdarank; weighting="ndcg",
    k = lambdarank_truncation_level, normalize="log2" = lambdarank_norm) or "xgboost"
    (rank:ndcg with weighting="ndcg", rank:pairwise with weighting=None; k =
    lambdarank_num_pair_per_sample, score_norm = lambdarank_score_normalization, sample_pairs =
    m > 0 for lambdarank_pair_method="mean", seed for its pairs). See ranknet.h's ENGINE PRESETS."""
    dtype, (s, y) = _arrays(scores, labels)
    if s.shape != y.shape:
        raise ValueError("ranknet: scores and labels differ in length")
    offsets = np.zeros(len(group) + 1, dtype=np.uintp)
    np.cumsum(np.asarray(group, dtype=np.uintp), out=offsets[1:])
    if offsets[-1] != s.size:
        raise ValueError(f"ranknet: the group sizes add up to {offsets[-1]}, there are {s.size} rows")
    label_gain = _doubles(label_gain, "label_gain")
    item_weights = _doubles(item_weights, "item_weights", s.size)
    query_weights = _doubles(query_weights, "query_weights", len(group))
    opt = _options(sigma, ties, weighting, k, gain, normalize, simd, preset, score_norm, sample_pairs, seed, mu,
                   max_label, label_gain, item_weights, query_weights)
    g = np.empty_like(s) if grad else None
    h = np.empty_like(s) if hess else None
    out = ctypes.c_double(0)
    f32 = dtype == np.float32
    p = _F if f32 else _D
    fn = _lib.ranknet_batchf if f32 else _lib.ranknet_batch
    st = fn(ctypes.byref(opt), _ptr(s, p), _ptr(y, p), offsets.ctypes.data_as(_Z), len(group),
            ctypes.byref(out) if loss else None, _ptr(g, p), _ptr(h, p))
    if st != 0:
        raise RanknetError(st, fn.__name__)
    return (out.value if loss else None), g, h


def ranknet_query(scores, labels, **kw):
    """One query: (loss, grad, hess); keyword options as ranknet_batch."""
    return ranknet_batch(scores, labels, [np.asarray(scores).size], **kw)


def ranknet_loss(scores, labels):
    """sum_{i<j} softplus(s_i - s_j) - t_ij (s_i - s_j) of one query."""
    return ranknet_query(scores, labels, loss=True, grad=False)[0]


def ranknet_grad(scores, labels):
    """The lambdas dL/ds_i of one query."""
    return ranknet_query(scores, labels, loss=False, grad=True)[1]


def ranknet_pair_bce(diff, target, weight=None):
    """(loss, grad): sum_k w_k (softplus(d_k) - t_k d_k) and its derivative per pair."""
    dtype, (d, t, w) = _arrays(diff, target, weight)
    f32 = dtype == np.float32
    p = _F if f32 else _D
    g = np.empty_like(d)
    out = ctypes.c_double(0)
    fn = _lib.ranknet_pair_bcef if f32 else _lib.ranknet_pair_bce
    st = fn(_ptr(d, p), _ptr(t, p), _ptr(w, p), d.size, ctypes.byref(out), _ptr(g, p))
    if st != 0:
        raise RanknetError(st, fn.__name__)
    return out.value, g


def ranknet_logsigmoid_loss(diff, weight=None):
    """(loss, grad): mean_k w_k softplus(-d_k) over pairs already ordered."""
    dtype, (d, w) = _arrays(diff, weight)
    f32 = dtype == np.float32
    p = _F if f32 else _D
    g = np.empty_like(d)
    out = ctypes.c_double(0)
    fn = _lib.ranknet_logsigmoid_lossf if f32 else _lib.ranknet_logsigmoid_loss
    st = fn(_ptr(d, p), _ptr(w, p), d.size, ctypes.byref(out), _ptr(g, p))
    if st != 0:
        raise RanknetError(st, fn.__name__)
    return out.value, g


def ranknet_ndcg(scores, labels, k=0):
    """NDCG@k of the ranking by scores (k = 0: the whole list)."""
    return ranknet_metric("ndcg", scores, labels, k)


def ranknet_metric(kind, scores, labels, k=0):
    """One query's metric of the ranking by scores (descending, ties by lower index), k = 0
    the whole list: "ndcg" (gain 2^y - 1; 1.0 without a relevant item), "map" (AP@k as
    trec_eval's map_cut), "mrr" (1 / (rank of the first relevant + 1) within k), "err"
    (ERR@k with R = (2^y - 1) / 2^ymax). Relevant: label > 0."""
    dtype, (s, y) = _arrays(scores, labels)
    f32 = dtype == np.float32
    p = _F if f32 else _D
    out = ctypes.c_double(0)
    fn = _lib.ranknet_metricf if f32 else _lib.ranknet_metric
    try:
        code = _METRIC[kind]
    except KeyError:
        raise ValueError(f"ranknet: unknown metric {kind!r}") from None
    st = fn(code, k, _ptr(s, p), _ptr(y, p), s.size, ctypes.byref(out))
    if st != 0:
        raise RanknetError(st, fn.__name__)
    return out.value
