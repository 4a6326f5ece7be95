/* The ranknet.h test suite: known values, finite differences, a long-double reference,
   the original PyTorch formulation, extreme inputs and every error path.
   Built as C99, C11 and C++ by `make test`. */
/* Dispatch made observable: the kernel the last query ran (one writer at a time). */
static void (*tl_kernel_ran)(void);
static void tl_observe(void (*kernel)(void))
{
#ifdef _OPENMP
#pragma omp critical(tl_observe)
#endif
    tl_kernel_ran = kernel;
}
#define RANKNET__OBSERVE_KERNEL(kernel) tl_observe((void (*)(void))(kernel))
/* The pairs the general loop visits (one writer at a time: single-query calls) */
static double tl_pairs_visited;
#define RANKNET__OBSERVE_PAIRS(count) (tl_pairs_visited += (double)(count))
#define RANKNET_IMPLEMENTATION
#include "../ranknet.h"
#include "testlib.h"

#include <float.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#define LN2 0.69314718055994530942

/* ---- references ------------------------------------------------------------------ */

/* Every ordered pair in long double, straight from the definitions. Also returns, per
   output, the sum of the absolute values of its terms: the "scale" of the contract. */
typedef struct ref {
    long double loss, loss_scale;
    long double *grad, *gscale, *hess, *hscale;
} ref;

static void ref_alloc(ref *r, size_t n)
{
    size_t m = n ? n : 1;
    r->grad = (long double *)calloc(m, sizeof(long double));
    r->gscale = (long double *)calloc(m, sizeof(long double));
    r->hess = (long double *)calloc(m, sizeof(long double));
    r->hscale = (long double *)calloc(m, sizeof(long double));
}

static void ref_free(ref *r)
{
    free(r->grad);
    free(r->gscale);
    free(r->hess);
    free(r->hscale);
}

/* Rows i with i % stride == 0 (the loss only when stride is 1). */
static void ref_query(ref *r, double sigma, int skip_ties, const double *s, const double *y, size_t n,
                      size_t stride)
{
    size_t i, j;
    r->loss = r->loss_scale = 0;
    for (i = 0; i < n; i += stride) {
        long double g = 0, gs = 0, h = 0;
        for (j = 0; j < n; ++j) {
            long double d, p, t;
            if (j == i || (skip_ties && y[i] == y[j])) continue;
            d = (long double)sigma * ((long double)s[i] - (long double)s[j]);
            p = 1.0L / (1.0L + expl(-d));
            t = y[i] > y[j] ? 1.0L : y[i] < y[j] ? 0.0L : 0.5L;
            g += sigma * (p - t);
            gs += fabsl(sigma * (p - t));
            h += (long double)sigma * sigma * p * (1.0L - p);
            if (i < j && stride == 1) {
                /* softplus(d) - t d, in a form that is exact in long double for moderate d */
                long double l = (d > 0 ? d : 0) + log1pl(expl(-fabsl(d))) - t * d;
                r->loss += l;
                r->loss_scale += fabsl(l);
            }
        }
        r->grad[i] = g;
        r->gscale[i] = gs;
        r->hess[i] = h;
        r->hscale[i] = h;
    }
}

/* A plain C transcription of the original PyTorch full-matrix code: every ordered pair,
   diagonal included, naive log(sigmoid), the log-likelihood without the minus sign, and
   lambda_ij = 1/2 (1 - S_ij) - 1 / (1 + exp(M_ij)) summed as (lambda - lambda^T) over a
   row. M = s - s^T broadcast: for a column vector (n x 1) M_ij = s_i - s_j; for a row
   vector (1 x n) it is transposed, and so is S = sign(y - y^T). */
static double torch_loss(const double *s, const double *y, size_t n)
{
    double total = 0;
    size_t i, j;
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j) {
            double S = y[i] > y[j] ? 1 : y[i] < y[j] ? -1 : 0;
            double p = 1.0 / (1.0 + exp(-(s[i] - s[j])));
            total += 0.5 * (1 + S) * log(p) + 0.5 * (1 - S) * log(1 - p);
        }
    return total;
}

static void torch_grad(const double *s, const double *y, size_t n, int row_vector, double *grad)
{
    size_t i, j;
    for (i = 0; i < n; ++i) {
        double g = 0;
        for (j = 0; j < n; ++j) {
            size_t a = row_vector ? j : i, b = row_vector ? i : j; /* the broadcast orientation */
            double Sab = y[a] > y[b] ? 1 : y[a] < y[b] ? -1 : 0;
            double Sba = -Sab;
            double lab = 0.5 * (1 - Sab) - 1.0 / (1.0 + exp(s[a] - s[b]));
            double lba = 0.5 * (1 - Sba) - 1.0 / (1.0 + exp(s[b] - s[a]));
            g += lab - lba;
        }
        grad[i] = g;
    }
}

/* ---- data ---------------------------------------------------------------------------- */

enum { LABELS_GRADED, LABELS_BINARY, LABELS_TIED, LABELS_REAL, LABELS_KINDS };
static const char *label_kind_name[] = {"graded", "binary", "tied", "real"};

static void make_query(double *s, double *y, size_t n, int kind, double spread)
{
    size_t i;
    for (i = 0; i < n; ++i) {
        s[i] = spread * tl_normal();
        switch (kind) {
        case LABELS_GRADED: y[i] = floor(5 * tl_uniform()); break;
        case LABELS_BINARY: y[i] = tl_uniform() < 0.2 ? 1 : 0; break;
        case LABELS_TIED: y[i] = 3; break;
        default: y[i] = 10 * tl_uniform() - 5; break;
        }
    }
}

static double *dalloc(size_t n)
{
    return (double *)calloc(n ? n : 1, sizeof(double));
}

static float *falloc(size_t n)
{
    return (float *)calloc(n ? n : 1, sizeof(float));
}

static double query_loss(const ranknet_options *o, const double *s, const double *y, size_t n)
{
    double l = NAN;
    ranknet_status st = ranknet_query(o, s, y, n, &l, NULL, NULL);
    CHECK(st == RANKNET_OK);
    return l;
}

/* ---- known values -------------------------------------------------------------------- */

static void test_known_values_by_hand(void)
{
    /* two items, the better one ahead by 1: loss = log(1 + e^-1), lambda = -/+ 1/(1 + e) */
    double s[3] = {1, 0, 0}, y[3] = {1, 0, 0}, g[3], h[3], l;
    double sig1 = 1.0 / (1.0 + exp(-1.0));
    CHECK(ranknet_loss(s, y, 2, &l) == RANKNET_OK);
    CHECK_NEAR(l, 0.31326168751822283, 1, 1e-15);
    CHECK(ranknet_grad(s, y, 2, g) == RANKNET_OK);
    CHECK_NEAR(g[0], -0.2689414213699951, 1, 1e-15);
    CHECK_NEAR(g[1], 0.2689414213699951, 1, 1e-15);
    CHECK(ranknet_query(NULL, s, y, 2, NULL, NULL, h) == RANKNET_OK);
    CHECK_NEAR(h[0], sig1 * (1 - sig1), 1, 1e-15);
    CHECK_NEAR(h[1], 0.19661193324148185, 1, 1e-15);

    /* equal labels, equal scores: target 1/2, loss log 2, no pull either way */
    y[0] = 0;
    s[0] = 0;
    CHECK(ranknet_loss(s, y, 2, &l) == RANKNET_OK);
    CHECK_NEAR(l, LN2, 1, 1e-15);
    CHECK(ranknet_grad(s, y, 2, g) == RANKNET_OK);
    CHECK(g[0] == 0 && g[1] == 0);

    /* three items, s = (2, 1, 0), y = (0, 1, 2): every pair inverted.
       pairs (0,1) d=1, (0,2) d=2, (1,2) d=1, all t = 0: loss = 2 softplus(1) + softplus(2) */
    s[0] = 2, s[1] = 1, s[2] = 0;
    y[0] = 0, y[1] = 1, y[2] = 2;
    CHECK(ranknet_loss(s, y, 3, &l) == RANKNET_OK);
    CHECK_NEAR(l, 2 * 1.3132616875182228 + 2.1269280110429727, 1, 1e-14);
    CHECK(ranknet_grad(s, y, 3, g) == RANKNET_OK);
    /* g0 = sig(1) + sig(2); g1 = -sig(1) + sig(1) = 0; g2 = -sig(2) - sig(1) */
    CHECK_NEAR(g[0], 0.7310585786300049 + 0.8807970779778823, 1, 1e-15);
    CHECK_NEAR(g[1], 0, 1, 1e-15);
    CHECK_NEAR(g[2], -(0.7310585786300049 + 0.8807970779778823), 1, 1e-15);
}

static void test_pair_functions_known_values(void)
{
    double d[4] = {0, 2, -3, 40}, t[4] = {0.5, 1, 0, 0.25}, w[4] = {1, 2, 0.5, 1}, g[4], l;
    /* softplus(0) - 0 = log 2; 2 (softplus(2) - 2); 0.5 softplus(-3); softplus(40) - 10 */
    double want = LN2 + 2 * (2.1269280110429727 - 2) + 0.5 * 0.04858735157374206 + (40 + 4.248354255291589e-18 - 10);
    CHECK(ranknet_pair_bce(d, t, w, 4, &l, g) == RANKNET_OK);
    CHECK_NEAR(l, want, 40, 1e-15);
    CHECK_NEAR(g[0], 0, 1, 1e-16);
    CHECK_NEAR(g[1], 2 * (0.8807970779778823 - 1), 1, 1e-15);
    CHECK_NEAR(g[2], 0.5 * 0.04742587317756678, 1, 1e-16);
    CHECK_NEAR(g[3], 0.75, 1, 1e-15);

    /* ordered pairs: mean of softplus(-d); d = 0 and 2 -> (log 2 + 0.12692801104297263) / 2 */
    CHECK(ranknet_logsigmoid_loss(d, NULL, 2, &l, g) == RANKNET_OK);
    CHECK_NEAR(l, (LN2 + 0.12692801104297263) / 2, 1, 1e-15);
    CHECK_NEAR(g[0], -0.25, 1, 1e-16);
    CHECK_NEAR(g[1], -0.11920292202211755 / 2, 1, 1e-16);
    /* weights scale the terms before the mean over n */
    CHECK(ranknet_logsigmoid_loss(d, w, 2, &l, g) == RANKNET_OK);
    CHECK_NEAR(l, (LN2 + 2 * 0.12692801104297263) / 2, 1, 1e-15);
    CHECK_NEAR(g[1], -0.11920292202211755, 1, 1e-16);
}

/* ---- finite differences ------------------------------------------------------------------ */

/* Fourth-order central difference of the loss along v: error O(h^4). */
static double fd_directional(const ranknet_options *o, const double *s, const double *y, size_t n,
                             const double *v, double h)
{
    double *x = dalloc(n), f[4], steps[4] = {-2, -1, 1, 2};
    size_t i, k;
    for (k = 0; k < 4; ++k) {
        for (i = 0; i < n; ++i) x[i] = s[i] + steps[k] * h * v[i];
        f[k] = query_loss(o, x, y, n);
    }
    free(x);
    return (f[0] - 8 * f[1] + 8 * f[2] - f[3]) / (12 * h);
}

static void check_grad_fd(const ranknet_options *o, size_t n, int kind, double spread)
{
    double *s = dalloc(n), *y = dalloc(n), *g = dalloc(n), *v = dalloc(n), dot = 0, absdot = 0, fd, l;
    size_t i, dir;
    make_query(s, y, n, kind, spread);
    CHECK(ranknet_query(o, s, y, n, &l, g, NULL) == RANKNET_OK);
    for (dir = 0; dir < 3; ++dir) {
        dot = absdot = 0;
        for (i = 0; i < n; ++i) {
            v[i] = tl_normal();
            dot += g[i] * v[i];
            absdot += fabs(g[i] * v[i]);
        }
        fd = fd_directional(o, s, y, n, v, 1e-3);
        /* the FD carries rounding of about eps |loss| / h on top of its O(h^4) error */
        CHECK_NEAR(fd, dot, absdot + 1e-9 * fabs(l), 1e-6);
        if (fabs(fd - dot) > 1e-6 * (absdot + 1e-9 * fabs(l) > 1 ? absdot + 1e-9 * fabs(l) : 1))
            printf("  (n=%lu labels=%s spread=%g)\n", (unsigned long)n, label_kind_name[kind], spread);
    }
    free(s), free(y), free(g), free(v);
}

static void test_grad_matches_finite_differences(void)
{
    size_t sizes[] = {2, 3, 10, 100, 1000}, a;
    int kind;
    for (a = 0; a < sizeof sizes / sizeof *sizes; ++a)
        for (kind = 0; kind < LABELS_KINDS; ++kind) check_grad_fd(NULL, sizes[a], kind, 1.0);
}

static void test_grad_fd_with_sigma_and_tie_modes(void)
{
    ranknet_options o;
    double sigmas[] = {0.25, 1.0, 3.0};
    size_t a;
    int kind;
    memset(&o, 0, sizeof o);
    for (a = 0; a < 3; ++a)
        for (kind = 0; kind < LABELS_KINDS; ++kind) {
            o.sigma = sigmas[a];
            o.ties = RANKNET_TIES_HALF;
            check_grad_fd(&o, 300, kind, 2.0);
            o.ties = RANKNET_TIES_SKIP;
            check_grad_fd(&o, 300, kind, 2.0);
        }
}

static void test_hess_matches_finite_differences_of_grad(void)
{
    size_t n = 200, i, k;
    double *s = dalloc(n), *y = dalloc(n), *h = dalloc(n), *gp = dalloc(n), *gm = dalloc(n), eps = 1e-5;
    ranknet_options o;
    int kind;
    memset(&o, 0, sizeof o);
    for (kind = 0; kind < LABELS_KINDS; ++kind) {
        o.sigma = kind == LABELS_REAL ? 2.0 : 1.0;
        o.ties = kind == LABELS_BINARY ? RANKNET_TIES_SKIP : RANKNET_TIES_HALF;
        make_query(s, y, n, kind, 1.5);
        CHECK(ranknet_query(&o, s, y, n, NULL, NULL, h) == RANKNET_OK);
        for (k = 0; k < 8; ++k) {
            double keep;
            i = (size_t)(tl_uniform() * (double)n);
            keep = s[i];
            s[i] = keep + eps;
            CHECK(ranknet_query(&o, s, y, n, NULL, gp, NULL) == RANKNET_OK);
            s[i] = keep - eps;
            CHECK(ranknet_query(&o, s, y, n, NULL, gm, NULL) == RANKNET_OK);
            s[i] = keep;
            CHECK_NEAR((gp[i] - gm[i]) / (2 * eps), h[i], h[i], 1e-6);
            CHECK(h[i] > 0);
        }
    }
    free(s), free(y), free(h), free(gp), free(gm);
}

/* ---- accuracy against long double ------------------------------------------------------ */

static void check_against_reference(size_t n, int kind, double sigma, int skip, size_t stride, ranknet_simd path)
{
    double *s = dalloc(n), *y = dalloc(n), *g = dalloc(n), *h = dalloc(n), l = 0;
    float *sf = falloc(n), *yf = falloc(n), *gf = falloc(n), *hf = falloc(n);
    double lf = 0;
    ranknet_options o;
    ref r;
    size_t i;
    memset(&o, 0, sizeof o);
    o.sigma = sigma;
    o.ties = skip ? RANKNET_TIES_SKIP : RANKNET_TIES_HALF;
    o.simd = path;
    make_query(s, y, n, kind, 3.0);
    /* the float twin gets the same inputs, rounded to float first */
    for (i = 0; i < n; ++i) {
        sf[i] = (float)s[i];
        yf[i] = (float)y[i];
        s[i] = sf[i];
        y[i] = yf[i];
    }
    ref_alloc(&r, n);
    ref_query(&r, sigma, skip, s, y, n, stride);
    CHECK(ranknet_query(&o, s, y, n, &l, g, h) == RANKNET_OK);
    CHECK(ranknet_queryf(&o, sf, yf, n, &lf, gf, hf) == RANKNET_OK);
    if (stride == 1) {
        CHECK_NEAR(l, r.loss, r.loss_scale, 1e-11);
        CHECK_NEAR(lf, r.loss, r.loss_scale, 1e-6); /* float losses are summed in double */
    }
    for (i = 0; i < n; i += stride) {
        CHECK_NEAR(g[i], r.grad[i], r.gscale[i], 1e-11);
        CHECK_NEAR(h[i], r.hess[i], r.hscale[i], 1e-11);
        CHECK_NEAR(gf[i], r.grad[i], r.gscale[i], 1e-5);
        CHECK_NEAR(hf[i], r.hess[i], r.hscale[i], 1e-5);
    }
    ref_free(&r);
    free(s), free(y), free(g), free(h), free(sf), free(yf), free(gf), free(hf);
}

static void test_double_and_float_match_long_double_reference(void)
{
    int kind;
    for (kind = 0; kind < LABELS_KINDS; ++kind) {
        check_against_reference(1, kind, 1.0, 0, 1, RANKNET_SIMD_AUTO);
        check_against_reference(257, kind, 1.0, 0, 1, RANKNET_SIMD_AUTO);
        check_against_reference(600, kind, 0.5, 1, 1, RANKNET_SIMD_AUTO);
    }
    check_against_reference(2000, LABELS_GRADED, 2.0, 0, 1, RANKNET_SIMD_AUTO);
}

static void test_accuracy_at_n_10000(void)
{
    /* the contract's largest size, 5e7 pairs, both precisions; every 37th item's
       lambda and hessian against the reference (all of them would take 15 s) */
    check_against_reference(10000, LABELS_GRADED, 1.0, 0, 37, RANKNET_SIMD_AUTO);
    check_against_reference(10000, LABELS_REAL, 0.7, 1, 41, RANKNET_SIMD_AUTO);
}

/* ---- structure --------------------------------------------------------------------------- */

static void test_lambdas_sum_to_zero(void)
{
    size_t n = 777, i;
    double *s = dalloc(n), *y = dalloc(n), *g = dalloc(n), sum = 0, abssum = 0;
    float *sf = falloc(n), *yf = falloc(n), *gf = falloc(n);
    double sumf = 0;
    int kind;
    for (kind = 0; kind < LABELS_KINDS; ++kind) {
        make_query(s, y, n, kind, 4.0);
        for (i = 0; i < n; ++i) sf[i] = (float)s[i], yf[i] = (float)y[i];
        CHECK(ranknet_grad(s, y, n, g) == RANKNET_OK);
        CHECK(ranknet_gradf(sf, yf, n, gf) == RANKNET_OK);
        sum = abssum = sumf = 0;
        for (i = 0; i < n; ++i) sum += g[i], abssum += fabs(g[i]), sumf += gf[i];
        CHECK_NEAR(sum, 0, abssum, 1e-13);
        CHECK_NEAR(sumf, 0, abssum, 1e-6);
    }
    free(s), free(y), free(g), free(sf), free(yf), free(gf);
}

static void test_convenience_functions_equal_query(void)
{
    size_t n = 300, i;
    double *s = dalloc(n), *y = dalloc(n), *g1 = dalloc(n), *g2 = dalloc(n), l1, l2;
    float *sf = falloc(n), *yf = falloc(n), *gf1 = falloc(n), *gf2 = falloc(n);
    make_query(s, y, n, LABELS_GRADED, 1.0);
    for (i = 0; i < n; ++i) sf[i] = (float)s[i], yf[i] = (float)y[i];
    CHECK(ranknet_loss(s, y, n, &l1) == RANKNET_OK);
    CHECK(ranknet_grad(s, y, n, g1) == RANKNET_OK);
    CHECK(ranknet_query(NULL, s, y, n, &l2, g2, NULL) == RANKNET_OK);
    CHECK(l1 == l2);
    CHECK(memcmp(g1, g2, n * sizeof *g1) == 0);
    CHECK(ranknet_lossf(sf, yf, n, &l1) == RANKNET_OK);
    CHECK(ranknet_gradf(sf, yf, n, gf1) == RANKNET_OK);
    CHECK(ranknet_queryf(NULL, sf, yf, n, &l2, gf2, NULL) == RANKNET_OK);
    CHECK(l1 == l2);
    CHECK(memcmp(gf1, gf2, n * sizeof *gf1) == 0);
    free(s), free(y), free(g1), free(g2), free(sf), free(yf), free(gf1), free(gf2);
}

static void test_batch_equals_queries(void)
{
    size_t off[7] = {0, 5, 5, 40, 41, 300, 333}, nq = 6, rows = 333, q;
    double *s = dalloc(rows), *y = dalloc(rows), *g = dalloc(rows), *h = dalloc(rows);
    double *gq = dalloc(rows), *hq = dalloc(rows), l, lq, sum = 0;
    float *sf = falloc(rows), *yf = falloc(rows), *gf = falloc(rows), *hf = falloc(rows);
    float *gfq = falloc(rows), *hfq = falloc(rows);
    ranknet_options o;
    memset(&o, 0, sizeof o);
    o.sigma = 1.5;
    make_query(s, y, rows, LABELS_GRADED, 1.0);
    for (q = 0; q < rows; ++q) sf[q] = (float)s[q], yf[q] = (float)y[q];
    CHECK(ranknet_batch(&o, s, y, off, nq, &l, g, h) == RANKNET_OK);
    CHECK(ranknet_batchf(&o, sf, yf, off, nq, &lq, gf, hf) == RANKNET_OK);
    CHECK_NEAR(lq, l, l, 1e-5);
    for (q = 0; q < nq; ++q) {
        size_t a = off[q], n = off[q + 1] - a;
        CHECK(ranknet_query(&o, s + a, y + a, n, &lq, gq + a, hq + a) == RANKNET_OK);
        CHECK(ranknet_queryf(&o, sf + a, yf + a, n, NULL, gfq + a, hfq + a) == RANKNET_OK);
        sum += lq;
    }
    CHECK(sum == l);
    CHECK(memcmp(g, gq, rows * sizeof *g) == 0 && memcmp(h, hq, rows * sizeof *h) == 0);
    CHECK(memcmp(gf, gfq, rows * sizeof *gf) == 0 && memcmp(hf, hfq, rows * sizeof *hf) == 0);
    free(s), free(y), free(g), free(h), free(gq), free(hq), free(sf), free(yf), free(gf), free(hf), free(gfq),
        free(hfq);
}

static void test_pair_functions_match_query(void)
{
    /* the query loss is pair_bce over the i < j pairs; the ordered pairs' -log sigmoid
       is logsigmoid_loss; both gradients follow from the pair gradients */
    size_t n = 60, i, j, k = 0, np = n * (n - 1) / 2;
    double *s = dalloc(n), *y = dalloc(n), *d = dalloc(np), *t = dalloc(np), *gp = dalloc(np), *g = dalloc(n);
    double *gsum = dalloc(n), lq, lp;
    make_query(s, y, n, LABELS_GRADED, 2.0);
    for (i = 0; i < n; ++i)
        for (j = i + 1; j < n; ++j, ++k) {
            d[k] = s[i] - s[j];
            t[k] = y[i] > y[j] ? 1 : y[i] < y[j] ? 0 : 0.5;
        }
    CHECK(ranknet_query(NULL, s, y, n, &lq, g, NULL) == RANKNET_OK);
    CHECK(ranknet_pair_bce(d, t, NULL, np, &lp, gp) == RANKNET_OK);
    CHECK_NEAR(lp, lq, lq, 1e-13);
    for (i = 0, k = 0; i < n; ++i)
        for (j = i + 1; j < n; ++j, ++k) gsum[i] += gp[k], gsum[j] -= gp[k];
    for (i = 0; i < n; ++i) CHECK_NEAR(gsum[i], g[i], n, 1e-13);

    /* logsigmoid over the strictly ordered pairs, written as positive differences */
    for (i = 0, k = 0; i < n; ++i)
        for (j = i + 1; j < n; ++j)
            if (y[i] != y[j]) d[k++] = y[i] > y[j] ? s[i] - s[j] : s[j] - s[i];
    {
        ranknet_options o;
        double lskip;
        memset(&o, 0, sizeof o);
        o.ties = RANKNET_TIES_SKIP;
        CHECK(ranknet_query(&o, s, y, n, &lskip, NULL, NULL) == RANKNET_OK);
        CHECK(ranknet_logsigmoid_loss(d, NULL, k, &lp, gp) == RANKNET_OK);
        CHECK_NEAR(lp * (double)k, lskip, lskip, 1e-13);
    }
    free(s), free(y), free(d), free(t), free(gp), free(g), free(gsum);
}

static void check_pair_fd(int mean)
{
    size_t n = 50, k;
    double d[50], t[50], w[50], g[50], lp, lm, h = 1e-6;
    for (k = 0; k < n; ++k) {
        d[k] = 4 * tl_normal();
        t[k] = tl_uniform();
        w[k] = 2 * tl_uniform();
    }
    if (mean) CHECK(ranknet_logsigmoid_loss(d, w, n, NULL, g) == RANKNET_OK);
    else CHECK(ranknet_pair_bce(d, t, w, n, NULL, g) == RANKNET_OK);
    for (k = 0; k < n; ++k) {
        double keep = d[k];
        d[k] = keep + h;
        if (mean) CHECK(ranknet_logsigmoid_loss(d, w, n, &lp, NULL) == RANKNET_OK);
        else CHECK(ranknet_pair_bce(d, t, w, n, &lp, NULL) == RANKNET_OK);
        d[k] = keep - h;
        if (mean) CHECK(ranknet_logsigmoid_loss(d, w, n, &lm, NULL) == RANKNET_OK);
        else CHECK(ranknet_pair_bce(d, t, w, n, &lm, NULL) == RANKNET_OK);
        d[k] = keep;
        CHECK_NEAR((lp - lm) / (2 * h), g[k], 1, 1e-7);
    }
}

