/* Position bias: Unbiased LambdaMART's factors and LightGBM's additive bias. */

/* ---- position bias (Unbiased LambdaMART, LightGBM's additive bias) ------------------- */

/* Three queries in one batch, random displayed positions (some past P, or NULL: the index
   in the query), random factors: each query's loss, lambdas and hessians against the brute
   forces with every pair divided by t+ t-, and the state's cost sums against theirs added
   up by position. Every weighting, the presets, all normalisations, float and double. */
TEST(unbiased_matches_brute_force)
{
    static const ranknet_weighting kinds[] = {
        RANKNET_WEIGHT_NONE,      RANKNET_WEIGHT_DELTA_NDCG, RANKNET_WEIGHT_DELTA_MAP,  RANKNET_WEIGHT_DELTA_MRR,
        RANKNET_WEIGHT_DELTA_ERR, RANKNET_WEIGHT_LAMBDALOSS, RANKNET_WEIGHT_LABEL_DIFF, RANKNET_WEIGHT_DELTA_DCG};
    int trial;
    for (trial = 0; trial < 400; ++trial) {
        enum { P = 6 };
        size_t off[4], q, i, rows, preset = trial % 9 == 7 ? 1 : trial % 9 == 8 ? 2 : 0;
        double s[96], y[96], g[96], h[96], loss, sum_loss = 0, qw[3] = {1.0, 0.5, 2.0};
        float sf[96], yf[96], gf[96];
        long long pos[96];
        long double tp[64], tm[64], item_cp[64], item_cm[64], cp[P] = {0}, cm[P] = {0}, rows_at[P] = {0};
        const plain_bias pb = {tp, tm, item_cp, item_cm};
        ranknet_bias *b;
        ranknet_options o;
        memset(&o, 0, sizeof o);
        o.weighting = kinds[trial % 8];
        o.k = (size_t)(trial / 8 % 3) * 5;
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
            oracle_query(&o, s + off[q], y + off[q], n, &pb, &rl, rg, rh);
            for (i = 0; i < n; ++i) {
                size_t r = trial % 6 == 5 ? i : (size_t)pos[off[q] + i];
                rg[i] *= w;
                rh[i] *= w;
                if (r < P) {
                    cp[r] += w * item_cp[i];
                    cm[r] += w * item_cm[i];
                    rows_at[r] += 1;
                }
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
            CHECK(ranknet_batch_unbiasedf(&o, b, sf, yf, trial % 6 == 5 ? NULL : pos, off, 3, NULL, gf, NULL) ==
                  RANKNET_OK);
            for (i = 0; i < rows; ++i) CHECK_NEAR(gf[i], g[i], 1.0, 1e-5);
            for (i = 0; i < P; ++i) CHECK_NEAR(b->acc_plus[i], 2 * accp[i], accp[i], 1e-5);
        }
        ranknet_bias_free(b);
        if (tl_case_failed && tl_reports < 40)
            printf("  (trial %d, weighting %d, preset %u)\n", trial, (int)o.weighting, (unsigned)preset);
        if (tl_case_failed) break;
    }
}

/* delta ERR at k > 128 (RANKNET__TILE): the pairs within the top k take the cascade loop
   (ranknet__err_triangle), the rest the scalar kernel; both divided by the factors and
   their costs added up, against the oracle. */
