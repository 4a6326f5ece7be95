/* ab.c - two versions of ranknet.h in one program (bench/ab_unit.c, prefixes a_ and b_),
   their calls alternated on the same inputs: RankNet, delta NDCG and staged weightings at
   several sizes, paths and precisions; medians of REPS repetitions and of the per-repetition
   time ratios b/a. Machine noise hits both sides alike, so small differences show.
   Usage: sh bench/ab.sh OLD.h NEW.h [FILTER] [REPS] */
#include "../ranknet.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>
typedef int (*bf)(const ranknet_options *, const float *, const float *, const size_t *, size_t, double *, float *,
                  float *);
typedef int (*bd)(const ranknet_options *, const double *, const double *, const size_t *, size_t, double *, double *,
                  double *);
int a_simd_supported(int);
int a_batchf(const ranknet_options *, const float *, const float *, const size_t *, size_t, double *, float *, float *);
int b_batchf(const ranknet_options *, const float *, const float *, const size_t *, size_t, double *, float *, float *);
int a_batch(const ranknet_options *, const double *, const double *, const size_t *, size_t, double *, double *,
            double *);
int b_batch(const ranknet_options *, const double *, const double *, const size_t *, size_t, double *, double *,
            double *);
static unsigned long long rs = 88172645463325252ull;
static double uni(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return (rs >> 11) * (1.0 / 9007199254740992.0);
}
static double nrm(void)
{
    double u = uni() + 1e-300, v = uni();
    return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}
