/* bench.c - ns per pair of ranknet.h against two baselines built with the same flags in
   the same run, medians over repetitions; then n = 1000 on each code path the machine
   runs; then a batch of 10,000 queries on 1 and on all threads.
   make bench   (or: cc -O2 -fopenmp bench/bench.c -lm && ./a.out [--quick | --batch])

   baseline 1: a plain scalar loop over the upper triangle with libm expf / exp, the same
               outputs (grad + hess);
   baseline 2: a C port of the original full-matrix formulation: every ordered pair into
               n x n lambda and hessian matrices, then row sums, libm. */
#define RANKNET_IMPLEMENTATION
#include "../ranknet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static unsigned long long rng = 88172645463325252ull;
static double uniform(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (double)(rng >> 11) * (1.0 / 9007199254740992.0);
}
static double normal(void)
{
    return sqrt(-2.0 * log(uniform() + 1e-300)) * cos(6.283185307179586 * uniform());
}

/* ---- baselines ------------------------------------------------------------------------- */

static void base1_f32(const float *s, const float *y, size_t n, float *grad, float *hess)
{
    size_t i, j;
    memset(grad, 0, n * sizeof *grad);
    memset(hess, 0, n * sizeof *hess);
    for (i = 0; i < n; ++i)
        for (j = i + 1; j < n; ++j) {
            float p = 1.0f / (1.0f + expf(s[j] - s[i]));
            float t = y[i] > y[j] ? 1.0f : y[i] < y[j] ? 0.0f : 0.5f;
            float g = p - t, h = p * (1.0f - p);
            grad[i] += g, grad[j] -= g;
            hess[i] += h, hess[j] += h;
        }
}

static void base1_f64(const double *s, const double *y, size_t n, double *grad, double *hess)
{
    size_t i, j;
    memset(grad, 0, n * sizeof *grad);
    memset(hess, 0, n * sizeof *hess);
    for (i = 0; i < n; ++i)
        for (j = i + 1; j < n; ++j) {
            double p = 1.0 / (1.0 + exp(s[j] - s[i]));
            double t = y[i] > y[j] ? 1.0 : y[i] < y[j] ? 0.0 : 0.5;
            double g = p - t, h = p * (1.0 - p);
            grad[i] += g, grad[j] -= g;
            hess[i] += h, hess[j] += h;
        }
}

/* lam and hm are n x n scratch matrices, as in the tensor code */
static void base2_f32(const float *s, const float *y, size_t n, float *grad, float *hess, float *lam, float *hm)
{
    size_t i, j;
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j) {
            float S = y[i] > y[j] ? 1.0f : y[i] < y[j] ? -1.0f : 0.0f;
            float p = 1.0f / (1.0f + expf(-(s[i] - s[j])));
            lam[i * n + j] = 0.5f * (1.0f - S) - (1.0f - p);
            hm[i * n + j] = i == j ? 0.0f : p * (1.0f - p);
        }
    for (i = 0; i < n; ++i) {
        float g = 0, h = 0;
        for (j = 0; j < n; ++j) g += lam[i * n + j], h += hm[i * n + j];
        grad[i] = g, hess[i] = h;
    }
}

static void base2_f64(const double *s, const double *y, size_t n, double *grad, double *hess, double *lam,
                      double *hm)
{
    size_t i, j;
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j) {
            double S = y[i] > y[j] ? 1.0 : y[i] < y[j] ? -1.0 : 0.0;
            double p = 1.0 / (1.0 + exp(-(s[i] - s[j])));
            lam[i * n + j] = 0.5 * (1.0 - S) - (1.0 - p);
            hm[i * n + j] = i == j ? 0.0 : p * (1.0 - p);
        }
    for (i = 0; i < n; ++i) {
        double g = 0, h = 0;
        for (j = 0; j < n; ++j) g += lam[i * n + j], h += hm[i * n + j];
        grad[i] = g, hess[i] = h;
    }
}

/* ---- timing ------------------------------------------------------------------------------ */

enum { LIB_GRADF, LIB_QUERYF, BASE1_F32, BASE2_F32, LIB_GRAD, LIB_QUERY, BASE1_F64, BASE2_F64, NCOL };
static const char *col_name[NCOL] = {"gradf", "queryf g+h", "base1 f32", "base2 f32",
                                     "grad",  "query g+h",  "base1 f64", "base2 f64"};

typedef struct data {
    size_t n;
    float *sf, *yf, *gf, *hf, *lamf, *hmf;
    double *s, *y, *g, *h, *lam, *hm;
} data;

static ranknet_options opts; /* all zero: the defaults, the best path */

