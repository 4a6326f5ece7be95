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
static double normal(void) { return sqrt(-2.0 * log(uniform() + 1e-300)) * cos(6.283185307179586 * uniform()); }

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

static void base2_f64(const double *s, const double *y, size_t n, double *grad, double *hess, double *lam, double *hm)
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

/* ---- baseline 3: LightGBM's lambdarank gradient ----------------------------------------

   Written here in C from reading LightGBM 4.6.0's src/objective/rank_objective.hpp
   (LambdarankNDCG::GetGradientsForOneQuery) and src/metric/dcg_calculator.cpp, with the
   same algorithm and arithmetic: indices stable-sorted by score (double) descending; for
   each rank i below the truncation level, every j > i with a different label; |delta
   NDCG| from the label-gain table (2^y - 1), the discount table 1 / log2(2 + r) and the
   inverse max DCG at the truncation level (computed once per query up front, as LightGBM
   does in Init, so it is not timed); with lambdarank_norm, the pair weight divided by
   0.01 + |s_high - s_low| and the query scaled by log2(1 + S) / S; the sigmoid from its
   table of 2^20 bins over [-50 / sigma / 2, 50 / sigma / 2]; float outputs. The only
   departure favours it: the index array is scratch given by the caller, where LightGBM
   allocates a std::vector per query. */
typedef struct lgb {
    double sigmoid, min_in, max_in, factor, *table, discount[10000], gain[31];
} lgb;

static void lgb_init(lgb *b, double sigmoid)
{
    const size_t bins = 1024 * 1024;
    size_t i;
    b->sigmoid = sigmoid;
    b->min_in = -50.0 / sigmoid / 2, b->max_in = -b->min_in;
    b->factor = (double)bins / (b->max_in - b->min_in);
    b->table = (double *)malloc(bins * sizeof *b->table);
    for (i = 0; i < bins; ++i) b->table[i] = 1.0f / (1.0f + exp(((double)i / b->factor + b->min_in) * sigmoid));
    for (i = 0; i < 10000; ++i) b->discount[i] = 1.0 / log2(2.0 + (double)i);
    b->gain[0] = 0;
    for (i = 1; i < 31; ++i) b->gain[i] = (double)((1 << i) - 1);
}

static double lgb_sigmoid(const lgb *b, double x)
{
    if (x <= b->min_in) return b->table[0];
    if (x >= b->max_in) return b->table[1024 * 1024 - 1];
    return b->table[(size_t)((x - b->min_in) * b->factor)];
}

/* CalMaxDCGAtK: label counts, then the best labels first */
static double lgb_inverse_max_dcg(const lgb *b, size_t k, const float *label, size_t n)
{
    size_t cnt[31] = {0}, j;
    int top = 30;
    double dcg = 0;
    for (j = 0; j < n; ++j) cnt[(int)label[j]]++;
    if (k > n) k = n;
    for (j = 0; j < k; ++j) {
        while (top > 0 && cnt[top] == 0) --top;
        dcg += b->discount[j] * b->gain[top];
        cnt[top]--;
    }
    return dcg > 0 ? 1.0f / dcg : dcg;
}

/* std::stable_sort's result: a merge sort of the indices by score descending */
static void lgb_sort(int *idx, int *tmp, size_t n, const double *score)
{
    size_t w, i;
    for (w = 1; w < n; w *= 2) {
        for (i = 0; i < n; i += 2 * w) {
            size_t a = i, m = i + w < n ? i + w : n, e = i + 2 * w < n ? i + 2 * w : n, b = m, o = i;
            while (a < m && b < e) tmp[o++] = score[idx[b]] > score[idx[a]] ? idx[b++] : idx[a++];
            while (a < m) tmp[o++] = idx[a++];
            while (b < e) tmp[o++] = idx[b++];
        }
        memcpy(idx, tmp, n * sizeof *idx);
    }
}

