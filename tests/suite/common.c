/* The suite's shared references and data: the long-double pair reference, the original
   PyTorch formulation, query makers, and the oracle the fuzzer shares (fuzz/plain_ref.c). */

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
static void ref_query(ref *r, double sigma, int skip_ties, const double *s, const double *y, size_t n, size_t stride)
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

static double *dalloc(size_t n) { return (double *)calloc(n ? n : 1, sizeof(double)); }

static float *falloc(size_t n) { return (float *)calloc(n ? n : 1, sizeof(float)); }

static double query_loss(const ranknet_options *o, const double *s, const double *y, size_t n)
{
    double l = NAN;
    ranknet_status st = ranknet_query(o, s, y, n, &l, NULL, NULL);
    CHECK(st == RANKNET_OK);
    return l;
}

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

static const ranknet_simd all_paths[] = {RANKNET_SIMD_SCALAR, RANKNET_SIMD_SSE2, RANKNET_SIMD_AVX2, RANKNET_SIMD_NEON,
                                         RANKNET_SIMD_AVX512};

#include "../../fuzz/plain_ref.c" /* the long-double oracle the fuzzer shares, stable forms */
#include "../../fuzz/plain_from.h"

/* One query of the library's options through the oracle; bias NULL, or each item's factors
   in and costs out. */
static void oracle_query(const ranknet_options *o, const double *s, const double *y, size_t n, const plain_bias *bias,
                         long double *loss, long double *g, long double *h)
{
    plain_options p;
    plain_from(o, &p);
    p.bias = bias;
    plain_query(&p, s, y, o->item_weights, n, loss, g, h);
}

/* The oracle into a ref (allocated for n), with each item's sum of |lambda terms| as its
   scale; loss and hessian terms are >= 0, so they are their own scales. */
static void oracle_ref(ref *r, const ranknet_options *o, const double *s, const double *y, size_t n)
{
    plain_options p;
    plain_from(o, &p);
    p.gscale = r->gscale;
    plain_query(&p, s, y, o->item_weights, n, &r->loss, r->grad, r->hess);
    r->loss_scale = r->loss;
    memcpy(r->hscale, r->hess, n * sizeof *r->hess);
}