static void test_pair_functions_fd_and_float(void)
{
    size_t n = 1000, k;
    double *d = dalloc(n), *t = dalloc(n), *w = dalloc(n), *g = dalloc(n), l, lf;
    float *df = falloc(n), *tf = falloc(n), *wf = falloc(n), *gf = falloc(n);
    check_pair_fd(0);
    check_pair_fd(1);
    for (k = 0; k < n; ++k) {
        df[k] = (float)(10 * tl_normal()), d[k] = df[k];
        tf[k] = (float)tl_uniform(), t[k] = tf[k];
        wf[k] = (float)(3 * tl_uniform()), w[k] = wf[k];
    }
    CHECK(ranknet_pair_bce(d, t, w, n, &l, g) == RANKNET_OK);
    CHECK(ranknet_pair_bcef(df, tf, wf, n, &lf, gf) == RANKNET_OK);
    CHECK_NEAR(lf, l, l, 1e-6);
    for (k = 0; k < n; ++k) CHECK_NEAR(gf[k], g[k], w[k], 1e-6);
    CHECK(ranknet_logsigmoid_loss(d, w, n, &l, g) == RANKNET_OK);
    CHECK(ranknet_logsigmoid_lossf(df, wf, n, &lf, gf) == RANKNET_OK);
    CHECK_NEAR(lf, l, l, 1e-6);
    for (k = 0; k < n; ++k) CHECK_NEAR(gf[k], g[k], w[k], 1e-6);
    free(d), free(t), free(w), free(g), free(df), free(tf), free(wf), free(gf);
}

/* ---- the original PyTorch formulation ----------------------------------------------------- */

static void test_pytorch_code_identities(void)
{
    size_t n = 80, i;
    double *s = dalloc(n), *y = dalloc(n), *g = dalloc(n), *tg = dalloc(n), l, gscale;
    int kind;
    for (kind = 0; kind < LABELS_KINDS; ++kind) {
        make_query(s, y, n, kind, 2.0);
        CHECK(ranknet_query(NULL, s, y, n, &l, g, NULL) == RANKNET_OK);
        /* theirs = -(2 ours) - n log 2 */
        CHECK_NEAR(torch_loss(s, y, n), -2 * l - (double)n * LN2, 2 * l + (double)n, 1e-12);
        gscale = (double)n;
        torch_grad(s, y, n, 0, tg); /* column vector: 2 x ours */
        for (i = 0; i < n; ++i) CHECK_NEAR(tg[i], 2 * g[i], gscale, 1e-13);
        torch_grad(s, y, n, 1, tg); /* row vector, as its docstring says: -2 x ours */
        for (i = 0; i < n; ++i) CHECK_NEAR(tg[i], -2 * g[i], gscale, 1e-13);
    }
    /* where theirs breaks: log(sigmoid(-800)) is -inf in double; ours stays exact */
    s[0] = 0, s[1] = 800, y[0] = 1, y[1] = 0;
    CHECK(!isfinite(torch_loss(s, y, 2)));
    CHECK(ranknet_loss(s, y, 2, &l) == RANKNET_OK);
    CHECK(l == 800);
    free(s), free(y), free(g), free(tg);
}

/* ---- extremes ------------------------------------------------------------------------------- */

static void test_extreme_gaps(void)
{
    double s[2] = {1e30, -1e30}, y[2] = {0, 1}, g[2], h[2], l;
    float sf[2] = {1e30f, -1e30f}, yf[2] = {0, 1}, gf[2], hf[2];
    ranknet_options o;
    memset(&o, 0, sizeof o);
    /* wrong order by 2e30: loss 2e30, lambdas exactly +-1, curvature 0 */
    CHECK(ranknet_query(NULL, s, y, 2, &l, g, h) == RANKNET_OK);
    CHECK(l == 2e30 && g[0] == 1 && g[1] == -1 && h[0] == 0 && h[1] == 0);
    CHECK(ranknet_queryf(NULL, sf, yf, 2, &l, gf, hf) == RANKNET_OK);
    CHECK_NEAR(l, 2e30, 2e30, 1e-7);
    CHECK(gf[0] == 1 && gf[1] == -1 && hf[0] == 0 && hf[1] == 0);
    /* right order: loss exactly 0, tiny lambdas */
    y[0] = 1, y[1] = 0;
    CHECK(ranknet_query(NULL, s, y, 2, &l, g, h) == RANKNET_OK);
    CHECK(l == 0 && g[0] == 0 && g[1] == 0 && h[0] == 0);
    /* a gap of 40: lambda = -sigmoid(-40) = -4.248e-18 to full relative precision */
    s[0] = 20, s[1] = -20;
    CHECK(ranknet_grad(s, y, 2, g) == RANKNET_OK);
    CHECK_NEAR(g[0] / -4.2483542552915889e-18, 1, 1, 1e-14);
    /* scores at the ends of the double range: the difference overflows, the answer does not */
    s[0] = DBL_MAX, s[1] = -DBL_MAX;
    CHECK(ranknet_query(NULL, s, y, 2, &l, g, h) == RANKNET_OK);
    CHECK(l == 0 && g[0] == 0 && g[1] == 0 && h[0] == 0 && h[1] == 0);
    y[0] = 0, y[1] = 1; /* now the loss itself is beyond DBL_MAX: a status, outputs untouched */
    g[0] = g[1] = 7;
    l = 7;
    CHECK(ranknet_query(NULL, s, y, 2, &l, g, h) == RANKNET_ERR_OVERFLOW);
    CHECK(l == 7 && g[0] == 7 && g[1] == 7);
    CHECK(ranknet_query(NULL, s, y, 2, NULL, g, h) == RANKNET_OK); /* lambdas alone are fine */
    CHECK(g[0] == 1 && g[1] == -1 && h[0] == 0);
    /* a small sigma undoes a difference that overflows: s_i - s_j = inf, sigma (s_i - s_j)
       moderate; found by the fuzzer (it gave inf and NaN before) */
    {
        double sb[3] = {1.5e308, -1.5e308, 0}, yb[3] = {0, 1, 2}, gb[3], hb[3], lb;
        float sfb[3] = {3e38f, -3e38f, 0}, yfb[3] = {0, 1, 2}, gfb[3];
        ranknet_options tiny;
        size_t p;
        memset(&tiny, 0, sizeof tiny);
        tiny.sigma = 1e-310;
        for (p = 0; p < 4; ++p) {
            tiny.simd = (ranknet_simd)(RANKNET_SIMD_SCALAR + p);
            if (!ranknet_simd_supported(tiny.simd)) continue;
            /* d = 0.03, 0.015, -0.015 for pairs (0,1), (0,2), (1,2), all with t = 0 */
            CHECK(ranknet_query(&tiny, sb, yb, 3, &lb, gb, hb) == RANKNET_OK);
            CHECK_NEAR(lb, log1p(exp(0.03)) + log1p(exp(0.015)) + log1p(exp(-0.015)), 1, 1e-12);
            CHECK_NEAR(gb[0], 1e-310 * (1 / (1 + exp(-0.03)) + 1 / (1 + exp(-0.015))), 1e-310, 1e-12);
            CHECK(hb[0] >= 0 && isfinite(hb[0]));
            /* float: s_i - s_j = 6e38 overflows float, not sigma (s_i - s_j) = 600: the wrong
               pairs (0,1) and (0,2) cost 600 and 300 */
            tiny.sigma = 1e-36;
            CHECK(ranknet_queryf(&tiny, sfb, yfb, 3, &lb, gfb, NULL) == RANKNET_OK);
            CHECK_NEAR(lb, 1e-36 * 3.0 * (double)sfb[0], 900, 1e-6);
            CHECK(isfinite(gfb[0]) && isfinite(gfb[1]));
            tiny.sigma = 1e-310;
        }
    }
    /* sigma at the limit of what the lambdas can hold */
    o.sigma = 1e300;
    s[0] = 1, s[1] = 0;
    CHECK(ranknet_query(&o, s, y, 2, &l, g, NULL) == RANKNET_OK);
    CHECK(g[0] == 1e300 && g[1] == -1e300 && l == 1e300);
    CHECK(ranknet_queryf(&o, sf, yf, 2, &l, gf, NULL) == RANKNET_ERR_OVERFLOW);
    /* pair functions with huge differences and weights */
    {
        double d[2] = {-1e308, 1e308}, t[2] = {1, 1}, w[2] = {1e10, 1e10}, gp[2];
        CHECK(ranknet_pair_bce(d, t, w, 2, &l, gp) == RANKNET_ERR_OVERFLOW);
        t[0] = 0; /* both pairs now agree with their targets */
        CHECK(ranknet_pair_bce(d, t, w, 2, &l, gp) == RANKNET_OK);
        CHECK(l == 0 && gp[0] == 0 && gp[1] == 0);
        CHECK(ranknet_logsigmoid_loss(d + 1, w, 1, &l, gp) == RANKNET_OK);
        CHECK(l == 0 && gp[0] == 0);
        CHECK(ranknet_logsigmoid_loss(d, w, 1, &l, gp) == RANKNET_ERR_OVERFLOW);
        w[0] = 1e-300;
        CHECK(ranknet_logsigmoid_loss(d, w, 1, &l, gp) == RANKNET_OK);
        CHECK_NEAR(l, 1e8, 1e8, 1e-15);
    }
}

static void test_small_n(void)
{
    double s[2] = {0.3, -0.1}, y[2] = {1, 0}, g[2] = {5, 5}, h[2] = {5, 5}, l = 5;
    float sf[1] = {1}, yf[1] = {2}, gf[1] = {5}, hf[1] = {5};
    /* n = 0: OK, loss 0, even with NULL arrays */
    CHECK(ranknet_query(NULL, NULL, NULL, 0, &l, NULL, NULL) == RANKNET_OK && l == 0);
    l = 5;
    CHECK(ranknet_loss(NULL, NULL, 0, &l) == RANKNET_OK && l == 0);
    CHECK(ranknet_grad(NULL, NULL, 0, NULL) == RANKNET_OK);
    l = 5;
    CHECK(ranknet_pair_bce(NULL, NULL, NULL, 0, &l, NULL) == RANKNET_OK && l == 0);
    l = 5;
    CHECK(ranknet_logsigmoid_loss(NULL, NULL, 0, &l, NULL) == RANKNET_OK && l == 0);
    l = 5;
    CHECK(ranknet_batch(NULL, NULL, NULL, NULL, 0, &l, NULL, NULL) == RANKNET_OK && l == 0);
    /* n = 1: no pairs, everything zero */
    CHECK(ranknet_query(NULL, s, y, 1, &l, g, h) == RANKNET_OK);
    CHECK(l == 0 && g[0] == 0 && h[0] == 0 && g[1] == 5 && h[1] == 5);
    CHECK(ranknet_queryf(NULL, sf, yf, 1, &l, gf, hf) == RANKNET_OK);
    CHECK(l == 0 && gf[0] == 0 && hf[0] == 0);
    /* n = 2: one pair */
    CHECK(ranknet_query(NULL, s, y, 2, &l, g, h) == RANKNET_OK);
    CHECK_NEAR(l, log1p(exp(-0.4)), 1, 1e-16);
    CHECK_NEAR(g[0], -1 / (1 + exp(0.4)), 1, 1e-16);
    CHECK(g[0] == -g[1] && h[0] == h[1]);
    /* all ties with TIES_SKIP: no pairs at all */
    {
        ranknet_options o;
        memset(&o, 0, sizeof o);
        o.ties = RANKNET_TIES_SKIP;
        y[0] = 0;
        CHECK(ranknet_query(&o, s, y, 2, &l, g, h) == RANKNET_OK);
        CHECK(l == 0 && g[0] == 0 && g[1] == 0 && h[0] == 0);
    }
}

/* ---- errors: a status, and nothing written ----------------------------------------------- */

#define SENT 12345.0
static void fill(double *a, size_t n)
{
    size_t i;
    for (i = 0; i < n; ++i) a[i] = SENT;
}
static int untouched(const double *a, size_t n)
{
    size_t i;
    for (i = 0; i < n; ++i)
        if (a[i] != SENT) return 0;
    return 1;
}
static void fillf(float *a, size_t n)
{
    size_t i;
    for (i = 0; i < n; ++i) a[i] = (float)SENT;
}
static int untouchedf(const float *a, size_t n)
{
    size_t i;
    for (i = 0; i < n; ++i)
        if (a[i] != (float)SENT) return 0;
    return 1;
}

/* Calls query and queryf with every output requested; both must give `want` and leave
   all outputs as they were. */
static void expect_query_error(const ranknet_options *o, const double *s, const double *y, size_t n,
                               ranknet_status want)
{
    double l = SENT, g[8], h[8];
    float sf[8], yf[8], gf[8], hf[8];
    size_t i;
    fill(g, 8), fill(h, 8), fillf(gf, 8), fillf(hf, 8);
    for (i = 0; i < n; ++i) sf[i] = s ? (float)s[i] : 0, yf[i] = y ? (float)y[i] : 0;
    CHECK(ranknet_query(o, s, y, n, &l, g, h) == want);
    CHECK(l == SENT && untouched(g, 8) && untouched(h, 8));
    CHECK(ranknet_queryf(o, s ? sf : NULL, y ? yf : NULL, n, &l, gf, hf) == want);
    CHECK(l == SENT && untouchedf(gf, 8) && untouchedf(hf, 8));
}

static void test_errors_leave_outputs_untouched(void)
{
    double s[4] = {1, 2, 3, 4}, y[4] = {0, 1, 0, 2}, g[4], l = SENT;
    double d[3] = {0, 1, 2}, t[3] = {0, 0.5, 1}, w[3] = {1, 1, 1};
    float df[3] = {0, 1, 2}, tf[3] = {0, 0.5f, 1}, wf[3] = {1, 1, 1}, gf[3];
    size_t off[4] = {0, 2, 1, 4};
    ranknet_options o;
    memset(&o, 0, sizeof o);

    expect_query_error(NULL, NULL, y, 4, RANKNET_ERR_NULL);
    expect_query_error(NULL, s, NULL, 4, RANKNET_ERR_NULL);
    s[2] = NAN;
    expect_query_error(NULL, s, y, 4, RANKNET_ERR_NONFINITE);
    s[2] = INFINITY;
    expect_query_error(NULL, s, y, 4, RANKNET_ERR_NONFINITE);
    s[2] = -INFINITY;
    expect_query_error(NULL, s, y, 4, RANKNET_ERR_NONFINITE);
    s[2] = 3;
    y[3] = NAN;
    expect_query_error(NULL, s, y, 4, RANKNET_ERR_NONFINITE);
    y[3] = 2;
    o.sigma = -1;
    expect_query_error(&o, s, y, 4, RANKNET_ERR_OPTION);
    o.sigma = NAN;
    expect_query_error(&o, s, y, 4, RANKNET_ERR_OPTION);
    o.sigma = INFINITY;
    expect_query_error(&o, s, y, 4, RANKNET_ERR_OPTION);
    o.sigma = 1e200; /* the hessian, sigma^2 (n - 1) / 4, cannot be held */
    expect_query_error(&o, s, y, 4, RANKNET_ERR_OVERFLOW);
    o.sigma = 1;
    o.ties = (ranknet_ties)7;
    expect_query_error(&o, s, y, 4, RANKNET_ERR_OPTION);
    o.ties = RANKNET_TIES_HALF;
    o.gain = (ranknet_gain)-1;
    expect_query_error(&o, s, y, 4, RANKNET_ERR_OPTION);
    o.gain = RANKNET_GAIN_EXP2;
    o.weighting = (ranknet_weighting)9;
    expect_query_error(&o, s, y, 4, RANKNET_ERR_OPTION);

    /* batches: NULL offsets, offsets not starting at 0, decreasing offsets */
    fill(g, 4);
    CHECK(ranknet_batch(NULL, s, y, NULL, 2, &l, g, NULL) == RANKNET_ERR_NULL);
    CHECK(ranknet_batch(NULL, s, y, off, 3, &l, g, NULL) == RANKNET_ERR_OFFSETS);
    off[2] = 3;
    off[0] = 1;
    CHECK(ranknet_batch(NULL, s, y, off, 3, &l, g, NULL) == RANKNET_ERR_OFFSETS);
    CHECK(l == SENT && untouched(g, 4));
    fillf(gf, 3);
    CHECK(ranknet_batchf(NULL, df, tf, off, 3, &l, gf, NULL) == RANKNET_ERR_OFFSETS);
    CHECK(l == SENT && untouchedf(gf, 3));

    /* pair functions */
    fill(g, 4), fillf(gf, 3);
    CHECK(ranknet_pair_bce(NULL, t, w, 3, &l, g) == RANKNET_ERR_NULL);
    CHECK(ranknet_pair_bce(d, NULL, w, 3, &l, g) == RANKNET_ERR_NULL);
    CHECK(ranknet_logsigmoid_loss(NULL, w, 3, &l, g) == RANKNET_ERR_NULL);
    t[1] = 1.5;
    CHECK(ranknet_pair_bce(d, t, w, 3, &l, g) == RANKNET_ERR_RANGE);
    t[1] = -0.01;
    CHECK(ranknet_pair_bce(d, t, w, 3, &l, g) == RANKNET_ERR_RANGE);
    t[1] = NAN;
    CHECK(ranknet_pair_bce(d, t, w, 3, &l, g) == RANKNET_ERR_NONFINITE);
    t[1] = 0.5;
    w[2] = -1e-300;
    CHECK(ranknet_pair_bce(d, t, w, 3, &l, g) == RANKNET_ERR_RANGE);
    CHECK(ranknet_logsigmoid_loss(d, w, 3, &l, g) == RANKNET_ERR_RANGE);
    w[2] = INFINITY;
    CHECK(ranknet_logsigmoid_loss(d, w, 3, &l, g) == RANKNET_ERR_NONFINITE);
    w[2] = 1;
    d[0] = NAN;
    CHECK(ranknet_logsigmoid_loss(d, w, 3, &l, g) == RANKNET_ERR_NONFINITE);
    CHECK(l == SENT && untouched(g, 4));
    tf[0] = 2;
    CHECK(ranknet_pair_bcef(df, tf, wf, 3, &l, gf) == RANKNET_ERR_RANGE);
    df[1] = NAN;
    CHECK(ranknet_logsigmoid_lossf(df, wf, 3, &l, gf) == RANKNET_ERR_NONFINITE);
    CHECK(l == SENT && untouchedf(gf, 3));
}

static void test_status_strings(void)
{
    int a, b;
    for (a = RANKNET_OK; a <= RANKNET_ERR_NOMEM; ++a) {
        CHECK(ranknet_status_string((ranknet_status)a) != NULL);
        CHECK(strlen(ranknet_status_string((ranknet_status)a)) > 1);
        for (b = 0; b < a; ++b)
            CHECK(strcmp(ranknet_status_string((ranknet_status)a), ranknet_status_string((ranknet_status)b)) != 0);
    }
    CHECK(ranknet_status_string((ranknet_status)99) != NULL);
    CHECK(ranknet_status_string((ranknet_status)-1) != NULL);
    CHECK(RANKNET_OK == 0);
}

static void test_deterministic(void)
{
    size_t n = 500;
    double *s = dalloc(n), *y = dalloc(n), *g1 = dalloc(n), *g2 = dalloc(n), *h1 = dalloc(n), *h2 = dalloc(n);
    double l1, l2;
    make_query(s, y, n, LABELS_REAL, 3.0);
    CHECK(ranknet_query(NULL, s, y, n, &l1, g1, h1) == RANKNET_OK);
    CHECK(ranknet_query(NULL, s, y, n, &l2, g2, h2) == RANKNET_OK);
    CHECK(memcmp(&l1, &l2, sizeof l1) == 0);
    CHECK(memcmp(g1, g2, n * sizeof *g1) == 0 && memcmp(h1, h2, n * sizeof *h1) == 0);
    free(s), free(y), free(g1), free(g2), free(h1), free(h2);
}


/* ---- LambdaRank and NDCG, against brute force from the definitions ------------------------ */

/* order[r] = the item at rank r: scores descending, equal scores by lower index */
static void bf_ranking(const double *s, size_t n, size_t *order)
{
    size_t a, b;
    for (a = 0; a < n; ++a) order[a] = a;
    for (a = 1; a < n; ++a)
        for (b = a; b > 0 && (s[order[b]] > s[order[b - 1]] ||
                              (s[order[b]] == s[order[b - 1]] && order[b] < order[b - 1]));
             --b) {
            size_t tmp = order[b];
            order[b] = order[b - 1];
            order[b - 1] = tmp;
        }
}

/* Gains may be scaled by a common factor, which NDCG does not see. Where a query has
   labels above 1000 they are all scaled by 2^-shift, shift = the largest label: 2^y
   itself would overflow where long double is only double, as under valgrind. Where all
   labels are below 1e-300, 2^y - 1 = y ln 2 to 1e-300 relative, and the gains are scaled
   by 2^1000 so that no product is subnormal (shift = -1 marks this). */
static long double bf_shift(const double *y, size_t n)
{
    double top = 0;
    size_t i;
    for (i = 0; i < n; ++i)
        if (y[i] > top) top = y[i];
    return top > 1000 ? (long double)top : top < 1e-300 ? -1 : 0;
}

static long double bf_gain(double y, int linear, long double shift)
{
    if (shift < 0) return ldexpl((long double)y, 1000) * (linear ? 1 : 0.693147180559945309417232121458176568L);
    if (linear) return (long double)y;
    if (shift == 0) return expm1l((long double)y * 0.693147180559945309417232121458176568L); /* small y too */
    return powl(2.0L, (long double)y - shift) - powl(2.0L, -shift);
}

static long double bf_dcg(const double *y, const size_t *order, size_t n, size_t k, int linear)
{
    size_t r, cut = k == 0 || k > n ? n : k;
    long double dcg = 0;
    long double shift = bf_shift(y, n);
    for (r = 0; r < cut; ++r) dcg += bf_gain(y[order[r]], linear, shift) / log2l((long double)r + 2.0L);
    return dcg;
}

static long double bf_idcg(const double *y, size_t n, size_t k, int linear)
{
    size_t *order = (size_t *)malloc((n ? n : 1) * sizeof *order);
    long double idcg;
    bf_ranking(y, n, order); /* labels sorted descending */
    idcg = bf_dcg(y, order, n, k, linear);
    free(order);
    return idcg;
}

/* NDCG of a given ranking */
static long double bf_ndcg_of_order(const double *y, const size_t *order, size_t n, size_t k, int linear)
{
    long double idcg = bf_idcg(y, n, k, linear);
    return idcg > 0 ? bf_dcg(y, order, n, k, linear) / idcg : 1.0L;
}

/* LambdaRank by brute force: every ordered pair, w_ij found by swapping the two items'
   places in the ranking and recomputing NDCG@k. Fills a reference like ref_query. */
static void bf_lambdarank(ref *r, double sigma, size_t k, int linear, int normalize, const double *s, const double *y,
                          size_t n)
{
    size_t *order = (size_t *)malloc((n ? n : 1) * sizeof *order), *rank = (size_t *)malloc((n ? n : 1) * sizeof *rank);
    size_t i, j;
    long double base, abs_sum = 0;
    bf_ranking(s, n, order);
    for (i = 0; i < n; ++i) rank[order[i]] = i;
    base = bf_ndcg_of_order(y, order, n, k, linear);
    r->loss = r->loss_scale = 0;
    for (i = 0; i < n; ++i) r->grad[i] = r->gscale[i] = r->hess[i] = r->hscale[i] = 0;
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j) {
            long double w, d, p, t, g;
            if (i == j) continue;
            order[rank[i]] = j, order[rank[j]] = i;
            w = fabsl(bf_ndcg_of_order(y, order, n, k, linear) - base);
            order[rank[i]] = i, order[rank[j]] = j;
            if (bf_idcg(y, n, k, linear) == 0) w = 0;
            d = (long double)sigma * ((long double)s[i] - (long double)s[j]);
            p = 1.0L / (1.0L + expl(-d));
            t = y[i] > y[j] ? 1.0L : y[i] < y[j] ? 0.0L : 0.5L;
            g = w * sigma * (p - t);
            r->grad[i] += g;
            r->gscale[i] += fabsl(g);
            r->hess[i] += w * sigma * sigma * p * (1 - p);
            abs_sum += fabsl(g);
            if (i < j) {
                long double l = w * ((d > 0 ? d : 0) + log1pl(expl(-fabsl(d))) - t * d);
                r->loss += l;
                r->loss_scale += fabsl(l);
            }
        }
    if (normalize && abs_sum > 0) {
        long double f = log2l(1 + abs_sum) / abs_sum;
        for (i = 0; i < n; ++i) r->grad[i] *= f, r->gscale[i] *= f, r->hess[i] *= f;
    }
    for (i = 0; i < n; ++i) r->hscale[i] = r->hess[i];
    free(order);
    free(rank);
}

static void make_lambdarank_query(double *s, double *y, size_t n, int tied_scores, double max_label)
{
    size_t i;
    for (i = 0; i < n; ++i) {
        s[i] = tied_scores ? floor(4 * tl_uniform()) * 0.5 : 2 * tl_normal();
        y[i] = floor((max_label + 1) * tl_uniform());
    }
}