static void run_once(int which, data *d)
{
    ranknet_status st = RANKNET_OK;
    size_t n = d->n;
    switch (which) {
    case LIB_GRADF: st = ranknet_gradf(d->sf, d->yf, n, d->gf); break;
    case LIB_QUERYF: st = ranknet_queryf(&opts, d->sf, d->yf, n, NULL, d->gf, d->hf); break;
    case BASE1_F32: base1_f32(d->sf, d->yf, n, d->gf, d->hf); break;
    case BASE2_F32: base2_f32(d->sf, d->yf, n, d->gf, d->hf, d->lamf, d->hmf); break;
    case LIB_GRAD: st = ranknet_grad(d->s, d->y, n, d->g); break;
    case LIB_QUERY: st = ranknet_query(&opts, d->s, d->y, n, NULL, d->g, d->h); break;
    case BASE1_F64: base1_f64(d->s, d->y, n, d->g, d->h); break;
    default: base2_f64(d->s, d->y, n, d->g, d->h, d->lam, d->hm); break;
    }
    if (st != RANKNET_OK) {
        fprintf(stderr, "bench: %s\n", ranknet_status_string(st));
        exit(1);
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* median over reps of the time of one call, each rep timing enough calls for ~min_s */
static double median_seconds(int which, data *d, int reps, double min_s)
{
    double t[15], t0;
    long calls = 1, c;
    int r;
    for (;;) { /* calibrate */
        t0 = now();
        for (c = 0; c < calls; ++c) run_once(which, d);
        if (now() - t0 >= min_s || calls > (1L << 24)) break;
        calls *= 2;
    }
    for (r = 0; r < reps; ++r) {
        t0 = now();
        for (c = 0; c < calls; ++c) run_once(which, d);
        t[r] = (now() - t0) / (double)calls;
    }
    qsort(t, (size_t)reps, sizeof *t, cmp_double);
    return t[reps / 2];
}

/* scores ~ N(0, 4), labels 0..4; the n x n scratch of baseline 2 only when asked */
static void data_make(data *d, size_t n, int with_base2)
{
    size_t i;
    memset(d, 0, sizeof *d);
    d->n = n;
    d->sf = (float *)malloc(n * sizeof(float)), d->yf = (float *)malloc(n * sizeof(float));
    d->gf = (float *)malloc(n * sizeof(float)), d->hf = (float *)malloc(n * sizeof(float));
    d->s = (double *)malloc(n * sizeof(double)), d->y = (double *)malloc(n * sizeof(double));
    d->g = (double *)malloc(n * sizeof(double)), d->h = (double *)malloc(n * sizeof(double));
    if (with_base2) {
        d->lamf = (float *)malloc(n * n * sizeof(float)), d->hmf = (float *)malloc(n * n * sizeof(float));
        d->lam = (double *)malloc(n * n * sizeof(double)), d->hm = (double *)malloc(n * n * sizeof(double));
    }
    for (i = 0; i < n; ++i) {
        d->s[i] = d->sf[i] = (float)(2 * normal());
        d->y[i] = d->yf[i] = (float)floor(5 * uniform());
    }
}

static void data_free(data *d)
{
    free(d->sf), free(d->yf), free(d->gf), free(d->hf), free(d->s), free(d->y), free(d->g), free(d->h);
    free(d->lamf), free(d->hmf), free(d->lam), free(d->hm);
}

static void table(int quick)
{
    static const size_t sizes[] = {16, 64, 256, 1000, 4000, 10000};
    size_t a;
    int col;
    printf("ns per pair (n(n-1)/2 pairs), median of %d; SIMD path: %s\n\n", quick ? 3 : 7,
           ranknet_simd_string(ranknet_simd_best()));
    printf("%6s", "n");
    for (col = 0; col < NCOL; ++col) printf(" %10s", col_name[col]);
    printf(" | %8s %8s %8s %8s\n", "f32/b1", "f32/b2", "f64/b1", "f64/b2");
    for (a = 0; a < sizeof sizes / sizeof *sizes; ++a) {
        data d;
        double ns[NCOL], pairs;
        size_t n = sizes[a];
        int skip2 = quick && n > 4000;
        pairs = 0.5 * (double)n * (double)(n - 1);
        data_make(&d, n, !skip2);
        for (col = 0; col < NCOL; ++col) {
            int reps = quick ? 3 : (n >= 4000 && (col == BASE2_F32 || col == BASE2_F64)) ? 3 : 7;
            if (skip2 && (col == BASE2_F32 || col == BASE2_F64)) {
                ns[col] = NAN;
                continue;
            }
            ns[col] = 1e9 * median_seconds(col, &d, reps, quick ? 0.01 : 0.05) / pairs;
        }
        printf("%6lu", (unsigned long)n);
        for (col = 0; col < NCOL; ++col) printf(" %10.3f", ns[col]);
        printf(" | %7.1fx %7.1fx %7.1fx %7.1fx\n", ns[BASE1_F32] / ns[LIB_QUERYF], ns[BASE2_F32] / ns[LIB_QUERYF],
               ns[BASE1_F64] / ns[LIB_QUERY], ns[BASE2_F64] / ns[LIB_QUERY]);
        fflush(stdout);
        data_free(&d);
    }
    printf("\n(speed-ups compare the library's grad + hess, queryf / query, with the baselines,\n"
           " which compute the same grad + hess)\n");
}

/* n = 1000 on every code path this machine runs, forced through ranknet_options.simd */
static void paths(int quick)
{
    static const ranknet_simd all[] = {RANKNET_SIMD_SCALAR, RANKNET_SIMD_SSE2, RANKNET_SIMD_AVX2, RANKNET_SIMD_NEON};
    const size_t n = 1000;
    const double pairs = 0.5 * (double)n * (double)(n - 1);
    const int reps = quick ? 3 : 7;
    double b1f, b1d;
    size_t a;
    data d;
    data_make(&d, n, 0);
    b1f = 1e9 * median_seconds(BASE1_F32, &d, reps, quick ? 0.01 : 0.05) / pairs;
    b1d = 1e9 * median_seconds(BASE1_F64, &d, reps, quick ? 0.01 : 0.05) / pairs;
    printf("\neach path at n = 1000, ns per pair (base1: f32 %.3f, f64 %.3f)\n", b1f, b1d);
    printf("%10s %10s %8s %10s %8s\n", "path", "queryf g+h", "f32/b1", "query g+h", "f64/b1");
    for (a = 0; a < sizeof all / sizeof *all; ++a) {
        double f, g;
        if (!ranknet_simd_supported(all[a])) continue;
        opts.simd = all[a];
        f = 1e9 * median_seconds(LIB_QUERYF, &d, reps, quick ? 0.01 : 0.05) / pairs;
        g = 1e9 * median_seconds(LIB_QUERY, &d, reps, quick ? 0.01 : 0.05) / pairs;
        printf("%10s %10.3f %7.1fx %10.3f %7.1fx\n", ranknet_simd_string(all[a]), f, b1f / f, g, b1d / g);
        fflush(stdout);
    }
    opts.simd = RANKNET_SIMD_AUTO;
    data_free(&d);
}

/* 10,000 queries, sizes log-normal with mean about 120 (median 87), grad + hess in float */
static void batch(int quick)
{
    size_t nq = quick ? 2000 : 10000, q, rows = 0, *off = (size_t *)malloc((nq + 1) * sizeof *off);
    double pairs = 0, t1, tall;
    float *s, *y, *g, *h;
    int threads = 1;
    off[0] = 0;
    for (q = 0; q < nq; ++q) {
        double len = exp(log(120.0) - 0.32 + 0.8 * normal());
        size_t n = len < 2 ? 2 : len > 5000 ? 5000 : (size_t)len;
        off[q + 1] = off[q] + n;
        pairs += 0.5 * (double)n * (double)(n - 1);
    }
    rows = off[nq];
    s = (float *)malloc(rows * sizeof *s), y = (float *)malloc(rows * sizeof *y);
    g = (float *)malloc(rows * sizeof *g), h = (float *)malloc(rows * sizeof *h);
    for (q = 0; q < rows; ++q) s[q] = (float)normal(), y[q] = (float)floor(5 * uniform());
#ifdef _OPENMP
    threads = omp_get_max_threads();
    omp_set_num_threads(1);
#endif
    {
        double t[5];
        int r, reps = quick ? 3 : 5, k;
        for (k = 0; k < 2; ++k) {
            for (r = 0; r < reps; ++r) {
                double t0 = now();
                if (ranknet_batchf(NULL, s, y, off, nq, NULL, g, h) != RANKNET_OK) exit(1);
                t[r] = now() - t0;
            }
            qsort(t, (size_t)reps, sizeof *t, cmp_double);
            if (k == 0) t1 = t[reps / 2];
            else tall = t[reps / 2];
#ifdef _OPENMP
            omp_set_num_threads(threads);
#endif
        }
    }
    printf("\nbatch: %lu queries, %lu rows, %.3g pairs, ranknet_batchf grad + hess, median\n", (unsigned long)nq,
           (unsigned long)rows, pairs);
    printf("  1 thread:  %.3g pairs/s (%.1f ms)\n", pairs / t1, 1e3 * t1);
#ifdef _OPENMP
    printf("  %d threads: %.3g pairs/s (%.1f ms), %.2fx\n", threads, pairs / tall, 1e3 * tall, t1 / tall);
#else
    (void)tall;
    printf("  (built without OpenMP: no multi-thread figure)\n");
#endif
    free(off), free(s), free(y), free(g), free(h);
}

int main(int argc, char **argv)
{
    int quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
    if (argc > 1 && strcmp(argv[1], "--batch") == 0) { /* the batch figure alone */
        batch(0);
        return 0;
    }
    table(quick);
    paths(quick);
    batch(quick);
    return 0;
}
