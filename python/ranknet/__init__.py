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
           "ranknet_pair_bce", "ranknet_logsigmoid_loss", "ranknet_ndcg", "ranknet_metric", "simd_path",
           "PositionBias"]

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


def _version() -> str:
    """the installed package's version (ranknet.h's, by setup.py), or the checkout's ranknet.h's"""
    try:
        from importlib.metadata import PackageNotFoundError, version
        try:
            return version("ranknet")
        except PackageNotFoundError:
            pass
    except ImportError:  # Python 3.7
        pass
    import re
    header = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "ranknet.h")
    try:
        return re.search(r'#define RANKNET_VERSION_STRING "(.*)"', open(header).read()).group(1)
    except (OSError, AttributeError):
        return "unknown"


__version__ = _version()


class _Options(ctypes.Structure):
    _fields_ = [("sigma", ctypes.c_double), ("ties", ctypes.c_int), ("weighting", ctypes.c_int),
                ("k", ctypes.c_size_t), ("gain", ctypes.c_int), ("normalize", ctypes.c_int),
                ("simd", ctypes.c_int), ("preset", ctypes.c_int), ("score_norm", ctypes.c_int),
                ("sample_pairs", ctypes.c_size_t), ("seed", ctypes.c_ulonglong), ("mu", ctypes.c_double),
                ("max_label", ctypes.c_double), ("label_gain", ctypes.POINTER(ctypes.c_double)),
                ("label_gain_len", ctypes.c_size_t), ("item_weights", ctypes.POINTER(ctypes.c_double)),
                ("query_weights", ctypes.POINTER(ctypes.c_double)), ("sigmoid_table", ctypes.c_int),
                ("reason", ctypes.c_char_p), ("reason_size", ctypes.c_size_t), ("listwise", ctypes.c_int),
                ("label_transform", ctypes.c_int), ("epsilon", ctypes.c_double), ("alpha", ctypes.c_double),
                ("iteration", ctypes.c_size_t), ("no_relevant", ctypes.c_int), ("lambdaloss_scheme", ctypes.c_int)]


class RanknetError(Exception):
    """A ranknet.h call returned a status other than RANKNET_OK: .status is the C status,
    .function the function called (its C twin in the message when they differ)."""

    def __init__(self, status: int, function: str, c_function: Optional[str] = None, reason: str = ""):
        self.status, self.function, self.reason = status, function, reason
        message = _lib.ranknet_status_string(status).decode()
        via = f" (in {c_function})" if c_function and c_function != function else ""
        why = f"{reason} ({message}, status {status})" if reason else f"{message} (status {status})"
        super().__init__(f"{function}: {why}{via}")


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

class _Bias(ctypes.Structure):  # ranknet_bias
    _fields_ = [("kind", ctypes.c_int), ("positions", ctypes.c_size_t), ("regularizer", ctypes.c_double),
                ("learning_rate", ctypes.c_double), ("t_plus", _D), ("t_minus", _D), ("acc_plus", _D),
                ("acc_minus", _D), ("acc_rows", _D), ("hold_minus", ctypes.c_int), ("reason", ctypes.c_char_p),
                ("reason_size", ctypes.c_size_t)]


_B = ctypes.POINTER(_Bias)
_L = ctypes.POINTER(ctypes.c_longlong)
_lib.ranknet_bias_create.argtypes = [ctypes.c_int, ctypes.c_size_t, ctypes.POINTER(_B)]
_lib.ranknet_bias_update.argtypes = [_B]
_lib.ranknet_bias_free.argtypes = [_B]
_lib.ranknet_bias_free.restype = None
for _name, _ptr in (("ranknet_batch_unbiased", _D), ("ranknet_batch_unbiasedf", _F)):
    getattr(_lib, _name).argtypes = [ctypes.POINTER(_Options), _B, _ptr, _ptr, _L, _Z, ctypes.c_size_t, _D, _ptr, _ptr]
for _name, _ptr in (("ranknet_pair_bce_opt", _D), ("ranknet_pair_bcef_opt", _F)):
    getattr(_lib, _name).argtypes = [ctypes.POINTER(_Options), _ptr, _ptr, _ptr, ctypes.c_size_t, _D, _ptr]
for _name, _ptr in (("ranknet_logsigmoid_loss_opt", _D), ("ranknet_logsigmoid_lossf_opt", _F)):
    getattr(_lib, _name).argtypes = [ctypes.POINTER(_Options), _ptr, _ptr, ctypes.c_size_t, _D, _ptr]