static void lgb_query(const lgb *b, size_t trunc, int norm, double inverse_max_dcg, const float *label,
                      const double *score, size_t n, float *lambdas, float *hessians, int *idx, int *tmp)
{
    double best, worst, sum_lambdas = 0;
    size_t i, j;
    for (i = 0; i < n; ++i) lambdas[i] = hessians[i] = 0, idx[i] = (int)i;
    lgb_sort(idx, tmp, n, score);
    best = score[idx[0]], worst = score[idx[n - 1]];
    for (i = 0; i + 1 < n && i < trunc; ++i)
        for (j = i + 1; j < n; ++j) {
            size_t hr, lr;
            int high, low;
            double delta_score, delta, p, ph;
            if (label[idx[i]] == label[idx[j]]) continue;
            if (label[idx[i]] > label[idx[j]]) hr = i, lr = j;
            else hr = j, lr = i;
            high = idx[hr], low = idx[lr];
            delta_score = score[high] - score[low];
            delta = (b->gain[(int)label[high]] - b->gain[(int)label[low]]) * fabs(b->discount[hr] - b->discount[lr]) *
                    inverse_max_dcg;
            if (norm && best != worst) delta /= (0.01f + fabs(delta_score));
            p = lgb_sigmoid(b, delta_score);
            ph = p * (1.0f - p);
            p *= -b->sigmoid * delta;
            ph *= b->sigmoid * b->sigmoid * delta;
            lambdas[low] -= (float)p, hessians[low] += (float)ph;
            lambdas[high] += (float)p, hessians[high] += (float)ph;
            sum_lambdas -= 2 * p;
        }
    if (norm && sum_lambdas > 0) {
        double f = log2(1 + sum_lambdas) / sum_lambdas;
        for (i = 0; i < n; ++i) lambdas[i] = (float)(lambdas[i] * f), hessians[i] = (float)(hessians[i] * f);
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

static int is_base2(int col) { return col == BASE2_F32 || col == BASE2_F64; }

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
                if (!(is_base2(col) && r >= reps2)) t[col][r] = seconds_per_call(col, &d, calls[col]);
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
    printf("\nbatch: %lu queries, %lu rows, %.3g pairs, ranknet_batchf grad + hess, median of %d\n", (unsigned long)nq,
           (unsigned long)rows, pairs, quick ? 3 : 7);
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

/* ---- LambdaRank against LightGBM's gradient --------------------------------------------- */

/* labels 0..4 with probabilities 52 / 32 / 13.5 / 1.8 / 0.7 %, as in MSLR-WEB30K */
static float mslr_label(void)
{
    double u = uniform();
    return u < 0.52 ? 0.0f : u < 0.84 ? 1.0f : u < 0.975 ? 2.0f : u < 0.993 ? 3.0f : 4.0f;
}

typedef struct lr_data {
    size_t nq, rows, *off, maxn;
    float *s, *y, *g, *h;
    double *sd, *inv_max_dcg, pairs_all, pairs_visited;
    double *yd, *gd, *hd; /* double twins, for the weighting table */
    int *idx, *tmp;       /* the LightGBM port's sort */
    void *scratch;        /* the library's setup, timed alone */
} lr_data;

enum { LR_LIB, LR_LGB, LR_PLAIN, LR_SETUP, LR_NCOL };
static const size_t lr_k = 30;
static lgb lgb_base;

static void lr_run(int which, lr_data *d)
{
    ranknet_options o;
    size_t q;
    memset(&o, 0, sizeof o);
    if (which == LR_LIB) {
        o.weighting = RANKNET_WEIGHT_DELTA_NDCG, o.k = lr_k, o.normalize = RANKNET_NORM_LOG2;
        if (ranknet_batchf(&o, d->s, d->y, d->off, d->nq, NULL, d->g, d->h) != RANKNET_OK) exit(1);
    } else if (which == LR_PLAIN) {
        if (ranknet_batchf(&o, d->s, d->y, d->off, d->nq, NULL, d->g, d->h) != RANKNET_OK) exit(1);
    } else if (which == LR_LGB) {
        for (q = 0; q < d->nq; ++q) {
            size_t a = d->off[q], n = d->off[q + 1] - a;
            lgb_query(&lgb_base, lr_k, 1, d->inv_max_dcg[q], d->y + a, d->sd + a, n, d->g + a, d->h + a, d->idx,
                      d->tmp);
        }
    } else { /* the library's per-query setup alone: ranks, gains, IDCG */
        ranknet__scratch sc = ranknet__carve(d->scratch, d->maxn);
        for (q = 0; q < d->nq; ++q) {
            size_t a = d->off[q], n = d->off[q + 1] - a;
            ranknet__ndcg w;
            ranknet__lambdarank_setup(&w, &sc, lr_k, 0, ranknet__f(d->s + a), ranknet__f(d->y + a), n);
            d->g[a] = (float)sc.order[0].key; /* keeps the work */
        }
    }
}

static void lr_make(lr_data *d, size_t nq, size_t fixed_n)
{
    size_t q, i;
    memset(d, 0, sizeof *d);
    d->nq = nq;
    d->off = (size_t *)malloc((nq + 1) * sizeof *d->off);
    d->off[0] = 0;
    for (q = 0; q < nq; ++q) {
        double len = exp(log(120.0) - 0.32 + 0.8 * normal());
        size_t n = fixed_n ? fixed_n : len < 2 ? 2 : len > 5000 ? 5000 : (size_t)len, c = n < lr_k ? n : lr_k;
        d->off[q + 1] = d->off[q] + n;
        if (n > d->maxn) d->maxn = n;
        d->pairs_all += 0.5 * (double)n * (double)(n - 1);
        d->pairs_visited += 0.5 * (double)c * (double)(c - 1) + (double)c * (double)(n - c);
    }
    d->rows = d->off[nq];
    d->s = (float *)malloc(d->rows * sizeof *d->s), d->y = (float *)malloc(d->rows * sizeof *d->y);
    d->g = (float *)malloc(d->rows * sizeof *d->g), d->h = (float *)malloc(d->rows * sizeof *d->h);
    d->sd = (double *)malloc(d->rows * sizeof *d->sd);
    d->inv_max_dcg = (double *)malloc(nq * sizeof *d->inv_max_dcg);
    d->idx = (int *)malloc(d->maxn * sizeof *d->idx), d->tmp = (int *)malloc(d->maxn * sizeof *d->tmp);
    d->scratch = malloc(ranknet__scratch_bytes(d->maxn));
    for (i = 0; i < d->rows; ++i) d->s[i] = (float)normal(), d->sd[i] = d->s[i], d->y[i] = mslr_label();
    for (q = 0; q < nq; ++q)
        d->inv_max_dcg[q] = lgb_inverse_max_dcg(&lgb_base, lr_k, d->y + d->off[q], d->off[q + 1] - d->off[q]);
}

static void lr_free(lr_data *d)
{
    free(d->off), free(d->s), free(d->y), free(d->g), free(d->h), free(d->sd), free(d->inv_max_dcg);
    free(d->idx), free(d->tmp), free(d->scratch);
}

static void lambdarank(int quick)
{
    static const size_t single[] = {0, 100, 1000, 10000};
    const int reps = quick ? 3 : 7;
    size_t a;
#ifdef _OPENMP
    int threads = omp_get_max_threads();
    omp_set_num_threads(1);
#endif
    lgb_init(&lgb_base, 1.0);
    printf("\nLambdaRank, k = 30, normalize, float grad + hess, 1 thread, median of %d; against a C\n"
           "port of LightGBM 4.6's lambdarank gradient (truncation 30, lambdarank_norm); labels 0..4 as\n"
           "MSLR-WEB30K's, scores N(0, 1)\n",
           reps);
    printf("%-16s %10s %10s %8s %12s %12s %8s %10s\n", "workload", "ns/item", "LightGBM", "speed-up", "ns/visited",
           "plain ns/pair", "ratio", "setup/item");
    for (a = 0; a < sizeof single / sizeof *single; ++a) {
        lr_data d;
        double t[LR_NCOL][16], calls_t[LR_NCOL];
        long calls[LR_NCOL];
        int r, col;
        char name[32];
        rng = 88172645463325252ull + a;
        lr_make(&d,
                single[a] ? (single[a] >= 10000  ? 3
                             : single[a] >= 1000 ? 30
                                                 : 300)
                          : (quick ? 2000 : 10000),
                single[a]);
        for (col = 0; col < LR_NCOL; ++col) {
            long c = 1;
            for (;;) { /* calls that take at least 20 ms together */
                double t0 = now();
                long k;
                for (k = 0; k < c; ++k) lr_run(col, &d);
                if (now() - t0 >= (quick ? 0.01 : 0.02) || c > (1L << 20)) break;
                c *= 2;
            }
            calls[col] = c;
        }
        for (r = 0; r < reps; ++r)
            for (col = 0; col < LR_NCOL; ++col) {
                double t0 = now();
                long k;
                for (k = 0; k < calls[col]; ++k) lr_run(col, &d);
                t[col][r] = (now() - t0) / (double)calls[col];
            }
        for (col = 0; col < LR_NCOL; ++col) calls_t[col] = median(t[col], reps);
        if (single[a]) sprintf(name, "n = %lu", (unsigned long)single[a]);
        else sprintf(name, "batch %lu queries", (unsigned long)d.nq);
        {
            double per_visit = 1e9 * calls_t[LR_LIB] / d.pairs_visited;
            double per_pair = 1e9 * calls_t[LR_PLAIN] / d.pairs_all;
            double q[16];
            for (r = 0; r < reps; ++r) q[r] = (t[LR_LIB][r] / d.pairs_visited) / (t[LR_PLAIN][r] / d.pairs_all);
            printf("%-16s %10.1f %10.1f %7.1fx %12.3f %12.3f %7.1fx %10.2f\n", name,
                   1e9 * calls_t[LR_LIB] / (double)d.rows, 1e9 * calls_t[LR_LGB] / (double)d.rows,
                   median_ratio(t[LR_LGB], t[LR_LIB], reps), per_visit, per_pair, median(q, reps),
                   1e9 * calls_t[LR_SETUP] / (double)d.rows);
        }
        fflush(stdout);
        lr_free(&d);
    }
    printf("(speed-up: LightGBM's time over ours, median of per-repetition ratios; visited pairs:\n"
           " those with an item in the top 30; ratio: our ns per visited pair over plain RankNet's\n"
           " ns per pair on the same queries; setup: ranking, gains and IDCG, included in ns/item)\n");
    free(lgb_base.table);
#ifdef _OPENMP
    omp_set_num_threads(threads);
#endif
}

/* ---- every weighting's cost ----------------------------------------------------------- */

/* The rows of the weighting table: options on top of k = 30, float grad + hess */
typedef struct wt_row {
    const char *name;
    ranknet_weighting w;
    ranknet_preset preset;
    ranknet_norm norm;
    int table, item_weights, score_norm;
    size_t k, sample_pairs;
} wt_row;

static const wt_row wt_rows[] = {
    {"delta NDCG@30", RANKNET_WEIGHT_DELTA_NDCG, RANKNET_PRESET_NONE, RANKNET_NORM_LOG2, 0, 0, 0, 30, 0},
    {"RankNet (all pairs)", RANKNET_WEIGHT_NONE, RANKNET_PRESET_NONE, RANKNET_NORM_NONE, 0, 0, 0, 0, 0},
    {"LightGBM preset", RANKNET_WEIGHT_DELTA_NDCG, RANKNET_PRESET_LIGHTGBM, RANKNET_NORM_LOG2, 0, 0, 0, 30, 0},
    {"XGBoost topk 32", RANKNET_WEIGHT_DELTA_NDCG, RANKNET_PRESET_XGBOOST, RANKNET_NORM_LOG2, 0, 0, 1, 32, 0},
    {"XGBoost mean 1", RANKNET_WEIGHT_DELTA_NDCG, RANKNET_PRESET_XGBOOST, RANKNET_NORM_LOG2, 0, 0, 1, 0, 1},
    {"delta MAP@30", RANKNET_WEIGHT_DELTA_MAP, RANKNET_PRESET_NONE, RANKNET_NORM_LOG2, 0, 0, 0, 30, 0},
    {"delta MRR@30", RANKNET_WEIGHT_DELTA_MRR, RANKNET_PRESET_NONE, RANKNET_NORM_LOG2, 0, 0, 0, 30, 0},
    {"delta ERR@30", RANKNET_WEIGHT_DELTA_ERR, RANKNET_PRESET_NONE, RANKNET_NORM_LOG2, 0, 0, 0, 30, 0},
    {"LambdaLoss@30", RANKNET_WEIGHT_LAMBDALOSS, RANKNET_PRESET_NONE, RANKNET_NORM_LOG2, 0, 0, 0, 30, 0},
    {"label diff@30", RANKNET_WEIGHT_LABEL_DIFF, RANKNET_PRESET_NONE, RANKNET_NORM_LOG2, 0, 0, 0, 30, 0},
    {"NDCG@30 gain table", RANKNET_WEIGHT_DELTA_NDCG, RANKNET_PRESET_NONE, RANKNET_NORM_LOG2, 1, 0, 0, 30, 0},
    {"NDCG@30 item weights", RANKNET_WEIGHT_DELTA_NDCG, RANKNET_PRESET_NONE, RANKNET_NORM_LOG2, 0, 1, 0, 30, 0},
};
enum { WT_ROWS = sizeof wt_rows / sizeof wt_rows[0] };

static void wt_run(const wt_row *row, lr_data *d, const double *iw, int f64)
{
    static const double table[5] = {0, 1, 3, 7, 15};
    ranknet_options o;
    memset(&o, 0, sizeof o);
    o.weighting = row->w, o.preset = row->preset, o.normalize = row->norm, o.k = row->k, o.mu = 10;
    o.score_norm = row->score_norm, o.sample_pairs = row->sample_pairs;
    if (row->table) o.label_gain = table, o.label_gain_len = 5;
    if (row->item_weights) o.item_weights = iw;
    if (f64 ? ranknet_batch(&o, d->sd, d->yd, d->off, d->nq, NULL, d->gd, d->hd)
            : ranknet_batchf(&o, d->s, d->y, d->off, d->nq, NULL, d->g, d->h) != RANKNET_OK)
        exit(1);
}

/* one timed call: a row of the table, or (row WT_ROWS) the LightGBM port over the batch */
static void wt_call(int row, lr_data *d, const double *iw)
{
    size_t q;
    if (row < WT_ROWS) {
        wt_run(&wt_rows[row], d, iw, 0);
        return;
    }
    for (q = 0; q < d->nq; ++q)
        lgb_query(&lgb_base, lr_k, 1, d->inv_max_dcg[q], d->y + d->off[q], d->sd + d->off[q], d->off[q + 1] - d->off[q],
                  d->g + d->off[q], d->h + d->off[q], d->idx, d->tmp);
}

/* Every weighting and preset at k = 30 on the LambdaRank table's batch, against delta
   NDCG@30 and the LightGBM port timed in the same repetitions */
static void weightings(int quick)
{
    const int reps = quick ? 3 : 7;
    lr_data d;
    double t[WT_ROWS + 1][16], td[WT_ROWS][16], *iw;
    long calls[WT_ROWS + 1], callsd[WT_ROWS];
    size_t i;
    int r, row;
#ifdef _OPENMP
    int threads = omp_get_max_threads();
    omp_set_num_threads(1);
#endif
    lgb_init(&lgb_base, 1.0);
    rng = 88172645463325252ull;
    lr_make(&d, quick ? 2000 : 10000, 0);
    iw = (double *)malloc(d.rows * sizeof *iw);
    d.yd = (double *)malloc(d.rows * sizeof *d.yd), d.gd = (double *)malloc(d.rows * sizeof *d.gd);
    d.hd = (double *)malloc(d.rows * sizeof *d.hd);
    for (i = 0; i < d.rows; ++i) iw[i] = 0.5 + uniform(), d.yd[i] = d.y[i];
    for (row = 0; row <= WT_ROWS; ++row) { /* calls that take at least 20 ms together */
        long c = 1;
        for (;;) {
            double t0 = now();
            long k;
            for (k = 0; k < c; ++k) wt_call(row, &d, iw);
            if (now() - t0 >= (quick ? 0.01 : 0.02) || c > (1L << 20)) break;
            c *= 2;
        }
        calls[row] = c;
        if (row < WT_ROWS) callsd[row] = c;
    }
    for (r = 0; r < reps; ++r)
        for (row = 0; row <= WT_ROWS; ++row) {
            double t0 = now();
            long k;
            for (k = 0; k < calls[row]; ++k) wt_call(row, &d, iw);
            t[row][r] = (now() - t0) / (double)calls[row];
            if (row < WT_ROWS) {
                t0 = now();
                for (k = 0; k < callsd[row]; ++k) wt_run(&wt_rows[row], &d, iw, 1);
                td[row][r] = (now() - t0) / (double)callsd[row];
            }
        }
    printf("\nevery weighting, k = 30 (XGBoost topk: 32), ranknet_batchf grad + hess, 1 thread, median of %d;\n"
           "the LambdaRank table's batch (%lu queries, %lu rows, labels 0..4 as MSLR-WEB30K's); ratios of\n"
           "the same repetitions\n",
           reps, (unsigned long)d.nq, (unsigned long)d.rows);
    printf("%-22s | %8s | %12s | %16s || %15s | %12s\n", "weighting", "ns/item", "vs NDCG@30", "vs LightGBM port",
           "double ns/item", "double/float");
    for (row = 0; row < WT_ROWS; ++row)
        printf("%-22s | %8.1f | %11.2fx | %15.2fx || %15.1f | %11.2fx\n", wt_rows[row].name,
               1e9 * median(t[row], reps) / (double)d.rows, median_ratio(t[row], t[0], reps),
               median_ratio(t[WT_ROWS], t[row], reps), 1e9 * median(td[row], reps) / (double)d.rows,
               median_ratio(td[row], t[row], reps));
    printf("%-22s | %8.1f |\n", "(LightGBM port)", 1e9 * median(t[WT_ROWS], reps) / (double)d.rows);
    printf("(vs NDCG@30: this row's time over delta NDCG@30's; vs LightGBM port: the port's time\n"
           " over this row's, higher is faster; normalisation LOG2 except RankNet; score_norm on for\n"
           " XGBoost; LambdaLoss mu = 10; gain table 0 1 3 7 15; item weights uniform in [0.5, 1.5))\n");
    free(iw), free(d.yd), free(d.gd), free(d.hd);
    lr_free(&d);
    free(lgb_base.table);
#ifdef _OPENMP
    omp_set_num_threads(threads);
#endif
}

/* ---- listwise losses ------------------------------------------------------------------------ */

/* The baseline of the O(n) losses: one pass over each query's scores with one exp an item
   (sum of exp(s - s_0), its log), in double, written here */
static double lw_single_pass(const lr_data *d)
{
    double total = 0;
    size_t q, i;
    for (q = 0; q < d->nq; ++q) {
        double sum = 0, s0 = d->s[d->off[q]];
        for (i = d->off[q]; i < d->off[q + 1]; ++i) sum += exp((double)d->s[i] - s0);
        total += log(sum) + s0;
    }
    return total;
}

static double lw_sink;

static void lw_call(int which, lr_data *d)
{
    ranknet_options o;
    memset(&o, 0, sizeof o);
    if (which == 0) {
        lw_sink += lw_single_pass(d);
        return;
    }
    o.listwise = (ranknet_listwise)which;
    if (ranknet_batchf(&o, d->s, d->y, d->off, d->nq, NULL, d->g, d->h) != RANKNET_OK) exit(1);
}

/* softmax, poly1, XE-NDCG and ListMLE per item on the LambdaRank table's batch against one
   pass over the scores; ApproxNDCG per pair at n = 1000 against plain RankNet, float */
static void listwise(int quick)
{
    static const char *names[] = {"(one pass, exp an item)", "softmax", "poly1", "xendcg", "listmle"};
    const int reps = quick ? 3 : 7, rows = 5;
    lr_data d, one;
    double t[5][16], ta[2][16];
    long calls[5], callsa[2];
    int r, row;
#ifdef _OPENMP
    int threads = omp_get_max_threads();
    omp_set_num_threads(1);
#endif
    rng = 88172645463325252ull;
    lr_make(&d, quick ? 2000 : 10000, 0);
    lr_make(&one, 1, 1000);
    for (row = 0; row < rows; ++row) {
        long c = 1;
        for (;;) {
            double t0 = now();
            long k;
            for (k = 0; k < c; ++k) lw_call(row, &d);
            if (now() - t0 >= (quick ? 0.01 : 0.02) || c > (1L << 20)) break;
            c *= 2;
        }
        calls[row] = c;
    }
    for (row = 0; row < 2; ++row) { /* ApproxNDCG and RankNet, one query of 1000 */
        ranknet_options o;
        long c = 1;
        memset(&o, 0, sizeof o);
        o.listwise = row == 0 ? RANKNET_LISTWISE_APPROX_NDCG : RANKNET_LISTWISE_NONE;
        for (;;) {
            double t0 = now();
            long k;
            for (k = 0; k < c; ++k) ranknet_queryf(&o, one.s, one.y, 1000, NULL, one.g, one.h);
            if (now() - t0 >= (quick ? 0.01 : 0.02) || c > (1L << 20)) break;
            c *= 2;
        }
        callsa[row] = c;
    }
    for (r = 0; r < reps; ++r) {
        for (row = 0; row < rows; ++row) {
            double t0 = now();
            long k;
            for (k = 0; k < calls[row]; ++k) lw_call(row, &d);
            t[row][r] = (now() - t0) / (double)calls[row];
        }
        for (row = 0; row < 2; ++row) {
            ranknet_options o;
            double t0;
            long k;
            memset(&o, 0, sizeof o);
            o.listwise = row == 0 ? RANKNET_LISTWISE_APPROX_NDCG : RANKNET_LISTWISE_NONE;
            t0 = now();
            for (k = 0; k < callsa[row]; ++k) ranknet_queryf(&o, one.s, one.y, 1000, NULL, one.g, one.h);
            ta[row][r] = (now() - t0) / (double)callsa[row];
        }
    }
    printf("\nlistwise losses, ranknet_batchf grad + hess, 1 thread, median of %d; the LambdaRank table's\n"
           "batch (%lu queries, %lu rows); ratios of the same repetitions\n",
           reps, (unsigned long)d.nq, (unsigned long)d.rows);
    printf("%-24s | %8s | %16s\n", "loss", "ns/item", "vs one pass");
    for (row = 0; row < rows; ++row)
        printf("%-24s | %8.1f | %15.2fx\n", names[row], 1e9 * median(t[row], reps) / (double)d.rows,
               median_ratio(t[row], t[0], reps));
    printf("%-24s | %8s | %16s\n", "n = 1000, float", "ns/pair", "vs RankNet");
    printf("%-24s | %8.3f | %15.2fx\n", "approx_ndcg", 1e9 * median(ta[0], reps) / (1000.0 * 999 / 2),
           median_ratio(ta[0], ta[1], reps));
    printf("%-24s | %8.3f |\n", "(RankNet)", 1e9 * median(ta[1], reps) / (1000.0 * 999 / 2));
    printf("(vs one pass: this loss's time over one pass of exp over the scores; vs RankNet: ApproxNDCG's\n"
           " time (its two pair passes) over plain RankNet's, grad + hess, on %s)\n",
           ranknet_simd_string(ranknet_simd_best()));
    lr_free(&d);
    lr_free(&one);
#ifdef _OPENMP
    omp_set_num_threads(threads);
#endif
}

/* ./build/bench [--quick] runs every part; ./build/bench --PART [--quick] one of them */
int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        void (*run)(int quick);
    } parts[] = {{"--table", table},           {"--paths", paths},       {"--lambdarank", lambdarank},
                 {"--weightings", weightings}, {"--listwise", listwise}, {"--batch", batch}};
    const size_t count = sizeof parts / sizeof *parts;
    int quick = argc > 1 && strcmp(argv[argc - 1], "--quick") == 0, chosen = 0;
    size_t p;
    for (p = 0; p < count; ++p)
        if (argc > 1 && strcmp(argv[1], parts[p].name) == 0) parts[p].run(quick), chosen = 1;
    if (argc > 1 && !chosen && !quick) {
        fprintf(stderr, "usage: bench [--table|--paths|--lambdarank|--weightings|--listwise|--batch] [--quick]\n");
        return 2;
    }
    if (!chosen)
        for (p = 0; p < count; ++p) parts[p].run(quick);
    return 0;
}