static void check_lambdarank(const double *s, const double *y, size_t n, size_t k, int linear, int normalize,
                             double sigma, double tol_d, double tol_f)
{
    double *g = dalloc(n), *h = dalloc(n), l;
    float *sf = falloc(n), *yf = falloc(n), *gf = falloc(n), *hf = falloc(n);
    double lf;
    ranknet_options o;
    ref r;
    size_t i;
    int with_float = 1;
    memset(&o, 0, sizeof o);
    o.weighting = RANKNET_WEIGHT_DELTA_NDCG;
    o.k = k;
    o.gain = linear ? RANKNET_GAIN_LINEAR : RANKNET_GAIN_EXP2;
    o.normalize = normalize ? RANKNET_NORM_LOG2 : RANKNET_NORM_NONE;
    o.sigma = sigma;
    for (i = 0; i < n; ++i) sf[i] = (float)s[i], yf[i] = (float)y[i];
    ref_alloc(&r, n);
    bf_lambdarank(&r, sigma, k, linear, normalize, s, y, n);
    for (i = 0; i < n; ++i) /* labels float cannot hold only go to the double functions */
        if ((double)(float)y[i] != y[i]) with_float = 0;
    CHECK(ranknet_query(&o, s, y, n, &l, g, h) == RANKNET_OK);
    if (with_float) CHECK(ranknet_queryf(&o, sf, yf, n, &lf, gf, hf) == RANKNET_OK);
    if (!normalize) {
        CHECK_NEAR(l, r.loss, r.loss_scale, tol_d);
        if (with_float) CHECK_NEAR(lf, r.loss, r.loss_scale, tol_f);
    }
    for (i = 0; i < n; ++i) {
        CHECK_NEAR(g[i], r.grad[i], r.gscale[i], tol_d);
        CHECK_NEAR(h[i], r.hess[i], r.hscale[i], tol_d);
        if (!with_float) continue;
        CHECK_NEAR(gf[i], r.grad[i], r.gscale[i], tol_f);
        CHECK_NEAR(hf[i], r.hess[i], r.hscale[i], tol_f);
    }
    ref_free(&r);
    free(g), free(h), free(sf), free(yf), free(gf), free(hf);
}

static void test_lambdarank_weights_match_swapped_ndcg(void)
{
    size_t sizes[] = {1, 2, 5, 17, 40}, ks[] = {0, 1, 3, 10}, a, b;
    double s[40], y[40];
    int linear, tied;
    for (a = 0; a < 5; ++a)
        for (b = 0; b < 4; ++b)
            for (linear = 0; linear < 2; ++linear)
                for (tied = 0; tied < 2; ++tied) {
                    make_lambdarank_query(s, y, sizes[a], tied, 4);
                    check_lambdarank(s, y, sizes[a], ks[b], linear, 0, tied ? 1.0 : 0.7, 1e-11, 1e-5);
                }
}

static void test_lambdarank_normalize(void)
{
    double s[30], y[30];
    size_t ks[] = {0, 5}, b;
    for (b = 0; b < 2; ++b) {
        make_lambdarank_query(s, y, 30, 0, 4);
        check_lambdarank(s, y, 30, ks[b], 0, 1, 1.0, 1e-11, 1e-5);
    }
}

static void test_lambdarank_large_labels(void)
{
    /* 2^40 and 2^2000: the pair order and the weights must survive */
    double s[12], y[12];
    size_t i;
    make_lambdarank_query(s, y, 12, 0, 1);
    for (i = 0; i < 12; ++i) y[i] = 35 + floor(6 * tl_uniform());
    check_lambdarank(s, y, 12, 0, 0, 0, 1.0, 1e-11, 1e-5);
    check_lambdarank(s, y, 12, 4, 1, 0, 1.0, 1e-11, 1e-5);
    for (i = 0; i < 12; ++i) y[i] = 1990 + floor(12 * tl_uniform()) * 0.5;
    check_lambdarank(s, y, 12, 3, 0, 0, 1.0, 1e-11, 1e-5);
    for (i = 0; i < 12; ++i) y[i] = i < 3 ? 1e300 * (double)(i + 1) : 1e299;
    check_lambdarank(s, y, 12, 0, 1, 0, 1.0, 1e-11, 1e-5);
    /* subnormal labels: IDCG itself is subnormal and 1 / IDCG would overflow; and with
       normalize, S is tiny enough that log2(1 + S) rounds to 0 (both found by the fuzzer) */
    for (i = 0; i < 12; ++i) y[i] = i % 3 == 0 ? 0 : 5.4e-322 * (double)(i % 3);
    check_lambdarank(s, y, 12, 0, 1, 0, 1.0, 1e-11, 1e-5);
    check_lambdarank(s, y, 12, 3, 0, 0, 1.0, 1e-11, 1e-5);
    check_lambdarank(s, y, 12, 0, 1, 1, 1.0, 1e-11, 1e-5);
}

/* The plain O(n^2) evaluation of the formula (ranks, gains, discounts, every pair), in
   long double, with sigma, either gain and normalize */
static void plain_lambdarank(ref *r, size_t k, int linear, double sigma, int normalize, const double *s,
                             const double *y, size_t n)
{
    size_t *order = (size_t *)malloc(n * sizeof *order);
    long double *disc = (long double *)malloc(n * sizeof *disc), *gain = (long double *)malloc(n * sizeof *gain);
    size_t i, j, cut = k == 0 || k > n ? n : k;
    long double idcg = bf_idcg(y, n, k, linear), abs_sum = 0;
    bf_ranking(s, n, order);
    for (i = 0; i < n; ++i) {
        disc[order[i]] = i < cut ? 1.0L / log2l(i + 2.0L) : 0;
        gain[i] = bf_gain(y[i], linear, bf_shift(y, n));
    }
    r->loss = r->loss_scale = 0;
    for (i = 0; i < n; ++i) {
        long double g = 0, gs = 0, h = 0;
        for (j = 0; j < n; ++j) {
            long double w, d, p, t;
            if (j == i || idcg == 0) continue;
            w = fabsl(gain[i] - gain[j]) * fabsl(disc[i] - disc[j]) / idcg;
            if (w == 0) continue;
            d = (long double)sigma * ((long double)s[i] - s[j]);
            p = 1.0L / (1.0L + expl(-d));
            t = y[i] > y[j] ? 1.0L : y[i] < y[j] ? 0.0L : 0.5L;
            g += w * sigma * (p - t);
            gs += fabsl(w * sigma * (p - t));
            h += w * sigma * sigma * p * (1 - p);
            if (i < j) {
                long double l = w * ((d > 0 ? d : 0) + log1pl(expl(-fabsl(d))) - t * d);
                r->loss += l;
                r->loss_scale += fabsl(l);
            }
        }
        abs_sum += gs;
        r->grad[i] = g, r->gscale[i] = gs, r->hess[i] = h, r->hscale[i] = h;
    }
    if (normalize && abs_sum > 0) {
        long double f = log2l(1 + abs_sum) / abs_sum;
        for (i = 0; i < n; ++i) r->grad[i] *= f, r->gscale[i] *= f, r->hess[i] *= f, r->hscale[i] *= f;
    }
    free(order);
    free(disc);
    free(gain);
}

static void test_lambdarank_top_k_path_matches_plain_evaluation(void)
{
    /* k = 10 up to n = 2000; the whole list (k = 0) up to n = 700 */
    size_t sizes[] = {100, 700, 2000}, ks[] = {10, 0}, a, b, i;
    for (a = 0; a < 3; ++a)
        for (b = 0; b < (a < 2 ? 2u : 1u); ++b) {
            size_t n = sizes[a];
            double *s = dalloc(n), *y = dalloc(n), *g = dalloc(n), *h = dalloc(n), l;
            ranknet_options o;
            ref r;
            memset(&o, 0, sizeof o);
            o.weighting = RANKNET_WEIGHT_DELTA_NDCG;
            o.k = ks[b];
            make_lambdarank_query(s, y, n, a == 1, 4);
            ref_alloc(&r, n);
            plain_lambdarank(&r, ks[b], 0, 1.0, 0, s, y, n);
            CHECK(ranknet_query(&o, s, y, n, &l, g, h) == RANKNET_OK);
            CHECK_NEAR(l, r.loss, r.loss_scale, 1e-11);
            for (i = 0; i < n; ++i) {
                CHECK_NEAR(g[i], r.grad[i], r.gscale[i], 1e-11);
                CHECK_NEAR(h[i], r.hess[i], r.hscale[i], 1e-11);
            }
            ref_free(&r);
            free(s), free(y), free(g), free(h);
        }
}

static void test_lambdarank_fd_away_from_ties(void)
{
    size_t n = 60, i, dir, b, ks[] = {0, 5};
    double s[60], y[60], g[60], h[60], v[60], gp[60], gm[60], l;
    ranknet_options o;
    memset(&o, 0, sizeof o);
    o.weighting = RANKNET_WEIGHT_DELTA_NDCG;
    o.sigma = 1.3;
    for (b = 0; b < 2; ++b) {
        o.k = ks[b];
        /* scores 0.05 apart at least: steps of 2e-4 along v never reorder them */
        make_lambdarank_query(s, y, n, 0, 4);
        for (i = 0; i < n; ++i) s[i] = 0.1 * (double)((i * 37) % n) + 0.04 * tl_uniform();
        CHECK(ranknet_query(&o, s, y, n, &l, g, h) == RANKNET_OK);
        for (dir = 0; dir < 3; ++dir) {
            double dot = 0, absdot = 0, fd;
            for (i = 0; i < n; ++i) v[i] = tl_uniform() * 2 - 1, dot += g[i] * v[i], absdot += fabs(g[i] * v[i]);
            fd = fd_directional(&o, s, y, n, v, 1e-4);
            CHECK_NEAR(fd, dot, absdot, 1e-7);
        }
        for (i = 0; i < n; i += 7) {
            double keep = s[i];
            s[i] = keep + 1e-6;
            CHECK(ranknet_query(&o, s, y, n, NULL, gp, NULL) == RANKNET_OK);
            s[i] = keep - 1e-6;
            CHECK(ranknet_query(&o, s, y, n, NULL, gm, NULL) == RANKNET_OK);
            s[i] = keep;
            CHECK_NEAR((gp[i] - gm[i]) / 2e-6, h[i], h[i], 1e-6);
        }
    }
}

static void test_lambdarank_no_relevant_items_and_errors(void)
{
    double s[4] = {3, 1, 2, 0}, y[4] = {0, 0, 0, 0}, g[4] = {9, 9, 9, 9}, h[4], l = 9;
    ranknet_options o;
    memset(&o, 0, sizeof o);
    o.weighting = RANKNET_WEIGHT_DELTA_NDCG;
    CHECK(ranknet_query(&o, s, y, 4, &l, g, h) == RANKNET_OK);
    CHECK(l == 0 && g[0] == 0 && g[3] == 0 && h[0] == 0 && h[3] == 0);
    /* with k = 1 and the best item already on top, only pairs with rank 0 count */
    y[0] = 2;
    o.k = 1;
    CHECK(ranknet_query(&o, s, y, 4, &l, g, h) == RANKNET_OK);
    CHECK(g[0] < 0 && g[1] > 0 && g[2] > 0 && g[3] > 0);
    y[1] = -1; /* negative labels have no gain */
    expect_query_error(&o, s, y, 4, RANKNET_ERR_RANGE);
    y[1] = NAN;
    expect_query_error(&o, s, y, 4, RANKNET_ERR_NONFINITE);
}

static void test_ndcg_against_brute_force(void)
{
    size_t ks[] = {0, 1, 3, 10}, n, b, order[64];
    double s[64], y[64], got, gotf;
    float sf[64], yf[64];
    int rep;
    for (rep = 0; rep < 40; ++rep)
        for (b = 0; b < 4; ++b) {
            size_t i;
            n = 1 + (size_t)(tl_uniform() * 63);
            make_lambdarank_query(s, y, n, rep % 2, rep % 3 == 0 ? 1 : 4);
            for (i = 0; i < n; ++i) sf[i] = (float)s[i], yf[i] = (float)y[i];
            bf_ranking(s, n, order);
            CHECK(ranknet_ndcg(s, y, n, ks[b], &got) == RANKNET_OK);
            CHECK(ranknet_ndcgf(sf, yf, n, ks[b], &gotf) == RANKNET_OK);
            CHECK_NEAR(got, bf_ndcg_of_order(y, order, n, ks[b], 0), 1, 1e-14);
            CHECK(got == gotf);
            CHECK(got >= 0 && got <= 1 + 1e-15);
        }
    /* perfect order is 1, reversed is lower */
    {
        double ps[4] = {4, 3, 2, 1}, py[4] = {3, 2, 1, 0}, rs[4] = {1, 2, 3, 4};
        CHECK(ranknet_ndcg(ps, py, 4, 0, &got) == RANKNET_OK && fabs(got - 1) < 1e-15);
        CHECK(ranknet_ndcg(rs, py, 4, 0, &got) == RANKNET_OK && got < 0.7);
        /* by hand: ranking (0, 3, 1, 2)-labels for k = 2 against ideal (3, 2) */
        rs[0] = 4, rs[1] = 2, rs[2] = 1, rs[3] = 3; /* ranks: item 0, 3, 1, 2 -> labels 3, 0, 2, 1 */
        CHECK(ranknet_ndcg(rs, py, 4, 2, &got) == RANKNET_OK);
        CHECK_NEAR(got, 7.0 / (7.0 + 3.0 / log2(3.0)), 1, 1e-15);
    }
}

static void test_ndcg_edge_cases(void)
{
    double s[3] = {1, 2, 3}, y[3] = {0, 0, 0}, v = 5;
    CHECK(ranknet_ndcg(s, y, 3, 0, &v) == RANKNET_OK && v == 1.0); /* IDCG = 0 */
    v = 5;
    CHECK(ranknet_ndcg(NULL, NULL, 0, 0, &v) == RANKNET_OK && v == 1.0);
    y[0] = 2;
    CHECK(ranknet_ndcg(s, y, 1, 0, &v) == RANKNET_OK && v == 1.0);
    CHECK(ranknet_ndcg(s, y, 3, 0, &v) == RANKNET_OK && v < 1.0);
    /* large labels: 2^40 and 2^5000 neither overflow nor lose the order */
    y[0] = 40, y[1] = 39, y[2] = 0;
    CHECK(ranknet_ndcg(s, y, 3, 0, &v) == RANKNET_OK);
    CHECK_NEAR(v, (double)((powl(2, 40) - 1) / 2 + (powl(2, 39) - 1) / log2l(3)) /
                      (double)((powl(2, 40) - 1) + (powl(2, 39) - 1) / log2l(3)), 1, 1e-14);
    y[0] = 5000, y[1] = 4999, y[2] = 4998;
    CHECK(ranknet_ndcg(s, y, 3, 0, &v) == RANKNET_OK);
    CHECK_NEAR(v, (4 / 2.0 + 2 / log2(3.0) + 1) / (4 + 2 / log2(3.0) + 1 / 2.0), 1, 1e-14);
    /* errors write nothing */
    v = 5;
    y[1] = -0.5;
    CHECK(ranknet_ndcg(s, y, 3, 0, &v) == RANKNET_ERR_RANGE && v == 5);
    y[1] = INFINITY;
    CHECK(ranknet_ndcg(s, y, 3, 0, &v) == RANKNET_ERR_NONFINITE && v == 5);
    CHECK(ranknet_ndcg(NULL, y, 3, 0, &v) == RANKNET_ERR_NULL && v == 5);
}

/* ---- every code path ------------------------------------------------------------------------ */

static const ranknet_simd all_paths[] = {RANKNET_SIMD_SCALAR, RANKNET_SIMD_SSE2, RANKNET_SIMD_AVX2, RANKNET_SIMD_NEON,
                                         RANKNET_SIMD_AVX512};

static void test_every_simd_path_matches_reference(void)
{
    /* sizes around the vector widths, the row groups, 96 (the AVX-512 float kernel's
       switch to 16 lanes) and the blocks of 512 and 1024 items */
    size_t sizes[] = {2, 3, 7, 8, 9, 17, 95, 96, 97, 255, 256, 257, 511, 512, 513, 1023, 1024, 1025}, a, b;
    int kind, ran = 0;
    for (b = 0; b < sizeof all_paths / sizeof *all_paths; ++b) {
        if (!ranknet_simd_supported(all_paths[b])) continue;
        ran++;
        for (a = 0; a < sizeof sizes / sizeof *sizes; ++a)
            for (kind = 0; kind < LABELS_KINDS; ++kind) {
                if (sizes[a] > 600 && kind % 2) continue; /* the O(n^2) reference: two kinds up there */
                check_against_reference(sizes[a], kind, 1.0, 0, 1, all_paths[b]);
                check_against_reference(sizes[a], kind, 2.5, 1, 1, all_paths[b]);
            }
        check_against_reference(3000, LABELS_GRADED, 0.3, 0, 7, all_paths[b]);
        if (getenv("TEST_VERBOSE")) printf("  path %s checked\n", ranknet_simd_string(all_paths[b]));
    }
    CHECK(ran >= 1);
    CHECK(ranknet_simd_supported(ranknet_simd_best()));
#if defined(__x86_64__) && !defined(RANKNET_NO_SIMD)
    CHECK(ranknet_simd_supported(RANKNET_SIMD_SSE2)); /* part of x86-64 itself */
#endif
}

static void test_paths_agree_and_are_exact_at_extremes(void)
{
    size_t b, n = 333, i;
    double *s = dalloc(n), *y = dalloc(n), *g0 = dalloc(n), *g = dalloc(n), l0, l;
    float gf[2], hf[2], sf[2] = {1e30f, -1e30f}, yf[2] = {0, 1};
    ranknet_options o;
    memset(&o, 0, sizeof o);
    make_query(s, y, n, LABELS_GRADED, 5.0);
    o.simd = RANKNET_SIMD_SCALAR;
    CHECK(ranknet_query(&o, s, y, n, &l0, g0, NULL) == RANKNET_OK);
    for (b = 0; b < sizeof all_paths / sizeof *all_paths; ++b) {
        double gs[2], hs[2], ss[2] = {1e30, -1e30}, ys[2] = {0, 1};
        o.simd = all_paths[b];
        if (!ranknet_simd_supported(o.simd)) {
            CHECK(ranknet_query(&o, s, y, n, &l, g, NULL) == RANKNET_ERR_OPTION);
            continue;
        }
        CHECK(ranknet_query(&o, s, y, n, &l, g, NULL) == RANKNET_OK);
        CHECK_NEAR(l, l0, l0, 1e-13);
        for (i = 0; i < n; ++i) CHECK_NEAR(g[i], g0[i], (double)n, 1e-13);
        /* saturated pairs are exact on every path: lambdas +-1 or 0, curvature 0 */
        CHECK(ranknet_query(&o, ss, ys, 2, &l, gs, hs) == RANKNET_OK);
        CHECK(l == 2e30 && gs[0] == 1 && gs[1] == -1 && hs[0] == 0 && hs[1] == 0);
        CHECK(ranknet_queryf(&o, sf, yf, 2, &l, gf, hf) == RANKNET_OK);
        CHECK(gf[0] == 1 && gf[1] == -1 && hf[0] == 0 && hf[1] == 0);
        ys[0] = 1, ys[1] = 0;
        CHECK(ranknet_query(&o, ss, ys, 2, &l, gs, hs) == RANKNET_OK);
        CHECK(l == 0 && gs[0] == 0 && gs[1] == 0 && hs[0] == 0);
        ss[0] = -1e30, ss[1] = 1e30; /* the same pair the other way round */
        CHECK(ranknet_query(&o, ss, ys, 2, &l, gs, hs) == RANKNET_OK);
        CHECK(l == 2e30 && gs[0] == -1 && gs[1] == 1 && hs[0] == 0);
    }
    o.simd = (ranknet_simd)99;
    CHECK(ranknet_query(&o, s, y, n, &l, g, NULL) == RANKNET_ERR_OPTION);
    CHECK(strcmp(ranknet_simd_string((ranknet_simd)99), "unknown") == 0);
    CHECK(strcmp(ranknet_simd_string(RANKNET_SIMD_AUTO), "auto") == 0);
    for (b = 0; b < sizeof all_paths / sizeof *all_paths; ++b) { /* names: distinct, not "unknown" */
        size_t c;
        CHECK(strcmp(ranknet_simd_string(all_paths[b]), "unknown") != 0);
        for (c = 0; c < b; ++c) CHECK(strcmp(ranknet_simd_string(all_paths[b]), ranknet_simd_string(all_paths[c])) != 0);
    }
    free(s), free(y), free(g0), free(g);
}

static void test_simd_exp_error_bound(void)
{
#ifdef RANKNET__SIMD
    /* the vector exponentials on a dense grid, within 2 ulp: 2^x against exp2l, float
       (2^-22 relative) and double (2^-51); exactly 0 below the clamp */
    double worst_f = 0, worst_d = 0;
    int i, lane;
    for (i = 0; i < 200000; ++i) {
        double x = -87.3 + 174.3 * (double)i / 200000.0;
        ranknet__f32x8_v vf;
        ranknet__f64x4_v vd;
        for (lane = 0; lane < 8; ++lane) vf[lane] = (float)(1.45 * x + 1e-4 * lane); /* -126.6 .. 126.7 */
        for (lane = 0; lane < 4; ++lane) vd[lane] = 11.6 * (x + 1e-4 * lane) - 10.0; /* -1022.7 .. 1012 */
        {
            ranknet__f32x8_v xf = vf;
            ranknet__f64x4_v xd = vd;
            ranknet__f32x8_exp2_rows(&xf, 1);
            ranknet__f64x4_exp2_rows(&xd, 1);
            for (lane = 0; lane < 8; ++lane) {
                long double want = exp2l((long double)vf[lane]);
                double err;
                if (vf[lane] < -126.5f) { /* n = -127: flushed to 0, as documented */
                    if (xf[lane] != 0) worst_f = 1;
                    continue;
                }
                err = (double)fabsl(((long double)xf[lane] - want) / want);
                if (err > worst_f) worst_f = err;
            }
            for (lane = 0; lane < 4; ++lane) {
                long double want = exp2l((long double)vd[lane]);
                double err;
                if (vd[lane] < -1022.5) { /* n = -1023: flushed to 0 */
                    if (xd[lane] != 0) worst_d = 1;
                    continue;
                }
                if (vd[lane] < -1021) continue; /* a subnormal result: absolute precision only */
                err = (double)fabsl(((long double)xd[lane] - want) / want);
                if (err > worst_d) worst_d = err;
            }
        }
    }
    if (getenv("TEST_VERBOSE")) printf("  exp worst relative error: float 2^x %.3g, double 2^x %.3g\n", worst_f, worst_d);
    CHECK(worst_f <= 2.4e-7);
    CHECK(worst_d <= 4.5e-16);
    {
        ranknet__f32x8_v lo = {-127, -127, -127, -127, -126.51f, -126.51f, -126.51f, -126.51f};
        ranknet__f64x4_v lod = {-1023, -1023, -1022.51, -1022.51};
        ranknet__f32x8_exp2_rows(&lo, 1);
        ranknet__f64x4_exp2_rows(&lod, 1);
        CHECK(lo[0] == 0 && lo[7] == 0 && lod[0] == 0 && lod[3] == 0);
    }
#else
    /* no vector code in this build: the scalar path is libm's exp */
    CHECK(!ranknet_simd_supported(RANKNET_SIMD_SSE2) && !ranknet_simd_supported(RANKNET_SIMD_AVX2));
#endif
}

/* LambdaRank on every code path (the weighted vector kernels) against the long-double
   evaluation, at the accuracy contract, and against the scalar path */
static void test_lambdarank_every_path_matches_reference(void)
{
    static const size_t sizes[] = {2, 3, 9, 17, 31, 33, 95, 96, 97, 257, 600}, ks[] = {0, 1, 10, 30};
    size_t a, b, c, i;
    int ran = 0;
    for (b = 0; b < sizeof all_paths / sizeof *all_paths; ++b) {
        if (!ranknet_simd_supported(all_paths[b])) continue;
        ran++;
        for (a = 0; a < sizeof sizes / sizeof *sizes; ++a)
            for (c = 0; c < sizeof ks / sizeof *ks; ++c) {
                size_t n = sizes[a];
                int variant = (int)(a + c), linear = variant % 3 == 1, normalize = variant % 2;
                double sigma = variant % 4 == 3 ? 0.6 : 1.0, l, l0, lf;
                double *s = dalloc(n), *y = dalloc(n), *g = dalloc(n), *h = dalloc(n), *g0 = dalloc(n), *h0 = dalloc(n);
                float *sf = falloc(n), *yf = falloc(n), *gf = falloc(n), *hf = falloc(n);
                ranknet_options o;
                ref r;
                memset(&o, 0, sizeof o);
                o.weighting = RANKNET_WEIGHT_DELTA_NDCG;
                o.k = ks[c];
                o.gain = linear ? RANKNET_GAIN_LINEAR : RANKNET_GAIN_EXP2;
                o.normalize = normalize ? RANKNET_NORM_LOG2 : RANKNET_NORM_NONE;
                o.sigma = sigma;
                make_lambdarank_query(s, y, n, variant % 5 == 2, 4);
                if (variant % 7 == 4) /* fractional labels: neither graded nor integer gains */
                    for (i = 0; i < n; ++i) y[i] = 0.25 * floor(17 * tl_uniform());
                if (variant % 7 == 6) /* every label below 1: every gain below 1 */
                    for (i = 0; i < n; ++i) y[i] = 0.125 * floor(8 * tl_uniform());
                for (i = 0; i < n; ++i) sf[i] = (float)s[i], yf[i] = (float)y[i], s[i] = sf[i];
                ref_alloc(&r, n);
                plain_lambdarank(&r, ks[c], linear, sigma, normalize, s, y, n);
                o.simd = RANKNET_SIMD_SCALAR;
                CHECK(ranknet_query(&o, s, y, n, &l0, g0, h0) == RANKNET_OK);
                o.simd = all_paths[b];
                CHECK(ranknet_query(&o, s, y, n, &l, g, h) == RANKNET_OK);
                CHECK(ranknet_queryf(&o, sf, yf, n, &lf, gf, hf) == RANKNET_OK);
                CHECK_NEAR(l, r.loss, r.loss_scale, 1e-11);
                CHECK_NEAR(lf, r.loss, r.loss_scale, 1e-6);
                CHECK_NEAR(l, l0, r.loss_scale, 1e-13);
                for (i = 0; i < n; ++i) {
                    CHECK_NEAR(g[i], r.grad[i], r.gscale[i], 1e-11);
                    CHECK_NEAR(h[i], r.hess[i], r.hscale[i], 1e-11);
                    CHECK_NEAR(gf[i], r.grad[i], r.gscale[i], 1e-5);
                    CHECK_NEAR(hf[i], r.hess[i], r.hscale[i], 1e-5);
                    CHECK_NEAR(g[i], g0[i], r.gscale[i], 1e-13); /* the paths agree */
                    CHECK_NEAR(h[i], h0[i], r.hscale[i], 1e-13);
                }
                ref_free(&r);
                free(s), free(y), free(g), free(h), free(g0), free(h0), free(sf), free(yf), free(gf), free(hf);
            }
        if (getenv("TEST_VERBOSE")) printf("  LambdaRank on path %s checked\n", ranknet_simd_string(all_paths[b]));
    }
    CHECK(ran >= 1);
}