for _name, _ptr in (("ranknet_metric_query", _D), ("ranknet_metric_queryf", _F)):
    getattr(_lib, _name).argtypes = [ctypes.POINTER(_Options), ctypes.c_int, ctypes.c_size_t, _ptr, _ptr,
                                     ctypes.c_size_t, _D]

_TIES = {"half": 0, "skip": 1}
_WEIGHTING = {None: 0, "none": 0, "ndcg": 1, "map": 2, "mrr": 3, "err": 4, "lambdaloss": 5, "label_diff": 6, "dcg": 7}
_SCHEME = {"ndcg2pp": 0, "ndcg1": 1, "ndcg2": 2}
_METRIC = {"ndcg": 0, "map": 1, "mrr": 2, "err": 3, "dcg": 4, "precision": 5, "recall": 6}
_NO_RELEVANT = {None: 0, 1: 1, 0: 2}
_GAIN = {"exp2": 0, "linear": 1}
_SIMD = {"auto": 0, "scalar": 1, "sse2": 2, "avx2": 3, "neon": 4, "avx512": 5}
_NORM = {False: 0, None: 0, "none": 0, True: 1, "log2": 1, "items": 2}
_PRESET = {None: 0, "none": 0, "lightgbm": 1, "xgboost": 2}
_LISTWISE = {None: 0, "none": 0, "softmax": 1, "poly1": 2, "xendcg": 3, "listmle": 4, "approx_ndcg": 5}
_LABEL_TRANSFORM = {"sum": 0, "softmax": 1, "exp2": 2}


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
                  sigmoid_table: bool = False, listwise: Optional[str] = None, label_transform: str = "sum",
                  epsilon: float = 1.0, alpha: float = 10.0, iteration: int = 0, scheme: str = "ndcg2pp",
                  loss: bool = True, grad: bool = True, hess: bool = False,
                  bias: Optional["PositionBias"] = None, positions: Optional[ArrayLike] = None,
                  _caller: str = "ranknet_batch") -> Tuple[Optional[float], Optional[np.ndarray], Optional[np.ndarray]]:
    """Many queries at once. group: the number of rows of each query, in order (as in
    XGBoost and LightGBM). Returns (loss, grad, hess), None for what was not asked for.

    loss = sum over pairs of w_ij (softplus(d_ij) - t_ij d_ij), d_ij = sigma (s_i - s_j);
    grad_i = dL/ds_i, hess_i its diagonal second derivative (see ranknet.h).
    weighting: None (RankNet, w = 1), "ndcg" (|delta NDCG@k|), "map" (|delta AP@k|), "mrr"
    (|delta RR@k|), "err" (|delta ERR@k|, max_label = ymax), "lambdaloss" (allRank's
    NDCG-Loss2++ with mu; scheme="ndcg1" or "ndcg2" for NDCG-Loss1 and NDCG-Loss2),
    "label_diff" (|y_i - y_j|), "dcg" (|delta DCG@k|); k: the metric's cutoff, 0 = all.
    label_gain: gain table indexed by integer labels (ndcg, lambdaloss). item_weights: one
    a row (a pair takes its more relevant item's); query_weights: one a query.
    normalize: False/"none", True/"log2" (x log2(1 + S) / S, S = sum of 2 |pair lambda|) or
    "items" (x 1 / (n - 1)). preset: None, "lightgbm" (objective=lambdarank; weighting="ndcg",
    k = lambdarank_truncation_level, normalize="log2" = lambdarank_norm) or "xgboost"
    (rank:ndcg with weighting="ndcg", rank:pairwise with weighting=None; k =
    lambdarank_num_pair_per_sample, score_norm = lambdarank_score_normalization, sample_pairs =
    m > 0 for lambdarank_pair_method="mean", seed for its pairs). sigmoid_table (preset="lightgbm"):
    LightGBM's own arithmetic, its sigmoid table included, for its lambdas bit for bit. See
    ranknet.h's ENGINE PRESETS (preset="lightgbm" implies weighting="ndcg"). A failing call
    raises RanknetError whose message says which option or input and the rule broken. bias: a PositionBias (clicks as labels): the batch is
    debiased with it and adds to its sums (call bias.update() after); positions: where each
    row was shown (0 = top; None: its index in its query).

    listwise: a loss of the whole list instead of the pairs (see ranknet.h's LISTWISE
    LOSSES): "softmax" (-sum p log softmax(sigma s); label_transform "sum" p = y / sum y,
    "softmax" p = softmax(y), "exp2" p = (2^y - 1) / sum), "poly1" (softmax + epsilon (1 -
    p_t)), "xendcg" (targets 2^y - gamma, gamma drawn from seed and iteration; with
    preset="lightgbm" LightGBM's rank_xendcg), "listmle" (Plackett-Luce of the order by
    label), "approx_ndcg" (-NDCG with smooth ranks, sharpness alpha); sigma scales the
    scores of each."""
    dtype, (s, y) = _arrays(scores, labels)
    if s.shape != y.shape:
        raise ValueError(f"{_caller}: scores and labels differ in length ({s.size} and {y.size})")
    if preset == "lightgbm" and weighting is None and listwise is None:  # lambdarank: its weighting goes without saying
        weighting = "ndcg"
    offsets = np.zeros(len(group) + 1, dtype=np.uintp)
    np.cumsum(np.asarray(group, dtype=np.uintp), out=offsets[1:])
    if offsets[-1] != s.size:
        raise ValueError(f"{_caller}: the group sizes add up to {offsets[-1]}, there are {s.size} rows")
    label_gain = _doubles(label_gain, "label_gain")
    item_weights = _doubles(item_weights, "item_weights", s.size)
    query_weights = _doubles(query_weights, "query_weights", len(group))
    opt = _options(sigma, ties, weighting, k, gain, normalize, simd, preset, score_norm, sample_pairs, seed, mu,
                   max_label, label_gain, item_weights, query_weights, sigmoid_table)
    try:
        opt.listwise, opt.label_transform = _LISTWISE[listwise], _LABEL_TRANSFORM[label_transform]
    except KeyError as e:
        raise ValueError(f"{_caller}: unknown option value {e} (listwise: {', '.join(k for k in _LISTWISE if k)}; "
                         f"label_transform: {', '.join(_LABEL_TRANSFORM)})") from None
    if listwise == "poly1" and epsilon == 0:
        raise ValueError(f"{_caller}: epsilon=0 makes poly1 the softmax loss: use listwise='softmax'")
    opt.epsilon, opt.alpha, opt.iteration = epsilon, alpha, iteration
    if scheme not in _SCHEME:
        raise ValueError(f"{_caller}: unknown scheme {scheme!r}; one of {', '.join(_SCHEME)}")
    opt.lambdaloss_scheme = _SCHEME[scheme]
    g = np.empty_like(s) if grad else None
    h = np.empty_like(s) if hess else None
    out = ctypes.c_double(0)
    f32 = dtype == np.float32
    p = _F if f32 else _D
    why = ctypes.create_string_buffer(256)  # the C call's reason, when it fails
    opt.reason, opt.reason_size = ctypes.cast(why, ctypes.c_char_p), len(why)
    if bias is None:
        if positions is not None:
            raise ValueError(f"{_caller}: positions= without bias= (a PositionBias) means nothing")
        fn = _lib.ranknet_batchf if f32 else _lib.ranknet_batch
        st = fn(ctypes.byref(opt), _ptr(s, p), _ptr(y, p), offsets.ctypes.data_as(_Z), len(group),
                ctypes.byref(out) if loss else None, _ptr(g, p), _ptr(h, p))
    else:
        pos = None if positions is None else np.ascontiguousarray(positions, dtype=np.int64).ravel()
        if pos is not None and pos.size != s.size:
            raise ValueError(f"{_caller}: positions has {pos.size} values, {s.size} expected")
        fn = _lib.ranknet_batch_unbiasedf if f32 else _lib.ranknet_batch_unbiased
        st = fn(ctypes.byref(opt), bias._state, _ptr(s, p), _ptr(y, p), _ptr(pos, _L), offsets.ctypes.data_as(_Z),
                len(group), ctypes.byref(out) if loss else None, _ptr(g, p), _ptr(h, p))
    if st != 0:
        raise RanknetError(st, _caller, fn.__name__, why.value.decode(errors="replace"))
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


