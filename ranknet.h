/* ranknet.h - v1.4.1 - RankNet / LambdaRank losses and exact derivatives - MIT or public domain

   A single-header C99 library: give it the model scores and relevance labels of a query,
   get back the loss, the lambdas (dL/ds_i) and the diagonal hessian that train a ranker.
   Exact, numerically stable for any finite input, and no n x n buffers.

   USAGE
       In exactly one C or C++ file:
           #define RANKNET_IMPLEMENTATION
           #include "ranknet.h"
       Everywhere else just #include "ranknet.h".

       double s[4] = {0.5, 1.5, -0.2, 0.0}, y[4] = {2, 0, 1, 0}, lambda[4], loss;
       ranknet_loss(s, y, 4, &loss);
       ranknet_grad(s, y, 4, lambda);        // lambda[i] = dL/ds_i

   CONTENTS
       1. Options (compile time)
       2. API and the mathematics it computes
       3. Implementation (behind RANKNET_IMPLEMENTATION)
       4. Kernel template (the implementation includes this file again for it)
       5. Revision history, licence

   1. OPTIONS (define before the #include that has RANKNET_IMPLEMENTATION)
       RANKNET_STATIC        make every function static (private to one translation unit)
       RANKNET_NO_SIMD       scalar code only (no vector extensions, no run-time CPU check)
       RANKNET_NO_AVX512     leave out the AVX-512 kernels (old toolchains, smaller code)
       RANKNET_NO_AVX2       leave out the AVX2 kernels, and with them the AVX-512 ones
       RANKNET_ASSERT(x)     checks of the library's own invariants; default assert(x)
       RANKNET_MALLOC(sz) / RANKNET_FREE(p)
                             scratch allocation; define both or neither (default malloc/free)
       RANKNET_HEADER_FILE   how the implementation includes this file again for its kernel
                             template; default "ranknet.h" (define it if you renamed the file)

   CONVENTIONS
       - Every function returns a ranknet_status; RANKNET_OK is 0.
       - On any other status nothing is written: the caller's buffers are as they were (but
         the reason buffer, when the caller gives one: the failure's reason in words; it
         is opt->reason for calls with options (ranknet_metric_query and the pair losses'
         _opt twins included) and bias->reason for ranknet_bias_update). The calls without
         either (the convenience wrappers, ranknet_bias_create) fail only on the rules
         their comments state, which the status names.
       - Output pointers may be NULL ("skip that output"). A NULL input array with n > 0
         is RANKNET_ERR_NULL; a NULL weight array means all weights are 1.
       - Outputs must not overlap the inputs.
       - Functions ending in f take float arrays; their scalar loss stays a double.
       - No global state: every call is reentrant and thread-safe.
       - Built with -fopenmp, ranknet_batch runs its queries in parallel; the results
         have the same bits for any number of threads.
       - Statuses say what is wrong: RANKNET_ERR_NULL, _NONFINITE, _RANGE (an input value
         outside its domain), _OPTION (a bad option, or a code path the CPU lacks),
         _OFFSETS (batch offsets), _OVERFLOW (an exact result too large to store: a loss
         beyond DBL_MAX, or a sigma so large that a lambda or hessian overflows), _NOMEM.
*/
#ifndef RANKNET__KERNEL_TEMPLATE /* everything but the kernel template, which is at the end */
#ifndef RANKNET_H
#define RANKNET_H

#include <stddef.h>

#define RANKNET_VERSION_MAJOR 1
#define RANKNET_VERSION_MINOR 4
#define RANKNET_VERSION_PATCH 1
#define RANKNET_VERSION_STRING "1.4.1"

#ifndef RANKNETDEF
#ifdef RANKNET_STATIC
#if defined(__GNUC__) || defined(__clang__)
#define RANKNETDEF static __attribute__((unused)) /* a user may call only some of them */
#else
#define RANKNETDEF static
#endif
#else
#define RANKNETDEF extern
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* One list makes both the enum and ranknet_status_string's messages. */
#define RANKNET__STATUS_LIST(X)                                                                  \
    X(RANKNET_OK, "ok")                                                                          \
    X(RANKNET_ERR_NULL, "a required pointer is NULL while n > 0")                                \
    X(RANKNET_ERR_NONFINITE, "NaN or infinity in an input array")                                \
    X(RANKNET_ERR_RANGE, "an input value outside its domain (target outside [0,1], negative "    \
                         "weight or label, a label the gain or preset cannot take)")             \
    X(RANKNET_ERR_NOMEM, "out of memory")                                                        \
    X(RANKNET_ERR_OPTION, "a bad or unsupported option, or a code path this CPU or build lacks") \
    X(RANKNET_ERR_OFFSETS, "bad batch offsets (offsets[0] != 0, or decreasing)")                 \
    X(RANKNET_ERR_OVERFLOW, "an exact result too large to store (a loss beyond DBL_MAX, or "     \
                            "lambdas or hessians beyond the output type)")

#define RANKNET__ENUM_ITEM(name, msg) name,
typedef enum ranknet_status { RANKNET__STATUS_LIST(RANKNET__ENUM_ITEM) RANKNET_STATUS_COUNT } ranknet_status;
#undef RANKNET__ENUM_ITEM

/* Each enum ends with a count (RANKNET_..._COUNT): not a value, the number of values. */
typedef enum { RANKNET_TIES_HALF = 0, RANKNET_TIES_SKIP, RANKNET_TIES_COUNT } ranknet_ties;
/* The weight of each pair (see WEIGHTINGS below) */
typedef enum {
    RANKNET_WEIGHT_NONE = 0,   /* RankNet: every pair 1 */
    RANKNET_WEIGHT_DELTA_NDCG, /* LambdaRank: |delta NDCG@k| */
    RANKNET_WEIGHT_DELTA_MAP,  /* |delta AP@k| */
    RANKNET_WEIGHT_DELTA_MRR,  /* |delta RR@k| */
    RANKNET_WEIGHT_DELTA_ERR,  /* |delta ERR@k| */
    RANKNET_WEIGHT_LAMBDALOSS, /* NDCG-Loss2++ (allRank's ndcgLoss2PP_scheme) */
    RANKNET_WEIGHT_LABEL_DIFF, /* |y_i - y_j| */
    RANKNET_WEIGHT_DELTA_DCG,  /* |delta DCG@k|: delta NDCG without 1 / IDCG (added in 1.4) */
    RANKNET_WEIGHT_COUNT
} ranknet_weighting;
typedef enum {
    RANKNET_METRIC_NDCG = 0,
    RANKNET_METRIC_MAP,
    RANKNET_METRIC_MRR,
    RANKNET_METRIC_ERR,
    RANKNET_METRIC_DCG,       /* added in 1.4 */
    RANKNET_METRIC_PRECISION, /* added in 1.4 */
    RANKNET_METRIC_RECALL,    /* added in 1.4 */
    RANKNET_METRIC_COUNT
} ranknet_metric_kind;
/* LambdaLoss's weighting schemes (allRank's names), for RANKNET_WEIGHT_LAMBDALOSS */
typedef enum {
    RANKNET_LAMBDALOSS_NDCG2PP = 0, /* NDCG-Loss2++: (rho_ij + mu delta_ij) |G_i - G_j| */
    RANKNET_LAMBDALOSS_NDCG1,       /* NDCG-Loss1: every pair of the top k, G_i / D_i */
    RANKNET_LAMBDALOSS_NDCG2,       /* NDCG-Loss2: delta_ij |G_i - G_j| */
    RANKNET_LAMBDALOSS_COUNT
} ranknet_lambdaloss_scheme;
/* What a metric scores for a query without a relevant item (ranknet_metric_query) */
typedef enum {
    RANKNET_NO_RELEVANT_DEFAULT = 0, /* NDCG 1 (LightGBM's and XGBoost's ndcg), the others 0 */
    RANKNET_NO_RELEVANT_ONE,         /* 1 */
    RANKNET_NO_RELEVANT_ZERO,        /* 0 (XGBoost's ndcg-, trec_eval) */
    RANKNET_NO_RELEVANT_COUNT
} ranknet_no_relevant;
typedef enum { RANKNET_GAIN_EXP2 = 0, RANKNET_GAIN_LINEAR, RANKNET_GAIN_COUNT } ranknet_gain;
/* A loss of the whole list instead of the pairs (see LISTWISE LOSSES below) */
typedef enum {
    RANKNET_LISTWISE_NONE = 0,    /* the pairwise family: RankNet and the weightings */
    RANKNET_LISTWISE_SOFTMAX,     /* softmax cross-entropy (ListNet top-one, TF-Ranking, Rax) */
    RANKNET_LISTWISE_POLY1,       /* softmax plus epsilon (1 - p_t) (Rax poly1_softmax_loss) */
    RANKNET_LISTWISE_XENDCG,      /* XE-NDCG: targets 2^y - gamma (LightGBM rank_xendcg) */
    RANKNET_LISTWISE_LISTMLE,     /* Plackett-Luce likelihood of the order by label */
    RANKNET_LISTWISE_APPROX_NDCG, /* -NDCG with smooth ranks */
    RANKNET_LISTWISE_COUNT
} ranknet_listwise;
/* The target distribution of SOFTMAX and POLY1 */
typedef enum {
    RANKNET_LABELS_SUM = 0, /* p = y / sum y (TF-Ranking, Rax) */
    RANKNET_LABELS_SOFTMAX, /* p = softmax(y) (allRank's listNet) */
    RANKNET_LABELS_EXP2,    /* p = (2^y - 1) / sum (2^y - 1) */
    RANKNET_LABELS_COUNT
} ranknet_label_transform;
/* Which code runs the pair loop (RankNet and LambdaRank). AUTO picks the fastest the CPU
   has, checked at run time (AVX-512, else AVX2 + FMA, else SSE2 on x86-64; NEON on
   aarch64; scalar elsewhere and under RANKNET_NO_SIMD). Asking for a path the CPU or the build lacks is
   RANKNET_ERR_OPTION. Paths agree within a few ulp per pair; each is deterministic. */
typedef enum {
    RANKNET_SIMD_AUTO = 0,
    RANKNET_SIMD_SCALAR,
    RANKNET_SIMD_SSE2,
    RANKNET_SIMD_AVX2, /* AVX2 + FMA */
    RANKNET_SIMD_NEON,
    RANKNET_SIMD_AVX512, /* AVX-512 F, BW, DQ and VL (with AVX2 + FMA) */
    RANKNET_SIMD_COUNT
} ranknet_simd;

/* How a query's lambdas and hessians are scaled after the pair sums. */
typedef enum {
    RANKNET_NORM_NONE = 0,
    RANKNET_NORM_LOG2,  /* LambdaRank: x log2(1 + S) / S, S = sum over pairs of 2 |pair lambda|
                           (LightGBM's lambdarank_norm, XGBoost's lambdarank_normalization;
                           the loss is not scaled) */
    RANKNET_NORM_ITEMS, /* any weighting: loss, lambdas and hessians x 1 / (n - 1), the mean
                           over the pairs an item is in (what a GBDT objective usually wants) */
    RANKNET_NORM_COUNT
} ranknet_norm;

/* Engine presets: every detail of the pair weighting as that engine computes it (see the
   ENGINE PRESETS section below). The other options keep their meaning. */
typedef enum {
    RANKNET_PRESET_NONE = 0, /* this library's exact delta NDCG@k */
    RANKNET_PRESET_LIGHTGBM, /* LightGBM 4.x objective=lambdarank */
    RANKNET_PRESET_XGBOOST,  /* XGBoost 3.x rank:ndcg (weighting DELTA_NDCG) or rank:pairwise (NONE) */
    RANKNET_PRESET_COUNT
} ranknet_preset;

/* All-zero, or a NULL pointer, means the defaults. The fields are grouped by what reads
   them; new fields are only ever added at the end (the layout is the ABI). */
/* clang-format off */
typedef struct ranknet_options {
    /* -- every call -- */
    double            sigma;     /* steepness of the sigmoid; 0 selects 1.0, otherwise > 0 */
    ranknet_ties      ties;      /* equal labels: target 1/2 (default) or skip the pair */
    ranknet_weighting weighting; /* RANKNET_WEIGHT_NONE (RankNet, default), _DELTA_NDCG, .. */
    size_t            k;         /* the cutoff of the weighting's metric; 0 = the whole list */
    ranknet_gain      gain;      /* NDCG and LambdaLoss: label gain 2^y - 1 (default) or y */
    ranknet_norm      normalize; /* per-query scaling; NONE (default), LOG2 or ITEMS */
    ranknet_simd      simd;      /* code path; AUTO (default) picks the fastest */
    /* -- engine presets (see ENGINE PRESETS) -- */
    ranknet_preset    preset;    /* NONE (default), LIGHTGBM or XGBOOST */
    int               score_norm;   /* XGBoost preset: divide each pair's weight by
                                       0.01 + |s_i - s_j| (lambdarank_score_normalization) */
    size_t            sample_pairs; /* XGBoost preset: lambdarank_pair_method=mean, this many
                                       pairs sampled per item; 0 = topk (k pairs' rows) */
    unsigned long long seed;        /* sampled pairs: the same seed gives the same pairs */
    /* -- one weighting's own knobs (see WEIGHTINGS) -- */
    double            mu;        /* LAMBDALOSS: the weight of delta_ij (allRank's default is 10) */
    double            max_label; /* DELTA_ERR: ymax of R = (2^y - 1) / 2^ymax; 0 = the query's largest */
    const double     *label_gain;     /* gain = label_gain[y] for integer labels y < label_gain_len */
    size_t            label_gain_len; /* (NDCG and LambdaLoss, and LightGBM's label_gain); NULL: none */
    /* -- data of the batch -- */
    const double     *item_weights;  /* one a row of the batch, >= 0; NULL = all 1 */
    const double     *query_weights; /* one a query, >= 0; NULL = all 1 */
    /* -- engine presets, added in 1.2 -- */
    int               sigmoid_table; /* LightGBM preset: LightGBM's own arithmetic, its sigmoid
                                        table included: its lambdas bit for bit (see ENGINE PRESETS) */
    /* -- why a call failed, added in 1.3 -- */
    char             *reason;      /* when a ranknet_query / ranknet_batch call fails, a sentence */
    size_t            reason_size; /* naming the option or input and the rule, NUL-terminated and cut
                                      to reason_size bytes; left as it was when the call succeeds */
    /* -- listwise losses (see LISTWISE LOSSES), added in 1.4 -- */
    ranknet_listwise  listwise;        /* NONE (default): the pairwise family above */
    ranknet_label_transform label_transform; /* SOFTMAX, POLY1: SUM (default), SOFTMAX or EXP2 */
    double            epsilon;         /* POLY1: the weight of 1 - p_t; 0 means 1 (Rax's default) */
    double            alpha;           /* APPROX_NDCG: the smooth rank's sharpness; 0 means 10
                                          (TF-Ranking's temperature 0.1; allRank's alpha is 1) */
    size_t            iteration;       /* XENDCG: the training round; new gammas each round */
    /* -- metrics (ranknet_metric_query), added in 1.4 -- */
    ranknet_no_relevant no_relevant;   /* what a query without a relevant item scores */
    /* -- LAMBDALOSS's scheme, added in 1.4 -- */
    ranknet_lambdaloss_scheme lambdaloss_scheme; /* NDCG2PP (default), NDCG1 or NDCG2 */
} ranknet_options;
/* clang-format on */

/* 2. API

   The pair quantities. For a pair difference d (already multiplied by sigma where sigma
   applies), p = sigmoid(d) and target t in [0,1]:
       pair loss  softplus(d) - t d      (binary cross-entropy of p against t)
       its dL/dd  p - t
       d2L/dd2    p (1 - p)
   Stable forms used (instead of log(sigmoid(x)), which is -inf past |x| ~ 710):
       softplus(d) - t d = (d >= 0 ? (1 - t) : t) |d| + log1p(exp(-|d|))
       p = 1 / (1 + e), 1 - p = e / (1 + e) for d >= 0, with e = exp(-|d|) (mirror for d < 0)
       p - t = p - t if t <= 1/2, else (1 - t) - (1 - p)    (no cancellation near p = 1)
       p (1 - p) = e / (1 + e)^2                             */

RANKNETDEF const char *ranknet_status_string(ranknet_status s); /* never NULL */
RANKNETDEF int ranknet_simd_supported(ranknet_simd path);       /* 1 if this CPU and build can run it */
RANKNETDEF ranknet_simd ranknet_simd_best(void);                /* what RANKNET_SIMD_AUTO runs */
RANKNETDEF const char *ranknet_simd_string(ranknet_simd path);  /* "avx2+fma", ...; never NULL */

/* (1) Pairwise BCE on differences d_k = s_i - s_j, targets t_k in [0,1], weights w_k >= 0
       (NULL = all 1). SUM over pairs:
           loss = sum_k w_k (softplus(d_k) - t_k d_k),   grad_k = w_k (sigmoid(d_k) - t_k) */
RANKNETDEF ranknet_status ranknet_pair_bce(const double *diff, const double *target, const double *weight, size_t n,
                                           double *loss, double *grad);
RANKNETDEF ranknet_status ranknet_pair_bcef(const float *diff, const float *target, const float *weight, size_t n,
                                            double *loss, float *grad);

/* (2) -log sigmoid of pairs already ordered (i above j), MEAN over pairs (n = 0 gives 0):
           loss = (1/n) sum_k w_k softplus(-d_k),        grad_k = -(w_k / n) sigmoid(-d_k)    */
RANKNETDEF ranknet_status ranknet_logsigmoid_loss(const double *diff, const double *weight, size_t n, double *loss,
                                                  double *grad);
RANKNETDEF ranknet_status ranknet_logsigmoid_lossf(const float *diff, const float *weight, size_t n, double *loss,
                                                   float *grad);
/* (1) and (2) with options: only opt->reason / reason_size are read (the reason of a failure) */
RANKNETDEF ranknet_status ranknet_pair_bce_opt(const ranknet_options *opt, const double *diff, const double *target,
                                               const double *weight, size_t n, double *loss, double *grad);
RANKNETDEF ranknet_status ranknet_pair_bcef_opt(const ranknet_options *opt, const float *diff, const float *target,
                                                const float *weight, size_t n, double *loss, float *grad);
RANKNETDEF ranknet_status ranknet_logsigmoid_loss_opt(const ranknet_options *opt, const double *diff,
                                                      const double *weight, size_t n, double *loss, double *grad);
RANKNETDEF ranknet_status ranknet_logsigmoid_lossf_opt(const ranknet_options *opt, const float *diff,
                                                       const float *weight, size_t n, double *loss, float *grad);

/* (3) The loss of one query, each unordered pair counted once, sigma = 1,
       t_ij = 1 if y_i > y_j, 0 if y_i < y_j, 1/2 if equal:
           loss = sum_{i<j} softplus(s_i - s_j) - t_ij (s_i - s_j)                            */
RANKNETDEF ranknet_status ranknet_loss(const double *scores, const double *labels, size_t n, double *loss);
RANKNETDEF ranknet_status ranknet_lossf(const float *scores, const float *labels, size_t n, double *loss);

/* (4) The lambdas of (3): grad_i = dL/ds_i = sum_{j != i} (sigmoid(s_i - s_j) - t_ij).
       They sum to zero over the query; a negative lambda means "raise this score".        */
RANKNETDEF ranknet_status ranknet_grad(const double *scores, const double *labels, size_t n, double *grad);
RANKNETDEF ranknet_status ranknet_gradf(const float *scores, const float *labels, size_t n, float *grad);

/* General form; loss, grad and hess each optional. d = sigma (s_i - s_j), p = sigmoid(d):
       loss   = sum_{i<j} w_ij (softplus(d_ij) - t_ij d_ij)
       grad_i = sum_{j!=i} w_ij sigma (p_ij - t_ij)
       hess_i = sum_{j!=i} w_ij sigma^2 p_ij (1 - p_ij)     (the diagonal of the hessian)
   w_ij = 1; RANKNET_TIES_SKIP drops the pairs with y_i == y_j.                              */
RANKNETDEF ranknet_status ranknet_query(const ranknet_options *opt, const double *scores, const double *labels,
                                        size_t n, double *loss, double *grad, double *hess);
RANKNETDEF ranknet_status ranknet_queryf(const ranknet_options *opt, const float *scores, const float *labels, size_t n,
                                         double *loss, float *grad, float *hess);

/* Many queries: query q is rows [offsets[q], offsets[q+1]); offsets has n_queries + 1
   entries, offsets[0] == 0, nondecreasing (NULL allowed when n_queries == 0).
   loss = the sum of the queries' losses; grad and hess have offsets[n_queries] rows.      */
RANKNETDEF ranknet_status ranknet_batch(const ranknet_options *opt, const double *scores, const double *labels,
                                        const size_t *offsets, size_t n_queries, double *loss, double *grad,
                                        double *hess);
RANKNETDEF ranknet_status ranknet_batchf(const ranknet_options *opt, const float *scores, const float *labels,
                                         const size_t *offsets, size_t n_queries, double *loss, float *grad,
                                         float *hess);

/* ENGINE PRESETS (opt->preset), for ranknet_query and ranknet_batch. Items are ranked as
   the engines rank them (a stable sort by score, descending), the pairs are (rank r, any
   rank below it) for r < k (k = opt->k, 0 = the whole list), pairs of equal labels
   are skipped, and the item of the higher label is "high". With d = sigma (s_high - s_low)
   and p = sigmoid(d), each pair adds, to the high item and (negated) to the low one,
       lambda = -sigma w (1 - p),      hess = sigma^2 w p (1 - p)   (both items)
       loss  += w softplus(-d)
   LIGHTGBM (objective=lambdarank; weighting must be DELTA_NDCG):
       w = |G_high - G_low| |D(r_high) - D(r_low)| / IDCG@k, D(r) = 1 / log2(r + 2) for
       every rank (not truncated), G = 2^y - 1 (label_gain's default; labels integers 0..30)
       or y (gain LINEAR: label_gain 0, 1, 2, ..; integer labels). k is
       lambdarank_truncation_level (LightGBM's default 30), sigma is sigmoid, and
       normalize = LOG2 is lambdarank_norm, both parts: w is divided by 0.01 + |s_high -
       s_low| unless the query's best and worst scores are equal, and the query is scaled
       by log2(1 + S) / S. The sigmoid is computed exactly, not from LightGBM's table
       (which is off by up to about 1e-5). sigmoid_table = 1 asks for LightGBM's own
       arithmetic instead: the entry of its table of 2^20 bins over |x| < 25 / sigma that
       LightGBM would read (computed as its table computes it, without the table), its
       inverse max DCG, and float sums in its pair order: LightGBM's lambdas and hessians
       bit for bit (the loss stays exact; the pair loop is then scalar).
   XGBOOST (rank:ndcg with weighting DELTA_NDCG, rank:map with DELTA_MAP, rank:pairwise
   with NONE; sigma must be 1):
       w as above for rank:ndcg (G = 2^y - 1 for ndcg_exp_gain, labels integers 0..31, or
       y for gain LINEAR), XGBoost's |delta AP| of the whole list for rank:map (labels 0
       or 1), w = 1 for rank:pairwise; hess = 2 w max(p (1 - p), 1e-16) (the doubled
       hessian of XGBoost). k is lambdarank_num_pair_per_sample for
       lambdarank_pair_method=topk (XGBoost's default 32); score_norm is
       lambdarank_score_normalization (the 0.01 + |s_high - s_low| division); normalize =
       LOG2 is lambdarank_normalization. sample_pairs = m > 0 is pair_method=mean: for
       each of m rounds every item is paired with one item of another label drawn
       uniformly (a counter-based generator of opt->seed, the query's index in the batch,
       the item and the round: the same pairs for any platform or thread count), IDCG
       spans the whole list, k must be 0, and LOG2 scales the query by 1 / m instead.
   Weights: LightGBM multiplies item_weights into each row's lambda and hessian (the loss
   is not weighted) and has no query weights; XGBoost multiplies query_weights, times
   n_queries / their sum, and has no item weights and no gain table (label_gain is
   LightGBM's). Bad combinations are RANKNET_ERR_OPTION: an unknown preset, LIGHTGBM
   without DELTA_NDCG, XGBOOST with a weighting other than NONE, DELTA_NDCG and DELTA_MAP,
   score_norm or sample_pairs without XGBOOST, sigmoid_table other than 0 or 1 or without
   LIGHTGBM (or with Unbiased LambdaMART's factors), the weights an engine lacks; labels the
   engine refuses are RANKNET_ERR_RANGE, and so is a label_gain table that falls somewhere
   (LightGBM's IDCG sorts by label, the best order only for a nondecreasing table).
   opt->ties does not apply (both engines skip equal labels). O(k n + n) a query (the
   ranking is a radix sort), O(n) scratch. The top-k pairs run on the vector kernels;
   sampled pairs and sigmoid_table one pair at a time. */

/* LISTWISE LOSSES (opt->listwise), for ranknet_query and ranknet_batch: one loss of each
   query's whole list instead of its pairs, with its exact gradient and diagonal hessian.
   z = sigma s (sigma scales every listwise loss); the outputs are dL/ds and d2L/ds2.
   SOFTMAX (ListNet's top-one, TF-Ranking SoftmaxLoss, Rax softmax_loss, allRank listNet):
       L = -sum_i p_i log softmax(z)_i,  dL/ds_i = sigma (rho_i - p_i),
       d2L/ds_i2 = sigma^2 rho_i (1 - rho_i),  rho = softmax(z)
     with the targets by opt->label_transform: SUM p = y / sum y (TF-Ranking, Rax), SOFTMAX
     p = softmax(y) (allRank), EXP2 p = (2^y - 1) / sum (2^y - 1). Under SUM and EXP2 a query
     without a positive label has no target: loss, gradient and hessian 0; softmax(y) always
     exists (uniform for equal labels). item_weights multiply the labels first (Rax).
   POLY1 (Rax poly1_softmax_loss, Leng et al. 2022): SOFTMAX plus epsilon (1 - p_t),
     p_t = sum_i p_i rho_i, epsilon = opt->epsilon (0 means 1, Rax's default):
       dL/ds_i = sigma (rho_i - p_i - eps rho_i (p_i - p_t))
       d2L/ds_i2 = sigma^2 (rho_i (1 - rho_i) - eps rho_i (p_i - p_t) (1 - 2 rho_i))
   XENDCG (Bruch et al. 2019): SOFTMAX with p proportional to 2^y - gamma_i, gamma_i uniform
     in [0, 1) from a counter-based generator of (opt->seed, opt->iteration, the query's
     index in the call, the item): the same targets on every platform and thread count; a
     new round (iteration) draws new ones. preset LIGHTGBM is LightGBM's rank_xendcg: its
     generator (a linear congruential Random seeded objective_seed + query, here opt->seed,
     that draws n values a round: opt->iteration is the round), Phi = 2^(int) y - gamma,
     its approximation of the gradient in its float sums, hessian rho (1 - rho), item
     weights per row: LightGBM's lambdas bit for bit; sigma must be 1.
   LISTMLE (Xia et al. 2008; TF-Ranking, Rax listmle_loss, allRank listMLE): the negative
     Plackett-Luce log-likelihood of the order pi by label (descending, equal labels by
     lower index first, as Rax keeps them; allRank breaks ties at random):
       L = sum_r (log sum_{t >= r} exp z_pi(t) - z_pi(r)),
       dL/ds_u = sigma (sum_{r <= u} P_r(u) - 1),  d2L/ds_u2 = sigma^2 sum_{r <= u} P_r(u) (1 - P_r(u))
     with P_r(u) = exp(z_u) / sum_{t >= r} exp z_pi(t). Any labels. O(n log n).
   APPROX_NDCG (Qin et al. 2010; TF-Ranking ApproxNDCGLoss, allRank approxNDCGLoss):
       r_i = 1 + sum_{j != i} sigmoid(a (s_j - s_i)),  L = -sum_i G_i / (IDCG log2(1 + r_i))
     a = opt->alpha sigma (alpha 0 means 10, TF-Ranking's temperature 0.1; allRank's
     default alpha is 1), G = 2^y - 1, y (gain LINEAR) or label_gain[y], IDCG of the whole
     list; a query without a relevant item scores 0 (loss 0). O(n^2): two passes over the
     pairs, nothing n x n stored.
   Every form is stable: softmax shifted by the largest score, its largest share's 1 - rho
   from the others' sum, suffix sums that keep the index of their largest score, score
   differences formed without overflow. Options that mean nothing here are
   RANKNET_ERR_OPTION: a weighting, a preset (but LIGHTGBM with XENDCG), k, normalize,
   ties SKIP, sigmoid_table, label_transform outside SOFTMAX and POLY1, item_weights
   outside SOFTMAX, POLY1 and rank_xendcg, a gain table outside APPROX_NDCG. Labels must be
   >= 0 (RANKNET_ERR_RANGE) but for LISTMLE and label_transform SOFTMAX. query_weights
   scale a query's loss, gradient and hessian. OpenMP: the same bits for any thread count.
   The pair loop of APPROX_NDCG is scalar. */

/* LambdaRank is ranknet_query / ranknet_batch with opt->weighting = RANKNET_WEIGHT_DELTA_NDCG.
   Items are ranked by score, descending, equal scores by lower index first (rank 0 is the
   top). With gain G (2^y - 1, or y), discount D(r) = 1 / log2(r + 2) for r < k, else 0
   (k = opt->k, 0 = the whole list), and IDCG@k the DCG@k of the labels sorted:
       w_ij = |G(y_i) - G(y_j)| |D(r_i) - D(r_j)| / IDCG@k
   exactly the change in NDCG@k when i and j swap places. It multiplies the pair's loss,
   lambda and hessian above and is held constant (not differentiated). Equal labels give
   w = 0 whatever the tie mode; a query with IDCG = 0 gets loss, grad and hess 0. Labels
   must be >= 0 (else RANKNET_ERR_RANGE); huge labels are handled by scaling every gain
   by one factor, which cancels. Only pairs with an item in the top k are visited, on the
   same vector paths as RankNet: O(k n) pairs; only the top k are put in order (selection,
   then a sort of k: O(n + k log k) expected, O(n log n) at worst); O(n) scratch through
   RANKNET_MALLOC (RANKNET_ERR_NOMEM when it fails, with nothing written).

   WEIGHTINGS. Every other weighting is a pair weight w_ij >= 0, held constant like the
   one above, multiplying the pair's loss, lambda and hessian; same ranks and ties; labels
   >= 0; relevant means label > 0; k = opt->k (0 = the whole list); r_i the rank of i:
       DELTA_MAP   |AP@k after swapping i and j - AP@k before|, AP@k as trec_eval's map_cut_k
                   (see ranknet_metric). O(1) a pair from prefix sums.
       DELTA_MRR   |delta RR@k|, RR@k = 1 / (r + 1) of the first relevant item when r < k.
                   Only pairs with the first relevant item, or with an item above it, can
                   be nonzero: rows up to the first relevant rank.
       DELTA_ERR   |delta ERR@k|, R = (2^y - 1) / 2^ymax, ymax = opt->max_label (0: the
                   query's largest label; a larger label is RANKNET_ERR_RANGE). With P_a the
                   product of (1 - R) above rank a, for ranks a < b:
                   |delta| = P_a |R_b - R_a| |1/(a+1) - M - [b < k] Q / (b+1)|, M and Q the
                   cascade's sum and product over the ranks strictly between (below k),
                   kept as b moves: O(1) a pair, no division.
       LAMBDALOSS  NDCG-Loss2++ (Wang et al. 2018) as allRank's ndcgLoss2PP_scheme:
                   w = (rho + mu delta) |G_i - G_j| / IDCG@k, rho = |1/log2(r_i + 2) -
                   1/log2(r_j + 2)|, delta = 1/log2(1 + d) - 1/log2(2 + d), d = |r_i - r_j|,
                   mu = opt->mu (allRank's default 10); as allRank, only pairs with both
                   items in the top k.
       LABEL_DIFF  |y_i - y_j| (TF-Ranking's LabelDiffLambdaWeight), pairs with an item in
                   the top k.
   The Delta weightings visit the pairs with an item in the top k, O(k n) (all n(n - 1) / 2
   for k = 0, as RankNet), after ranking the query's top k, O(n + k log k). Every
   weighting, gain table and item weight runs on the vector kernels of every path (each
   pair's weight from per-rank tables built in O(n) a query, in double, the kernels'
   precision after that), but two parts: DELTA_ERR's pairs with both items in the top k
   when k > 128 (its cascade between them is not a product of per-rank values: below 128
   a tile of their weights, above it one pair at a time, in double), and Unbiased
   LambdaMART's RATIO factors (the same tables, one pair at a time on the scalar kernel).
   opt->label_gain (NDCG, LAMBDALOSS): G = label_gain[y] for integer labels y <
   label_gain_len, any other label RANKNET_ERR_RANGE; IDCG sorts by gain.
   opt->item_weights (one a row of the batch): the pair's weight is multiplied by the
   weight of its more relevant item, the mean of the two for equal labels (TF-Ranking).
   opt->query_weights (one a query): multiply the query's loss, lambdas and hessians.
   Negative weights are RANKNET_ERR_RANGE, non-finite ones RANKNET_ERR_NONFINITE. Degenerate
   lists (one item, equal labels, nothing relevant) get loss, lambdas and hessians 0.

   NDCG@k of a ranking by score, gain 2^y - 1, the same rank and tie rule, k = 0 for the
   whole list. A query whose IDCG is 0 (no relevant item) scores 1.0, as in LightGBM.       */
RANKNETDEF ranknet_status ranknet_ndcg(const double *scores, const double *labels, size_t n, size_t k, double *ndcg);
RANKNETDEF ranknet_status ranknet_ndcgf(const float *scores, const float *labels, size_t n, size_t k, double *ndcg);

/* METRICS of one query, ranked by score (descending, equal scores by lower index), at
   cutoff k (0 = the whole list); relevant means label > 0; labels >= 0:
       NDCG  as ranknet_ndcg (gain 2^y - 1; 1.0 when no item is relevant)
       MAP   AP@k as trec_eval's map_cut_k: the sum over relevant items ranked r < k of
             (relevant items in ranks 0..r) / (r + 1), divided by the number of relevant
             items of the query (0 when there is none)
       MRR   RR@k = 1 / (r + 1) for the first relevant item when r < k, else 0
       ERR   sum over r < k of R_r / (r + 1) prod over s < r of (1 - R_s),
             R = (2^y - 1) / 2^ymax, ymax the query's largest label
       DCG   sum over r < k of (2^y - 1) / log2(r + 2) (RANKNET_ERR_OVERFLOW past DBL_MAX)
       PRECISION  relevant items ranked r < k, divided by k (by n for k = 0; by k also when
             n < k, as trec_eval's P_k)
       RECALL     relevant items ranked r < k, divided by the query's relevant items
   A query without a relevant item scores what opt->no_relevant says (ranknet_metric_query;
   ranknet_metric: DEFAULT, that is NDCG 1 and every other metric 0).
   An unknown kind is RANKNET_ERR_OPTION. O(n + k log k) expected, O(n) scratch. */
RANKNETDEF ranknet_status ranknet_metric(ranknet_metric_kind kind, size_t k, const double *scores, const double *labels,
                                         size_t n, double *value);
RANKNETDEF ranknet_status ranknet_metricf(ranknet_metric_kind kind, size_t k, const float *scores, const float *labels,
                                          size_t n, double *value);
