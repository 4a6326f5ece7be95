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

/* calls of one kind that take at least min_s together */
static long calibrate(int which, data *d, double min_s)
{
    long calls = 1, c;
    for (;;) {
        double t0 = now();
        for (c = 0; c < calls; ++c) run_once(which, d);
        if (now() - t0 >= min_s || calls > (1L << 24)) return calls;
        calls *= 2;
    }
}

static double seconds_per_call(int which, data *d, long calls)
{
    double t0 = now();
    long c;
    for (c = 0; c < calls; ++c) run_once(which, d);
    return (now() - t0) / (double)calls;
}

static double median(const double *v, int k)
{
    double t[16];
    memcpy(t, v, (size_t)k * sizeof *t);
    qsort(t, (size_t)k, sizeof *t, cmp_double);
    return t[k / 2];
}

/* A speed-up is the median over repetitions of base / lib, both timed in the same
   repetition, moments apart: a shared machine changes speed over seconds, and a ratio of
   times taken at different moments would carry that in. */
static double median_ratio(const double *base, const double *lib, int k)
{
    double q[16];
    int r;
    for (r = 0; r < k; ++r) q[r] = base[r] / lib[r];
    return median(q, k);
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

static int is_base2(int col)
{
    return col == BASE2_F32 || col == BASE2_F64;
}

static void table(int quick)
{
    static const size_t sizes[] = {16, 64, 256, 1000, 4000, 10000};
    const int reps = quick ? 3 : 7;
    size_t a;
    int col, r;
    printf("ns per pair (n(n-1)/2 pairs), median of %d; SIMD path: %s\n\n", reps,
           ranknet_simd_string(ranknet_simd_best()));
    printf("%6s", "n");
    for (col = 0; col < NCOL; ++col) printf(" %10s", col_name[col]);
    printf(" | %8s %8s %8s %8s\n", "f32/b1", "f32/b2", "f64/b1", "f64/b2");
    for (a = 0; a < sizeof sizes / sizeof *sizes; ++a) {
        data d;
        double t[NCOL][16], ns[NCOL], pairs;
        long calls[NCOL];
        size_t n = sizes[a];
        int skip2 = quick && n > 4000, reps2 = skip2 ? 0 : n >= 4000 ? 3 : reps; /* base2 is slow there */
        pairs = 0.5 * (double)n * (double)(n - 1);
        data_make(&d, n, !skip2);
        for (col = 0; col < NCOL; ++col)
            calls[col] = skip2 && is_base2(col) ? 0 : calibrate(col, &d, quick ? 0.01 : 0.05);
        for (r = 0; r < reps; ++r) /* every column once a repetition */
            for (col = 0; col < NCOL; ++col)
                if (!(is_base2(col) && r >= reps2))
                    t[col][r] = seconds_per_call(col, &d, calls[col]);
        for (col = 0; col < NCOL; ++col)
            ns[col] = is_base2(col) && !reps2 ? NAN : 1e9 * median(t[col], is_base2(col) ? reps2 : reps) / pairs;
        printf("%6lu", (unsigned long)n);
        for (col = 0; col < NCOL; ++col) printf(" %10.3f", ns[col]);
        printf(" | %7.1fx %7.1fx %7.1fx %7.1fx\n", median_ratio(t[BASE1_F32], t[LIB_QUERYF], reps),
               reps2 ? median_ratio(t[BASE2_F32], t[LIB_QUERYF], reps2) : NAN,
               median_ratio(t[BASE1_F64], t[LIB_QUERY], reps),
               reps2 ? median_ratio(t[BASE2_F64], t[LIB_QUERY], reps2) : NAN);
        fflush(stdout);
        data_free(&d);
    }
    printf("\n(speed-ups compare the library's grad + hess, queryf / query, with the baselines,\n"
           " which compute the same grad + hess; each is the median of the per-repetition ratios)\n");
}

/* n = 1000 on every code path this machine runs, forced through ranknet_options.simd */
static void paths(int quick)
{
    static const ranknet_simd all[] = {RANKNET_SIMD_SCALAR, RANKNET_SIMD_SSE2, RANKNET_SIMD_AVX2, RANKNET_SIMD_NEON,
                                       RANKNET_SIMD_AVX512};
    const size_t n = 1000;
    const double pairs = 0.5 * (double)n * (double)(n - 1), min_s = quick ? 0.01 : 0.05;
    const int reps = quick ? 3 : 7;
    size_t a;
    data d;
    data_make(&d, n, 0);
    printf("\neach path at n = 1000: ns per pair, and speed-up over base1 of the same precision\n");
    printf("%10s %10s %8s %10s %8s\n", "path", "queryf g+h", "f32/b1", "query g+h", "f64/b1");
    for (a = 0; a < sizeof all / sizeof *all; ++a) {
        static const int cols[4] = {LIB_QUERYF, BASE1_F32, LIB_QUERY, BASE1_F64};
        double t[4][16];
        long calls[4];
        int r, k;
        if (!ranknet_simd_supported(all[a])) continue;
        opts.simd = all[a];
        for (k = 0; k < 4; ++k) calls[k] = calibrate(cols[k], &d, min_s);
        for (r = 0; r < reps; ++r)
            for (k = 0; k < 4; ++k) t[k][r] = seconds_per_call(cols[k], &d, calls[k]);
        printf("%10s %10.3f %7.1fx %10.3f %7.1fx\n", ranknet_simd_string(all[a]), 1e9 * median(t[0], reps) / pairs,
               median_ratio(t[1], t[0], reps), 1e9 * median(t[2], reps) / pairs, median_ratio(t[3], t[2], reps));
        fflush(stdout);
    }
    opts.simd = RANKNET_SIMD_AUTO;
    data_free(&d);
}

/* 10,000 queries, sizes log-normal with mean about 120 (median 87), grad + hess in float */
static void batch(int quick)
{
    size_t nq = quick ? 2000 : 10000, q, rows = 0, *off = (size_t *)malloc((nq + 1) * sizeof *off);
    double pairs = 0, t1, tall, speedup, ceiling;
    float *s, *y, *g, *h, *sep;
    int threads = 1;
    rng = 88172645463325252ull; /* the same queries with or without the table before */
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
#endif
    sep = (float *)calloc(2 * (size_t)threads * rows, sizeof *sep); /* outputs of the ceiling's batches */
    if (!sep) exit(1);
    {
        double t[3][16];
        int r, reps = quick ? 3 : 7, k;
        for (r = 0; r < reps; ++r) /* 1 thread, all threads, then the ceiling; moments apart */
            for (k = 0; k < 3; ++k) {
                double t0;
#ifdef _OPENMP
                omp_set_num_threads(k == 1 ? threads : 1);
#endif
                t0 = now();
                if (k < 2) {
                    if (ranknet_batchf(NULL, s, y, off, nq, NULL, g, h) != RANKNET_OK) exit(1);
                } else {
                    /* The machine's own ceiling: every thread runs a whole batch of its own,
                       nothing shared but the read-only input (no OpenMP: one run, 1 thread). */
#ifdef _OPENMP
#pragma omp parallel num_threads(threads)
#endif
                    {
                        size_t me = 0;
#ifdef _OPENMP
                        me = (size_t)omp_get_thread_num();
#endif
                        if (ranknet_batchf(NULL, s, y, off, nq, NULL, sep + 2 * me * rows, sep + (2 * me + 1) * rows) !=
                            RANKNET_OK)
                            exit(1);
                    }
                }
                t[k][r] = now() - t0;
            }
        t1 = median(t[0], reps);
        tall = median(t[1], reps);
        speedup = median_ratio(t[0], t[1], reps);
        for (r = 0; r < reps; ++r) t[2][r] /= threads; /* per batch */
        ceiling = median_ratio(t[0], t[2], reps);
    }
    printf("\nbatch: %lu queries, %lu rows, %.3g pairs, ranknet_batchf grad + hess, median of %d\n",
           (unsigned long)nq, (unsigned long)rows, pairs, quick ? 3 : 7);
    printf("  1 thread:  %.3g pairs/s (%.1f ms)\n", pairs / t1, 1e3 * t1);
#ifdef _OPENMP
    printf("  %d threads: %.3g pairs/s (%.1f ms), %.2fx\n", threads, pairs / tall, 1e3 * tall, speedup);
    printf("  ceiling: %d separate 1-thread batches at once, %.2fx the throughput of one\n", threads, ceiling);
    printf("  (ratios: medians of the per-repetition ratios)\n");
#else
    (void)tall, (void)speedup, (void)threads, (void)ceiling;
    printf("  (built without OpenMP: no multi-thread figure)\n");
#endif
    free(off), free(s), free(y), free(g), free(h), free(sep);
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