def _reason_options():
    """options that carry only a reason buffer (the calls that read nothing else)"""
    opt = _Options()
    why = ctypes.create_string_buffer(256)
    opt.reason, opt.reason_size = ctypes.cast(why, ctypes.c_char_p), len(why)
    return opt, why


def ranknet_pair_bce(diff: ArrayLike, target: ArrayLike, weight: Optional[ArrayLike] = None) -> Tuple[float, np.ndarray]:
    """(loss, grad): sum_k w_k (softplus(d_k) - t_k d_k) and its derivative per pair."""
    dtype, (d, t, w) = _arrays(diff, target, weight)
    f32 = dtype == np.float32
    p = _F if f32 else _D
    g = np.empty_like(d)
    out = ctypes.c_double(0)
    fn = _lib.ranknet_pair_bcef_opt if f32 else _lib.ranknet_pair_bce_opt
    opt, why = _reason_options()
    st = fn(ctypes.byref(opt), _ptr(d, p), _ptr(t, p), _ptr(w, p), d.size, ctypes.byref(out), _ptr(g, p))
    if st != 0:
        raise RanknetError(st, "ranknet_pair_bce", fn.__name__, why.value.decode(errors="replace"))
    return out.value, g


def ranknet_logsigmoid_loss(diff: ArrayLike, weight: Optional[ArrayLike] = None) -> Tuple[float, np.ndarray]:
    """(loss, grad): mean_k w_k softplus(-d_k) over pairs already ordered."""
    dtype, (d, w) = _arrays(diff, weight)
    f32 = dtype == np.float32
    p = _F if f32 else _D
    g = np.empty_like(d)
    out = ctypes.c_double(0)
    fn = _lib.ranknet_logsigmoid_lossf_opt if f32 else _lib.ranknet_logsigmoid_loss_opt
    opt, why = _reason_options()
    st = fn(ctypes.byref(opt), _ptr(d, p), _ptr(w, p), d.size, ctypes.byref(out), _ptr(g, p))
    if st != 0:
        raise RanknetError(st, "ranknet_logsigmoid_loss", fn.__name__, why.value.decode(errors="replace"))
    return out.value, g


