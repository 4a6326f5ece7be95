/* Engine presets: LightGBM and XGBoost against vectors from the engines and against brute
   force, sampled pairs, sigmoid_table, normalisation by items, extreme gains. */

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
#include "../engine_vectors.h"

/* The values LightGBM 4.7 and XGBoost 3.2 compute themselves (tests/engine_vectors.py read
   them back from one boosting round). They differ from the exact values by the engines'
   own approximations only: LightGBM's sigmoid table (about 1e-5) and XGBoost's float
   sigmoid (1 - p of a float p near 1); 5e-5 of the query's largest value covers both,
   and a wrong detail (cutoff, discount, gain, normalisation, hessian factor) is 1e-2 off. */
TEST(presets_match_the_engines)
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
TEST(lightgbm_sigmoid_table)
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
            for (i = off[q]; i < off[q + 1]; ++i) gmax = fmax(gmax, fabs(ge[i])), hmax = fmax(hmax, fabs(he[i]));
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

TEST(presets_match_brute_force)
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
        if (trial % 13 == 0)
            for (i = 0; i < n; ++i) s[i] = 0.25; /* all equal: no score-gap division */
        CHECK(ranknet_query(&o, s, y, n, &loss, g, h) == RANKNET_OK);
        oracle_query(&o, s, y, n, NULL, &rl, rg, rh);
        check_against_ld(loss, g, h, rl, rg, rh, n);
    }
}

/* XGBoost's mean method: every item draws m partners of another label, uniformly. With
   equal scores every pair is p = 1/2: hess = 2 x 1/4 per pair, lambda -+1/2, so the sums
   count the pairs. */
TEST(sampled_pairs)
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
    CHECK(memcmp(g3, a, sizeof a) == 0);     /* query 0 of a batch is the single query */
    CHECK(memcmp(g3 + 6, a, sizeof a) != 0); /* query 1 draws its own pairs */
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

TEST(normalize_items)
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
TEST(engine_gains_at_the_ends_of_double)
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

/* The presets' documented constants on saturated and tied pairs, exactly: XGBoost's hessian
   2 w max(p (1 - p), 1e-16) (its floor, doubled), equal labels skipped; LightGBM's
   score-gap divisor 0.01f + |s_i - s_j| under LOG2, and none when the query's best and worst
   scores are equal; XGBoost's score_norm divisor 0.01 + |s_i - s_j|. Two items, labels 1
   and 0, the relevant one on top: w0 = |1 - 0| (1 - 1/log2 3) / IDCG (= 1). */
TEST(preset_constants_on_saturated_and_tied_pairs)
{
    const double w0 = 1.0 - 1.0 / log2(3.0);
    double s[2] = {40, -40}, y[2] = {1, 0}, tied[2] = {2, 2}, g[2], h[2], w, p, S;
    float sf[2] = {40, -40}, yf[2] = {1, 0}, gf[2], hf[2];
    ranknet_options o;
    memset(&o, 0, sizeof o);
    o.preset = RANKNET_PRESET_XGBOOST; /* rank:pairwise, w = 1 */
    CHECK(ranknet_query(&o, s, y, 2, NULL, g, h) == RANKNET_OK);
    CHECK(h[0] == 2e-16 && h[1] == 2e-16); /* p (1 - p) = e^-80: the floor */
    CHECK(ranknet_queryf(&o, sf, yf, 2, NULL, gf, hf) == RANKNET_OK);
    CHECK(hf[0] == (float)2e-16 && hf[1] == (float)2e-16);
    CHECK(ranknet_query(&o, s, tied, 2, NULL, g, h) == RANKNET_OK);
    CHECK(g[0] == 0 && g[1] == 0 && h[0] == 0 && h[1] == 0);
    s[0] = 0.25, s[1] = 0; /* unsaturated: p (1 - p) itself, doubled */
    p = 1.0 / (1.0 + exp(-0.25));
    CHECK(ranknet_query(&o, s, y, 2, NULL, g, h) == RANKNET_OK);
    CHECK_NEAR(h[0], 2 * p * (1 - p), 1, 1e-15);
    CHECK_NEAR(g[0], -(1 - p), 1, 1e-15);
    o.weighting = RANKNET_WEIGHT_DELTA_NDCG, o.score_norm = 1; /* rank:ndcg, whole list */
    w = w0 / (0.01 + 0.25);
    CHECK(ranknet_query(&o, s, y, 2, NULL, g, h) == RANKNET_OK);
    CHECK_NEAR(g[0], -w * (1 - p), 1, 1e-14);
    CHECK_NEAR(h[0], 2 * w * p * (1 - p), 1, 1e-14);
    memset(&o, 0, sizeof o);
    o.preset = RANKNET_PRESET_LIGHTGBM, o.weighting = RANKNET_WEIGHT_DELTA_NDCG, o.normalize = RANKNET_NORM_LOG2;
    w = w0 / ((double)0.01f + 0.25); /* LightGBM's 0.01 is a float */
    S = 2 * w * (1 - p);             /* lambda_high -w (1 - p), scaled by log2(1 + S) / S */
    CHECK(ranknet_query(&o, s, y, 2, NULL, g, h) == RANKNET_OK);
    CHECK_NEAR(g[0], -log2(1 + S) / 2, 1, 1e-14);
    CHECK_NEAR(g[1], log2(1 + S) / 2, 1, 1e-14);
    s[0] = s[1] = 0.5; /* best == worst: no score-gap division; p = 1/2 */
    S = 2 * w0 * 0.5;
    CHECK(ranknet_query(&o, s, y, 2, NULL, g, h) == RANKNET_OK);
    CHECK_NEAR(g[0], -log2(1 + S) / 2, 1, 1e-14);
    CHECK_NEAR(h[0], w0 * 0.25 * log2(1 + S) / S, 1, 1e-14);
}

