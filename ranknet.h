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
    ranknet_weighting weighting; /* RANKNET_WEIGHT_NONE (RankNet) or _DELTA_NDCG (LambdaRank) */
    size_t            ndcg_k;    /* LambdaRank: NDCG truncation k; 0 = the whole list */
    ranknet_gain      gain;      /* LambdaRank: label gain 2^y - 1 (default) or y */
    int               normalize; /* LambdaRank: nonzero scales a query's lambdas and hessians
                                    by log2(1 + S) / S, S = sum of |pair lambdas| (LightGBM's
                                    lambdarank_norm, without its score-gap division) */
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
    double gain_scale;          /* linear gains as y * scale */
    double idcg;                /* in the same scaled units */
} ranknet__ndcg;

/* Every NDCG quantity is a ratio of gains, so a common scale factor cancels exactly
   (up to rounding); it keeps 2^y and the DCG sums finite for any label. */
static double ranknet__gain(const ranknet__ndcg *w, double y)
{
    if (w->linear) return y * w->gain_scale;
    if (w->gain_shift > 0) return exp2(y - w->gain_shift) - exp2(-w->gain_shift);
    return y >= 1 ? exp2(y) - 1.0 : expm1(y * 0.69314718055994530942); /* exact near y = 0 */
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
    w->linear = linear;
    for (i = 0; i < n; ++i)
        if (ranknet__get(y, i) > ymax) ymax = ranknet__get(y, i);
    w->gain_shift = !linear && ymax > 900 ? ymax : 0;
    w->gain_scale = linear && ymax > 1e100 ? 1.0 / ymax : 1.0;
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
    double inv_idcg = w ? 1.0 / w->idcg : 1.0;
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
                l = ranknet__pair(sigma * (si - sj[k]), ranknet__target(yi, yj[k]), &g, &h, want_loss);
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

/* One query of a batch; scratch has room for n ranks when c->ndcg. */
static double ranknet__one_query(const ranknet__cfg *c, ranknet__rank *scratch, ranknet__vec s, ranknet__vec y,
                                 size_t n, int want_loss, void *grad, void *hess)
{
    ranknet__ndcg w;
    double loss, abs_lambdas, scale;
    if (n < 2) return 0;
    if (!c->ndcg) return ranknet__query_kernel(c, NULL, s, y, n, want_loss, grad, hess, &abs_lambdas);
    ranknet__ndcg_setup(&w, scratch, c->k, c->linear_gain, s, y, n);
    if (w.idcg == 0) return 0; /* nothing relevant: no pair can change NDCG */
    loss = ranknet__query_kernel(c, &w, s, y, n, want_loss, grad, hess, &abs_lambdas);
    if (c->normalize && abs_lambdas > 0) {
        scale = log2(1.0 + abs_lambdas) / abs_lambdas;
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

static double ranknet__run(const ranknet__cfg *c, ranknet__rank *scratch, ranknet__vec s, ranknet__vec y,
                           const size_t *off, size_t nq, int want_loss, void *grad, void *hess)
{
    double total = 0;
    size_t q;
    ranknet__zero(grad, s.f32, nq ? off[nq] : 0);
    ranknet__zero(hess, s.f32, nq ? off[nq] : 0);
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
    double out_max = s.f32 ? FLT_MAX : DBL_MAX, loss_bound = 0, total;
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
        if (n > 1) loss_bound += 0.5 * (double)n * (double)(n - 1) * (2.0 * c.sigma * (0.5 * hi - 0.5 * lo) + 1.0);
    }
    /* |grad_i| <= sigma (n - 1), hess_i <= sigma^2 (n - 1) / 4, and normalisation scales
       them by at most 1/log 2: refuse what cannot be stored */
    if (maxn > 1) {
        double room = out_max / (double)(maxn - 1) * (c.normalize ? 0.69 : 1.0);
        if (grad && c.sigma > room) return RANKNET_ERR_RANGE;
        if (hess && c.sigma > 2.0 * sqrt(room)) return RANKNET_ERR_RANGE;
    }
    if (c.ndcg && maxn > 1) {
        if (maxn > (size_t)-1 / sizeof *scratch) return RANKNET_ERR_NOMEM;
        scratch = (ranknet__rank *)RANKNET_MALLOC(maxn * sizeof *scratch);
        if (!scratch) return RANKNET_ERR_NOMEM;
    }
    if (loss && !(loss_bound <= DBL_MAX / 2)) {
        /* Only for absurd score ranges: the exact loss first, and write only if it is finite. */
        total = ranknet__run(&c, scratch, s, y, off, nq, 1, NULL, NULL);
        if (!(total <= DBL_MAX)) {
            if (scratch) RANKNET_FREE(scratch);
            return RANKNET_ERR_RANGE;
        }
        ranknet__run(&c, scratch, s, y, off, nq, 0, grad, hess);
    } else {
        total = ranknet__run(&c, scratch, s, y, off, nq, loss != NULL, grad, hess);
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
                           weights; NDCG@k; double and float.

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
