/* ranknet.h - v0.1.0 - RankNet / LambdaRank losses and exact derivatives - MIT or public domain

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
       4. Revision history, licence

   1. OPTIONS (define before the #include that has RANKNET_IMPLEMENTATION)
       RANKNET_STATIC        make every function static (private to one translation unit)
       RANKNET_NO_SIMD       scalar code only (no vector extensions, no run-time CPU check)
       RANKNET_ASSERT(x)     checks of the library's own invariants; default assert(x)
       RANKNET_MALLOC(sz) / RANKNET_FREE(p)
                             scratch allocation; define both or neither (default malloc/free)

   CONVENTIONS
       - Every function returns a ranknet_status; RANKNET_OK is 0.
       - On any other status nothing is written: the caller's buffers are as they were.
       - Output pointers may be NULL ("skip that output"). A NULL input array with n > 0
         is RANKNET_ERR_NULL; a NULL weight array means all weights are 1.
       - Outputs must not overlap the inputs.
       - Functions ending in f take float arrays; their scalar loss stays a double.
       - No global state: every call is reentrant and thread-safe.
       - Built with -fopenmp, ranknet_batch runs its queries in parallel; the results
         have the same bits for any number of threads.
       - RANKNET_ERR_RANGE also covers inputs whose exact result is too large to store
         (a loss beyond DBL_MAX, or a sigma so large that a lambda or hessian overflows).
*/
#ifndef RANKNET_H
#define RANKNET_H

#include <stddef.h>

#define RANKNET_VERSION_MAJOR 0
#define RANKNET_VERSION_MINOR 1
#define RANKNET_VERSION_PATCH 0
#define RANKNET_VERSION_STRING "0.1.0"

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
#define RANKNET__STATUS_LIST(X)                                                         \
    X(RANKNET_OK, "ok")                                                                 \
    X(RANKNET_ERR_NULL, "a required pointer is NULL while n > 0")                       \
    X(RANKNET_ERR_NONFINITE, "NaN or infinity in an input array")                       \
    X(RANKNET_ERR_RANGE, "input out of range (target outside [0,1], negative weight, "  \
                         "bad option, bad offsets, or a result too large to represent)") \
    X(RANKNET_ERR_NOMEM, "out of memory")

#define RANKNET__ENUM_ITEM(name, msg) name,
typedef enum ranknet_status { RANKNET__STATUS_LIST(RANKNET__ENUM_ITEM) RANKNET__STATUS_COUNT } ranknet_status;
#undef RANKNET__ENUM_ITEM

typedef enum { RANKNET_TIES_HALF = 0, RANKNET_TIES_SKIP } ranknet_ties;
typedef enum { RANKNET_WEIGHT_NONE = 0, RANKNET_WEIGHT_DELTA_NDCG } ranknet_weighting;
typedef enum { RANKNET_GAIN_EXP2 = 0, RANKNET_GAIN_LINEAR } ranknet_gain;
/* Which code runs the RankNet pair loop. AUTO picks the fastest the CPU has, checked at
   run time (AVX2 + FMA on x86-64 when present, else SSE2; NEON on aarch64; scalar
   elsewhere and under RANKNET_NO_SIMD). Asking for a path the CPU or the build lacks is
   RANKNET_ERR_RANGE. Paths agree within a few ulp per pair; each is deterministic. */
typedef enum {
    RANKNET_SIMD_AUTO = 0,
    RANKNET_SIMD_SCALAR,
    RANKNET_SIMD_SSE2,
    RANKNET_SIMD_AVX2, /* AVX2 + FMA */
    RANKNET_SIMD_NEON
} ranknet_simd;

/* All-zero, or a NULL pointer, means the defaults. */
typedef struct ranknet_options {
    double            sigma;     /* steepness of the sigmoid; 0 selects 1.0, otherwise > 0 */
    ranknet_ties      ties;      /* equal labels: target 1/2 (default) or skip the pair */
    ranknet_weighting weighting; /* RANKNET_WEIGHT_NONE (RankNet) or _DELTA_NDCG (LambdaRank) */
    size_t            ndcg_k;    /* LambdaRank: NDCG truncation k; 0 = the whole list */
    ranknet_gain      gain;      /* LambdaRank: label gain 2^y - 1 (default) or y */
    int               normalize; /* LambdaRank: nonzero scales a query's lambdas and hessians
                                    by log2(1 + S) / S, S = sum of |pair lambdas| (LightGBM's
                                    lambdarank_norm, without its score-gap division) */
    ranknet_simd      simd;      /* code path; AUTO (default) picks the fastest */
} ranknet_options;

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
RANKNETDEF int ranknet_simd_supported(ranknet_simd path);    /* 1 if this CPU and build can run it */
RANKNETDEF ranknet_simd ranknet_simd_best(void);             /* what RANKNET_SIMD_AUTO runs */
RANKNETDEF const char *ranknet_simd_string(ranknet_simd path); /* "avx2+fma", ...; never NULL */

/* (1) Pairwise BCE on differences d_k = s_i - s_j, targets t_k in [0,1], weights w_k >= 0
       (NULL = all 1). SUM over pairs:
           loss = sum_k w_k (softplus(d_k) - t_k d_k),   grad_k = w_k (sigmoid(d_k) - t_k) */
RANKNETDEF ranknet_status ranknet_pair_bce(const double *diff, const double *target, const double *weight,
                                           size_t n, double *loss, double *grad);
RANKNETDEF ranknet_status ranknet_pair_bcef(const float *diff, const float *target, const float *weight,
                                            size_t n, double *loss, float *grad);

/* (2) -log sigmoid of pairs already ordered (i above j), MEAN over pairs (n = 0 gives 0):
           loss = (1/n) sum_k w_k softplus(-d_k),        grad_k = -(w_k / n) sigmoid(-d_k)    */
RANKNETDEF ranknet_status ranknet_logsigmoid_loss(const double *diff, const double *weight, size_t n,
                                                  double *loss, double *grad);
RANKNETDEF ranknet_status ranknet_logsigmoid_lossf(const float *diff, const float *weight, size_t n,
                                                   double *loss, float *grad);

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
RANKNETDEF ranknet_status ranknet_queryf(const ranknet_options *opt, const float *scores, const float *labels,
                                         size_t n, double *loss, float *grad, float *hess);

/* Many queries: query q is rows [offsets[q], offsets[q+1]); offsets has n_queries + 1
   entries, offsets[0] == 0, nondecreasing (NULL allowed when n_queries == 0).
   loss = the sum of the queries' losses; grad and hess have offsets[n_queries] rows.      */
RANKNETDEF ranknet_status ranknet_batch(const ranknet_options *opt, const double *scores, const double *labels,
                                        const size_t *offsets, size_t n_queries, double *loss, double *grad,
                                        double *hess);
RANKNETDEF ranknet_status ranknet_batchf(const ranknet_options *opt, const float *scores, const float *labels,
                                         const size_t *offsets, size_t n_queries, double *loss, float *grad,
                                         float *hess);

/* LambdaRank is ranknet_query / ranknet_batch with opt->weighting = RANKNET_WEIGHT_DELTA_NDCG.
   Items are ranked by score, descending, equal scores by lower index first (rank 0 is the
   top). With gain G (2^y - 1, or y), discount D(r) = 1 / log2(r + 2) for r < k, else 0
   (k = opt->ndcg_k, 0 = the whole list), and IDCG@k the DCG@k of the labels sorted:
       w_ij = |G(y_i) - G(y_j)| |D(r_i) - D(r_j)| / IDCG@k
   exactly the change in NDCG@k when i and j swap places. It multiplies the pair's loss,
   lambda and hessian above and is held constant (not differentiated). Equal labels give
   w = 0 whatever the tie mode; a query with IDCG = 0 gets loss, grad and hess 0. Labels
   must be >= 0 (else RANKNET_ERR_RANGE); huge labels are handled by scaling every gain
   by one factor, which cancels. Only pairs with an item in the top k are visited:
   O(k n + n log n) time, O(n) scratch through RANKNET_MALLOC (RANKNET_ERR_NOMEM when it
   fails, with nothing written).

   NDCG@k of a ranking by score, gain 2^y - 1, the same rank and tie rule, k = 0 for the
   whole list. A query whose IDCG is 0 (no relevant item) scores 1.0, as in LightGBM.       */
RANKNETDEF ranknet_status ranknet_ndcg(const double *scores, const double *labels, size_t n, size_t k,
                                       double *ndcg);
RANKNETDEF ranknet_status ranknet_ndcgf(const float *scores, const float *labels, size_t n, size_t k,
                                        double *ndcg);