/* The same, with options: opt->reason / reason_size get the reason of a failure (the other
   options are not read; opt may be NULL). */
RANKNETDEF ranknet_status ranknet_metric_query(const ranknet_options *opt, ranknet_metric_kind kind, size_t k,
                                               const double *scores, const double *labels, size_t n, double *value);
RANKNETDEF ranknet_status ranknet_metric_queryf(const ranknet_options *opt, ranknet_metric_kind kind, size_t k,
                                                const float *scores, const float *labels, size_t n, double *value);

/* UNBIASED LEARNING TO RANK FROM CLICKS (position bias). Clicks depend on where an item
   was shown: trained on raw clicks, a ranker learns to copy the ranking that showed them.
   A ranknet_bias, kept by the caller across training iterations, learns the bias of each
   displayed position 0 .. P-1 jointly with the ranker; rows shown at P or below (or
   untracked) take the neutral factor. Labels are clicks (or any grades); a pair is
   (i, j) with y_i > y_j: i the clicked ("plus") item, j the unclicked ("minus") one.

   RANKNET_BIAS_RATIO: Unbiased LambdaMART (Hu et al., WWW 2019), as XGBoost's
   lambdarank_unbiased. Factors t+_r, t-_r (start 1; 1 past P). Each pair's loss, lambda
   and hessian is divided by t+_{pos(i)} t-_{pos(j)}, and its cost C_ij (its term of the
   loss the call would return without the bias: w_ij softplus(-sigma (s_i - s_j)), times
   the query weight and normalisation) is added up per position:
       L+_r += C_ij / t-_{pos(j)}  (pos(i) = r),     L-_r += C_ij / t+_{pos(i)}  (pos(j) = r)
   ranknet_bias_update then sets, p = regularizer (XGBoost's lambdarank_bias_norm),
       t+_r = (L+_r / L+_0)^(1 / (1 + p)),   t-_r = (L-_r / L-_0)^(1 / (1 + p))
   and clears L+ and L-; hold_minus keeps t- (IPW of the clicked side only, the examination
   learned as t+). ranknet_bias_create(RANKNET_BIAS_RATIO) starts with p = 0 and hold_minus
   set, which learns from clicks where XGBoost's p = 1 with t- learned falls below raw clicks
   (docs/unbiased.md); RANKNET_BIAS_RATIO_XGBOOST creates that instead. The paper's cost log(1 + e^{-sigma (s_i - s_j)}) is used; XGBoost
   3.2 accumulates log(1 + e^{+(s_i - s_j)}), the cost of the reversed pair, and uses only
   pairs with both items shown above P. A position without cost (L = 0) keeps its factor;
   no cost at position 0 keeps them all. Pairs of equal labels say nothing about a click:
   they are left out, whatever opt->ties.

   RANKNET_BIAS_ADDITIVE: LightGBM's position bias (lambdarank_position_bias_regularization,
   LightGBM >= 4.1). A bias b_r (start 0) is added to the score of each row shown at r
   before the pairs are formed; the call adds up, per position, the lambdas G_r, hessians
   H_r and rows n_r it returns; ranknet_bias_update takes one Newton step, c = regularizer,
   lr = learning_rate:
       b_r += lr (-G_r - c n_r b_r) / (H_r + c n_r + 0.001)
   and clears G, H, n. The ranker's scores stay unbiased (use them without b at serving).

   positions: one a row, the position the row was displayed at (0 = top), 0 .. 2^31 - 1
   (anything else RANKNET_ERR_RANGE); NULL: the row's index in its query (rows listed in
   displayed order, XGBoost's convention). The batch call takes every option of
   ranknet_batch (weightings, presets, weights, float and double, OpenMP with the same
   bits for any thread count); under RATIO the pairs run on the scalar loop. It adds to the
   accumulators only when it returns RANKNET_OK; on any other status the state and every
   output are untouched. A factor that is not finite is RANKNET_ERR_NONFINITE, a RATIO
   factor <= 0 RANKNET_ERR_RANGE, an unknown kind or a bad regularizer / learning rate
   RANKNET_ERR_OPTION. The state is not thread-safe: one call at a time on it.          */
typedef enum {
    RANKNET_BIAS_RATIO = 0,     /* Unbiased LambdaMART; created with regularizer 0 and t- held */
    RANKNET_BIAS_ADDITIVE,      /* LightGBM's position bias */
    RANKNET_BIAS_RATIO_XGBOOST, /* for ranknet_bias_create only: RATIO with XGBoost's defaults
                                   (regularizer 1, t- learned); the state's kind is RATIO */
    RANKNET_BIAS_COUNT
} ranknet_bias_kind;
typedef struct ranknet_bias {
    ranknet_bias_kind kind;
    size_t positions;     /* P */
    double regularizer;   /* RATIO: p (0; XGBoost's default 1); ADDITIVE: c (LightGBM's default 0) */
    double learning_rate; /* ADDITIVE: the Newton step's scale (LightGBM's learning_rate, 0.1) */
    double *t_plus;       /* RATIO: t+_r; ADDITIVE: b_r (P values each; the caller may set them) */
    double *t_minus;      /* RATIO: t-_r; ADDITIVE: unused (all 1) */
    double *acc_plus;     /* since the last update: L+_r (RATIO), G_r (ADDITIVE) */
    double *acc_minus;    /* L-_r (RATIO), H_r (ADDITIVE) */
    double *acc_rows;     /* rows seen at r (both kinds) */
    int hold_minus;       /* RATIO: nonzero (the default) keeps t- in updates: only t+ is learned */
    char *reason;         /* the caller's buffer (NULL as created): why ranknet_bias_update failed */
    size_t reason_size;   /* (ranknet_batch_unbiased writes its reasons to opt->reason) */
} ranknet_bias;

/* Allocates a state through RANKNET_MALLOC with the defaults above (*out NULL on error:
   positions == 0 or kind unknown RANKNET_ERR_OPTION, RANKNET_ERR_NOMEM); ranknet_bias_free
   takes NULL. */
RANKNETDEF ranknet_status ranknet_bias_create(ranknet_bias_kind kind, size_t positions, ranknet_bias **out);
RANKNETDEF void ranknet_bias_free(ranknet_bias *bias);
RANKNETDEF ranknet_status ranknet_bias_update(ranknet_bias *bias);
RANKNETDEF ranknet_status ranknet_batch_unbiased(const ranknet_options *opt, ranknet_bias *bias, const double *scores,
                                                 const double *labels, const long long *positions,
                                                 const size_t *offsets, size_t n_queries, double *loss, double *grad,
                                                 double *hess);
RANKNETDEF ranknet_status ranknet_batch_unbiasedf(const ranknet_options *opt, ranknet_bias *bias, const float *scores,
                                                  const float *labels, const long long *positions,
                                                  const size_t *offsets, size_t n_queries, double *loss, float *grad,
                                                  float *hess);

#ifdef __cplusplus
}
#endif
#endif /* RANKNET_H */

/* 3. IMPLEMENTATION */
#if defined(RANKNET_IMPLEMENTATION) && !defined(RANKNET__IMPLEMENTED)
#define RANKNET__IMPLEMENTED

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h> /* vsnprintf, for the reasons of failures */
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#ifndef RANKNET_ASSERT
#include <assert.h>
#define RANKNET_ASSERT(x) assert(x)
#endif

#if defined(RANKNET_MALLOC) && !defined(RANKNET_FREE) || !defined(RANKNET_MALLOC) && defined(RANKNET_FREE)
#error "define both RANKNET_MALLOC and RANKNET_FREE, or neither"
#endif
#ifndef RANKNET_HEADER_FILE
#define RANKNET_HEADER_FILE "ranknet.h"
#endif
#ifndef RANKNET_MALLOC
#include <stdlib.h>
#define RANKNET_MALLOC(sz) malloc(sz)
#define RANKNET_FREE(p) free(p)
#endif

/* Pairs are processed in column blocks of this many items (64 vectors in the float
   vector kernels: 1024 items at 16 lanes), staged on the stack: column sums are
   accumulated in double, and an output is rounded only once per block. 512 rather than
   256: half the per-block work of every row group (8% faster at n = 1000). */
#define RANKNET__BLOCK 512

typedef unsigned long long ranknet__u64;

/* A caller's array of either precision. */
typedef struct ranknet__vec {
    const void *p;
    int f32;
} ranknet__vec;

static double ranknet__get(ranknet__vec v, size_t i)
{
    return v.f32 ? (double)((const float *)v.p)[i] : ((const double *)v.p)[i];
}

static ranknet__vec ranknet__at(ranknet__vec v, size_t i)
{
    if (v.p) v.p = (const char *)v.p + i * (v.f32 ? sizeof(float) : sizeof(double));
    return v;
}

static void ranknet__add(void *out, int f32, size_t i, double x)
{
    if (f32) {
        float *o = (float *)out;
        o[i] = (float)((double)o[i] + x);
    } else {
        ((double *)out)[i] += x;
    }
}

static void ranknet__set(void *out, int f32, size_t i, double x)
{
    if (f32) ((float *)out)[i] = (float)x;
    else ((double *)out)[i] = x;
}

static void ranknet__zero(void *out, int f32, size_t n)
{
    size_t i;
    if (!out) return;
    for (i = 0; i < n; ++i) {
        if (f32) ((float *)out)[i] = 0.0f;
        else ((double *)out)[i] = 0.0;
    }
}

static void ranknet__scale(void *out, int f32, size_t n, double f)
{
    size_t i;
    if (!out) return;
    for (i = 0; i < n; ++i) {
        if (f32) ((float *)out)[i] = (float)((double)((float *)out)[i] * f);
        else ((double *)out)[i] *= f;
    }
}

/* One pair: d the (sigma-scaled) difference, t the target. Writes p - t and p (1 - p);
   returns softplus(d) - t d when want_loss, else 0. Well defined for d = +-inf too. */
/* sigmoid(x) and 1 - sigmoid(x), each with full relative precision; returns exp(-|x|) */
static double ranknet__sigmoids(double x, double *p, double *q)
{
    double e = exp(-fabs(x)), r = 1.0 / (1.0 + e);
    *p = x >= 0 ? r : e * r;
    *q = x >= 0 ? e * r : r;
    return e;
}

static double ranknet__pair(double d, double t, double *g, double *h, int want_loss)
{
    double a = fabs(d), p, q, e = ranknet__sigmoids(d, &p, &q); /* q = 1 - p */
    double c;
    *g = t <= 0.5 ? p - t : (1.0 - t) - q;
    *h = p * q;
    if (!want_loss) return 0.0;
    c = d >= 0 ? 1.0 - t : t;
    return (c > 0 ? c * a : 0.0) + log1p(e); /* c == 0 with a == inf must give 0, not NaN */
}

/* sigma (a - b) without the overflow of a - b itself, which a small sigma can undo */
static double ranknet__scaled_diff(double sigma, double a, double b)
{
    double diff = a - b;
    if (diff - diff == 0) return sigma * diff;
    return 2.0 * (sigma * (0.5 * a - 0.5 * b));
}

static double ranknet__target(double yi, double yj) { return yi > yj ? 1.0 : yi < yj ? 0.0 : 0.5; }

/* The displayed position of a row (positions checked: 0 .. 2^31 - 1) */
static size_t ranknet__position(const long long *positions, size_t row, size_t item)
{
    return positions ? (size_t)positions[row] : item;
}

/* --- options ---------------------------------------------------------------------------- */

typedef struct ranknet__cfg {
    double sigma;
    int skip_ties;
    int ndcg; /* RANKNET_WEIGHT_DELTA_NDCG */
    ranknet_weighting weighting;
    int general; /* a staged weighting (ranknet__stage_query) rather than plain RankNet or delta NDCG */
    size_t k;    /* the metric's cutoff; 0 = the whole list */
    double mu, max_label;
    const double *label_gain, *item_weights, *query_weights;
    size_t label_gain_len;
    double query_norm; /* XGBoost: n_queries / sum of query weights; else 1 */
    int linear_gain;
    ranknet_norm normalize;
    ranknet_preset preset;
    int score_norm;            /* the 0.01 + |s_i - s_j| division (presets) */
    int lightgbm_table;        /* LightGBM's own sigmoid table and float sums */
    size_t sample_pairs;       /* XGBoost's mean pair method; 0 = top k */
    ranknet_listwise listwise; /* NONE: the pairs */
    ranknet_label_transform label_transform;
    double epsilon, alpha; /* resolved: POLY1's, APPROX_NDCG's */
    size_t iteration;
    ranknet_lambdaloss_scheme scheme; /* LAMBDALOSS's */
    ranknet__u64 seed;
    ranknet_simd path;              /* resolved: never RANKNET_SIMD_AUTO */
    int simd_safe;                  /* scores and sigma in the range the SIMD kernels take (no overflow) */
    const ranknet_bias *bias;       /* RANKNET_BIAS_RATIO: divide each pair, add up its cost; else NULL */
    const long long *positions;     /* the rows' displayed positions; NULL: the index in the query */
    double *cost_plus, *cost_minus; /* with bias: per row, the costs of its pairs as plus / minus item */
    const double *disc;             /* 1 / log2(r + 2) for r < disc_len (the batch's, shared), or NULL */
    size_t disc_len;
    char *reason; /* the caller's buffer for why a call failed (opt->reason), or NULL */
    size_t reason_size;
} ranknet__cfg;

/* A failure, with its reason written to the caller's buffer when there is one: the only
   output a failing call writes. */
static ranknet_status ranknet__fail(const ranknet__cfg *c, ranknet_status st, const char *fmt, ...)
{
    if (c->reason && c->reason_size > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->reason, c->reason_size, fmt, ap);
        va_end(ap);
    }
    return st;
}

/* A configuration that carries only a reason buffer: for the checks of calls without
   options, or before the options are read */
static ranknet__cfg ranknet__why(char *reason, size_t reason_size)
{
    ranknet__cfg c;
    memset(&c, 0, sizeof c);
    c.reason = reason;
    c.reason_size = reason_size;
    return c;
}

/* The listwise losses whose targets or gains need labels >= 0 (ListMLE only orders them;
   softmax(y) takes any) */
static int ranknet__graded(const ranknet__cfg *c)
{
    return c->listwise != RANKNET_LISTWISE_NONE && c->listwise != RANKNET_LISTWISE_LISTMLE &&
           !(c->label_transform == RANKNET_LABELS_SOFTMAX && c->listwise != RANKNET_LISTWISE_XENDCG &&
             c->listwise != RANKNET_LISTWISE_APPROX_NDCG);
}

/* The listwise options, and what they leave out of the pairwise family */
static ranknet_status ranknet__listwise_config(const ranknet_options *o, ranknet__cfg *c)
{
    static const char *const names[] = {"NONE", "SOFTMAX", "POLY1", "XENDCG", "LISTMLE", "APPROX_NDCG"};
    const char *name;
    if ((unsigned)o->listwise >= (unsigned)RANKNET_LISTWISE_COUNT)
        return ranknet__fail(c, RANKNET_ERR_OPTION, "listwise %d is no ranknet_listwise", (int)o->listwise);
    if ((unsigned)o->label_transform >= (unsigned)RANKNET_LABELS_COUNT)
        return ranknet__fail(c, RANKNET_ERR_OPTION, "label_transform %d is no ranknet_label_transform",
                             (int)o->label_transform);
    if (!(fabs(o->epsilon) <= DBL_MAX))
        return ranknet__fail(c, RANKNET_ERR_OPTION, "epsilon %g: it must be finite", o->epsilon);
    if (!(o->alpha >= 0 && o->alpha <= DBL_MAX))
        return ranknet__fail(c, RANKNET_ERR_OPTION, "alpha %g: it must be finite and >= 0 (0 means 10)", o->alpha);
    if (o->listwise == RANKNET_LISTWISE_NONE) return RANKNET_OK;
    name = names[o->listwise];
    if (o->weighting != RANKNET_WEIGHT_NONE)
        return ranknet__fail(c, RANKNET_ERR_OPTION, "listwise %s takes no pair weighting (weighting %d)", name,
                             (int)o->weighting);
    if (o->preset != RANKNET_PRESET_NONE &&
        !(o->preset == RANKNET_PRESET_LIGHTGBM && o->listwise == RANKNET_LISTWISE_XENDCG))
        return ranknet__fail(c, RANKNET_ERR_OPTION,
                             "listwise %s has no preset %s (preset LIGHTGBM with XENDCG is rank_xendcg)", name,
                             o->preset == RANKNET_PRESET_LIGHTGBM ? "LIGHTGBM" : "XGBOOST");
    if (o->preset == RANKNET_PRESET_LIGHTGBM && !(o->sigma == 0 || o->sigma == 1))
        return ranknet__fail(c, RANKNET_ERR_OPTION, "preset LIGHTGBM with XENDCG needs sigma 1 (or 0), not %g",
                             o->sigma);
    if (o->k != 0)
        return ranknet__fail(c, RANKNET_ERR_OPTION, "listwise %s uses the whole list: k must be 0, not %lu", name,
                             (unsigned long)o->k);
    if (o->normalize != RANKNET_NORM_NONE || o->ties != RANKNET_TIES_HALF || o->sigmoid_table)
        return ranknet__fail(c, RANKNET_ERR_OPTION, "listwise %s takes no %s (a pairwise option)", name,
                             o->normalize ? "normalize"
                             : o->ties    ? "ties SKIP"
                                          : "sigmoid_table");
    if (o->label_transform != RANKNET_LABELS_SUM && o->listwise != RANKNET_LISTWISE_SOFTMAX &&
        o->listwise != RANKNET_LISTWISE_POLY1)
        return ranknet__fail(c, RANKNET_ERR_OPTION, "label_transform is for SOFTMAX and POLY1, not %s", name);
    if (o->item_weights && o->listwise != RANKNET_LISTWISE_SOFTMAX && o->listwise != RANKNET_LISTWISE_POLY1 &&
        o->preset == RANKNET_PRESET_NONE)
        return ranknet__fail(c, RANKNET_ERR_OPTION,
                             "item_weights: SOFTMAX and POLY1 (they scale the labels) or rank_xendcg's rows, not %s",
                             name);
    if ((o->label_gain || o->gain != RANKNET_GAIN_EXP2) && o->listwise != RANKNET_LISTWISE_APPROX_NDCG)
        return ranknet__fail(c, RANKNET_ERR_OPTION, "%s is for APPROX_NDCG's gains, not %s",
                             o->label_gain ? "label_gain" : "gain LINEAR", name);
    return RANKNET_OK;
}

static ranknet_status ranknet__config(const ranknet_options *opt, ranknet__cfg *c)
{
    static const char *const weightings[] = {"NONE",      "DELTA_NDCG", "DELTA_MAP",  "DELTA_MRR",
                                             "DELTA_ERR", "LAMBDALOSS", "LABEL_DIFF", "DELTA_DCG"};
    ranknet_options o;
    ranknet_status st;
    if (opt) o = *opt;
    else memset(&o, 0, sizeof o);
    c->reason = o.reason;
    c->reason_size = o.reason_size;
    if (!(o.sigma >= 0) || o.sigma > DBL_MAX) /* also NaN */
        return ranknet__fail(c, RANKNET_ERR_OPTION, "sigma %g: it must be finite and >= 0 (0 means 1)", o.sigma);
    if ((unsigned)o.ties >= (unsigned)RANKNET_TIES_COUNT)
        return ranknet__fail(c, RANKNET_ERR_OPTION, "ties %d is no ranknet_ties", (int)o.ties);
    if ((unsigned)o.weighting >= (unsigned)RANKNET_WEIGHT_COUNT)
        return ranknet__fail(c, RANKNET_ERR_OPTION, "weighting %d is no ranknet_weighting", (int)o.weighting);
    if ((unsigned)o.preset >= (unsigned)RANKNET_PRESET_COUNT)
        return ranknet__fail(c, RANKNET_ERR_OPTION, "preset %d is no ranknet_preset", (int)o.preset);
    if ((unsigned)o.gain >= (unsigned)RANKNET_GAIN_COUNT)
        return ranknet__fail(c, RANKNET_ERR_OPTION, "gain %d is no ranknet_gain", (int)o.gain);
    if ((unsigned)o.normalize >= (unsigned)RANKNET_NORM_COUNT)
        return ranknet__fail(c, RANKNET_ERR_OPTION, "normalize %d is no ranknet_norm", (int)o.normalize);
    if (!(o.mu >= 0 && o.mu <= DBL_MAX))
        return ranknet__fail(c, RANKNET_ERR_OPTION, "mu %g: it must be finite and >= 0", o.mu);
    if (!(o.max_label >= 0 && o.max_label <= DBL_MAX))
        return ranknet__fail(c, RANKNET_ERR_OPTION, "max_label %g: it must be finite and >= 0", o.max_label);
    if (o.label_gain ? o.label_gain_len == 0 : o.label_gain_len != 0)
        return ranknet__fail(c, RANKNET_ERR_OPTION, "label_gain and label_gain_len: both set or neither");
    if ((st = ranknet__listwise_config(&o, c)) != RANKNET_OK) return st;
    if ((unsigned)o.lambdaloss_scheme >= (unsigned)RANKNET_LAMBDALOSS_COUNT)
        return ranknet__fail(c, RANKNET_ERR_OPTION, "lambdaloss_scheme %d is no ranknet_lambdaloss_scheme",
                             (int)o.lambdaloss_scheme);
    if (o.lambdaloss_scheme != RANKNET_LAMBDALOSS_NDCG2PP && o.weighting != RANKNET_WEIGHT_LAMBDALOSS)
        return ranknet__fail(c, RANKNET_ERR_OPTION, "lambdaloss_scheme needs weighting LAMBDALOSS, not %s",
                             weightings[o.weighting]);
    if (o.lambdaloss_scheme == RANKNET_LAMBDALOSS_NDCG1 && (o.item_weights || o.normalize != RANKNET_NORM_NONE))
        return ranknet__fail(c, RANKNET_ERR_OPTION,
                             "lambdaloss_scheme NDCG1 takes no %s (its pairs are not the others')",
                             o.item_weights ? "item_weights" : "normalize");
    /* a gain table means something to the gain-weighted metrics only */
    if (o.label_gain && o.listwise == RANKNET_LISTWISE_NONE && o.weighting != RANKNET_WEIGHT_DELTA_NDCG &&
        o.weighting != RANKNET_WEIGHT_LAMBDALOSS && o.weighting != RANKNET_WEIGHT_DELTA_DCG)
        return ranknet__fail(c, RANKNET_ERR_OPTION,
                             "label_gain needs weighting DELTA_NDCG, DELTA_DCG or LAMBDALOSS, not %s",
                             weightings[o.weighting]);
    if (o.preset == RANKNET_PRESET_XGBOOST && o.weighting > RANKNET_WEIGHT_DELTA_MAP)
        return ranknet__fail(c, RANKNET_ERR_OPTION,
                             "preset XGBOOST has no weighting %s (rank:ndcg is DELTA_NDCG, "
                             "rank:map DELTA_MAP, rank:pairwise NONE)",
                             weightings[o.weighting]);
    if (o.preset == RANKNET_PRESET_NONE && o.weighting == RANKNET_WEIGHT_NONE && o.normalize == RANKNET_NORM_LOG2)
        return ranknet__fail(c, RANKNET_ERR_OPTION,
                             "normalize LOG2 needs a weighting (it scales by the pair "
                             "weights' sum): RankNet has none");
    if (o.sigmoid_table && (o.preset != RANKNET_PRESET_LIGHTGBM || o.sigmoid_table != 1))
        return ranknet__fail(c, RANKNET_ERR_OPTION, "sigmoid_table %d: 0, or 1 with preset LIGHTGBM", o.sigmoid_table);
    if (o.preset != RANKNET_PRESET_XGBOOST && (o.score_norm || o.sample_pairs))
        return ranknet__fail(c, RANKNET_ERR_OPTION,
                             "%s needs preset XGBOOST (LightGBM's score-gap division follows "
                             "normalize)",
                             o.score_norm ? "score_norm" : "sample_pairs");
    if (o.preset == RANKNET_PRESET_LIGHTGBM) { /* lambdarank or rank_xendcg; row weights, no query weights */
        if (o.weighting != RANKNET_WEIGHT_DELTA_NDCG && o.listwise == RANKNET_LISTWISE_NONE)
            return ranknet__fail(c, RANKNET_ERR_OPTION,
                                 "preset LIGHTGBM needs weighting DELTA_NDCG (lambdarank), "
                                 "not %s",
                                 weightings[o.weighting]);
        if (o.query_weights)
            return ranknet__fail(c, RANKNET_ERR_OPTION,
                                 "preset LIGHTGBM has no query_weights (it weights rows: "
                                 "item_weights)");
    }
    if (o.preset == RANKNET_PRESET_XGBOOST) { /* no sigmoid knob; mean sampling has no cutoff; query weights only */
        if (!(o.sigma == 0 || o.sigma == 1))
            return ranknet__fail(c, RANKNET_ERR_OPTION, "preset XGBOOST needs sigma 1 (or 0), not %g", o.sigma);
        if (o.sample_pairs && o.k)
            return ranknet__fail(c, RANKNET_ERR_OPTION,
                                 "preset XGBOOST: sample_pairs (the mean method) takes no k "
                                 "(k %lu)",
                                 (unsigned long)o.k);
        if (o.item_weights || o.label_gain)
            return ranknet__fail(c, RANKNET_ERR_OPTION,
                                 "preset XGBOOST has no %s (it weights queries: "
                                 "query_weights)",
                                 o.item_weights ? "item_weights" : "label_gain");
    }
    c->sigma = o.sigma == 0 ? 1.0 : o.sigma;
    c->skip_ties = o.ties == RANKNET_TIES_SKIP;
    c->ndcg = o.weighting == RANKNET_WEIGHT_DELTA_NDCG;
    c->weighting = o.weighting;
    c->general =
        o.preset == RANKNET_PRESET_NONE && (o.weighting > RANKNET_WEIGHT_DELTA_NDCG || o.label_gain || o.item_weights);
    c->k = o.k;
    c->mu = o.mu;
    c->max_label = o.max_label;
    c->label_gain = o.label_gain;
    c->label_gain_len = o.label_gain_len;
    c->item_weights = o.item_weights;
    c->query_weights = o.query_weights;
    c->query_norm = 1.0;
    c->linear_gain = o.gain == RANKNET_GAIN_LINEAR;
    c->normalize = o.normalize;
    c->preset = o.preset;
    c->score_norm = o.preset == RANKNET_PRESET_LIGHTGBM ? o.normalize == RANKNET_NORM_LOG2 : o.score_norm != 0;
    c->sample_pairs = o.sample_pairs;
    c->lightgbm_table = o.sigmoid_table;
    c->seed = o.seed;
    c->listwise = o.listwise;
    c->label_transform = o.label_transform;
    c->iteration = o.iteration;
    c->scheme = o.lambdaloss_scheme;
    c->epsilon = o.epsilon == 0 ? 1.0 : o.epsilon;
    c->alpha = o.alpha == 0 ? 10.0 : o.alpha;
    c->path = o.simd == RANKNET_SIMD_AUTO ? ranknet_simd_best() : o.simd;
    c->simd_safe = 0;
    c->bias = NULL;
    c->positions = NULL;
    c->cost_plus = c->cost_minus = NULL;
    c->disc = NULL;
    c->disc_len = 0;
    if (!ranknet_simd_supported(c->path))
        return ranknet__fail(c, RANKNET_ERR_OPTION, "simd %s: this CPU or build lacks it (ranknet_simd_supported)",
                             ranknet_simd_string(c->path));
    return RANKNET_OK;
}

/* Scans v[0..n) for NaN/inf; *lo and *hi get the extremes (updated, not reset). */
static int ranknet__finite(ranknet__vec v, size_t n, double *lo, double *hi)
{
    /* x - x is 0 for finite x, NaN otherwise; the sum of those stays 0 only if every x is
       finite. One loop a precision, without branches: it vectorises. */
    double l = *lo, h = *hi, bad = 0;
    size_t i;
    if (v.f32) {
        const float *x = (const float *)v.p;
        for (i = 0; i < n; ++i) {
            double xi = x[i];
            bad += xi - xi;
            l = xi < l ? xi : l;
            h = xi > h ? xi : h;
        }
    } else {
        const double *x = (const double *)v.p;
        for (i = 0; i < n; ++i) {
            bad += x[i] - x[i];
            l = x[i] < l ? x[i] : l;
            h = x[i] > h ? x[i] : h;
        }
    }
    if (bad != 0) return 0; /* NaN (also from inf - inf) compares unequal */
    *lo = l;
    *hi = h;
    return 1;
}

/* --- NDCG: ranks, gains, discounts --------------------------------------------------------- */

/* An item and its sort key. */
typedef struct ranknet__rank {
    double key;
    size_t idx;
} ranknet__rank;

/* a before b: key descending, equal keys by index ascending (score ties rank the lower
   index first). Indices are distinct, so this is a total order: any correct selection or
   sort gives the same result, on any C library. */
static int ranknet__before(const ranknet__rank *a, const ranknet__rank *b)
{
    return a->key > b->key || (a->key == b->key && a->idx < b->idx);
}

static void ranknet__swap(ranknet__rank *a, ranknet__rank *b)
{
    ranknet__rank t = *a;
    *a = *b;
    *b = t;
}

static void ranknet__insertion_sort(ranknet__rank *a, size_t n)
{
    size_t i, j;
    for (i = 1; i < n; ++i) {
        ranknet__rank x = a[i];
        for (j = i; j > 0 && ranknet__before(&x, &a[j - 1]); --j) a[j] = a[j - 1];
        a[j] = x;
    }
}

/* The root moves down below every child it does not come after: the heap's top is the
   item that comes last. */
static void ranknet__sift(ranknet__rank *a, size_t root, size_t n)
{
    size_t child;
    while ((child = 2 * root + 1) < n) {
        if (child + 1 < n && ranknet__before(&a[child], &a[child + 1])) ++child;
        if (!ranknet__before(&a[root], &a[child])) return;
        ranknet__swap(&a[root], &a[child]);
        root = child;
    }
}

static void ranknet__heap_sort(ranknet__rank *a, size_t n)
{
    size_t i;
    for (i = n / 2; i-- > 0;) ranknet__sift(a, i, n);
    for (i = n; i-- > 1;) {
        ranknet__swap(&a[0], &a[i]);
        ranknet__sift(a, 0, i);
    }
}

/* Puts the first k items of a[0..n) (by ranknet__before) in a[0..k), sorted; the rest
   follow in an order that depends only on the input. tmp has room for n items. Partial
   quicksort: O(n + k log k) expected; past depth levels the range is heap sorted, so the
   worst case is O(n log n). Only the top k of a LambdaRank query need an order: below the
   cut every discount is 0.
   Each partition is branch-free and out of place: every item is written to both ends of
   tmp and the end it belongs to advances. A branch would mispredict on every other item
   of random scores, and an in-place swap reads back what it just stored. */
static void ranknet__top(ranknet__rank *a, ranknet__rank *tmp, size_t n, size_t k, int depth)
{
    while (n > 16 && k > 0) {
        size_t mid = n / 2, i, front = 0, back = n;
        double pkey;
        size_t pidx;
        if (depth-- <= 0) {
            ranknet__heap_sort(a, n);
            return;
        }
        /* the pivot: the median of the first, middle and last items; a[0] comes before it,
           so both parts are smaller than n */
        if (ranknet__before(&a[mid], &a[0])) ranknet__swap(&a[mid], &a[0]);
        if (ranknet__before(&a[n - 1], &a[mid])) ranknet__swap(&a[n - 1], &a[mid]);
        if (ranknet__before(&a[mid], &a[0])) ranknet__swap(&a[mid], &a[0]);
        pkey = a[mid].key;
        pidx = a[mid].idx;
        for (i = 0; i < n; ++i) {
            double key = a[i].key;
            size_t idx = a[i].idx, before = (size_t)((key > pkey) | ((key == pkey) & (idx < pidx)));
            tmp[front].key = key;
            tmp[front].idx = idx;
            tmp[back - 1].key = key;
            tmp[back - 1].idx = idx;
            front += before;
            back -= 1 - before;
        }
        memcpy(a, tmp, n * sizeof *a);
        if (front < k) ranknet__top(a + front, tmp, n - front, k - front, depth);
        n = front;
    }
    if (k > 0) ranknet__insertion_sort(a, n);
}

static int ranknet__depth(size_t n)
{
    int d = 0;
    while (n >>= 1) ++d;
    return 2 * d + 4;
}

/* Scratch of one query of up to n items: carved from one block of ranknet__scratch_bytes(n). */
typedef struct ranknet__scratch {
    ranknet__rank *order, *tmp;           /* n + 1 and n ranks */
    ranknet__u64 *keys, *work, *work_tmp; /* n keys each */
} ranknet__scratch;

static size_t ranknet__scratch_bytes(size_t n)
{
    return (2 * n + 1) * sizeof(ranknet__rank) + 3 * n * sizeof(ranknet__u64);
}

static ranknet__scratch ranknet__carve(void *block, size_t n)
{
    ranknet__scratch sc;
    sc.order = (ranknet__rank *)block;
    sc.tmp = sc.order + n + 1;
    sc.keys = (ranknet__u64 *)(void *)(sc.tmp + n);
    sc.work = sc.keys + n;
    sc.work_tmp = sc.work + n;
    return sc;
}

/* An integer key that orders like x, descending: the smallest key ranks first. */
static ranknet__u64 ranknet__key(double x)
{
    ranknet__u64 b;
    x += 0.0; /* -0 becomes +0: they are equal scores */
    memcpy(&b, &x, sizeof b);
    b = b >> 63 ? ~b : b | 0x8000000000000000ull; /* ascending */
    return ~b;
}

/* The k-th smallest (from 0) of u[0..n), k < n; u and tmp (n each) are overwritten.
   Quickselect on 8-byte keys with branch-free three-way partitions out of place (keys
   equal to the pivot are counted, not moved). Returns 0 with *kth unset when it has
   gone depth levels deep, for the caller's O(n log n) fallback. */
static int ranknet__kth(ranknet__u64 *u, ranknet__u64 *tmp, size_t n, size_t k, int depth, ranknet__u64 *kth)
{
    for (;;) {
        ranknet__u64 a = u[0], b = u[n / 2], c = u[n - 1], p, *t;
        size_t i, lo = 0, hi = n;
        if (n == 1) {
            *kth = u[0];
            return 1;
        }
        if (depth-- <= 0) return 0;
        p = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b); /* the median of three */
        for (i = 0; i < n; ++i) {
            ranknet__u64 x = u[i];
            tmp[lo] = x;
            tmp[hi - 1] = x;
            lo += x < p;
            hi -= x > p;
        }
        if (k >= lo && k < hi) {
            *kth = p;
            return 1;
        }
        t = u; /* the part that holds the k-th goes on, from tmp */
        u = tmp;
        tmp = t;
        if (k < lo) {
            n = lo;
        } else {
            u += hi;
            k -= hi;
            n -= hi;
        }
    }
}

/* Sorts a[0..n) (n <= 64), given in index order, by key: each item's place is the number
   of items before it (smaller keys, and equal ones further left). Branch-free compares
   of contiguous keys; a comparison sort of 30 random scores mispredicts a branch on
   every few compares. */