TEST(unbiased_err_past_the_tile)
{
    enum { N = 180, P = 8 };
    double s[N], y[N], g[N], h[N], loss;
    long long pos[N];
    long double tp[N], tm[N], item_cp[N], item_cm[N], rl, rg[N], rh[N], gmax = 0, cp[P] = {0}, cm[P] = {0};
    const plain_bias pb = {tp, tm, item_cp, item_cm};
    size_t off[2] = {0, N}, i;
    ranknet_bias *b;
    ranknet_options o;
    memset(&o, 0, sizeof o);
    o.weighting = RANKNET_WEIGHT_DELTA_ERR;
    o.k = 150;
    o.normalize = RANKNET_NORM_LOG2;
    CHECK(ranknet_bias_create(RANKNET_BIAS_RATIO, P, &b) == RANKNET_OK);
    for (i = 0; i < P; ++i) {
        b->t_plus[i] = 0.2 + 2 * tl_uniform();
        b->t_minus[i] = 0.3 + tl_uniform();
    }
    for (i = 0; i < N; ++i) {
        size_t r;
        s[i] = 2 * tl_normal();
        y[i] = floor(4 * tl_uniform());
        pos[i] = (long long)(11 * tl_uniform()); /* 8, 9, 10: past P, factor 1 */
        r = (size_t)pos[i];
        tp[i] = r < P ? b->t_plus[r] : 1;
        tm[i] = r < P ? b->t_minus[r] : 1;
    }
    CHECK(ranknet_batch_unbiased(&o, b, s, y, pos, off, 1, &loss, g, h) == RANKNET_OK);
    oracle_query(&o, s, y, N, &pb, &rl, rg, rh);
    for (i = 0; i < N; ++i) {
        size_t r = (size_t)pos[i];
        gmax = fmaxl(gmax, fabsl(rg[i]));
        if (r < P) {
            cp[r] += item_cp[i];
            cm[r] += item_cm[i];
        }
    }
    CHECK(gmax > 0);
    check_against_ld(loss, g, h, rl, rg, rh, N);
    for (i = 0; i < P; ++i) {
        CHECK_NEAR(b->acc_plus[i], (double)cp[i], (double)cp[i], 1e-12);
        CHECK_NEAR(b->acc_minus[i], (double)cm[i], (double)cm[i], 1e-12);
    }
    ranknet_bias_free(b);
}

/* All factors 1: the plain batch with equal labels left out, bit for bit (nothing else
   changes); and a factor changes exactly the pairs of the rows shown at its position. */
TEST(unbiased_neutral_factors_and_one_position)
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
TEST(bias_update_formulas)
{
    ranknet_bias *b;
    double L[4] = {2.0, 1.0, 0.0, 0.125}, M[4] = {4.0, 3.0, 1e-300, 0.5};
    size_t r;
    int p;
    /* the defaults: p = 0 with t- held; XGBoost's (p = 1, t- learned) by name */
    CHECK(ranknet_bias_create(RANKNET_BIAS_RATIO, 4, &b) == RANKNET_OK);
    CHECK(b->kind == RANKNET_BIAS_RATIO && b->regularizer == 0 && b->hold_minus == 1 && b->t_minus[3] == 1.0);
    b->kind = RANKNET_BIAS_RATIO_XGBOOST; /* a name for ranknet_bias_create only, never a state's kind */
    CHECK(ranknet_bias_update(b) == RANKNET_ERR_OPTION);
    ranknet_bias_free(b);
    for (p = 0; p < 3; ++p) {
        CHECK(ranknet_bias_create(RANKNET_BIAS_RATIO_XGBOOST, 4, &b) == RANKNET_OK);
        CHECK(b->kind == RANKNET_BIAS_RATIO && b->regularizer == 1.0 && b->hold_minus == 0);
        CHECK(b->t_plus[2] == 1.0 && b->acc_plus[0] == 0);
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
    b->acc_plus[0] = -3, b->acc_plus[1] = 2, b->acc_plus[2] = 0;   /* G: the lambdas */
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
TEST(additive_bias_is_a_score_shift)
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
    for (i = 0; i < P; ++i) CHECK(b->acc_plus[i] == G[i] && b->acc_minus[i] == H[i] && b->acc_rows[i] == R[i]);
    CHECK(ranknet_batchf(&o, shf, yf, off, 3, NULL, gf1, NULL) == RANKNET_OK);
    CHECK(ranknet_batch_unbiasedf(&o, b, sf, yf, pos, off, 3, NULL, gf2, NULL) == RANKNET_OK); /* explicit positions */
    CHECK(memcmp(gf1, gf2, sizeof gf1) == 0);
    ranknet_bias_free(b);
}