#ifdef __cplusplus
}
#endif
#endif /* RANKNET_H */

/* 3. IMPLEMENTATION */
#if defined(RANKNET_IMPLEMENTATION) && !defined(RANKNET__IMPLEMENTED)
#define RANKNET__IMPLEMENTED

#include <float.h>
#include <math.h>
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
#ifndef RANKNET_MALLOC
#include <stdlib.h>
#define RANKNET_MALLOC(sz) malloc(sz)
#define RANKNET_FREE(p) free(p)
#endif

/* Pairs are processed in column blocks of this many items, staged on the stack in double:
   float inputs and outputs then share the double kernel, column sums are accumulated in
   double, and an output is rounded only once per block. */
#define RANKNET__BLOCK 256

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
static double ranknet__pair(double d, double t, double *g, double *h, int want_loss)
{
    double a = fabs(d), e = exp(-a), r = 1.0 / (1.0 + e);
    double p = d >= 0 ? r : e * r, q = d >= 0 ? e * r : r; /* q = 1 - p */
    double c;
    *g = t <= 0.5 ? p - t : (1.0 - t) - q;
    *h = e * r * r;
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

static double ranknet__target(double yi, double yj)
{
    return yi > yj ? 1.0 : yi < yj ? 0.0 : 0.5;
}

/* --- options ---------------------------------------------------------------------------- */

typedef struct ranknet__cfg {
    double sigma;
    int    skip_ties;
    int    ndcg; /* RANKNET_WEIGHT_DELTA_NDCG */
    size_t k;    /* NDCG truncation; 0 = the whole list */
    int    linear_gain;
    int    normalize;
    ranknet_simd path; /* resolved: never RANKNET_SIMD_AUTO */
    int    simd_safe;  /* scores and sigma in the range the SIMD kernels take (no overflow) */
} ranknet__cfg;

static ranknet_status ranknet__config(const ranknet_options *opt, ranknet__cfg *c)
{
    ranknet_options o;
    if (opt) o = *opt;
    else memset(&o, 0, sizeof o);
    if (!(o.sigma >= 0) || o.sigma > DBL_MAX) return RANKNET_ERR_RANGE; /* also NaN */
    if (o.ties != RANKNET_TIES_HALF && o.ties != RANKNET_TIES_SKIP) return RANKNET_ERR_RANGE;
    if (o.weighting != RANKNET_WEIGHT_NONE && o.weighting != RANKNET_WEIGHT_DELTA_NDCG) return RANKNET_ERR_RANGE;
    if (o.gain != RANKNET_GAIN_EXP2 && o.gain != RANKNET_GAIN_LINEAR) return RANKNET_ERR_RANGE;
    c->sigma = o.sigma == 0 ? 1.0 : o.sigma;
    c->skip_ties = o.ties == RANKNET_TIES_SKIP;
    c->ndcg = o.weighting == RANKNET_WEIGHT_DELTA_NDCG;
    c->k = o.ndcg_k;
    c->linear_gain = o.gain == RANKNET_GAIN_LINEAR;
    c->normalize = o.normalize != 0;
    c->path = o.simd == RANKNET_SIMD_AUTO ? ranknet_simd_best() : o.simd;
    c->simd_safe = 0;
    if (!ranknet_simd_supported(c->path)) return RANKNET_ERR_RANGE;
    return RANKNET_OK;
}

/* Scans v[0..n) for NaN/inf; *lo and *hi get the extremes (updated, not reset). */
static int ranknet__finite(ranknet__vec v, size_t n, double *lo, double *hi)
{
    size_t i;
    for (i = 0; i < n; ++i) {
        double x = ranknet__get(v, i);
        if (!(x - x == 0)) return 0; /* NaN or inf */
        if (x < *lo) *lo = x;
        if (x > *hi) *hi = x;
    }
    return 1;
}

/* --- NDCG: ranks, gains, discounts --------------------------------------------------------- */

/* An item and its sort key. Sorted by key descending, equal keys by index ascending, so
   that score ties rank the lower index first. */
typedef struct ranknet__rank {
    double key;
    size_t idx;
} ranknet__rank;

static int ranknet__by_key(const void *pa, const void *pb)
{
    const ranknet__rank *a = (const ranknet__rank *)pa, *b = (const ranknet__rank *)pb;
    if (a->key != b->key) return a->key > b->key ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* One query's NDCG@k context: the ranking by score and the gain scaling. */
typedef struct ranknet__ndcg {
    const ranknet__rank *order; /* order[r].idx is the item at rank r */
    size_t cut;                 /* ranks below this have discount 0 */
    int    linear;
    double gain_shift;          /* exp2 gains as 2^(y - shift) - 2^-shift: 2^y itself may overflow */
    double gain_top;            /* every gain is divided by the largest one */
    double idcg;                /* in the same scaled units: >= 1 when positive */
} ranknet__ndcg;

/* Every NDCG quantity is a ratio of gains, so a common factor cancels exactly (up to
   rounding). Dividing by the largest gain keeps 2^y, the DCG sums and 1 / IDCG finite for
   any label, huge or subnormal. */
static double ranknet__raw_gain(const ranknet__ndcg *w, double y)
{
    if (w->linear) return y;
    if (w->gain_shift > 0) return exp2(y - w->gain_shift) - exp2(-w->gain_shift);
    return y >= 1 ? exp2(y) - 1.0 : expm1(y * 0.69314718055994530942); /* exact near y = 0 */
}

static double ranknet__gain(const ranknet__ndcg *w, double y)
{
    return ranknet__raw_gain(w, y) / w->gain_top;
}

static double ranknet__discount(const ranknet__ndcg *w, size_t rank)
{
    return rank < w->cut ? 1.0 / log2((double)rank + 2.0) : 0.0;
}

/* Fills w for one query (labels >= 0 checked by the caller); scratch has n entries and
   ends up holding the ranking by score. */
static void ranknet__ndcg_setup(ranknet__ndcg *w, ranknet__rank *scratch, size_t k, int linear, ranknet__vec s,
                                ranknet__vec y, size_t n)
{
    double ymax = 0;
    size_t i;
    w->order = scratch;
    w->cut = k == 0 || k > n ? n : k;
    for (i = 0; i < n; ++i)
        if (ranknet__get(y, i) > ymax) ymax = ranknet__get(y, i);
    /* below 1e-300, 2^y - 1 is y ln 2 to 1e-300 relative: the linear gain gives the same
       ratios without the rounding of subnormal products */
    w->linear = linear || ymax < 1e-300;
    w->gain_shift = !w->linear && ymax > 900 ? ymax : 0;
    w->gain_top = 1.0;
    w->gain_top = ranknet__raw_gain(w, ymax);
    if (!(w->gain_top > 0)) w->gain_top = 1.0; /* all labels 0: IDCG = 0 */
    for (i = 0; i < n; ++i) {
        scratch[i].key = ranknet__get(y, i);
        scratch[i].idx = i;
    }
    qsort(scratch, n, sizeof *scratch, ranknet__by_key);
    w->idcg = 0;
    for (i = 0; i < w->cut; ++i) w->idcg += ranknet__gain(w, scratch[i].key) * ranknet__discount(w, i);
    for (i = 0; i < n; ++i) {
        scratch[i].key = ranknet__get(s, i);
        scratch[i].idx = i;
    }
    qsort(scratch, n, sizeof *scratch, ranknet__by_key);
}

/* --- the pair kernel ------------------------------------------------------------------------ */

/* One query: every pair once, the pair's p - t added to the higher-placed item and
   subtracted from the other, p (1 - p) added to both. Plain RankNet (w == NULL) takes the
   pairs i < j in input order, each of weight 1. With w, pairs are taken in rank order,
   (r, r') with r < r' and r < w->cut, each weighted by its |delta NDCG|; pairs beyond the
   cut have weight 0 and are never visited, so the cost is O(cut n).
   Outputs must be zeroed. Returns the loss (0 unless want_loss) and, in *abs_lambdas, the
   sum over ordered pairs of |weighted pair lambda| (LightGBM's normalisation uses it). */
static double ranknet__query_kernel(const ranknet__cfg *c, const ranknet__ndcg *w, ranknet__vec s, ranknet__vec y,
                                    size_t n, int want_loss, void *grad, void *hess, double *abs_lambdas)
{
    double sj[RANKNET__BLOCK], yj[RANKNET__BLOCK], gj[RANKNET__BLOCK], dj[RANKNET__BLOCK];
    double colg[RANKNET__BLOCK], colh[RANKNET__BLOCK];
    double sigma = c->sigma, sigma2 = sigma * sigma, loss = 0, abs_sum = 0;
    double inv_idcg;
    /* gains are divided by the largest, and it sits at rank 0 of the ideal order: a
       positive IDCG is >= 1, so 1 / IDCG and every w_ij stay finite */
    RANKNET_ASSERT(!w || w->idcg >= 1.0);
    inv_idcg = w ? 1.0 / w->idcg : 1.0;
    size_t rows = w ? w->cut : n, jb, i, k;
    int f32 = s.f32;
    for (jb = 0; jb < n; jb += RANKNET__BLOCK) {
        size_t m = n - jb < RANKNET__BLOCK ? n - jb : RANKNET__BLOCK;
        double block_loss = 0;
        for (k = 0; k < m; ++k) {
            size_t item = w ? w->order[jb + k].idx : jb + k;
            sj[k] = ranknet__get(s, item);
            yj[k] = ranknet__get(y, item);
            gj[k] = w ? ranknet__gain(w, yj[k]) : 0;
            dj[k] = w ? ranknet__discount(w, jb + k) : 0;
            colg[k] = colh[k] = 0;
        }
        for (i = 0; i < rows && i + 1 < jb + m; ++i) {
            size_t item = w ? w->order[i].idx : i;
            double si = ranknet__get(s, item), yi = ranknet__get(y, item);
            double gi = w ? ranknet__gain(w, yi) : 0, di = w ? ranknet__discount(w, i) : 0;
            double rg = 0, rh = 0, rl = 0, ra = 0;
            for (k = i < jb ? 0 : i - jb + 1; k < m; ++k) {
                double g, h, l, wt = 1;
                if (w) {
                    wt = fabs(gi - gj[k]) * fabs(di - dj[k]) * inv_idcg;
                    if (wt == 0) continue; /* equal labels, or both items beyond the cut */
                } else if (c->skip_ties && yi == yj[k]) {
                    continue;
                }
                l = ranknet__pair(ranknet__scaled_diff(sigma, si, sj[k]), ranknet__target(yi, yj[k]), &g, &h,
                                  want_loss);
                g *= wt;
                h *= wt;
                rl += wt * l;
                rg += g;
                rh += h;
                ra += fabs(g);
                colg[k] -= g;
                colh[k] += h;
            }
            if (grad) ranknet__add(grad, f32, item, sigma * rg);
            if (hess) ranknet__add(hess, f32, item, sigma2 * rh);
            block_loss += rl;
            abs_sum += ra;
        }
        for (k = 0; k < m; ++k) {
            size_t item = w ? w->order[jb + k].idx : jb + k;
            if (grad) ranknet__add(grad, f32, item, sigma * colg[k]);
            if (hess) ranknet__add(hess, f32, item, sigma2 * colh[k]);
        }
        loss += block_loss;
    }
    *abs_lambdas = 2 * sigma * abs_sum;
    return loss;
}

/* --- SIMD kernels for plain RankNet ----------------------------------------------------------

   One body per precision, written with GCC/Clang vector extensions (8 float or 4 double
   lanes) and inlined into one function per instruction set: with target("avx2,fma") on
   x86-64, and without (SSE2 on x86-64, NEON on aarch64). Same structure as the scalar
   kernel: column blocks of RANKNET__BLOCK items staged on the stack; a group of rows (8
   float or 4 double rows under AVX2, 4 in the 128-bit builds) shares each column load and
   column-sum update. The pair math is one long dependency chain (exp, divide, select), so
   speed comes from many independent rows in flight: 8 float rows took 14% less time than
   4 here, though some row sums then live on the stack. Plain `cc -O2` (GNU C)
   contracts a * b + c into FMA in the AVX2 build; strict ISO modes (-std=c99) keep
   separate multiply and add, which only costs speed.

   Accuracy: the float kernel works in base 2 (2^x by a degree-6 minimax polynomial, Horner,
   exact 2^n scaling; measured worst relative error 1.3e-7), the double kernel by Cody-Waite
   reduction and the degree-13 Taylor polynomial of e^r by Estrin's scheme (4.0e-16): under
   2 ulp, tested. Saturated pairs (|d| beyond about 87.7, or 708 in double) come out exact.
   log1p(e) for e in [0,1] is 2 atanh(e / (2 + e)) by its series (7 and 17 terms). Per
   pair the paths agree within a few ulp; float lanes are summed in float over at most 32
   pairs before they move to double. Each path is deterministic: the same inputs give the
   same bits. */

#if !defined(RANKNET_NO_SIMD) && (defined(__GNUC__) || defined(__clang__)) && \
    (defined(__x86_64__) || defined(__aarch64__))
#define RANKNET__SIMD 1
#if defined(__x86_64__)
#include <immintrin.h>
#endif

typedef float ranknet__vf __attribute__((vector_size(32)));
typedef int ranknet__vi __attribute__((vector_size(32)));
typedef double ranknet__vd __attribute__((vector_size(32)));
typedef long long ranknet__vl __attribute__((vector_size(32)));
#define RANKNET__INLINE static inline __attribute__((always_inline))
#define RANKNET__UNROLL _Pragma("GCC unroll 16") /* keeps the row vectors in registers */
#define RANKNET__ROWS 8 /* at most: rows in a group */
#define RANKNET__ALIGNED __attribute__((aligned(32))) /* staged columns: no load splits a cache line */

/* Helpers take pointers: a 32-byte vector passed by value to a function without AVX draws
   GCC's ABI warning, even when the call is always inlined. Scalars broadcast by themselves
   in vector arithmetic. */
#define RANKNET__SEL(T, I, m, a, b) ((T)(((m) & (I)(a)) | (~(m) & (I)(b))))

/* x[r] = 2^x[r] for x in [-127, 127] (callers clamp; from -126.5 down the result is exactly
   0): x = n + f with |f| <= 1/2 exactly, the minimax polynomial of 2^f of degree 6
   (relative error 1.9e-9), 2^n by exponent bits (n = -127 gives the bits of 0). Horner's
   scheme: fewest operations, and the rows are independent chains for the out-of-order core. */
RANKNET__INLINE void ranknet__vf_exp2_rows(ranknet__vf *x, int rows)
{
    const float magic = 12583039.0f; /* 1.5 * 2^23 + 127: adding it rounds to n + 127 */
    int i;
    RANKNET__UNROLL
    for (i = 0; i < rows; ++i) {
        ranknet__vf k = x[i] + magic, f = x[i] - (k - magic), p;
        ranknet__vi bits = (ranknet__vi)k << 23; /* (n + 127) << 23: the high bits of magic shift out */
        p = f * 1.53458122e-4f + 1.33999312e-3f;
        p = p * f + 9.61848896e-3f;
        p = p * f + 5.55032878e-2f;
        p = p * f + 2.40226469e-1f;
        p = p * f + 6.93147206e-1f;
        x[i] = (p * f + 1.0f) * (ranknet__vf)bits;
    }
}

/* The same in double for x in [-709, 708] (0 below -708.7), degree 13 (truncation
   < 5e-18 relative), Estrin's scheme 4 FMAs deep. */
RANKNET__INLINE void ranknet__vd_exp_rows(ranknet__vd *x, int rows)
{
    const double magic = 6755399441055744.0; /* 1.5 * 2^52 */
    ranknet__vd n[RANKNET__ROWS], r[RANKNET__ROWS], r2[RANKNET__ROWS], r4[RANKNET__ROWS], a[RANKNET__ROWS];
    ranknet__vd c[RANKNET__ROWS], e[RANKNET__ROWS];
    ranknet__vl bits[RANKNET__ROWS];
    int i;
    RANKNET__UNROLL
    for (i = 0; i < rows; ++i) {
        ranknet__vd k = x[i] * 1.4426950408889634 + magic;
        n[i] = k - magic;
        bits[i] = ((ranknet__vl)k - (0x4338000000000000LL - 1023)) << 52;
    }
    RANKNET__UNROLL
    for (i = 0; i < rows; ++i) r[i] = x[i] - n[i] * 6.93147180369123816490e-01;
    RANKNET__UNROLL
    for (i = 0; i < rows; ++i) r[i] = r[i] - n[i] * 1.90821492927058770002e-10;
    RANKNET__UNROLL
    for (i = 0; i < rows; ++i) {
        ranknet__vd b, d, f, g;
        r2[i] = r[i] * r[i];
        a[i] = r[i] + 1.0;                              /* 1/0! + r/1! */
        b = r[i] * (1.0 / 6) + 0.5;                     /* 2!, 3! */
        c[i] = r[i] * (1.0 / 120) + 1.0 / 24;           /* 4!, 5! */
        d = r[i] * (1.0 / 5040) + 1.0 / 720;            /* 6!, 7! */
        e[i] = r[i] * (1.0 / 362880) + 1.0 / 40320;     /* 8!, 9! */
        f = r[i] * (1.0 / 39916800) + 1.0 / 3628800;    /* 10!, 11! */
        g = r[i] * (1.0 / 6227020800.0) + 1.0 / 479001600; /* 12!, 13! */
        r4[i] = r2[i] * r2[i];
        a[i] += r2[i] * b;
        c[i] += r2[i] * d;
        e[i] += r2[i] * f;
        e[i] += r4[i] * g;
    }
    RANKNET__UNROLL
    for (i = 0; i < rows; ++i) {
        a[i] += r4[i] * c[i];
        x[i] = (a[i] + (r4[i] * r4[i]) * e[i]) * (ranknet__vd)bits[i];
    }
}

/* *e = log(1 + e) for e in [0, 1]: 2 atanh(z), z = e / (2 + e) <= 1/3, by its series */
RANKNET__INLINE void ranknet__vf_log1p01(ranknet__vf *e)
{
    ranknet__vf z = *e / (*e + 2.0f), z2 = z * z, s = z2 * (1.0f / 15) + 1.0f / 13;
    int t;
    RANKNET__UNROLL
    for (t = 11; t >= 1; t -= 2) s = s * z2 + 1.0f / (float)t;
    *e = 2.0f * z * s;
}

RANKNET__INLINE void ranknet__vd_log1p01(ranknet__vd *e)
{
    ranknet__vd z = *e / (*e + 2.0), z2 = z * z, s = z2 * (1.0 / 35) + 1.0 / 33;
    int t;
    RANKNET__UNROLL
    for (t = 31; t >= 1; t -= 2) s = s * z2 + 1.0 / (double)t;
    *e = 2.0 * z * s;
}

/* Row state of a group of RANKNET__ROWS rows: broadcast score and label, running lambda
   and hessian sums, and the diagonal: lanes with local column index <= lim belong to
   pairs j <= i and are masked off. */
typedef struct ranknet__f32rows {
    ranknet__vf s[RANKNET__ROWS], g[RANKNET__ROWS], h[RANKNET__ROWS], loss;
    ranknet__vi y[RANKNET__ROWS], lim[RANKNET__ROWS];
} ranknet__f32rows;

typedef struct ranknet__f64rows {
    ranknet__vd s[RANKNET__ROWS], y[RANKNET__ROWS], g[RANKNET__ROWS], h[RANKNET__ROWS], loss, lim[RANKNET__ROWS];
} ranknet__f64rows;

/* Instruction-set hooks: constant function pointers that both compilers inline. They
   hold the clamps and selects (min/max and blendv under AVX2) and the comparisons: GCC 12
   without AVX compares 32-byte vectors one lane at a time in scalar code (on aarch64 too),
   so the 128-bit builds compare 16-byte halves. */
typedef struct ranknet__vf_hooks {
    void (*negabs)(ranknet__vf *x);                                              /* x = max(-|x|, -127) */
    void (*sel_neg)(ranknet__vf *m, const ranknet__vf *a, const ranknet__vf *b); /* m = m < 0 ? a : b, by sign bit */
    void (*gt)(ranknet__vi *r, const ranknet__vi *a, const ranknet__vi *b);      /* r = a > b */
    void (*eq)(ranknet__vi *r, const ranknet__vi *a, const ranknet__vi *b);      /* r = a == b */
} ranknet__vf_hooks;
typedef struct ranknet__vd_hooks {
    void (*clamp)(ranknet__vd *x); /* x to [-709, 708]: e^x stays normal */
    void (*gt)(ranknet__vl *r, const ranknet__vd *a, const ranknet__vd *b);
    void (*eq)(ranknet__vl *r, const ranknet__vd *a, const ranknet__vd *b);
} ranknet__vd_hooks;

typedef int ranknet__vi2 __attribute__((vector_size(16)));
typedef double ranknet__vd2 __attribute__((vector_size(16)));
#define RANKNET__HALVES(T2, r, a, b, op)                                                                       \
    do {                                                                                                       \
        T2 a2_[2], b2_[2];                                                                                     \
        memcpy(a2_, a, sizeof a2_);                                                                            \
        memcpy(b2_, b, sizeof b2_);                                                                            \
        a2_[0] = (T2)(a2_[0] op b2_[0]);                                                                       \
        a2_[1] = (T2)(a2_[1] op b2_[1]);                                                                       \
        memcpy(r, a2_, sizeof a2_);                                                                            \
    } while (0)
static inline void ranknet__vi_gt(ranknet__vi *r, const ranknet__vi *a, const ranknet__vi *b)
{
    RANKNET__HALVES(ranknet__vi2, r, a, b, >);
}
static inline void ranknet__vi_eq(ranknet__vi *r, const ranknet__vi *a, const ranknet__vi *b)
{
    RANKNET__HALVES(ranknet__vi2, r, a, b, ==);
}
static inline void ranknet__vd_gt(ranknet__vl *r, const ranknet__vd *a, const ranknet__vd *b)
{
    RANKNET__HALVES(ranknet__vd2, r, a, b, >);
}
static inline void ranknet__vd_eq(ranknet__vl *r, const ranknet__vd *a, const ranknet__vd *b)
{
    RANKNET__HALVES(ranknet__vd2, r, a, b, ==);
}
/* A float with its sign bit set orders as a signed integer in reverse: the float max of
   two such values is the integer min. */
static inline void ranknet__vf_negabs(ranknet__vf *x)
{
    ranknet__vi v = (ranknet__vi)*x | (int)0x80000000, lim = v * 0 + (int)0xC2FE0000, m; /* -127.0f */
    ranknet__vi_gt(&m, &v, &lim);
    *x = (ranknet__vf)RANKNET__SEL(ranknet__vi, ranknet__vi, m, lim, v);
}
static inline void ranknet__vf_sel_neg(ranknet__vf *m, const ranknet__vf *a, const ranknet__vf *b)
{
    *m = RANKNET__SEL(ranknet__vf, ranknet__vi, (ranknet__vi)*m >> 31, *a, *b);
}
static inline void ranknet__vd_clamp(ranknet__vd *x)
{
    const ranknet__vd lo = {-709.0, -709.0, -709.0, -709.0}, hi = {708.0, 708.0, 708.0, 708.0};
    ranknet__vl m;
    ranknet__vd_gt(&m, &lo, x);
    *x = RANKNET__SEL(ranknet__vd, ranknet__vl, m, lo, *x);
    ranknet__vd_gt(&m, x, &hi);
    *x = RANKNET__SEL(ranknet__vd, ranknet__vl, m, hi, *x);
}

/* 8 columns k..k+7 against the row group. All in base 2: x = sigma log2(e) (s_j - s_i)
   = -d log2(e) and e = 2^-|x| = e^-|d|; then r = 1 / (1 + e) and q = e r are p and 1 - p
   in the order the sign of x gives, each with full relative precision however small, and
   p (1 - p) = q r. For t = 1 the lambda is -(1 - p), which is p with the sign of x and
   of the result flipped. Past |x| = 126.5 e is exactly 0: p = 1 or 0 exactly, as the
   scalar exp rounds them. The loss is c |d| + log1p(e). masked: lanes left of the
   diagonal, past the block end m, or (skip) with equal labels count for nothing. Labels
   come as order-preserving integer keys (ranknet__f32_key): integer compares. */
RANKNET__INLINE void ranknet__f32_step(ranknet__f32rows *w, const float *sj, const int *yj, float *cgf, float *chf,
                                       size_t k, size_t m, float sigma, float c, int masked, int skip, int want_loss,
                                       int rows, ranknet__vf_hooks hooks)
{
    const ranknet__vi lane = {0, 1, 2, 3, 4, 5, 6, 7};
    const ranknet__vf half = {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f};
    ranknet__vi kk = lane + (int)k, vy, gt[RANKNET__ROWS], tie[RANKNET__ROWS], mask[RANKNET__ROWS];
    ranknet__vf vs, cg = {0}, ch = {0}, cur, x[RANKNET__ROWS], e[RANKNET__ROWS];
    int r;
    memcpy(&vs, sj + k, sizeof vs);
    memcpy(&vy, yj + k, sizeof vy);
    RANKNET__UNROLL
    for (r = 0; r < rows; ++r) {
        x[r] = c * (vs - w->s[r]);
        e[r] = x[r];
        hooks.negabs(&e[r]);
    }
    ranknet__vf_exp2_rows(e, rows);
    RANKNET__UNROLL
    for (r = 0; r < rows; ++r) {
        ranknet__vf p = 1.0f / (e[r] + 1.0f), q = e[r] * p, g, h = q * p;
        ranknet__vi flip;
        hooks.gt(&gt[r], &w->y[r], &vy);
        hooks.eq(&tie[r], &w->y[r], &vy);
        flip = gt[r] & (int)0x80000000;
        g = (ranknet__vf)((ranknet__vi)x[r] ^ flip);
        hooks.sel_neg(&g, &p, &q);
        g = (ranknet__vf)((ranknet__vi)g ^ flip);
        g -= (ranknet__vf)(tie[r] & (ranknet__vi)half);
        if (masked) {
            ranknet__vi below, end = kk * 0 + (int)m;
            hooks.gt(&mask[r], &kk, &w->lim[r]);
            hooks.gt(&below, &end, &kk);
            mask[r] &= below;
            if (skip) mask[r] &= ~tie[r];
            g = (ranknet__vf)(mask[r] & (ranknet__vi)g);
            h = (ranknet__vf)(mask[r] & (ranknet__vi)h);
        }
        w->g[r] += g;
        w->h[r] += h;
        cg += g;
        ch += h;
    }
    if (want_loss) {
        RANKNET__UNROLL
        for (r = 0; r < rows; ++r) { /* c = 1 for a pair in the wrong order, 1/2 for a tie, else 0 */
            ranknet__vf xn = sigma * (vs - w->s[r]), ax = (ranknet__vf)((ranknet__vi)xn & 0x7fffffff), l = e[r];
            ranknet__vi wrong = (gt[r] & ((ranknet__vi)-xn >> 31)) | (~gt[r] & ~tie[r] & ((ranknet__vi)xn >> 31));
            ranknet__vf_log1p01(&l);
            l += (ranknet__vf)((wrong & (ranknet__vi)ax) | (tie[r] & (ranknet__vi)(0.5f * ax)));
            if (masked) l = (ranknet__vf)(mask[r] & (ranknet__vi)l);
            w->loss += l;
        }
    }
    memcpy(&cur, cgf + k, sizeof cur);
    cur -= cg;
    memcpy(cgf + k, &cur, sizeof cur);
    memcpy(&cur, chf + k, sizeof cur);
    cur += ch;
    memcpy(chf + k, &cur, sizeof cur);
}

RANKNET__INLINE void ranknet__f64_step(ranknet__f64rows *w, const double *sj, const double *yj, double *colg,
                                       double *colh, size_t k, size_t m, double sigma, int masked, int skip,
                                       int want_loss, int rows, ranknet__vd_hooks hooks)
{
    const ranknet__vd lane = {0, 1, 2, 3}, half = {0.5, 0.5, 0.5, 0.5}, top = {708.0, 708.0, 708.0, 708.0};
    ranknet__vd kk = lane + (double)k, vs, vy, cg = {0}, ch = {0}, cur, x[RANKNET__ROWS], e[RANKNET__ROWS];
    ranknet__vd p[RANKNET__ROWS], q[RANKNET__ROWS], g[RANKNET__ROWS], h[RANKNET__ROWS];
    ranknet__vl gt[RANKNET__ROWS], tie[RANKNET__ROWS], mask[RANKNET__ROWS];
    int r;
    memcpy(&vs, sj + k, sizeof vs);
    memcpy(&vy, yj + k, sizeof vy);
    RANKNET__UNROLL
    for (r = 0; r < rows; ++r) {
        x[r] = sigma * (vs - w->s[r]);
        e[r] = x[r];
        hooks.clamp(&e[r]);
    }
    ranknet__vd_exp_rows(e, rows);
    RANKNET__UNROLL
    for (r = 0; r < rows; ++r) p[r] = 1.0 / (e[r] + 1.0);
    RANKNET__UNROLL
    for (r = 0; r < rows; ++r) {
        ranknet__vl sat;
        hooks.gt(&gt[r], &w->y[r], &vy);
        hooks.eq(&tie[r], &w->y[r], &vy);
        hooks.gt(&sat, &x[r], &top);
        q[r] = e[r] * p[r];
        p[r] = (ranknet__vd)(~sat & (ranknet__vl)p[r]);
        h[r] = q[r] * p[r];
        g[r] = p[r] - (ranknet__vd)(tie[r] & (ranknet__vl)half);
        g[r] = RANKNET__SEL(ranknet__vd, ranknet__vl, gt[r], -q[r], g[r]);
        if (masked) {
            ranknet__vd end = kk * 0 + (double)m;
            ranknet__vl below;
            hooks.gt(&mask[r], &kk, &w->lim[r]);
            hooks.gt(&below, &end, &kk);
            mask[r] &= below;
            if (skip) mask[r] &= ~tie[r];
            g[r] = (ranknet__vd)(mask[r] & (ranknet__vl)g[r]);
            h[r] = (ranknet__vd)(mask[r] & (ranknet__vl)h[r]);
        }
        w->g[r] += g[r];
        w->h[r] += h[r];
        cg += g[r];
        ch += h[r];
    }
    if (want_loss) {
        RANKNET__UNROLL
        for (r = 0; r < rows; ++r) {
            const ranknet__vd zero = {0, 0, 0, 0};
            ranknet__vl pos, neg, wrong;
            ranknet__vd ax = (ranknet__vd)((ranknet__vl)x[r] & 0x7fffffffffffffffLL), l = 1.0 / e[r];
            hooks.gt(&pos, &x[r], &zero);
            hooks.gt(&neg, &zero, &x[r]);
            wrong = (gt[r] & pos) | (~gt[r] & ~tie[r] & neg);
            l = RANKNET__SEL(ranknet__vd, ranknet__vl, pos, l, e[r]);
            ranknet__vd_log1p01(&l);
            l += (ranknet__vd)((wrong & (ranknet__vl)ax) | (tie[r] & (ranknet__vl)(0.5 * ax)));
            if (masked) l = (ranknet__vd)(mask[r] & (ranknet__vl)l);
            w->loss += l;
        }
    }
    memcpy(&cur, colg + k, sizeof cur);
    cur -= cg;
    memcpy(colg + k, &cur, sizeof cur);
    memcpy(&cur, colh + k, sizeof cur);
    cur += ch;
    memcpy(colh + k, &cur, sizeof cur);
}

/* Labels as integers in the same order: -0 becomes +0, negative floats have their
   magnitude bits flipped. (Labels are finite here.) */
static inline int ranknet__f32_key(float y)
{
    int b;
    y += 0.0f;
    memcpy(&b, &y, sizeof b);
    return b < 0 ? b ^ 0x7fffffff : b;
}

/* The float kernel: column blocks staged on the stack; rows in groups against 8 columns
   at a time, masks only on the diagonal and the block end (and under TIES_SKIP). Row sums
   stay in float for one block (<= 32 vectors), column sums for 16 row groups, then move
   to double. */
RANKNET__INLINE double ranknet__f32_kernel(double sigma_d, int skip, const float *s, const float *y, size_t n,
                                           int want_loss, float *grad, float *hess, int rows, ranknet__vf_hooks hooks)
{
    RANKNET__ALIGNED float sj[RANKNET__BLOCK + 8], cgf[RANKNET__BLOCK + 8], chf[RANKNET__BLOCK + 8];
    RANKNET__ALIGNED int yj[RANKNET__BLOCK + 8];
    double colg[RANKNET__BLOCK], colh[RANKNET__BLOCK], loss = 0;
    const float sigma = (float)sigma_d, c = (float)(sigma_d * 1.4426950408889634);
    size_t jb, i0, k;
    int r, t;
    for (jb = 0; jb < n; jb += RANKNET__BLOCK) {
        size_t m = n - jb < RANKNET__BLOCK ? n - jb : RANKNET__BLOCK, mpad = (m + 7) & ~(size_t)7;
        int groups = 0;
        for (k = 0; k < mpad; ++k) {
            sj[k] = k < m ? s[jb + k] : 0;
            yj[k] = k < m ? ranknet__f32_key(y[jb + k]) : 0;
            cgf[k] = chf[k] = 0;
            if (k < m) colg[k] = colh[k] = 0;
        }
        for (i0 = 0; i0 + 1 < jb + m; i0 += (size_t)rows) {
            ranknet__f32rows w;
            /* iterations [k0, kb) touch the diagonal, [kb, ke) are whole, [ke, m) the end */
            size_t k0 = i0 + 1 > jb ? (i0 + 1 - jb) & ~(size_t)7 : 0;
            size_t kb = i0 + (size_t)rows > jb ? (i0 + (size_t)rows - jb + 7) & ~(size_t)7 : 0;
            size_t ke = m & ~(size_t)7;
            memset(&w, 0, sizeof w);
            if (kb > ke || skip) kb = ke = k0;
            for (r = 0; r < rows; ++r) {
                size_t i = i0 + (size_t)r;
                int valid = i + 1 < jb + m;
                w.s[r] += valid ? s[i] : 0;
                w.y[r] += valid ? ranknet__f32_key(y[i]) : 0;
                w.lim[r] += !valid ? RANKNET__BLOCK + 8 : i < jb ? -1 : (int)(i - jb);
            }
            for (k = k0; k < kb; k += 8)
                ranknet__f32_step(&w, sj, yj, cgf, chf, k, m, sigma, c, 1, skip, want_loss, rows, hooks);
            for (; k < ke; k += 8) ranknet__f32_step(&w, sj, yj, cgf, chf, k, m, sigma, c, 0, 0, want_loss, rows, hooks);
            for (; k < m; k += 8)
                ranknet__f32_step(&w, sj, yj, cgf, chf, k, m, sigma, c, 1, skip, want_loss, rows, hooks);
            for (r = 0; r < rows && i0 + (size_t)r + 1 < jb + m; ++r) {
                double sg = 0, sh = 0;
                for (t = 0; t < 8; ++t) sg += w.g[r][t], sh += w.h[r][t];
                if (grad) grad[i0 + r] = (float)((double)grad[i0 + r] + sigma_d * sg);
                if (hess) hess[i0 + r] = (float)((double)hess[i0 + r] + sigma_d * sigma_d * sh);
            }
            for (t = 0; t < 8; ++t) loss += w.loss[t];
            if (++groups == 16) { /* move the float column sums into double */
                for (k = 0; k < m; ++k) colg[k] += cgf[k], colh[k] += chf[k], cgf[k] = chf[k] = 0;
                groups = 0;
            }
        }
        for (k = 0; k < m; ++k) {
            if (grad) grad[jb + k] = (float)((double)grad[jb + k] + sigma_d * (colg[k] + cgf[k]));
            if (hess) hess[jb + k] = (float)((double)hess[jb + k] + sigma_d * sigma_d * (colh[k] + chf[k]));
        }
    }
    return loss;
}

/* want_loss becomes a constant in each copy, so the loop carries no loss branches */
RANKNET__INLINE double ranknet__plain_f32_body(double sigma, int skip, const float *s, const float *y, size_t n,
                                               int want_loss, float *grad, float *hess, int rows, ranknet__vf_hooks hooks)
{
    if (want_loss) return ranknet__f32_kernel(sigma, skip, s, y, n, 1, grad, hess, rows, hooks);
    return ranknet__f32_kernel(sigma, skip, s, y, n, 0, grad, hess, rows, hooks);
}

/* The double kernel: the same with 4 lanes, all sums in double. */
RANKNET__INLINE double ranknet__f64_kernel(double sigma, int skip, const double *s, const double *y, size_t n,
                                           int want_loss, double *grad, double *hess, int rows, ranknet__vd_hooks hooks)
{
    RANKNET__ALIGNED double sj[RANKNET__BLOCK + 4], yj[RANKNET__BLOCK + 4], colg[RANKNET__BLOCK + 4], colh[RANKNET__BLOCK + 4];
    double loss = 0;
    size_t jb, i0, k;
    int r, t;
    for (jb = 0; jb < n; jb += RANKNET__BLOCK) {
        size_t m = n - jb < RANKNET__BLOCK ? n - jb : RANKNET__BLOCK, mpad = (m + 3) & ~(size_t)3;
        for (k = 0; k < mpad; ++k) {
            sj[k] = k < m ? s[jb + k] : 0;
            yj[k] = k < m ? y[jb + k] : 0;
            colg[k] = colh[k] = 0;
        }
        for (i0 = 0; i0 + 1 < jb + m; i0 += (size_t)rows) {
            ranknet__f64rows w;
            size_t k0 = i0 + 1 > jb ? (i0 + 1 - jb) & ~(size_t)3 : 0;
            size_t kb = i0 + (size_t)rows > jb ? (i0 + (size_t)rows - jb + 3) & ~(size_t)3 : 0;
            size_t ke = m & ~(size_t)3;
            memset(&w, 0, sizeof w);
            if (kb > ke || skip) kb = ke = k0;
            for (r = 0; r < rows; ++r) {
                size_t i = i0 + (size_t)r;
                int valid = i + 1 < jb + m;
                w.s[r] += valid ? s[i] : 0;
                w.y[r] += valid ? y[i] : 0;
                w.lim[r] += !valid ? RANKNET__BLOCK + 8 : i < jb ? -1 : (double)(i - jb);
            }
            for (k = k0; k < kb; k += 4) ranknet__f64_step(&w, sj, yj, colg, colh, k, m, sigma, 1, skip, want_loss, rows, hooks);
            for (; k < ke; k += 4) ranknet__f64_step(&w, sj, yj, colg, colh, k, m, sigma, 0, 0, want_loss, rows, hooks);
            for (; k < m; k += 4) ranknet__f64_step(&w, sj, yj, colg, colh, k, m, sigma, 1, skip, want_loss, rows, hooks);
            for (r = 0; r < rows && i0 + (size_t)r + 1 < jb + m; ++r) {
                double sg = 0, sh = 0;
                for (t = 0; t < 4; ++t) sg += w.g[r][t], sh += w.h[r][t];
                if (grad) grad[i0 + r] += sigma * sg;
                if (hess) hess[i0 + r] += sigma * sigma * sh;
            }
            for (t = 0; t < 4; ++t) loss += w.loss[t];
        }
        for (k = 0; k < m; ++k) {
            if (grad) grad[jb + k] += sigma * colg[k];
            if (hess) hess[jb + k] += sigma * sigma * colh[k];
        }
    }
    return loss;
}

RANKNET__INLINE double ranknet__plain_f64_body(double sigma, int skip, const double *s, const double *y, size_t n,
                                               int want_loss, double *grad, double *hess, int rows, ranknet__vd_hooks hooks)
{
    if (want_loss) return ranknet__f64_kernel(sigma, skip, s, y, n, 1, grad, hess, rows, hooks);
    return ranknet__f64_kernel(sigma, skip, s, y, n, 0, grad, hess, rows, hooks);
}

static double ranknet__plain_f32_base(double sigma, int skip, const float *s, const float *y, size_t n,
                                      int want_loss, float *grad, float *hess)
{
    const ranknet__vf_hooks hooks = {ranknet__vf_negabs, ranknet__vf_sel_neg, ranknet__vi_gt, ranknet__vi_eq};
    return ranknet__plain_f32_body(sigma, skip, s, y, n, want_loss, grad, hess, 4, hooks);
}
static double ranknet__plain_f64_base(double sigma, int skip, const double *s, const double *y, size_t n,
                                      int want_loss, double *grad, double *hess)
{
    const ranknet__vd_hooks hooks = {ranknet__vd_clamp, ranknet__vd_gt, ranknet__vd_eq};
    return ranknet__plain_f64_body(sigma, skip, s, y, n, want_loss, grad, hess, 4, hooks);
}
#if defined(__x86_64__)
#define RANKNET__AVX2 1
__attribute__((target("avx2,fma"))) static inline void ranknet__vf_negabs_avx2(ranknet__vf *x)
{
    __m256i v = _mm256_or_si256((__m256i)*x, _mm256_set1_epi32((int)0x80000000));
    *x = (ranknet__vf)_mm256_min_epi32(v, _mm256_set1_epi32((int)0xC2FE0000));
}
__attribute__((target("avx2,fma"))) static inline void ranknet__vf_sel_neg_avx2(ranknet__vf *m, const ranknet__vf *a,
                                                                               const ranknet__vf *b)
{
    *m = (ranknet__vf)_mm256_blendv_ps((__m256)*b, (__m256)*a, (__m256)*m);
}
__attribute__((target("avx2,fma"))) static inline void ranknet__vi_gt_avx2(ranknet__vi *r, const ranknet__vi *a,
                                                                          const ranknet__vi *b)
{
    *r = *a > *b;
}
__attribute__((target("avx2,fma"))) static inline void ranknet__vi_eq_avx2(ranknet__vi *r, const ranknet__vi *a,
                                                                          const ranknet__vi *b)
{
    *r = *a == *b;
}
__attribute__((target("avx2,fma"))) static inline void ranknet__vd_clamp_avx2(ranknet__vd *x)
{
    *x = (ranknet__vd)_mm256_min_pd(_mm256_max_pd((__m256d)*x, _mm256_set1_pd(-709.0)), _mm256_set1_pd(708.0));
}
__attribute__((target("avx2,fma"))) static inline void ranknet__vd_gt_avx2(ranknet__vl *r, const ranknet__vd *a,
                                                                          const ranknet__vd *b)
{
    *r = *a > *b;
}
__attribute__((target("avx2,fma"))) static inline void ranknet__vd_eq_avx2(ranknet__vl *r, const ranknet__vd *a,
                                                                          const ranknet__vd *b)
{
    *r = *a == *b;
}
__attribute__((target("avx2,fma"))) static double ranknet__plain_f32_avx2(double sigma, int skip, const float *s,
                                                                         const float *y, size_t n, int want_loss,
                                                                         float *grad, float *hess)
{
    const ranknet__vf_hooks hooks = {ranknet__vf_negabs_avx2, ranknet__vf_sel_neg_avx2, ranknet__vi_gt_avx2,
                                     ranknet__vi_eq_avx2};
    return ranknet__plain_f32_body(sigma, skip, s, y, n, want_loss, grad, hess, 8, hooks);
}
__attribute__((target("avx2,fma"))) static double ranknet__plain_f64_avx2(double sigma, int skip, const double *s,
                                                                         const double *y, size_t n, int want_loss,
                                                                         double *grad, double *hess)
{
    const ranknet__vd_hooks hooks = {ranknet__vd_clamp_avx2, ranknet__vd_gt_avx2, ranknet__vd_eq_avx2};
    return ranknet__plain_f64_body(sigma, skip, s, y, n, want_loss, grad, hess, 4, hooks);
}
#endif
#endif /* SIMD */

/* One query of a batch; scratch has room for n ranks when c->ndcg. The query's outputs
   are zeroed here, by the thread that then fills them: they stay in its cache. */
static double ranknet__one_query(const ranknet__cfg *c, ranknet__rank *scratch, ranknet__vec s, ranknet__vec y,
                                 size_t n, int want_loss, void *grad, void *hess)
{
    ranknet__ndcg w;
    double loss, abs_lambdas, scale;
    ranknet__zero(grad, s.f32, n);
    ranknet__zero(hess, s.f32, n);
    if (n < 2) return 0;
    if (!c->ndcg) {
#ifdef RANKNET__SIMD
        if (c->path != RANKNET_SIMD_SCALAR && c->simd_safe) {
#ifdef RANKNET__AVX2
            if (c->path == RANKNET_SIMD_AVX2) {
                return s.f32 ? ranknet__plain_f32_avx2(c->sigma, c->skip_ties, (const float *)s.p, (const float *)y.p, n,
                                                       want_loss, (float *)grad, (float *)hess)
                             : ranknet__plain_f64_avx2(c->sigma, c->skip_ties, (const double *)s.p,
                                                       (const double *)y.p, n, want_loss, (double *)grad,
                                                       (double *)hess);
            }
#endif
            return s.f32 ? ranknet__plain_f32_base(c->sigma, c->skip_ties, (const float *)s.p, (const float *)y.p, n,
                                                   want_loss, (float *)grad, (float *)hess)
                         : ranknet__plain_f64_base(c->sigma, c->skip_ties, (const double *)s.p, (const double *)y.p, n,
                                                   want_loss, (double *)grad, (double *)hess);
        }
#endif
        return ranknet__query_kernel(c, NULL, s, y, n, want_loss, grad, hess, &abs_lambdas);
    }
    ranknet__ndcg_setup(&w, scratch, c->k, c->linear_gain, s, y, n);
    if (w.idcg == 0) return 0; /* nothing relevant: no pair can change NDCG */
    loss = ranknet__query_kernel(c, &w, s, y, n, want_loss, grad, hess, &abs_lambdas);
    if (c->normalize && abs_lambdas > 0) {
        scale = log1p(abs_lambdas) / abs_lambdas / 0.69314718055994530942; /* log2(1 + S) / S, also for tiny S */
        ranknet__scale(grad, s.f32, n, scale);
        ranknet__scale(hess, s.f32, n, scale);
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

/* scratch: ranknet__threads() slices of maxn ranks each when c->ndcg, else NULL */
static double ranknet__run(const ranknet__cfg *c, ranknet__rank *scratch, size_t maxn, ranknet__vec s,
                           ranknet__vec y, const size_t *off, size_t nq, int want_loss, void *grad, void *hess)
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
                ranknet__rank *mine = scratch ? scratch + (size_t)omp_get_thread_num() * maxn : NULL;
                part[jobs[j].q] = ranknet__one_query(c, mine, ranknet__at(s, off[qq]), ranknet__at(y, off[qq]),
                                                     off[qq + 1] - off[qq], want_loss,
                                                     ranknet__offset(grad, s.f32, off[qq]),
                                                     ranknet__offset(hess, s.f32, off[qq]));
            }
            for (k = 0; k < (size_t)cnt; ++k) total += part[k];
        }
        return total;
    }
#endif
    (void)maxn;
    for (q = 0; q < nq; ++q)
        total += ranknet__one_query(c, scratch, ranknet__at(s, off[q]), ranknet__at(y, off[q]), off[q + 1] - off[q],
                                    want_loss, ranknet__offset(grad, s.f32, off[q]),
                                    ranknet__offset(hess, s.f32, off[q]));
    return total;
}