static void ranknet__count_sort(ranknet__rank *a, const ranknet__scratch *sc, size_t n)
{
    ranknet__u64 *key = sc->keys;
    size_t i, j;
    for (i = 0; i < n; ++i) key[i] = ranknet__key(a[i].key);
    for (i = 0; i < n; ++i) {
        const ranknet__u64 ki = key[i];
        size_t p0 = 0, p1 = 0, p2 = 0, p3 = 0; /* four sums: each compare-and-add waits on its sum */
        for (j = 0; j + 4 <= i; j += 4) {
            p0 += key[j] <= ki;
            p1 += key[j + 1] <= ki;
            p2 += key[j + 2] <= ki;
            p3 += key[j + 3] <= ki;
        }
        for (; j < i; ++j) p0 += key[j] <= ki;
        for (j = i + 1; j + 4 <= n; j += 4) {
            p0 += key[j] < ki;
            p1 += key[j + 1] < ki;
            p2 += key[j + 2] < ki;
            p3 += key[j + 3] < ki;
        }
        for (; j < n; ++j) p0 += key[j] < ki;
        sc->tmp[p0 + p1 + p2 + p3] = a[i];
    }
    memcpy(a, sc->tmp, n * sizeof *a);
}

/* order[0..k) = the first k items of v by value descending, equal values by lower index,
   sorted; order[k..n) the others, in an order that depends only on the input (index
   order, but for the fallback's; it does not matter: every discount there is 0). k <= n.
   Selection on integer keys: O(n + k log k) expected; past depth levels of quickselect,
   a partial heap sort: O(n log n). */
static void ranknet__rank_top(const ranknet__scratch *sc, ranknet__vec v, size_t n, size_t k, int depth)
{
    ranknet__rank *order = sc->order;
    ranknet__u64 kth;
    size_t i, top = 0, rest = k, ties;
    if (k == 0) return;
    if (k < n) {
        for (i = 0; i < n; ++i) sc->work[i] = sc->keys[i] = ranknet__key(ranknet__get(v, i));
        if (!ranknet__kth(sc->work, sc->work_tmp, n, k - 1, depth, &kth)) {
            for (i = 0; i < n; ++i) { /* an input that defeats the pivots: O(n log n) */
                order[i].key = ranknet__get(v, i);
                order[i].idx = i;
            }
            ranknet__top(order, sc->tmp, n, k, depth);
            return;
        }
        /* strictly before the k-th value: the top, without branches (order[n] is a spare) */
        for (i = 0; i < n; ++i) {
            order[top].key = ranknet__get(v, i);
            order[top].idx = i;
            top += sc->keys[i] < kth;
        }
        /* equal to it: the lowest indices join the top; after it, and the other ties: the rest */
        ties = k - top;
        for (i = 0; i < n; ++i) {
            double x = ranknet__get(v, i);
            ranknet__u64 key = sc->keys[i];
            if (key == kth && ties > 0) {
                order[top].key = x;
                order[top].idx = i;
                ++top;
                --ties;
            } else {
                order[rest].key = x;
                order[rest].idx = i;
                rest += key >= kth;
            }
        }
    } else {
        for (i = 0; i < n; ++i) {
            order[i].key = ranknet__get(v, i);
            order[i].idx = i;
        }
    }
    if (k <= 64) ranknet__count_sort(order, sc, k);
    else ranknet__top(order, sc->tmp, k, k, ranknet__depth(k));
}

/* Every item in order (value descending, equal values by lower index) into sc->order: a
   stable LSD radix sort of order keys, one pass a byte that differs between keys. A float
   score's key is 4 bytes, sorted with the item's index as the low half of one 8-byte
   word. O(n); small queries take the branch-free counting sort. */
static void ranknet__rank_all(const ranknet__scratch *sc, ranknet__vec v, size_t n)
{
    unsigned int count[8][256], pos[256];
    size_t i;
    ranknet__u64 *key = sc->keys, *key2 = sc->work, any = 0, all = ~0ull, *kt;
    ranknet__rank *a = sc->order, *b = sc->tmp, *rt;
    int byte, first = v.f32 ? 4 : 0, last = 8, packed = v.f32;
    if (n <= 32 || n > 0xFFFFFFFFu) { /* (counts of 32 bits) */
        for (i = 0; i < n; ++i) {
            a[i].key = ranknet__get(v, i);
            a[i].idx = i;
        }
        if (n <= 32) ranknet__count_sort(a, sc, n);
        else ranknet__top(a, sc->tmp, n, n, ranknet__depth(n));
        return;
    }
    memset(count[first], 0, (size_t)(last - first) * sizeof count[0]);
    for (i = 0; i < n; ++i) {
        ranknet__u64 k;
        if (packed) { /* the float's own bits, then the index */
            float x = ((const float *)v.p)[i] + 0.0f;
            unsigned int u;
            memcpy(&u, &x, sizeof u);
            k = (ranknet__u64)(~(u >> 31 ? ~u : u | 0x80000000u) & 0xFFFFFFFFu) << 32 | i;
        } else {
            a[i].key = ranknet__get(v, i);
            a[i].idx = i;
            k = ranknet__key(a[i].key);
        }
        key[i] = k;
        any |= k;
        all &= k;
        for (byte = first; byte < last; ++byte) count[byte][(k >> (8 * byte)) & 255]++;
    }
    for (byte = first; byte < last; ++byte) {
        unsigned int sum = 0, d;
        if ((((any ^ all) >> (8 * byte)) & 255) == 0) continue; /* every key has this byte */
        for (d = 0; d < 256; ++d) {
            pos[d] = sum;
            sum += count[byte][d];
        }
        for (i = 0; i < n; ++i) {
            size_t p = pos[(key[i] >> (8 * byte)) & 255]++;
            key2[p] = key[i];
            if (!packed) b[p] = a[i];
        }
        kt = key;
        key = key2;
        key2 = kt;
        rt = a;
        a = b;
        b = rt;
    }
    if (packed)
        for (i = 0; i < n; ++i) {
            size_t idx = (size_t)(key[i] & 0xFFFFFFFFu);
            sc->order[i].key = ((const float *)v.p)[idx];
            sc->order[i].idx = idx;
        }
    else if (a != sc->order) memcpy(sc->order, a, n * sizeof *a);
}

/* One query's NDCG@k context. */
typedef struct ranknet__ndcg {
    ranknet__rank *order; /* order[r].idx is the item at rank r (ranks < cut sorted) */
    size_t cut;           /* ranks from this one on have discount 0 */
    int graded;           /* every label one of 0, 1, .., 31 */
    double ymax;          /* the largest label */
    int linear;
    double gain_shift; /* exp2 gains as 2^(y - shift) - 2^-shift: 2^y itself may overflow */
    double gain_top;   /* every gain is divided by the largest one */
    double idcg;       /* in the same scaled units: >= 1 when positive */
} ranknet__ndcg;

/* Every NDCG quantity is a ratio of gains, so a common factor cancels exactly (up to
   rounding). Dividing by the largest gain keeps 2^y, the DCG sums and 1 / IDCG finite for
   any label, huge or subnormal. */
static double ranknet__raw_gain(const ranknet__ndcg *w, double y)
{
    if (w->linear) return y;
    if (w->gain_shift > 0) return exp2(y - w->gain_shift) - exp2(-w->gain_shift);
    if (y <= 52 && y == (double)(int)y) return (double)((1ull << (int)y) - 1); /* the usual grades, exactly */
    return y >= 1 ? exp2(y) - 1.0 : expm1(y * 0.69314718055994530942);         /* exact near y = 0 */
}

static double ranknet__gain(const ranknet__ndcg *w, double y) { return ranknet__raw_gain(w, y) / w->gain_top; }

/* 1 / log2(r + 2), correctly rounded, for the ranks that truncation levels use */
static const double ranknet__discounts[64] = {1.0,
                                              0.6309297535714574,
                                              0.5,
                                              0.43067655807339306,
                                              0.3868528072345416,
                                              0.3562071871080222,
                                              0.3333333333333333,
                                              0.3154648767857287,
                                              0.3010299956639812,
                                              0.2890648263178879,
                                              0.27894294565112987,
                                              0.27023815442731974,
                                              0.26264953503719357,
                                              0.2559580248098155,
                                              0.25,
                                              0.24465054211822604,
                                              0.23981246656813143,
                                              0.23540891336663824,
                                              0.23137821315975918,
                                              0.227670248696953,
                                              0.22424382421757544,
                                              0.22106472945750374,
                                              0.21810429198553155,
                                              0.21533827903669653,
                                              0.21274605355336315,
                                              0.21030991785715247,
                                              0.20801459767650946,
                                              0.20584683246043445,
                                              0.2037950470905062,
                                              0.20184908658209985,
                                              0.2,
                                              0.19823986317056053,
                                              0.1965616322328226,
                                              0.1949590218937863,
                                              0.1934264036172708,
                                              0.19195872000656014,
                                              0.1905514124267734,
                                              0.18920035951687003,
                                              0.18790182470910757,
                                              0.18665241123894338,
                                              0.1854490234153689,
                                              0.18428883314870617,
                                              0.18316925091363362,
                                              0.18208790046993825,
                                              0.18104259678004023,
                                              0.18003132665669264,
                                              0.17905223175104137,
                                              0.1781035935540111,
                                              0.17718382013555792,
                                              0.1762914343888821,
                                              0.17542506358195453,
                                              0.17458343004804494,
                                              0.17376534287144,
                                              0.1729696904450771,
                                              0.17219543379409813,
                                              0.17144160057391344,
                                              0.17070727966372012,
                                              0.16999161628691403,
                                              0.16929380759878143,
                                              0.1686130986895011,
                                              0.16794877895704194,
                                              0.16730017881017414,
                                              0.16666666666666666,
                                              0.16604764621593782};

static double ranknet__discount(size_t rank, size_t cut)
{
    if (rank >= cut) return 0.0;
    return rank < 64 ? ranknet__discounts[rank] : 1.0 / log2((double)rank + 2.0);
}

/* The same, not truncated, from the batch's table where it has one (a log a rank and call
   would cost the engines' tables more than their pairs) */
static double ranknet__disc(const ranknet__cfg *c, size_t rank)
{
    return rank < c->disc_len ? c->disc[rank] : ranknet__discount(rank, (size_t)-1);
}

/* Counts the labels that are the usual grades 0, 1, .., 31 into grades[] and returns 1, or
   returns 0 (the counts then partial) when some label is not one; *ymax gets the largest
   label (at least 0) either way. */
static int ranknet__grades(ranknet__vec y, size_t n, size_t grades[32], double *ymax)
{
    int graded = 1;
    size_t i;
    *ymax = 0;
    for (i = 0; i < n; ++i) {
        double yi = ranknet__get(y, i);
        if (yi > *ymax) *ymax = yi;
        if (graded && yi >= 0 && yi <= 31 && yi == (double)(int)yi) grades[(int)yi]++;
        else graded = 0;
    }
    return graded;
}

/* IDCG@cut of labels that are all grades, from their counts (used up) and each present
   grade's gain: the best gains first (equal gains in any order: the sum is the same). */
static double ranknet__grades_idcg(size_t grades[32], const double gain[32], size_t cut)
{
    int best[32], m = 0, i, j;
    double idcg = 0;
    size_t r;
    for (i = 0; i < 32; ++i)
        if (grades[i]) {
            for (j = m++; j > 0 && gain[best[j - 1]] < gain[i]; --j) best[j] = best[j - 1];
            best[j] = i;
        }
    for (r = 0, i = 0; r < cut; ++r) {
        while (grades[best[i]] == 0) ++i;
        grades[best[i]]--;
        idcg += gain[best[i]] * ranknet__discount(r, cut);
    }
    return idcg;
}

/* Fills w for one query (labels >= 0 checked by the caller): IDCG@k from the cut largest
   labels, then the ranking by score, of which only the top cut are put in order (in
   sc->order, which w->order points to). */
static void ranknet__ndcg_setup(ranknet__ndcg *w, const ranknet__scratch *sc, size_t k, int linear, ranknet__vec s,
                                ranknet__vec y, size_t n)
{
    double ymax, gain[32];
    size_t i, grades[32] = {0};
    w->order = sc->order;
    w->cut = k == 0 || k > n ? n : k;
    w->graded = ranknet__grades(y, n, grades, &ymax);
    /* below 1e-300, 2^y - 1 is y ln 2 to 1e-300 relative: the linear gain gives the same
       ratios without the rounding of subnormal products */
    w->ymax = ymax;
    w->linear = linear || ymax < 1e-300;
    w->gain_shift = !w->linear && ymax > 900 ? ymax : 0;
    w->gain_top = 1.0;
    w->gain_top = ranknet__raw_gain(w, ymax);
    if (!(w->gain_top > 0)) w->gain_top = 1.0; /* all labels 0: IDCG = 0 */
    /* IDCG@k: the cut largest labels, best first; graded labels are counted instead */
    w->idcg = 0;
    if (w->graded) {
        for (i = 0; i < 32; ++i) gain[i] = grades[i] ? ranknet__gain(w, (double)i) : 0;
        w->idcg = ranknet__grades_idcg(grades, gain, w->cut);
    } else {
        ranknet__rank_top(sc, y, n, w->cut, ranknet__depth(n));
        for (i = 0; i < w->cut; ++i) w->idcg += ranknet__gain(w, sc->order[i].key) * ranknet__discount(i, w->cut);
    }
    ranknet__rank_top(sc, s, n, w->cut, ranknet__depth(n));
}

/* --- the pair kernels ----------------------------------------------------------------------- */

/* The staged weighting of one query (every weighting but plain RankNet and the library's
   own delta NDCG): per-rank tables built in O(n) by ranknet__stage_query, the same for the
   scalar and the vector kernels. With a the row rank, b > a the column rank,
       w = |g_row[a] - g_col[b]| (|d_row[a] - d_col[b]| + dist[b - a]) x iw x 1 / (gap + |s_a - s_b|)
   (or, for the columns b < tile_n, a tile's weight of the pair times the same factors)
   iw (when present) the item weight of the more relevant item (the mean of both for equal
   labels); dist (when present) indexed from -RANKNET__PAD to cols + RANKNET__PAD; gap 0: no
   score-gap division. Equal labels are skipped when skip; hessians are floored at
   hess_floor before the weight (XGBoost). */
#define RANKNET__PAD 64
typedef struct ranknet__stage {
    const double *g_row, *g_col, *d_row, *d_col, *iw, *dist;
    void *dist_buf;        /* the vector kernels' copy of dist in their precision: cols + 3 RANKNET__PAD */
    void *col_buf;         /* the vector kernels' staged block columns: 2 (1024 + 16) values */
    const double *cascade; /* delta ERR: P_r, the product of (1 - R) above rank r */
    double *tri;           /* delta ERR: 2n sums of the pairs within the top k, when they have no tile */
    const void *tile;      /* or NULL: the weight of (a, b) for b < tile_n is tile[a tile_stride + b] */
    int tile_f32;          /* the tile's precision: the kernels' */
    size_t tile_n, tile_stride;
    double gap, hess_floor;
    int skip, lo; /* lo: g_row - g_col cancels (differences of prefix sums): float keeps low parts */
    int wide;     /* the tables may span more than float's range: float queries take the scalar kernel */
} ranknet__stage;

/* One query for a pair kernel. Plain RankNet (order NULL) takes the pairs i < j in input
   order, each of weight 1. LambdaRank takes them in rank order, (r, r') with r < r' and
   r < cut, each weighted by |delta NDCG| = |G_r - G_r'| |D(r) - D(r')| with the gains
   already divided by IDCG; pairs beyond the cut have weight 0 and are never visited, so
   the cost is O(cut n). A staged query (st) takes rows r < cut against the columns
   [col0, cols) after them, each pair weighted as ranknet__stage says. */
typedef struct ranknet__task {
    ranknet__vec s, y;
    size_t n;
    const ranknet__rank *order; /* LambdaRank: order[r].idx is the item at rank r, order[r].key its gain / IDCG */
    size_t cut, col0, cols;
    double sigma;
    int skip_ties, want_loss;
    void *grad, *hess; /* zeroed by the caller; may be NULL */
    const ranknet__stage *st;
    /* Unbiased LambdaMART (the scalar kernel only; NULL: none): each pair divided by its
       items' factors, its cost added up; first: the query's first row; factor: the staged
       tables' scale (a pair's true weight is factor w) */
    const ranknet__cfg *bias;
    size_t first;
    double factor;
} ranknet__task;

/* Every kernel: adds each pair's p - t to the higher-placed item and subtracts it from the
   other, adds p (1 - p) to both; returns the loss (0 unless want_loss) and, in
   *abs_lambdas, the sum over ordered pairs of |weighted pair lambda| (for normalize). */
typedef double (*ranknet__kernel)(const ranknet__task *t, double *abs_lambdas);

/* ApproxNDCG's pair passes on the vectors (ranknet__approx_ndcg_query): the scores and, for
   pass 2, c and e in the kernel's precision, padded to n + RANKNET__APAD with zeros; each
   pass adds its row and column sums to out (double), a row block's column sums first
   gathered in cols (3 (n + RANKNET__APAD) in the kernel's precision). */
#define RANKNET__APAD 64
typedef struct ranknet__approx_task {
    const void *s, *c, *e;
    size_t n;
    double a;       /* alpha sigma log2(e): the sigmoid's argument in base 2 */
    int pass;       /* 1: r_i - 1 and Q_i; 2: sum (c_j - c_i) q, sum e_j q^2, sum (c_j - c_i) q (1 - 2 p) */
    double *out[3]; /* pass 1: R, Q; pass 2: dg, h1, h3 */
    void *cols;
} ranknet__approx_task;
typedef void (*ranknet__approx_kernel)(const ranknet__approx_task *t);

#define RANKNET__ITEM(order, r) ((order) ? (order)[r].idx : (r))

/* A staged pair's weight (ranks a < b), in double: the reference of the vector kernels' */
static double ranknet__staged_weight(const ranknet__stage *st, size_t a, size_t b, double ya, double yb, double sa,
                                     double sb)
{
    size_t at = a * st->tile_stride + b;
    double w = st->tile && b < st->tile_n
                   ? (st->tile_f32 ? (double)((const float *)st->tile)[at] : ((const double *)st->tile)[at])
                   : fabs(st->g_row[a] - st->g_col[b]) *
                         (fabs(st->d_row[a] - st->d_col[b]) + (st->dist ? st->dist[b - a] : 0));
    if (st->iw) w *= ya > yb ? st->iw[a] : ya < yb ? st->iw[b] : 0.5 * (st->iw[a] + st->iw[b]);
    if (st->skip && ya == yb) w = 0;
    if (st->gap > 0 && w != 0) w /= st->gap + fabs(sa - sb); /* an infinite gap: 0 */
    return w;
}

static double ranknet__debias(const ranknet__cfg *c, size_t first, size_t plus, size_t minus, double cost);

/* A staged pair of items i and j under t->bias: weight w (the tables' scale) and loss term
   l; adds its cost to both items, returns w / (t+ t-) */
static double ranknet__task_debias(const ranknet__task *t, size_t i, size_t j, double yi, double yj, double w, double l)
{
    return w * ranknet__debias(t->bias, t->first, yi > yj ? i : j, yi > yj ? j : i, t->factor * w * l);
}

/* The reference: plain C and libm, one pair at a time, for both precisions. */
static double ranknet__scalar_kernel(const ranknet__task *t, double *abs_lambdas)
{
    double sj[RANKNET__BLOCK], yj[RANKNET__BLOCK], gj[RANKNET__BLOCK], dj[RANKNET__BLOCK];
    double colg[RANKNET__BLOCK], colh[RANKNET__BLOCK];
    double sigma = t->sigma, sigma2 = sigma * sigma, loss = 0, abs_sum = 0;
    const ranknet__rank *o = t->order;
    const ranknet__stage *st = t->st;
    size_t n = t->cols, rows = o ? t->cut : n, jb, i, k;
    int f32 = t->s.f32;
    for (jb = t->col0; jb < n; jb += RANKNET__BLOCK) {
        size_t m = n - jb < RANKNET__BLOCK ? n - jb : RANKNET__BLOCK;
        double block_loss = 0;
        for (k = 0; k < m; ++k) {
            size_t item = RANKNET__ITEM(o, jb + k);
            sj[k] = ranknet__get(t->s, item);
            yj[k] = ranknet__get(t->y, item);
            gj[k] = o && !st ? o[jb + k].key : 0;
            dj[k] = o && !st ? ranknet__discount(jb + k, t->cut) : 0;
            colg[k] = colh[k] = 0;
        }
        for (i = 0; i < rows && i + 1 < jb + m; ++i) {
            size_t item = RANKNET__ITEM(o, i);
            double si = ranknet__get(t->s, item), yi = ranknet__get(t->y, item);
            double gi = o && !st ? o[i].key : 0, di = o && !st ? ranknet__discount(i, t->cut) : 0;
            double rg = 0, rh = 0, rl = 0, ra = 0;
            for (k = i < jb ? 0 : i - jb + 1; k < m; ++k) {
                double g, h, l, wt = 1;
                if (st) {
                    wt = ranknet__staged_weight(st, i, jb + k, yi, yj[k], si, sj[k]);
                    if (wt == 0) continue;
                } else if (o) {
                    wt = fabs(gi - gj[k]) * fabs(di - dj[k]);
                    if (wt == 0) continue; /* equal labels, or both items beyond the cut */
                } else if (t->skip_ties && yi == yj[k]) {
                    continue;
                }
                l = ranknet__pair(ranknet__scaled_diff(sigma, si, sj[k]), ranknet__target(yi, yj[k]), &g, &h,
                                  t->want_loss || t->bias);
                if (st && h < st->hess_floor) h = st->hess_floor;
                if (t->bias) {
                    wt = ranknet__task_debias(t, item, RANKNET__ITEM(o, jb + k), yi, yj[k], wt, l);
                    if (!t->want_loss) l = 0;
                }
                g *= wt;
                h *= wt;
                rl += wt * l;
                rg += g;
                rh += h;
                ra += fabs(g);
                colg[k] -= g;
                colh[k] += h;
            }
            if (t->grad) ranknet__add(t->grad, f32, item, sigma * rg);
            if (t->hess) ranknet__add(t->hess, f32, item, sigma2 * rh);
            block_loss += rl;
            abs_sum += ra;
        }
        for (k = 0; k < m; ++k) {
            size_t item = RANKNET__ITEM(o, jb + k);
            if (t->grad) ranknet__add(t->grad, f32, item, sigma * colg[k]);
            if (t->hess) ranknet__add(t->hess, f32, item, sigma2 * colh[k]);
        }
        loss += block_loss;
    }
    *abs_lambdas = 2 * sigma * abs_sum;
    return loss;
}

/* --- SIMD kernels ----------------------------------------------------------------------------

   One body for every precision and width, written with GCC/Clang vector extensions in the
   kernel template at the end of this file, and instantiated (by including this file again
   with the template's parameters defined) as
       ranknet__f32x8 / ranknet__f64x4    32-byte vectors: SSE2 and NEON (as two 16-byte
                                          halves), AVX2 + FMA
       ranknet__f32x16 / ranknet__f64x8   64-byte vectors: AVX-512 (F, BW, DQ, VL)
   What differs by precision is a constant: the exponent width, the polynomial degrees,
   the clamp. What differs by instruction set is three hooks (clamp, compare, lambda),
   inlined through constant function pointers. ranknet__kernel_for picks the function.

   Structure: column blocks of RANKNET__BLOCK items staged on the stack (gathered through
   the ranking for LambdaRank and the staged weightings, whose per-rank tables are staged
   beside them); a group of rows shares each column load and column-sum
   update; the pair math is one long dependency chain (exp, divide, select), so speed comes
   from many independent rows in flight. Row sums of the lanes stay in the kernel's
   precision for one block (at most 64 steps), column sums for 16 row groups, the loss
   for one step; then they move to double. Plain `cc -O2` (GNU C) contracts a * b + c into FMA where the
   target has it; strict ISO modes (-std=c99) keep separate multiply and add, which only
   costs speed.

   The pair step, in base 2: x = sigma log2(e) (s_j - s_i) = -d log2(e) and e = 2^-|x| =
   e^-|d| in (0, 1]; r = 1 / (1 + e) and q = e r are p and 1 - p in the order the sign of
   x gives, each with full relative precision however small, and p (1 - p) = q r. For
   t = 1 the lambda is -(1 - p): p's select with the sign of x and of the result flipped.
   2^-|x| is 2^n 2^f with |f| <= 1/2 and a polynomial for 2^f: degree 6 minimax in float
   (relative error 1.9e-9), degree 11 Chebyshev in double (4.2e-18); 2^n by exponent bits.
   Past |x| = 126.5 (float) or 1022.5 (double) e is exactly 0: p is exactly 1 or 0, as the
   scalar exp rounds it. The loss is c |d| + log1p(e), c = 1 for a pair in the wrong
   order, 1/2 for a tie, else 0; log1p(e) = 2 atanh(e / (2 + e)) by its series (8 and 18
   terms). Worst measured error of the whole exponential: float 1.3e-7, double 1.8e-16
   relative, under 2 ulp, tested. Per pair the paths agree within a few ulp; each is
   deterministic. */

#if !defined(RANKNET_NO_SIMD) && (defined(__GNUC__) || defined(__clang__)) && \
    (defined(__x86_64__) || defined(__aarch64__))
#define RANKNET__SIMD 1
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#define RANKNET__INLINE static inline __attribute__((always_inline))
#define RANKNET__UNROLL _Pragma("GCC unroll 16")      /* keeps the row vectors in registers */
#define RANKNET__ROWS 16                              /* at most: rows in a group */
#define RANKNET__ALIGNED __attribute__((aligned(64))) /* staged columns: no load splits a cache line */
#define RANKNET__SEL(T, I, m, a, b) ((T)(((m) & (I)(a)) | (~(m) & (I)(b))))

/* 2^f on [-1/2, 1/2], c[0] + c[1] f + ...: float minimax degree 6; double the degree-11
   Chebyshev interpolant, computed in 60-digit arithmetic. */
static const double ranknet__exp2_f32[7] = {1.0,           6.93147206e-1, 2.40226469e-1, 5.55032878e-2,
                                            9.61848896e-3, 1.33999312e-3, 1.53458122e-4};
static const double ranknet__exp2_f64[12] = {1.0,
                                             0.69314718055994529,
                                             0.24022650695910158,
                                             0.055504108664821625,
                                             0.0096181291075872564,
                                             0.0013333558146406471,
                                             0.00015403530463724353,
                                             1.5252733841556773e-05,
                                             1.3215432535912375e-06,
                                             1.0178057087733941e-07,
                                             7.0741942972885211e-09,
                                             4.4558179083360645e-10};

/* The lambda hook from a select by sign and two compares: for t = 1 the lambda is -(1 - p),
   p's select with the sign of x and of the result flipped; a tie subtracts 1/2. */