/* Every pair's softplus(0) carries the same small float error, and the errors would add
   up coherently over 500,000 pairs: the float loss holds 1e-6 of its scale on every path */
static void test_float_loss_of_equal_scores(void)
{
    size_t n = 1000, i, b;
    float *s = falloc(n), *y = falloc(n);
    double exact = 0.5 * (double)n * (double)(n - 1) * LN2, l;
    for (i = 0; i < n; ++i) s[i] = 0.25f, y[i] = (float)(i % 5);
    for (b = 0; b < sizeof all_paths / sizeof *all_paths; ++b) {
        ranknet_options o;
        memset(&o, 0, sizeof o);
        o.simd = all_paths[b];
        if (!ranknet_simd_supported(o.simd)) continue;
        CHECK(ranknet_queryf(&o, s, y, n, &l, NULL, NULL) == RANKNET_OK);
        CHECK_NEAR(l, exact, exact, 1e-6);
        if (getenv("TEST_VERBOSE"))
            printf("  float loss, %s: relative error %.2g\n", ranknet_simd_string(o.simd), fabs(l - exact) / exact);
    }
    free(s), free(y);
}

/* The ranking behind LambdaRank: the top k by score descending, ties by lower index,
   against a full insertion sort, for random, tied, sorted and reversed scores and every k */
static void test_top_k_ranking(void)
{
    static const size_t sizes[] = {1, 2, 5, 16, 17, 40, 65, 130, 300};
    size_t a, i, k, kind;
    for (a = 0; a < sizeof sizes / sizeof *sizes; ++a)
        for (kind = 0; kind < 5; ++kind) {
            size_t n = sizes[a], *want = (size_t *)malloc(n * sizeof *want), *seen = (size_t *)malloc(n * sizeof *seen);
            double *s = dalloc(n);
            void *block = malloc(ranknet__scratch_bytes(n));
            ranknet__scratch sc = ranknet__carve(block, n);
            for (i = 0; i < n; ++i)
                s[i] = kind == 0 ? tl_normal() : kind == 1 ? floor(3 * tl_uniform()) : kind == 2 ? (double)i
                     : kind == 3 ? -(double)i : (i % 2 ? -0.0 : 0.0);
            bf_ranking(s, n, want);
            for (k = 1; k <= n; k += (k < 40 ? 1 : 37)) { /* k >= 1: a cut is never 0 */
                int ok = 1;
                /* depth 0 takes the fallback for inputs that defeat the pivots */
                ranknet__rank_top(&sc, ranknet__d(s), n, k, k % 3 ? ranknet__depth(n) : 0);
                for (i = 0; i < k; ++i) ok &= sc.order[i].idx == want[i];
                for (i = 0; i < n; ++i) seen[i] = 0;
                for (i = 0; i < n; ++i) seen[sc.order[i].idx]++;
                for (i = 0; i < n; ++i) ok &= seen[i] == 1;
                for (i = k; i < n; ++i) ok &= ranknet__before(&sc.order[k - 1], &sc.order[i]); /* the rest */
                CHECK(ok);
            }
            /* the fallbacks: heap sort past the depth limit; quickselect gives up at depth 0 */
            for (i = 0; i < n; ++i) sc.order[i].key = s[i], sc.order[i].idx = i;
            ranknet__top(sc.order, sc.tmp, n, n, 0);
            for (i = 0; i < n; ++i) CHECK(sc.order[i].idx == want[i]);
            if (n > 1) {
                ranknet__u64 kth;
                CHECK(!ranknet__kth(sc.work, sc.work_tmp, n, 0, 0, &kth));
            }
            free(want), free(seen), free(s), free(block);
        }
}

/* One query on one path (o->simd) against the scalar path's loss l0, lambdas g0 and
   hessians h0: both precisions (sf, yf: the same values as floats), with and without the
   loss (each its own compiled kernel), lambdas or curvatures alone; nothing written where
   nothing was asked. relative: the error against tol of the scales gs and hs (the loss's
   own), else within tol * max(1, scale) (l0 + 1 for the loss). */
static void check_runs_against_scalar(const ranknet_options *o, const double *s, const double *y, const float *sf,
                                      const float *yf, size_t n, double l0, const double *g0, const double *h0,
                                      double gs, double hs, int relative, double tol_d, double tol_f)
{
    double *g = dalloc(n), *h = dalloc(n);
    float *gf = falloc(n), *hf = falloc(n);
    size_t i;
    int f32, outputs, want_loss;
    for (f32 = 0; f32 < 2; ++f32)
        for (outputs = 0; outputs < 3; ++outputs) /* both, lambdas alone, curvatures alone */
            for (want_loss = 0; want_loss < 2; ++want_loss) {
                double l = -1, tol = f32 ? tol_f : tol_d;
                int with_g = outputs != 2, with_h = outputs != 1;
                memset(g, 0, n * sizeof *g), memset(h, 0, n * sizeof *h);
                memset(gf, 0, n * sizeof *gf), memset(hf, 0, n * sizeof *hf);
                if (f32) {
                    CHECK(ranknet_queryf(o, sf, yf, n, want_loss ? &l : NULL, with_g ? gf : NULL,
                                         with_h ? hf : NULL) == RANKNET_OK);
                    for (i = 0; i < n; ++i) g[i] = gf[i], h[i] = hf[i];
                } else {
                    CHECK(ranknet_query(o, s, y, n, want_loss ? &l : NULL, with_g ? g : NULL, with_h ? h : NULL) ==
                          RANKNET_OK);
                }
                if (want_loss) CHECK_NEAR(l, l0, relative ? l0 : l0 + 1, tol);
                else CHECK(l == -1); /* no loss asked, none written */
                for (i = 0; i < n; ++i) {
                    if (!with_g) CHECK(g[i] == 0);
                    else if (relative) CHECK_NEAR(g[i] / gs, g0[i] / gs, 1, tol);
                    else CHECK_NEAR(g[i], g0[i], gs, tol);
                    if (!with_h) CHECK(h[i] == 0);
                    else if (relative) CHECK_NEAR(h[i] / hs, h0[i] / hs, 1, tol);
                    else CHECK_NEAR(h[i], h0[i], hs, tol);
                }
                if (tl_case_failed && tl_reports < 40)
                    printf("  (path %d, n %u, f32 %d)\n", (int)o->simd, (unsigned)n, f32);
            }
    free(g), free(h), free(gf), free(hf);
}

/* Every kernel each path has, against the scalar path: with and without the loss (each its
   own compiled kernel), lambdas or curvatures alone, ties skipped, LambdaRank cut or not,
   and sizes that cross the row groups, the 16-group flush of the column sums and the blocks */
static void test_every_kernel_variant_matches_scalar(void)
{
    static const size_t sizes[] = {6, 45, 130, 700, 1100};
    size_t b, a, i;
    int mode, ran = 0;
    for (a = 0; a < sizeof sizes / sizeof *sizes; ++a)
        for (mode = 0; mode < 4; ++mode) { /* RankNet, skip ties, LambdaRank, LambdaRank@10 */
            size_t n = sizes[a];
            double *s = dalloc(n), *y = dalloc(n), *g0 = dalloc(n), *h0 = dalloc(n);
            double l0 = 0, sigma = mode == 1 ? 1.7 : 0.8, gscale = sigma * (double)n, hscale = sigma * gscale;
            float *sf = falloc(n), *yf = falloc(n);
            ranknet_options o;
            memset(&o, 0, sizeof o);
            o.sigma = sigma;
            o.ties = mode == 1 ? RANKNET_TIES_SKIP : RANKNET_TIES_HALF;
            o.weighting = mode >= 2 ? RANKNET_WEIGHT_DELTA_NDCG : RANKNET_WEIGHT_NONE;
            o.k = mode == 3 ? 10 : 0;
            make_lambdarank_query(s, y, n, a % 2, 3);
            for (i = 0; i < n; ++i) sf[i] = (float)s[i], yf[i] = (float)y[i], s[i] = sf[i];
            o.simd = RANKNET_SIMD_SCALAR;
            CHECK(ranknet_query(&o, s, y, n, &l0, g0, h0) == RANKNET_OK);
            for (b = 1; b < sizeof all_paths / sizeof *all_paths; ++b) {
                if (!ranknet_simd_supported(all_paths[b])) continue;
                ran++;
                o.simd = all_paths[b];
                check_runs_against_scalar(&o, s, y, sf, yf, n, l0, g0, h0, gscale, hscale, 0, 1e-13, 2e-5);
            }
            free(s), free(y), free(g0), free(h0), free(sf), free(yf);
        }
#ifdef RANKNET__SIMD
    CHECK(ran >= 1);
#endif
    (void)ran;
}


/* The staged weightings (every weighting but RankNet and the library's delta NDCG, and the
   presets' top-k pairs) on every path against the scalar path: both precisions, with and
   without the loss, lambdas or curvatures alone, at sizes that cross the row groups, the
   column-sum flush and the blocks; delta ERR with its tile (k <= 128) and without (k >
   128, and the whole list past 128 items) */
typedef struct staged_case {
    ranknet_weighting w;
    ranknet_preset preset;
    size_t k;
    int table, item_weights, norm, score_norm, skip, binary, linear; /* linear: gain y, labels + 0.5 */
} staged_case;

static const staged_case staged_cases[] = {
    {RANKNET_WEIGHT_DELTA_NDCG, RANKNET_PRESET_NONE, 10, 1, 0, 1, 0, 0, 0, 0},
    {RANKNET_WEIGHT_DELTA_NDCG, RANKNET_PRESET_NONE, 0, 0, 1, 0, 0, 0, 0, 0},
    {RANKNET_WEIGHT_DELTA_MAP, RANKNET_PRESET_NONE, 10, 0, 0, 1, 0, 0, 1, 0},
    {RANKNET_WEIGHT_DELTA_MAP, RANKNET_PRESET_NONE, 0, 0, 1, 0, 0, 0, 0, 0},
    {RANKNET_WEIGHT_DELTA_MRR, RANKNET_PRESET_NONE, 30, 0, 0, 1, 0, 0, 1, 0},
    {RANKNET_WEIGHT_DELTA_ERR, RANKNET_PRESET_NONE, 30, 0, 0, 1, 0, 0, 0, 0},
    {RANKNET_WEIGHT_DELTA_ERR, RANKNET_PRESET_NONE, 200, 0, 1, 0, 0, 0, 0, 0},
    {RANKNET_WEIGHT_DELTA_ERR, RANKNET_PRESET_NONE, 0, 0, 0, 0, 0, 0, 0, 0},
    {RANKNET_WEIGHT_LAMBDALOSS, RANKNET_PRESET_NONE, 40, 1, 0, 1, 0, 0, 0, 0},
    {RANKNET_WEIGHT_LAMBDALOSS, RANKNET_PRESET_NONE, 0, 0, 1, 0, 0, 0, 0, 0},
    {RANKNET_WEIGHT_LABEL_DIFF, RANKNET_PRESET_NONE, 20, 0, 0, 1, 0, 0, 0, 0},
    {RANKNET_WEIGHT_NONE, RANKNET_PRESET_NONE, 0, 0, 1, 0, 0, 1, 0, 0},
    {RANKNET_WEIGHT_NONE, RANKNET_PRESET_NONE, 0, 0, 1, 0, 0, 0, 0, 0},
    {RANKNET_WEIGHT_DELTA_NDCG, RANKNET_PRESET_LIGHTGBM, 30, 0, 1, 1, 0, 0, 0, 0},
    {RANKNET_WEIGHT_DELTA_NDCG, RANKNET_PRESET_LIGHTGBM, 0, 1, 0, 0, 0, 0, 0, 0},
    {RANKNET_WEIGHT_DELTA_NDCG, RANKNET_PRESET_XGBOOST, 32, 0, 0, 1, 1, 0, 0, 0},
    {RANKNET_WEIGHT_NONE, RANKNET_PRESET_XGBOOST, 8, 0, 0, 0, 1, 0, 0, 0},
    {RANKNET_WEIGHT_DELTA_MAP, RANKNET_PRESET_XGBOOST, 16, 0, 0, 1, 0, 0, 1, 0},
    {RANKNET_WEIGHT_DELTA_NDCG, RANKNET_PRESET_NONE, 12, 0, 1, 1, 0, 0, 0, 1},
    {RANKNET_WEIGHT_LAMBDALOSS, RANKNET_PRESET_NONE, 12, 0, 0, 0, 0, 0, 0, 1},
};

/* The options of a staged case (table: its gain table; iw: its item weights) */
static ranknet_options staged_options(const staged_case *sc, const double *table, const double *iw)
{
    ranknet_options o;
    memset(&o, 0, sizeof o);
    o.weighting = sc->w, o.preset = sc->preset, o.k = sc->k, o.mu = 10, o.score_norm = sc->score_norm;
    o.normalize = sc->norm ? RANKNET_NORM_LOG2 : RANKNET_NORM_NONE;
    o.ties = sc->skip ? RANKNET_TIES_SKIP : RANKNET_TIES_HALF;
    if (sc->table) o.label_gain = table, o.label_gain_len = 5;
    if (sc->item_weights) o.item_weights = iw;
    if (sc->linear) o.gain = RANKNET_GAIN_LINEAR;
    return o;
}

static void test_every_staged_weighting_matches_scalar(void)
{
    static const size_t sizes[] = {7, 45, 130, 700, 1100};
    static const double table[5] = {0, 1, 3, 7, 20};
    size_t c, a, b, i;
    int ran = 0;
    for (c = 0; c < sizeof staged_cases / sizeof *staged_cases; ++c)
        for (a = 0; a < sizeof sizes / sizeof *sizes; ++a) {
            const staged_case *sc = &staged_cases[c];
            size_t n = sizes[a];
            double *s = dalloc(n), *y = dalloc(n), *g0 = dalloc(n), *h0 = dalloc(n);
            double *iw = dalloc(n), l0 = 0, gmax = 0, hmax = 0;
            float *sf = falloc(n), *yf = falloc(n);
            ranknet_options o = staged_options(sc, table, iw);
            if (sc->preset == RANKNET_PRESET_NONE && sc->w != RANKNET_WEIGHT_LABEL_DIFF) o.sigma = a % 2 ? 0.7 : 1.3;
            make_lambdarank_query(s, y, n, a % 2, sc->binary ? 1 : 4);
            for (i = 0; sc->linear && i < n; ++i) y[i] += 0.5; /* not the usual grades */
            for (i = 0; i < n; ++i) sf[i] = (float)s[i], yf[i] = (float)y[i], s[i] = sf[i], iw[i] = 0.5 + tl_uniform();
            o.simd = RANKNET_SIMD_SCALAR;
            CHECK(ranknet_query(&o, s, y, n, &l0, g0, h0) == RANKNET_OK);
            for (i = 0; i < n; ++i) gmax = fmax(gmax, fabs(g0[i])), hmax = fmax(hmax, fabs(h0[i]));
            if (gmax == 0) gmax = hmax = 1; /* nothing relevant: every output must be 0 */
            for (b = 1; b < sizeof all_paths / sizeof *all_paths; ++b) {
                if (!ranknet_simd_supported(all_paths[b])) continue;
                ran++;
                o.simd = all_paths[b];
                check_runs_against_scalar(&o, s, y, sf, yf, n, l0, g0, h0, gmax, hmax, 1, 1e-12, 2e-5);
                if (tl_case_failed && tl_reports < 40) printf("  (staged case %u)\n", (unsigned)c);
            }
            free(s), free(y), free(g0), free(h0), free(iw), free(sf), free(yf);
            if (tl_case_failed) return;
        }
#ifdef RANKNET__SIMD
    CHECK(ran >= 1);
#endif
    (void)ran;
}

typedef void (*tl_fn)(void);

/* The kernel a path must run: by name, not through ranknet__kernel_for's table. kind: 0
   plain RankNet, 1 delta NDCG, 2 staged. */
