/* Scale: one query of n = 100,000 items, 5e9 pairs, in float and double, and LambdaRank
   at k = 10 on it. Sampled items' lambdas and hessians are checked against an exact
   long-double evaluation of their n - 1 pairs; the lambdas must sum to zero. Counts and
   indices pass 2^32 pairs here, so 32-bit overflow anywhere would show. `make test-large`. */
#define RANKNET_IMPLEMENTATION
#include "../ranknet.h"
#include "testlib.h"

#define N 100000

static double s[N], y[N], g[N], h[N];
static float sf[N], yf[N], gf[N], hf[N];

/* lambda and hessian of item i, and the sum of |terms| (the contract's scale) */
static void exact_item(size_t i, long double *gi, long double *hi, long double *scale)
{
    size_t j;
    *gi = *hi = *scale = 0;
    for (j = 0; j < N; ++j) {
        long double d, p, t;
        if (j == i) continue;
        d = (long double)s[i] - s[j];
        p = 1.0L / (1.0L + expl(-d));
        t = y[i] > y[j] ? 1 : y[i] < y[j] ? 0 : 0.5L;
        *gi += p - t;
        *hi += p * (1 - p);
        *scale += fabsl(p - t);
    }
}

static void test_one_query_of_100000(void)
{
    size_t i, k;
    double sum = 0, abs_sum = 0;
    for (i = 0; i < N; ++i) {
        sf[i] = (float)(3 * tl_normal()), yf[i] = (float)floor(5 * tl_uniform());
        s[i] = sf[i], y[i] = yf[i];
    }
    CHECK(ranknet_query(NULL, s, y, N, NULL, g, h) == RANKNET_OK);
    CHECK(ranknet_queryf(NULL, sf, yf, N, NULL, gf, hf) == RANKNET_OK);
    for (k = 0; k < 24; ++k) {
        long double gi, hi, scale;
        i = k == 0 ? 0 : k == 1 ? N - 1 : (size_t)(tl_uniform() * N);
        exact_item(i, &gi, &hi, &scale);
        CHECK_NEAR(g[i], gi, scale, 1e-11);
        CHECK_NEAR(h[i], hi, hi, 1e-11);
        CHECK_NEAR(gf[i], gi, scale, 1e-5);
        CHECK_NEAR(hf[i], hi, hi, 1e-5);
    }
    for (i = 0; i < N; ++i) sum += g[i], abs_sum += fabs(g[i]);
    CHECK_NEAR(sum, 0, abs_sum, 1e-12);
}

static void test_lambdarank_top10_of_100000(void)
{
    /* k = 10: 10 rows of pairs, about 1e6 pairs; an item below the top 10 only pairs
       with the top 10 items, so its lambda is a sum of 10 terms checked directly */
    ranknet_options o;
    size_t order[10], i, r, t;
    double lr[N];
    memset(&o, 0, sizeof o);
    o.weighting = RANKNET_WEIGHT_DELTA_NDCG;
    o.k = 10;
    CHECK(ranknet_query(&o, s, y, N, NULL, lr, NULL) == RANKNET_OK);
    /* the top 10 by score (ties by index) */
    for (r = 0; r < 10; ++r) {
        size_t best = (size_t)-1;
        for (i = 0; i < N; ++i) {
            int taken = 0;
            for (t = 0; t < r; ++t) taken |= order[t] == i;
            if (!taken && (best == (size_t)-1 || s[i] > s[best])) best = i;
        }
        order[r] = best;
    }
    {
        /* IDCG@10 from the ten largest labels: at most label 4, so count them */
        long double idcg = 0, gi = 0, scale = 0;
        size_t cnt[5] = {0, 0, 0, 0, 0}, filled = 0;
        int lab;
        size_t probe = 12345;
        for (i = 0; i < N; ++i) cnt[(int)y[i]]++;
        for (lab = 4; lab >= 0 && filled < 10; --lab)
            for (; cnt[lab] > 0 && filled < 10; cnt[lab]--, filled++) idcg += (powl(2, lab) - 1) / log2l(filled + 2.0L);
        for (t = 0; t < 10; ++t) CHECK(order[t] != probe);
        for (t = 0; t < 10; ++t) {
            size_t j = order[t];
            long double w = fabsl(powl(2, y[probe]) - powl(2, y[j])) * (1.0L / log2l(t + 2.0L)) / idcg;
            long double p = 1.0L / (1.0L + expl(-((long double)s[probe] - s[j])));
            long double tt = y[probe] > y[j] ? 1 : y[probe] < y[j] ? 0 : 0.5L;
            gi += w * (p - tt);
            scale += fabsl(w * (p - tt));
        }
        CHECK_NEAR(lr[probe], gi, scale, 1e-11);
    }
}

int main(void)
{
    RUN(test_one_query_of_100000);
    RUN(test_lambdarank_top10_of_100000);
    return tl_finish();
}
