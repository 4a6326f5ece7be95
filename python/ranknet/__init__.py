"""ranknet - RankNet, LambdaRank and their family's exact lambdas from ranknet.h, for numpy.

    pip install .                    # at the repository root: builds ranknet.h into the package
    import numpy as np, ranknet
    s = np.array([0.5, 1.5, -0.2, 0.0]); y = np.array([2.0, 0, 1, 0])
    loss = ranknet.ranknet_loss(s, y)          # sum over pairs i<j of softplus(d) - t d, d = s_i - s_j
    lambdas = ranknet.ranknet_grad(s, y)       # dL/ds_i
    loss, grad, hess = ranknet.ranknet_query(s, y, sigma=2.0, hess=True)

The functions keep the C names; float32 arrays go to the float twins (ranknet_gradf, ...)
without a copy when contiguous, anything else is converted to float64. A non-OK status
raises RanknetError naming the function called and the C status. `ranknet.torch` has
the PyTorch module. The shared library: RANKNET_LIB when set, else the one pip built
into the package, else build/libranknet.so of a source checkout (`make shared`).
"""
import ctypes
import glob
import os
from typing import Optional, Sequence, Tuple, Union

import numpy as np

__all__ = ["RanknetError", "ranknet_loss", "ranknet_grad", "ranknet_query", "ranknet_batch",
           "ranknet_pair_bce", "ranknet_logsigmoid_loss", "ranknet_ndcg", "ranknet_metric", "simd_path"]

ArrayLike = Union[np.ndarray, Sequence[float]]


def _load():
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [os.environ.get("RANKNET_LIB")] + sorted(glob.glob(os.path.join(here, "_libranknet*.so"))) + \
        [os.path.join(here, "..", "..", "build", "libranknet.so")]
    tried = []
    for path in candidates:
        if not path:
            continue
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            tried.append(f"{path} ({e})")
    raise ImportError("ranknet: no shared library; `pip install .` builds one into the package, or run "
                      "`make shared`, or set RANKNET_LIB. Tried: " + "; ".join(tried))


_lib = _load()


class _Options(ctypes.Structure):
    _fields_ = [("sigma", ctypes.c_double), ("ties", ctypes.c_int), ("weighting", ctypes.c_int),
                ("k", ctypes.c_size_t), ("gain", ctypes.c_int), ("normalize", ctypes.c_int),
                ("simd", ctypes.c_int), ("preset", ctypes.c_int), ("score_norm", ctypes.c_int),
                ("sample_pairs", ctypes.c_size_t), ("seed", ctypes.c_ulonglong), ("mu", ctypes.c_double),
                ("max_label", ctypes.c_double), ("label_gain", ctypes.POINTER(ctypes.c_double)),
                ("label_gain_len", ctypes.c_size_t), ("item_weights", ctypes.POINTER(ctypes.c_double)),
                ("query_weights", ctypes.POINTER(ctypes.c_double)), ("sigmoid_table", ctypes.c_int)]


class RanknetError(Exception):
    """A ranknet.h call returned a status other than RANKNET_OK: .status is the C status,
    .function the function called (its C twin in the message when they differ)."""

    def __init__(self, status: int, function: str, c_function: Optional[str] = None):
        self.status, self.function = status, function
        message = _lib.ranknet_status_string(status).decode()
        via = f" (in {c_function})" if c_function and c_function != function else ""
        super().__init__(f"{function}: {message} (status {status}){via}")


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


def simd_path() -> str:
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
             label_gain, item_weights, query_weights, sigmoid_table=False):
    try:
        opt = _Options(sigma, _TIES[ties], _WEIGHTING[weighting], k, _GAIN[gain], _NORM[normalize], _SIMD[simd],
                       _PRESET[preset], int(bool(score_norm)), sample_pairs, seed, mu, max_label)
        opt.sigmoid_table = int(bool(sigmoid_table))
    except KeyError as e:
        raise ValueError(f"ranknet: unknown option value {e}") from None
    if label_gain is not None:
        opt.label_gain, opt.label_gain_len = _ptr(label_gain, _D), label_gain.size
    opt.item_weights, opt.query_weights = _ptr(item_weights, _D), _ptr(query_weights, _D)
    return opt


