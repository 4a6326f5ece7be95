/* Weightings and metrics: delta MAP / MRR / ERR, LambdaLoss, label difference, gain tables,
   item and query weights against brute force, allRank and trec_eval vectors. */

/* ---- the weightings, against the oracle ---------------------------------------------- */

TEST(weightings_match_brute_force)
{
    int trial;
    static const ranknet_weighting kinds[] = {
        RANKNET_WEIGHT_DELTA_MAP,  RANKNET_WEIGHT_DELTA_MRR,  RANKNET_WEIGHT_DELTA_ERR, RANKNET_WEIGHT_LAMBDALOSS,
        RANKNET_WEIGHT_LABEL_DIFF, RANKNET_WEIGHT_DELTA_NDCG, RANKNET_WEIGHT_NONE,      RANKNET_WEIGHT_DELTA_DCG};
    for (trial = 0; trial < 800; ++trial) {
        size_t n = 2 + (size_t)(30 * tl_uniform()), i;
        double s[64], y[64], g[64], h[64], iw[64], loss, table[6] = {0, 2, 3, 9, 9.5, 40};
        float sf[64], yf[64], gf[64];
        long double rl, rg[64], rh[64], gmax = 0;
        ranknet_options o;
        memset(&o, 0, sizeof o);
        o.weighting = kinds[trial % 8];
        o.k = (size_t)(trial / 8 % 4) * 4; /* 0 (the whole list), 4, 8, 12 */
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
        if (trial % 17 == 0)
            for (i = 0; i < n; ++i) y[i] = 0; /* nothing relevant */
        /* the same scores in both precisions: two that differ below float's resolution would
           rank one way in double and tie in float */
        for (i = 0; i < n; ++i) sf[i] = (float)s[i], yf[i] = (float)y[i], s[i] = sf[i];
        if ((o.weighting == RANKNET_WEIGHT_DELTA_NDCG || o.weighting == RANKNET_WEIGHT_LAMBDALOSS ||
             o.weighting == RANKNET_WEIGHT_DELTA_DCG) &&
            trial % 3 == 1)
            o.label_gain = table, o.label_gain_len = 6;
        if (trial % 4 == 2 || o.weighting == RANKNET_WEIGHT_NONE) o.item_weights = iw;
        CHECK(ranknet_query(&o, s, y, n, &loss, g, h) == RANKNET_OK);
        oracle_query(&o, s, y, n, NULL, &rl, rg, rh);
        check_against_ld(loss, g, h, rl, rg, rh, n);
        for (i = 0; i < n; ++i) {
            gmax = fmaxl(gmax, fabsl(rg[i]));
            CHECK(isfinite(g[i]) && isfinite(h[i]));
        }
        CHECK(ranknet_queryf(&o, sf, yf, n, NULL, gf, NULL) == RANKNET_OK);
        for (i = 0; i < n; ++i) CHECK_NEAR(gf[i], g[i], (double)gmax, 1e-5);
        if (tl_case_failed && tl_reports < 40)
            printf("  (trial %d, weighting %d, k %u)\n", trial, (int)o.weighting, (unsigned)o.k);
        if (tl_case_failed) break;
    }
}

/* Float tables cannot hold weights that span more than float's range: delta DCG with a
   label of 261 next to one of 4 (gains 2^261 and 15) on float inputs. The only misordered
   pair is the small one, so it makes the whole loss (found by make fuzz: the float kernels
   lost it below float's range). Every path, against the oracle. */
TEST(float_weights_beyond_float_range)
{
    double s[3] = {-300.5, 0, 261.015625}, y[3] = {3.984375, 0, 261.015625}, g[3], loss;
    float sf[3], yf[3];
    long double rl, rg[3], rh[3];
    ranknet_options o;
    size_t b, i;
    memset(&o, 0, sizeof o);
    o.weighting = RANKNET_WEIGHT_DELTA_DCG;
    o.k = 9;
    o.sigma = 6.65;
    o.normalize = RANKNET_NORM_LOG2;
    for (i = 0; i < 3; ++i) {
        sf[i] = (float)s[i];
        yf[i] = (float)y[i];
    }
    oracle_query(&o, s, y, 3, NULL, &rl, rg, rh);
    CHECK(rl > 1000); /* sigma |d| times its weight */
    for (b = 0; b < sizeof all_paths / sizeof *all_paths; ++b) {
        o.simd = all_paths[b];
        if (!ranknet_simd_supported(o.simd)) continue;
        CHECK(ranknet_queryf(&o, sf, yf, 3, &loss, NULL, NULL) == RANKNET_OK); /* lambdas past float: loss alone */
        CHECK_NEAR(loss, (double)rl, (double)rl, 1e-5);
        CHECK(ranknet_query(&o, s, y, 3, &loss, g, NULL) == RANKNET_OK);
        CHECK_NEAR(loss, (double)rl, (double)rl, 1e-11);
    }
}

