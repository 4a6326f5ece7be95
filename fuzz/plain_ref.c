/* plain_ref.c - the long-double oracle of the fuzzer and the test suite: the mathematics of
   ranknet.h's documentation written out again, deliberately plainly. Every pair in O(n^2),
   ranks by counting, metric weightings re-evaluated after each swap; no code shared with
   ranknet.h (which this file does not include; fuzz/plain_from.h maps its options). One
   query at a time; the caller applies query weights and skips what the reference leaves
   out (sampled pairs, LightGBM's sigmoid table). */
#include "plain_ref.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LN2L 0.693147180559945309417232121458176568L

static long double sigmoid(long double x) { return x >= 0 ? 1 / (1 + expl(-x)) : expl(x) / (1 + expl(x)); }

/* p - t and softplus(d) - t d without cancellation (t in [0, 1]) */
static long double p_minus_t(long double d, long double t)
{
    if (t == 0.5L) return tanhl(d / 2) / 2;
    return t > 0.5L ? (1 - t) - sigmoid(-d) : sigmoid(d) - t;
}

static long double bce(long double d, long double t)
{
    return d >= 0 ? (1 - t) * d + log1pl(expl(-d)) : -t * d + log1pl(expl(d));
}

/* the rank of each item: items above it by score, equal scores by lower index first */
static void ranks(const double *s, size_t n, size_t *rank)
{
    size_t i, j;
    for (i = 0; i < n; ++i)
        for (rank[i] = 0, j = 0; j < n; ++j) rank[i] += s[j] > s[i] || (s[j] == s[i] && j < i);
}

static long double gain(const plain_options *o, double y)
{
    if (o->label_gain) return o->label_gain[(size_t)y];
    if (o->linear_gain) return y;
    return expm1l((long double)y * LN2L); /* 2^y - 1, exact for tiny y too */
}

/* DCG@k of labels laid out by rank; untruncated discounts when k >= n */
static long double dcg(const plain_options *o, const double *by_rank, size_t n, size_t k)
{
    long double v = 0;
    size_t r;
    for (r = 0; r < n && r < k; ++r) v += gain(o, by_rank[r]) / log2l(r + 2.0L);
    return v;
}

/* IDCG@k: the k largest gains, by selection */
static long double idcg(const plain_options *o, const double *y, size_t n, size_t k)
{
    char *used = (char *)calloc(n ? n : 1, 1);
    long double v = 0;
    size_t r, i;
    for (r = 0; r < n && r < k; ++r) {
        size_t best = n;
        for (i = 0; i < n; ++i)
            if (!used[i] && (best == n || gain(o, y[i]) > gain(o, y[best]))) best = i;
        used[best] = 1;
        v += gain(o, y[best]) / log2l(r + 2.0L);
    }
    free(used);
    return v;
}

/* AP@k, RR@k or ERR@k of labels laid out by rank */
static long double metric(const plain_options *o, int kind, const double *by_rank, size_t n, size_t k)
{
    long double v = 0, hits = 0, nrel = 0, still = 1, ymax = 0;
    size_t r;
    for (r = 0; r < n; ++r) {
        nrel += by_rank[r] > 0;
        ymax = by_rank[r] > ymax ? by_rank[r] : ymax;
    }
    if (o->max_label > 0) ymax = o->max_label;
    for (r = 0; r < n && r < k; ++r) {
        if (kind == PLAIN_ERR) {
            long double R = (powl(2, by_rank[r]) - 1) / powl(2, ymax);
            v += still * R / (r + 1);
            still *= 1 - R;
        } else if (by_rank[r] > 0) {
            hits += 1;
            if (kind == PLAIN_MRR) return 1.0L / (r + 1);
            v += hits / (r + 1);
        }
    }
    return kind == PLAIN_MAP ? (nrel > 0 ? v / nrel : 0) : v;
}

/* Unbiased LambdaMART, a pair (plus, minus) of weight w and loss term l: its cost to both
   items, and the weight divided by t+ t- */
static long double debias(const plain_bias *b, size_t plus, size_t minus, long double w, long double l)
{
    b->cost_plus[plus] += w * l / b->t_minus[minus];
    b->cost_minus[minus] += w * l / b->t_plus[plus];
    return w / (b->t_plus[plus] * b->t_minus[minus]);
}