#define TL_PICK(f32, kind, P32, P64)                                                                    \
    ((f32) ? ((kind) == 2 ? (tl_fn)P32##_staged : (kind) ? (tl_fn)P32##_weighted : (tl_fn)P32##_plain) \
           : ((kind) == 2 ? (tl_fn)P64##_staged : (kind) ? (tl_fn)P64##_weighted : (tl_fn)P64##_plain))
static tl_fn expected_kernel(ranknet_simd path, int f32, int kind, size_t n)
{
    (void)f32, (void)kind, (void)n;
#if defined(RANKNET__SIMD) && defined(__x86_64__)
    if (path == RANKNET_SIMD_SSE2) return TL_PICK(f32, kind, ranknet__f32x8_base, ranknet__f64x4_base);
    if (path == RANKNET_SIMD_AVX2) return TL_PICK(f32, kind, ranknet__f32x8_avx2, ranknet__f64x4_avx2);
    if (path == RANKNET_SIMD_AVX512 && n < 96) return TL_PICK(f32, kind, ranknet__f32x8_avx512, ranknet__f64x8_avx512);
    if (path == RANKNET_SIMD_AVX512) return TL_PICK(f32, kind, ranknet__f32x16_avx512, ranknet__f64x8_avx512);
#endif
#if defined(RANKNET__SIMD) && defined(__aarch64__)
    if (path == RANKNET_SIMD_NEON) return TL_PICK(f32, kind, ranknet__f32x8_base, ranknet__f64x4_base);
#endif
    (void)path;
    return (tl_fn)ranknet__scalar_kernel;
}

/* The path asked for is the path that ran: every path, both precisions, RankNet,
   LambdaRank and each staged weighting and preset, short and long queries; AUTO runs the
   best path's kernel; scores beyond the vector kernels' range fall back to the scalar
   kernel */
static void test_the_path_asked_for_is_the_path_that_ran(void)
{
    static const size_t sizes[] = {50, 200};
    size_t b, a, i;
    int f32, weighted;
    for (b = 0; b < sizeof all_paths / sizeof *all_paths + 1; ++b) {
        ranknet_simd path = b < sizeof all_paths / sizeof *all_paths ? all_paths[b] : RANKNET_SIMD_AUTO;
        ranknet_simd runs = path == RANKNET_SIMD_AUTO ? ranknet_simd_best() : path;
        size_t c;
        if (!ranknet_simd_supported(path)) continue;
        for (c = 0; c < sizeof staged_cases / sizeof *staged_cases; ++c)
            for (a = 0; a < 2; ++a)
                for (f32 = 0; f32 < 2; ++f32) {
                    const staged_case *sc = &staged_cases[c];
                    size_t n = sizes[a];
                    double s[200], y[200], g[200], iw[200], table[5] = {0, 1, 3, 7, 20};
                    float sf[200], yf[200], gf[200];
                    ranknet_options o = staged_options(sc, table, iw);
                    o.simd = path;
                    make_lambdarank_query(s, y, n, 0, sc->binary ? 1 : 4);
                    for (i = 0; i < n; ++i) sf[i] = (float)s[i], yf[i] = (float)y[i], iw[i] = 1.5;
                    tl_kernel_ran = NULL;
                    if (f32) CHECK(ranknet_queryf(&o, sf, yf, n, NULL, gf, NULL) == RANKNET_OK);
                    else CHECK(ranknet_query(&o, s, y, n, NULL, g, NULL) == RANKNET_OK);
                    /* delta ERR of the whole list past its tile: only the triangle, no kernel */
                    if (!(sc->w == RANKNET_WEIGHT_DELTA_ERR && (sc->k == 0 || sc->k >= n)))
                        CHECK(tl_kernel_ran == expected_kernel(runs, f32, 2, n));
                    if (tl_case_failed && tl_reports < 40)
                        printf("  (staged case %u, n %u, path %d, f32 %d)\n", (unsigned)c, (unsigned)n, (int)path, f32);
                }
    }
    for (b = 0; b < sizeof all_paths / sizeof *all_paths + 1; ++b) {
        ranknet_simd path = b < sizeof all_paths / sizeof *all_paths ? all_paths[b] : RANKNET_SIMD_AUTO;
        ranknet_simd runs = path == RANKNET_SIMD_AUTO ? ranknet_simd_best() : path;
        if (!ranknet_simd_supported(path)) continue;
        for (a = 0; a < 2; ++a)
            for (f32 = 0; f32 < 2; ++f32)
                for (weighted = 0; weighted < 2; ++weighted) {
                    size_t n = sizes[a];
                    double *s = dalloc(n), *y = dalloc(n), *g = dalloc(n), l;
                    float *sf = falloc(n), *yf = falloc(n), *gf = falloc(n);
                    ranknet_options o;
                    memset(&o, 0, sizeof o);
                    o.simd = path;
                    o.weighting = weighted ? RANKNET_WEIGHT_DELTA_NDCG : RANKNET_WEIGHT_NONE;
                    o.k = 10;
                    make_lambdarank_query(s, y, n, 0, 4);
                    for (i = 0; i < n; ++i) sf[i] = (float)s[i], yf[i] = (float)y[i];
                    tl_kernel_ran = NULL;
                    if (f32) CHECK(ranknet_queryf(&o, sf, yf, n, &l, gf, NULL) == RANKNET_OK);
                    else CHECK(ranknet_query(&o, s, y, n, &l, g, NULL) == RANKNET_OK);
                    CHECK(tl_kernel_ran == expected_kernel(runs, f32, weighted, n));
                    /* scores near DBL_MAX: only the scalar kernel takes them */
                    s[0] = 1e307, s[1] = -1e307;
                    tl_kernel_ran = NULL;
                    CHECK(ranknet_query(&o, s, y, n, NULL, g, NULL) == RANKNET_OK); /* the loss would overflow */
                    CHECK(tl_kernel_ran == (tl_fn)ranknet__scalar_kernel);
                    free(s), free(y), free(g), free(sf), free(yf), free(gf);
                }
    }
}

/* AUTO runs the best path the CPU has, AVX-512 first on x86-64 */
static void test_auto_picks_the_widest_path(void)
{
#if defined(__x86_64__) && !defined(RANKNET_NO_SIMD)
    if (ranknet_simd_supported(RANKNET_SIMD_AVX512)) CHECK(ranknet_simd_best() == RANKNET_SIMD_AVX512);
    else if (ranknet_simd_supported(RANKNET_SIMD_AVX2)) CHECK(ranknet_simd_best() == RANKNET_SIMD_AVX2);
    else CHECK(ranknet_simd_best() == RANKNET_SIMD_SSE2);
    CHECK(!ranknet_simd_supported(RANKNET_SIMD_AVX512) || ranknet_simd_supported(RANKNET_SIMD_AVX2));
#endif
    CHECK(strcmp(ranknet_simd_string(RANKNET_SIMD_AVX512), "avx512") == 0);
}

static void test_batch_same_bits_for_any_thread_count(void)
{
    size_t nq = 600, q, rows;
    size_t *off = (size_t *)malloc((nq + 1) * sizeof *off);
    double *s, *y, *g1, *h1, *g2, *h2, l1, l2;
    float *sf, *yf, *gf1, *gf2;
    ranknet_options o;
    int threads[3] = {1, 2, 8}, t, w;
    memset(&o, 0, sizeof o);
    off[0] = 0;
    for (q = 0; q < nq; ++q) off[q + 1] = off[q] + 1 + (size_t)(60 * tl_uniform() * tl_uniform());
    rows = off[nq];
    s = dalloc(rows), y = dalloc(rows), g1 = dalloc(rows), h1 = dalloc(rows), g2 = dalloc(rows), h2 = dalloc(rows);
    sf = falloc(rows), yf = falloc(rows), gf1 = falloc(rows), gf2 = falloc(rows);
    make_query(s, y, rows, LABELS_GRADED, 2.0);
    for (q = 0; q < rows; ++q) sf[q] = (float)s[q], yf[q] = (float)y[q];
    for (w = 0; w < 2; ++w) { /* RankNet, then LambdaRank */
        o.weighting = w ? RANKNET_WEIGHT_DELTA_NDCG : RANKNET_WEIGHT_NONE;
        o.k = 5;
        for (t = 0; t < 3; ++t) {
#ifdef _OPENMP
            omp_set_num_threads(threads[t]);
#endif
            CHECK(ranknet_batch(&o, s, y, off, nq, t ? &l2 : &l1, t ? g2 : g1, t ? h2 : h1) == RANKNET_OK);
            CHECK(ranknet_batchf(&o, sf, yf, off, nq, NULL, t ? gf2 : gf1, NULL) == RANKNET_OK);
            if (t == 0) continue;
            CHECK(memcmp(&l1, &l2, sizeof l1) == 0);
            CHECK(memcmp(g1, g2, rows * sizeof *g1) == 0 && memcmp(h1, h2, rows * sizeof *h1) == 0);
            CHECK(memcmp(gf1, gf2, rows * sizeof *gf1) == 0);
        }
    }
#ifdef _OPENMP
    omp_set_num_threads(omp_get_num_procs());
#endif
    (void)threads;
    free(off), free(s), free(y), free(g1), free(h1), free(g2), free(h2), free(sf), free(yf), free(gf1), free(gf2);
}

/* ---- engine presets ------------------------------------------------------------------ */

typedef struct engine_options {
    ranknet_preset preset;
    ranknet_weighting weighting;
    size_t k;
    ranknet_gain gain;
    ranknet_norm normalize;
    double sigma;
    int score_norm;
} engine_options;

typedef struct engine_vector {
    const char *name;
    engine_options opt;
    const double *s, *y, *g, *h; /* g, h: the engine's own; NAN where it could not be read */
    const size_t *sizes;
    size_t nq;
} engine_vector;
#include "engine_vectors.h"

/* The values LightGBM 4.7 and XGBoost 3.2 compute themselves (tests/engine_vectors.py read
   them back from one boosting round). They differ from the exact values by the engines'
   own approximations only: LightGBM's sigmoid table (about 1e-5) and XGBoost's float
   sigmoid (1 - p of a float p near 1); 5e-5 of the query's largest value covers both,
   and a wrong detail (cutoff, discount, gain, normalisation, hessian factor) is 1e-2 off. */
static void test_presets_match_the_engines(void)
{
    size_t c, q, i;
    for (c = 0; c < sizeof engine_vectors / sizeof engine_vectors[0]; ++c) {
        const engine_vector *v = &engine_vectors[c];
        size_t off[8], rows, seen = 0;
        double g[64], h[64], loss;
        float sf[64], yf[64], gf[64], hf[64];
        ranknet_options o;
        memset(&o, 0, sizeof o);
        o.preset = v->opt.preset, o.weighting = v->opt.weighting, o.k = v->opt.k, o.gain = v->opt.gain;
        o.normalize = v->opt.normalize, o.sigma = v->opt.sigma, o.score_norm = v->opt.score_norm;
        off[0] = 0;
        for (q = 0; q < v->nq; ++q) off[q + 1] = off[q] + v->sizes[q];
        rows = off[v->nq];
        for (i = 0; i < rows; ++i) sf[i] = (float)v->s[i], yf[i] = (float)v->y[i];
        CHECK(ranknet_batch(&o, v->s, v->y, off, v->nq, &loss, g, h) == RANKNET_OK);
        CHECK(ranknet_batchf(&o, sf, yf, off, v->nq, NULL, gf, hf) == RANKNET_OK);
        for (q = 0; q < v->nq; ++q) {
            double gmax = 0, hmax = 0;
            for (i = off[q]; i < off[q + 1]; ++i)
                if (!isnan(v->g[i])) gmax = fmax(gmax, fabs(v->g[i])), hmax = fmax(hmax, fabs(v->h[i]));
            for (i = off[q]; i < off[q + 1]; ++i) {
                if (isnan(v->g[i])) continue;
                ++seen;
                CHECK_NEAR(g[i] / gmax, v->g[i] / gmax, 1, 5e-5);
                CHECK_NEAR(h[i] / hmax, v->h[i] / hmax, 1, 5e-5);
                CHECK_NEAR(gf[i] / gmax, v->g[i] / gmax, 1, 5e-5); /* scores rounded to float */
                CHECK_NEAR(hf[i] / hmax, v->h[i] / hmax, 1, 5e-5);
            }
        }
        CHECK(seen * 5 >= rows * 2);
        if (tl_case_failed && tl_reports < 40) printf("  (engine vector %s)\n", v->name);
    }
}


/* sigmoid_table: LightGBM's own arithmetic. Against the engine's values (one boosting
   round read back: 5e-5 above is the table's error) it is within the read-back's own
   noise, 2e-6; against the exact preset within the table's error; the table's entries
   are its defining formula at each bin's left end; the option takes the LightGBM preset
   only, and not Unbiased LambdaMART's factors. */
static void test_lightgbm_sigmoid_table(void)
{
    size_t c, q, i, compared = 0;
    for (c = 0; c < sizeof engine_vectors / sizeof engine_vectors[0]; ++c) {
        const engine_vector *v = &engine_vectors[c];
        size_t off[8], rows;
        double g[64], h[64], ge[64], he[64];
        float sf[64], yf[64], gf[64], hf[64];
        ranknet_options o;
        if (v->opt.preset != RANKNET_PRESET_LIGHTGBM) continue;
        memset(&o, 0, sizeof o);
        o.preset = v->opt.preset, o.weighting = v->opt.weighting, o.k = v->opt.k, o.gain = v->opt.gain;
        o.normalize = v->opt.normalize, o.sigma = v->opt.sigma, o.sigmoid_table = 1;
        off[0] = 0;
        for (q = 0; q < v->nq; ++q) off[q + 1] = off[q] + v->sizes[q];
        rows = off[v->nq];
        for (i = 0; i < rows; ++i) sf[i] = (float)v->s[i], yf[i] = (float)v->y[i];
        CHECK(ranknet_batch(&o, v->s, v->y, off, v->nq, NULL, g, h) == RANKNET_OK);
        CHECK(ranknet_batchf(&o, sf, yf, off, v->nq, NULL, gf, hf) == RANKNET_OK);
        o.sigmoid_table = 0;
        CHECK(ranknet_batch(&o, v->s, v->y, off, v->nq, NULL, ge, he) == RANKNET_OK);
        for (q = 0; q < v->nq; ++q) {
            double gmax = 0, hmax = 0;
            for (i = off[q]; i < off[q + 1]; ++i)
                gmax = fmax(gmax, fabs(ge[i])), hmax = fmax(hmax, fabs(he[i]));
            for (i = off[q]; i < off[q + 1]; ++i) {
                CHECK(g[i] == (float)g[i] && h[i] == (float)h[i]); /* float sums, as LightGBM's */
                CHECK_NEAR(g[i] / gmax, ge[i] / gmax, 1, 5e-5);
                CHECK_NEAR(h[i] / hmax, he[i] / hmax, 1, 5e-5);
                if (isnan(v->g[i])) continue;
                ++compared;
                CHECK_NEAR(g[i] / gmax, v->g[i] / gmax, 1, 2e-6);
                CHECK_NEAR(h[i] / hmax, v->h[i] / hmax, 1, 2e-6);
                CHECK_NEAR(gf[i] / gmax, v->g[i] / gmax, 1, 5e-5); /* scores rounded to float */
            }
        }
        if (tl_case_failed && tl_reports < 40) printf("  (engine vector %s)\n", v->name);
    }
    CHECK(compared >= 20);
    { /* the entries: 1 / (1 + e^(sigma x0)) at the bin's left end x0, and the two ends */
        double sigma = 1.5, lo = -25 / sigma, width = 50 / sigma / 1048576.0, x;
        for (x = -30; x < 30; x += 0.37) {
            double bin = floor((x - lo) / width), x0 = lo + bin * width, want;
            if (x <= lo) x0 = lo;
            if (x >= -lo) x0 = lo + 1048575.0 * width;
            want = 1 / (1 + exp(x0 * sigma));
            CHECK_NEAR(ranknet__lightgbm_sigmoid(x, sigma), want, 1, 1e-12);
            CHECK(fabs(ranknet__lightgbm_sigmoid(x, sigma) - 1 / (1 + exp(x * sigma))) <= 1e-5);
        }
    }
    { /* the loss is the exact one; row weights multiply in float, after the normalisation */
        double s[6] = {0.3, -1, 2, 0.5, 0.1, 1}, y[6] = {2, 2, 0, 1, 3, 0}, iw[6] = {1, 0.5, 2, 1.5, 0.25, 3};
        double g0[6], g1[6], l0 = 0, l1 = 0;
        ranknet_options o;
        memset(&o, 0, sizeof o);
        o.preset = RANKNET_PRESET_LIGHTGBM, o.weighting = RANKNET_WEIGHT_DELTA_NDCG, o.normalize = RANKNET_NORM_LOG2;
        CHECK(ranknet_query(&o, s, y, 6, &l0, g0, NULL) == RANKNET_OK);
        o.sigmoid_table = 1;
        CHECK(ranknet_query(&o, s, y, 6, &l1, g1, NULL) == RANKNET_OK);
        CHECK_NEAR(l1, l0, l0, 1e-14);
        o.item_weights = iw;
        CHECK(ranknet_query(&o, s, y, 6, NULL, g0, NULL) == RANKNET_OK);
        for (i = 0; i < 6; ++i) CHECK(g0[i] == (double)(float)(g1[i] * iw[i]));
    }
    { /* the option's place: the LightGBM preset, value 1, no ratio factors */
        double s[3] = {0.1, 0.4, -1}, y[3] = {1, 0, 2}, g[3] = {7, 7, 7};
        long long pos[3] = {0, 1, 2};
        size_t off[2] = {0, 3};
        ranknet_bias *bias = NULL;
        ranknet_options o;
        memset(&o, 0, sizeof o);
        o.sigmoid_table = 1, o.weighting = RANKNET_WEIGHT_DELTA_NDCG;
        CHECK(ranknet_query(&o, s, y, 3, NULL, g, NULL) == RANKNET_ERR_OPTION);
        o.preset = RANKNET_PRESET_XGBOOST;
        CHECK(ranknet_query(&o, s, y, 3, NULL, g, NULL) == RANKNET_ERR_OPTION);
        o.preset = RANKNET_PRESET_LIGHTGBM, o.sigmoid_table = 2;
        CHECK(ranknet_query(&o, s, y, 3, NULL, g, NULL) == RANKNET_ERR_OPTION);
        CHECK(g[0] == 7 && g[1] == 7 && g[2] == 7);
        o.sigmoid_table = 1;
        CHECK(ranknet_bias_create(RANKNET_BIAS_RATIO, 3, &bias) == RANKNET_OK);
        CHECK(ranknet_batch_unbiased(&o, bias, s, y, pos, off, 1, NULL, g, NULL) == RANKNET_ERR_OPTION);
        CHECK(g[0] == 7 && g[1] == 7 && g[2] == 7);
        ranknet_bias_free(bias);
        CHECK(ranknet_query(&o, s, y, 3, NULL, g, NULL) == RANKNET_OK && g[0] != 7);
    }
}

/* The library's loss, lambdas and hessians against a long-double reference: 1e-12 of the
   loss and of the largest reference lambda / hessian. */
static void check_against_ld(double loss, const double *g, const double *h, long double rl, const long double *rg,
                             const long double *rh, size_t n)
{
    long double gmax = 0, hmax = 0;
    size_t i;
    for (i = 0; i < n; ++i) gmax = fmaxl(gmax, fabsl(rg[i])), hmax = fmaxl(hmax, fabsl(rh[i]));
    CHECK_NEAR(loss, (double)rl, (double)rl, 1e-12);
    for (i = 0; i < n; ++i) {
        CHECK_NEAR(g[i], (double)rg[i], (double)gmax, 1e-12);
        CHECK_NEAR(h[i], (double)rh[i], (double)hmax, 1e-12);
    }
}

/* Unbiased LambdaMART in the brute forces: each item's factors t+ and t- (bf_tp NULL: no
   bias), and the costs it gathers as the plus and as the minus item of a pair. */
static const long double *bf_tp, *bf_tm;
static long double bf_cp[64], bf_cm[64];

/* A pair (plus a, minus b) of weight *w and loss term lp: its cost to both, then *w / (t+ t-) */
static void bf_debias(size_t a, size_t b, long double *w, long double lp)
{
    bf_cp[a] += *w * lp / bf_tm[b];
    bf_cm[b] += *w * lp / bf_tp[a];
    *w /= bf_tp[a] * bf_tm[b];
}

/* AP of binary labels in rank order (the whole list) */
static long double bf_ap(const long double *lab, size_t n)
{
    long double hits = 0, v = 0;
    size_t r;
    for (r = 0; r < n; ++r)
        if (lab[r] > 0) hits += 1, v += hits / (r + 1);
    return hits > 0 ? v / hits : 0;
}

/* The presets' definitions, one unordered pair at a time in long double: ranks by
   counting, IDCG by selection, no code shared with the library. Top-k pairs only. */
static void bf_preset(const ranknet_options *o, const double *s, const double *y, size_t n, long double *loss,
                      long double *g, long double *h)
{
    size_t rank[64], i, j, r, k = o->k == 0 || o->k > n ? n : o->k;
    long double idcg = 0, sum = 0, sigma = o->sigma == 0 ? 1 : o->sigma, lo = s[0], hi = s[0], scale = 1;
    int xgb = o->preset == RANKNET_PRESET_XGBOOST, ndcg = o->weighting == RANKNET_WEIGHT_DELTA_NDCG, used[64] = {0};
    int gap = xgb ? o->score_norm : o->normalize == RANKNET_NORM_LOG2;
    *loss = 0;
    for (i = 0; i < n; ++i) g[i] = h[i] = 0, bf_cp[i] = bf_cm[i] = 0, lo = fminl(lo, s[i]), hi = fmaxl(hi, s[i]);
    for (i = 0; i < n; ++i)
        for (rank[i] = 0, j = 0; j < n; ++j) rank[i] += s[j] > s[i] || (s[j] == s[i] && j < i);
    for (r = 0; r < k; ++r) { /* the r-th largest label */
        size_t best = n;
        for (i = 0; i < n; ++i)
            if (!used[i] && (best == n || y[i] > y[best])) best = i;
        used[best] = 1;
        idcg += (o->gain == RANKNET_GAIN_LINEAR ? (long double)y[best] : powl(2, y[best]) - 1) / log2l(r + 2.0L);
    }
    if (ndcg && idcg == 0) return;
    for (i = 0; i < n; ++i)
        for (j = i + 1; j < n; ++j) {
            size_t a = y[i] > y[j] ? i : j, b = y[i] > y[j] ? j : i; /* a: the higher label */
            long double w = 1, d, p, q;
            if (y[i] == y[j] || (rank[i] >= k && rank[j] >= k)) continue;
            if (o->weighting == RANKNET_WEIGHT_DELTA_MAP) { /* XGBoost's rank:map: |delta AP| */
                long double lab[64], before, tmp;
                size_t r2;
                for (r2 = 0; r2 < n; ++r2) lab[rank[r2]] = y[r2];
                before = bf_ap(lab, n);
                tmp = lab[rank[i]], lab[rank[i]] = lab[rank[j]], lab[rank[j]] = tmp;
                w = fabsl(bf_ap(lab, n) - before);
            } else if (ndcg) {
                long double ga = o->gain == RANKNET_GAIN_LINEAR ? y[a] : powl(2, y[a]) - 1;
                long double gb = o->gain == RANKNET_GAIN_LINEAR ? y[b] : powl(2, y[b]) - 1;
                w = (ga - gb) * fabsl(1 / log2l(rank[a] + 2.0L) - 1 / log2l(rank[b] + 2.0L)) / idcg;
            }
            if (gap && hi != lo) w /= (xgb ? 0.01L : (long double)0.01f) + fabsl((long double)s[a] - s[b]);
            d = sigma * ((long double)s[a] - s[b]);
            p = 1 / (1 + expl(-d)), q = 1 / (1 + expl(d));
            if (bf_tp) bf_debias(a, b, &w, log1pl(expl(-d)));
            g[a] -= sigma * w * q, g[b] += sigma * w * q;
            h[a] += sigma * sigma * w * p * q * (xgb ? 2 : 1), h[b] += sigma * sigma * w * p * q * (xgb ? 2 : 1);
            *loss += w * log1pl(expl(-d));
            sum += 2 * sigma * w * q;
        }
    if (o->normalize == RANKNET_NORM_LOG2 && sum > 0) scale = log2l(1 + sum) / sum;
    if (o->normalize == RANKNET_NORM_ITEMS) scale = 1.0L / (n - 1), *loss *= scale;
    for (i = 0; i < n; ++i) g[i] *= scale, h[i] *= scale;
    for (i = 0; o->normalize == RANKNET_NORM_ITEMS && i < n; ++i) bf_cp[i] *= scale, bf_cm[i] *= scale;
}

static void test_presets_match_brute_force(void)
{
    int trial;
    for (trial = 0; trial < 400; ++trial) {
        size_t n = 2 + (size_t)(40 * tl_uniform()), i;
        double s[64], y[64], g[64], h[64], loss;
        long double rl, rg[64], rh[64];
        ranknet_options o;
        memset(&o, 0, sizeof o);
        o.preset = trial % 2 ? RANKNET_PRESET_XGBOOST : RANKNET_PRESET_LIGHTGBM;
        o.weighting = o.preset == RANKNET_PRESET_XGBOOST && trial % 3 == 0   ? RANKNET_WEIGHT_NONE
                      : o.preset == RANKNET_PRESET_XGBOOST && trial % 3 == 1 ? RANKNET_WEIGHT_DELTA_MAP
                                                                              : RANKNET_WEIGHT_DELTA_NDCG;
        o.k = (size_t)(trial % 5) * 3; /* 0 (the whole list), 3, .., 12 */
        o.gain = trial % 7 == 3 ? RANKNET_GAIN_LINEAR : RANKNET_GAIN_EXP2;
        o.normalize = (ranknet_norm)(trial / 2 % 3);
        if (o.preset == RANKNET_PRESET_LIGHTGBM) o.sigma = trial % 4 == 0 ? 0.5 : 1.7;
        else o.score_norm = trial / 3 % 2;
        for (i = 0; i < n; ++i) {
            s[i] = trial % 11 == 0 ? floor(3 * tl_uniform()) : 3 * tl_normal(); /* many ties, or none */
            y[i] = floor((o.weighting == RANKNET_WEIGHT_DELTA_MAP ? 2 : 5) * tl_uniform());
        }
        if (trial % 13 == 0) for (i = 0; i < n; ++i) s[i] = 0.25; /* all equal: no score-gap division */
        CHECK(ranknet_query(&o, s, y, n, &loss, g, h) == RANKNET_OK);
        bf_preset(&o, s, y, n, &rl, rg, rh);
        check_against_ld(loss, g, h, rl, rg, rh, n);
    }
}

/* XGBoost's mean method: every item draws m partners of another label, uniformly. With
   equal scores every pair is p = 1/2: hess = 2 x 1/4 per pair, lambda -+1/2, so the sums
   count the pairs. */
static void test_sampled_pairs(void)
{
    enum { N = 9, M = 20000 };
    double s[N] = {0}, y[N] = {1, 0, 0, 0, 0, 0, 0, 0, 0}, g[N], h[N], g2[N], h2[N], total = 0;
    double y2[6] = {2, 2, 0, 1, 1, 0}, s2[6] = {0.3, -1, 2, 0.5, 0.1, 1}, a[6], b[6], c[6];
    ranknet_options o;
    size_t i, off[3] = {0, 6, 12};
    double s3[12], y3[12], g3[12];
    memset(&o, 0, sizeof o);
    o.preset = RANKNET_PRESET_XGBOOST, o.sample_pairs = M, o.seed = 42;
    CHECK(ranknet_query(&o, s, y, N, NULL, g, h) == RANKNET_OK);
    /* item 0 draws M zeros, and each of the 8 zeros draws item 0 M times; item 0 picked
       each zero about M / 8 times */
    CHECK(g[0] == -0.5 * 9 * M && h[0] == 0.5 * 9 * M);
    for (i = 1; i < N; ++i) {
        double picked = h[i] / 0.5 - M, sd = sqrt(M * (1.0 / 8) * (7.0 / 8));
        CHECK(g[i] == h[i]);
        CHECK(fabs(picked - M / 8.0) < 5 * sd);
        total += picked;
    }
    CHECK(total == M);
    /* LOG2 is XGBoost's 1 / m for this method */
    o.normalize = RANKNET_NORM_LOG2;
    CHECK(ranknet_query(&o, s, y, N, NULL, g2, h2) == RANKNET_OK);
    for (i = 0; i < N; ++i) {
        CHECK_NEAR(g2[i], g[i] / M, g[i] / M, 1e-15);
        CHECK_NEAR(h2[i], h[i] / M, h[i] / M, 1e-15);
    }
    /* the same seed, the same pairs; another seed, others; the query's index matters */
    o.sample_pairs = 1, o.normalize = RANKNET_NORM_NONE, o.weighting = RANKNET_WEIGHT_DELTA_NDCG;
    CHECK(ranknet_query(&o, s2, y2, 6, NULL, a, NULL) == RANKNET_OK);
    CHECK(ranknet_query(&o, s2, y2, 6, NULL, b, NULL) == RANKNET_OK);
    CHECK(memcmp(a, b, sizeof a) == 0);
    for (o.seed = 43; o.seed < 60; ++o.seed) {
        CHECK(ranknet_query(&o, s2, y2, 6, NULL, c, NULL) == RANKNET_OK);
        if (memcmp(a, c, sizeof a) != 0) break;
    }
    CHECK(o.seed < 60);
    o.seed = 42;
    for (i = 0; i < 12; ++i) s3[i] = s2[i % 6], y3[i] = y2[i % 6];
    CHECK(ranknet_batch(&o, s3, y3, off, 2, NULL, g3, NULL) == RANKNET_OK);
    CHECK(memcmp(g3, a, sizeof a) == 0);       /* query 0 of a batch is the single query */
    CHECK(memcmp(g3 + 6, a, sizeof a) != 0);   /* query 1 draws its own pairs */
    /* sampling with a cutoff is no XGBoost method */
    o.k = 3;
    CHECK(ranknet_query(&o, s2, y2, 6, NULL, c, NULL) == RANKNET_ERR_OPTION);
    { /* rank:pairwise takes any labels: negative and fractional ones draw as their shift by 10 */
        double yn[6] = {-2, -2, 0.5, -1.25, -1.25, 0.5}, ys[6], gn[6], gs[6], hn[6], hs[6];
        ranknet_options op = o;
        op.sample_pairs = 3, op.weighting = RANKNET_WEIGHT_NONE, op.k = 0;
        for (i = 0; i < 6; ++i) ys[i] = yn[i] + 10;
        CHECK(ranknet_query(&op, s2, yn, 6, NULL, gn, hn) == RANKNET_OK);
        CHECK(ranknet_query(&op, s2, ys, 6, NULL, gs, hs) == RANKNET_OK);
        CHECK(memcmp(gn, gs, sizeof gn) == 0 && memcmp(hn, hs, sizeof hn) == 0);
        CHECK(gn[0] != 0);
    }
}

static void test_normalize_items(void)
{
    double s[20], y[20], g[20], h[20], g1[20], h1[20], l, l1;
    size_t off[4] = {0, 5, 6, 20}, q, i;
    int w;
    ranknet_options o;
    memset(&o, 0, sizeof o);
    make_query(s, y, 20, LABELS_GRADED, 2.0);
    for (w = 0; w < 3; ++w) {
        o.weighting = w ? RANKNET_WEIGHT_DELTA_NDCG : RANKNET_WEIGHT_NONE;
        o.preset = w == 2 ? RANKNET_PRESET_LIGHTGBM : RANKNET_PRESET_NONE;
        o.normalize = RANKNET_NORM_NONE;
        CHECK(ranknet_batch(&o, s, y, off, 3, &l1, g1, h1) == RANKNET_OK);
        o.normalize = RANKNET_NORM_ITEMS;
        CHECK(ranknet_batch(&o, s, y, off, 3, &l, g, h) == RANKNET_OK);
        for (q = 0, l1 = 0; q < 3; ++q) {
            size_t n = off[q + 1] - off[q];
            double ql, qg[20], qh[20];
            o.normalize = RANKNET_NORM_NONE;
            CHECK(ranknet_query(&o, s + off[q], y + off[q], n, &ql, qg, qh) == RANKNET_OK);
            l1 += n > 1 ? ql / (double)(n - 1) : 0;
            for (i = 0; i < n; ++i) {
                CHECK_NEAR(g[off[q] + i], n > 1 ? qg[i] / (double)(n - 1) : 0, 1, 1e-15);
                CHECK_NEAR(h[off[q] + i], n > 1 ? qh[i] / (double)(n - 1) : 0, 1, 1e-15);
            }
        }
        CHECK_NEAR(l, l1, l1, 1e-14);
    }
}

/* The engines' NDCG weights are ratios of gains: gains scaled by a power of two give the
   same bits, also where the gains are subnormal (1 / IDCG would overflow) or near DBL_MAX
   (IDCG would). XGBoost's linear gain takes the labels as gains, LightGBM a table. */
static void test_engine_gains_at_the_ends_of_double(void)
{
    enum { N = 40 };
    double s[N], y[N], ys[N], g0[N], h0[N], g[N], h[N], l0, l, table[5] = {0, 1, 3, 7, 15}, ts[5];
    static const int shifts[] = {-1060, -1000, 1000, 1018};
    size_t i, a, preset;
    for (i = 0; i < N; ++i) s[i] = tl_normal(), y[i] = floor(5 * tl_uniform());
    for (preset = 0; preset < 2; ++preset) {
        ranknet_options o;
        memset(&o, 0, sizeof o);
        o.weighting = RANKNET_WEIGHT_DELTA_NDCG, o.k = 7;
        if (preset == 0) o.preset = RANKNET_PRESET_XGBOOST, o.gain = RANKNET_GAIN_LINEAR;
        else o.preset = RANKNET_PRESET_LIGHTGBM, o.label_gain = table, o.label_gain_len = 5;
        CHECK(ranknet_query(&o, s, y, N, &l0, g0, h0) == RANKNET_OK);
        for (a = 0; a < sizeof shifts / sizeof *shifts; ++a) {
            for (i = 0; i < 5; ++i) ts[i] = ldexp(table[i], shifts[a]);
            for (i = 0; i < N; ++i) ys[i] = preset == 0 ? ldexp(y[i], shifts[a]) : y[i];
            if (preset == 1) o.label_gain = ts;
            CHECK(ranknet_query(&o, s, ys, N, &l, g, h) == RANKNET_OK);
            CHECK(l == l0);
            for (i = 0; i < N; ++i) CHECK(g[i] == g0[i] && h[i] == h0[i]);
            if (tl_case_failed && tl_reports < 40) printf("  (preset %u, shift %d)\n", (unsigned)preset, shifts[a]);
        }
    }
}

/* Every bad option is RANKNET_ERR_OPTION, every label the engine refuses RANKNET_ERR_RANGE,
   and neither writes anything. */
static void test_preset_errors_leave_outputs_untouched(void)
{
    double s[5] = {0.5, 1, -1, 2, 0}, y[5] = {1, 0, 3, 2, 0}, g[5], h[5], loss = -7;
    float sf[5], yf[5], gf[5];
    ranknet_options o;
    size_t c, i;
    for (c = 0; c < 23; ++c) {
        double yy[5], table[3] = {0, 1, 5}, falling[4] = {0, 3, 1, 7};
        ranknet_status want = c >= 8 && c <= 12 ? RANKNET_ERR_RANGE : RANKNET_ERR_OPTION;
        memcpy(yy, y, sizeof y);
        memset(&o, 0, sizeof o);
        o.weighting = RANKNET_WEIGHT_DELTA_NDCG;
        switch (c) {
        case 0: o.preset = (ranknet_preset)3; break;
        case 1: o.preset = RANKNET_PRESET_LIGHTGBM, o.weighting = RANKNET_WEIGHT_NONE; break;
        case 2: o.preset = RANKNET_PRESET_LIGHTGBM, o.score_norm = 1; break;
        case 3: o.score_norm = 1; break;
        case 4: o.sample_pairs = 2; break;
        case 5: o.preset = RANKNET_PRESET_XGBOOST, o.sigma = 2; break;
        case 6: o.preset = RANKNET_PRESET_XGBOOST, o.sample_pairs = 1, o.k = 4; break;
        case 7: o.normalize = (ranknet_norm)3; break;
        case 8: o.preset = RANKNET_PRESET_LIGHTGBM, yy[2] = 31; break; /* past label_gain's 31 entries */
        case 9: o.preset = RANKNET_PRESET_LIGHTGBM, yy[2] = 1.5; break;
        case 10: o.preset = RANKNET_PRESET_LIGHTGBM, o.gain = RANKNET_GAIN_LINEAR, yy[2] = 2.5; break;
        case 11: o.preset = RANKNET_PRESET_XGBOOST, yy[2] = 32; break;
        case 12: o.preset = RANKNET_PRESET_XGBOOST, yy[2] = -1; break;
        case 13: o.preset = RANKNET_PRESET_XGBOOST, o.weighting = (ranknet_weighting)7; break;
        case 14: o.preset = RANKNET_PRESET_LIGHTGBM, o.weighting = RANKNET_WEIGHT_DELTA_MAP; break;
        case 15: o.preset = RANKNET_PRESET_XGBOOST, o.item_weights = y; break;    /* XGBoost weighs queries */
        case 16: o.preset = RANKNET_PRESET_LIGHTGBM, o.query_weights = y; break;  /* LightGBM weighs rows */
        case 17: o.preset = RANKNET_PRESET_XGBOOST, o.label_gain = table, o.label_gain_len = 3; break;
        case 18: o.weighting = RANKNET_WEIGHT_LAMBDALOSS, o.mu = NAN; break;
        case 19: o.weighting = RANKNET_WEIGHT_LAMBDALOSS, o.mu = INFINITY; break;
        case 20: o.weighting = RANKNET_WEIGHT_DELTA_ERR, o.max_label = -1; break;
        case 21: o.weighting = RANKNET_WEIGHT_DELTA_ERR, o.max_label = NAN; break;
        case 22: /* LightGBM's IDCG sorts by label: a table that falls is refused */
            o.preset = RANKNET_PRESET_LIGHTGBM, o.label_gain = falling, o.label_gain_len = 4;
            want = RANKNET_ERR_RANGE;
            break;
        }
        for (i = 0; i < 5; ++i) g[i] = h[i] = 99, gf[i] = 99, sf[i] = (float)s[i], yf[i] = (float)yy[i];
        CHECK(ranknet_query(&o, s, yy, 5, &loss, g, h) == want);
        CHECK(ranknet_queryf(&o, sf, yf, 5, &loss, gf, NULL) == want);
        for (i = 0; i < 5; ++i) CHECK(g[i] == 99 && h[i] == 99 && gf[i] == 99);
        CHECK(loss == -7);
        if (tl_case_failed && tl_reports < 40) printf("  (case %u)\n", (unsigned)c);
    }
    /* what the engines take: XGBoost's linear gain takes fractional labels, rank:pairwise any */
    memset(&o, 0, sizeof o);
    o.preset = RANKNET_PRESET_XGBOOST, o.gain = RANKNET_GAIN_LINEAR, o.weighting = RANKNET_WEIGHT_DELTA_NDCG;
    y[2] = 2.5;
    CHECK(ranknet_query(&o, s, y, 5, &loss, g, h) == RANKNET_OK);
    o.weighting = RANKNET_WEIGHT_NONE, y[2] = -40.25;
    CHECK(ranknet_query(&o, s, y, 5, &loss, g, h) == RANKNET_OK);
}

static void test_presets_same_bits_for_any_thread_count(void)
{
    size_t nq = 300, q, rows, p;
    size_t *off = (size_t *)malloc((nq + 1) * sizeof *off);
    double *s, *y, *g1, *h1, *g2, *h2, l1, l2;
    ranknet_options o;
    off[0] = 0;
    for (q = 0; q < nq; ++q) off[q + 1] = off[q] + 1 + (size_t)(50 * tl_uniform());
    rows = off[nq];
    s = dalloc(rows), y = dalloc(rows), g1 = dalloc(rows), h1 = dalloc(rows), g2 = dalloc(rows), h2 = dalloc(rows);
    make_query(s, y, rows, LABELS_GRADED, 2.0);
    for (p = 0; p < 3; ++p) {
        memset(&o, 0, sizeof o);
        o.weighting = RANKNET_WEIGHT_DELTA_NDCG, o.normalize = RANKNET_NORM_LOG2, o.k = 10;
        o.preset = p == 0 ? RANKNET_PRESET_LIGHTGBM : RANKNET_PRESET_XGBOOST;
        if (p == 2) o.sample_pairs = 3, o.k = 0, o.seed = 9;
#ifdef _OPENMP
        omp_set_num_threads(1);
#endif
        CHECK(ranknet_batch(&o, s, y, off, nq, &l1, g1, h1) == RANKNET_OK);
#ifdef _OPENMP
        omp_set_num_threads(4);
#endif
        CHECK(ranknet_batch(&o, s, y, off, nq, &l2, g2, h2) == RANKNET_OK);
        CHECK(memcmp(&l1, &l2, sizeof l1) == 0);
        CHECK(memcmp(g1, g2, rows * sizeof *g1) == 0 && memcmp(h1, h2, rows * sizeof *h1) == 0);
    }
#ifdef _OPENMP
    omp_set_num_threads(omp_get_num_procs());
#endif
    free(off), free(s), free(y), free(g1), free(h1), free(g2), free(h2);
}

/* ---- the weightings of the general pair loop ---------------------------------------- */

/* A metric of labels already in rank order, from its definition, in long double. */
static long double ref_metric(ranknet_weighting kind, const long double *lab, size_t n, size_t k, double max_label,
                              const double *table)
{
    size_t cut = k == 0 || k > n ? n : k, r, s2;
    long double v = 0, nrel = 0, hits = 0, still = 1, ymax = 0;
    for (r = 0; r < n; ++r) nrel += lab[r] > 0, ymax = fmaxl(ymax, lab[r]);
    if (max_label > 0) ymax = max_label;
    if (kind == RANKNET_WEIGHT_DELTA_NDCG) {
        long double g[64], idcg = 0, dcg = 0;
        int used[64] = {0};
        for (r = 0; r < n; ++r) g[r] = table ? (long double)table[(size_t)lab[r]] : powl(2, lab[r]) - 1;
        for (r = 0; r < cut; ++r) {
            size_t best = n;
            for (s2 = 0; s2 < n; ++s2)
                if (!used[s2] && (best == n || g[s2] > g[best])) best = s2;
            used[best] = 1;
            idcg += g[best] / log2l(r + 2.0L);
            dcg += g[r] / log2l(r + 2.0L);
        }
        return idcg > 0 ? dcg / idcg : 0;
    }
    for (r = 0; r < cut; ++r) {
        if (kind == RANKNET_WEIGHT_DELTA_ERR) {
            long double R = (powl(2, lab[r]) - 1) / powl(2, ymax);
            v += still * R / (r + 1);
            still *= 1 - R;
        } else if (lab[r] > 0) {
            hits += 1;
            if (kind == RANKNET_WEIGHT_DELTA_MRR) return 1.0L / (r + 1);
            v += hits / (r + 1);
        }
    }
    if (kind == RANKNET_WEIGHT_DELTA_MAP) return nrel > 0 ? v / nrel : 0;
    return v;
}

/* Every pair of a query by brute force: the weight re-evaluates the metric after the swap
   (LambdaLoss and label differences by their formulas), then the pair terms. */
static void bf_general(const ranknet_options *o, const double *s, const double *y, size_t n, long double *loss,
                       long double *g, long double *h)
{
    size_t rank[64], i, j, cut = o->k == 0 || o->k > n ? n : o->k;
    long double lab[64], sigma = o->sigma == 0 ? 1 : o->sigma, sum = 0, scale = 1, idcg = 0, gains[64];
    int used[64] = {0};
    *loss = 0;
    for (i = 0; i < n; ++i) g[i] = h[i] = 0, bf_cp[i] = bf_cm[i] = 0;
    for (i = 0; i < n; ++i)
        for (rank[i] = 0, j = 0; j < n; ++j) rank[i] += s[j] > s[i] || (s[j] == s[i] && j < i);
    for (i = 0; i < n; ++i) lab[rank[i]] = y[i];
    for (i = 0; i < n; ++i) gains[i] = o->label_gain ? (long double)o->label_gain[(size_t)y[i]] : powl(2, y[i]) - 1;
    for (i = 0; i < cut; ++i) { /* IDCG@k for LambdaLoss */
        size_t best = n;
        for (j = 0; j < n; ++j)
            if (!used[j] && (best == n || gains[j] > gains[best])) best = j;
        used[best] = 1;
        idcg += gains[best] / log2l(i + 2.0L);
    }
    for (i = 0; i < n; ++i)
        for (j = i + 1; j < n; ++j) {
            size_t ri = rank[i], rj = rank[j], lo = ri < rj ? ri : rj, hi = ri < rj ? rj : ri;
            long double w, d, p, q, t = y[i] > y[j] ? 1 : y[i] < y[j] ? 0 : 0.5L, gp, hp, lp;
            switch (o->weighting) {
            case RANKNET_WEIGHT_NONE: w = o->ties == RANKNET_TIES_SKIP && y[i] == y[j] ? 0 : 1; break;
            case RANKNET_WEIGHT_LABEL_DIFF: w = lo < cut ? fabsl((long double)y[i] - y[j]) : 0; break;
            case RANKNET_WEIGHT_LAMBDALOSS: {
                long double dd = (long double)(hi - lo);
                w = hi < cut && idcg > 0
                        ? (fabsl(1 / log2l(lo + 2.0L) - 1 / log2l(hi + 2.0L)) + o->mu * (1 / log2l(1 + dd) - 1 / log2l(2 + dd))) *
                              fabsl(gains[i] - gains[j]) / idcg
                        : 0;
                break;
            }
            default: {
                long double before = ref_metric(o->weighting, lab, n, o->k, o->max_label, o->label_gain), after, tmp;
                tmp = lab[ri], lab[ri] = lab[rj], lab[rj] = tmp;
                after = ref_metric(o->weighting, lab, n, o->k, o->max_label, o->label_gain);
                tmp = lab[ri], lab[ri] = lab[rj], lab[rj] = tmp;
                w = fabsl(after - before);
            }
            }
            if (o->item_weights)
                w *= y[i] > y[j] ? o->item_weights[i] : y[i] < y[j] ? o->item_weights[j]
                                                                    : (o->item_weights[i] + o->item_weights[j]) / 2;
            if (w == 0 || (bf_tp && y[i] == y[j])) continue; /* a bias leaves equal labels out */
            d = sigma * ((long double)s[i] - s[j]);
            p = 1 / (1 + expl(-d)), q = 1 / (1 + expl(d));
            gp = p - t, hp = p * q, lp = log1pl(expl(-fabsl(d))) + (d >= 0 ? (1 - t) * d : -t * d);
            if (bf_tp) bf_debias(y[i] > y[j] ? i : j, y[i] > y[j] ? j : i, &w, lp);
            g[i] += sigma * w * gp, g[j] -= sigma * w * gp;
            h[i] += sigma * sigma * w * hp, h[j] += sigma * sigma * w * hp;
            *loss += w * lp;
            sum += 2 * sigma * w * fabsl(gp);
        }
    if (o->normalize == RANKNET_NORM_LOG2 && sum > 0) scale = log2l(1 + sum) / sum;
    if (o->normalize == RANKNET_NORM_ITEMS) scale = 1.0L / (n - 1), *loss *= scale;
    for (i = 0; i < n; ++i) g[i] *= scale, h[i] *= scale;
    for (i = 0; o->normalize == RANKNET_NORM_ITEMS && i < n; ++i) bf_cp[i] *= scale, bf_cm[i] *= scale;
}

static void test_weightings_match_brute_force(void)
{
    int trial;
    static const ranknet_weighting kinds[] = {RANKNET_WEIGHT_DELTA_MAP, RANKNET_WEIGHT_DELTA_MRR, RANKNET_WEIGHT_DELTA_ERR,
                                              RANKNET_WEIGHT_LAMBDALOSS, RANKNET_WEIGHT_LABEL_DIFF,
                                              RANKNET_WEIGHT_DELTA_NDCG, RANKNET_WEIGHT_NONE};
    for (trial = 0; trial < 700; ++trial) {
        size_t n = 2 + (size_t)(30 * tl_uniform()), i;
        double s[64], y[64], g[64], h[64], iw[64], loss, table[6] = {0, 2, 3, 9, 9.5, 40};
        float sf[64], yf[64], gf[64];
        long double rl, rg[64], rh[64], gmax = 0;
        ranknet_options o;
        memset(&o, 0, sizeof o);
        o.weighting = kinds[trial % 7];
        o.k = (size_t)(trial / 7 % 4) * 4; /* 0 (the whole list), 4, 8, 12 */
        o.sigma = trial % 3 == 0 ? 0.7 : 1.0;
        o.normalize = (ranknet_norm)(trial / 3 % 3);
        if (o.weighting == RANKNET_WEIGHT_NONE && o.normalize == RANKNET_NORM_LOG2) o.normalize = RANKNET_NORM_NONE;
        o.mu = trial % 2 ? 10 : 0.5;
        o.max_label = o.weighting == RANKNET_WEIGHT_DELTA_ERR && trial % 4 == 1 ? 6 : 0;
        for (i = 0; i < n; ++i) {
            s[i] = trial % 11 == 0 ? floor(3 * tl_uniform()) : 2 * tl_normal(); /* many ties, or none */
            y[i] = trial % 5 == 0 ? (tl_uniform() < 0.15) : floor(5 * tl_uniform());
            iw[i] = 0.25 + 2 * tl_uniform();
        }
        if (trial % 17 == 0) for (i = 0; i < n; ++i) y[i] = 0; /* nothing relevant */
        /* the same scores in both precisions: two that differ below float's resolution would
           rank one way in double and tie in float */
        for (i = 0; i < n; ++i) sf[i] = (float)s[i], yf[i] = (float)y[i], s[i] = sf[i];
        if ((o.weighting == RANKNET_WEIGHT_DELTA_NDCG || o.weighting == RANKNET_WEIGHT_LAMBDALOSS) && trial % 3 == 1)
            o.label_gain = table, o.label_gain_len = 6;
        if (trial % 4 == 2 || o.weighting == RANKNET_WEIGHT_NONE) o.item_weights = iw;
        CHECK(ranknet_query(&o, s, y, n, &loss, g, h) == RANKNET_OK);
        bf_general(&o, s, y, n, &rl, rg, rh);
        check_against_ld(loss, g, h, rl, rg, rh, n);
        for (i = 0; i < n; ++i) {
            gmax = fmaxl(gmax, fabsl(rg[i]));
            CHECK(isfinite(g[i]) && isfinite(h[i]));
        }
        CHECK(ranknet_queryf(&o, sf, yf, n, NULL, gf, NULL) == RANKNET_OK);
        for (i = 0; i < n; ++i) CHECK_NEAR(gf[i], g[i], (double)gmax, 1e-5);
        if (tl_case_failed && tl_reports < 40) printf("  (trial %d, weighting %d, k %u)\n", trial, (int)o.weighting, (unsigned)o.k);
        if (tl_case_failed) break;
    }
}

/* One item, all labels equal, no relevant item: loss, lambdas and hessians 0 for every
   weighting. */
static void test_weightings_degenerate_lists(void)
{
    double s[5] = {0.3, -1, 2, 0.5, 0.5}, zero[5] = {0}, same[5] = {2, 2, 2, 2, 2}, g[5], h[5], loss;
    int w;
    size_t i;
    for (w = RANKNET_WEIGHT_DELTA_NDCG; w <= RANKNET_WEIGHT_LABEL_DIFF; ++w) {
        ranknet_options o;
        memset(&o, 0, sizeof o);
        o.weighting = (ranknet_weighting)w, o.mu = 10, o.normalize = RANKNET_NORM_LOG2;
        CHECK(ranknet_query(&o, s, same, 1, &loss, g, h) == RANKNET_OK && loss == 0 && g[0] == 0 && h[0] == 0);
        CHECK(ranknet_query(&o, s, same, 5, &loss, g, h) == RANKNET_OK && loss == 0);
        for (i = 0; i < 5; ++i) CHECK(g[i] == 0 && h[i] == 0);
        CHECK(ranknet_query(&o, s, zero, 5, &loss, g, h) == RANKNET_OK && loss == 0);
        for (i = 0; i < 5; ++i) CHECK(g[i] == 0 && h[i] == 0);
    }
}

/* Item and query weights against a direct sum; the new statuses. */
static void test_item_and_query_weights(void)
{
    double s[12], y[12], iw[12], qw[3] = {2, 0, 0.5}, g[12], h[12], gq[12], hq[12], loss, lq, total = 0;
    size_t off[4] = {0, 5, 9, 12}, q, i;
    ranknet_options o;
    make_query(s, y, 12, LABELS_GRADED, 2.0);
    for (i = 0; i < 12; ++i) iw[i] = 0.5 + (double)(i % 4);
    memset(&o, 0, sizeof o);
    o.weighting = RANKNET_WEIGHT_DELTA_NDCG, o.k = 3, o.item_weights = iw, o.query_weights = qw;
    CHECK(ranknet_batch(&o, s, y, off, 3, &loss, g, h) == RANKNET_OK);
    for (q = 0; q < 3; ++q) { /* a query alone, its item weights, times its query weight */
        ranknet_options oq = o;
        oq.item_weights = iw + off[q], oq.query_weights = NULL;
        CHECK(ranknet_query(&oq, s + off[q], y + off[q], off[q + 1] - off[q], &lq, gq, hq) == RANKNET_OK);
        total += qw[q] * lq;
        for (i = off[q]; i < off[q + 1]; ++i) {
            CHECK_NEAR(g[i], qw[q] * gq[i - off[q]], 1, 1e-15);
            CHECK_NEAR(h[i], qw[q] * hq[i - off[q]], 1, 1e-15);
        }
    }
    CHECK_NEAR(loss, total, total, 1e-14);
    /* on the kernel path too (no item weights): the query weight scales */
    o.item_weights = NULL;
    CHECK(ranknet_batch(&o, s, y, off, 3, &loss, g, h) == RANKNET_OK);
    CHECK(g[5] == 0 && h[8] == 0); /* query 1 has weight 0 */
    /* bad weights, gain tables and labels: a status each, nothing written */
    {
        double table[3] = {0, 1, 3}, bad[12];
        ranknet_status want[6] = {RANKNET_ERR_RANGE, RANKNET_ERR_NONFINITE, RANKNET_ERR_RANGE, RANKNET_ERR_OPTION,
                                  RANKNET_ERR_RANGE, RANKNET_ERR_OPTION};
        int c;
        for (c = 0; c < 6; ++c) {
            ranknet_options b = o;
            for (i = 0; i < 12; ++i) g[i] = 99, bad[i] = 1;
            loss = 99;
            switch (c) {
            case 0: bad[7] = -1, b.item_weights = bad; break;              /* negative item weight */
            case 1: bad[1] = NAN, b.query_weights = bad; break;            /* non-finite query weight */
            case 2: b.label_gain = table, b.label_gain_len = 3; break;    /* label 4 outside the table */
            case 3: b.label_gain = table, b.label_gain_len = 0; break;    /* a table of no entries */
            case 4: b.weighting = RANKNET_WEIGHT_DELTA_ERR, b.max_label = 2; break; /* labels above max_label */
            case 5: b.weighting = RANKNET_WEIGHT_DELTA_MAP, b.label_gain = table, b.label_gain_len = 3; break;
            }
            CHECK(ranknet_batch(&b, s, y, off, 3, &loss, g, NULL) == want[c]);
            CHECK(loss == 99);
            for (i = 0; i < 12; ++i) CHECK(g[i] == 99);
        }
    }
}

static void test_metrics(void)
{
    /* a hand-checked ranking: scores put the items in the order 0, 1, .., 5 */
    double s[6] = {6, 5, 4, 3, 2, 1}, y[6] = {0, 2, 0, 1, 0, 3}, v;
    float sf[6], yf[6];
    size_t i;
    CHECK(ranknet_metric(RANKNET_METRIC_MRR, 0, s, y, 6, &v) == RANKNET_OK && v == 0.5);
    CHECK(ranknet_metric(RANKNET_METRIC_MRR, 1, s, y, 6, &v) == RANKNET_OK && v == 0);
    CHECK(ranknet_metric(RANKNET_METRIC_MAP, 0, s, y, 6, &v) == RANKNET_OK);
    CHECK_NEAR(v, (1.0 / 2 + 2.0 / 4 + 3.0 / 6) / 3, 1, 1e-15);
    CHECK(ranknet_metric(RANKNET_METRIC_MAP, 4, s, y, 6, &v) == RANKNET_OK);
    CHECK_NEAR(v, (1.0 / 2 + 2.0 / 4) / 3, 1, 1e-15); /* divided by all 3 relevant, as map_cut */
    CHECK(ranknet_metric(RANKNET_METRIC_ERR, 0, s, y, 6, &v) == RANKNET_OK);
    CHECK_NEAR(v, (3.0 / 8) / 2 + (5.0 / 8) * (1.0 / 8) / 4 + (5.0 / 8) * (7.0 / 8) * (7.0 / 8) / 6, 1, 1e-15);
    for (i = 0; i < 6; ++i) sf[i] = (float)s[i], yf[i] = (float)y[i];
    CHECK(ranknet_metricf(RANKNET_METRIC_ERR, 0, sf, yf, 6, &v) == RANKNET_OK);
    CHECK_NEAR(v, (3.0 / 8) / 2 + (5.0 / 8) * (1.0 / 8) / 4 + (5.0 / 8) * (7.0 / 8) * (7.0 / 8) / 6, 1, 1e-15);
    CHECK(ranknet_metric(RANKNET_METRIC_NDCG, 3, s, y, 6, &v) == RANKNET_OK);
    {
        double nd;
        CHECK(ranknet_ndcg(s, y, 6, 3, &nd) == RANKNET_OK && nd == v);
    }
    v = 5;
    CHECK(ranknet_metric((ranknet_metric_kind)4, 0, s, y, 6, &v) == RANKNET_ERR_OPTION && v == 5);
    y[2] = -1;
    CHECK(ranknet_metric(RANKNET_METRIC_MAP, 0, s, y, 6, &v) == RANKNET_ERR_RANGE && v == 5);
    for (i = 0; i < 6; ++i) y[i] = 0; /* nothing relevant: 0, NDCG 1 */
    CHECK(ranknet_metric(RANKNET_METRIC_MAP, 0, s, y, 6, &v) == RANKNET_OK && v == 0);
    CHECK(ranknet_metric(RANKNET_METRIC_ERR, 0, s, y, 6, &v) == RANKNET_OK && v == 0);
    CHECK(ranknet_metric(RANKNET_METRIC_NDCG, 0, s, y, 6, &v) == RANKNET_OK && v == 1);
}

typedef struct allrank_vector {
    size_t n, k;
    double mu, sigma, loss;
    const double *s, *y, *g;
} allrank_vector;
#include "allrank_vectors.h"

/* allRank 1.4.3's lambdaLoss(weighing_scheme="ndcgLoss2PP_scheme", k, sigma, mu,
   reduction="sum", reduction_log="natural") and its autograd gradient
   (tests/allrank_vectors.py). allRank keeps the pairs with both items in the top k, and
   computes its discounts in float32: 1e-6 covers that. */
static void test_lambdaloss_matches_allrank(void)
{
    size_t c, i;
    for (c = 0; c < sizeof allrank_vectors / sizeof allrank_vectors[0]; ++c) {
        const allrank_vector *v = &allrank_vectors[c];
        double g[64], loss, gmax = 0;
        ranknet_options o;
        memset(&o, 0, sizeof o);
        o.weighting = RANKNET_WEIGHT_LAMBDALOSS, o.k = v->k, o.mu = v->mu, o.sigma = v->sigma;
        CHECK(ranknet_query(&o, v->s, v->y, v->n, &loss, g, NULL) == RANKNET_OK);
        CHECK_NEAR(loss, v->loss, v->loss, 1e-6);
        for (i = 0; i < v->n; ++i) gmax = fmax(gmax, fabs(v->g[i]));
        for (i = 0; i < v->n; ++i) CHECK_NEAR(g[i] / gmax, v->g[i] / gmax, 1, 1e-6);
    }
}

#include "metric_vectors.h"

/* ranknet_metric against trec_eval (pytrec_eval: AP@10 = map_cut_10, RR@10, AP) and gdeval
   (nDCG@10 with gain 2^y - 1, ERR@10, printed to 5 decimals) on the LETOR sample's 50 test
   queries scored by a trained model (tests/metric_vectors.py). */
static void test_metrics_match_trec_eval(void)
{
    size_t q, a = 0, compared = 0;
    for (q = 0; q < sizeof mv_sizes / sizeof mv_sizes[0]; ++q) {
        size_t n = mv_sizes[q];
        double v;
        float sf[64], yf[64];
        size_t i;
        CHECK(ranknet_metric(RANKNET_METRIC_MAP, 10, mv_scores + a, mv_labels + a, n, &v) == RANKNET_OK);
        CHECK_NEAR(v, mv_values[q][0], 1, 1e-12);
        CHECK(ranknet_metric(RANKNET_METRIC_MRR, 10, mv_scores + a, mv_labels + a, n, &v) == RANKNET_OK);
        CHECK_NEAR(v, mv_values[q][1], 1, 1e-12);
        CHECK(ranknet_metric(RANKNET_METRIC_MAP, 0, mv_scores + a, mv_labels + a, n, &v) == RANKNET_OK);
        CHECK_NEAR(v, mv_values[q][2], 1, 1e-12);
        if (!isnan(mv_values[q][3])) {
            CHECK(ranknet_metric(RANKNET_METRIC_NDCG, 10, mv_scores + a, mv_labels + a, n, &v) == RANKNET_OK);
            CHECK_NEAR(v, mv_values[q][3], 1, 6e-6);
            ++compared;
        }
        if (!isnan(mv_values[q][4])) {
            CHECK(ranknet_metric(RANKNET_METRIC_ERR, 10, mv_scores + a, mv_labels + a, n, &v) == RANKNET_OK);
            CHECK_NEAR(v, mv_values[q][4], 1, 6e-6);
            ++compared;
        }
        for (i = 0; i < n; ++i) sf[i] = (float)mv_scores[a + i], yf[i] = (float)mv_labels[a + i];
        CHECK(ranknet_metricf(RANKNET_METRIC_MAP, 10, sf, yf, n, &v) == RANKNET_OK);
        CHECK_NEAR(v, mv_values[q][0], 1, 1e-12); /* the nudged scores stay apart in float */
        a += n;
    }
    CHECK(compared >= 40);
}

/* The cost each weighting promises: the pairs the general loop visits. */
static void test_weightings_visit_only_what_can_count(void)
{
    enum { N = 400, K = 10 };
    double s[N], y[N], g[N];
    size_t i;
    int w;
    make_query(s, y, N, LABELS_GRADED, 2.0);
    for (w = RANKNET_WEIGHT_DELTA_MAP; w <= RANKNET_WEIGHT_LABEL_DIFF; ++w) {
        ranknet_options o;
        double want;
        memset(&o, 0, sizeof o);
        o.weighting = (ranknet_weighting)w, o.k = K, o.mu = 10;
        tl_pairs_visited = 0;
        CHECK(ranknet_query(&o, s, y, N, NULL, g, NULL) == RANKNET_OK);
        /* rows 0..K-1 against every rank below: K n - K (K + 1) / 2 */
        want = (double)K * N - K * (K + 1) / 2.0;
        if (w == RANKNET_WEIGHT_LAMBDALOSS) want = K * (K - 1) / 2.0; /* within the top k */
        if (w == RANKNET_WEIGHT_DELTA_MRR) { /* rows up to the first relevant rank f: sum over r <= f, r < K */
            size_t f = N, j, r;
            for (i = 0; i < N; ++i) {
                size_t at = 0;
                for (j = 0; j < N; ++j) at += s[j] > s[i] || (s[j] == s[i] && j < i);
                if (y[i] > 0 && at < f) f = at;
            }
            for (want = 0, r = 0; r <= f && r < K; ++r) want += (double)(N - 1 - r);
        }
        CHECK(tl_pairs_visited == want);
        if (tl_case_failed && tl_reports < 40) printf("  (weighting %d: %g pairs, want %g)\n", w, tl_pairs_visited, want);
        o.k = 0; /* the whole list: every pair */
        tl_pairs_visited = 0;
        CHECK(ranknet_query(&o, s, y, N, NULL, g, NULL) == RANKNET_OK);
        if (w != RANKNET_WEIGHT_DELTA_MRR) CHECK(tl_pairs_visited == N * (N - 1) / 2.0);
    }
}

/* ---- position bias (Unbiased LambdaMART, LightGBM's additive bias) ------------------- */

/* Three queries in one batch, random displayed positions (some past P, or NULL: the index
   in the query), random factors: each query's loss, lambdas and hessians against the brute
   forces with every pair divided by t+ t-, and the state's cost sums against theirs added
   up by position. Every weighting, the presets, all normalisations, float and double. */
static void test_unbiased_matches_brute_force(void)
{
    static const ranknet_weighting kinds[] = {RANKNET_WEIGHT_NONE, RANKNET_WEIGHT_DELTA_NDCG, RANKNET_WEIGHT_DELTA_MAP,
                                              RANKNET_WEIGHT_DELTA_MRR, RANKNET_WEIGHT_DELTA_ERR,
                                              RANKNET_WEIGHT_LAMBDALOSS, RANKNET_WEIGHT_LABEL_DIFF};
    int trial;
    for (trial = 0; trial < 360; ++trial) {
        enum { P = 6 };
        size_t off[4], q, i, rows, preset = trial % 9 == 7 ? 1 : trial % 9 == 8 ? 2 : 0;
        double s[96], y[96], g[96], h[96], loss, sum_loss = 0, qw[3] = {1.0, 0.5, 2.0};
        float sf[96], yf[96], gf[96];
        long long pos[96];
        long double tp[64], tm[64], cp[P] = {0}, cm[P] = {0}, rows_at[P] = {0};
        ranknet_bias *b;
        ranknet_options o;
        memset(&o, 0, sizeof o);
        o.weighting = kinds[trial % 7];
        o.k = (size_t)(trial / 7 % 3) * 5;
        o.sigma = trial % 3 == 0 ? 0.7 : 1.0;
        o.normalize = (ranknet_norm)(trial / 3 % 3);
        o.mu = 3;
        if (o.weighting == RANKNET_WEIGHT_NONE && o.normalize == RANKNET_NORM_LOG2) o.normalize = RANKNET_NORM_NONE;
        if (preset) { /* LightGBM's lambdarank, XGBoost's rank:ndcg */
            o.preset = preset == 1 ? RANKNET_PRESET_LIGHTGBM : RANKNET_PRESET_XGBOOST;
            o.weighting = RANKNET_WEIGHT_DELTA_NDCG, o.sigma = preset == 1 ? 1.5 : 1.0, o.k = trial % 2 ? 4 : 0;
        }
        if (trial % 4 == 3 && !(preset == 1)) o.query_weights = qw;
        CHECK(ranknet_bias_create(RANKNET_BIAS_RATIO, P, &b) == RANKNET_OK);
        for (i = 0; i < P; ++i) b->t_plus[i] = 0.2 + 2 * tl_uniform(), b->t_minus[i] = 0.3 + tl_uniform();
        off[0] = 0;
        for (q = 0; q < 3; ++q) off[q + 1] = off[q] + 2 + (size_t)(20 * tl_uniform());
        rows = off[3];
        for (i = 0; i < rows; ++i) {
            s[i] = trial % 11 == 0 ? floor(3 * tl_uniform()) : 2 * tl_normal();
            y[i] = trial % 5 == 0 ? (tl_uniform() < 0.3) : floor(4 * tl_uniform());
            pos[i] = (long long)(9 * tl_uniform()); /* 6, 7, 8: past P, factor 1 */
            sf[i] = (float)s[i], yf[i] = (float)y[i];
        }
        CHECK(ranknet_batch_unbiased(&o, b, s, y, trial % 6 == 5 ? NULL : pos, off, 3, &loss, g, h) == RANKNET_OK);
        for (q = 0; q < 3; ++q) {
            size_t n = off[q + 1] - off[q];
            long double rl, rg[64], rh[64], w = o.query_weights ? qw[q] : 1;
            if (o.query_weights && o.preset == RANKNET_PRESET_XGBOOST) w *= 3 / 3.5L; /* n_queries / sum */
            for (i = 0; i < n; ++i) {
                size_t r = trial % 6 == 5 ? i : (size_t)pos[off[q] + i];
                tp[i] = r < P ? b->t_plus[r] : 1, tm[i] = r < P ? b->t_minus[r] : 1;
            }
            bf_tp = tp, bf_tm = tm;
            if (preset) bf_preset(&o, s + off[q], y + off[q], n, &rl, rg, rh);
            else {
                ranknet_options o2 = o;
                o2.ties = RANKNET_TIES_SKIP;
                bf_general(&o2, s + off[q], y + off[q], n, &rl, rg, rh);
            }
            bf_tp = bf_tm = NULL;
            for (i = 0; i < n; ++i) {
                size_t r = trial % 6 == 5 ? i : (size_t)pos[off[q] + i];
                rg[i] *= w, rh[i] *= w;
                if (r < P) cp[r] += w * bf_cp[i], cm[r] += w * bf_cm[i], rows_at[r] += 1;
            }
            sum_loss += (double)(w * rl);
            check_against_ld(0, g + off[q], h + off[q], 0, rg, rh, n);
        }
        CHECK_NEAR(loss, sum_loss, sum_loss, 1e-12);
        for (i = 0; i < P; ++i) {
            CHECK_NEAR(b->acc_plus[i], (double)cp[i], (double)cp[i], 1e-12);
            CHECK_NEAR(b->acc_minus[i], (double)cm[i], (double)cm[i], 1e-12);
            CHECK(b->acc_rows[i] == (double)rows_at[i]);
        }
        { /* float: the same division */
            double accp[P];
            memcpy(accp, b->acc_plus, sizeof accp);
            CHECK(ranknet_batch_unbiasedf(&o, b, sf, yf, trial % 6 == 5 ? NULL : pos, off, 3, NULL, gf, NULL) == RANKNET_OK);
            for (i = 0; i < rows; ++i) CHECK_NEAR(gf[i], g[i], 1.0, 1e-5);
            for (i = 0; i < P; ++i) CHECK_NEAR(b->acc_plus[i], 2 * accp[i], accp[i], 1e-5);
        }
        ranknet_bias_free(b);
        if (tl_case_failed && tl_reports < 40) printf("  (trial %d, weighting %d, preset %u)\n", trial, (int)o.weighting, (unsigned)preset);
        if (tl_case_failed) break;
    }
}

/* All factors 1: the plain batch with equal labels left out, bit for bit (nothing else
   changes); and a factor changes exactly the pairs of the rows shown at its position. */
static void test_unbiased_neutral_factors_and_one_position(void)
{
    enum { N = 40, P = 5 };
    double s[N], y[N], g1[N], g2[N], h1[N], h2[N], l1, l2;
    long long pos[N];
    size_t off[3] = {0, 17, N}, i;
    ranknet_bias *b;
    ranknet_options o;
    int w;
    for (i = 0; i < N; ++i) s[i] = tl_normal(), y[i] = floor(3 * tl_uniform()), pos[i] = (long long)(i % 7);
    CHECK(ranknet_bias_create(RANKNET_BIAS_RATIO, P, &b) == RANKNET_OK);
    for (w = 0; w < 3; ++w) {
        memset(&o, 0, sizeof o);
        o.weighting = w == 0 ? RANKNET_WEIGHT_NONE : w == 1 ? RANKNET_WEIGHT_DELTA_NDCG : RANKNET_WEIGHT_DELTA_ERR;
        o.ties = RANKNET_TIES_SKIP, o.k = 6;
        CHECK(ranknet_batch(&o, s, y, off, 2, &l1, g1, h1) == RANKNET_OK);
        o.ties = RANKNET_TIES_HALF; /* a bias skips equal labels by itself */
        CHECK(ranknet_batch_unbiased(&o, b, s, y, pos, off, 2, &l2, g2, h2) == RANKNET_OK);
        CHECK_NEAR(l2, l1, l1, 1e-14);
        for (i = 0; i < N; ++i) {
            CHECK_NEAR(g2[i], g1[i], 1, 1e-14);
            CHECK_NEAR(h2[i], h1[i], 1, 1e-14);
        }
    }
    /* t+ at position 3 = 4: the lambdas change only in queries with a row shown at 3
       that is the plus item of a pair; a row that is never shown at 3 and whose partners
       are never shown at 3 keeps its lambda */
    b->t_plus[3] = 4;
    memset(&o, 0, sizeof o);
    CHECK(ranknet_batch_unbiased(&o, b, s, y, pos, off, 2, &l2, g2, h2) == RANKNET_OK);
    {
        double scaled[N] = {0};
        size_t q, j;
        /* RankNet pair by pair: the pairs whose plus row is at position 3 count 1/4 */
        for (q = 0; q < 2; ++q)
            for (i = off[q]; i < off[q + 1]; ++i)
                for (j = off[q]; j < off[q + 1]; ++j) {
                    double d = s[i] - s[j], f;
                    if (y[i] == y[j] || i == j) continue;
                    f = (y[i] > y[j] ? pos[i] : pos[j]) == 3 ? 0.25 : 1.0;
                    scaled[i] += f * (1 / (1 + exp(-d)) - (y[i] > y[j]));
                }
        for (i = 0; i < N; ++i) CHECK_NEAR(g2[i], scaled[i], 1, 1e-13);
    }
    ranknet_bias_free(b);
}

/* The update against the formulas computed here: t_r = (L_r / L_0)^(1 / (1 + p)), a
   position without cost keeping its factor, no cost at 0 keeping all; LightGBM's Newton
   step; the sums cleared. */
static void test_bias_update_formulas(void)
{
    ranknet_bias *b;
    double L[4] = {2.0, 1.0, 0.0, 0.125}, M[4] = {4.0, 3.0, 1e-300, 0.5};
    size_t r;
    int p;
    for (p = 0; p < 3; ++p) {
        CHECK(ranknet_bias_create(RANKNET_BIAS_RATIO, 4, &b) == RANKNET_OK);
        CHECK(b->regularizer == 1.0 && b->t_plus[2] == 1.0 && b->acc_plus[0] == 0);
        b->regularizer = p == 2 ? 0.5 : p;
        b->t_plus[2] = 0.75;
        memcpy(b->acc_plus, L, sizeof L), memcpy(b->acc_minus, M, sizeof M);
        CHECK(ranknet_bias_update(b) == RANKNET_OK);
        for (r = 0; r < 4; ++r) {
            double e = 1.0 / (1.0 + b->regularizer);
            CHECK_NEAR(b->t_plus[r], r == 2 ? 0.75 : pow(L[r] / L[0], e), 1, 1e-15);
            CHECK_NEAR(b->t_minus[r], pow(M[r] / M[0], e), 1, 1e-15);
            CHECK(b->acc_plus[r] == 0 && b->acc_minus[r] == 0 && b->acc_rows[r] == 0);
        }
        CHECK(b->t_plus[0] == 1.0 && b->t_minus[0] == 1.0);
        /* hold_minus: t- stays, t+ moves */
        memcpy(b->acc_plus, M, sizeof M), memcpy(b->acc_minus, L, sizeof L);
        b->hold_minus = 1;
        {
            double tm[4];
            memcpy(tm, b->t_minus, sizeof tm);
            CHECK(ranknet_bias_update(b) == RANKNET_OK);
            CHECK(memcmp(tm, b->t_minus, sizeof tm) == 0 && b->acc_minus[0] == 0);
            CHECK_NEAR(b->t_plus[1], pow(M[1] / M[0], 1.0 / (1.0 + b->regularizer)), 1, 1e-15);
        }
        b->hold_minus = 0;
        /* nothing at position 0: every factor stays */
        b->acc_plus[1] = 5, b->acc_minus[2] = 1;
        {
            double before[4];
            memcpy(before, b->t_plus, sizeof before);
            CHECK(ranknet_bias_update(b) == RANKNET_OK);
            CHECK(memcmp(before, b->t_plus, sizeof before) == 0);
        }
        ranknet_bias_free(b);
    }
    CHECK(ranknet_bias_create(RANKNET_BIAS_ADDITIVE, 3, &b) == RANKNET_OK);
    CHECK(b->regularizer == 0 && b->learning_rate == 0.1 && b->t_plus[1] == 0);
    b->regularizer = 0.3, b->learning_rate = 0.5;
    b->t_plus[0] = 0.2, b->t_plus[1] = -0.1, b->t_plus[2] = 0;
    b->acc_plus[0] = -3, b->acc_plus[1] = 2, b->acc_plus[2] = 0;  /* G: the lambdas */
    b->acc_minus[0] = 5, b->acc_minus[1] = 1, b->acc_minus[2] = 0; /* H: the hessians */
    b->acc_rows[0] = 10, b->acc_rows[1] = 4, b->acc_rows[2] = 0;
    CHECK(ranknet_bias_update(b) == RANKNET_OK);
    CHECK_NEAR(b->t_plus[0], 0.2 + 0.5 * (3 - 0.3 * 10 * 0.2) / (5 + 0.3 * 10 + 0.001), 1, 1e-15);
    CHECK_NEAR(b->t_plus[1], -0.1 + 0.5 * (-2 + 0.3 * 4 * 0.1) / (1 + 0.3 * 4 + 0.001), 1, 1e-15);
    CHECK(b->t_plus[2] == 0 && b->acc_rows[0] == 0 && b->acc_plus[0] == 0 && b->acc_minus[1] == 0);
    ranknet_bias_free(b);
}

/* LightGBM's additive bias: the plain batch at scores + b[position], bit for bit, and the
   sums its lambdas, hessians and rows by position. */
static void test_additive_bias_is_a_score_shift(void)
{
    enum { N = 50, P = 4 };
    double s[N], y[N], shifted[N], g1[N], g2[N], h1[N], h2[N], l1, l2, G[P] = {0}, H[P] = {0}, R[P] = {0};
    float sf[N], yf[N], shf[N], gf1[N], gf2[N];
    long long pos[N];
    size_t off[4] = {0, 9, 30, N}, q, i;
    ranknet_bias *b;
    ranknet_options o;
    memset(&o, 0, sizeof o);
    o.preset = RANKNET_PRESET_LIGHTGBM, o.weighting = RANKNET_WEIGHT_DELTA_NDCG, o.normalize = RANKNET_NORM_LOG2;
    CHECK(ranknet_bias_create(RANKNET_BIAS_ADDITIVE, P, &b) == RANKNET_OK);
    for (i = 0; i < P; ++i) b->t_plus[i] = 0.5 - 0.3 * (double)i;
    for (q = 0; q < 3; ++q)
        for (i = off[q]; i < off[q + 1]; ++i) {
            size_t r = i - off[q];
            s[i] = tl_normal(), y[i] = floor(4 * tl_uniform());
            shifted[i] = s[i] + (r < P ? b->t_plus[r] : 0);
            sf[i] = (float)s[i], yf[i] = (float)y[i], shf[i] = (float)(sf[i] + (r < P ? b->t_plus[r] : 0));
            if (r < P) R[r] += 1;
            pos[i] = (long long)r;
        }
    CHECK(ranknet_batch(&o, shifted, y, off, 3, &l1, g1, h1) == RANKNET_OK);
    CHECK(ranknet_batch_unbiased(&o, b, s, y, NULL, off, 3, &l2, g2, h2) == RANKNET_OK);
    CHECK(memcmp(&l1, &l2, sizeof l1) == 0 && memcmp(g1, g2, sizeof g1) == 0 && memcmp(h1, h2, sizeof h1) == 0);
    for (q = 0; q < 3; ++q)
        for (i = off[q]; i < off[q + 1]; ++i)
            if (i - off[q] < P) G[i - off[q]] += g1[i], H[i - off[q]] += h1[i];
    for (i = 0; i < P; ++i)
        CHECK(b->acc_plus[i] == G[i] && b->acc_minus[i] == H[i] && b->acc_rows[i] == R[i]);
    CHECK(ranknet_batchf(&o, shf, yf, off, 3, NULL, gf1, NULL) == RANKNET_OK);
    CHECK(ranknet_batch_unbiasedf(&o, b, sf, yf, pos, off, 3, NULL, gf2, NULL) == RANKNET_OK); /* explicit positions */
    CHECK(memcmp(gf1, gf2, sizeof gf1) == 0);
    ranknet_bias_free(b);
}

/* The same bits of outputs and state for 1, 2 and 8 threads, both kinds, float and double */
static void test_unbiased_same_bits_for_any_thread_count(void)
{
    enum { P = 8 };
    size_t nq = 400, q, rows, i;
    size_t *off = (size_t *)malloc((nq + 1) * sizeof *off);
    double *s, *y, *g[2], *h[2], l[2], acc[2][3 * P];
    float *sf, *yf, *gf[2];
    long long *pos;
    ranknet_options o;
    int threads[3] = {1, 2, 8}, t, kind;
    memset(&o, 0, sizeof o);
    off[0] = 0;
    for (q = 0; q < nq; ++q) off[q + 1] = off[q] + 1 + (size_t)(40 * tl_uniform());
    rows = off[nq];
    s = dalloc(rows), y = dalloc(rows), g[0] = dalloc(rows), g[1] = dalloc(rows), h[0] = dalloc(rows), h[1] = dalloc(rows);
    sf = falloc(rows), yf = falloc(rows), gf[0] = falloc(rows), gf[1] = falloc(rows);
    pos = (long long *)malloc(rows * sizeof *pos);
    make_query(s, y, rows, LABELS_GRADED, 2.0);
    for (i = 0; i < rows; ++i) sf[i] = (float)s[i], yf[i] = (float)y[i], pos[i] = (long long)(12 * tl_uniform());
    o.weighting = RANKNET_WEIGHT_DELTA_NDCG, o.k = 10;
    for (kind = 0; kind < 2; ++kind)
        for (t = 0; t < 3; ++t) {
            ranknet_bias *b;
            int u = t > 0;
            CHECK(ranknet_bias_create((ranknet_bias_kind)kind, P, &b) == RANKNET_OK);
            for (i = 0; i < P; ++i) b->t_plus[i] = 1.0 / (1.0 + (double)i), b->t_minus[i] = 1.0 - 0.05 * (double)i;
#ifdef _OPENMP
            omp_set_num_threads(threads[t]);
#endif
            CHECK(ranknet_batch_unbiased(&o, b, s, y, pos, off, nq, &l[u], g[u], h[u]) == RANKNET_OK);
            CHECK(ranknet_batch_unbiasedf(&o, b, sf, yf, pos, off, nq, NULL, gf[u], NULL) == RANKNET_OK);
            memcpy(acc[u], b->acc_plus, P * sizeof(double));
            memcpy(acc[u] + P, b->acc_minus, P * sizeof(double));
            memcpy(acc[u] + 2 * P, b->acc_rows, P * sizeof(double));
            ranknet_bias_free(b);
            if (t == 0) continue;
            CHECK(memcmp(&l[0], &l[1], sizeof l[0]) == 0 && memcmp(acc[0], acc[1], sizeof acc[0]) == 0);
            CHECK(memcmp(g[0], g[1], rows * sizeof(double)) == 0 && memcmp(h[0], h[1], rows * sizeof(double)) == 0);
            CHECK(memcmp(gf[0], gf[1], rows * sizeof(float)) == 0);
        }
#ifdef _OPENMP
    omp_set_num_threads(omp_get_num_procs());
#endif
    (void)threads;
    free(off), free(s), free(y), free(g[0]), free(g[1]), free(h[0]), free(h[1]), free(sf), free(yf), free(gf[0]),
        free(gf[1]), free(pos);
}

/* Every status of the bias calls: outputs and the whole state as they were. */
static void test_unbiased_errors_leave_state_and_outputs_untouched(void)
{
    enum { N = 8, P = 4 };
    double s[N] = {0.5, 1, -1, 2, 0, 0.3, 0.1, -0.4}, y[N] = {1, 0, 3, 2, 0, 1, 0, 2}, g[N], h[N], loss;
    float sf[N], yf[N], gf[N];
    long long pos[N] = {0, 1, 2, 3, 0, 1, 2, 5};
    size_t off[3] = {0, 5, N}, i, c;
    ranknet_bias *b = NULL;
    CHECK(ranknet_bias_create((ranknet_bias_kind)2, 4, &b) == RANKNET_ERR_OPTION && b == NULL);
    CHECK(ranknet_bias_create(RANKNET_BIAS_RATIO, 0, &b) == RANKNET_ERR_OPTION && b == NULL);
    CHECK(ranknet_bias_create(RANKNET_BIAS_RATIO, (size_t)-1 / 2, &b) == RANKNET_ERR_NOMEM && b == NULL);
    CHECK(ranknet_bias_create(RANKNET_BIAS_RATIO, 4, NULL) == RANKNET_ERR_NULL);
    CHECK(ranknet_bias_update(NULL) == RANKNET_ERR_NULL);
    ranknet_bias_free(NULL);
    for (c = 0; c < 29; ++c) {
        ranknet_status want;
        ranknet_options o;
        double sv[N], saved[5 * P];
        long long pv[N];
        size_t *offv = off, offbad[3] = {0, 6, 5};
        ranknet_bias *arg;
        int kind = c == 12 || c == 13 || c == 18;
        CHECK(ranknet_bias_create((ranknet_bias_kind)kind, P, &b) == RANKNET_OK);
        for (i = 0; i < P; ++i) b->t_plus[i] = kind ? 0.1 * (double)i : 1.0 / (1.0 + (double)i), b->acc_plus[i] = 1;
        memset(&o, 0, sizeof o);
        o.weighting = RANKNET_WEIGHT_DELTA_NDCG;
        memcpy(sv, s, sizeof s), memcpy(pv, pos, sizeof pos);
        arg = b;
        switch (c) {
        case 0: arg = NULL, want = RANKNET_ERR_NULL; break;
        case 1: b->kind = (ranknet_bias_kind)5, want = RANKNET_ERR_OPTION; break;
        case 2: b->regularizer = -1, want = RANKNET_ERR_OPTION; break;
        case 3: b->learning_rate = NAN, want = RANKNET_ERR_OPTION; break;
        case 4: b->t_plus[2] = INFINITY, want = RANKNET_ERR_NONFINITE; break;
        case 5: b->t_minus[1] = NAN, want = RANKNET_ERR_NONFINITE; break;
        case 6: b->t_plus[3] = 0, want = RANKNET_ERR_RANGE; break;
        case 7: b->t_minus[0] = -1, want = RANKNET_ERR_RANGE; break;
        case 8: pv[6] = -1, want = RANKNET_ERR_RANGE; break;                /* the second query */
        case 9: pv[2] = 2147483648LL, want = RANKNET_ERR_RANGE; break;      /* huge */
        case 10: sv[6] = NAN, want = RANKNET_ERR_NONFINITE; break;          /* the second query */
        case 11: offv = offbad, want = RANKNET_ERR_OFFSETS; break;
        case 12: sv[1] = DBL_MAX, b->t_plus[1] = DBL_MAX, want = RANKNET_ERR_OVERFLOW; break; /* s + b */
        case 13: o.weighting = (ranknet_weighting)9, want = RANKNET_ERR_OPTION; break;
        case 14: sv[0] = -1e300, b->acc_plus[0] = DBL_MAX, want = RANKNET_ERR_OVERFLOW; break; /* the sum overflows */
        case 15: b->t_plus[0] = b->t_minus[0] = 1e-200, want = RANKNET_ERR_OVERFLOW; break; /* lambdas / 1e-400 */
        case 16: b->acc_rows[1] = -1, want = RANKNET_ERR_RANGE; break;
        case 17: b->acc_minus[3] = NAN, want = RANKNET_ERR_NONFINITE; break;
        case 19: b->t_minus = NULL, want = RANKNET_ERR_NULL; break; /* each array the caller might clear */
        case 20: b->acc_plus = NULL, want = RANKNET_ERR_NULL; break;
        case 21: b->acc_minus = NULL, want = RANKNET_ERR_NULL; break;
        case 22: b->acc_rows = NULL, want = RANKNET_ERR_NULL; break;
        case 23: b->t_plus = NULL, want = RANKNET_ERR_NULL; break;
        case 24: b->regularizer = INFINITY, want = RANKNET_ERR_OPTION; break;
        case 25: b->learning_rate = -0.5, want = RANKNET_ERR_OPTION; break;
        case 26: b->learning_rate = INFINITY, want = RANKNET_ERR_OPTION; break;
        case 27: b->acc_plus[1] = -1, want = RANKNET_ERR_RANGE; break;
        case 28: b->acc_minus[2] = -1, want = RANKNET_ERR_RANGE; break;
        default: o.preset = RANKNET_PRESET_LIGHTGBM, o.query_weights = y, want = RANKNET_ERR_OPTION; break;
        }
        memcpy(saved, b + 1, sizeof saved); /* create puts the five arrays right after the struct */
        for (i = 0; i < N; ++i) g[i] = h[i] = 99, gf[i] = 99, sf[i] = (float)sv[i], yf[i] = (float)y[i];
        loss = -7;
        CHECK(ranknet_batch_unbiased(&o, arg, sv, y, pv, offv, 2, &loss, g, h) == want);
        if (c != 12 && c != 14) /* float: the same status (its scores overflow to inf on their own) */
            CHECK(ranknet_batch_unbiasedf(&o, arg, sf, yf, pv, offv, 2, &loss, gf, NULL) == want);
        for (i = 0; i < N; ++i) CHECK(g[i] == 99 && h[i] == 99 && gf[i] == 99);
        CHECK(loss == -7);
        CHECK(memcmp(saved, b + 1, sizeof saved) == 0);
        if (c <= 7 || c == 16 || c == 17 || c >= 19) { /* a bad state is refused by the update too, untouched */
            CHECK(ranknet_bias_update(arg) == want);
            CHECK(memcmp(saved, b + 1, sizeof saved) == 0);
        }
        b->kind = (ranknet_bias_kind)kind;
        ranknet_bias_free(b);
        if (tl_case_failed && tl_reports < 40) printf("  (case %u)\n", (unsigned)c);
    }
    /* an update whose factor overflows: RANKNET_ERR_OVERFLOW, nothing changed */
    CHECK(ranknet_bias_create(RANKNET_BIAS_RATIO, 2, &b) == RANKNET_OK);
    b->regularizer = 0, b->acc_plus[0] = 1e-300, b->acc_plus[1] = 1e300, b->t_plus[1] = 0.5;
    CHECK(ranknet_bias_update(b) == RANKNET_ERR_OVERFLOW);
    CHECK(b->t_plus[1] == 0.5 && b->acc_plus[1] == 1e300 && b->acc_plus[0] == 1e-300);
    ranknet_bias_free(b);
}

/* ---- the README's promises, each checked as stated -------------------------------- */

#include "../fuzz/plain_ref.c" /* the fuzzer's independent long-double reference, stable forms */

/* "Tiny lambdas keep full relative precision" (the stable forms table; the kernels' p and
   1 - p "each with full relative precision however small"): a query whose every pair is
   in the right order by growing gaps between neighbours, so every loss term, lambda and
   hessian is small (e^-7 or less), and each item's sum is led by one term. Each output against the reference to a relative 1e-12 (double)
   or 1e-5 (float), on every path the machine has, both orientations (d > 0 with t = 1 and
   d < 0 with t = 0), sigma 1 and 0.7, RankNet, LambdaRank (the weighted kernels) and
   DELTA_MAP (the scalar general loop). */
static void test_tiny_values_keep_relative_precision(void)
{
    enum { N = 6 };
    static const ranknet_weighting kinds[3] = {RANKNET_WEIGHT_NONE, RANKNET_WEIGHT_DELTA_NDCG, RANKNET_WEIGHT_DELTA_MAP};
    size_t b, i, cases = 0;
    int kind, flip, sg, f32;
    for (b = 0; b < sizeof all_paths / sizeof *all_paths; ++b) {
        if (!ranknet_simd_supported(all_paths[b])) continue;
        for (kind = 0; kind < 3; ++kind)
            for (flip = 0; flip < 2; ++flip)
                for (sg = 0; sg < 2; ++sg)
                    for (f32 = 0; f32 < 2; ++f32) {
                        double s[N], y[N], g[N], h[N], loss;
                        float sf[N], yf[N], gf[N], hf[N];
                        long double rl, rg[N], rh[N];
                        plain_options p;
                        ranknet_options o;
                        double rel = f32 ? 1e-5 : 1e-12;
                        memset(&o, 0, sizeof o);
                        memset(&p, 0, sizeof p);
                        o.weighting = kinds[kind], o.simd = all_paths[b], o.sigma = sg ? 0.7 : 1.0;
                        p.weighting = (int)kinds[kind], p.sigma = o.sigma;
                        for (i = 0; i < N; ++i) { /* flip: listed from the bottom up */
                            size_t r = flip ? N - 1 - i : i;
                            /* gaps 15, 30, .., 75 (float: 10, 12, .., 18, so that every lambda is a
                               normal float): no cancellation */
                            s[i] = f32 ? -(double)(10 * r + r * (r - (r > 0))) : -7.5 * (double)(r * (r + 1));
                            y[i] = kind == 2 ? (double)(r < 3) : (double)(N - 1 - r); /* MAP: relevant on top */
                            sf[i] = (float)s[i], yf[i] = (float)y[i];
                        }
                        plain_query(&p, s, y, NULL, N, &rl, rg, rh);
                        if (f32) {
                            CHECK(ranknet_queryf(&o, sf, yf, N, &loss, gf, hf) == RANKNET_OK);
                            for (i = 0; i < N; ++i) g[i] = gf[i], h[i] = hf[i];
                        } else
                            CHECK(ranknet_query(&o, s, y, N, &loss, g, h) == RANKNET_OK);
                        CHECK(rl > 0 && rl < 1e-2L); /* tiny, so that an absolute test could not see it */
                        CHECK(fabsl(loss - rl) <= rel * rl);
                        for (i = 0; i < N; ++i) {
                            if (rg[i] == 0) continue; /* MAP: pairs of equal relevance weigh 0 */
                            CHECK(fabsl(g[i] - rg[i]) <= rel * fabsl(rg[i]));
                            CHECK(fabsl(h[i] - rh[i]) <= rel * fabsl(rh[i]));
                        }
                        cases++;
                        if (tl_case_failed && tl_reports < 40)
                            printf("  (path %s, weighting %d, flip %d, sigma %g, f32 %d)\n",
                                   ranknet_simd_string(all_paths[b]), kind, flip, o.sigma, f32);
                        if (tl_case_failed) return;
                    }
    }
    CHECK(cases >= 24);
}

/* "A score gap of 1e30 gives a loss of exactly 1e30 (or 0) and lambdas of exactly +-1
   (or 0)", saturated pairs "come out exact": on every path, both precisions, RankNet and
   LambdaRank, both orientations; the hessian exactly 0. */
static void test_saturation_is_exact_on_every_path(void)
{
    size_t b;
    int wrong, kind, flip;
    for (b = 0; b < sizeof all_paths / sizeof *all_paths; ++b) {
        if (!ranknet_simd_supported(all_paths[b])) continue;
        for (kind = 0; kind < 2; ++kind)
            for (wrong = 0; wrong < 2; ++wrong)
                for (flip = 0; flip < 2; ++flip) {
                    double s[2], y[2], g[2], h[2], l, lf;
                    float sf[2], yf[2], gf[2], hf[2];
                    ranknet_options o;
                    /* LambdaRank of two items with labels 1 and 0: the weight is |delta NDCG| =
                       (1 - 1 / log2 3) / 1, and the saturated lambdas are exactly +- that */
                    double wt = kind ? 1.0 - 0.63092975357145743710 : 1.0; /* 1 / log2 3, rounded once */
                    memset(&o, 0, sizeof o);
                    o.simd = all_paths[b], o.weighting = kind ? RANKNET_WEIGHT_DELTA_NDCG : RANKNET_WEIGHT_NONE;
                    s[flip] = 5e29, s[1 - flip] = -5e29;            /* gap 1e30 */
                    y[flip] = wrong ? 0 : 1, y[1 - flip] = wrong ? 1 : 0; /* the top item is less relevant */
                    sf[0] = (float)s[0], sf[1] = (float)s[1], yf[0] = (float)y[0], yf[1] = (float)y[1];
                    CHECK(ranknet_query(&o, s, y, 2, &l, g, h) == RANKNET_OK);
                    CHECK(ranknet_queryf(&o, sf, yf, 2, &lf, gf, hf) == RANKNET_OK);
                    CHECK(l == (wrong ? 1e30 * wt : 0.0));
                    CHECK(g[flip] == (wrong ? wt : 0.0) && g[1 - flip] == (wrong ? -wt : 0.0));
                    CHECK(h[0] == 0 && h[1] == 0);
                    CHECK(gf[flip] == (float)(wrong ? wt : 0.0) && gf[1 - flip] == (float)(wrong ? -wt : 0.0));
                    CHECK(hf[0] == 0 && hf[1] == 0);
                    CHECK(wrong ? fabs(lf - 1e30 * wt) <= 1e-6 * 1e30 : lf == 0);
                }
    }
}

/* "Items are ranked by score, descending, equal scores by lower index first": with all
   scores equal the ranking is the index order, for NDCG, MRR and LambdaRank's discounts. */
static void test_equal_scores_rank_by_index(void)
{
    double s[5] = {0.5, 0.5, 0.5, 0.5, 0.5}, y[5] = {0, 2, 1, 0, 3}, v, g[5], g2[5], sd[5], dcg = 0;
    ranknet_options o;
    size_t i;
    for (i = 0; i < 5; ++i) dcg += (pow(2, y[i]) - 1) / log2((double)i + 2);
    CHECK(ranknet_ndcg(s, y, 5, 0, &v) == RANKNET_OK);
    CHECK_NEAR(v, dcg / (7.0 + 3.0 / log2(3.0) + 1.0 / log2(4.0)), 1, 1e-15); /* IDCG: labels 3, 2, 1 */
    CHECK(ranknet_metric(RANKNET_METRIC_MRR, 0, s, y, 5, &v) == RANKNET_OK);
    CHECK(v == 0.5); /* the first relevant item in index order is the second */
    /* LambdaRank at equal scores = LambdaRank at scores falling by index, where the
       sigmoid is the same to 1e-15 (gaps of 1e-15) */
    memset(&o, 0, sizeof o);
    o.weighting = RANKNET_WEIGHT_DELTA_NDCG, o.k = 3;
    for (i = 0; i < 5; ++i) sd[i] = 0.5 - 1e-15 * (double)i;
    CHECK(ranknet_query(&o, s, y, 5, NULL, g, NULL) == RANKNET_OK);
    CHECK(ranknet_query(&o, sd, y, 5, NULL, g2, NULL) == RANKNET_OK);
    for (i = 0; i < 5; ++i) CHECK_NEAR(g[i], g2[i], 1, 1e-13);
}

/* Every status by every route that can reach it: one query alone, the second query of a
   batch (double and float), a loss-only call, the convenience calls, the unbiased batch.
   The defect always sits in the second query (rows 5..9); every output keeps its sentinel. */
enum { EM_N = 10, EM_ROUTES = 9 };
static const char *const em_route_names[EM_ROUTES] = {"query", "queryf", "batch", "batchf", "batch loss only",
                                                      "batchf loss only", "loss/grad", "unbiased", "unbiasedf"};

static ranknet_status em_call(int route, const ranknet_options *o, const double *s, const double *y, const size_t *off,
                              int *untouched_out)
{
    double g[EM_N], h[EM_N], l = SENT, l2 = SENT;
    float sf[EM_N], yf[EM_N], gf[EM_N], hf[EM_N];
    ranknet_status st = RANKNET_OK, st2;
    ranknet_bias *b = NULL;
    double state[5 * 4];
    size_t i;
    for (i = 0; i < EM_N; ++i) {
        if (s) sf[i] = (float)s[i];
        if (y) yf[i] = (float)y[i];
    }
    fill(g, EM_N), fill(h, EM_N), fillf(gf, EM_N), fillf(hf, EM_N);
    if (route >= 7) {
        if (ranknet_bias_create(RANKNET_BIAS_RATIO, 4, &b) != RANKNET_OK) return RANKNET_ERR_NOMEM;
        memcpy(state, b + 1, sizeof state);
    }
    switch (route) {
    case 0: st = ranknet_query(o, s ? s + 5 : NULL, y ? y + 5 : NULL, 5, &l, g, h); break;
    case 1: st = ranknet_queryf(o, s ? sf + 5 : NULL, y ? yf + 5 : NULL, 5, &l, gf, hf); break;
    case 2: st = ranknet_batch(o, s, y, off, 2, &l, g, h); break;
    case 3: st = ranknet_batchf(o, s ? sf : NULL, y ? yf : NULL, off, 2, &l, gf, hf); break;
    case 4: st = ranknet_batch(o, s, y, off, 2, &l, NULL, NULL); break;
    case 5: st = ranknet_batchf(o, s ? sf : NULL, y ? yf : NULL, off, 2, &l, NULL, NULL); break;
    case 6: /* the convenience calls take no options: the second query alone */
        st = ranknet_loss(s ? s + 5 : NULL, y ? y + 5 : NULL, 5, &l);
        st2 = ranknet_gradf(s ? sf + 5 : NULL, y ? yf + 5 : NULL, 5, gf);
        CHECK(st2 == st);
        st2 = ranknet_grad(s ? s + 5 : NULL, y ? y + 5 : NULL, 5, g);
        CHECK(st2 == st);
        st2 = ranknet_lossf(s ? sf + 5 : NULL, y ? yf + 5 : NULL, 5, &l2);
        CHECK(st2 == st);
        break;
    case 7: st = ranknet_batch_unbiased(o, b, s, y, NULL, off, 2, &l, g, h); break;
    default: st = ranknet_batch_unbiasedf(o, b, s ? sf : NULL, y ? yf : NULL, NULL, off, 2, &l, gf, hf); break;
    }
    *untouched_out = l == SENT && l2 == SENT && untouched(g, EM_N) && untouched(h, EM_N) && untouchedf(gf, EM_N) &&
                     untouchedf(hf, EM_N);
    if (b) {
        *untouched_out &= memcmp(state, b + 1, sizeof state) == 0;
        ranknet_bias_free(b);
    }
    return st;
}

static void test_every_status_by_every_route(void)
{
    int c, route;
    for (c = 0; c < 11; ++c) {
        double s[EM_N] = {0.5, -1, 2, 0, 1, 0.25, 3, -2, 1.5, 0}, y[EM_N] = {1, 0, 2, 0, 1, 2, 0, 1, 3, 0};
        double iw[EM_N] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, qw[2] = {1, 1};
        size_t off[3] = {0, 5, EM_N};
        const double *sp = s, *yp = y;
        ranknet_options o;
        ranknet_status want;
        unsigned routes = (1u << EM_ROUTES) - 1; /* where the defect can be reached */
        memset(&o, 0, sizeof o);
        o.weighting = RANKNET_WEIGHT_DELTA_NDCG;
        switch (c) {
        case 0: sp = NULL, want = RANKNET_ERR_NULL; break;
        case 1: yp = NULL, want = RANKNET_ERR_NULL; break;
        case 2: s[7] = NAN, want = RANKNET_ERR_NONFINITE; break;
        case 3: y[8] = INFINITY, want = RANKNET_ERR_NONFINITE; break;
        case 4: y[6] = -1, want = RANKNET_ERR_RANGE, routes &= ~(1u << 6); break; /* RankNet takes any label */
        case 5: iw[9] = -0.5, o.item_weights = iw, want = RANKNET_ERR_RANGE, routes &= ~(3u | 1u << 6); break;
        case 6: qw[1] = -1, o.query_weights = qw, want = RANKNET_ERR_RANGE, routes &= ~(3u | 1u << 6); break;
        case 7: o.weighting = (ranknet_weighting)12, want = RANKNET_ERR_OPTION, routes &= ~(1u << 6); break;
        case 8: off[1] = 11, want = RANKNET_ERR_OFFSETS, routes &= ~(3u | 1u << 6); break;
        case 9: /* the loss of the second query beyond DBL_MAX (float scores overflow to inf: NONFINITE) */
            s[5] = -DBL_MAX, s[8] = DBL_MAX, want = RANKNET_ERR_OVERFLOW;
            o.weighting = RANKNET_WEIGHT_NONE, routes = 1u << 0 | 1u << 2 | 1u << 4 | 1u << 7;
            { /* ranknet_loss alone (ranknet_grad's lambdas are fine there) */
                double l = SENT;
                CHECK(ranknet_loss(s + 5, y + 5, 5, &l) == RANKNET_ERR_OVERFLOW && l == SENT);
            }
            break;
        default: /* sigma so large that the hessians overflow (the loss-only calls need none) */
            o.sigma = 1e200, want = RANKNET_ERR_OVERFLOW, routes &= ~(3u << 4 | 1u << 6);
            break;
        }
        for (route = 0; route < EM_ROUTES; ++route) {
            int same = 0;
            if (!(routes >> route & 1)) continue;
            CHECK(em_call(route, &o, sp, yp, off, &same) == want);
            CHECK(same);
            if (tl_case_failed && tl_reports < 40) printf("  (case %d, route %s)\n", c, em_route_names[route]);
            if (tl_case_failed) return;
        }
    }
}

/* "Sums run in double over blocks of 512": the pair functions' loss over 2^21 equal pairs
   stays within 1e-12 of n times one term (one running sum would drift by ~1e-10). */
static void test_pair_sums_stay_accurate_at_large_n(void)
{
    size_t n = (size_t)1 << 21, i;
    double *d = dalloc(n), *t = dalloc(n), loss;
    long double one;
    for (i = 0; i < n; ++i) d[i] = 0.3, t[i] = 0.7;
    one = log1pl(expl(-0.3L)) + 0.3L - 0.7L * 0.3L; /* softplus(0.3) - 0.7 * 0.3 */
    CHECK(ranknet_pair_bce(d, t, NULL, n, &loss, NULL) == RANKNET_OK);
    CHECK(fabsl(loss - (long double)n * one) <= 1e-12L * (long double)n * one);
    CHECK(ranknet_logsigmoid_loss(d, NULL, n, &loss, NULL) == RANKNET_OK); /* the mean of softplus(-0.3) */
    CHECK(fabsl(loss - log1pl(expl(-0.3L))) <= 1e-12L * log1pl(expl(-0.3L)));
    free(d), free(t);
}

/* Found by make mutate: two checks that no other test reached. Float scores of range 6e38
   with a sigma that keeps sigma (s_i - s_j) small: the difference itself overflows float,
   so the vector kernels must not take it (every path, against the scalar one). And
   lambdas alone (no loss, no hessian) past the output type: RANKNET_ERR_OVERFLOW. */
static void test_wide_float_scores_and_lambda_overflow(void)
{
    float sf[4] = {3e38f, -3e38f, 1e38f, 0}, yf[4] = {0, 2, 1, 1}, g0[4], g[4];
    double l0, l;
    float a[2] = {0, 1}, ya[2] = {1, 0};
    double s[4] = {0, 1, 2, 3}, y[4] = {3, 2, 1, 0}, gd[4];
    ranknet_options o;
    size_t b, i;
    memset(&o, 0, sizeof o);
    o.sigma = 1e-3, o.simd = RANKNET_SIMD_SCALAR;
    CHECK(ranknet_queryf(&o, sf, yf, 4, &l0, g0, NULL) == RANKNET_OK);
    CHECK(isfinite(l0) && l0 > 6e35); /* the wrong pair (0, 1) alone costs sigma 6e38 */
    for (i = 0; i < 4; ++i) CHECK(isfinite(g0[i]));
    for (b = 0; b < sizeof all_paths / sizeof *all_paths; ++b) {
        if (!ranknet_simd_supported(all_paths[b])) continue;
        o.simd = all_paths[b];
        CHECK(ranknet_queryf(&o, sf, yf, 4, &l, g, NULL) == RANKNET_OK);
        CHECK_NEAR(l, l0, l0, 1e-6);
        for (i = 0; i < 4; ++i) CHECK_NEAR(g[i], g0[i], 1e-3, 1e-5);
    }
    /* a lambda of -1e39 (0.73 x sigma) does not fit a float; one of 2.56e308 not a double
       (every pair in the wrong order) */
    memset(&o, 0, sizeof o);
    o.sigma = 1e39;
    fillf(g, 4);
    CHECK(ranknet_queryf(&o, a, ya, 2, NULL, g, NULL) == RANKNET_ERR_OVERFLOW);
    CHECK(untouchedf(g, 4));
    o.sigma = 1e308;
    fill(gd, 4);
    CHECK(ranknet_query(&o, s, y, 4, NULL, gd, NULL) == RANKNET_ERR_OVERFLOW);
    CHECK(untouched(gd, 4));
}

int main(void)
{
    RUN(test_known_values_by_hand);
    RUN(test_pair_functions_known_values);
    RUN(test_grad_matches_finite_differences);
    RUN(test_grad_fd_with_sigma_and_tie_modes);
    RUN(test_hess_matches_finite_differences_of_grad);
    RUN(test_double_and_float_match_long_double_reference);
    RUN(test_accuracy_at_n_10000);
    RUN(test_lambdas_sum_to_zero);
    RUN(test_convenience_functions_equal_query);
    RUN(test_batch_equals_queries);
    RUN(test_pair_functions_match_query);
    RUN(test_pair_functions_fd_and_float);
    RUN(test_pytorch_code_identities);
    RUN(test_extreme_gaps);
    RUN(test_small_n);
    RUN(test_errors_leave_outputs_untouched);
    RUN(test_status_strings);
    RUN(test_deterministic);
    RUN(test_lambdarank_weights_match_swapped_ndcg);
    RUN(test_lambdarank_normalize);
    RUN(test_lambdarank_large_labels);
    RUN(test_lambdarank_top_k_path_matches_plain_evaluation);
    RUN(test_lambdarank_fd_away_from_ties);
    RUN(test_lambdarank_no_relevant_items_and_errors);
    RUN(test_ndcg_against_brute_force);
    RUN(test_ndcg_edge_cases);
    RUN(test_every_simd_path_matches_reference);
    RUN(test_paths_agree_and_are_exact_at_extremes);
    RUN(test_simd_exp_error_bound);
    RUN(test_lambdarank_every_path_matches_reference);
    RUN(test_every_kernel_variant_matches_scalar);
    RUN(test_every_staged_weighting_matches_scalar);
    RUN(test_float_loss_of_equal_scores);
    RUN(test_top_k_ranking);
    RUN(test_auto_picks_the_widest_path);
    RUN(test_the_path_asked_for_is_the_path_that_ran);
    RUN(test_batch_same_bits_for_any_thread_count);
    RUN(test_presets_match_the_engines);
    RUN(test_lightgbm_sigmoid_table);
    RUN(test_presets_match_brute_force);
    RUN(test_sampled_pairs);
    RUN(test_normalize_items);
    RUN(test_preset_errors_leave_outputs_untouched);
    RUN(test_engine_gains_at_the_ends_of_double);
    RUN(test_presets_same_bits_for_any_thread_count);
    RUN(test_weightings_match_brute_force);
    RUN(test_weightings_degenerate_lists);
    RUN(test_item_and_query_weights);
    RUN(test_metrics);
    RUN(test_lambdaloss_matches_allrank);
    RUN(test_metrics_match_trec_eval);
    RUN(test_weightings_visit_only_what_can_count);
    RUN(test_tiny_values_keep_relative_precision);
    RUN(test_saturation_is_exact_on_every_path);
    RUN(test_equal_scores_rank_by_index);
    RUN(test_every_status_by_every_route);
    RUN(test_wide_float_scores_and_lambda_overflow);
    RUN(test_pair_sums_stay_accurate_at_large_n);
    RUN(test_unbiased_matches_brute_force);
    RUN(test_unbiased_neutral_factors_and_one_position);
    RUN(test_bias_update_formulas);
    RUN(test_additive_bias_is_a_score_shift);
    RUN(test_unbiased_same_bits_for_any_thread_count);
    RUN(test_unbiased_errors_leave_state_and_outputs_untouched);
    return tl_finish();
}