/* One item, all labels equal, no relevant item: loss, lambdas and hessians 0 for every
   weighting. */
TEST(weightings_degenerate_lists)
{
    double s[5] = {0.3, -1, 2, 0.5, 0.5}, zero[5] = {0}, same[5] = {2, 2, 2, 2, 2}, g[5], h[5], loss;
    int w;
    size_t i;
    for (w = RANKNET_WEIGHT_DELTA_NDCG; w < RANKNET_WEIGHT_COUNT; ++w) {
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
TEST(item_and_query_weights)
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
        ranknet_status want[6] = {RANKNET_ERR_RANGE,  RANKNET_ERR_NONFINITE, RANKNET_ERR_RANGE,
                                  RANKNET_ERR_OPTION, RANKNET_ERR_RANGE,     RANKNET_ERR_OPTION};
        int c;
        for (c = 0; c < 6; ++c) {
            ranknet_options b = o;
            for (i = 0; i < 12; ++i) g[i] = 99, bad[i] = 1;
            loss = 99;
            switch (c) {
            case 0: bad[7] = -1, b.item_weights = bad; break;                       /* negative item weight */
            case 1: bad[1] = NAN, b.query_weights = bad; break;                     /* non-finite query weight */
            case 2: b.label_gain = table, b.label_gain_len = 3; break;              /* label 4 outside the table */
            case 3: b.label_gain = table, b.label_gain_len = 0; break;              /* a table of no entries */
            case 4: b.weighting = RANKNET_WEIGHT_DELTA_ERR, b.max_label = 2; break; /* labels above max_label */
            case 5: b.weighting = RANKNET_WEIGHT_DELTA_MAP, b.label_gain = table, b.label_gain_len = 3; break;
            }
            CHECK(ranknet_batch(&b, s, y, off, 3, &loss, g, NULL) == want[c]);
            CHECK(loss == 99);
            for (i = 0; i < 12; ++i) CHECK(g[i] == 99);
        }
    }
}

TEST(metrics)
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
    CHECK(ranknet_metric(RANKNET_METRIC_COUNT, 0, s, y, 6, &v) == RANKNET_ERR_OPTION && v == 5);
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
#include "../allrank_vectors.h"

/* allRank 1.4.3's lambdaLoss(weighing_scheme="ndcgLoss2PP_scheme", k, sigma, mu,
   reduction="sum", reduction_log="natural") and its autograd gradient
   (tests/allrank_vectors.py). allRank keeps the pairs with both items in the top k, and
   computes its discounts in float32: 1e-6 covers that. */
TEST(lambdaloss_matches_allrank)
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

#include "../metric_vectors.h"

/* ranknet_metric against trec_eval (pytrec_eval: AP@10 = map_cut_10, RR@10, AP, P@10, R@10) and gdeval
   (nDCG@10 with gain 2^y - 1, ERR@10, printed to 5 decimals) on the LETOR sample's 50 test
   queries scored by a trained model (tests/metric_vectors.py). */
TEST(metrics_match_trec_eval)
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
        CHECK(ranknet_metric(RANKNET_METRIC_PRECISION, 10, mv_scores + a, mv_labels + a, n, &v) == RANKNET_OK);
        CHECK_NEAR(v, mv_values[q][5], 1, 1e-12);
        CHECK(ranknet_metric(RANKNET_METRIC_RECALL, 10, mv_scores + a, mv_labels + a, n, &v) == RANKNET_OK);
        CHECK_NEAR(v, mv_values[q][6], 1, 1e-12);
        for (i = 0; i < n; ++i) sf[i] = (float)mv_scores[a + i], yf[i] = (float)mv_labels[a + i];
        CHECK(ranknet_metricf(RANKNET_METRIC_MAP, 10, sf, yf, n, &v) == RANKNET_OK);
        CHECK_NEAR(v, mv_values[q][0], 1, 1e-12); /* the nudged scores stay apart in float */
        a += n;
    }
    CHECK(compared >= 40);
}

/* The cost each weighting promises: the pairs a staged query visits. */
TEST(weightings_visit_only_what_can_count)
{
    enum { N = 400, K = 10 };
    double s[N], y[N], g[N];
    size_t i;
    int w;
    make_query(s, y, N, LABELS_GRADED, 2.0);
    for (w = RANKNET_WEIGHT_DELTA_MAP; w < RANKNET_WEIGHT_COUNT; ++w) {
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
        if (tl_case_failed && tl_reports < 40)
            printf("  (weighting %d: %g pairs, want %g)\n", w, tl_pairs_visited, want);
        o.k = 0; /* the whole list: every pair */
        tl_pairs_visited = 0;
        CHECK(ranknet_query(&o, s, y, N, NULL, g, NULL) == RANKNET_OK);
        if (w != RANKNET_WEIGHT_DELTA_MRR) CHECK(tl_pairs_visited == N * (N - 1) / 2.0);
    }
}