int plain_query(const plain_options *o, const double *s, const double *y, const double *iw, size_t n, long double *loss,
                long double *g, long double *h)
{
    size_t *rank = (size_t *)malloc((n ? n : 1) * sizeof *rank), i, j;
    double *lab = (double *)malloc((n ? n : 1) * sizeof *lab);
    size_t k = o->k == 0 || o->k > n ? n : o->k;
    long double sigma = o->sigma, sum = 0, scale = 1, ideal, before = 0, lo = n ? s[0] : 0, hi = lo;
    int engine = o->preset != PLAIN_PRESET_NONE, xgb = o->preset == PLAIN_PRESET_XGBOOST;
    /* the metric weightings by swapping two labels (DCG's change is at the two ranks); the
       engines' delta NDCG by its formula */
    int dcg_swap = (o->weighting == PLAIN_NDCG && !engine) || o->weighting == PLAIN_DCG;
    int swapped = o->weighting == PLAIN_MAP || o->weighting == PLAIN_MRR || o->weighting == PLAIN_ERR;
    const plain_bias *bias = o->bias;
    *loss = 0;
    for (i = 0; i < n; ++i) {
        g[i] = h[i] = 0;
        lo = s[i] < lo ? s[i] : lo;
        hi = s[i] > hi ? s[i] : hi;
        if (o->gscale) o->gscale[i] = 0;
        if (bias) bias->cost_plus[i] = bias->cost_minus[i] = 0;
    }
    if (n < 2) goto done;
    ranks(s, n, rank);
    for (i = 0; i < n; ++i) lab[rank[i]] = y[i];
    ideal = idcg(o, y, n, k);
    if (swapped) before = metric(o, o->weighting, lab, n, engine ? n : k);
    for (i = 0; i < n; ++i)
        for (j = i + 1; j < n; ++j) {
            size_t top = rank[i] < rank[j] ? rank[i] : rank[j], far = rank[i] < rank[j] ? rank[j] : rank[i];
            size_t plus = y[i] >= y[j] ? i : j,
                   minus = y[i] >= y[j] ? j : i;                  /* plus: the higher label (i when equal) */
            size_t u = engine ? plus : i, v = engine ? minus : j; /* the engines: the high item's view, target 1 */
            long double w = 1, t = y[i] > y[j] ? 1 : y[i] < y[j] ? 0 : 0.5L, tu = engine ? 1 : t, d, p, l, pq;
            if (engine && (y[i] == y[j] || top >= k)) continue;
            if (dcg_swap) { /* the swap changes DCG@k at the two ranks only */
                long double change = 0;
                if (rank[i] < k) change += (gain(o, y[j]) - gain(o, y[i])) / log2l(rank[i] + 2.0L);
                if (rank[j] < k) change += (gain(o, y[i]) - gain(o, y[j])) / log2l(rank[j] + 2.0L);
                w = ideal == 0 ? 0 : o->weighting == PLAIN_DCG ? fabsl(change) : fabsl(change) / ideal;
            } else if (swapped) { /* swap the two labels, evaluate the metric again */
                double tmp = lab[rank[i]];
                lab[rank[i]] = lab[rank[j]];
                lab[rank[j]] = tmp;
                w = fabsl(metric(o, o->weighting, lab, n, engine ? n : k) - before);
                lab[rank[j]] = lab[rank[i]];
                lab[rank[i]] = tmp;
            } else if (o->weighting == PLAIN_NONE) {
                if (o->skip_ties && y[i] == y[j]) w = 0;
            } else if (o->weighting == PLAIN_NDCG) { /* the engines': untruncated discounts, IDCG@k */
                w = ideal == 0 ? 0
                               : fabsl(gain(o, y[i]) - gain(o, y[j])) *
                                     fabsl(1 / log2l(rank[i] + 2.0L) - 1 / log2l(rank[j] + 2.0L)) / ideal;
            } else if (o->weighting == PLAIN_LAMBDALOSS) {
                long double dd = (long double)(far - top);
                w = far < k && ideal > 0 ? (fabsl(1 / log2l(top + 2.0L) - 1 / log2l(far + 2.0L)) +
                                            o->mu * (1 / log2l(1 + dd) - 1 / log2l(2 + dd))) *
                                               fabsl(gain(o, y[i]) - gain(o, y[j])) / ideal
                                         : 0;
            } else { /* label difference */
                w = top < k ? fabsl((long double)y[i] - y[j]) : 0;
            }
            if (o->item_weights_pair && iw) w *= y[i] > y[j] ? iw[i] : y[i] < y[j] ? iw[j] : (iw[i] + iw[j]) / 2;
            if (o->score_gap && hi != lo)
                w /= (xgb ? 0.01L : (long double)0.01f) + fabsl((long double)s[plus] - s[minus]);
            if (w == 0 || (bias && y[i] == y[j])) continue;
            d = sigma * ((long double)s[u] - s[v]);
            p = p_minus_t(d, tu);
            pq = sigmoid(d) * sigmoid(-d);
            l = bce(d, tu);
            if (xgb) pq = 2 * (pq > 1e-16L ? pq : 1e-16L);
            if (bias) w = debias(bias, plus, minus, w, l);
            g[u] += sigma * w * p;
            g[v] -= sigma * w * p;
            h[u] += sigma * sigma * w * pq;
            h[v] += sigma * sigma * w * pq;
            *loss += w * l;
            sum += 2 * sigma * w * fabsl(p);
            if (o->gscale) {
                o->gscale[u] += fabsl(sigma * w * p);
                o->gscale[v] += fabsl(sigma * w * p);
            }
        }
    if (o->normalize == PLAIN_NORM_LOG2 && sum > 0) scale = log2l(1 + sum) / sum;
    if (o->normalize == PLAIN_NORM_ITEMS) {
        scale = 1.0L / (n - 1);
        *loss *= scale;
        for (i = 0; bias && i < n; ++i) {
            bias->cost_plus[i] *= scale;
            bias->cost_minus[i] *= scale;
        }
    }
    for (i = 0; i < n; ++i) {
        long double rw = o->item_weights_row && iw ? iw[i] : 1; /* LightGBM: row weights on lambdas and hessians */
        g[i] *= scale * rw;
        h[i] *= scale * rw;
        if (o->gscale) o->gscale[i] *= scale * rw;
    }
done:
    free(rank);
    free(lab);
    return 1;
}

long double plain_ndcg(const double *s, const double *y, size_t n, size_t k)
{
    plain_options o;
    size_t *rank = (size_t *)malloc((n ? n : 1) * sizeof *rank), i;
    double *lab = (double *)malloc((n ? n : 1) * sizeof *lab);
    long double ideal, v;
    memset(&o, 0, sizeof o);
    if (k == 0 || k > n) k = n;
    ranks(s, n, rank);
    for (i = 0; i < n; ++i) lab[rank[i]] = y[i];
    ideal = idcg(&o, y, n, k);
    v = ideal > 0 ? dcg(&o, lab, n, k) / ideal : 1;
    free(rank), free(lab);
    return v;
}

long double plain_pair(double d, double t, double w, long double *grad)
{
    *grad = w * p_minus_t(d, t);
    return w * bce(d, t);
}