def ranknet_batch(scores: ArrayLike, labels: ArrayLike, group: Sequence[int], *, sigma: float = 1.0,
                  ties: str = "half", weighting: Optional[str] = None, k: int = 0, gain: str = "exp2",
                  normalize: Union[bool, str] = False, simd: str = "auto", preset: Optional[str] = None,
                  score_norm: bool = False, sample_pairs: int = 0, seed: int = 0, mu: float = 0.0,
                  max_label: float = 0.0, label_gain: Optional[ArrayLike] = None,
                  item_weights: Optional[ArrayLike] = None, query_weights: Optional[ArrayLike] = None,
                  sigmoid_table: bool = False, loss: bool = True, grad: bool = True, hess: bool = False,
                  _caller: str = "ranknet_batch") -> Tuple[Optional[float], Optional[np.ndarray], Optional[np.ndarray]]:
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
    m > 0 for lambdarank_pair_method="mean", seed for its pairs). sigmoid_table (preset="lightgbm"):
    LightGBM's own arithmetic, its sigmoid table included, for its lambdas bit for bit. See
    ranknet.h's ENGINE PRESETS."""
    dtype, (s, y) = _arrays(scores, labels)
    if s.shape != y.shape:
        raise ValueError(f"{_caller}: scores and labels differ in length ({s.size} and {y.size})")
    offsets = np.zeros(len(group) + 1, dtype=np.uintp)
    np.cumsum(np.asarray(group, dtype=np.uintp), out=offsets[1:])
    if offsets[-1] != s.size:
        raise ValueError(f"{_caller}: the group sizes add up to {offsets[-1]}, there are {s.size} rows")
    label_gain = _doubles(label_gain, "label_gain")
    item_weights = _doubles(item_weights, "item_weights", s.size)
    query_weights = _doubles(query_weights, "query_weights", len(group))
    opt = _options(sigma, ties, weighting, k, gain, normalize, simd, preset, score_norm, sample_pairs, seed, mu,
                   max_label, label_gain, item_weights, query_weights, sigmoid_table)
    g = np.empty_like(s) if grad else None
    h = np.empty_like(s) if hess else None
    out = ctypes.c_double(0)
    f32 = dtype == np.float32
    p = _F if f32 else _D
    fn = _lib.ranknet_batchf if f32 else _lib.ranknet_batch
    st = fn(ctypes.byref(opt), _ptr(s, p), _ptr(y, p), offsets.ctypes.data_as(_Z), len(group),
            ctypes.byref(out) if loss else None, _ptr(g, p), _ptr(h, p))
    if st != 0:
        raise RanknetError(st, _caller, fn.__name__)
    return (out.value if loss else None), g, h


def ranknet_query(scores: ArrayLike, labels: ArrayLike, **kw) -> Tuple[Optional[float], Optional[np.ndarray],
                                                                       Optional[np.ndarray]]:
    """One query: (loss, grad, hess); keyword options as ranknet_batch."""
    kw.setdefault("_caller", "ranknet_query")
    return ranknet_batch(scores, labels, [np.asarray(scores).size], **kw)


def ranknet_loss(scores: ArrayLike, labels: ArrayLike) -> float:
    """sum over pairs i < j of softplus(s_i - s_j) - t_ij (s_i - s_j), one query, sigma = 1,
    t_ij = 1 if y_i > y_j, 0 if y_i < y_j, 1/2 if equal (-log likelihood, each pair once)."""
    return ranknet_query(scores, labels, loss=True, grad=False, _caller="ranknet_loss")[0]


def ranknet_grad(scores: ArrayLike, labels: ArrayLike) -> np.ndarray:
    """The lambdas of ranknet_loss: grad_i = dL/ds_i = sum over j != i of sigmoid(s_i - s_j) - t_ij."""
    return ranknet_query(scores, labels, loss=False, grad=True, _caller="ranknet_grad")[1]


def ranknet_pair_bce(diff: ArrayLike, target: ArrayLike, weight: Optional[ArrayLike] = None) -> Tuple[float, np.ndarray]:
    """(loss, grad): sum_k w_k (softplus(d_k) - t_k d_k) and its derivative per pair."""
    dtype, (d, t, w) = _arrays(diff, target, weight)
    f32 = dtype == np.float32
    p = _F if f32 else _D
    g = np.empty_like(d)
    out = ctypes.c_double(0)
    fn = _lib.ranknet_pair_bcef if f32 else _lib.ranknet_pair_bce
    st = fn(_ptr(d, p), _ptr(t, p), _ptr(w, p), d.size, ctypes.byref(out), _ptr(g, p))
    if st != 0:
        raise RanknetError(st, "ranknet_pair_bce", fn.__name__)
    return out.value, g


def ranknet_logsigmoid_loss(diff: ArrayLike, weight: Optional[ArrayLike] = None) -> Tuple[float, np.ndarray]:
    """(loss, grad): mean_k w_k softplus(-d_k) over pairs already ordered."""
    dtype, (d, w) = _arrays(diff, weight)
    f32 = dtype == np.float32
    p = _F if f32 else _D
    g = np.empty_like(d)
    out = ctypes.c_double(0)
    fn = _lib.ranknet_logsigmoid_lossf if f32 else _lib.ranknet_logsigmoid_loss
    st = fn(_ptr(d, p), _ptr(w, p), d.size, ctypes.byref(out), _ptr(g, p))
    if st != 0:
        raise RanknetError(st, "ranknet_logsigmoid_loss", fn.__name__)
    return out.value, g


def ranknet_ndcg(scores: ArrayLike, labels: ArrayLike, k: int = 0) -> float:
    """NDCG@k of the ranking by scores (k = 0: the whole list): DCG@k / IDCG@k with gain
    2^y - 1 and discount 1 / log2(rank + 2); 1.0 for a query without a relevant item."""
    return ranknet_metric("ndcg", scores, labels, k, _caller="ranknet_ndcg")


def ranknet_metric(kind: str, scores: ArrayLike, labels: ArrayLike, k: int = 0, _caller: str = "ranknet_metric") -> float:
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
        raise RanknetError(st, _caller, fn.__name__)
    return out.value
