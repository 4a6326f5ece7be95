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

/* All-zero, or a NULL pointer, means the defaults. */
typedef struct ranknet_options {
    double            sigma;     /* steepness of the sigmoid; 0 selects 1.0, otherwise > 0 */
    ranknet_ties      ties;      /* equal labels: target 1/2 (default) or skip the pair */
    ranknet_weighting weighting; /* RANKNET_WEIGHT_NONE (plain RankNet) */
    size_t            ndcg_k;    /* truncation of NDCG for weighting; 0 = whole list */
    ranknet_gain      gain;      /* label gain for weighting */
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

static double ranknet__target(double yi, double yj)
{
    return yi > yj ? 1.0 : yi < yj ? 0.0 : 0.5;
}

/* --- checks shared by the entry points ---------------------------------------------- */

typedef struct ranknet__cfg {
    double sigma;
    int    skip_ties;
} ranknet__cfg;

static ranknet_status ranknet__config(const ranknet_options *opt, ranknet__cfg *c)
{
    ranknet_options o;
    if (opt) o = *opt;
    else memset(&o, 0, sizeof o);
    if (!(o.sigma >= 0) || o.sigma > DBL_MAX) return RANKNET_ERR_RANGE; /* also NaN */
    if (o.ties != RANKNET_TIES_HALF && o.ties != RANKNET_TIES_SKIP) return RANKNET_ERR_RANGE;
    if (o.weighting != RANKNET_WEIGHT_NONE) return RANKNET_ERR_RANGE;
    if (o.gain != RANKNET_GAIN_EXP2 && o.gain != RANKNET_GAIN_LINEAR) return RANKNET_ERR_RANGE;
    c->sigma = o.sigma == 0 ? 1.0 : o.sigma;
    c->skip_ties = o.ties == RANKNET_TIES_SKIP;
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

/* --- the pair kernel -------------------------------------------------------------- */

/* One query: every pair i < j once. The pair's p - t goes to i with + and to j with -,
   its p (1 - p) to both. Outputs must be zeroed; returns the query's loss (0 unless
   want_loss). */
static double ranknet__query_kernel(const ranknet__cfg *c, ranknet__vec s, ranknet__vec y, size_t n,
                                    int want_loss, void *grad, void *hess)
{
    double sj[RANKNET__BLOCK], yj[RANKNET__BLOCK], colg[RANKNET__BLOCK], colh[RANKNET__BLOCK];
    double sigma = c->sigma, sigma2 = sigma * sigma, loss = 0;
    size_t jb, i, k;
    int f32 = s.f32;
    for (jb = 0; jb < n; jb += RANKNET__BLOCK) {
        size_t m = n - jb < RANKNET__BLOCK ? n - jb : RANKNET__BLOCK;
        double block_loss = 0;
        for (k = 0; k < m; ++k) {
            sj[k] = ranknet__get(s, jb + k);
            yj[k] = ranknet__get(y, jb + k);
            colg[k] = colh[k] = 0;
        }
        for (i = 0; i + 1 < jb + m; ++i) {
            double si = ranknet__get(s, i), yi = ranknet__get(y, i);
            double rg = 0, rh = 0, rl = 0;
            for (k = i < jb ? 0 : i - jb + 1; k < m; ++k) {
                double g, h, t;
                if (yi == yj[k] && c->skip_ties) continue;
                t = ranknet__target(yi, yj[k]);
                rl += ranknet__pair(sigma * (si - sj[k]), t, &g, &h, want_loss);
                rg += g;
                rh += h;
                colg[k] -= g;
                colh[k] += h;
            }
            if (grad) ranknet__add(grad, f32, i, sigma * rg);
            if (hess) ranknet__add(hess, f32, i, sigma2 * rh);
            block_loss += rl;
        }
        for (k = 0; k < m; ++k) {
            if (grad) ranknet__add(grad, f32, jb + k, sigma * colg[k]);
            if (hess) ranknet__add(hess, f32, jb + k, sigma2 * colh[k]);
        }
        loss += block_loss;
    }
    return loss;
}

/* --- queries and batches ------------------------------------------------------------ */

static ranknet_status ranknet__batch(const ranknet_options *opt, ranknet__vec s, ranknet__vec y,
                                     const size_t *off, size_t nq, double *loss, void *grad, void *hess)
{
    ranknet__cfg c;
    ranknet_status st = ranknet__config(opt, &c);
    size_t q, rows, maxn = 0;
    double out_max = s.f32 ? FLT_MAX : DBL_MAX, loss_bound = 0, total = 0;
    int f32 = s.f32;
    if (st != RANKNET_OK) return st;
    if (nq > 0 && !off) return RANKNET_ERR_NULL;
    rows = nq > 0 ? off[nq] : 0;
    if (rows > 0 && (!s.p || !y.p)) return RANKNET_ERR_NULL;
    if (nq > 0 && off[0] != 0) return RANKNET_ERR_RANGE;
    for (q = 0; q < nq; ++q) {
        if (off[q + 1] < off[q]) return RANKNET_ERR_RANGE;
        if (off[q + 1] - off[q] > maxn) maxn = off[q + 1] - off[q];
    }
    for (q = 0; q < nq; ++q) {
        size_t a = off[q], n = off[q + 1] - a;
        double lo = DBL_MAX, hi = -DBL_MAX, lo_y = DBL_MAX, hi_y = -DBL_MAX, pairs;
        if (!ranknet__finite(ranknet__at(s, a), n, &lo, &hi) || !ranknet__finite(ranknet__at(y, a), n, &lo_y, &hi_y))
            return RANKNET_ERR_NONFINITE;
        /* each pair's loss is at most sigma (hi - lo) + log 2; halves keep hi - lo finite */
        pairs = 0.5 * (double)n * (double)(n ? n - 1 : 0);
        if (n > 1) loss_bound += pairs * (2.0 * c.sigma * (0.5 * hi - 0.5 * lo) + 1.0);
    }
    /* |grad_i| <= sigma (n - 1) and hess_i <= sigma^2 (n - 1) / 4: refuse what cannot be stored */
    if (maxn > 1 && grad && c.sigma > out_max / (double)(maxn - 1)) return RANKNET_ERR_RANGE;
    if (maxn > 1 && hess && c.sigma > sqrt(out_max / (double)(maxn - 1)) * 2.0) return RANKNET_ERR_RANGE;
    if (loss && !(loss_bound <= DBL_MAX / 2)) {
        /* Only for absurd score ranges: find the exact loss first, write only if finite. */
        for (q = 0; q < nq; ++q)
            total += ranknet__query_kernel(&c, ranknet__at(s, off[q]), ranknet__at(y, off[q]),
                                           off[q + 1] - off[q], 1, NULL, NULL);
        if (!(total <= DBL_MAX)) return RANKNET_ERR_RANGE;
        if (grad || hess) {
            ranknet__zero(grad, f32, rows);
            ranknet__zero(hess, f32, rows);
            for (q = 0; q < nq; ++q)
                ranknet__query_kernel(&c, ranknet__at(s, off[q]), ranknet__at(y, off[q]), off[q + 1] - off[q], 0,
                                      grad ? (char *)grad + off[q] * (f32 ? sizeof(float) : sizeof(double)) : NULL,
                                      hess ? (char *)hess + off[q] * (f32 ? sizeof(float) : sizeof(double)) : NULL);
        }
        *loss = total;
        return RANKNET_OK;
    }
    ranknet__zero(grad, f32, rows);
    ranknet__zero(hess, f32, rows);
    for (q = 0; q < nq; ++q) {
        size_t byte = off[q] * (f32 ? sizeof(float) : sizeof(double));
        total += ranknet__query_kernel(&c, ranknet__at(s, off[q]), ranknet__at(y, off[q]), off[q + 1] - off[q],
                                       loss != NULL, grad ? (char *)grad + byte : NULL,
                                       hess ? (char *)hess + byte : NULL);
    }
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

#endif /* RANKNET_IMPLEMENTATION */

/* 4. REVISION HISTORY
       0.1.0 (2026-11-28)  RankNet loss, lambdas and hessians; double and float.

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