static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}
static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}
int main(int argc, char **argv)
{
    /* workloads: name, query size (0 = MSLR-like batch), options */
    const char *only = argc > 1 ? argv[1] : NULL;
    int reps = argc > 2 ? atoi(argv[2]) : 9;
    struct {
        const char *name;
        size_t n;
        int wt, preset, loss, dbl, simd;
    } W[] = {
        {"plain n1000 f", 1000, 0, 0, 0, 0, 0},
        {"plain n1000 f loss", 1000, 0, 0, 1, 0, 0},
        {"plain n1000 d", 1000, 0, 0, 0, 1, 0},
        {"plain n1000 d loss", 1000, 0, 0, 1, 1, 0},
        {"plain n16 f", 16, 0, 0, 0, 0, 0},
        {"plain n64 f", 64, 0, 0, 0, 0, 0},
        {"plain n32 f", 32, 0, 0, 0, 0, 0},
        {"plain n90 f", 90, 0, 0, 0, 0, 0},
        {"plain n16 f loss", 16, 0, 0, 1, 0, 0},
        {"small ndcg n40 f", 40, 1, 0, 0, 0, 0},
        {"small map n40 f", 40, 2, 0, 0, 0, 0},
        {"plain n1000 f avx2", 1000, 0, 0, 0, 0, RANKNET_SIMD_AVX2},
        {"plain n1000 f sse2", 1000, 0, 0, 0, 0, RANKNET_SIMD_SSE2},
        {"plain n1000 d sse2", 1000, 0, 0, 0, 1, RANKNET_SIMD_SSE2},
        {"plain n1000 d avx2", 1000, 0, 0, 0, 1, RANKNET_SIMD_AVX2},
        {"ndcg30 mslr f", 0, RANKNET_WEIGHT_DELTA_NDCG, 0, 0, 0, 0},
        {"ndcg30 mslr f loss", 0, RANKNET_WEIGHT_DELTA_NDCG, 0, 1, 0, 0},
        {"ndcg30 mslr d", 0, RANKNET_WEIGHT_DELTA_NDCG, 0, 0, 1, 0},
        {"ndcg30 mslr f avx2", 0, RANKNET_WEIGHT_DELTA_NDCG, 0, 0, 0, RANKNET_SIMD_AVX2},
        {"lgbm mslr f", 0, RANKNET_WEIGHT_DELTA_NDCG, RANKNET_PRESET_LIGHTGBM, 0, 0, 0},
        {"map30 mslr f", 0, RANKNET_WEIGHT_DELTA_MAP, 0, 0, 0, 0},
        {"err30 mslr f", 0, RANKNET_WEIGHT_DELTA_ERR, 0, 0, 0, 0},
        {"map30 mslr f loss", 0, RANKNET_WEIGHT_DELTA_MAP, 0, 1, 0, 0},
        {"map30 mslr d", 0, RANKNET_WEIGHT_DELTA_MAP, 0, 0, 1, 0},
        {"map30 mslr f avx2", 0, RANKNET_WEIGHT_DELTA_MAP, 0, 0, 0, RANKNET_SIMD_AVX2},
        {"ndcg30 mslr f sse2", 0, RANKNET_WEIGHT_DELTA_NDCG, 0, 0, 0, RANKNET_SIMD_SSE2},
        {"map30 mslr f sse2", 0, RANKNET_WEIGHT_DELTA_MAP, 0, 0, 0, RANKNET_SIMD_SSE2},
        {"map30 mslr d sse2", 0, RANKNET_WEIGHT_DELTA_MAP, 0, 0, 1, RANKNET_SIMD_SSE2},
        {"ndcg30 mslr d sse2", 0, RANKNET_WEIGHT_DELTA_NDCG, 0, 0, 1, RANKNET_SIMD_SSE2},
        {"ndcg30 mslr d avx2", 0, RANKNET_WEIGHT_DELTA_NDCG, 0, 0, 1, RANKNET_SIMD_AVX2},
        {"map30 mslr d avx2", 0, RANKNET_WEIGHT_DELTA_MAP, 0, 0, 1, RANKNET_SIMD_AVX2},
    };
    size_t w;
    for (w = 0; w < sizeof W / sizeof *W; ++w) {
        size_t nq, q, rows, *off;
        float *s, *y, *g, *h;
        double *sd, *yd, *gd, *hd, loss, t[2][64], ratio[64];
        ranknet_options o;
        int r, side;
        long calls = 1, c;
        if (only && !strstr(W[w].name, only)) continue;
        if (W[w].simd && !a_simd_supported(W[w].simd)) continue;
        rs = 88172645463325252ull;
        nq = W[w].n ? (W[w].n >= 1000 ? 4 : 20000 / W[w].n) : 3000;
        off = malloc((nq + 1) * sizeof *off);
        off[0] = 0;
        for (q = 0; q < nq; ++q) {
            size_t n = W[w].n;
            if (!n) {
                double len = exp(log(120.0) - 0.32 + 0.8 * nrm());
                n = len < 2 ? 2 : len > 5000 ? 5000 : (size_t)len;
            }
            off[q + 1] = off[q] + n;
        }
        rows = off[nq];
        s = malloc(rows * 4), y = malloc(rows * 4), g = malloc(rows * 4), h = malloc(rows * 4);
        sd = malloc(rows * 8), yd = malloc(rows * 8), gd = malloc(rows * 8), hd = malloc(rows * 8);
        for (q = 0; q < rows; ++q) {
            double u = uni();
            sd[q] = nrm(), yd[q] = u < .52 ? 0 : u < .84 ? 1 : u < .97 ? 2 : u < .99 ? 3 : 4;
            s[q] = (float)sd[q], y[q] = (float)yd[q];
        }
        memset(&o, 0, sizeof o);
        o.weighting = (ranknet_weighting)W[w].wt, o.preset = (ranknet_preset)W[w].preset,
        o.simd = (ranknet_simd)W[w].simd;
        if (W[w].wt) o.k = 30, o.normalize = RANKNET_NORM_LOG2;
        for (;;) {
            double t0 = now();
            for (c = 0; c < calls; ++c) a_batchf(&o, s, y, off, nq, NULL, g, h);
            if (now() - t0 > 0.03) break;
            calls *= 2;
        }
        for (r = 0; r < reps; ++r)
            for (side = 0; side < 2; ++side) {
                double t0 = now();
                for (c = 0; c < calls; ++c) {
                    int st;
                    if (W[w].dbl)
                        st = (side ? b_batch : a_batch)(&o, sd, yd, off, nq, W[w].loss ? &loss : NULL, gd, hd);
                    else st = (side ? b_batchf : a_batchf)(&o, s, y, off, nq, W[w].loss ? &loss : NULL, g, h);
                    if (st) {
                        printf("status %d\n", st);
                        return 1;
                    }
                }
                t[side][r] = (now() - t0) / calls * 1e9 / rows;
            }
        for (r = 0; r < reps; ++r) ratio[r] = t[1][r] / t[0][r];
        qsort(t[0], reps, sizeof(double), cmp), qsort(t[1], reps, sizeof(double), cmp),
            qsort(ratio, reps, sizeof(double), cmp);
        printf("%-22s a %8.2f  b %8.2f ns/item  b/a %.3f\n", W[w].name, t[0][reps / 2], t[1][reps / 2],
               ratio[reps / 2]);
        fflush(stdout);
        free(off), free(s), free(y), free(g), free(h), free(sd), free(yd), free(gd), free(hd);
    }
    return 0;
}