/* XGBoost's mean method, draw by draw: the items in order of label (descending, then rank)
   are positions r; in round t item r draws c = t n + r, uniform among the other labels'
   positions (ranknet__uniform of seed, query and c), and the pair adds -(1 - p) and
   2 max(p (1 - p), 1e-16) (rank:pairwise, w = 1) to both items. Three label groups of
   several items, and a second query of the batch (query index 1). */
TEST(sampled_pairs_draw_by_draw)
{
    enum { N = 7, M = 3 };
    double s[2 * N] = {0.3, -1.2, 0.8, 2.0, -0.4, 0.1, 1.1}, y[2 * N] = {2, 0, 1, 2, 0, 1, 0}, g[2 * N], h[2 * N];
    size_t off[3] = {0, N, 2 * N}, q, i;
    ranknet_options o;
    for (i = 0; i < N; ++i) s[N + i] = -s[i], y[N + i] = y[i];
    memset(&o, 0, sizeof o);
    o.preset = RANKNET_PRESET_XGBOOST, o.sample_pairs = M, o.seed = 7;
    CHECK(ranknet_batch(&o, s, y, off, 2, NULL, g, h) == RANKNET_OK);
    for (q = 0; q < 2; ++q) {
        const double *sq = s + off[q], *yq = y + off[q];
        size_t rank[N], pos[N], t, r, a, b;
        long double wg[N] = {0}, wh[N] = {0};
        for (i = 0; i < N; ++i) { /* rank by score, descending; equal scores by index */
            rank[i] = 0;
            for (a = 0; a < N; ++a) rank[i] += sq[a] > sq[i] || (sq[a] == sq[i] && a < i);
        }
        for (i = 0; i < N; ++i) { /* position by label, descending; equal labels by rank */
            pos[i] = 0;
            for (a = 0; a < N; ++a) pos[i] += yq[a] > yq[i] || (yq[a] == yq[i] && rank[a] < rank[i]);
        }
        for (t = 0; t < M; ++t)
            for (r = 0; r < N; ++r) {
                size_t me = 0, lo = 0, hi, others, pick, other = 0;
                for (a = 0; a < N; ++a) me = pos[a] == r ? a : me;
                for (a = 0; a < N; ++a) lo += yq[a] > yq[me];
                hi = lo;
                for (a = 0; a < N; ++a) hi += yq[a] == yq[me];
                others = N - (hi - lo);
                pick = ranknet__uniform(o.seed, q, (ranknet__u64)t * N + r, others);
                if (pick >= lo) pick += hi - lo;
                for (b = 0; b < N; ++b) other = pos[b] == pick ? b : other;
                {
                    size_t hi_item = yq[me] > yq[other] ? me : other, lo_item = hi_item == me ? other : me;
                    long double p = 1.0L / (1.0L + expl(-((long double)sq[hi_item] - sq[lo_item])));
                    long double ph = p * (1 - p) > 1e-16L ? p * (1 - p) : 1e-16L;
                    wg[hi_item] -= 1 - p, wg[lo_item] += 1 - p;
                    wh[hi_item] += 2 * ph, wh[lo_item] += 2 * ph;
                }
            }
        for (i = 0; i < N; ++i) {
            CHECK_NEAR(g[off[q] + i], wg[i], 1, 1e-14);
            CHECK_NEAR(h[off[q] + i], wh[i], 1, 1e-14);
        }
    }
}