def ranknet_ndcg(scores: ArrayLike, labels: ArrayLike, k: int = 0) -> float:
    """NDCG@k of the ranking by scores (k = 0: the whole list): DCG@k / IDCG@k with gain
    2^y - 1 and discount 1 / log2(rank + 2); 1.0 for a query without a relevant item."""
    return ranknet_metric("ndcg", scores, labels, k, _caller="ranknet_ndcg")


def ranknet_metric(kind: str, scores: ArrayLike, labels: ArrayLike, k: int = 0, *,
                   no_relevant: Optional[int] = None, _caller: str = "ranknet_metric") -> float:
    """One query's metric of the ranking by scores (descending, ties by lower index), k = 0
    the whole list: "ndcg" (gain 2^y - 1), "map" (AP@k as trec_eval's map_cut), "mrr" (1 /
    (rank of the first relevant + 1) within k), "err" (ERR@k with R = (2^y - 1) / 2^ymax),
    "dcg" (DCG@k, gain 2^y - 1), "precision" (relevant in the top k / k), "recall" (relevant
    in the top k / relevant). Relevant: label > 0. no_relevant: what a query without a
    relevant item scores, None (NDCG 1 as LightGBM and XGBoost, the others 0), 1 or 0."""
    dtype, (s, y) = _arrays(scores, labels)
    f32 = dtype == np.float32
    p = _F if f32 else _D
    out = ctypes.c_double(0)
    fn = _lib.ranknet_metric_queryf if f32 else _lib.ranknet_metric_query
    try:
        code = _METRIC[kind]
    except KeyError:
        raise ValueError(f"{_caller}: unknown metric {kind!r}; one of {', '.join(_METRIC)}") from None
    opt = _Options()
    if no_relevant not in _NO_RELEVANT:
        raise ValueError(f"{_caller}: no_relevant must be None, 1 or 0, not {no_relevant!r}")
    opt.no_relevant = _NO_RELEVANT[no_relevant]
    why = ctypes.create_string_buffer(256)
    opt.reason, opt.reason_size = ctypes.cast(why, ctypes.c_char_p), len(why)
    st = fn(ctypes.byref(opt), code, k, _ptr(s, p), _ptr(y, p), s.size, ctypes.byref(out))
    if st != 0:
        raise RanknetError(st, _caller, fn.__name__, why.value.decode(errors="replace"))
    return out.value