static ranknet_status ranknet__batch(const ranknet_options *opt, ranknet__vec s, ranknet__vec y,
                                     const size_t *off, size_t nq, double *loss, void *grad, void *hess)
{
    ranknet__cfg c;
    ranknet_status st = ranknet__config(opt, &c);
    ranknet__rank *scratch = NULL;
    size_t q, maxn = 0;
    double out_max = s.f32 ? FLT_MAX : DBL_MAX, loss_bound = 0, span = 0, total;
    if (st != RANKNET_OK) return st;
    if (nq > 0 && !off) return RANKNET_ERR_NULL;
    if (nq > 0 && off[nq] > 0 && (!s.p || !y.p)) return RANKNET_ERR_NULL;
    if (nq > 0 && off[0] != 0) return RANKNET_ERR_RANGE;
    for (q = 0; q < nq; ++q) {
        if (off[q + 1] < off[q]) return RANKNET_ERR_RANGE;
        if (off[q + 1] - off[q] > maxn) maxn = off[q + 1] - off[q];
    }
    for (q = 0; q < nq; ++q) {
        size_t a = off[q], n = off[q + 1] - a;
        double lo = DBL_MAX, hi = -DBL_MAX, lo_y = DBL_MAX, hi_y = -DBL_MAX;
        if (!ranknet__finite(ranknet__at(s, a), n, &lo, &hi) || !ranknet__finite(ranknet__at(y, a), n, &lo_y, &hi_y))
            return RANKNET_ERR_NONFINITE;
        if (c.ndcg && n > 0 && lo_y < 0) return RANKNET_ERR_RANGE;
        /* a pair's loss is at most sigma (hi - lo) + log 2 (halves keep hi - lo finite);
           |delta NDCG| <= 1, so the bound holds for LambdaRank too */
        if (n > 1) {
            loss_bound += 0.5 * (double)n * (double)(n - 1) * (2.0 * c.sigma * (0.5 * hi - 0.5 * lo) + 1.0);
            if (0.5 * hi - 0.5 * lo > span) span = 0.5 * hi - 0.5 * lo;
        }
    }
    /* The SIMD kernels take s_i - s_j and sigma (s_i - s_j) finite in their precision;
       the scalar kernel takes everything. (span is half the widest score range.) */
    c.simd_safe = s.f32 ? span <= 1e37 && c.sigma >= 1e-30 && c.sigma <= 1e30 && 2.0 * c.sigma * span <= 1e37
                        : span <= 1e300 && 2.0 * c.sigma * span <= 1e300;
    /* |grad_i| <= sigma (n - 1), hess_i <= sigma^2 (n - 1) / 4, and normalisation scales
       them by at most 1/log 2: refuse what cannot be stored */
    if (maxn > 1) {
        double room = out_max / (double)(maxn - 1) * (c.normalize ? 0.69 : 1.0);
        if (grad && c.sigma > room) return RANKNET_ERR_RANGE;
        if (hess && c.sigma > 2.0 * sqrt(room)) return RANKNET_ERR_RANGE;
    }
    if (c.ndcg && maxn > 1) {
        size_t slices = (size_t)ranknet__threads();
        if (maxn > (size_t)-1 / sizeof *scratch / slices) return RANKNET_ERR_NOMEM;
        scratch = (ranknet__rank *)RANKNET_MALLOC(slices * maxn * sizeof *scratch);
        if (!scratch) return RANKNET_ERR_NOMEM;
    }
    if (loss && !(loss_bound <= DBL_MAX / 2)) {
        /* Only for absurd score ranges: the exact loss first, and write only if it is finite. */
        total = ranknet__run(&c, scratch, maxn, s, y, off, nq, 1, NULL, NULL);
        if (!(total <= DBL_MAX)) {
            if (scratch) RANKNET_FREE(scratch);
            return RANKNET_ERR_RANGE;
        }
        ranknet__run(&c, scratch, maxn, s, y, off, nq, 0, grad, hess);
    } else {
        total = ranknet__run(&c, scratch, maxn, s, y, off, nq, loss != NULL, grad, hess);
    }
    if (scratch) RANKNET_FREE(scratch);
    if (loss) *loss = total;
    return RANKNET_OK;
}

