/* Allocation failure: a counting RANKNET_MALLOC override makes the k-th allocation fail,
   for every k a call reaches. The call must say RANKNET_ERR_NOMEM, write nothing and
   leave nothing allocated; with no failure it must succeed and free all it took. */
#include <stdlib.h>

static long alloc_fail_at = -1; /* fail the allocation with this number (0-based); -1: never */
static long alloc_count, alloc_live;

static void *counting_malloc(size_t size)
{
    void *p;
    if (alloc_count++ == alloc_fail_at) return NULL;
    p = malloc(size);
    if (p) alloc_live++;
    return p;
}

static void counting_free(void *p)
{
    if (p) alloc_live--;
    free(p);
}

#define RANKNET_MALLOC(sz) counting_malloc(sz)
#define RANKNET_FREE(p) counting_free(p)
#define RANKNET_IMPLEMENTATION
#include "../ranknet.h"
#include "testlib.h"

#define N 50
static double s[N], y[N];
static float sf[N], yf[N];
static double s_weights[N];
static const size_t offsets[4] = {0, 10, 10, N};
static ranknet_bias *ratio_state, *additive_state; /* made before any failure is planted */

/* whether a bias state gathered nothing (then cleared, for the next call) */
static int bias_clean(ranknet_bias *b)
{
    size_t r;
    int clean = 1;
    for (r = 0; r < b->positions; ++r) {
        clean &= b->acc_plus[r] == 0 && b->acc_minus[r] == 0 && b->acc_rows[r] == 0;
        b->acc_plus[r] = b->acc_minus[r] = b->acc_rows[r] = 0;
    }
    return clean;
}

/* Calls function `which` with sentinel outputs; returns its status and whether the
   outputs are untouched. */
static ranknet_status call(int which, int *untouched)
{
    ranknet_options o;
    double g[N], h[N], l = 77, v = 77;
    float gf[N], hf[N];
    ranknet_status st = RANKNET_OK;
    int i, same = 1;
    memset(&o, 0, sizeof o);
    o.weighting = RANKNET_WEIGHT_DELTA_NDCG;
    o.k = 5;
    for (i = 0; i < N; ++i) g[i] = h[i] = 77, gf[i] = hf[i] = 77;
    switch (which) {
    case 0: st = ranknet_query(&o, s, y, N, &l, g, h); break;
    case 1: st = ranknet_queryf(&o, sf, yf, N, &l, gf, hf); break;
    case 2: st = ranknet_batch(&o, s, y, offsets, 3, &l, g, h); break;
    case 3: st = ranknet_batchf(&o, sf, yf, offsets, 3, &l, gf, hf); break;
    case 4: st = ranknet_ndcg(s, y, N, 10, &v); break;
    case 5: st = ranknet_ndcgf(sf, yf, N, 0, &v); break;
    case 6:
        o.preset = RANKNET_PRESET_LIGHTGBM;
        st = ranknet_batch(&o, s, y, offsets, 3, &l, g, h);
        break;
    case 7: /* XGBoost's sampled pairs */
        o.preset = RANKNET_PRESET_XGBOOST, o.k = 0, o.sample_pairs = 2;
        st = ranknet_batchf(&o, sf, yf, offsets, 3, &l, gf, hf);
        break;
    case 8:
        o.weighting = RANKNET_WEIGHT_DELTA_ERR;
        st = ranknet_batch(&o, s, y, offsets, 3, &l, g, h);
        break;
    case 9:
        o.weighting = RANKNET_WEIGHT_NONE, o.item_weights = s_weights;
        st = ranknet_query(&o, s, y, N, &l, g, h);
        break;
    case 10: st = ranknet_metric(RANKNET_METRIC_MAP, 10, s, y, N, &v); break;
    case 11:
        st = ranknet_batch_unbiased(&o, ratio_state, s, y, NULL, offsets, 3, &l, g, h), same = bias_clean(ratio_state);
        break;
    case 12:
        st = ranknet_batch_unbiasedf(&o, additive_state, sf, yf, NULL, offsets, 3, &l, gf, hf);
        same = bias_clean(additive_state);
        break;
    default: {
        ranknet_bias *b = additive_state;
        st = ranknet_bias_create(RANKNET_BIAS_RATIO, 8, &b);
        same = b == NULL, l = same ? 77 : 1;
        ranknet_bias_free(b);
    }
    }
    for (i = 0; i < N; ++i)
        if (g[i] != 77 || h[i] != 77 || gf[i] != 77 || hf[i] != 77) same = 0;
    *untouched = same && l == 77 && v == 77;
    return st;
}

static void test_every_allocation_failure(void)
{
    int which, untouched;
    for (which = 0; which < 14; ++which) {
        long k, needed;
        alloc_fail_at = -1;
        alloc_count = alloc_live = 0;
        CHECK(call(which, &untouched) == RANKNET_OK);
        CHECK(!untouched && alloc_live == 0);
        needed = alloc_count;
        CHECK(needed >= 1); /* the LambdaRank and NDCG paths do need scratch */
        for (k = 0; k < needed; ++k) {
            alloc_fail_at = k;
            alloc_count = alloc_live = 0;
            CHECK(call(which, &untouched) == RANKNET_ERR_NOMEM);
            CHECK(untouched);
            CHECK(alloc_live == 0);
        }
    }
}

static void test_plain_ranknet_allocates_nothing(void)
{
    double g[N], l;
    alloc_fail_at = 0; /* any allocation would fail */
    alloc_count = 0;
    CHECK(ranknet_query(NULL, s, y, N, &l, g, NULL) == RANKNET_OK);
    CHECK(ranknet_batch(NULL, s, y, offsets, 3, &l, g, NULL) == RANKNET_OK);
    CHECK(alloc_count == 0);
}

int main(void)
{
    int i;
    for (i = 0; i < N; ++i) {
        s[i] = tl_normal(), y[i] = floor(5 * tl_uniform());
        sf[i] = (float)s[i], yf[i] = (float)y[i], s_weights[i] = 0.5 + (double)(i % 3);
    }
    if (ranknet_bias_create(RANKNET_BIAS_RATIO, 6, &ratio_state) != RANKNET_OK ||
        ranknet_bias_create(RANKNET_BIAS_ADDITIVE, 6, &additive_state) != RANKNET_OK)
        return 1;
    RUN(test_every_allocation_failure);
    RUN(test_plain_ranknet_allocates_nothing);
    ranknet_bias_free(ratio_state), ranknet_bias_free(additive_state);
    return tl_finish();
}