class PositionBias:
    """Position bias learned from clicks: ranknet.h's ranknet_bias state.

    PositionBias(positions, method="ratio")   Unbiased LambdaMART's t+ / t- factors, with the
        library's defaults (regularizer 0, t- held at 1: what learns from clicks of a
        position-based examination; see docs/unbiased.md)
    method="xgboost"                           the same with XGBoost's defaults (regularizer 1,
                                               t- learned), as lambdarank_unbiased
    method="lightgbm"                          LightGBM's additive position bias (learning_rate
                                               0.1, regularizer 0)

    Pass it to ranknet_batch(..., bias=b, positions=pos) or to an objective factory
    (ranknet.xgboost.objective(..., bias=b, positions=pos)), then b.update() after each
    round (the factories do). t_plus, t_minus (ratio) and bias (additive) are copies of the
    learned values; the state pickles, so a training run can be resumed."""

    _METHODS = {"ratio": 0, "lightgbm": 1, "additive": 1, "xgboost": 2}

    def __init__(self, positions: int, method: str = "ratio", *, regularizer: Optional[float] = None,
                 learning_rate: Optional[float] = None, hold_minus: Optional[bool] = None):
        if method not in self._METHODS:
            raise ValueError(f"PositionBias: unknown method {method!r}; one of 'ratio', 'xgboost', 'lightgbm'")
        if int(positions) < 1:  # ranknet_bias_create's other refusal (it has no reason buffer)
            raise ValueError(f"PositionBias: positions is {positions}; it must be >= 1")
        self._state = _B()
        st = _lib.ranknet_bias_create(self._METHODS[method], int(positions), ctypes.byref(self._state))
        if st != 0:
            self._state = None
            raise RanknetError(st, "PositionBias", "ranknet_bias_create")
        c = self._state.contents
        if regularizer is not None:
            c.regularizer = regularizer
        if learning_rate is not None:
            c.learning_rate = learning_rate
        if hold_minus is not None:
            c.hold_minus = int(bool(hold_minus))
        self._why = ctypes.create_string_buffer(256)  # ranknet_bias_update's reason, when it fails
        c.reason, c.reason_size = ctypes.cast(self._why, ctypes.c_char_p), len(self._why)

    def __del__(self):
        if getattr(self, "_state", None):
            _lib.ranknet_bias_free(self._state)
            self._state = None

    def _array(self, name: str) -> np.ndarray:
        c = self._state.contents
        return np.ctypeslib.as_array(getattr(c, name), shape=(c.positions,))

    def update(self) -> None:
        """New factors (or biases) from the sums of the calls since the last update."""
        st = _lib.ranknet_bias_update(self._state)
        if st != 0:
            raise RanknetError(st, "PositionBias.update", "ranknet_bias_update", self._why.value.decode(errors="replace"))

    @property
    def method(self) -> str:
        return "ratio" if self._state.contents.kind == 0 else "lightgbm"

    @property
    def positions(self) -> int:
        return self._state.contents.positions

    @property
    def regularizer(self) -> float:
        return self._state.contents.regularizer

    @property
    def hold_minus(self) -> bool:
        return bool(self._state.contents.hold_minus)

    @property
    def t_plus(self) -> np.ndarray:
        """ratio: the factors t+ of the clicked side, by position (a copy)"""
        return self._array("t_plus").copy()

    @property
    def t_minus(self) -> np.ndarray:
        """ratio: the factors t- of the unclicked side, by position (a copy)"""
        return self._array("t_minus").copy()

    @property
    def bias(self) -> np.ndarray:
        """lightgbm: the additive bias b of each position (a copy)"""
        return self._array("t_plus").copy()

    _SAVED = ("t_plus", "t_minus", "acc_plus", "acc_minus", "acc_rows")

    def __getstate__(self):
        c = self._state.contents
        return {"positions": c.positions, "kind": c.kind, "regularizer": c.regularizer,
                "learning_rate": c.learning_rate, "hold_minus": c.hold_minus,
                **{name: self._array(name).copy() for name in self._SAVED}}

    def __setstate__(self, state):
        self.__init__(state["positions"], "ratio" if state["kind"] == 0 else "lightgbm",
                      regularizer=state["regularizer"], learning_rate=state["learning_rate"],
                      hold_minus=state["hold_minus"])
        for name in self._SAVED:
            self._array(name)[:] = state[name]

    def __repr__(self):
        return f"PositionBias({self.positions}, method={self.method!r}, regularizer={self.regularizer})"



from . import lightgbm, xgboost  # noqa: E402  (the engines' factories; they import neither engine)