static ranknet_status ranknet__query(const ranknet_options *opt, ranknet__vec s, ranknet__vec y, size_t n,
                                     double *loss, void *grad, void *hess)
{
    size_t off[2];
    off[0] = 0;
    off[1] = n;
    return ranknet__batch(opt, s, y, off, 1, loss, grad, hess);
}

static ranknet_status ranknet__ndcg_of(ranknet__vec s, ranknet__vec y, size_t n, size_t k, double *ndcg)
{
    double lo = DBL_MAX, hi = -DBL_MAX, lo_y = DBL_MAX, hi_y = -DBL_MAX, dcg = 0;
    ranknet__rank *scratch;
    ranknet__ndcg w;
    size_t r;
    if (n > 0 && (!s.p || !y.p)) return RANKNET_ERR_NULL;
    if (!ranknet__finite(s, n, &lo, &hi) || !ranknet__finite(y, n, &lo_y, &hi_y)) return RANKNET_ERR_NONFINITE;
    if (n > 0 && lo_y < 0) return RANKNET_ERR_RANGE;
    if (n == 0) {
        if (ndcg) *ndcg = 1.0;
        return RANKNET_OK;
    }
    if (n > (size_t)-1 / sizeof *scratch) return RANKNET_ERR_NOMEM;
    scratch = (ranknet__rank *)RANKNET_MALLOC(n * sizeof *scratch);
    if (!scratch) return RANKNET_ERR_NOMEM;
    ranknet__ndcg_setup(&w, scratch, k, 0, s, y, n);
    for (r = 0; r < w.cut; ++r) dcg += ranknet__gain(&w, ranknet__get(y, scratch[r].idx)) * ranknet__discount(&w, r);
    RANKNET_FREE(scratch);
    if (ndcg) *ndcg = w.idcg > 0 ? dcg / w.idcg : 1.0;
    return RANKNET_OK;
}