/* The documented values of degenerate lists, exactly: every weighting and both presets give
   loss, lambdas and hessians 0 at n = 0 and n = 1, with equal labels and (the Delta
   weightings) with nothing relevant (RankNet's equal labels have target 1/2: not 0); the metrics are NDCG 1 and MAP, MRR, ERR 0 with
   nothing relevant (also n = 0), and a single relevant item scores 1 (ERR: its R, 1/2 for
   label 1, 3/4 for label 2). */
TEST(degenerate_lists_documented_values)
{
    double s[4] = {0.3, -1, 2, 0.5}, zero[4] = {0}, same[4] = {1, 1, 1, 1}, one[1] = {1}, two[1] = {2};
    double g[4], h[4], loss, v;
    float sf[4] = {0.3f, -1, 2, 0.5f}, samef[4] = {1, 1, 1, 1}, gf[4], hf[4];
    int w, preset, kind;
    size_t i;
    for (preset = 0; preset < RANKNET_PRESET_COUNT; ++preset)
        for (w = 0; w < RANKNET_WEIGHT_COUNT; ++w) {
            ranknet_options o;
            memset(&o, 0, sizeof o);
            o.weighting = (ranknet_weighting)w, o.preset = (ranknet_preset)preset, o.mu = 10;
            if (preset == RANKNET_PRESET_LIGHTGBM && w != RANKNET_WEIGHT_DELTA_NDCG) continue;
            if (preset == RANKNET_PRESET_XGBOOST && w > RANKNET_WEIGHT_DELTA_MAP) continue;
            loss = 7;
            CHECK(ranknet_query(&o, NULL, NULL, 0, &loss, NULL, NULL) == RANKNET_OK && loss == 0);
            for (i = 0; i < 4; ++i) g[i] = h[i] = 7;
            CHECK(ranknet_query(&o, s, one, 1, &loss, g, h) == RANKNET_OK && loss == 0 && g[0] == 0 && h[0] == 0);
            CHECK(g[1] == 7 && h[1] == 7);                                   /* n = 1 writes one row */
            if (w != RANKNET_WEIGHT_NONE || preset != RANKNET_PRESET_NONE) { /* equal labels weigh 0 */
                CHECK(ranknet_query(&o, s, same, 4, &loss, g, h) == RANKNET_OK && loss == 0);
                for (i = 0; i < 4; ++i) CHECK(g[i] == 0 && h[i] == 0);
                CHECK(ranknet_queryf(&o, sf, samef, 4, &loss, gf, hf) == RANKNET_OK && loss == 0);
                for (i = 0; i < 4; ++i) CHECK(gf[i] == 0 && hf[i] == 0);
            }
            if (w != RANKNET_WEIGHT_NONE && w != RANKNET_WEIGHT_LABEL_DIFF) { /* nothing relevant */
                CHECK(ranknet_query(&o, s, zero, 4, &loss, g, h) == RANKNET_OK && loss == 0);
                for (i = 0; i < 4; ++i) CHECK(g[i] == 0 && h[i] == 0);
            }
        }
    for (kind = 0; kind < RANKNET_METRIC_COUNT; ++kind) {
        double nothing = kind == RANKNET_METRIC_NDCG ? 1 : 0;
        v = 7;
        CHECK(ranknet_metric((ranknet_metric_kind)kind, 10, NULL, NULL, 0, &v) == RANKNET_OK && v == nothing);
        CHECK(ranknet_metric((ranknet_metric_kind)kind, 10, s, zero, 4, &v) == RANKNET_OK && v == nothing);
        CHECK(ranknet_metric((ranknet_metric_kind)kind, 10, s, zero, 1, &v) == RANKNET_OK && v == nothing);
        /* one relevant item of label 1 or 2: ERR R, DCG 2^y - 1, P@10 1/10, the others 1 */
        CHECK(ranknet_metric((ranknet_metric_kind)kind, 10, s, one, 1, &v) == RANKNET_OK &&
              v == (kind == RANKNET_METRIC_ERR         ? 0.5
                    : kind == RANKNET_METRIC_PRECISION ? 0.1
                                                       : 1.0));
        CHECK(ranknet_metric((ranknet_metric_kind)kind, 10, s, two, 1, &v) == RANKNET_OK &&
              v == (kind == RANKNET_METRIC_ERR         ? 0.75
                    : kind == RANKNET_METRIC_DCG       ? 3.0
                    : kind == RANKNET_METRIC_PRECISION ? 0.1
                                                       : 1.0));
    }
}