#define RANKNET__DEFINE_LAMBDA(P, T, ATTR, SEL_NEG, GT, EQ)                                                          \
    ATTR static inline void P##_lambda_by_##SEL_NEG(P##_v *g, P##_i *gt, P##_i *tie, const P##_v *x, const P##_v *r, \
                                                    const P##_v *q, const P##_v *yi, const P##_v *yj)                \
    {                                                                                                                \
        P##_v zero = {0}, half = zero + (T)0.5;                                                                      \
        P##_i flip;                                                                                                  \
        GT(gt, yi, yj);                                                                                              \
        EQ(tie, yi, yj);                                                                                             \
        flip = *gt & (P##_i)(-zero);                                                                                 \
        *g = (P##_v)((P##_i) * x ^ flip);                                                                            \
        SEL_NEG(g, r, q);                                                                                            \
        *g = (P##_v)((P##_i) * g ^ flip);                                                                            \
        *g -= (P##_v)(*tie & (P##_i)half);                                                                           \
    }

/* The hooks of the 128-bit builds (SSE2, NEON): GCC 12 without AVX compares 32-byte
   vectors one lane at a time in scalar code (on aarch64 too), so compare 16-byte halves. */
#define RANKNET__HALVES(P, r, a, b, op)     \
    do {                                    \
        P##_h a2_[2], b2_[2];               \
        memcpy(a2_, a, sizeof a2_);         \
        memcpy(b2_, b, sizeof b2_);         \
        a2_[0] = (P##_h)(a2_[0] op b2_[0]); \
        a2_[1] = (P##_h)(a2_[1] op b2_[1]); \
        memcpy(r, a2_, sizeof a2_);         \
    } while (0)
#define RANKNET__DEFINE_BASE_HOOKS(P, T)                                                                     \
    static inline void P##_gt(P##_i *r, const P##_v *a, const P##_v *b) { RANKNET__HALVES(P, r, a, b, >); }  \
    static inline void P##_eq(P##_i *r, const P##_v *a, const P##_v *b) { RANKNET__HALVES(P, r, a, b, ==); } \
    static inline void P##_sel_neg(P##_v *m, const P##_v *a, const P##_v *b)                                 \
    {                                                                                                        \
        *m = RANKNET__SEL(P##_v, P##_i, (P##_i) * m >> (int)(8 * sizeof(T) - 1), *a, *b);                    \
    }                                                                                                        \
    RANKNET__DEFINE_LAMBDA(P, T, , P##_sel_neg, P##_gt, P##_eq)                                              \
    static inline void P##_negabs(P##_v *x)                                                                  \
    {                                                                                                        \
        P##_v zero = {0}, lim = zero + (T)(sizeof(T) == 4 ? -127 : -1023);                                   \
        P##_i below;                                                                                         \
        *x = (P##_v)((P##_i) * x | (P##_i)(-zero));                                                          \
        P##_gt(&below, &lim, x);                                                                             \
        *x = RANKNET__SEL(P##_v, P##_i, below, lim, *x);                                                     \
    }

/* The entry points of one instruction set for one family: ROWS rows a group for plain
   RankNet, WROWS for the weighted and staged kernels (whose steps carry more vectors a
   row). RankNet and delta NDCG get want_loss made a constant, so that their loop carries
   no loss branch; the staged kernel tests it once a step (no slower, and half the code). */
#define RANKNET__DEFINE_ENTRIES(NAME, P, ATTR, ROWS, WROWS, NEGABS, GT, LAMBDA)       \
    ATTR static double NAME##_plain(const ranknet__task *tk, double *abs_lambdas)     \
    {                                                                                 \
        const P##_hooks hooks = {NEGABS, GT, LAMBDA};                                 \
        if (tk->want_loss) return P##_kernel(tk, abs_lambdas, 1, 0, 0, ROWS, hooks);  \
        return P##_kernel(tk, abs_lambdas, 0, 0, 0, ROWS, hooks);                     \
    }                                                                                 \
    ATTR static double NAME##_weighted(const ranknet__task *tk, double *abs_lambdas)  \
    {                                                                                 \
        const P##_hooks hooks = {NEGABS, GT, LAMBDA};                                 \
        if (tk->want_loss) return P##_kernel(tk, abs_lambdas, 1, 1, 0, WROWS, hooks); \
        return P##_kernel(tk, abs_lambdas, 0, 1, 0, WROWS, hooks);                    \
    }                                                                                 \
    ATTR static double NAME##_staged(const ranknet__task *tk, double *abs_lambdas)    \
    {                                                                                 \
        const P##_hooks hooks = {NEGABS, GT, LAMBDA};                                 \
        return P##_kernel(tk, abs_lambdas, tk->want_loss, 1, 1, WROWS, hooks);        \
    }

#define RANKNET__DEFINE_APPROX(NAME, P, ATTR) \
    ATTR static void NAME##_approx(const ranknet__approx_task *t) { P##_approx(t); }

/* The kernel families: this file again, its template part (at the end) each time. */
#define RANKNET__KERNEL_TEMPLATE
#define RANKNET__P ranknet__f32x8
#define RANKNET__T float
#define RANKNET__I int
#define RANKNET__L 8
#include RANKNET_HEADER_FILE
#define RANKNET__P ranknet__f64x4
#define RANKNET__T double
#define RANKNET__I long long
#define RANKNET__L 4
#include RANKNET_HEADER_FILE
RANKNET__DEFINE_BASE_HOOKS(ranknet__f32x8, float)
RANKNET__DEFINE_BASE_HOOKS(ranknet__f64x4, double)
RANKNET__DEFINE_ENTRIES(ranknet__f32x8_base, ranknet__f32x8, , 4, 4, ranknet__f32x8_negabs, ranknet__f32x8_gt,
                        ranknet__f32x8_lambda_by_ranknet__f32x8_sel_neg)
/* double's weighted and staged steps in groups of 2 rows: as fast as 4 (within 1.5%, sh
   bench/ab.sh) in 32 KB less code */
RANKNET__DEFINE_ENTRIES(ranknet__f64x4_base, ranknet__f64x4, , 4, 2, ranknet__f64x4_negabs, ranknet__f64x4_gt,
                        ranknet__f64x4_lambda_by_ranknet__f64x4_sel_neg)
RANKNET__DEFINE_APPROX(ranknet__f32x8_base, ranknet__f32x8, )
RANKNET__DEFINE_APPROX(ranknet__f64x4_base, ranknet__f64x4, )
#define RANKNET__BASE_APPROX ranknet__f64x4_base_approx, ranknet__f32x8_base_approx
#define RANKNET__BASE_KERNELS                                                                                       \
    ranknet__f64x4_base_plain, ranknet__f64x4_base_weighted, ranknet__f64x4_base_staged, ranknet__f32x8_base_plain, \
        ranknet__f32x8_base_weighted, ranknet__f32x8_base_staged

#if defined(RANKNET_NO_AVX2) && !defined(RANKNET_NO_AVX512)
#define RANKNET_NO_AVX512 /* its narrow kernels use the AVX2 helpers */
#endif
#if defined(__x86_64__) && !defined(RANKNET_NO_AVX2)
#define RANKNET__AVX2 __attribute__((target("avx2,fma")))
#define RANKNET__AVX512 __attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,avx2,fma")))
/* Compares as the vector extensions write them: native under AVX2 and AVX-512. */
#define RANKNET__DEFINE_NATIVE_GT(P, ATTR, SUFFIX) \
    ATTR static inline void P##_gt_##SUFFIX(P##_i *r, const P##_v *a, const P##_v *b) { *r = *a > *b; }
#define RANKNET__DEFINE_NATIVE_COMPARES(P, ATTR, SUFFIX) \
    RANKNET__DEFINE_NATIVE_GT(P, ATTR, SUFFIX)           \
    ATTR static inline void P##_eq_##SUFFIX(P##_i *r, const P##_v *a, const P##_v *b) { *r = *a == *b; }
RANKNET__DEFINE_NATIVE_COMPARES(ranknet__f32x8, RANKNET__AVX2, avx2)
RANKNET__DEFINE_NATIVE_COMPARES(ranknet__f64x4, RANKNET__AVX2, avx2)
RANKNET__AVX2 static inline void ranknet__f32x8_negabs_avx2(ranknet__f32x8_v *x)
{
    *x = (ranknet__f32x8_v)_mm256_max_ps(_mm256_or_ps((__m256)*x, _mm256_set1_ps(-0.0f)), _mm256_set1_ps(-127.0f));
}
RANKNET__AVX2 static inline void ranknet__f32x8_sel_neg_avx2(ranknet__f32x8_v *m, const ranknet__f32x8_v *a,
                                                             const ranknet__f32x8_v *b)
{
    *m = (ranknet__f32x8_v)_mm256_blendv_ps((__m256)*b, (__m256)*a, (__m256)*m);
}
RANKNET__AVX2 static inline void ranknet__f64x4_negabs_avx2(ranknet__f64x4_v *x)
{
    *x = (ranknet__f64x4_v)_mm256_max_pd(_mm256_or_pd((__m256d)*x, _mm256_set1_pd(-0.0)), _mm256_set1_pd(-1023.0));
}
RANKNET__AVX2 static inline void ranknet__f64x4_sel_neg_avx2(ranknet__f64x4_v *m, const ranknet__f64x4_v *a,
                                                             const ranknet__f64x4_v *b)
{
    *m = (ranknet__f64x4_v)_mm256_blendv_pd((__m256d)*b, (__m256d)*a, (__m256d)*m);
}
RANKNET__DEFINE_LAMBDA(ranknet__f32x8, float, RANKNET__AVX2, ranknet__f32x8_sel_neg_avx2, ranknet__f32x8_gt_avx2,
                       ranknet__f32x8_eq_avx2)
RANKNET__DEFINE_LAMBDA(ranknet__f64x4, double, RANKNET__AVX2, ranknet__f64x4_sel_neg_avx2, ranknet__f64x4_gt_avx2,
                       ranknet__f64x4_eq_avx2)
RANKNET__DEFINE_ENTRIES(ranknet__f32x8_avx2, ranknet__f32x8, RANKNET__AVX2, 8, 8, ranknet__f32x8_negabs_avx2,
                        ranknet__f32x8_gt_avx2, ranknet__f32x8_lambda_by_ranknet__f32x8_sel_neg_avx2)
RANKNET__DEFINE_ENTRIES(ranknet__f64x4_avx2, ranknet__f64x4, RANKNET__AVX2, 4, 4, ranknet__f64x4_negabs_avx2,
                        ranknet__f64x4_gt_avx2, ranknet__f64x4_lambda_by_ranknet__f64x4_sel_neg_avx2)
RANKNET__DEFINE_APPROX(ranknet__f32x8_avx2, ranknet__f32x8, RANKNET__AVX2)
RANKNET__DEFINE_APPROX(ranknet__f64x4_avx2, ranknet__f64x4, RANKNET__AVX2)
#define RANKNET__AVX2_APPROX ranknet__f64x4_avx2_approx, ranknet__f32x8_avx2_approx
#define RANKNET__AVX2_KERNELS                                                                                       \
    ranknet__f64x4_avx2_plain, ranknet__f64x4_avx2_weighted, ranknet__f64x4_avx2_staged, ranknet__f32x8_avx2_plain, \
        ranknet__f32x8_avx2_weighted, ranknet__f32x8_avx2_staged

#ifndef RANKNET_NO_AVX512
#define RANKNET__P ranknet__f32x16
#define RANKNET__T float
#define RANKNET__I int
#define RANKNET__L 16
#include RANKNET_HEADER_FILE
#define RANKNET__P ranknet__f64x8
#define RANKNET__T double
#define RANKNET__I long long
#define RANKNET__L 8
#include RANKNET_HEADER_FILE
RANKNET__DEFINE_NATIVE_GT(ranknet__f32x16, RANKNET__AVX512, avx512) /* the lambda compares in mask registers */
RANKNET__DEFINE_NATIVE_GT(ranknet__f64x8, RANKNET__AVX512, avx512)
RANKNET__AVX512 static inline void ranknet__f32x16_negabs_avx512(ranknet__f32x16_v *x)
{
    *x = (ranknet__f32x16_v)_mm512_maskz_max_ps((__mmask16)0xFFFF, _mm512_or_ps((__m512)*x, _mm512_set1_ps(-0.0f)),
                                                _mm512_set1_ps(-127.0f));
}
/* (The maskz_ forms: the plain ones pass GCC 12's _mm512_undefined_*, which g++ -Wall reports as
   maybe uninitialized once inlined.) */
RANKNET__AVX512 static inline void ranknet__f64x8_negabs_avx512(ranknet__f64x8_v *x)
{
    *x = (ranknet__f64x8_v)_mm512_maskz_max_pd((__mmask8)0xFF, _mm512_or_pd((__m512d)*x, _mm512_set1_pd(-0.0)),
                                               _mm512_set1_pd(-1023.0));
}
/* The lambda with AVX-512's mask registers: p and 1 - p picked by the sign of x, then for
   t = 1 the lambda 0 - (1 - p), for a tie p - 1/2, each one masked instruction. The
   vector masks are made only where a caller uses them (masked steps, the loss). */
#define RANKNET__DEFINE_LAMBDA_AVX512(P, SUFFIX, MASK, CMP, MOVEMASK, MOVM, BLEND, MASK_SUB, VT, IT, SET1) \
    RANKNET__AVX512 static inline void P##_lambda_avx512(P##_v *g, P##_i *gt, P##_i *tie, const P##_v *x,  \
                                                         const P##_v *r, const P##_v *q, const P##_v *yi,  \
                                                         const P##_v *yj)                                  \
    {                                                                                                      \
        MASK kgt = CMP((VT)*yi, (VT)*yj, _CMP_GT_OQ), keq = CMP((VT)*yi, (VT)*yj, _CMP_EQ_OQ);             \
        MASK kneg = MOVEMASK((IT)*x); /* x < 0: d > 0, p = r */                                            \
        VT p = BLEND(kneg, (VT)*q, (VT)*r), other = BLEND(kneg, (VT)*r, (VT)*q);                           \
        p = MASK_SUB(p, kgt, SET1(0), other);                                                              \
        *g = (P##_v)MASK_SUB(p, keq, p, SET1(0.5));                                                        \
        *gt = (P##_i)MOVM(kgt);                                                                            \
        *tie = (P##_i)MOVM(keq);                                                                           \
    }
RANKNET__DEFINE_LAMBDA_AVX512(ranknet__f32x16, ps, __mmask16, _mm512_cmp_ps_mask, _mm512_movepi32_mask,
                              _mm512_movm_epi32, _mm512_mask_blend_ps, _mm512_mask_sub_ps, __m512, __m512i,
                              _mm512_set1_ps)
RANKNET__DEFINE_LAMBDA_AVX512(ranknet__f64x8, pd, __mmask8, _mm512_cmp_pd_mask, _mm512_movepi64_mask, _mm512_movm_epi64,
                              _mm512_mask_blend_pd, _mm512_mask_sub_pd, __m512d, __m512i, _mm512_set1_pd)
/* 16 float rows a group for RankNet, 8 for the weighted and staged kernels: measured
   9-13% faster at 8 (delta NDCG@30 and the staged weightings on an MSLR-like batch, sh
   bench/ab.sh) and 46 KB less code; RankNet is 3% slower at 8 */
RANKNET__DEFINE_ENTRIES(ranknet__f32x16_avx512, ranknet__f32x16, RANKNET__AVX512, 16, 8, ranknet__f32x16_negabs_avx512,
                        ranknet__f32x16_gt_avx512, ranknet__f32x16_lambda_avx512)
RANKNET__DEFINE_ENTRIES(ranknet__f64x8_avx512, ranknet__f64x8, RANKNET__AVX512, 8, 8, ranknet__f64x8_negabs_avx512,
                        ranknet__f64x8_gt_avx512, ranknet__f64x8_lambda_avx512)

/* Below RANKNET__WIDE_MIN items the float kernel of the AVX-512 path runs 32-byte
   vectors: 16 lanes waste more on the masked diagonal than they gain (n = 16: 383 against
   320 ns a query). 8 double lanes win at every size. */
#define RANKNET__WIDE_MIN 96
RANKNET__DEFINE_ENTRIES(ranknet__f32x8_avx512, ranknet__f32x8, RANKNET__AVX512, 8, 8, ranknet__f32x8_negabs_avx2,
                        ranknet__f32x8_gt_avx2, ranknet__f32x8_lambda_by_ranknet__f32x8_sel_neg_avx2)

/* ApproxNDCG's passes on AVX-512 run 32-byte vectors: the generic selects and compares of
   the 64-byte ones go through vector masks (n = 1000, float: about 4.7x slower) */
RANKNET__DEFINE_APPROX(ranknet__f32x8_avx512, ranknet__f32x8, RANKNET__AVX512)
RANKNET__DEFINE_APPROX(ranknet__f64x4_avx512, ranknet__f64x4, RANKNET__AVX512)
#define RANKNET__AVX512_APPROX ranknet__f64x4_avx512_approx, ranknet__f32x8_avx512_approx
#define RANKNET__AVX512_KERNELS                                                                \
    ranknet__f64x8_avx512_plain, ranknet__f64x8_avx512_weighted, ranknet__f64x8_avx512_staged, \
        ranknet__f32x16_avx512_plain, ranknet__f32x16_avx512_weighted, ranknet__f32x16_avx512_staged
#define RANKNET__AVX512_NARROW_KERNELS                                                         \
    ranknet__f64x8_avx512_plain, ranknet__f64x8_avx512_weighted, ranknet__f64x8_avx512_staged, \
        ranknet__f32x8_avx512_plain, ranknet__f32x8_avx512_weighted, ranknet__f32x8_avx512_staged
#endif /* RANKNET_NO_AVX512 */
#endif /* AVX2 */
#if defined(__x86_64__)
#define RANKNET__SSE2_KERNELS RANKNET__BASE_KERNELS
#define RANKNET__SSE2_APPROX RANKNET__BASE_APPROX
#else
#define RANKNET__NEON_KERNELS RANKNET__BASE_KERNELS
#define RANKNET__NEON_APPROX RANKNET__BASE_APPROX
#endif
#undef RANKNET__KERNEL_TEMPLATE
#endif /* SIMD */
#ifndef RANKNET__SSE2_APPROX
#define RANKNET__SSE2_APPROX 0, 0
#endif
#ifndef RANKNET__AVX2_APPROX
#define RANKNET__AVX2_APPROX 0, 0
#endif
#ifndef RANKNET__NEON_APPROX
#define RANKNET__NEON_APPROX 0, 0
#endif
#ifndef RANKNET__AVX512_APPROX
#define RANKNET__AVX512_APPROX 0, 0
#endif

/* ApproxNDCG's pair passes by code path and precision; 0: the scalar loop */
static ranknet__approx_kernel ranknet__approx_for(ranknet_simd path, int f32)
{
    static const ranknet__approx_kernel table[][2] = {
        /* double, float */
        /* AUTO   */ {0, 0},
        /* SCALAR */ {0, 0},
        /* SSE2   */ {RANKNET__SSE2_APPROX},
        /* AVX2   */ {RANKNET__AVX2_APPROX},
        /* NEON   */ {RANKNET__NEON_APPROX},
        /* AVX512 */ {RANKNET__AVX512_APPROX},
    };
    (void)sizeof(char[sizeof table / sizeof *table == RANKNET_SIMD_COUNT ? 1 : -1]); /* a row per path */
    return table[path][f32 != 0];
}

#define RANKNET__NO_KERNELS 0, 0, 0, 0, 0, 0
#ifndef RANKNET__SSE2_KERNELS
#define RANKNET__SSE2_KERNELS RANKNET__NO_KERNELS
#endif
#ifndef RANKNET__AVX2_KERNELS
#define RANKNET__AVX2_KERNELS RANKNET__NO_KERNELS
#endif
#ifndef RANKNET__NEON_KERNELS
#define RANKNET__NEON_KERNELS RANKNET__NO_KERNELS
#endif
#ifndef RANKNET__AVX512_KERNELS
#define RANKNET__AVX512_KERNELS RANKNET__NO_KERNELS
#define RANKNET__AVX512_NARROW_KERNELS RANKNET__NO_KERNELS
#define RANKNET__WIDE_MIN 1 /* never: queries of n < 2 have no pairs */
#endif

/* The test suite defines this to see which kernel each query ran; nothing otherwise. */
#ifndef RANKNET__OBSERVE_KERNEL
#define RANKNET__OBSERVE_KERNEL(kernel) ((void)0)
#endif
#ifndef RANKNET__OBSERVE_PAIRS /* test-only: the pairs a staged query visits, a row at a time */
#define RANKNET__OBSERVE_PAIRS(count) ((void)0)
#endif

/* The kernels' weightings: plain RankNet, the library's delta NDCG, staged (ranknet__stage) */
enum { RANKNET__PLAIN = 0, RANKNET__NDCG, RANKNET__STAGED, RANKNET__KINDS };
enum { RANKNET__NARROW_ROW = RANKNET_SIMD_COUNT, RANKNET__ROWS_OF_TABLE }; /* after the ranknet_simd rows */

/* The one place that maps code path x precision x weighting to a kernel. Rows follow
   ranknet_simd, then the short-query row of AVX-512; a path the build lacks has no
   kernels (ranknet_simd_supported says 0). */
static ranknet__kernel ranknet__kernel_for(ranknet_simd path, int f32, int kind, size_t n)
{
    static const ranknet__kernel table[][2 * RANKNET__KINDS] = {
        /*                 double plain, ndcg, staged; float plain, ndcg, staged */
        /* AUTO        */ {RANKNET__NO_KERNELS},
        /* SCALAR      */
        {ranknet__scalar_kernel, ranknet__scalar_kernel, ranknet__scalar_kernel, ranknet__scalar_kernel,
         ranknet__scalar_kernel, ranknet__scalar_kernel},
        /* SSE2        */ {RANKNET__SSE2_KERNELS},
        /* AVX2        */ {RANKNET__AVX2_KERNELS},
        /* NEON        */ {RANKNET__NEON_KERNELS},
        /* AVX512      */ {RANKNET__AVX512_KERNELS},
        /* AVX512, n < RANKNET__WIDE_MIN */ {RANKNET__AVX512_NARROW_KERNELS},
    };
    size_t row = path == RANKNET_SIMD_AVX512 && n < RANKNET__WIDE_MIN ? (size_t)RANKNET__NARROW_ROW : (size_t)path;
    (void)sizeof(char[sizeof table / sizeof *table == RANKNET__ROWS_OF_TABLE ? 1 : -1]); /* a row per path */
    ranknet__kernel k = table[row][RANKNET__KINDS * (f32 != 0) + kind];
    RANKNET_ASSERT(k != 0);
    return k;
}

/* LambdaRank's setup of one query: the ranking, and each rank's gain divided by IDCG in
   sc->order[r].key, as the kernels take them. Returns 0 when IDCG is 0 (no relevant item:
   no pair can change NDCG). */
static int ranknet__lambdarank_setup(ranknet__ndcg *w, const ranknet__scratch *sc, size_t k, int linear, ranknet__vec s,
                                     ranknet__vec y, size_t n)
{
    ranknet__rank *order = sc->order;
    double inv_idcg;
    size_t r;
    ranknet__ndcg_setup(w, sc, k, linear, s, y, n);
    if (w->idcg == 0) return 0;
    /* gains are divided by the largest, and it sits at rank 0 of the ideal order: a
       positive IDCG is >= 1, so every weight stays finite */
    RANKNET_ASSERT(w->idcg >= 1.0);
    inv_idcg = 1.0 / w->idcg;
    if (w->graded) { /* the gains of the 32 grades once, then a look-up an item */
        double grade_gain[32];
        for (r = 0; r < 32 && (double)r <= w->ymax; ++r) grade_gain[r] = ranknet__gain(w, (double)r) * inv_idcg;
        for (r = 0; r < n; ++r) order[r].key = grade_gain[(int)ranknet__get(y, order[r].idx)];
    } else {
        for (r = 0; r < n; ++r) order[r].key = ranknet__gain(w, ranknet__get(y, order[r].idx)) * inv_idcg;
    }
    return 1;
}

/* The factor of a query's lambdas and hessians after its pair sums (abs_sum: the sum over
   ordered pairs of |pair lambda|); RANKNET_NORM_ITEMS scales *loss too. */
static double ranknet__query_scale(const ranknet__cfg *c, double abs_sum, size_t n, double *loss)
{
    if (c->normalize == RANKNET_NORM_LOG2) {
        if (c->sample_pairs) return 1.0 / (double)c->sample_pairs; /* XGBoost's mean method */
        return abs_sum > 0 ? log1p(abs_sum) / abs_sum / 0.69314718055994530942
                           : 1.0; /* log2(1 + S) / S, also for tiny S */
    }
    if (c->normalize == RANKNET_NORM_ITEMS) {
        *loss *= 1.0 / (double)(n - 1);
        return 1.0 / (double)(n - 1);
    }
    return 1.0;
}

/* Unbiased LambdaMART, one pair of a query's items (plus: the higher label): adds the
   pair's cost to both rows' sums and returns 1 / (t+ t-), the factor of its lambda,
   hessian and loss term. */
static double ranknet__debias(const ranknet__cfg *c, size_t first, size_t plus, size_t minus, double cost)
{
    const ranknet_bias *b = c->bias;
    size_t pp = ranknet__position(c->positions, first + plus, plus);
    size_t pm = ranknet__position(c->positions, first + minus, minus);
    double tp = pp < b->positions ? b->t_plus[pp] : 1.0, tm = pm < b->positions ? b->t_minus[pm] : 1.0;
    c->cost_plus[first + plus] += cost / tm;
    c->cost_minus[first + minus] += cost / tp;
    return 1.0 / (tp * tm);
}

/* A query's sums kept by rank, g[r] and h[r], to the rows of the items: item order[r].idx
   gets them times scale (and times its row weight, when there are row weights). */
static void ranknet__scatter(const ranknet__rank *order, const double *g, const double *h, size_t n, double scale,
                             const double *row_weights, int f32, void *grad, void *hess)
{
    size_t r;
    for (r = 0; r < n; ++r) {
        size_t item = order[r].idx;
        double f = row_weights ? scale * row_weights[item] : scale;
        if (grad) ranknet__set(grad, f32, item, g[r] * f);
        if (hess) ranknet__set(hess, f32, item, h[r] * f);
    }
}

/* The sums of the loops that take one pair at a time (sampled pairs, the position bias,
   NDCG-Loss1, delta ERR's top-k triangle): per rank, in double, with the loss and the sum
   of |pair lambda| the normalisation reads. */
typedef struct ranknet__sums {
    double *g, *h;
    double sigma, loss, abs_sum;
} ranknet__sums;

/* Sums for ranks 0 .. rows - 1, zeroed: g at sums, h at sums + stride */
static ranknet__sums ranknet__sums_at(double *sums, size_t stride, size_t rows, double sigma)
{
    ranknet__sums q;
    size_t r;
    q.g = sums;
    q.h = sums + stride;
    q.sigma = sigma;
    q.loss = 0;
    q.abs_sum = 0;
    for (r = 0; r < rows; ++r) q.g[r] = q.h[r] = 0;
    return q;
}

/* A pair of ranks a and b, weight w: ranknet__pair's g and h (of a's target) and its loss
   term l, into the sums (l is 0 where the loss was not asked for). */
static void ranknet__sum_pair(ranknet__sums *q, size_t a, size_t b, double w, double g, double h, double l)
{
    g *= q->sigma * w;
    h *= q->sigma * q->sigma * w;
    q->g[a] += g;
    q->g[b] -= g;
    q->h[a] += h;
    q->h[b] += h;
    q->abs_sum += 2.0 * fabs(g);
    q->loss += w * l;
}

/* --- engine presets ------------------------------------------------------------------------- */

/* SplitMix64's finaliser: a counter-based generator is this applied to a counter, so a
   draw depends on its seed, query, item and round only, never on the order of the draws. */
static ranknet__u64 ranknet__mix(ranknet__u64 z)
{
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Draw number c of query q, uniform in [0, m) exactly: the 2^64 mod m largest values
   (a chance below m / 2^64) are drawn again. */
static size_t ranknet__uniform(ranknet__u64 seed, ranknet__u64 q, ranknet__u64 c, size_t m)
{
    ranknet__u64 base = ranknet__mix(ranknet__mix(ranknet__mix(seed) ^ q) ^ c);
    ranknet__u64 last = ~0ull - (~0ull % m + 1) % m, x, again;
    for (again = 0;; ++again) {
        x = ranknet__mix(base + again);
        if (x <= last) return (size_t)(x % m);
    }
}

/* The pair sums of one engine query, kept by rank. */
typedef struct ranknet__engine {
    const ranknet__rank *order; /* order[r]: the item at rank r and its score */
    ranknet__vec y;
    ranknet__sums sums;
    double inv_idcg, gap_eps;  /* gap_eps 0: no score-gap division */
    double gain_scale;         /* a power of two: the gains' weights are ratios, 1 / IDCG stays finite */
    const double *table;       /* LightGBM's label_gain, or NULL */
    const double *n_rel, *acc; /* XGBoost's rank:map: per rank, relevant items and sum of y / (r + 1) so far */
    size_t last;               /* n - 1 */
    int ndcg, map, linear, xgboost, want_loss;
    const ranknet__cfg *c; /* its bias, for Unbiased LambdaMART */
    size_t first;          /* the query's first row */
} ranknet__engine;

static double ranknet__engine_gain(const ranknet__engine *e, double y)
{
    if (e->table) return e->gain_scale * e->table[(size_t)y];
    return e->linear ? e->gain_scale * y : (double)((1ull << (int)y) - 1); /* integers 0..31, checked */
}

/* Ranks a and b (any order): the engines' pair, high = the higher label. */
static void ranknet__engine_pair(ranknet__engine *e, size_t a, size_t b)
{
    double ya = ranknet__get(e->y, e->order[a].idx), yb = ranknet__get(e->y, e->order[b].idx);
    size_t hi = ya > yb ? a : b, lo = ya > yb ? b : a;
    double yh = ya > yb ? ya : yb, yl = ya > yb ? yb : ya, w = 1, g, h, l;
    if (ya == yb) return;
    if (e->map) { /* XGBoost's DeltaMAP (binary labels), by position: up above dn */
        size_t up = a < b ? a : b, dn = a < b ? b : a;
        double y_up = a < b ? ya : yb, y_dn = a < b ? yb : ya, between = e->acc[dn - 1] - e->acc[up];
        w = y_up < y_dn ? e->n_rel[dn] / (double)(dn + 1) - (e->n_rel[up] + 1) / (double)(up + 1) - between
                        : e->n_rel[up] / (double)(up + 1) - e->n_rel[dn] / (double)(dn + 1) + between;
        w = fabs(w / e->n_rel[e->last]); /* a pair of unequal labels: some item is relevant */
    } else if (e->ndcg)
        w = (ranknet__engine_gain(e, yh) - ranknet__engine_gain(e, yl)) *
            fabs(ranknet__disc(e->c, hi) - ranknet__disc(e->c, lo)) * e->inv_idcg;
    if (e->gap_eps > 0) w /= e->gap_eps + fabs(e->order[hi].key - e->order[lo].key); /* inf: w = 0 */
    l = ranknet__pair(ranknet__scaled_diff(e->sums.sigma, e->order[hi].key, e->order[lo].key), 1.0, &g, &h,
                      e->want_loss || e->c->bias); /* g = p - 1 = -(1 - p), h = p (1 - p) */
    if (e->xgboost) h = 2.0 * (h > 1e-16 ? h : 1e-16);
    if (e->c->bias && w != 0) w *= ranknet__debias(e->c, e->first, e->order[hi].idx, e->order[lo].idx, w * l);
    ranknet__sum_pair(&e->sums, hi, lo, w, g, h, e->want_loss ? l : 0);
}

/* The labels the engine takes: the exp2 gain is a table of integers (LightGBM's default
   label_gain has 31 entries, XGBoost shifts 1u by the label); LightGBM casts every label
   to int; rank:pairwise takes anything. */
static int ranknet__engine_labels(const ranknet__cfg *c, ranknet__vec y, size_t n)
{
    int lightgbm = c->preset == RANKNET_PRESET_LIGHTGBM;
    double top = c->label_gain     ? (double)c->label_gain_len - 1
                 : !c->linear_gain ? (lightgbm ? 30.0 : 31.0)
                 : lightgbm        ? 2147483647.0
                                   : DBL_MAX;
    size_t i;
    if (c->weighting == RANKNET_WEIGHT_DELTA_MAP) { /* rank:map: binary relevance */
        for (i = 0; i < n; ++i)
            if (ranknet__get(y, i) != 0 && ranknet__get(y, i) != 1) return 0;
        return 1;
    }
    if (!c->ndcg) return 1;
    for (i = 0; i < n; ++i) {
        double v = ranknet__get(y, i);
        if (!(v >= 0 && v <= top)) return 0;
        if ((lightgbm || !c->linear_gain) && v != floor(v)) return 0;
    }
    return 1;
}

/* One query under a preset (labels checked by the caller); qid is its index in the batch,
   for the sampled pairs. Writes every output row. */
static double ranknet__engine_query(const ranknet__cfg *c, void *scratch, ranknet__vec s, ranknet__vec y, size_t n,
                                    size_t first, size_t qid, int want_loss, void *grad, void *hess)
{
    ranknet__scratch sc = ranknet__carve(scratch, n);
    ranknet__engine e;
    ranknet__rank *by_label;
    size_t cut = c->sample_pairs || c->k == 0 || c->k > n ? n : c->k, r, j;
    double scale = 1.0, ymax;
    size_t grades[32] = {0};
    int graded = ranknet__grades(y, n, grades, &ymax); /* rank:pairwise takes any label */
    e.sums = ranknet__sums_at((double *)(void *)((char *)scratch + ranknet__scratch_bytes(n)), n, n, c->sigma);
    by_label = (ranknet__rank *)(void *)(e.sums.h + n);
    e.order = sc.order;
    e.y = y;
    e.inv_idcg = 1.0;
    e.gain_scale = 1.0;
    e.ndcg = c->ndcg;
    e.linear = c->linear_gain;
    e.xgboost = c->preset == RANKNET_PRESET_XGBOOST;
    e.table = c->label_gain;
    e.map = c->weighting == RANKNET_WEIGHT_DELTA_MAP;
    e.last = n ? n - 1 : 0;
    e.n_rel = (const double *)(void *)(by_label + n);
    e.acc = e.n_rel + n;
    e.want_loss = want_loss;
    e.c = c;
    e.first = first;
    if (n < 2) return 0;
    if (e.ndcg) { /* IDCG@cut; 0 (no relevant item) makes every weight 0, as in both engines */
        double idcg = 0, top = 0;
        for (r = 0; (e.linear || e.table) && r < n; ++r) { /* subnormal gains, or labels near DBL_MAX */
            double gr = ranknet__engine_gain(&e, ranknet__get(y, r));
            if (gr > top) top = gr;
        }
        e.gain_scale = top > 0 && top < 1e-270 ? ldexp(1.0, 1000) : top > 1e270 ? ldexp(1.0, -200) : 1.0;
        if (graded) { /* the labels sorted, by counting (the sampled pairs want the counts again) */
            size_t left[32];
            double gain[32];
            for (r = 0; r < 32; ++r) gain[r] = grades[r] ? ranknet__engine_gain(&e, (double)r) : 0;
            memcpy(left, grades, sizeof left);
            idcg = ranknet__grades_idcg(left, gain, cut);
        } else {
            ranknet__rank_top(&sc, y, n, cut, ranknet__depth(n));
            for (r = 0; r < cut; ++r) idcg += ranknet__engine_gain(&e, sc.order[r].key) * ranknet__discount(r, cut);
        }
        if (idcg == 0) n = 0;
        else e.inv_idcg = 1.0 / idcg;
    }
    if (n > 0) {
        ranknet__rank_all(&sc, s, n); /* low items of every rank have a discount */
        if (e.map) {                  /* prefix sums by rank, as XGBoost's MAPStat */
            double *n_rel = (double *)(void *)(by_label + n), *acc = n_rel + n;
            for (r = 0; r < n; ++r) {
                double yr = ranknet__get(y, sc.order[r].idx);
                n_rel[r] = (r ? n_rel[r - 1] : 0) + yr;
                acc[r] = (r ? acc[r - 1] : 0) + yr / (double)(r + 1);
            }
        }
        e.gap_eps = !c->score_norm || sc.order[0].key == sc.order[n - 1].key ? 0
                    : e.xgboost                                              ? 0.01
                                : (double)0.01f; /* LightGBM adds the float 0.01f */
        if (!c->sample_pairs) {
            for (r = 0; r < cut && r + 1 < n; ++r)
                for (j = r + 1; j < n; ++j) ranknet__engine_pair(&e, r, j);
        } else { /* XGBoost's mean method: by label, descending, ties by rank */
            size_t lo, hi, round, left, others;
            if (graded) { /* by counting: each grade's ranks in order */
                size_t at[32], sum = 0;
                int grade;
                for (grade = 31; grade >= 0; --grade) {
                    at[grade] = sum;
                    sum += grades[grade];
                }
                for (r = 0; r < n; ++r) {
                    double yr = ranknet__get(y, sc.order[r].idx);
                    size_t p = at[(int)yr]++;
                    by_label[p].key = yr;
                    by_label[p].idx = r;
                }
            } else {
                for (r = 0; r < n; ++r) {
                    by_label[r].key = ranknet__get(y, sc.order[r].idx);
                    by_label[r].idx = r;
                }
                ranknet__top(by_label, sc.tmp, n, n, ranknet__depth(n));
            }
            for (lo = 0; lo < n; lo = hi) {
                for (hi = lo + 1; hi < n && by_label[hi].key == by_label[lo].key;) ++hi;
                left = lo;
                others = n - (hi - lo);
                if (others == 0) continue;
                for (round = 0; round < c->sample_pairs; ++round)
                    for (r = lo; r < hi; ++r) {
                        size_t pick = ranknet__uniform(c->seed, qid, (ranknet__u64)round * n + r, others);
                        ranknet__engine_pair(&e, by_label[r].idx, by_label[pick < left ? pick : pick + hi - lo].idx);
                    }
            }
        }
        scale = ranknet__query_scale(c, e.sums.abs_sum, n, &e.sums.loss);
    }
    /* LightGBM multiplies a row's weight into its lambda and hessian */
    ranknet__scatter(sc.order, e.sums.g, e.sums.h, n, scale, c->item_weights ? c->item_weights + first : NULL, s.f32,
                     grad, hess);
    return e.sums.loss;
}

/* The entry of LightGBM's sigmoid table that it reads for x (rank_objective.hpp,
   ConstructSigmoidTable and GetSigmoid: 2^20 bins over [-25 / sigma, 25 / sigma]),
   computed as the table computes it: 1 / (1 + e^(sigma x)) at the bin's left end. */
static double ranknet__lightgbm_sigmoid(double x, double sigma)
{
    const double bins = 1024.0 * 1024.0, lo = -50.0 / sigma / 2, hi = -lo, factor = bins / (hi - lo);
    size_t i = x <= lo ? 0 : x >= hi ? (size_t)bins - 1 : (size_t)((x - lo) * factor);
    return 1.0 / (1.0 + exp(((double)i / factor + lo) * sigma));
}

/* One query as LightGBM 4.x computes its lambdarank gradient (GetGradientsForOneQuery),
   step for step: the inverse max DCG from label counts, 1 / log2(2 + r) discounts, the
   table's sigmoid, float sums in its pair order, then the normalisation and the row
   weights in float. The loss (not LightGBM's) is the exact one of the same pairs. */
static double ranknet__lightgbm_query(const ranknet__cfg *c, void *scratch, ranknet__vec s, ranknet__vec y, size_t n,
                                      size_t first, int want_loss, void *grad, void *hess)
{
    ranknet__scratch sc = ranknet__carve(scratch, n);
    const ranknet__rank *order = sc.order;
    float *gf = (float *)(void *)((char *)scratch + ranknet__scratch_bytes(n)), *hf = gf + n;
    ranknet__engine e;
    double sigma = c->sigma, max_dcg = 0, inv, best, worst, sum = 0, loss = 0;
    size_t cut = c->k == 0 || c->k > n ? n : c->k, count[64] = {0}, i, j, label = 63, small = 1;
    e.table = c->label_gain;
    e.linear = c->linear_gain;
    e.gain_scale = 1.0;
    for (i = 0; i < n; ++i) {
        double yi = ranknet__get(y, i);
        gf[i] = hf[i] = 0;
        if (yi < 64) count[(size_t)yi]++; /* integers >= 0: checked */
        else small = 0;
    }
    /* CalMaxDCGAtK: the labels from the top down (the gains do not fall), by their counts */
    if (!small) ranknet__rank_top(&sc, y, n, cut, ranknet__depth(n));
    for (j = 0; j < cut; ++j) {
        while (small && count[label] == 0) --label;
        if (small) count[label]--;
        max_dcg += 1.0 / log2(2.0 + (double)j) * ranknet__engine_gain(&e, small ? (double)label : sc.order[j].key);
    }
    inv = max_dcg > 0 ? 1.0 / max_dcg : 0; /* 1.0f / max DCG: 1.0f is 1 */
    ranknet__rank_all(&sc, s, n);          /* std::stable_sort by score, descending */
    best = order[0].key;
    worst = order[n - 1].key;
    for (i = 0; i + 1 < n && i < cut; ++i)
        for (j = i + 1; j < n; ++j) {
            size_t a = order[i].idx, b = order[j].idx, hr, lr, high, low;
            double ya = ranknet__get(y, a), yb = ranknet__get(y, b), ds, w, p, ph;
            if (ya == yb) continue;
            hr = ya > yb ? i : j;
            lr = ya > yb ? j : i;
            high = order[hr].idx;
            low = order[lr].idx;
            ds = order[hr].key - order[lr].key;
            w = (ranknet__engine_gain(&e, ya > yb ? ya : yb) - ranknet__engine_gain(&e, ya > yb ? yb : ya)) *
                fabs(1.0 / log2(2.0 + (double)hr) - 1.0 / log2(2.0 + (double)lr)) * inv;
            if (c->normalize == RANKNET_NORM_LOG2 && best != worst) w /= (double)0.01f + fabs(ds);
            if (want_loss) {
                double g, h;
                loss += w * ranknet__pair(ranknet__scaled_diff(sigma, order[hr].key, order[lr].key), 1.0, &g, &h, 1);
            }
            p = ranknet__lightgbm_sigmoid(ds, sigma);
            ph = p * (1.0 - p);
            p *= -sigma * w;
            ph *= sigma * sigma * w;
            gf[low] -= (float)p;
            hf[low] += (float)ph;
            gf[high] += (float)p;
            hf[high] += (float)ph;
            sum -= 2 * p;
        }
    for (i = 0; i < n; ++i) {
        if (c->normalize == RANKNET_NORM_LOG2 && sum > 0) {
            double f = log2(1 + sum) / sum;
            gf[i] = (float)(gf[i] * f);
            hf[i] = (float)(hf[i] * f);
        }
        if (c->item_weights) {
            gf[i] = (float)(gf[i] * c->item_weights[first + i]);
            hf[i] = (float)(hf[i] * c->item_weights[first + i]);
        }
        if (grad) ranknet__set(grad, s.f32, i, gf[i]);
        if (hess) ranknet__set(hess, s.f32, i, hf[i]);
    }
    return loss;
}

/* --- gains of the staged tables and NDCG-Loss1 ---------------------------------------------------- */

/* RR@k of a first relevant item at rank r */
static double ranknet__rr(size_t r, size_t cut) { return r < cut ? 1.0 / (double)(r + 1) : 0.0; }

/* The gain of a label: the table's, or 2^y - 1 (scaled by 2^-shift where it would
   overflow: every weight that uses it is a ratio of gains), or y. */
static double ranknet__table_gain(const ranknet__cfg *c, const ranknet__ndcg *w, double y)
{
    return c->label_gain ? c->label_gain[(size_t)y] : ranknet__raw_gain(w, y);
}

/* The library's gains (label_gain[y], 2^y - 1 or y) of the labels lab[0..n) in rank order,
   divided by the largest so that DCG sums and 1 / IDCG stay finite, into g; returns IDCG@cut
   of them (0: nothing relevant). y: the same labels in item order, to count the usual
   grades; ymax their largest; ideal and tmp: n ranks of scratch for the IDCG sort; *unit:
   the gains' scale (true gain = g unit), which DELTA_DCG multiplies back. */
static double ranknet__library_gains(const ranknet__cfg *c, ranknet__vec y, const double *lab, size_t n, size_t cut,
                                     double ymax, double *g, ranknet__rank *ideal, ranknet__rank *tmp, double *unit)
{
    ranknet__ndcg gw;
    double idcg = 0, top = 0, gg[32];
    size_t grades[32] = {0}, r;
    gw.linear = c->linear_gain || ymax < 1e-300;
    gw.gain_shift = !gw.linear && ymax > 900 ? ymax : 0;
    gw.gain_top = 1.0;
    if (ranknet__grades(y, n, grades, &ymax)) { /* the usual grades: a gain each, IDCG@k by counting */
        for (r = 0; r < 32; ++r) {
            gg[r] = grades[r] ? ranknet__table_gain(c, &gw, (double)r) : 0;
            top = gg[r] > top ? gg[r] : top;
        }
        for (r = 0; r < 32; ++r) gg[r] = top > 0 ? gg[r] / top : gg[r];
        *unit = (top > 0 ? top : 1.0) * exp2(gw.gain_shift);
        for (r = 0; r < n; ++r) g[r] = gg[(int)lab[r]];
        return ranknet__grades_idcg(grades, gg, cut);
    }
    for (r = 0; r < n; ++r) {
        g[r] = ranknet__table_gain(c, &gw, lab[r]);
        top = g[r] > top ? g[r] : top;
    }
    *unit = (top > 0 ? top : 1.0) * exp2(gw.gain_shift);
    for (r = 0; r < n; ++r) {
        if (top > 0) g[r] /= top;
        ideal[r].key = g[r];
        ideal[r].idx = r;
    }
    ranknet__top(ideal, tmp, n, cut, ranknet__depth(n)); /* IDCG@k: the best gains first */
    for (r = 0; r < cut; ++r) idcg += ideal[r].key * ranknet__discount(r, cut);
    return idcg;
}

/* --- staged weightings -------------------------------------------------------------------

   Every weighting but plain RankNet and the library's own delta NDCG (kernels of their
   own), and the engine presets' top-k pairs: after one sort of the query, per-rank tables
   built in O(n) (ranknet__stage), then the staged kernel of any path. A weighting is its
   case below: its tables, and which rows and columns can hold a pair of weight != 0. */

/* delta ERR's pairs within the top k take a tile of weights up to this k */
#define RANKNET__TILE 128
#define RANKNET__TILE_BYTES ((RANKNET__TILE * (RANKNET__TILE + 16) + 3 * RANKNET__TILE) * sizeof(double))

#define RANKNET__COL_BUF (2 * (1024 + 16) * sizeof(double))

static size_t ranknet__staged_bytes(size_t n)
{
    return ranknet__scratch_bytes(n) + (12 * n + 6 * RANKNET__PAD) * sizeof(double) + RANKNET__COL_BUF;
}

/* The power of two that brings a table whose largest value is top into [0.5, 1) (1 for
   top 0); clamped so that it and its inverse stay normal. Exact: the weights are scaled
   back by its inverse. */
static double ranknet__unit(double top)
{
    int e;
    if (!(top > 0)) return 1.0;
    frexp(top, &e);
    return ldexp(1.0, e > 1000 ? -1000 : e < -1000 ? 1000 : -e);
}

/* Fills t and st for one query and returns the factor its results take (the tables hold
   values scaled into [0, 1]), or 0 when no pair can count. */
static double ranknet__stage_query(const ranknet__cfg *c, void *scratch, ranknet__vec s, ranknet__vec y, size_t n,
                                   size_t first, ranknet__task *t, ranknet__stage *st)
{
    ranknet__scratch sc = ranknet__carve(scratch, n);
    ranknet__rank *order = sc.order, *ideal = (ranknet__rank *)(void *)sc.keys; /* keys and work: 2n u64 */
    double *g1 = (double *)(void *)((char *)scratch + ranknet__scratch_bytes(n)), *g2 = g1 + n, *d1 = g2 + n,
           *d2 = d1 + n, *iw = d2 + n, *lab = iw + n, *pre = lab + n, *dist = pre + n + 1 + RANKNET__PAD;
    ranknet_weighting kind = c->weighting;
    int engine = c->preset != RANKNET_PRESET_NONE;
    int gains =
        kind == RANKNET_WEIGHT_DELTA_NDCG || kind == RANKNET_WEIGHT_LAMBDALOSS || kind == RANKNET_WEIGHT_DELTA_DCG;
    size_t cut = c->k == 0 || c->k > n ? n : c->k, r;
    double factor = 1.0, top = 0, ymax = 0, inv_idcg = 1.0, unit;
    memset(st, 0, sizeof *st);
    st->g_row = st->g_col = g1;
    st->d_row = st->d_col = d1;
    st->dist_buf = dist + n + RANKNET__PAD; /* n + 3 PAD */
    st->col_buf = g1 + 12 * n + 6 * RANKNET__PAD;
    st->cascade = pre; /* 2n */
    st->tri = dist + 2 * n + 4 * RANKNET__PAD;
    t->s = s;
    t->y = y;
    t->n = n;
    t->order = order;
    t->cut = cut;
    t->col0 = 0;
    t->cols = n;
    t->sigma = c->sigma;
    t->skip_ties = 0;
    t->st = st;
    t->bias = NULL;
    t->first = first;
    t->factor = 1.0;
    if (engine && gains) { /* the engines' IDCG: labels sorted, exact gains scaled by a power of two */
        ranknet__engine e;
        double idcg = 0, gk, gain[32];
        size_t grades[32] = {0};
        int graded = ranknet__grades(y, n, grades, &ymax);
        e.table = c->label_gain;
        e.linear = c->linear_gain;
        e.gain_scale = 1.0;
        for (r = 0; r < n; ++r) {
            double gr = ranknet__engine_gain(&e, ranknet__get(y, r));
            top = gr > top ? gr : top;
        }
        e.gain_scale = unit = ranknet__unit(top);
        gk = e.table || e.linear ? 1.0 : unit; /* the exp2 gains are integers, scaled here */
        if (graded) {                          /* the labels sorted, by counting */
            for (r = 0; r < 32; ++r) gain[r] = grades[r] ? gk * ranknet__engine_gain(&e, (double)r) : 0;
            idcg = ranknet__grades_idcg(grades, gain, cut);
        } else {
            ranknet__rank_top(&sc, y, n, cut, ranknet__depth(n));
            for (r = 0; r < cut; ++r) idcg += gk * ranknet__engine_gain(&e, order[r].key) * ranknet__discount(r, cut);
        }
        if (idcg == 0) return 0; /* no relevant item: every weight 0, as in both engines */
        inv_idcg = 1.0 / idcg;
        ranknet__rank_all(&sc, s, n);
        for (r = 0; r < n; ++r) {
            lab[r] = ranknet__get(y, order[r].idx);
            g1[r] = gk * ranknet__engine_gain(&e, lab[r]) * inv_idcg;
            d1[r] = ranknet__disc(c, r); /* not truncated */
        }
    } else {
        /* the engines' pairs use every rank; the library's weights the top k only: below it a
           pair's weight does not depend on the order (and RankNet's on none) */
        if (engine) ranknet__rank_all(&sc, s, n);
        else if (kind != RANKNET_WEIGHT_NONE) ranknet__rank_top(&sc, s, n, cut, ranknet__depth(n));
        else
            for (r = 0; r < n; ++r) {
                order[r].key = ranknet__get(s, r);
                order[r].idx = r;
            }
        for (r = 0; r < n; ++r) {
            lab[r] = ranknet__get(y, order[r].idx);
            if (lab[r] > ymax) ymax = lab[r];
        }
    }
    if (gains && !engine) {
        double gain_unit, idcg = ranknet__library_gains(c, y, lab, n, cut, ymax, g1, ideal, sc.tmp, &gain_unit);
        if (idcg == 0) return 0;
        inv_idcg = 1.0 / idcg;
        if (kind == RANKNET_WEIGHT_DELTA_DCG) { /* the gains themselves */
            inv_idcg = 1.0;
            factor *= gain_unit;
        }
        for (r = 0; r < n; ++r) {
            g1[r] *= inv_idcg;
            /* NDCG's discount is 0 from rank k on; LambdaLoss's rho is not truncated */
            d1[r] = kind == RANKNET_WEIGHT_LAMBDALOSS ? ranknet__disc(c, r) : ranknet__discount(r, cut);
        }
    }
    if (kind == RANKNET_WEIGHT_LAMBDALOSS) { /* allRank: both items in the top k; delta by rank distance */
        t->cols = cut;
        double mu = c->scheme == RANKNET_LAMBDALOSS_NDCG2 ? 1.0 : c->mu; /* NDCG-Loss2: delta alone */
        if (c->scheme == RANKNET_LAMBDALOSS_NDCG2)
            for (r = 0; r < n; ++r) d1[r] = 0;
        for (r = 0; r < cut; ++r) dist[r] = r ? mu * (1.0 / log2(1.0 + (double)r) - 1.0 / log2(2.0 + (double)r)) : 0;
        st->dist = dist;
    } else if (kind == RANKNET_WEIGHT_NONE) { /* weight 1: |1 - 0| |1 - 0| */
        st->g_col = g2;
        st->d_col = d2;
        for (r = 0; r < n; ++r) {
            g1[r] = d1[r] = 1;
            g2[r] = d2[r] = 0;
        }
        st->skip = engine || c->skip_ties;
        if (!engine) t->cut = n;                    /* RankNet with item weights: every pair */
    } else if (kind == RANKNET_WEIGHT_LABEL_DIFF) { /* |y_a - y_b| |1 - 0| */
        unit = ranknet__unit(ymax);
        factor /= unit;
        st->d_col = d2;
        for (r = 0; r < n; ++r) {
            g1[r] = lab[r] * unit;
            d1[r] = 1;
            d2[r] = 0;
        }
    } else if (kind == RANKNET_WEIGHT_DELTA_MAP) {
        /* |row value - column value| |rel_a - rel_b|: moving the relevant one of the pair past
           the ranks between changes AP by a row part minus a column part (prefix sums by rank) */
        double nrel = 0, hits = 0, acc = 0;
        st->g_col = g2;
        st->lo = 1;
        pre[0] = 0;
        for (r = 0; r < n; ++r) {
            int rel = engine ? lab[r] == 1 : lab[r] > 0;
            nrel += rel;
            d1[r] = rel;
            /* the library's AP@k: pre = the sum over relevant s < r, s < k, of 1 / (s + 1) */
            pre[r + 1] = pre[r] + (rel && r < cut ? 1.0 / (double)(r + 1) : 0);
        }
        if (nrel == 0) return 0;
        for (r = 0; r < n; ++r) {
            double at = 1.0 / (double)(r + 1);
            hits += d1[r];
            if (engine) { /* XGBoost's rank:map: hits and acc = sum of y / (s + 1), s <= r */
                double before = acc;
                acc += d1[r] * at;
                g1[r] = ((d1[r] > 0 ? hits : hits + 1) * at - acc) / nrel;
                g2[r] = (hits * at - before) / nrel;
            } else {
                double in = r < cut ? at : 0;
                g1[r] = ((d1[r] > 0 ? hits : hits + 1) * in - pre[r + 1]) / nrel;
                g2[r] = (hits * in - pre[r]) / nrel;
            }
        }
    } else if (kind == RANKNET_WEIGHT_DELTA_MRR) {
        /* rows up to the first relevant rank f; a relevant column moves up to a < f (RR 1 /
           (a + 1) against 1 / (f + 1)), f swaps with an irrelevant b (RR from the next
           relevant rank, or b) */
        size_t f = n, f2 = n;
        st->g_col = g2;
        for (r = 0; r < n; ++r) {
            d1[r] = lab[r] > 0;
            if (d1[r] > 0 && f == n) f = r;
            else if (d1[r] > 0 && f2 == n) f2 = r;
        }
        if (f == n) return 0;
        if (f + 1 < t->cut) t->cut = f + 1;
        for (r = 0; r < n; ++r) {
            g1[r] = ranknet__rr(r, cut);
            g2[r] = ranknet__rr(d1[r] > 0 ? f : r < f2 ? r : f2, cut);
        }
    } else if (kind == RANKNET_WEIGHT_DELTA_ERR) {
        /* with P_a the product of (1 - R) above a: below the top k nothing cascades, so a
           pair (a < k, b >= k) weighs |R_a - R_b| P_a (1/(a+1) - F_a), F_a the cascade of
           the ranks a < r < k; pairs within the top k: ranknet__err_triangle */
        double ytop = c->max_label > 0 ? c->max_label : ymax, *F = dist;
        st->d_col = d2;
        double Rg[32];
        int grade;
        for (grade = 0; grade < 32 && grade <= ymax; ++grade) Rg[grade] = exp2(grade - ytop) - exp2(-ytop);
        for (r = 0; r < n; ++r) { /* R = (2^y - 1) / 2^ymax < 1; the usual grades from a table */
            int usual = lab[r] <= 31 && lab[r] == (double)(int)lab[r];
            g1[r] = usual ? Rg[(int)lab[r]] : exp2(lab[r] - ytop) - exp2(-ytop);
            d2[r] = 0;
        }
        pre[0] = 1.0;
        for (r = 1; r < n; ++r) pre[r] = r - 1 < cut ? pre[r - 1] * (1.0 - g1[r - 1]) : pre[r - 1];
        F[cut - 1] = 0;
        for (r = cut - 1; r-- > 0;) F[r] = g1[r + 1] / (double)(r + 2) + (1.0 - g1[r + 1]) * F[r + 1];
        for (r = 0; r < n; ++r) d1[r] = r < cut ? pre[r] * (1.0 / (double)(r + 1) - F[r]) : 0;
        if (cut <= RANKNET__TILE) { /* the pairs within the top k: a tile of weights for the kernels */
            /* in the kernels' precision: they read it as it is */
            double *tile = (double *)st->col_buf + RANKNET__COL_BUF / sizeof(double),
                   *M = tile + RANKNET__TILE * (RANKNET__TILE + 16), *Q = M + RANKNET__TILE, *IV = Q + RANKNET__TILE;
            float *tile_f = (float *)(void *)tile;
            size_t tn = (cut + 15) / 16 * 16 < n ? (cut + 15) / 16 * 16 : n, stride = tn + 16, b;
            st->tile = tile;
            st->tile_f32 = s.f32;
            st->tile_n = tn;
            st->tile_stride = stride;
            size_t esz = s.f32 ? sizeof(float) : sizeof(double);
            for (r = 0; r < cut; ++r) { /* 0 left of the diagonal and past the tile: lanes the kernels mask */
                M[r] = 0;
                Q[r] = 1;
                IV[r] = 1.0 / (double)(r + 1);
                memset((char *)tile + r * stride * esz, 0, (r + 1) * esz);
                memset((char *)tile + (r * stride + tn) * esz, 0, (stride - tn) * esz);
            }
            for (b = 1; b < tn; ++b) { /* a column at a time: the rows' cascades run side by side */
                double Rb = g1[b], inv = 1.0 / (double)(b + 1), *out = dist; /* dist is F's, free again */
                size_t rows = b < cut ? b : cut;
                if (b < cut) {
                    for (r = 0; r < rows; ++r) {
                        out[r] = pre[r] * fabs(Rb - g1[r]) * (IV[r] - M[r] - Q[r] * inv);
                        M[r] += Q[r] * Rb * inv;
                        Q[r] *= 1.0 - Rb;
                    }
                } else {
                    for (r = 0; r < rows; ++r) out[r] = pre[r] * fabs(Rb - g1[r]) * (IV[r] - M[r]);
                }
                if (s.f32)
                    for (r = 0; r < rows; ++r) tile_f[r * stride + b] = (float)out[r];
                else
                    for (r = 0; r < rows; ++r) tile[r * stride + b] = out[r];
            }
        } else {
            t->col0 = cut;
        }
    }
    if (engine) { /* the score-gap division (lambdarank_norm, lambdarank_score_normalization) */
        int xgboost = c->preset == RANKNET_PRESET_XGBOOST;
        if (c->score_norm && order[0].key != order[n - 1].key) st->gap = xgboost ? 0.01 : (double)0.01f;
        if (xgboost) st->hess_floor = 1e-16;
    } else if (c->item_weights) { /* LightGBM's are per row, after the sums */
        const double *w = c->item_weights + first;
        top = 0;
        for (r = 0; r < n; ++r) top = w[order[r].idx] > top ? w[order[r].idx] : top;
        unit = ranknet__unit(top);
        for (r = 0; r < n; ++r) iw[r] = w[order[r].idx] * unit;
        st->iw = iw;
        factor /= unit;
    }
    { /* exp2 gains of labels above 96, or weights scaled by more than 2^40 either way: the
         float kernels' tables could lose the smallest weights below float's range */
        double ytop = c->max_label > ymax ? c->max_label : ymax;
        int exp2_gains = (gains && !c->linear_gain && !c->label_gain) || kind == RANKNET_WEIGHT_DELTA_ERR;
        st->wide = (exp2_gains && ytop > 96) || factor > 1099511627776.0 || factor < 1.0 / 1099511627776.0;
    }
    return factor;
}

/* delta ERR's pairs with both items in the top k, in double: the cascade between them is
   a running sum and product, O(1) a pair, no division. Adds to the outputs (in the
   tables' scale), returns the loss, adds to *abs_sum. */
static double ranknet__err_triangle(const ranknet__task *t, const ranknet__stage *st, double *abs_sum)
{
    const ranknet__rank *o = t->order;
    const double *R = st->g_row, *P = st->cascade;
    size_t cut = t->cut, a, b;
    ranknet__sums q = ranknet__sums_at(st->tri, t->n, cut, t->sigma);
    for (a = 0; a + 1 < cut; ++a) {
        double sa = ranknet__get(t->s, o[a].idx), ya = ranknet__get(t->y, o[a].idx), M = 0, Q = 1;
        for (b = a + 1; b < cut; ++b) {
            double sb = ranknet__get(t->s, o[b].idx), yb = ranknet__get(t->y, o[b].idx), g, h, l;
            double w = P[a] * fabs(R[b] - R[a]) * (1.0 / (double)(a + 1) - M - Q / (double)(b + 1));
            M += Q * R[b] / (double)(b + 1);
            Q *= 1.0 - R[b];
            if (st->iw) w *= ya > yb ? st->iw[a] : ya < yb ? st->iw[b] : 0.5 * (st->iw[a] + st->iw[b]);
            if (w == 0) continue;
            l = ranknet__pair(ranknet__scaled_diff(q.sigma, sa, sb), ranknet__target(ya, yb), &g, &h,
                              t->want_loss || t->bias);
            if (t->bias) {
                w = ranknet__task_debias(t, o[a].idx, o[b].idx, ya, yb, w, l);
                if (!t->want_loss) l = 0;
            }
            ranknet__sum_pair(&q, a, b, w, g, h, l);
        }
    }
    for (a = 0; a < cut; ++a) {
        if (t->grad) ranknet__add(t->grad, t->s.f32, o[a].idx, q.g[a]);
        if (t->hess) ranknet__add(t->hess, t->s.f32, o[a].idx, q.h[a]);
    }
    *abs_sum += q.abs_sum;
    return q.loss;
}

/* One query on the staged kernels: tables, the pairs, then the query's factor (the
   tables' scale, the normalisation, XGBoost's doubled hessian, LightGBM's row weights). */
static double ranknet__staged_query(const ranknet__cfg *c, void *scratch, ranknet__vec s, ranknet__vec y, size_t n,
                                    size_t first, int want_loss, void *grad, void *hess)
{
    ranknet__task t;
    ranknet__stage st;
    double factor = ranknet__stage_query(c, scratch, s, y, n, first, &t, &st), loss = 0, abs_sum = 0, scale, hf;
    ranknet__vec out;
    size_t i, a;
    int row_weights;
    if (factor == 0) return 0;
    t.want_loss = want_loss;
    t.grad = grad;
    t.hess = hess;
    t.bias = c->bias ? c : NULL; /* t.first: ranknet__stage_query's */
    t.factor = factor;
    for (a = 0; a < t.cut; ++a) RANKNET__OBSERVE_PAIRS(t.cols > a + 1 ? t.cols - a - 1 : 0);
    if (t.col0 < t.cols) { /* the scalar kernel: the position bias, and float tables that would underflow */
        int scalar = !c->simd_safe || c->bias || (s.f32 && st.wide);
        ranknet__kernel kernel = ranknet__kernel_for(scalar ? RANKNET_SIMD_SCALAR : c->path, s.f32, RANKNET__STAGED, n);
        RANKNET__OBSERVE_KERNEL(kernel);
        loss = kernel(&t, &abs_sum);
    }
    if (t.col0 > 0) loss += ranknet__err_triangle(&t, &st, &abs_sum);
    loss *= factor;
    scale = ranknet__query_scale(c, abs_sum * factor, n, &loss) * factor;
    row_weights = c->preset == RANKNET_PRESET_LIGHTGBM && c->item_weights;
    hf = c->preset == RANKNET_PRESET_XGBOOST ? 2.0 : 1.0; /* XGBoost doubles the hessian */
    out.f32 = s.f32;
    for (i = 0; (scale != 1.0 || hf != 1.0 || row_weights) && i < n; ++i) {
        double f = row_weights ? scale * c->item_weights[first + i] : scale;
        if ((out.p = grad) != NULL) ranknet__set(grad, s.f32, i, ranknet__get(out, i) * f);
        if ((out.p = hess) != NULL) ranknet__set(hess, s.f32, i, ranknet__get(out, i) * f * hf);
    }
    return loss;
}

/* One query of a batch; scratch has room for n items when c->ndcg. The query's outputs
   are zeroed here, by the thread that then fills them: they stay in its cache. */
static double ranknet__kernel_query(const ranknet__cfg *c, void *scratch, ranknet__vec s, ranknet__vec y, size_t n,
                                    int want_loss, void *grad, void *hess)
{
    ranknet__task t;
    ranknet__kernel kernel;
    double loss, abs_lambdas, scale;
    t.s = s;
    t.y = y;
    t.n = n;
    t.order = NULL;
    t.cut = n;
    t.col0 = 0;
    t.cols = n;
    t.sigma = c->sigma;
    t.st = NULL;
    t.bias = NULL;
    t.first = 0;
    t.factor = 1.0;
    t.skip_ties = c->skip_ties;
    t.want_loss = want_loss;
    t.grad = grad;
    t.hess = hess;
    if (c->ndcg) {
        ranknet__ndcg w;
        ranknet__scratch sc = ranknet__carve(scratch, n);
        if (!ranknet__lambdarank_setup(&w, &sc, c->k, c->linear_gain, s, y, n)) return 0;
        t.order = sc.order;
        t.cut = w.cut;
    }
    /* the vector kernels take scores and sigma in their range (c->simd_safe), the scalar
       one everything */
    kernel = ranknet__kernel_for(c->simd_safe ? c->path : RANKNET_SIMD_SCALAR, s.f32,
                                 c->ndcg ? RANKNET__NDCG : RANKNET__PLAIN, n);
    RANKNET__OBSERVE_KERNEL(kernel);
    loss = kernel(&t, &abs_lambdas);
    scale = ranknet__query_scale(c, abs_lambdas, n, &loss); /* LOG2 comes with NDCG here: the options see to it */
    if (scale != 1.0) {
        ranknet__scale(grad, s.f32, n, scale);
        ranknet__scale(hess, s.f32, n, scale);
    }
    return loss;
}

/* One query of a batch: rows [first, first + n), the qid-th query. Its outputs are zeroed
   here, by the thread that then fills them: they stay in its cache. A query weight
   multiplies its loss, lambdas and hessians (XGBoost's times the batch's n_queries / sum
   of weights, as XGBoost). */
/* --- listwise losses ------------------------------------------------------------------------ */

/* XE-NDCG's gamma in [0, 1): the presets' counter-based mixer on (seed, round, query,
   item), the same on every platform and for any thread count */
static ranknet__u64 ranknet__gamma_base(ranknet__u64 seed, size_t round, size_t qid)
{
    return ranknet__mix(ranknet__mix(ranknet__mix(seed) ^ round) ^ qid);
}
static double ranknet__gamma(ranknet__u64 base, size_t item)
{
    return (double)(ranknet__mix(base ^ item) >> 11) * (1.0 / 9007199254740992.0);
}

/* LightGBM's Random (x = 214013 x + 2531011 mod 2^32) seeded objective_seed + query and
   advanced by `skip` draws, by squaring the affine step */
static unsigned ranknet__lcg_skip(unsigned x, unsigned long long skip)
{
    unsigned a = 214013u, c = 2531011u, A = 1u, C = 0u;
    while (skip) {
        if (skip & 1) {
            A *= a;
            C = C * a + c;
        }
        c = c * a + c;
        a *= a;
        skip >>= 1;
    }
    return A * x + C;
}

/* The unnormalised targets of a softmax-family loss into p (scaled by a power of two or
   e^-ymax where that keeps them finite); returns their sum, 0 when the query has none (no
   positive label under SUM or EXP2) */
static double ranknet__targets(const ranknet__cfg *c, ranknet__vec y, size_t n, size_t first, size_t qid, double *p)
{
    double ymax = -DBL_MAX, sum = 0;
    size_t i;
    if (c->listwise == RANKNET_LISTWISE_XENDCG && c->preset == RANKNET_PRESET_LIGHTGBM) {
        /* Phi = 2^(int) y - NextFloat(), query qid's generator after `iteration` rounds */
        unsigned x = ranknet__lcg_skip((unsigned)c->seed + (unsigned)qid, (unsigned long long)c->iteration * n);
        for (i = 0; i < n; ++i) {
            x = 214013u * x + 2531011u;
            p[i] = exp2((double)(int)ranknet__get(y, i)) - (double)((float)((x >> 16) & 0x7FFF) / 32768.0f);
            sum += p[i];
        }
        return sum;
    }
    for (i = 0; i < n; ++i) ymax = ranknet__get(y, i) > ymax ? ranknet__get(y, i) : ymax;
    if (c->listwise == RANKNET_LISTWISE_XENDCG) { /* 2^y - gamma */
        ranknet__u64 base = ranknet__gamma_base(c->seed, c->iteration, qid);
        double low = exp2(-ymax);
        for (i = 0; i < n; ++i) p[i] = exp2(ranknet__get(y, i) - ymax) - ranknet__gamma(base, i) * low;
    } else if (c->label_transform == RANKNET_LABELS_SOFTMAX) {
        for (i = 0; i < n; ++i) p[i] = exp(ranknet__get(y, i) - ymax);
    } else if (c->label_transform == RANKNET_LABELS_EXP2) {
        double low = exp2(-ymax);
        for (i = 0; i < n; ++i) p[i] = exp2(ranknet__get(y, i) - ymax) - low;
    } else {
        double inv = ymax > 0 ? 1.0 / ymax : 0;
        for (i = 0; i < n; ++i) p[i] = ranknet__get(y, i) * inv;
    }
    if (c->item_weights) /* Rax: weights scale the labels */
        for (i = 0; i < n; ++i) p[i] *= c->item_weights[first + i];
    for (i = 0; i < n; ++i) sum += p[i];
    return sum;
}

/* LightGBM's rank_xendcg lambdas (its approximation of the gradient, in its float sums),
   hessians rho (1 - rho); targets from phi (unnormalised in p, as LightGBM divides) */
static void ranknet__xendcg_lightgbm(const double *rho, const double *phi, size_t n, double *l1, double *out_g,
                                     double *out_h)
{
    double sum = 0, inv, sum_l1 = 0, sum_l2 = 0;
    size_t i;
    for (i = 0; i < n; ++i) sum += phi[i];
    inv = 1.0 / (sum > 1e-15 ? sum : 1e-15);
    for (i = 0; i < n; ++i) {
        double term = -phi[i] * inv + rho[i];
        out_g[i] = (double)(float)term;
        l1[i] = term / (1.0 - rho[i]);
        sum_l1 += l1[i];
    }
    for (i = 0; i < n; ++i) {
        double term = rho[i] * (sum_l1 - l1[i]);
        out_g[i] = (double)((float)out_g[i] + (float)term);
        l1[i] = term / (1.0 - rho[i]);
        sum_l2 += l1[i];
    }
    for (i = 0; i < n; ++i) {
        out_g[i] = (double)((float)out_g[i] + (float)(rho[i] * (sum_l2 - l1[i])));
        out_h[i] = (double)(float)(rho[i] * (1.0 - rho[i]));
    }
}

/* Softmax of sigma s: rho and 1 - rho (the largest item's from the others' sum, so that it
   keeps its precision near 1), and dz[i] = sigma (s_max - s_i) >= 0; returns log of the
   shifted sum, log(sum exp(-dz)) >= 0 */
static double ranknet__softmax(double sigma, ranknet__vec s, size_t n, double *rho, double *rest, double *dz)
{
    size_t i, top = 0;
    double others, sum, smax, smin, inv;
    for (i = 0; i < n; ++i) dz[i] = ranknet__get(s, i);
    smax = smin = dz[0];
    for (i = 1; i < n; ++i) {
        if (dz[i] > smax) {
            smax = dz[i];
            top = i;
        }
        smin = dz[i] < smin ? dz[i] : smin;
    }
    if (0.5 * smax - 0.5 * smin <= 1e300 / (sigma > 1 ? sigma : 1)) /* differences stay finite */
        for (i = 0; i < n; ++i) dz[i] = sigma * (smax - dz[i]);
    else
        for (i = 0; i < n; ++i) dz[i] = ranknet__scaled_diff(sigma, smax, dz[i]);
    others = 0;
    for (i = 0; i < n; ++i) others += (rho[i] = exp(-dz[i]));
    others -= 1.0;      /* the top's exp(0) = 1, apart: added back exactly below */
    if (others < 0.5) { /* small: summed again without the top, to keep its digits */
        rho[top] = 0;
        others = 0;
        for (i = 0; i < n; ++i) others += rho[i];
        rho[top] = 1.0;
    }
    sum = 1.0 + others;
    inv = 1.0 / sum;
    for (i = 0; i < n; ++i) {
        rest[i] = (sum - rho[i]) * inv;
        rho[i] *= inv;
    }
    rest[top] = others * inv;
    return log1p(others);
}

/* Softmax cross-entropy, poly1 and XE-NDCG of one query: targets p, rho = softmax(sigma s),
       L = -sum p_i log rho_i + eps (1 - sum p_i rho_i)          (eps: POLY1 only)
       dL/ds_i = sigma (rho_i - p_i - eps rho_i (p_i - p_t)),  p_t = sum p_j rho_j
       d2L/ds_i2 = sigma^2 (rho_i (1 - rho_i) - eps rho_i (p_i - p_t) (1 - 2 rho_i))
   LightGBM's rank_xendcg (the preset) has its own lambdas; its loss is the exact one. */
static double ranknet__softmax_query(const ranknet__cfg *c, double *buf, ranknet__vec s, ranknet__vec y, size_t n,
                                     size_t first, size_t qid, int want_loss, void *grad, void *hess)
{
    double *p = buf, *rho = p + n, *rest = rho + n, *dz = rest + n, *g = dz + n, *h = g + n, *phi = h + n;
    double sigma = c->sigma, eps = c->listwise == RANKNET_LISTWISE_POLY1 ? c->epsilon : 0, loss = 0, pt = 0, miss = 0;
    double lse, sum = 0;
    int lightgbm = c->preset == RANKNET_PRESET_LIGHTGBM;
    size_t i;
    if (lightgbm && n < 2) return 0; /* LightGBM skips them (and draws nothing for them) */
    sum = ranknet__targets(c, y, n, first, qid, p);
    if (!(sum > 0)) return 0;
    if (lightgbm) memcpy(phi, p, n * sizeof *p);
    for (i = 0; i < n; ++i) p[i] /= sum;
    lse = ranknet__softmax(sigma, s, n, rho, rest, dz);
    if (want_loss) {
        for (i = 0; i < n; ++i)
            if (p[i] > 0) loss += p[i] * (dz[i] + lse);
    }
    if (lightgbm) {
        if (grad || hess) {
            double wmax = ranknet__get(s, 0), wsum = 0;
            for (i = 1; i < n; ++i) wmax = ranknet__get(s, i) > wmax ? ranknet__get(s, i) : wmax;
            for (i = 0; i < n; ++i) wsum += (rho[i] = exp(ranknet__get(s, i) - wmax)); /* its Softmax, its sum */
            for (i = 0; i < n; ++i) rho[i] /= wsum;
            ranknet__xendcg_lightgbm(rho, phi, n, dz, g, h); /* it divides by phi's sum itself */
            for (i = 0; i < n; ++i) {
                double w = c->item_weights ? c->item_weights[first + i] : 1.0; /* per row, in float */
                if (grad) ranknet__set(grad, s.f32, i, (double)(float)(g[i] * w));
                if (hess) ranknet__set(hess, s.f32, i, (double)(float)(h[i] * w));
            }
        }
        return loss;
    }
    for (i = 0; i < n; ++i) {
        pt += p[i] * rho[i];
        miss += p[i] * rest[i];
    }
    loss += eps * miss;
    for (i = 0; i < n; ++i) {
        double tilt = eps * rho[i] * (p[i] - pt);
        /* rho - p, or for a share near 1 -(1 - rho) + (1 - p): the top's digits kept */
        double gap = rho[i] > 0.5 ? (1.0 - p[i]) - rest[i] : rho[i] - p[i];
        if (grad) ranknet__set(grad, s.f32, i, sigma * (gap - tilt));
        if (hess) ranknet__set(hess, s.f32, i, sigma * sigma * (rho[i] * rest[i] - tilt * (rest[i] - rho[i])));
    }
    return loss;
}

/* ListMLE: the order pi by label (descending, equal labels by lower index), z = sigma s,
       L = sum_r (LSE_r - z_pi(r)),  LSE_r = log sum_{t >= r} exp z_pi(t)
       dL/ds_u = sigma (sum_{r <= u} P_r(u) - 1),  P_r(u) = exp(z_u - LSE_r)
       d2L/ds_u2 = sigma^2 sum_{r <= u} P_r(u) (1 - P_r(u))
   The suffix sums keep the index of their largest score (differences only: no overflow);
   sum_r P_r(u) = B_u exp(z_u - LSE_u), B_u = B_{u-1} exp(LSE_u - LSE_{u-1}) + 1, each
   term at most 1 (LSE falls with r); the squares likewise with C. O(n log n). */
static double ranknet__listmle_query(const ranknet__cfg *c, void *scratch, ranknet__vec s, ranknet__vec y, size_t n,
                                     int want_loss, void *grad, void *hess)
{
    ranknet__rank *ord = (ranknet__rank *)scratch, *tmp = ord + n;
    double *logt = (double *)(void *)(tmp + n), sigma = c->sigma, loss = 0, B = 0, C = 0, t = 0;
    size_t *top = (size_t *)(void *)(logt + n), r, m = 0;
    {
        size_t grades[32] = {0}, at[32];
        double ymax;
        if (ranknet__grades(y, n, grades, &ymax)) { /* the usual grades: a counting sort, stable */
            int gr;
            for (gr = 31, m = 0; gr >= 0; --gr) {
                at[gr] = m;
                m += grades[gr];
            }
            for (r = 0; r < n; ++r) {
                size_t to = at[(int)ranknet__get(y, r)]++;
                ord[to].key = ranknet__get(y, r);
                ord[to].idx = r;
            }
        } else {
            for (r = 0; r < n; ++r) {
                ord[r].key = ranknet__get(y, r);
                ord[r].idx = r;
            }
            ranknet__top(ord, tmp, n, n, ranknet__depth(n));
        }
        m = 0;
    }
    for (r = n; r-- > 0;) { /* suffix r: its largest score's item top[r], sum t of exp(z - z_top) */
        size_t it = ord[r].idx;
        if (r == n - 1 || ranknet__get(s, it) > ranknet__get(s, m)) {
            t = r == n - 1 ? 1.0 : t * exp(-ranknet__scaled_diff(sigma, ranknet__get(s, it), ranknet__get(s, m))) + 1.0;
            m = it;
        } else {
            t += exp(-ranknet__scaled_diff(sigma, ranknet__get(s, m), ranknet__get(s, it)));
        }
        top[r] = m;
        logt[r] = log(t);
        if (want_loss) loss += ranknet__scaled_diff(sigma, ranknet__get(s, m), ranknet__get(s, it)) + logt[r];
    }
    for (r = 0; r < n && (grad || hess); ++r) {
        size_t it = ord[r].idx;
        /* LSE_r - LSE_{r-1} <= 0 and z_u - LSE_u <= 0, by differences of scores */
        double step = r ? -ranknet__scaled_diff(sigma, ranknet__get(s, top[r - 1]), ranknet__get(s, top[r])) + logt[r] -
                              logt[r - 1]
                        : 0;
        double P = exp(-ranknet__scaled_diff(sigma, ranknet__get(s, top[r]), ranknet__get(s, it)) - logt[r]);
        B = r ? B * exp(step) + 1.0 : 1.0;
        C = r ? C * exp(2.0 * step) + 1.0 : 1.0;
        if (grad) ranknet__set(grad, s.f32, it, sigma * (B * P - 1.0));
        if (hess) ranknet__set(hess, s.f32, it, sigma * sigma * (B * P - C * P * P));
    }
    return loss;
}

/* ApproxNDCG: smooth ranks r_i = 1 + sum_{j != i} sigmoid(a (s_j - s_i)), a = alpha sigma,
       L = -sum_i G_i / log2(1 + r_i),  G_i = gain_i / IDCG
   With c_i = dL/dr_i, e_i = dc_i/dr_i and q_ij = sigmoid' (symmetric):
       dL/ds_i = a sum_j (c_j - c_i) q_ij
       d2L/ds_i2 = a^2 (sum_j e_j q_ij^2 + e_i Q_i^2 - sum_j (c_j - c_i) q_ij (1 - 2 sigmoid_ij)),
   Q_i = sum_j q_ij. Two passes over the unordered pairs, O(n^2), nothing n x n stored. */
static double ranknet__approx_ndcg_query(const ranknet__cfg *c, void *scratch, ranknet__vec s, ranknet__vec y, size_t n,
                                         void *grad, void *hess)
{
    ranknet__rank *ideal = (ranknet__rank *)scratch, *tmp = ideal + n;
    double *G = (double *)(void *)(tmp + n), *lab = G + n, *R = lab + n, *Q = R + n, *cc = Q + n, *e = cc + n,
           *dg = e + n, *h1 = dg + n, *h3 = h1 + n;
    double a = c->alpha * c->sigma, ln2 = 0.69314718055994530942, idcg, ymax = 0, loss = 0, a_unit;
    ranknet__approx_kernel kernel;
    ranknet__approx_task task;
    size_t i, j;
    for (i = 0; i < n; ++i) {
        lab[i] = ranknet__get(y, i);
        ymax = lab[i] > ymax ? lab[i] : ymax;
    }
    idcg = ranknet__library_gains(c, y, lab, n, n, ymax, G, ideal, tmp, &a_unit);
    if (idcg == 0) return 0; /* nothing relevant: NDCG is 0 whatever the order */
    for (i = 0; i < n; ++i) {
        G[i] /= idcg;
        R[i] = 1.0;
        Q[i] = dg[i] = h1[i] = h3[i] = 0;
    }
    {
        /* the vector passes where the path has them and a (s_j - s_i) stays finite in the
           kernel's precision */
        double lo = DBL_MAX, hi = -DBL_MAX;
        ranknet__finite(s, n, &lo, &hi);
        kernel = ranknet__approx_for(c->path, s.f32);
        if (!(0.5 * (hi - lo) * a <= (s.f32 ? 1e30 : 1e300)) || a * 1.4426950408889634 > (s.f32 ? 1e30 : 1e300))
            kernel = 0;
    }
    if (kernel) {
        size_t stride = n + RANKNET__APAD, esz = s.f32 ? sizeof(float) : sizeof(double);
        char *sT = (char *)(h3 + n), *cT = sT + stride * esz, *eT = cT + stride * esz, *cols = eT + stride * esz;
        memset(sT, 0, 3 * stride * esz);
        memcpy(sT, s.p, n * esz);
        task.s = sT;
        task.c = cT;
        task.e = eT;
        task.n = n;
        task.a = a * 1.4426950408889634;
        task.cols = cols;
        task.pass = 1;
        task.out[0] = R;
        task.out[1] = Q;
        task.out[2] = NULL;
        kernel(&task);
    } else {
        for (i = 0; i < n; ++i)
            for (j = i + 1; j < n; ++j) {
                double p, q;
                ranknet__sigmoids(ranknet__scaled_diff(a, ranknet__get(s, j), ranknet__get(s, i)), &p, &q);
                R[i] += p;
                R[j] += q;
                Q[i] += p * q;
                Q[j] += p * q;
            }
    }
    for (i = 0; i < n; ++i) {
        double L = log2(1.0 + R[i]);
        loss -= G[i] / L;
        cc[i] = G[i] / (ln2 * (1.0 + R[i]) * L * L);
        e[i] = -G[i] * (L + 2.0 / ln2) / (ln2 * (1.0 + R[i]) * (1.0 + R[i]) * L * L * L);
    }
    if (!grad && !hess) return loss;
    if (kernel) {
        for (i = 0; i < n; ++i) {
            if (s.f32) {
                ((float *)(void *)task.c)[i] = (float)cc[i];
                ((float *)(void *)task.e)[i] = (float)e[i];
            } else {
                ((double *)(void *)task.c)[i] = cc[i];
                ((double *)(void *)task.e)[i] = e[i];
            }
        }
        task.pass = 2;
        task.out[0] = dg;
        task.out[1] = h1;
        task.out[2] = h3;
        kernel(&task);
    }
    for (i = 0; i < n && !kernel; ++i)
        for (j = i + 1; j < n; ++j) {
            double p, q, pq, d;
            ranknet__sigmoids(ranknet__scaled_diff(a, ranknet__get(s, j), ranknet__get(s, i)), &p, &q);
            pq = p * q;
            d = (cc[j] - cc[i]) * pq;
            dg[i] += d;
            dg[j] -= d;
            h1[i] += e[j] * pq * pq;
            h1[j] += e[i] * pq * pq;
            h3[i] += d * (q - p);
            h3[j] += d * (q - p);
        }
    for (i = 0; i < n; ++i) {
        if (grad) ranknet__set(grad, s.f32, i, a * dg[i]);
        if (hess) ranknet__set(hess, s.f32, i, a * a * (h1[i] + e[i] * Q[i] * Q[i] - h3[i]));
    }
    return loss;
}

/* The scratch of one listwise query of n items: 2n ranks and 9n doubles (ApproxNDCG) */
#define RANKNET__LISTWISE_BYTES(n) \
    ((n) * (2 * sizeof(ranknet__rank) + 9 * sizeof(double)) + 6 * ((n) + RANKNET__APAD) * sizeof(double))

static double ranknet__listwise_query(const ranknet__cfg *c, void *scratch, ranknet__vec s, ranknet__vec y, size_t n,
                                      size_t first, size_t qid, int want_loss, void *grad, void *hess)
{
    if (n == 0) return 0;
    switch (c->listwise) {
    case RANKNET_LISTWISE_LISTMLE: return ranknet__listmle_query(c, scratch, s, y, n, want_loss, grad, hess);
    case RANKNET_LISTWISE_APPROX_NDCG: return ranknet__approx_ndcg_query(c, scratch, s, y, n, grad, hess);
    default: return ranknet__softmax_query(c, (double *)scratch, s, y, n, first, qid, want_loss, grad, hess);
    }
}

/* LambdaLoss's NDCG-Loss1 (allRank's ndcgLoss1_scheme): every ordered pair (i, j) of the
   top k by score, i = j included, weighs a_i = G_i / (IDCG@k log2(2 + rank_i)), held constant:
       L = sum_{i, j} a_i softplus(-sigma (s_i - s_j))
   (the n diagonal terms are the constant a_i log 2). Scalar; O(k^2). */
static double ranknet__ndcg_loss1_query(const ranknet__cfg *c, void *scratch, ranknet__vec s, ranknet__vec y, size_t n,
                                        int want_loss, void *grad, void *hess)
{
    ranknet__scratch sc = ranknet__carve(scratch, n);
    double *gain = (double *)(void *)((char *)scratch + ranknet__scratch_bytes(n)), *lab = gain + n, *A = lab + n;
    double ymax = 0, unit, idcg;
    size_t cut = c->k == 0 || c->k > n ? n : c->k, a, b;
    ranknet__sums q = ranknet__sums_at(A + n, n, cut, c->sigma);
    for (a = 0; a < n; ++a) {
        lab[a] = ranknet__get(y, a);
        ymax = lab[a] > ymax ? lab[a] : ymax;
    }
    idcg = ranknet__library_gains(c, y, lab, n, cut, ymax, gain, (ranknet__rank *)(void *)sc.keys, sc.tmp, &unit);
    if (idcg == 0) return 0;
    ranknet__rank_top(&sc, s, n, cut, ranknet__depth(n));
    for (a = 0; a < cut; ++a) {
        A[a] = gain[sc.order[a].idx] / idcg / log2(2.0 + (double)a);
        q.loss += want_loss ? A[a] * 0.69314718055994530942 : 0;
    }
    for (a = 0; a < cut; ++a)
        for (b = a + 1; b < cut; ++b) {
            /* A_a softplus(-d) + A_b softplus(d) is the pair loss weighted w = A_a + A_b with the
               target t = A_a / w */
            double w = A[a] + A[b], g, h, l;
            if (w == 0) continue;
            l = ranknet__pair(ranknet__scaled_diff(q.sigma, sc.order[a].key, sc.order[b].key), A[a] / w, &g, &h,
                              want_loss);
            ranknet__sum_pair(&q, a, b, w, g, h, l);
        }
    for (a = 0; a < cut; ++a) {
        if (grad) ranknet__set(grad, s.f32, sc.order[a].idx, q.g[a]);
        if (hess) ranknet__set(hess, s.f32, sc.order[a].idx, q.h[a]);
    }
    return q.loss;
}

static double ranknet__one_query(const ranknet__cfg *c, void *scratch, ranknet__vec s, ranknet__vec y, size_t n,
                                 size_t first, size_t qid, int want_loss, void *grad, void *hess)
{
    double loss, qw = c->query_weights ? c->query_weights[qid] * c->query_norm : 1.0;
    ranknet__zero(grad, s.f32, n);
    ranknet__zero(hess, s.f32, n);
    if (c->bias) {
        ranknet__zero(c->cost_plus + first, 0, n);
        ranknet__zero(c->cost_minus + first, 0, n);
    }
    if (qw == 0 || (n < 2 && !c->listwise)) return 0;
    /* sampled pairs, the presets' position bias, LightGBM's table: one pair at a time; the
       other weightings' position bias on the staged tables' scalar kernel */
    if (c->listwise) loss = ranknet__listwise_query(c, scratch, s, y, n, first, qid, want_loss, grad, hess);
    else if (c->weighting == RANKNET_WEIGHT_LAMBDALOSS && c->scheme == RANKNET_LAMBDALOSS_NDCG1)
        loss = ranknet__ndcg_loss1_query(c, scratch, s, y, n, want_loss, grad, hess);
    else if (c->lightgbm_table) loss = ranknet__lightgbm_query(c, scratch, s, y, n, first, want_loss, grad, hess);
    else if (c->preset != RANKNET_PRESET_NONE && (c->sample_pairs || c->bias))
        loss = ranknet__engine_query(c, scratch, s, y, n, first, qid, want_loss, grad, hess);
    else if (c->general || c->preset != RANKNET_PRESET_NONE)
        loss = ranknet__staged_query(c, scratch, s, y, n, first, want_loss, grad, hess);
    else loss = ranknet__kernel_query(c, scratch, s, y, n, want_loss, grad, hess);
    if (c->bias) { /* a cost is the pair's term of the loss: the query's loss factor too */
        double f = qw * (c->normalize == RANKNET_NORM_ITEMS ? 1.0 / (double)(n - 1) : 1.0);
        ranknet__scale(c->cost_plus + first, 0, n, f);
        ranknet__scale(c->cost_minus + first, 0, n, f);
    }
    if (qw != 1.0) {
        ranknet__scale(grad, s.f32, n, qw);
        ranknet__scale(hess, s.f32, n, qw);
        loss *= qw;
    }
    return loss;
}

/* --- queries and batches -------------------------------------------------------------------- */

static void *ranknet__offset(void *out, int f32, size_t i)
{
    return out ? (char *)out + i * (f32 ? sizeof(float) : sizeof(double)) : NULL;
}

/* Queries run in parallel under OpenMP, in chunks whose per-query losses are then summed
   in query order: the same bits for any number of threads. Within a chunk the largest
   queries are handed out first, so that no thread is left with a big one at the end. */
#define RANKNET__CHUNK 2048

#ifdef _OPENMP
typedef struct ranknet__job {
    size_t pairs, q;
} ranknet__job;

static int ranknet__bigger_first(const void *pa, const void *pb)
{
    const ranknet__job *a = (const ranknet__job *)pa, *b = (const ranknet__job *)pb;
    if (a->pairs != b->pairs) return a->pairs > b->pairs ? -1 : 1;
    return a->q < b->q ? -1 : a->q > b->q;
}
#endif

static int ranknet__threads(void)
{
#ifdef _OPENMP
    return omp_in_parallel() ? 1 : omp_get_max_threads();
#else
    return 1;
#endif
}

/* The scratch one thread needs for queries of up to n items (0: none) */
static size_t ranknet__slice_bytes(const ranknet__cfg *c, size_t n)
{
    if (c->listwise) return RANKNET__LISTWISE_BYTES(n);
    if (n < 2) return 0;
    /* the staged tables outweigh what the scalar loops use: the engine's ranking, its pair sums
       by rank and label order (6n doubles) */
    return c->general || c->preset != RANKNET_PRESET_NONE || c->bias
               ? ranknet__staged_bytes(n) + (c->weighting == RANKNET_WEIGHT_DELTA_ERR ? RANKNET__TILE_BYTES : 0)
           : c->ndcg ? ranknet__scratch_bytes(n)
                     : 0;
}

/* The bytes of a batch's scratch, slices of ranknet__slice_bytes(c, maxn) and the discount
   table, in *bytes; 0 when they pass limit (SIZE_MAX; the suite also asks for a 32-bit
   limit). A slice is a n + b bytes for n >= 2, so the check is exact for every config. */
static int ranknet__scratch_fits(const ranknet__cfg *c, size_t maxn, size_t slices, size_t limit, size_t *bytes)
{
    size_t a = ranknet__slice_bytes(c, 3) - ranknet__slice_bytes(c, 2), b = ranknet__slice_bytes(c, 2) - 2 * a, per;
    *bytes = 0;
    if (maxn == 0 || (maxn < 2 && !c->listwise) || ranknet__slice_bytes(c, 2) == 0) return 1; /* nothing to allocate */
    if (b > limit || maxn > (limit - b) / a || maxn > limit / sizeof(double)) return 0;
    per = a * maxn + b;
    if (slices > (limit - sizeof(double) * maxn) / per) return 0;
    *bytes = slices * per + sizeof(double) * maxn;
    return 1;
}

/* scratch: ranknet__threads() slices of ranknet__slice_bytes(c, maxn), or NULL */
static double ranknet__run(const ranknet__cfg *c, char *scratch, size_t maxn, ranknet__vec s, ranknet__vec y,
                           const size_t *off, size_t nq, int want_loss, void *grad, void *hess)
{
    double total = 0;
    size_t q;
#ifdef _OPENMP
    if (nq > 1 && ranknet__threads() > 1) {
        double part[RANKNET__CHUNK];
        ranknet__job jobs[RANKNET__CHUNK];
        size_t q0, k;
        for (q0 = 0; q0 < nq; q0 += RANKNET__CHUNK) {
            long cnt = (long)(nq - q0 < RANKNET__CHUNK ? nq - q0 : RANKNET__CHUNK), j;
            for (j = 0; j < cnt; ++j) {
                size_t len = off[q0 + (size_t)j + 1] - off[q0 + (size_t)j];
                jobs[j].pairs = len * (len ? len - 1 : 0);
                jobs[j].q = (size_t)j;
            }
            qsort(jobs, (size_t)cnt, sizeof *jobs, ranknet__bigger_first);
#pragma omp parallel for schedule(dynamic, 1)
            for (j = 0; j < cnt; ++j) {
                size_t qq = q0 + jobs[j].q;
                char *mine = scratch ? scratch + (size_t)omp_get_thread_num() * ranknet__slice_bytes(c, maxn) : NULL;
                part[jobs[j].q] = ranknet__one_query(
                    c, mine, ranknet__at(s, off[qq]), ranknet__at(y, off[qq]), off[qq + 1] - off[qq], off[qq], qq,
                    want_loss, ranknet__offset(grad, s.f32, off[qq]), ranknet__offset(hess, s.f32, off[qq]));
            }
            for (k = 0; k < (size_t)cnt; ++k) total += part[k];
        }
        return total;
    }
#endif
    (void)maxn;
    for (q = 0; q < nq; ++q)
        total += ranknet__one_query(c, scratch, ranknet__at(s, off[q]), ranknet__at(y, off[q]), off[q + 1] - off[q],
                                    off[q], q, want_loss, ranknet__offset(grad, s.f32, off[q]),
                                    ranknet__offset(hess, s.f32, off[q]));
    return total;
}

/* Batch offsets: present, from 0, nondecreasing; *maxn the largest query */
static ranknet_status ranknet__offsets(const ranknet__cfg *c, const size_t *off, size_t nq, size_t *maxn)
{
    size_t q;
    *maxn = 0;
    if (nq > 0 && !off)
        return ranknet__fail(c, RANKNET_ERR_NULL, "offsets is NULL with %lu queries", (unsigned long)nq);
    if (nq > 0 && off[0] != 0)
        return ranknet__fail(c, RANKNET_ERR_OFFSETS, "offsets[0] is %lu, not 0", (unsigned long)off[0]);
    for (q = 0; q < nq; ++q) {
        if (off[q + 1] < off[q])
            return ranknet__fail(c, RANKNET_ERR_OFFSETS, "offsets decrease: offsets[%lu] = %lu after %lu",
                                 (unsigned long)(q + 1), (unsigned long)off[q + 1], (unsigned long)off[q]);
        if (off[q + 1] - off[q] > *maxn) *maxn = off[q + 1] - off[q];
    }
    return RANKNET_OK;
}

/* ratio: Unbiased LambdaMART's factors, with positions and cost_rows (2 a row), or NULL */
static ranknet_status ranknet__batch(const ranknet_options *opt, ranknet__vec s, ranknet__vec y, const size_t *off,
                                     size_t nq, double *loss, void *grad, void *hess, const ranknet_bias *ratio,
                                     const long long *positions, double *cost_rows)
{
    ranknet__cfg c;
    ranknet_status st = ranknet__config(opt, &c);
    char *scratch = NULL;
    size_t q, maxn = 0;
    double out_max = s.f32 ? FLT_MAX : DBL_MAX, loss_bound = 0, span = 0, total, weight_max, label_span = 0;
    double label_top = 0;
    if (st != RANKNET_OK) return st;
    /* the largest pair weight, times the pairs an item can be in over n - 1: the score-gap
       division (by 0.01 at least) and sampled pairs (m of an item's own, m n at most) */
    weight_max = (c.score_norm ? 101.0 : 1.0) * (c.sample_pairs ? 2.0 * (double)c.sample_pairs : 1.0);
    if ((st = ranknet__offsets(&c, off, nq, &maxn)) != RANKNET_OK) return st;
    if (nq > 0 && off[nq] > 0 && (!s.p || !y.p))
        return ranknet__fail(&c, RANKNET_ERR_NULL, "%s is NULL with %lu rows", !s.p ? "scores" : "labels",
                             (unsigned long)off[nq]);
    if (ratio) { /* the pairs on the scalar loops; weights up to 1 / (min t+ min t-) */
        double inv_plus = 1, inv_minus = 1;
        size_t r;
        if (c.lightgbm_table) /* LightGBM has no ratio factors */
            return ranknet__fail(&c, RANKNET_ERR_OPTION, "sigmoid_table with a RATIO position bias: LightGBM has none");
        if (c.listwise || (c.weighting == RANKNET_WEIGHT_LAMBDALOSS && c.scheme == RANKNET_LAMBDALOSS_NDCG1))
            return ranknet__fail(&c, RANKNET_ERR_OPTION,
                                 "a RATIO position bias debiases pairs of unequal labels: "
                                 "%s has other terms",
                                 c.listwise ? "a listwise loss" : "NDCG-Loss1");
        for (r = 0; r < ratio->positions; ++r) {
            if (1.0 / ratio->t_plus[r] > inv_plus) inv_plus = 1.0 / ratio->t_plus[r];
            if (1.0 / ratio->t_minus[r] > inv_minus) inv_minus = 1.0 / ratio->t_minus[r];
        }
        weight_max *= inv_plus * inv_minus;
        c.bias = ratio;
        c.positions = positions;
        c.cost_plus = cost_rows;
        c.cost_minus = cost_rows + (nq > 0 ? off[nq] : 0);
        c.skip_ties = 1;
        if (c.preset == RANKNET_PRESET_NONE) c.general = 1;
    }
    { /* the weights and the gain table: finite, >= 0 */
        double lo = DBL_MAX, hi = 0, sum = 0;
        ranknet__vec v;
        v.f32 = 0;
        if ((v.p = c.label_gain) != NULL) {
            if (!ranknet__finite(v, c.label_gain_len, &lo, &hi))
                return ranknet__fail(&c, RANKNET_ERR_NONFINITE, "label_gain has NaN or infinity");
            if (lo < 0) return ranknet__fail(&c, RANKNET_ERR_RANGE, "label_gain has a negative gain (%g)", lo);
            for (q = 1; c.preset == RANKNET_PRESET_LIGHTGBM && q < c.label_gain_len; ++q)
                if (c.label_gain[q] < c.label_gain[q - 1]) /* its IDCG sorts by label */
                    return ranknet__fail(&c, RANKNET_ERR_RANGE,
                                         "label_gain falls at label %lu (%g after %g): preset "
                                         "LIGHTGBM sorts IDCG by label",
                                         (unsigned long)q, c.label_gain[q], c.label_gain[q - 1]);
        }
        lo = DBL_MAX;
        hi = 0;
        if ((v.p = c.item_weights) != NULL && nq > 0) {
            if (!ranknet__finite(v, off[nq], &lo, &hi))
                return ranknet__fail(&c, RANKNET_ERR_NONFINITE, "item_weights has NaN or infinity");
            if (lo < 0) return ranknet__fail(&c, RANKNET_ERR_RANGE, "item_weights has a negative weight (%g)", lo);
            weight_max *= hi;
        }
        lo = DBL_MAX;
        hi = 0;
        if ((v.p = c.query_weights) != NULL) {
            if (!ranknet__finite(v, nq, &lo, &hi))
                return ranknet__fail(&c, RANKNET_ERR_NONFINITE, "query_weights has NaN or infinity");
            if (lo < 0) return ranknet__fail(&c, RANKNET_ERR_RANGE, "query_weights has a negative weight (%g)", lo);
            for (q = 0; q < nq; ++q) sum += c.query_weights[q] / (double)nq; /* a mean: no overflow */
            if (c.preset == RANKNET_PRESET_XGBOOST && sum > 0) c.query_norm = 1.0 / sum;
            weight_max *= hi * c.query_norm;
        }
        if (c.weighting == RANKNET_WEIGHT_LAMBDALOSS) /* rho <= 1, delta < 1; NDCG-Loss1: a_i + a_j <= 2 */
            weight_max *= c.scheme == RANKNET_LAMBDALOSS_NDCG1   ? 2.0
                          : c.scheme == RANKNET_LAMBDALOSS_NDCG2 ? 1.0
                                                                 : 1.0 + c.mu;
    }
    for (q = 0; q < nq; ++q) {
        size_t a = off[q], n = off[q + 1] - a, i;
        double lo = DBL_MAX, hi = -DBL_MAX, lo_y = DBL_MAX, hi_y = -DBL_MAX;
        if (!ranknet__finite(ranknet__at(s, a), n, &lo, &hi) || !ranknet__finite(ranknet__at(y, a), n, &lo_y, &hi_y)) {
            int labels = ranknet__finite(ranknet__at(s, a), n, &lo, &hi);
            for (i = 0; i < n && fabs(ranknet__get(labels ? y : s, a + i)) <= DBL_MAX;) ++i; /* NaN stops it too */
            return ranknet__fail(&c, RANKNET_ERR_NONFINITE, "%s of row %lu is %g", labels ? "the label" : "the score",
                                 (unsigned long)(a + i), ranknet__get(labels ? y : s, a + i));
        }
        if ((c.weighting != RANKNET_WEIGHT_NONE || ranknet__graded(&c)) && n > 0 && lo_y < 0) {
            for (i = 0; ranknet__get(y, a + i) >= 0;) ++i;
            return ranknet__fail(&c, RANKNET_ERR_RANGE, "the label of row %lu is %g: %s labels must be >= 0",
                                 (unsigned long)(a + i), ranknet__get(y, a + i),
                                 c.listwise ? "this listwise loss's" : "a weighting's");
        }
        if (c.preset != RANKNET_PRESET_NONE && !ranknet__engine_labels(&c, ranknet__at(y, a), n))
            return ranknet__fail(&c, RANKNET_ERR_RANGE, "query %lu has a label preset %s refuses (see ENGINE PRESETS)",
                                 (unsigned long)q, c.preset == RANKNET_PRESET_LIGHTGBM ? "LIGHTGBM" : "XGBOOST");
        if (c.label_gain && c.preset == RANKNET_PRESET_NONE)
            for (i = 0; i < n; ++i) { /* the table's labels: integers inside it */
                double v = ranknet__get(y, a + i);
                if (!(v == floor(v) && v < (double)c.label_gain_len))
                    return ranknet__fail(&c, RANKNET_ERR_RANGE,
                                         "the label of row %lu is %g: not an integer of "
                                         "label_gain (0 .. %lu)",
                                         (unsigned long)(a + i), v, (unsigned long)(c.label_gain_len - 1));
            }
        if (c.weighting == RANKNET_WEIGHT_DELTA_ERR && c.max_label > 0 && n > 0 && hi_y > c.max_label)
            return ranknet__fail(&c, RANKNET_ERR_RANGE, "query %lu has label %g, above max_label %g", (unsigned long)q,
                                 hi_y, c.max_label);
        if (c.weighting == RANKNET_WEIGHT_LABEL_DIFF && n > 1 && hi_y - lo_y > label_span) label_span = hi_y - lo_y;
        if (c.weighting == RANKNET_WEIGHT_DELTA_DCG && n > 1 && hi_y > label_top) label_top = hi_y;
        /* a pair's loss is at most sigma (hi - lo) + log 2 (halves keep hi - lo finite);
           |delta NDCG| <= 1, so the bound holds for LambdaRank too */
        if (c.listwise && n > 0) { /* n terms of at most sigma (hi - lo) + log n, 1 + |eps| times */
            loss_bound += (double)n * (2.0 * c.sigma * (0.5 * hi - 0.5 * lo) + log((double)n) + 1.0) *
                          (1.0 + fabs(c.epsilon)) * weight_max;
        } else if (n > 1) {
            loss_bound +=
                0.5 * (double)n * (double)(n - 1) * (2.0 * c.sigma * (0.5 * hi - 0.5 * lo) + 1.0) * weight_max;
            if (0.5 * hi - 0.5 * lo > span) span = 0.5 * hi - 0.5 * lo;
        }
    }
    if (c.weighting == RANKNET_WEIGHT_LABEL_DIFF) { /* w = |y_i - y_j| (labels >= 0: finite) */
        weight_max *= label_span;
        loss_bound *= label_span;
    }
    if (c.weighting == RANKNET_WEIGHT_DELTA_DCG) { /* w <= the largest gain (a discount step is <= 1) */
        double gmax = 0;
        if (c.label_gain)
            for (q = 0; q < c.label_gain_len; ++q) gmax = c.label_gain[q] > gmax ? c.label_gain[q] : gmax;
        else gmax = c.linear_gain ? label_top : exp2(label_top);
        weight_max *= gmax;
        loss_bound *= gmax;
        if (!(gmax <= DBL_MAX))
            return ranknet__fail(&c, RANKNET_ERR_OVERFLOW, "DELTA_DCG's gains pass DBL_MAX (labels up to %g)",
                                 label_top);
    }
    /* The SIMD kernels take s_i - s_j and sigma (s_i - s_j) finite in their precision;
       the scalar kernel takes everything. (span is half the widest score range.) */
    c.simd_safe = s.f32 ? span <= 1e37 && c.sigma >= 1e-30 && c.sigma <= 1e30 && 2.0 * c.sigma * span <= 1e37
                        : span <= 1e300 && 2.0 * c.sigma * span <= 1e300;
    /* |grad_i| <= sigma (n - 1) weight_max, hess_i <= sigma^2 (n - 1) / 4 weight_max (twice
       that for XGBoost), and LOG2 scales them by at most 1/log 2: refuse what cannot be stored */
    if (c.listwise && maxn > 0) {
        /* |grad_i| <= a g(n), hess_i <= a^2 h(n): softmax family g = h = 1 + |eps|; ListMLE
           g = h = n; ApproxNDCG (a = alpha sigma) g = n, h = n^2 */
        double a = c.listwise == RANKNET_LISTWISE_APPROX_NDCG ? c.alpha * c.sigma : c.sigma, m = (double)maxn;
        double gn = c.listwise == RANKNET_LISTWISE_LISTMLE || c.listwise == RANKNET_LISTWISE_APPROX_NDCG
                        ? m
                        : 1.0 + fabs(c.epsilon);
        double hn = c.listwise == RANKNET_LISTWISE_APPROX_NDCG ? m * m : gn;
        if ((grad && a > out_max / gn / weight_max) || (hess && a > sqrt(out_max / hn / weight_max)))
            return ranknet__fail(
                &c, RANKNET_ERR_OVERFLOW,
                "the %s could pass the %s range: sigma %g%s, a query of %lu rows, "
                "weights up to %g",
                grad && a > out_max / gn / weight_max ? "gradients" : "hessians", s.f32 ? "float" : "double", c.sigma,
                c.listwise == RANKNET_LISTWISE_APPROX_NDCG ? " times alpha" : "", (unsigned long)maxn, weight_max);
    } else if (maxn > 1) {
        double room = out_max / (double)(maxn - 1) / weight_max * (c.normalize == RANKNET_NORM_LOG2 ? 0.69 : 1.0);
        if (grad && c.sigma > room)
            return ranknet__fail(&c, RANKNET_ERR_OVERFLOW,
                                 "the lambdas could pass the %s range: sigma %g, a query "
                                 "of %lu rows, pair weights up to %g",
                                 s.f32 ? "float" : "double", c.sigma, (unsigned long)maxn, weight_max);
        if (hess && c.sigma > 2.0 * sqrt(c.preset == RANKNET_PRESET_XGBOOST ? room / 2 : room))
            return ranknet__fail(&c, RANKNET_ERR_OVERFLOW,
                                 "the hessians could pass the %s range: sigma %g, a query "
                                 "of %lu rows, pair weights up to %g",
                                 s.f32 ? "float" : "double", c.sigma, (unsigned long)maxn, weight_max);
    }
    if (ranknet__slice_bytes(&c, maxn) > 0) {
        size_t slices = (size_t)ranknet__threads(), bytes;
        if (!ranknet__scratch_fits(&c, maxn, slices, (size_t)-1, &bytes))
            return ranknet__fail(&c, RANKNET_ERR_NOMEM, "the scratch of a query of %lu rows passes SIZE_MAX",
                                 (unsigned long)maxn);
        scratch = (char *)RANKNET_MALLOC(bytes);
        if (!scratch)
            return ranknet__fail(&c, RANKNET_ERR_NOMEM, "no memory for %lu bytes of scratch", (unsigned long)bytes);
        if (c.preset != RANKNET_PRESET_NONE || c.weighting == RANKNET_WEIGHT_LAMBDALOSS) {
            /* the discounts not truncated (the engines', LambdaLoss's rho), shared by the threads */
            double *disc = (double *)(void *)(scratch + slices * ranknet__slice_bytes(&c, maxn));
            for (q = 0; q < maxn; ++q) disc[q] = ranknet__discount(q, (size_t)-1);
            c.disc = disc;
            c.disc_len = maxn;
        }
    }
    if (loss && !(loss_bound <= DBL_MAX / 2)) {
        /* Only for absurd score ranges: the exact loss first, and write only if it is finite. */
        total = ranknet__run(&c, scratch, maxn, s, y, off, nq, 1, NULL, NULL);
        if (!(total <= DBL_MAX)) {
            if (scratch) RANKNET_FREE(scratch);
            return ranknet__fail(&c, RANKNET_ERR_OVERFLOW, "the loss passes DBL_MAX (scores %g apart)", 2 * span);
        }
        ranknet__run(&c, scratch, maxn, s, y, off, nq, 0, grad, hess);
    } else {
        total = ranknet__run(&c, scratch, maxn, s, y, off, nq, loss != NULL, grad, hess);
    }
    if (scratch) RANKNET_FREE(scratch);
    if (loss) *loss = total;
    return RANKNET_OK;
}

static ranknet_status ranknet__query(const ranknet_options *opt, ranknet__vec s, ranknet__vec y, size_t n, double *loss,
                                     void *grad, void *hess)
{
    size_t off[2];
    off[0] = 0;
    off[1] = n;
    return ranknet__batch(opt, s, y, off, 1, loss, grad, hess, NULL, NULL, NULL);
}

/* The first row whose value is NaN or infinite (or negative, with negative set); n if none */
static size_t ranknet__bad_row(ranknet__vec v, size_t n, int negative)
{
    size_t i;
    for (i = 0; i < n; ++i) {
        double x = ranknet__get(v, i);
        if (!(fabs(x) <= DBL_MAX) || (negative && x < 0)) break;
    }
    return i;
}

/* One query's metric of the ranking by score (only the top k put in order) */
static ranknet_status ranknet__metric_of(const ranknet_options *opt, ranknet_metric_kind kind, ranknet__vec s,
                                         ranknet__vec y, size_t n, size_t k, double *value)
{
    double lo = DBL_MAX, hi = -DBL_MAX, lo_y = DBL_MAX, hi_y = -DBL_MAX, v = 0;
    void *scratch;
    ranknet__scratch sc;
    ranknet__cfg why = ranknet__why(opt ? opt->reason : NULL, opt ? opt->reason_size : 0);
    size_t r, cut = k == 0 || k > n ? n : k;
    if ((unsigned)kind >= (unsigned)RANKNET_METRIC_COUNT)
        return ranknet__fail(&why, RANKNET_ERR_OPTION, "metric kind %d is no ranknet_metric_kind", (int)kind);
    if (n > 0 && (!s.p || !y.p))
        return ranknet__fail(&why, RANKNET_ERR_NULL, "%s is NULL with %lu rows", !s.p ? "scores" : "labels",
                             (unsigned long)n);
    if (!ranknet__finite(s, n, &lo, &hi) || !ranknet__finite(y, n, &lo_y, &hi_y)) {
        int labels = ranknet__bad_row(s, n, 0) == n;
        r = ranknet__bad_row(labels ? y : s, n, 0);
        return ranknet__fail(&why, RANKNET_ERR_NONFINITE, "%s of row %lu is %g", labels ? "the label" : "the score",
                             (unsigned long)r, ranknet__get(labels ? y : s, r));
    }
    if (n > 0 && lo_y < 0) {
        r = ranknet__bad_row(y, n, 1);
        return ranknet__fail(&why, RANKNET_ERR_RANGE, "the label of row %lu is %g: a metric's labels must be >= 0",
                             (unsigned long)r, ranknet__get(y, r));
    }
    if (opt && (unsigned)opt->no_relevant >= (unsigned)RANKNET_NO_RELEVANT_COUNT)
        return ranknet__fail(&why, RANKNET_ERR_OPTION, "no_relevant %d is no ranknet_no_relevant",
                             (int)opt->no_relevant);
    if (!(hi_y > 0)) { /* nothing relevant (or nothing at all) */
        ranknet_no_relevant nr = opt ? opt->no_relevant : RANKNET_NO_RELEVANT_DEFAULT;
        if (value)
            *value = nr == RANKNET_NO_RELEVANT_ONE || (nr == RANKNET_NO_RELEVANT_DEFAULT && kind == RANKNET_METRIC_NDCG)
                         ? 1.0
                         : 0.0;
        return RANKNET_OK;
    }
    if (n > (size_t)-1 / 64)
        return ranknet__fail(&why, RANKNET_ERR_NOMEM, "the scratch of a query of %lu rows passes SIZE_MAX",
                             (unsigned long)n);
    scratch = RANKNET_MALLOC(ranknet__scratch_bytes(n));
    if (!scratch)
        return ranknet__fail(&why, RANKNET_ERR_NOMEM, "no memory for the scratch of %lu rows", (unsigned long)n);
    sc = ranknet__carve(scratch, n);
    if (kind == RANKNET_METRIC_NDCG) {
        ranknet__ndcg w;
        ranknet__ndcg_setup(&w, &sc, k, 0, s, y, n);
        for (r = 0; r < w.cut; ++r)
            v += ranknet__gain(&w, ranknet__get(y, sc.order[r].idx)) * ranknet__discount(r, w.cut);
        v = w.idcg > 0 ? v / w.idcg : 1.0;   /* no relevant item: 1, as LightGBM */
    } else if (kind == RANKNET_METRIC_ERR) { /* R = (2^y - 1) / 2^ymax, ymax the query's largest label */
        double still = 1.0;
        ranknet__rank_top(&sc, s, n, cut, ranknet__depth(n));
        for (r = 0; r < cut; ++r) {
            double R = exp2(ranknet__get(y, sc.order[r].idx) - hi_y) - exp2(-hi_y);
            v += still * R / (double)(r + 1);
            still *= 1.0 - R;
        }
    } else if (kind == RANKNET_METRIC_DCG) {
        ranknet__rank_top(&sc, s, n, cut, ranknet__depth(n));
        for (r = 0; r < cut; ++r) v += (exp2(ranknet__get(y, sc.order[r].idx)) - 1.0) * ranknet__discount(r, cut);
        if (!(v <= DBL_MAX)) {
            RANKNET_FREE(scratch);
            return ranknet__fail(&why, RANKNET_ERR_OVERFLOW, "DCG passes DBL_MAX (labels up to %g)", hi_y);
        }
    } else if (kind == RANKNET_METRIC_PRECISION || kind == RANKNET_METRIC_RECALL) {
        double nrel = 0, hits = 0;
        for (r = 0; r < n; ++r) nrel += ranknet__get(y, r) > 0;
        ranknet__rank_top(&sc, s, n, cut, ranknet__depth(n));
        for (r = 0; r < cut; ++r) hits += ranknet__get(y, sc.order[r].idx) > 0;
        v = kind == RANKNET_METRIC_RECALL ? hits / nrel : hits / (double)(k ? k : n);
    } else { /* MAP, MRR: relevant is label > 0 */
        double nrel = 0, hits = 0;
        for (r = 0; r < n; ++r) nrel += ranknet__get(y, r) > 0;
        ranknet__rank_top(&sc, s, n, cut, ranknet__depth(n));
        for (r = 0; r < cut; ++r) {
            if (!(ranknet__get(y, sc.order[r].idx) > 0)) continue;
            hits += 1;
            if (kind == RANKNET_METRIC_MRR) {
                v = 1.0 / (double)(r + 1);
                break;
            }
            v += hits / (double)(r + 1);
        }
        if (kind == RANKNET_METRIC_MAP) v = nrel > 0 ? v / nrel : 0.0;
    }
    RANKNET_FREE(scratch);
    if (value) *value = v;
    return RANKNET_OK;
}

/* --- element-wise pair losses --------------------------------------------------------- */

/* mean != 0: the ordered -log sigmoid loss (target 1, scaled by 1/n); else BCE. */
static ranknet_status ranknet__pairs(const ranknet_options *opt, ranknet__vec d, ranknet__vec t, ranknet__vec w,
                                     size_t n, int mean, double *loss, void *grad)
{
    ranknet__cfg why = ranknet__why(opt ? opt->reason : NULL, opt ? opt->reason_size : 0);
    double lo = DBL_MAX, hi = -DBL_MAX, wlo = DBL_MAX, whi = -DBL_MAX, tlo = DBL_MAX, thi = -DBL_MAX;
    double scale = mean && n ? 1.0 / (double)n : 1.0, total = 0, block = 0, bound;
    size_t k;
    int f32 = d.f32;
    if (n == 0) {
        if (loss) *loss = 0;
        return RANKNET_OK;
    }
    if (!d.p || (!mean && !t.p))
        return ranknet__fail(&why, RANKNET_ERR_NULL, "%s is NULL with %lu pairs", !d.p ? "diff" : "target",
                             (unsigned long)n);
    if (!ranknet__finite(d, n, &lo, &hi) || (!mean && !ranknet__finite(t, n, &tlo, &thi)) ||
        (w.p && !ranknet__finite(w, n, &wlo, &whi))) {
        const char *name = ranknet__bad_row(d, n, 0) < n            ? "diff"
                           : !mean && ranknet__bad_row(t, n, 0) < n ? "target"
                                                                    : "weight";
        ranknet__vec v = name[0] == 'd' ? d : name[0] == 't' ? t : w;
        size_t k0 = ranknet__bad_row(v, n, 0);
        return ranknet__fail(&why, RANKNET_ERR_NONFINITE, "%s of pair %lu is %g", name, (unsigned long)k0,
                             ranknet__get(v, k0));
    }
    if (!mean && (tlo < 0 || thi > 1)) {
        for (k = 0; ranknet__get(t, k) >= 0 && ranknet__get(t, k) <= 1;) ++k;
        return ranknet__fail(&why, RANKNET_ERR_RANGE, "target of pair %lu is %g: targets are in [0, 1]",
                             (unsigned long)k, ranknet__get(t, k));
    }
    if (w.p && wlo < 0) {
        k = ranknet__bad_row(w, n, 1);
        return ranknet__fail(&why, RANKNET_ERR_RANGE, "weight of pair %lu is %g: weights must be >= 0",
                             (unsigned long)k, ranknet__get(w, k));
    }
    /* each term is at most w (|d| + log 2) */
    bound = (double)n * scale * (w.p ? whi : 1.0) * ((hi > -lo ? hi : -lo) + 1.0);
    if (loss && !(bound <= DBL_MAX / 2)) {
        /* Only for huge weights or differences: the exact loss first, write only if finite. */
        for (k = 0; k < n; ++k) {
            double g, h, wk = w.p ? ranknet__get(w, k) : 1.0;
            double l = ranknet__pair(ranknet__get(d, k), mean ? 1.0 : ranknet__get(t, k), &g, &h, 1);
            total += wk * scale > 0 ? wk * scale * l : 0.0;
        }
        if (!(total <= DBL_MAX))
            return ranknet__fail(&why, RANKNET_ERR_OVERFLOW, "the loss passes DBL_MAX (differences up to %g)",
                                 hi > -lo ? hi : -lo);
        if (grad) ranknet__pairs(NULL, d, t, w, n, mean, NULL, grad);
        *loss = total;
        return RANKNET_OK;
    }
    for (k = 0; k < n; ++k) {
        double g, h, wk = (w.p ? ranknet__get(w, k) : 1.0) * scale;
        block += wk * ranknet__pair(ranknet__get(d, k), mean ? 1.0 : ranknet__get(t, k), &g, &h, loss != NULL);
        if (grad) {
            if (f32) ((float *)grad)[k] = (float)(wk * g);
            else ((double *)grad)[k] = wk * g;
        }
        if ((k + 1) % RANKNET__BLOCK == 0) { /* blocked sum: error grows with the block, not n */
            total += block;
            block = 0;
        }
    }
    if (loss) *loss = total + block;
    return RANKNET_OK;
}

/* --- public wrappers ------------------------------------------------------------------ */

static ranknet__vec ranknet__d(const double *p)
{
    ranknet__vec v;
    v.p = p;
    v.f32 = 0;
    return v;
}

static ranknet__vec ranknet__f(const float *p)
{
    ranknet__vec v;
    v.p = p;
    v.f32 = 1;
    return v;
}

/* --- position bias (unbiased learning to rank) --------------------------------------------- */

/* A state whose settings, factors and sums the calls can take (the caller may have set them) */
static ranknet_status ranknet__bias_check(const ranknet_bias *b, const ranknet__cfg *c)
{
    static const char *const names[] = {"t_plus", "t_minus", "acc_plus", "acc_minus", "acc_rows"};
    size_t r;
    if (!b) return ranknet__fail(c, RANKNET_ERR_NULL, "bias is NULL");
    if (b->kind != RANKNET_BIAS_RATIO && b->kind != RANKNET_BIAS_ADDITIVE)
        return ranknet__fail(c, RANKNET_ERR_OPTION, "bias kind %d: a state is RATIO or ADDITIVE", (int)b->kind);
    if (b->positions == 0) return ranknet__fail(c, RANKNET_ERR_OPTION, "bias positions is 0: it must be >= 1");
    if (!(b->regularizer >= 0 && b->regularizer <= DBL_MAX))
        return ranknet__fail(c, RANKNET_ERR_OPTION, "bias regularizer %g: it must be finite and >= 0", b->regularizer);
    if (!(b->learning_rate >= 0 && b->learning_rate <= DBL_MAX))
        return ranknet__fail(c, RANKNET_ERR_OPTION, "bias learning_rate %g: it must be finite and >= 0",
                             b->learning_rate);
    if (!b->t_plus || !b->t_minus || !b->acc_plus || !b->acc_minus || !b->acc_rows)
        return ranknet__fail(c, RANKNET_ERR_NULL, "a bias array (t_plus, t_minus or a sum) is NULL");
    for (r = 0; r < b->positions; ++r) {
        double v[5];
        size_t i;
        v[0] = b->t_plus[r];
        v[1] = b->t_minus[r];
        v[2] = b->acc_plus[r];
        v[3] = b->acc_minus[r];
        v[4] = b->acc_rows[r];
        for (i = 0; i < 5; ++i)
            if (v[i] - v[i] != 0)
                return ranknet__fail(c, RANKNET_ERR_NONFINITE, "bias %s[%lu] is %g", names[i], (unsigned long)r, v[i]);
        for (i = 0; i < 5; ++i) /* RATIO: factors > 0, sums >= 0; both kinds: row counts >= 0 */
            if ((i == 4 || b->kind == RANKNET_BIAS_RATIO) && !(i < 2 ? v[i] > 0 : v[i] >= 0))
                return ranknet__fail(c, RANKNET_ERR_RANGE, "bias %s[%lu] is %g: it must be %s", names[i],
                                     (unsigned long)r, v[i], i < 2 ? "> 0 (a RATIO factor)" : ">= 0 (a sum)");
    }
    return RANKNET_OK;
}

static ranknet_status ranknet__unbiased(const ranknet_options *opt, ranknet_bias *b, ranknet__vec s, ranknet__vec y,
                                        const long long *pos, const size_t *off, size_t nq, double *loss, void *grad,
                                        void *hess)
{
    size_t rows, maxn, q, i, P, esz = s.f32 ? sizeof(float) : sizeof(double), bytes;
    int ratio;
    ranknet__cfg why = ranknet__why(opt ? opt->reason : NULL, opt ? opt->reason_size : 0);
    ranknet_status st = ranknet__bias_check(b, &why);
    char *block;
    double *acc, *costs = NULL, total = 0;
    void *g, *h, *adjusted = NULL;
    if (st != RANKNET_OK) return st;
    if ((st = ranknet__offsets(&why, off, nq, &maxn)) != RANKNET_OK) return st;
    rows = nq > 0 ? off[nq] : 0;
    P = b->positions;
    ratio = b->kind == RANKNET_BIAS_RATIO;
    if (rows > 0 && (!s.p || !y.p))
        return ranknet__fail(&why, RANKNET_ERR_NULL, "%s is NULL with %lu rows", !s.p ? "scores" : "labels",
                             (unsigned long)rows);
    for (i = 0; pos && i < rows; ++i)
        if (pos[i] < 0 || pos[i] > 2147483647)
            return ranknet__fail(&why, RANKNET_ERR_RANGE, "the position of row %lu is %lld: 0 .. 2^31 - 1",
                                 (unsigned long)i, pos[i]);
    /* the outputs, the new sums and (RATIO) the rows' costs or (ADDITIVE) the shifted scores
       go to scratch first: nothing of the caller's changes unless everything succeeds */
    if (rows > ((size_t)-1 - 3 * sizeof(double) * P) / 4 / sizeof(double) || P > (size_t)-1 / 4 / sizeof(double))
        return RANKNET_ERR_NOMEM;
    bytes = 3 * P * sizeof(double) + rows * (ratio ? 2 * sizeof(double) + 2 * esz : 3 * esz);
    block = (char *)RANKNET_MALLOC(bytes ? bytes : 1);
    if (!block) return RANKNET_ERR_NOMEM;
    acc = (double *)(void *)block;
    g = acc + 3 * P;
    h = (char *)g + rows * esz;
    if (ratio) costs = (double *)(void *)((char *)h + rows * esz);
    else { /* LightGBM: each row's score plus the bias of its position */ adjusted = (char *)h + rows * esz;
        for (q = 0; q < nq; ++q)
            for (i = off[q]; i < off[q + 1]; ++i) {
                size_t r = ranknet__position(pos, i, i - off[q]);
                double v = ranknet__get(s, i) + (r < P ? b->t_plus[r] : 0.0);
                if (s.f32) ((float *)adjusted)[i] = (float)v;
                else ((double *)adjusted)[i] = v;
            }
        {
            double lo = DBL_MAX, hi = -DBL_MAX;
            ranknet__vec a;
            a.p = adjusted;
            a.f32 = s.f32;
            if (rows > 0 && ranknet__finite(s, rows, &lo, &hi) && !ranknet__finite(a, rows, &lo, &hi)) {
                RANKNET_FREE(block);
                return ranknet__fail(&why, RANKNET_ERR_OVERFLOW, "a score plus its position's bias passes %s",
                                     s.f32 ? "FLT_MAX" : "DBL_MAX"); /* finite scores whose shift overflows */
            }
        }
        s.p = adjusted;
    }
    st = ranknet__batch(opt, s, y, off, nq, loss ? &total : NULL, ratio && !grad ? NULL : g, ratio && !hess ? NULL : h,
                        ratio ? b : NULL, pos, costs);
    if (st == RANKNET_OK) { /* the sums, in row order (the same bits for any thread count) */
        memcpy(acc, b->acc_plus, P * sizeof(double));
        memcpy(acc + P, b->acc_minus, P * sizeof(double));
        memcpy(acc + 2 * P, b->acc_rows, P * sizeof(double));
        ranknet__vec gv, hv; /* ADDITIVE: the lambdas and hessians at the shifted scores */
        gv.p = g;
        hv.p = h;
        gv.f32 = hv.f32 = s.f32;
        for (q = 0; q < nq; ++q)
            for (i = off[q]; i < off[q + 1]; ++i) {
                size_t r = ranknet__position(pos, i, i - off[q]);
                if (r >= P) continue;
                acc[r] += ratio ? costs[i] : ranknet__get(gv, i);
                acc[P + r] += ratio ? costs[rows + i] : ranknet__get(hv, i);
                acc[2 * P + r] += 1;
            }
        for (i = 0; i < 3 * P; ++i)
            if (!(fabs(acc[i]) <= DBL_MAX))
                st = ranknet__fail(&why, RANKNET_ERR_OVERFLOW, "the sums of position %lu pass DBL_MAX",
                                   (unsigned long)(i % P));
    }
    if (st == RANKNET_OK) {
        memcpy(b->acc_plus, acc, P * sizeof(double));
        memcpy(b->acc_minus, acc + P, P * sizeof(double));
        memcpy(b->acc_rows, acc + 2 * P, P * sizeof(double));
        if (grad) memcpy(grad, g, rows * esz);
        if (hess) memcpy(hess, h, rows * esz);
        if (loss) *loss = total;
    }
    RANKNET_FREE(block);
    return st;
}

RANKNETDEF ranknet_status ranknet_bias_create(ranknet_bias_kind kind, size_t positions, ranknet_bias **out)
{
    ranknet_bias *b;
    size_t r;
    if (!out) return RANKNET_ERR_NULL;
    *out = NULL;
    if ((unsigned)kind >= (unsigned)RANKNET_BIAS_COUNT || positions == 0) return RANKNET_ERR_OPTION;
    if (positions > ((size_t)-1 - sizeof *b) / 5 / sizeof(double)) return RANKNET_ERR_NOMEM;
    b = (ranknet_bias *)RANKNET_MALLOC(sizeof *b + 5 * positions * sizeof(double));
    if (!b) return RANKNET_ERR_NOMEM;
    /* RATIO's defaults are what learns from clicks of a position-based examination (see
       docs/unbiased.md); XGBoost's (p = 1, t- learned) fall below raw clicks there */
    b->kind = kind == RANKNET_BIAS_ADDITIVE ? RANKNET_BIAS_ADDITIVE : RANKNET_BIAS_RATIO;
    b->positions = positions;
    b->regularizer = kind == RANKNET_BIAS_RATIO_XGBOOST ? 1.0 : 0.0;
    b->learning_rate = 0.1;
    b->hold_minus = kind == RANKNET_BIAS_RATIO;
    b->reason = NULL;
    b->reason_size = 0;
    b->t_plus = (double *)(void *)(b + 1);
    b->t_minus = b->t_plus + positions;
    b->acc_plus = b->t_minus + positions;
    b->acc_minus = b->acc_plus + positions;
    b->acc_rows = b->acc_minus + positions;
    for (r = 0; r < positions; ++r) {
        b->t_plus[r] = b->kind == RANKNET_BIAS_RATIO ? 1.0 : 0.0;
        b->t_minus[r] = 1.0;
        b->acc_plus[r] = b->acc_minus[r] = b->acc_rows[r] = 0;
    }
    *out = b;
    return RANKNET_OK;
}

RANKNETDEF void ranknet_bias_free(ranknet_bias *bias)
{
    if (bias) RANKNET_FREE(bias);
}

/* RATIO: t_r = (L_r / L_0)^(1 / (1 + p)), as exp((log L_r - log L_0) / (1 + p)): no
   overflow in the ratio. Positions without cost keep their factor. */
static double ranknet__ratio_factor(const double *L, size_t r, double t, double p)
{
    return L[0] > 0 && L[r] > 0 ? exp((log(L[r]) - log(L[0])) / (1.0 + p)) : t;
}

RANKNETDEF ranknet_status ranknet_bias_update(ranknet_bias *b)
{
    ranknet__cfg why = ranknet__why(b ? b->reason : NULL, b ? b->reason_size : 0);
    ranknet_status st = ranknet__bias_check(b, &why);
    size_t r, pass;
    if (st != RANKNET_OK) return st;
    for (pass = 0; pass < 2; ++pass) /* check every new value, then write: all or nothing */
        for (r = 0; r < b->positions; ++r) {
            double tp, tm;
            if (b->kind == RANKNET_BIAS_RATIO) {
                tp = ranknet__ratio_factor(b->acc_plus, r, b->t_plus[r], b->regularizer);
                tm = b->hold_minus ? b->t_minus[r]
                                   : ranknet__ratio_factor(b->acc_minus, r, b->t_minus[r], b->regularizer);
            } else { /* one Newton step on b_r of the loss plus c n_r b_r^2 / 2 (LightGBM) */
                double cn = b->regularizer * b->acc_rows[r];
                tp = b->t_plus[r] +
                     b->learning_rate * (-b->acc_plus[r] - cn * b->t_plus[r]) / (fabs(b->acc_minus[r] + cn) + 0.001);
                tm = 1.0;
            }
            if (pass == 0 && !(b->kind == RANKNET_BIAS_RATIO ? tp > 0 && tp <= DBL_MAX && tm > 0 && tm <= DBL_MAX
                                                             : fabs(tp) <= DBL_MAX))
                return ranknet__fail(&why, RANKNET_ERR_OVERFLOW,
                                     "the new %s of position %lu (%g, %g) is not a finite%s value",
                                     b->kind == RANKNET_BIAS_RATIO ? "factors" : "bias", (unsigned long)r, tp, tm,
                                     b->kind == RANKNET_BIAS_RATIO ? ", positive" : "");
            if (pass == 1) {
                b->t_plus[r] = tp;
                b->t_minus[r] = tm;
            }
        }
    for (r = 0; r < b->positions; ++r) b->acc_plus[r] = b->acc_minus[r] = b->acc_rows[r] = 0;
    return RANKNET_OK;
}

RANKNETDEF ranknet_status ranknet_batch_unbiased(const ranknet_options *opt, ranknet_bias *bias, const double *scores,
                                                 const double *labels, const long long *positions,
                                                 const size_t *offsets, size_t n_queries, double *loss, double *grad,
                                                 double *hess)
{
    return ranknet__unbiased(opt, bias, ranknet__d(scores), ranknet__d(labels), positions, offsets, n_queries, loss,
                             grad, hess);
}

RANKNETDEF ranknet_status ranknet_batch_unbiasedf(const ranknet_options *opt, ranknet_bias *bias, const float *scores,
                                                  const float *labels, const long long *positions,
                                                  const size_t *offsets, size_t n_queries, double *loss, float *grad,
                                                  float *hess)
{
    return ranknet__unbiased(opt, bias, ranknet__f(scores), ranknet__f(labels), positions, offsets, n_queries, loss,
                             grad, hess);
}

RANKNETDEF const char *ranknet_status_string(ranknet_status s)
{
#define RANKNET__MSG_ITEM(name, msg) msg,
    static const char *const msgs[] = {RANKNET__STATUS_LIST(RANKNET__MSG_ITEM)};
#undef RANKNET__MSG_ITEM
    return (unsigned)s < (unsigned)RANKNET_STATUS_COUNT ? msgs[s] : "unknown ranknet_status";
}

RANKNETDEF int ranknet_simd_supported(ranknet_simd path)
{
    switch (path) {
    case RANKNET_SIMD_AUTO:
    case RANKNET_SIMD_SCALAR: return 1;
#if defined(RANKNET__SIMD) && defined(__x86_64__)
    case RANKNET_SIMD_SSE2:
        return 1;
        /* reads the CPU model that libgcc / compiler-rt fill in before main: no state of ours */
#ifndef RANKNET_NO_AVX2
    case RANKNET_SIMD_AVX2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
#ifndef RANKNET_NO_AVX512
    case RANKNET_SIMD_AVX512:
        return ranknet_simd_supported(RANKNET_SIMD_AVX2) && __builtin_cpu_supports("avx512f") &&
               __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("avx512vl");
#endif
#endif
#if defined(RANKNET__SIMD) && defined(__aarch64__)
    case RANKNET_SIMD_NEON: return 1;
#endif
    default: return 0;
    }
}

RANKNETDEF ranknet_simd ranknet_simd_best(void)
{
    if (ranknet_simd_supported(RANKNET_SIMD_AVX512)) return RANKNET_SIMD_AVX512;
    if (ranknet_simd_supported(RANKNET_SIMD_AVX2)) return RANKNET_SIMD_AVX2;
    if (ranknet_simd_supported(RANKNET_SIMD_SSE2)) return RANKNET_SIMD_SSE2;
    if (ranknet_simd_supported(RANKNET_SIMD_NEON)) return RANKNET_SIMD_NEON;
    return RANKNET_SIMD_SCALAR;
}

RANKNETDEF const char *ranknet_simd_string(ranknet_simd path)
{
    switch (path) {
    case RANKNET_SIMD_AUTO: return "auto";
    case RANKNET_SIMD_SCALAR: return "scalar";
    case RANKNET_SIMD_SSE2: return "sse2";
    case RANKNET_SIMD_AVX2: return "avx2+fma";
    case RANKNET_SIMD_NEON: return "neon";
    case RANKNET_SIMD_AVX512: return "avx512";
    default: return "unknown";
    }
}

RANKNETDEF ranknet_status ranknet_pair_bce(const double *diff, const double *target, const double *weight, size_t n,
                                           double *loss, double *grad)
{
    return ranknet__pairs(NULL, ranknet__d(diff), ranknet__d(target), ranknet__d(weight), n, 0, loss, grad);
}

RANKNETDEF ranknet_status ranknet_pair_bcef(const float *diff, const float *target, const float *weight, size_t n,
                                            double *loss, float *grad)
{
    return ranknet__pairs(NULL, ranknet__f(diff), ranknet__f(target), ranknet__f(weight), n, 0, loss, grad);
}

RANKNETDEF ranknet_status ranknet_logsigmoid_loss(const double *diff, const double *weight, size_t n, double *loss,
                                                  double *grad)
{
    return ranknet__pairs(NULL, ranknet__d(diff), ranknet__d(NULL), ranknet__d(weight), n, 1, loss, grad);
}

RANKNETDEF ranknet_status ranknet_logsigmoid_lossf(const float *diff, const float *weight, size_t n, double *loss,
                                                   float *grad)
{
    return ranknet__pairs(NULL, ranknet__f(diff), ranknet__f(NULL), ranknet__f(weight), n, 1, loss, grad);
}

RANKNETDEF ranknet_status ranknet_pair_bce_opt(const ranknet_options *opt, const double *diff, const double *target,
                                               const double *weight, size_t n, double *loss, double *grad)
{
    return ranknet__pairs(opt, ranknet__d(diff), ranknet__d(target), ranknet__d(weight), n, 0, loss, grad);
}

RANKNETDEF ranknet_status ranknet_pair_bcef_opt(const ranknet_options *opt, const float *diff, const float *target,
                                                const float *weight, size_t n, double *loss, float *grad)
{
    return ranknet__pairs(opt, ranknet__f(diff), ranknet__f(target), ranknet__f(weight), n, 0, loss, grad);
}

RANKNETDEF ranknet_status ranknet_logsigmoid_loss_opt(const ranknet_options *opt, const double *diff,
                                                      const double *weight, size_t n, double *loss, double *grad)
{
    return ranknet__pairs(opt, ranknet__d(diff), ranknet__d(NULL), ranknet__d(weight), n, 1, loss, grad);
}

RANKNETDEF ranknet_status ranknet_logsigmoid_lossf_opt(const ranknet_options *opt, const float *diff,
                                                       const float *weight, size_t n, double *loss, float *grad)
{
    return ranknet__pairs(opt, ranknet__f(diff), ranknet__f(NULL), ranknet__f(weight), n, 1, loss, grad);
}

RANKNETDEF ranknet_status ranknet_loss(const double *scores, const double *labels, size_t n, double *loss)
{
    return ranknet__query(NULL, ranknet__d(scores), ranknet__d(labels), n, loss, NULL, NULL);
}

RANKNETDEF ranknet_status ranknet_lossf(const float *scores, const float *labels, size_t n, double *loss)
{
    return ranknet__query(NULL, ranknet__f(scores), ranknet__f(labels), n, loss, NULL, NULL);
}

RANKNETDEF ranknet_status ranknet_grad(const double *scores, const double *labels, size_t n, double *grad)
{
    return ranknet__query(NULL, ranknet__d(scores), ranknet__d(labels), n, NULL, grad, NULL);
}

RANKNETDEF ranknet_status ranknet_gradf(const float *scores, const float *labels, size_t n, float *grad)
{
    return ranknet__query(NULL, ranknet__f(scores), ranknet__f(labels), n, NULL, grad, NULL);
}

RANKNETDEF ranknet_status ranknet_query(const ranknet_options *opt, const double *scores, const double *labels,
                                        size_t n, double *loss, double *grad, double *hess)
{
    return ranknet__query(opt, ranknet__d(scores), ranknet__d(labels), n, loss, grad, hess);
}

RANKNETDEF ranknet_status ranknet_queryf(const ranknet_options *opt, const float *scores, const float *labels, size_t n,
                                         double *loss, float *grad, float *hess)
{
    return ranknet__query(opt, ranknet__f(scores), ranknet__f(labels), n, loss, grad, hess);
}

RANKNETDEF ranknet_status ranknet_batch(const ranknet_options *opt, const double *scores, const double *labels,
                                        const size_t *offsets, size_t n_queries, double *loss, double *grad,
                                        double *hess)
{
    return ranknet__batch(opt, ranknet__d(scores), ranknet__d(labels), offsets, n_queries, loss, grad, hess, NULL, NULL,
                          NULL);
}

RANKNETDEF ranknet_status ranknet_batchf(const ranknet_options *opt, const float *scores, const float *labels,
                                         const size_t *offsets, size_t n_queries, double *loss, float *grad,
                                         float *hess)
{
    return ranknet__batch(opt, ranknet__f(scores), ranknet__f(labels), offsets, n_queries, loss, grad, hess, NULL, NULL,
                          NULL);
}

RANKNETDEF ranknet_status ranknet_ndcg(const double *scores, const double *labels, size_t n, size_t k, double *ndcg)
{
    return ranknet__metric_of(NULL, RANKNET_METRIC_NDCG, ranknet__d(scores), ranknet__d(labels), n, k, ndcg);
}

RANKNETDEF ranknet_status ranknet_ndcgf(const float *scores, const float *labels, size_t n, size_t k, double *ndcg)
{
    return ranknet__metric_of(NULL, RANKNET_METRIC_NDCG, ranknet__f(scores), ranknet__f(labels), n, k, ndcg);
}

RANKNETDEF ranknet_status ranknet_metric(ranknet_metric_kind kind, size_t k, const double *scores, const double *labels,
                                         size_t n, double *value)
{
    return ranknet__metric_of(NULL, kind, ranknet__d(scores), ranknet__d(labels), n, k, value);
}

RANKNETDEF ranknet_status ranknet_metricf(ranknet_metric_kind kind, size_t k, const float *scores, const float *labels,
                                          size_t n, double *value)
{
    return ranknet__metric_of(NULL, kind, ranknet__f(scores), ranknet__f(labels), n, k, value);
}

RANKNETDEF ranknet_status ranknet_metric_query(const ranknet_options *opt, ranknet_metric_kind kind, size_t k,
                                               const double *scores, const double *labels, size_t n, double *value)
{
    return ranknet__metric_of(opt, kind, ranknet__d(scores), ranknet__d(labels), n, k, value);
}

RANKNETDEF ranknet_status ranknet_metric_queryf(const ranknet_options *opt, ranknet_metric_kind kind, size_t k,
                                                const float *scores, const float *labels, size_t n, double *value)
{
    return ranknet__metric_of(opt, kind, ranknet__f(scores), ranknet__f(labels), n, k, value);
}

#endif /* RANKNET_IMPLEMENTATION */
#endif /* !RANKNET__KERNEL_TEMPLATE */

/* 4. KERNEL TEMPLATE

   The pair kernel, written once for every precision and vector width. The implementation
   includes this file again for each family with RANKNET__KERNEL_TEMPLATE and these
   defined: RANKNET__P the name prefix, RANKNET__T float or double, RANKNET__I the
   integer of T's size, RANKNET__L the lanes. It defines the vector types RANKNET__V
   (values) and RANKNET__M (lane masks, all ones or 0), the hooks, exp2, log1p, the lane
   sum, the step and the kernel. Helpers take pointers: a vector passed by value to a
   function without the wide instruction set draws GCC's ABI warning, even when inlined. */
#ifdef RANKNET__KERNEL_TEMPLATE
#define RANKNET__CAT2(a, b) a##b
#define RANKNET__CAT(a, b) RANKNET__CAT2(a, b)
#define RANKNET__K(name) RANKNET__CAT(RANKNET__P, name)
#define RANKNET__V RANKNET__K(_v)
#define RANKNET__M RANKNET__K(_i)
#define RANKNET__STEP RANKNET__K(_step)
/* float blocks of 64 vectors: a lane's float row sum then adds at most 64 steps (1024
   items at 16 lanes, 5% faster at n = 1000 than 512); double 512. About 40 KB of stack. */
#define RANKNET__KBLOCK (sizeof(RANKNET__T) == 4 ? 64 * RANKNET__L : RANKNET__BLOCK)

typedef RANKNET__T RANKNET__V __attribute__((vector_size((RANKNET__L) * sizeof(RANKNET__T))));
typedef RANKNET__I RANKNET__M __attribute__((vector_size((RANKNET__L) * sizeof(RANKNET__T))));
typedef RANKNET__T RANKNET__K(_h) __attribute__((vector_size((RANKNET__L) * sizeof(RANKNET__T) / 2)));
typedef RANKNET__T RANKNET__K(_q) __attribute__((vector_size((RANKNET__L) * sizeof(RANKNET__T) / 4)));
typedef struct RANKNET__K(_hooks) {
    void (*negabs)(RANKNET__V *x);                                       /* x = max(-|x|, -127 or -1023) */
    void (*gt)(RANKNET__M *r, const RANKNET__V *a, const RANKNET__V *b); /* r = a > b */
    /* g = p - t from p, 1 - p = r, q as the sign of x orders them, t from labels yi, yj; also
       the masks yi > yj and yi == yj */
    void (*lambda)(RANKNET__V *g, RANKNET__M *gt, RANKNET__M *tie, const RANKNET__V *x, const RANKNET__V *r,
                   const RANKNET__V *q, const RANKNET__V *yi, const RANKNET__V *yj);
} RANKNET__K(_hooks);
/* a row group: broadcast score, label, gain / IDCG and discount; the diagonal (lanes with
   local column index <= lim are pairs j <= i, masked off); running sums. Staged weights
   also: the low part of g_row (float: g_row - (float)g_row, so that differences of close
   tables keep their digits), the item weight, the row's factor (0 for the rows a whole
   group adds past the cut), and where dist[b - a] of the block's columns starts. */
typedef struct RANKNET__K(_rows) {
    struct {
        RANKNET__V s, y, gain, disc, lim, g, h, glo, w, rv;
        ptrdiff_t doff, toff;
    } row[RANKNET__ROWS];
    RANKNET__V a;
    double loss[RANKNET__L];
} RANKNET__K(_rows);

/* A staged query's block: the low parts of g_col and the item weights of the columns, the
   score-gap and hessian-floor constants, and which parts of the weight apply. */
typedef struct RANKNET__K(_staged) {
    const RANKNET__T *glj, *wj, *dist, *tile;
    RANKNET__V gap_eps, floor;
    int gap, iw, skip, floored, lo; /* dist, tile: NULL when there is none */
    size_t tile_end;                /* the block's columns k < tile_end take the tile */
} RANKNET__K(_staged);

/* the item at rank r (LambdaRank walks the ranking), or item r */
RANKNET__INLINE size_t RANKNET__K(_item)(const ranknet__rank *o, size_t r, int weighted)
{
    return weighted ? o[r].idx : r;
}

/* x[r] = 2^x[r] for x in [-LIM, 0] (callers clamp): x = n + f, |f| <= 1/2 exactly */
RANKNET__INLINE void RANKNET__K(_exp2_rows)(RANKNET__V *x, int rows)
{
    const int f32 = sizeof(RANKNET__T) == 4, mant = f32 ? 23 : 52, deg = f32 ? 6 : 11;
    const double *c = f32 ? ranknet__exp2_f32 : ranknet__exp2_f64;
    const RANKNET__T magic = (RANKNET__T)(f32 ? 12582912.0 + 127 : 6755399441055744.0 + 1023); /* 1.5 2^mant + bias */
    int i, d;
    RANKNET__UNROLL
    for (i = 0; i < rows; ++i) {
        RANKNET__V k = x[i] + magic, f = x[i] - (k - magic), p = f * (RANKNET__T)c[deg] + (RANKNET__T)c[deg - 1];
        RANKNET__M bits = (RANKNET__M)k << mant; /* (n + bias) << mant: magic's high bits shift out */
        RANKNET__UNROLL
        for (d = deg - 2; d >= 0; --d) p = p * f + (RANKNET__T)c[d];
        x[i] = p * (RANKNET__V)bits;
    }
}

/* *e = log(1 + e) for e in [0, 1]: 2 atanh(z), z = e / (2 + e) <= 1/3, by its series */
RANKNET__INLINE void RANKNET__K(_log1p01)(RANKNET__V *e)
{
    const int top = sizeof(RANKNET__T) == 4 ? 15 : 35;
    RANKNET__V z = *e / (*e + (RANKNET__T)2), z2 = z * z,
               s = z2 * (RANKNET__T)(1.0 / top) + (RANKNET__T)(1.0 / (top - 2));
    int t;
    RANKNET__UNROLL
    for (t = top - 4; t >= 1; t -= 2) s = s * z2 + (RANKNET__T)(1.0 / t);
    *e = (RANKNET__T)2 * z * s;
}

/* the sum of the lanes: halves, then quarters added in vector registers, then the lanes
   of a quarter (one lane by one costs 4% of the whole kernel at n = 1000) */
RANKNET__INLINE double RANKNET__K(_hsum)(const RANKNET__V *v)
{
    RANKNET__K(_h) half[2];
    RANKNET__K(_q) quarter[2];
    double sum = 0;
    int t;
    memcpy(half, v, sizeof half);
    half[0] += half[1];
    memcpy(quarter, &half[0], sizeof quarter);
    quarter[0] += quarter[1];
    for (t = 0; t < RANKNET__L / 4; ++t) sum += (double)quarter[0][t];
    return sum;
}

/* The rows of a staged step (see ranknet__stage): a pass for each part of the weight, each
   part tested once a step rather than once a row. col: the columns' score, label, g_col,
   d_col, low part of g_col and item weight. */
RANKNET__INLINE void RANKNET__K(_staged_rows)(RANKNET__K(_rows) * w, const RANKNET__V *col, size_t k, size_t m,
                                              const RANKNET__V *kk, int masked, const RANKNET__V *x,
                                              const RANKNET__V *e, RANKNET__V *wt, RANKNET__M *gt, RANKNET__M *tie,
                                              RANKNET__M *mask, RANKNET__V *cg, RANKNET__V *ch, RANKNET__V *ca,
                                              int rows, RANKNET__K(_hooks) hooks, const RANKNET__K(_staged) * sg)
{
    RANKNET__V zero = {0}, half = zero + (RANKNET__T)0.5, p[RANKNET__ROWS], g[RANKNET__ROWS], h[RANKNET__ROWS];
    RANKNET__V inv[RANKNET__ROWS], dg[RANKNET__ROWS];
    RANKNET__M sign = (RANKNET__M)(-zero);
    int r;
    if (sg->gap) { /* one division for p and the score gap: 1 / ((1 + e) (gap + |s_a - s_b|)) */
        RANKNET__UNROLL
        for (r = 0; r < rows; ++r) {
            RANKNET__V den = (RANKNET__V)((RANKNET__M)(col[0] - w->row[r].s) & ~sign) + sg->gap_eps;
            inv[r] = (RANKNET__T)1 / ((e[r] + (RANKNET__T)1) * den);
            p[r] = inv[r] * den;
            inv[r] *= e[r] + (RANKNET__T)1;
        }
    } else {
        RANKNET__UNROLL
        for (r = 0; r < rows; ++r) p[r] = (RANKNET__T)1 / (e[r] + (RANKNET__T)1);
    }
    RANKNET__UNROLL
    for (r = 0; r < rows; ++r) {
        RANKNET__V q = e[r] * p[r];
        h[r] = q * p[r];
        hooks.lambda(&g[r], &gt[r], &tie[r], &x[r], &p[r], &q, &w->row[r].y, &col[1]);
        dg[r] = w->row[r].gain - col[2];
        wt[r] = w->row[r].disc - col[3];
    }
    if (sg->lo) { /* float: the low parts of tables that are differences of sums */
        RANKNET__UNROLL
        for (r = 0; r < rows; ++r) dg[r] += w->row[r].glo - col[4];
    }
    RANKNET__UNROLL
    for (r = 0; r < rows; ++r) {
        dg[r] = (RANKNET__V)((RANKNET__M)dg[r] & ~sign);
        wt[r] = (RANKNET__V)((RANKNET__M)wt[r] & ~sign);
    }
    if (sg->dist) { /* LambdaLoss: + dist[b - a] */
        RANKNET__UNROLL
        for (r = 0; r < rows; ++r) {
            RANKNET__V dv;
            memcpy(&dv, sg->dist + (w->row[r].doff + (ptrdiff_t)k), sizeof dv);
            wt[r] += dv;
        }
    }
    if (sg->tile && k < sg->tile_end) { /* the pair's weight as the tile has it */
        RANKNET__UNROLL
        for (r = 0; r < rows; ++r) memcpy(&wt[r], sg->tile + (w->row[r].toff + (ptrdiff_t)k), sizeof wt[r]);
    } else {
        RANKNET__UNROLL
        for (r = 0; r < rows; ++r) wt[r] *= dg[r];
    }
    RANKNET__UNROLL
    for (r = 0; r < rows; ++r) wt[r] *= w->row[r].rv; /* 1, or 0 past the cut: exact */
    if (sg->iw) {                                     /* the more relevant item's weight; the mean for equal labels */
        RANKNET__UNROLL
        for (r = 0; r < rows; ++r) {
            RANKNET__V wi = w->row[r].w, mean = (wi + col[5]) * half;
            wt[r] *= RANKNET__SEL(RANKNET__V, RANKNET__M, gt[r], wi,
                                  RANKNET__SEL(RANKNET__V, RANKNET__M, tie[r], mean, col[5]));
        }
    }
    if (sg->gap) {
        RANKNET__UNROLL
        for (r = 0; r < rows; ++r) wt[r] *= inv[r];
    }
    if (sg->skip) {
        RANKNET__UNROLL
        for (r = 0; r < rows; ++r) wt[r] = (RANKNET__V)((RANKNET__M)wt[r] & ~tie[r]);
    }
    if (sg->floored) { /* XGBoost: p (1 - p) at least its floor */
        RANKNET__UNROLL
        for (r = 0; r < rows; ++r) {
            RANKNET__M low;
            hooks.gt(&low, &sg->floor, &h[r]);
            h[r] = RANKNET__SEL(RANKNET__V, RANKNET__M, low, sg->floor, h[r]);
        }
    }
    RANKNET__UNROLL
    for (r = 0; r < rows; ++r) {
        g[r] *= wt[r];
        h[r] *= wt[r];
        if (masked) {
            RANKNET__V end = zero + (RANKNET__T)m;
            RANKNET__M below;
            hooks.gt(&mask[r], kk, &w->row[r].lim);
            hooks.gt(&below, &end, kk);
            mask[r] &= below;
            g[r] = (RANKNET__V)(mask[r] & (RANKNET__M)g[r]);
            h[r] = (RANKNET__V)(mask[r] & (RANKNET__M)h[r]);
        }
        w->row[r].g += g[r];
        w->row[r].h += h[r];
        *cg += g[r];
        *ch += h[r];
        *ca += (RANKNET__V)((RANKNET__M)g[r] & ~sign);
    }
}

/* The RANKNET__L columns from k against the row group. masked: lanes left of the diagonal,
   past the block end m, or (skip) with equal labels count for nothing. weighted:
   LambdaRank, each pair times |G_i - G_j| |D_i - D_j|. */
RANKNET__INLINE void RANKNET__K(_step)(RANKNET__K(_rows) * w, const RANKNET__T *sj, const RANKNET__T *yj,
                                       const RANKNET__T *gj, const RANKNET__T *dj, RANKNET__T *cgs, RANKNET__T *chs,
                                       size_t k, size_t m, RANKNET__T sigma, RANKNET__T c, int masked, int skip,
                                       int want_loss, int weighted, int rows, RANKNET__K(_hooks) hooks,
                                       const RANKNET__K(_staged) * sg)
{
    const int top_bit = (int)(8 * sizeof(RANKNET__T) - 1);
    RANKNET__V zero = {0}, half = zero + (RANKNET__T)0.5, kk = zero, vs, vy, vg = zero, vd = zero, cg = zero, ch = zero;
    RANKNET__V ca = zero, lsum = zero, cur, x[RANKNET__ROWS], e[RANKNET__ROWS], wt[RANKNET__ROWS];
    RANKNET__V vgl = zero, vw = zero;
    RANKNET__M sign = (RANKNET__M)(-zero), gt[RANKNET__ROWS], tie[RANKNET__ROWS], mask[RANKNET__ROWS];
    int r, t;
    if (masked) {
        static const RANKNET__T lanes[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
        memcpy(&kk, lanes, sizeof kk);
        kk += (RANKNET__T)k;
    }
    memcpy(&vs, sj + k, sizeof vs);
    memcpy(&vy, yj + k, sizeof vy);
    if (weighted) {
        memcpy(&vg, gj + k, sizeof vg);
        memcpy(&vd, dj + k, sizeof vd);
    }
    if (sg) {
        if (sg->lo) memcpy(&vgl, sg->glj + k, sizeof vgl);
        if (sg->iw) memcpy(&vw, sg->wj + k, sizeof vw);
    }
    RANKNET__UNROLL
    for (r = 0; r < rows; ++r) {
        x[r] = c * (vs - w->row[r].s);
        e[r] = x[r];
        hooks.negabs(&e[r]);
    }
    RANKNET__K(_exp2_rows)(e, rows);
    if (!sg) { /* plain RankNet and delta NDCG: one pass, as fast as it gets */
        RANKNET__UNROLL
        for (r = 0; r < rows; ++r) {
            RANKNET__V pr = (RANKNET__T)1 / (e[r] + (RANKNET__T)1), q = e[r] * pr, gr, hr = q * pr;
            hooks.lambda(&gr, &gt[r], &tie[r], &x[r], &pr, &q, &w->row[r].y, &vy);
            if (weighted) {
                RANKNET__V dg = w->row[r].gain - vg, dd = w->row[r].disc - vd;
                wt[r] = (RANKNET__V)((RANKNET__M)dg & ~sign) * (RANKNET__V)((RANKNET__M)dd & ~sign);
                gr *= wt[r];
                hr *= wt[r];
            }
            if (masked) {
                RANKNET__V end = zero + (RANKNET__T)m;
                RANKNET__M below;
                hooks.gt(&mask[r], &kk, &w->row[r].lim);
                hooks.gt(&below, &end, &kk);
                mask[r] &= below;
                if (skip) mask[r] &= ~tie[r];
                gr = (RANKNET__V)(mask[r] & (RANKNET__M)gr);
                hr = (RANKNET__V)(mask[r] & (RANKNET__M)hr);
            }
            w->row[r].g += gr;
            w->row[r].h += hr;
            cg += gr;
            ch += hr;
            if (weighted) ca += (RANKNET__V)((RANKNET__M)gr & ~sign);
        }
    } else {
        RANKNET__V col[6];
        col[0] = vs;
        col[1] = vy;
        col[2] = vg;
        col[3] = vd;
        col[4] = vgl;
        col[5] = vw;
        RANKNET__K(_staged_rows)(w, col, k, m, &kk, masked, x, e, wt, gt, tie, mask, &cg, &ch, &ca, rows, hooks, sg);
    }
    if (weighted) w->a += ca;
    if (want_loss) {
        RANKNET__UNROLL
        for (r = 0; r < rows; ++r) {
            RANKNET__V xn = sigma * (vs - w->row[r].s), ax = (RANKNET__V)((RANKNET__M)xn & ~sign), l = e[r];
            RANKNET__M wrong =
                (gt[r] & ((RANKNET__M)-xn >> top_bit)) | (~gt[r] & ~tie[r] & ((RANKNET__M)xn >> top_bit));
            RANKNET__K(_log1p01)(&l);
            l += (RANKNET__V)((wrong & (RANKNET__M)ax) | (tie[r] & (RANKNET__M)(half * ax)));
            if (weighted) l *= wt[r];
            if (masked) l = (RANKNET__V)(mask[r] & (RANKNET__M)l);
            lsum += l;
        }
        for (t = 0; t < RANKNET__L; ++t) w->loss[t] += (double)lsum[t]; /* float sums of n terms drift */
    }
    memcpy(&cur, cgs + k, sizeof cur);
    cur -= cg;
    memcpy(cgs + k, &cur, sizeof cur);
    memcpy(&cur, chs + k, sizeof cur);
    cur += ch;
    memcpy(chs + k, &cur, sizeof cur);
}

RANKNET__INLINE double RANKNET__K(_kernel)(const ranknet__task *tk, double *abs_lambdas, int want_loss, int weighted,
                                           int general, int rows, RANKNET__K(_hooks) hooks)
{
    RANKNET__ALIGNED RANKNET__T sj[RANKNET__KBLOCK + RANKNET__L], yj[RANKNET__KBLOCK + RANKNET__L],
        gj[RANKNET__KBLOCK + RANKNET__L];
    RANKNET__ALIGNED RANKNET__T dj[RANKNET__KBLOCK + RANKNET__L], cgs[RANKNET__KBLOCK + RANKNET__L],
        chs[RANKNET__KBLOCK + RANKNET__L];
    RANKNET__T *glj = NULL, *wj = NULL; /* staged: in the query's scratch, not on this stack */
    double colg[RANKNET__KBLOCK], colh[RANKNET__KBLOCK], loss = 0, asum = 0;
    const RANKNET__T *s = (const RANKNET__T *)tk->s.p, *y = (const RANKNET__T *)tk->y.p;
    RANKNET__T *grad = (RANKNET__T *)tk->grad, *hess = (RANKNET__T *)tk->hess;
    const ranknet__rank *o = weighted ? tk->order : NULL;
    const ranknet__stage *st = general ? tk->st : NULL;
    RANKNET__T *dist = NULL;
    RANKNET__K(_staged) staged, *sg = NULL;
    const RANKNET__V zero = {0};
    const double sigma_d = tk->sigma;
    const RANKNET__T sigma = (RANKNET__T)sigma_d, c = (RANKNET__T)(sigma_d * 1.4426950408889634);
    const int skip = !weighted && tk->skip_ties; /* LambdaRank weighs equal labels 0 anyway */
    /* LambdaRank: rows past the cut up to a whole group are real pairs of weight 0 (both
       discounts 0, or a staged row factor 0), cheaper than masking the group's every step */
    size_t n = general ? tk->cols : tk->n, cut = tk->cut, jb, i0, k;
    size_t whole = (cut + (size_t)rows - 1) / (size_t)rows * (size_t)rows;
    size_t nrows = !weighted ? n : whole < n ? whole : n;
    int r, t;
    if (st) {
        glj = (RANKNET__T *)st->col_buf;
        wj = glj + RANKNET__KBLOCK + RANKNET__L;
        staged.glj = glj;
        staged.wj = wj;
        staged.dist = NULL;
        staged.tile = NULL;
        staged.tile_end = 0;
        staged.gap_eps = zero + (RANKNET__T)st->gap;
        staged.floor = zero + (RANKNET__T)st->hess_floor;
        staged.gap = st->gap > 0;
        staged.iw = st->iw != NULL;
        staged.skip = st->skip;
        staged.floored = st->hess_floor > 0;
        staged.lo = sizeof(RANKNET__T) == 4 && st->lo;
        sg = &staged;
        if (st->dist) { /* dist[d] at dist_buf[RANKNET__PAD + d], 0 outside 1 .. cols - 1 */
            dist = (RANKNET__T *)st->dist_buf;
            for (k = 0; k < n + 3 * RANKNET__PAD; ++k)
                dist[k] = k > RANKNET__PAD && k < RANKNET__PAD + n ? (RANKNET__T)st->dist[k - RANKNET__PAD] : 0;
            staged.dist = dist;
        }
        staged.tile = (const RANKNET__T *)st->tile; /* in this precision */
    }
    for (jb = general ? tk->col0 : 0; jb < n; jb += RANKNET__KBLOCK) {
        size_t m = n - jb < RANKNET__KBLOCK ? n - jb : RANKNET__KBLOCK,
               mpad = (m + RANKNET__L - 1) / RANKNET__L * RANKNET__L;
        int groups = 0;
        if (st) staged.tile_end = st->tile && st->tile_n > jb ? st->tile_n - jb : 0;
        for (k = 0; k < mpad; ++k) {
            size_t item = k < m ? RANKNET__K(_item)(o, jb + k, weighted) : 0;
            sj[k] = k < m ? s[item] : 0;
            yj[k] = k < m ? y[item] : 0;
            if (st) {
                double gc = k < m ? st->g_col[jb + k] : 0;
                gj[k] = (RANKNET__T)gc;
                dj[k] = k < m ? (RANKNET__T)st->d_col[jb + k] : 0;
                if (staged.lo) glj[k] = (RANKNET__T)(gc - (double)gj[k]);
                if (staged.iw) wj[k] = k < m ? (RANKNET__T)st->iw[jb + k] : 0;
            } else if (weighted) {
                gj[k] = k < m ? (RANKNET__T)o[jb + k].key : 0;
                dj[k] = k < m ? (RANKNET__T)ranknet__discount(jb + k, cut) : 0;
            }
            cgs[k] = chs[k] = 0;
            if (k < m) colg[k] = colh[k] = 0;
        }
        for (i0 = 0; i0 < nrows && i0 + 1 < jb + m; i0 += (size_t)rows) {
            RANKNET__K(_rows) w;
            /* steps [k0, kb) touch the diagonal, [kb, ke) are whole, [ke, m) the block end */
            size_t k0 = i0 + 1 > jb ? (i0 + 1 - jb) / RANKNET__L * RANKNET__L : 0;
            size_t kb =
                i0 + (size_t)rows > jb ? (i0 + (size_t)rows - jb + RANKNET__L - 1) / RANKNET__L * RANKNET__L : 0;
            size_t ke = m / RANKNET__L * RANKNET__L;
            if (kb > ke || skip || i0 + (size_t)rows > nrows) kb = ke = k0;
            for (r = 0; r < rows; ++r) { /* field by field: a memset of the whole group costs more */
                size_t i = i0 + (size_t)r, item;
                int valid = i < nrows && i + 1 < jb + m;
                item = valid ? RANKNET__K(_item)(o, i, weighted) : 0;
                w.row[r].s = zero + (valid ? s[item] : 0);
                w.row[r].y = zero + (valid ? y[item] : 0);
                if (st) {
                    double gr = valid ? st->g_row[i] : 0;
                    RANKNET__T hi = (RANKNET__T)gr;
                    w.row[r].gain = zero + hi;
                    w.row[r].glo = zero + (RANKNET__T)(gr - (double)hi);
                    w.row[r].disc = zero + (valid ? (RANKNET__T)st->d_row[i] : 0);
                    w.row[r].w = zero + (valid && st->iw ? (RANKNET__T)st->iw[i] : 0);
                    w.row[r].rv = zero + (RANKNET__T)(valid && i < cut);
                    w.row[r].doff = (ptrdiff_t)(RANKNET__PAD + jb) - (ptrdiff_t)(valid ? i : 0);
                    w.row[r].toff = (ptrdiff_t)((valid && i < cut ? i : 0) * (st->tile ? st->tile_stride : 0) + jb);
                } else if (weighted) {
                    w.row[r].gain = zero + (valid ? (RANKNET__T)o[i].key : 0);
                    w.row[r].disc = zero + (valid ? (RANKNET__T)ranknet__discount(i, cut) : 0);
                }
                w.row[r].lim = zero + (!valid   ? (RANKNET__T)(RANKNET__KBLOCK + RANKNET__L)
                                       : i < jb ? (RANKNET__T)-1
                                                : (RANKNET__T)(i - jb));
                w.row[r].g = w.row[r].h = zero;
            }
            w.a = zero;
            for (t = 0; t < RANKNET__L; ++t) w.loss[t] = 0;
            if (!weighted) { /* RankNet: three loops (one loop with two kinds of step is 10% slower here) */
                for (k = k0; k < kb; k += RANKNET__L)
                    RANKNET__STEP(&w, sj, yj, gj, dj, cgs, chs, k, m, sigma, c, 1, skip, want_loss, weighted, rows,
                                  hooks, sg);
                for (; k < ke; k += RANKNET__L)
                    RANKNET__STEP(&w, sj, yj, gj, dj, cgs, chs, k, m, sigma, c, 0, 0, want_loss, weighted, rows, hooks,
                                  sg);
                for (; k < m; k += RANKNET__L)
                    RANKNET__STEP(&w, sj, yj, gj, dj, cgs, chs, k, m, sigma, c, 1, skip, want_loss, weighted, rows,
                                  hooks, sg);
            } else { /* one copy of the masked step */
                for (k = k0; k < m; k += RANKNET__L) {
                    if (k == kb)
                        for (; k < ke; k += RANKNET__L)
                            RANKNET__STEP(&w, sj, yj, gj, dj, cgs, chs, k, m, sigma, c, 0, 0, want_loss, weighted, rows,
                                          hooks, sg);
                    if (k >= m) break;
                    RANKNET__STEP(&w, sj, yj, gj, dj, cgs, chs, k, m, sigma, c, 1, skip, want_loss, weighted, rows,
                                  hooks, sg);
                }
            }
            for (r = 0; r < rows; ++r) {
                size_t i = i0 + (size_t)r, item;
                double row_g = 0, row_h = 0;
                if (!(i < nrows && i + 1 < jb + m)) break;
                item = RANKNET__K(_item)(o, i, weighted);
                row_g = RANKNET__K(_hsum)(&w.row[r].g);
                row_h = RANKNET__K(_hsum)(&w.row[r].h);
                if (grad) grad[item] = (RANKNET__T)((double)grad[item] + sigma_d * row_g);
                if (hess) hess[item] = (RANKNET__T)((double)hess[item] + sigma_d * sigma_d * row_h);
            }
            for (t = 0; t < RANKNET__L; ++t) {
                loss += w.loss[t];
                asum += w.a[t];
            }
            if (++groups == 16) { /* the column sums move into double */
                for (k = 0; k < m; ++k) {
                    colg[k] += cgs[k];
                    colh[k] += chs[k];
                    cgs[k] = chs[k] = 0;
                }
                groups = 0;
            }
        }
        for (k = 0; k < m; ++k) {
            size_t item = RANKNET__K(_item)(o, jb + k, weighted);
            if (grad) grad[item] = (RANKNET__T)((double)grad[item] + sigma_d * (colg[k] + cgs[k]));
            if (hess) hess[item] = (RANKNET__T)((double)hess[item] + sigma_d * sigma_d * (colh[k] + chs[k]));
        }
    }
    *abs_lambdas = 2 * sigma_d * asum;
    return loss;
}

/* ApproxNDCG's pair passes (see ranknet__approx_task): a group of RANKNET__AROWS rows
   against the columns after the group's first row, a vector of columns at a time, each
   column vector loaded once for the group and its sums kept in registers across it; lanes
   j <= i or j >= n masked to 0. Row sums in lanes, column sums for a block of rows in
   cols, then both in double. */
#define RANKNET__ABLOCK 64
#define RANKNET__AROWS 4
RANKNET__INLINE void RANKNET__K(_approx)(const ranknet__approx_task *t)
{
    const RANKNET__T *s = (const RANKNET__T *)t->s, *cj_all = (const RANKNET__T *)t->c,
                     *ej_all = (const RANKNET__T *)t->e;
    const size_t n = t->n, stride = n + RANKNET__APAD;
    const RANKNET__V zero = {0}, one = zero + (RANKNET__T)1, a = zero + (RANKNET__T)t->a;
    const RANKNET__V lim = zero + (RANKNET__T)(sizeof(RANKNET__T) == 4 ? -126.0 : -1022.0);
    const int pass2 = t->pass == 2;
    RANKNET__T *col0 = (RANKNET__T *)t->cols, *col1 = col0 + stride, *col2 = col1 + stride;
    RANKNET__M iota;
    size_t i0, i, j, l;
    int r;
    for (l = 0; l < RANKNET__L; ++l) iota[l] = (RANKNET__I)l;
    for (i0 = 0; i0 < n; i0 += RANKNET__ABLOCK) {
        size_t i1 = n - i0 < RANKNET__ABLOCK ? n : i0 + RANKNET__ABLOCK, jb = i0 / RANKNET__L * RANKNET__L;
        for (j = jb; j < stride; ++j) col0[j] = col1[j] = col2[j] = 0;
        for (i = i0; i < i1; i += RANKNET__AROWS) {
            RANKNET__V si[RANKNET__AROWS], ci[RANKNET__AROWS], ei[RANKNET__AROWS];
            RANKNET__V r0[RANKNET__AROWS], r1[RANKNET__AROWS], r2[RANKNET__AROWS];
            RANKNET__M lo[RANKNET__AROWS];
            const RANKNET__M hi = (RANKNET__M){0} + (RANKNET__I)n;
            memset(lo, 0, sizeof lo); /* (GCC 12 -O2 warns of the vector array otherwise) */
            RANKNET__UNROLL
            for (r = 0; r < RANKNET__AROWS; ++r) { /* rows past i1 repeat the last with no pairs */
                size_t row = i + (size_t)r < i1 ? i + (size_t)r : i1 - 1;
                si[r] = zero + s[row];
                ci[r] = zero + (pass2 ? cj_all[row] : 0);
                ei[r] = zero + (pass2 ? ej_all[row] : 0);
                lo[r] = (RANKNET__M){0} + (RANKNET__I)(i + (size_t)r < i1 ? row : n);
                r0[r] = r1[r] = r2[r] = zero;
            }
            for (j = (i + 1) / RANKNET__L * RANKNET__L; j < n; j += RANKNET__L) {
                RANKNET__V sj, cj = zero, ej = zero, c0, c1, c2 = zero;
                RANKNET__M idx = iota + (RANKNET__I)j, inside = idx < hi;
                memcpy(&sj, s + j, sizeof sj);
                memcpy(&c0, col0 + j, sizeof c0);
                memcpy(&c1, col1 + j, sizeof c1);
                if (pass2) {
                    memcpy(&cj, cj_all + j, sizeof cj);
                    memcpy(&ej, ej_all + j, sizeof ej);
                    memcpy(&c2, col2 + j, sizeof c2);
                }
                RANKNET__UNROLL
                for (r = 0; r < RANKNET__AROWS; ++r) {
                    RANKNET__V x = (sj - si[r]) * a, u, rr, qq, p, q, pq; /* sigmoid = 1 / (1 + 2^-x) */
                    RANKNET__M neg = x < zero, ok = (idx > lo[r]) & inside;
                    u = RANKNET__SEL(RANKNET__V, RANKNET__M, neg, x, -x); /* -|x| */
                    u = RANKNET__SEL(RANKNET__V, RANKNET__M, u < lim, lim, u);
                    RANKNET__K(_exp2_rows)(&u, 1);
                    rr = one / (one + u);
                    qq = u * rr;
                    p = RANKNET__SEL(RANKNET__V, RANKNET__M, neg & ok, qq,
                                     RANKNET__SEL(RANKNET__V, RANKNET__M, ok, rr, zero));
                    q = RANKNET__SEL(RANKNET__V, RANKNET__M, neg & ok, rr,
                                     RANKNET__SEL(RANKNET__V, RANKNET__M, ok, qq, zero));
                    pq = p * q;
                    if (!pass2) {
                        r0[r] += p;
                        r1[r] += pq;
                        c0 += q;
                        c1 += pq;
                    } else {
                        RANKNET__V d = (cj - ci[r]) * pq, h = d * (q - p);
                        r0[r] += d;
                        r1[r] += ej * pq * pq;
                        r2[r] += h;
                        c0 -= d;
                        c1 += ei[r] * pq * pq;
                        c2 += h;
                    }
                }
                memcpy(col0 + j, &c0, sizeof c0);
                memcpy(col1 + j, &c1, sizeof c1);
                if (pass2) memcpy(col2 + j, &c2, sizeof c2);
            }
            for (r = 0; r < RANKNET__AROWS && i + (size_t)r < i1; ++r) {
                t->out[0][i + (size_t)r] += RANKNET__K(_hsum)(&r0[r]);
                t->out[1][i + (size_t)r] += RANKNET__K(_hsum)(&r1[r]);
                if (pass2) t->out[2][i + (size_t)r] += RANKNET__K(_hsum)(&r2[r]);
            }
        }
        for (j = i0; j < n; ++j) {
            t->out[0][j] += (double)col0[j];
            t->out[1][j] += (double)col1[j];
            if (pass2) t->out[2][j] += (double)col2[j];
        }
    }
}
#undef RANKNET__AROWS
#undef RANKNET__ABLOCK

#undef RANKNET__CAT2
#undef RANKNET__CAT
#undef RANKNET__K
#undef RANKNET__V
#undef RANKNET__M
#undef RANKNET__STEP
#undef RANKNET__KBLOCK
#undef RANKNET__P
#undef RANKNET__T
#undef RANKNET__I
#undef RANKNET__L

#endif /* RANKNET__KERNEL_TEMPLATE */

/* 5. REVISION HISTORY (CHANGELOG.md has the details)
       1.4.1 (2026-12-06)  AVX-512 float's weighted and staged kernels 9-13% faster (groups
                           of 8 rows); 78 KB less code. The RATIO bias on the staged
                           tables (one copy of each weighting's formula). Fixed: float
                           queries whose weights span more than float's range.
       1.4.0 (2026-12-06)  Listwise losses (softmax, poly1, XE-NDCG, ListMLE, ApproxNDCG);
                           DELTA_DCG; LambdaLoss's NDCG-Loss1 and -Loss2; DCG, Precision and
                           Recall; ranknet_metric_query and the bias state's reason buffer.
                           ranknet_options and ranknet_bias grow fields (ABI).
       1.3.0 (2026-12-06)  Count enumerators for every option enum (RANKNET_..._COUNT);
                           RANKNET_NO_AVX512, RANKNET_NO_AVX2; smaller kernels. Changed
                           default: RATIO position bias starts with regularizer 0 and t-
                           held (XGBoost's: RANKNET_BIAS_RATIO_XGBOOST).
       1.2.0 (2026-12-06)  Every weighting, gain table and item weight, and both engine
                           presets' top-k pairs, on the vector kernels (staged per-rank
                           tables); the engines rank by radix sort; sigmoid_table: LightGBM's
                           own arithmetic, bit for bit. ranknet_options grows a field (ABI).
       1.1.1 (2026-12-02)  Engine presets: subnormal gains (or labels near DBL_MAX) gave an
                           infinite 1 / IDCG, now scaled by a power of two; LightGBM's
                           label_gain must not fall (RANKNET_ERR_RANGE). LambdaRank kernels
                           no longer mask equal labels (their weight is 0).
       1.1.0 (2026-12-02)  Position bias from clicks: ranknet_bias (Unbiased LambdaMART's
                           t+ / t- factors, LightGBM's additive bias), ranknet_batch_unbiased,
                           ranknet_bias_update.
       1.0.0 (2026-12-02)  Statuses ERR_OPTION, ERR_OFFSETS, ERR_OVERFLOW split out of
                           ERR_RANGE; ndcg_k is k; weightings DELTA_MAP, DELTA_MRR,
                           DELTA_ERR, LAMBDALOSS, LABEL_DIFF; label-gain tables; item and
                           query weights; ranknet_metric.
       0.3.0 (2026-12-02)  Engine presets (LightGBM lambdarank, XGBoost rank:ndcg and
                           rank:pairwise, checked against both engines); normalize is a
                           ranknet_norm with RANKNET_NORM_ITEMS.
       0.2.0 (2026-12-02)  One pair kernel for both precisions and every width; LambdaRank
                           on the vector paths; top-k ranking without a C library sort;
                           AVX-512 path; float losses summed in double.
       0.1.0 (2026-11-28)  RankNet loss, lambdas and hessians; LambdaRank delta-NDCG@k
                           weights; NDCG@k; double and float; AVX2/SSE2/NEON kernels
                           chosen at run time; OpenMP batches.

   LICENSE
   This software is available under 2 licenses; choose whichever you prefer.
   ------------------------------------------------------------------------------
   ALTERNATIVE A - MIT License
   Copyright (c) 2026 the ranknet.h authors
   Permission is hereby granted, free of charge, to any person obtaining a copy of
   this software and associated documentation files (the "Software"), to deal in
   the Software without restriction, including without limitation the rights to
   use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
   of the Software, and to permit persons to whom the Software is furnished to do
   so, subject to the following conditions:
   The above copyright notice and this permission notice shall be included in all
   copies or substantial portions of the Software.
   THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
   IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
   FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
   AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
   LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
   OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
   SOFTWARE.
   ------------------------------------------------------------------------------
   ALTERNATIVE B - Public Domain (www.unlicense.org)
   This is free and unencumbered software released into the public domain.
   Anyone is free to copy, modify, publish, use, compile, sell, or distribute this
   software, either in source code form or as a compiled binary, for any purpose,
   commercial or non-commercial, and by any means.
   In jurisdictions that recognize copyright laws, the author or authors of this
   software dedicate any and all copyright interest in the software to the public
   domain. We make this dedication for the benefit of the public at large and to
   the detriment of our heirs and successors. We intend this dedication to be an
   overt act of relinquishment in perpetuity of all present and future rights to
   this software under copyright law.
   THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
   IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
   FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
   AUTHORS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN
   ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION
   WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
*/