/* --- element-wise pair losses --------------------------------------------------------- */

/* mean != 0: the ordered -log sigmoid loss (target 1, scaled by 1/n); else BCE. */
static ranknet_status ranknet__pairs(ranknet__vec d, ranknet__vec t, ranknet__vec w, size_t n, int mean,
                                     double *loss, void *grad)
{
    double lo = DBL_MAX, hi = -DBL_MAX, wlo = DBL_MAX, whi = -DBL_MAX, tlo = DBL_MAX, thi = -DBL_MAX;
    double scale = mean && n ? 1.0 / (double)n : 1.0, total = 0, block = 0, bound;
    size_t k;
    int f32 = d.f32;
    if (n == 0) {
        if (loss) *loss = 0;
        return RANKNET_OK;
    }
    if (!d.p || (!mean && !t.p)) return RANKNET_ERR_NULL;
    if (!ranknet__finite(d, n, &lo, &hi)) return RANKNET_ERR_NONFINITE;
    if (!mean && !ranknet__finite(t, n, &tlo, &thi)) return RANKNET_ERR_NONFINITE;
    if (w.p && !ranknet__finite(w, n, &wlo, &whi)) return RANKNET_ERR_NONFINITE;
    if (!mean && (tlo < 0 || thi > 1)) return RANKNET_ERR_RANGE;
    if (w.p && wlo < 0) return RANKNET_ERR_RANGE;
    /* each term is at most w (|d| + log 2) */
    bound = (double)n * scale * (w.p ? whi : 1.0) * ((hi > -lo ? hi : -lo) + 1.0);
    if (loss && !(bound <= DBL_MAX / 2)) {
        /* Only for huge weights or differences: the exact loss first, write only if finite. */
        for (k = 0; k < n; ++k) {
            double g, h, wk = w.p ? ranknet__get(w, k) : 1.0;
            double l = ranknet__pair(ranknet__get(d, k), mean ? 1.0 : ranknet__get(t, k), &g, &h, 1);
            total += wk * scale > 0 ? wk * scale * l : 0.0;
        }
        if (!(total <= DBL_MAX)) return RANKNET_ERR_RANGE;
        if (grad) ranknet__pairs(d, t, w, n, mean, NULL, grad);
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

RANKNETDEF const char *ranknet_status_string(ranknet_status s)
{
#define RANKNET__MSG_ITEM(name, msg) msg,
    static const char *const msgs[] = {RANKNET__STATUS_LIST(RANKNET__MSG_ITEM)};
#undef RANKNET__MSG_ITEM
    return (unsigned)s < (unsigned)RANKNET__STATUS_COUNT ? msgs[s] : "unknown ranknet_status";
}

RANKNETDEF int ranknet_simd_supported(ranknet_simd path)
{
    switch (path) {
    case RANKNET_SIMD_AUTO:
    case RANKNET_SIMD_SCALAR: return 1;
#if defined(RANKNET__SIMD) && defined(__x86_64__)
    case RANKNET_SIMD_SSE2: return 1;
    /* reads the CPU model that libgcc / compiler-rt fill in before main: no state of ours */
    case RANKNET_SIMD_AVX2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
#if defined(RANKNET__SIMD) && defined(__aarch64__)
    case RANKNET_SIMD_NEON: return 1;
#endif
    default: return 0;
    }
}

RANKNETDEF ranknet_simd ranknet_simd_best(void)
{
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
    default: return "unknown";
    }
}

RANKNETDEF ranknet_status ranknet_pair_bce(const double *diff, const double *target, const double *weight,
                                           size_t n, double *loss, double *grad)
{
    return ranknet__pairs(ranknet__d(diff), ranknet__d(target), ranknet__d(weight), n, 0, loss, grad);
}

RANKNETDEF ranknet_status ranknet_pair_bcef(const float *diff, const float *target, const float *weight,
                                            size_t n, double *loss, float *grad)
{
    return ranknet__pairs(ranknet__f(diff), ranknet__f(target), ranknet__f(weight), n, 0, loss, grad);
}

RANKNETDEF ranknet_status ranknet_logsigmoid_loss(const double *diff, const double *weight, size_t n,
                                                  double *loss, double *grad)
{
    return ranknet__pairs(ranknet__d(diff), ranknet__d(NULL), ranknet__d(weight), n, 1, loss, grad);
}

RANKNETDEF ranknet_status ranknet_logsigmoid_lossf(const float *diff, const float *weight, size_t n,
                                                   double *loss, float *grad)
{
    return ranknet__pairs(ranknet__f(diff), ranknet__f(NULL), ranknet__f(weight), n, 1, loss, grad);
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

RANKNETDEF ranknet_status ranknet_queryf(const ranknet_options *opt, const float *scores, const float *labels,
                                         size_t n, double *loss, float *grad, float *hess)
{
    return ranknet__query(opt, ranknet__f(scores), ranknet__f(labels), n, loss, grad, hess);
}

RANKNETDEF ranknet_status ranknet_batch(const ranknet_options *opt, const double *scores, const double *labels,
                                        const size_t *offsets, size_t n_queries, double *loss, double *grad,
                                        double *hess)
{
    return ranknet__batch(opt, ranknet__d(scores), ranknet__d(labels), offsets, n_queries, loss, grad, hess);
}

RANKNETDEF ranknet_status ranknet_batchf(const ranknet_options *opt, const float *scores, const float *labels,
                                         const size_t *offsets, size_t n_queries, double *loss, float *grad,
                                         float *hess)
{
    return ranknet__batch(opt, ranknet__f(scores), ranknet__f(labels), offsets, n_queries, loss, grad, hess);
}

RANKNETDEF ranknet_status ranknet_ndcg(const double *scores, const double *labels, size_t n, size_t k,
                                       double *ndcg)
{
    return ranknet__ndcg_of(ranknet__d(scores), ranknet__d(labels), n, k, ndcg);
}

RANKNETDEF ranknet_status ranknet_ndcgf(const float *scores, const float *labels, size_t n, size_t k,
                                        double *ndcg)
{
    return ranknet__ndcg_of(ranknet__f(scores), ranknet__f(labels), n, k, ndcg);
}

#endif /* RANKNET_IMPLEMENTATION */

/* 4. REVISION HISTORY
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
