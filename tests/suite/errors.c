/* Errors: every status by every route, and nothing written when a call fails. */

/* ---- errors: a status, and nothing written ----------------------------------------------- */

TEST(errors_leave_outputs_untouched)
{
    double s[4] = {1, 2, 3, 4}, y[4] = {0, 1, 0, 2}, g[4], l = SENT;
    double d[3] = {0, 1, 2}, t[3] = {0, 0.5, 1}, w[3] = {1, 1, 1};
    float df[3] = {0, 1, 2}, tf[3] = {0, 0.5f, 1}, wf[3] = {1, 1, 1}, gf[3];
    size_t off[4] = {0, 2, 1, 4};
    ranknet_options o;
    memset(&o, 0, sizeof o);

    expect_query_error(NULL, NULL, y, 4, RANKNET_ERR_NULL);
    expect_query_error(NULL, s, NULL, 4, RANKNET_ERR_NULL);
    s[2] = NAN;
    expect_query_error(NULL, s, y, 4, RANKNET_ERR_NONFINITE);
    s[2] = INFINITY;
    expect_query_error(NULL, s, y, 4, RANKNET_ERR_NONFINITE);
    s[2] = -INFINITY;
    expect_query_error(NULL, s, y, 4, RANKNET_ERR_NONFINITE);
    s[2] = 3;
    y[3] = NAN;
    expect_query_error(NULL, s, y, 4, RANKNET_ERR_NONFINITE);
    y[3] = 2;
    o.sigma = -1;
    expect_query_error(&o, s, y, 4, RANKNET_ERR_OPTION);
    o.sigma = NAN;
    expect_query_error(&o, s, y, 4, RANKNET_ERR_OPTION);
    o.sigma = INFINITY;
    expect_query_error(&o, s, y, 4, RANKNET_ERR_OPTION);
    o.sigma = 1e200; /* the hessian, sigma^2 (n - 1) / 4, cannot be held */
    expect_query_error(&o, s, y, 4, RANKNET_ERR_OVERFLOW);
    o.sigma = 1;
    o.ties = (ranknet_ties)7;
    expect_query_error(&o, s, y, 4, RANKNET_ERR_OPTION);
    o.ties = RANKNET_TIES_HALF;
    o.gain = (ranknet_gain)-1;
    expect_query_error(&o, s, y, 4, RANKNET_ERR_OPTION);
    o.gain = RANKNET_GAIN_EXP2;
    o.weighting = (ranknet_weighting)9;
    expect_query_error(&o, s, y, 4, RANKNET_ERR_OPTION);

    /* batches: NULL offsets, offsets not starting at 0, decreasing offsets */
    fill(g, 4);
    CHECK(ranknet_batch(NULL, s, y, NULL, 2, &l, g, NULL) == RANKNET_ERR_NULL);
    CHECK(ranknet_batch(NULL, s, y, off, 3, &l, g, NULL) == RANKNET_ERR_OFFSETS);
    off[2] = 3;
    off[0] = 1;
    CHECK(ranknet_batch(NULL, s, y, off, 3, &l, g, NULL) == RANKNET_ERR_OFFSETS);
    CHECK(l == SENT && untouched(g, 4));
    fillf(gf, 3);
    CHECK(ranknet_batchf(NULL, df, tf, off, 3, &l, gf, NULL) == RANKNET_ERR_OFFSETS);
    CHECK(l == SENT && untouchedf(gf, 3));

    /* pair functions */
    fill(g, 4), fillf(gf, 3);
    CHECK(ranknet_pair_bce(NULL, t, w, 3, &l, g) == RANKNET_ERR_NULL);
    CHECK(ranknet_pair_bce(d, NULL, w, 3, &l, g) == RANKNET_ERR_NULL);
    CHECK(ranknet_logsigmoid_loss(NULL, w, 3, &l, g) == RANKNET_ERR_NULL);
    t[1] = 1.5;
    CHECK(ranknet_pair_bce(d, t, w, 3, &l, g) == RANKNET_ERR_RANGE);
    t[1] = -0.01;
    CHECK(ranknet_pair_bce(d, t, w, 3, &l, g) == RANKNET_ERR_RANGE);
    t[1] = NAN;
    CHECK(ranknet_pair_bce(d, t, w, 3, &l, g) == RANKNET_ERR_NONFINITE);
    t[1] = 0.5;
    w[2] = -1e-300;
    CHECK(ranknet_pair_bce(d, t, w, 3, &l, g) == RANKNET_ERR_RANGE);
    CHECK(ranknet_logsigmoid_loss(d, w, 3, &l, g) == RANKNET_ERR_RANGE);
    w[2] = INFINITY;
    CHECK(ranknet_logsigmoid_loss(d, w, 3, &l, g) == RANKNET_ERR_NONFINITE);
    w[2] = 1;
    d[0] = NAN;
    CHECK(ranknet_logsigmoid_loss(d, w, 3, &l, g) == RANKNET_ERR_NONFINITE);
    CHECK(l == SENT && untouched(g, 4));
    tf[0] = 2;
    CHECK(ranknet_pair_bcef(df, tf, wf, 3, &l, gf) == RANKNET_ERR_RANGE);
    df[1] = NAN;
    CHECK(ranknet_logsigmoid_lossf(df, wf, 3, &l, gf) == RANKNET_ERR_NONFINITE);
    CHECK(l == SENT && untouchedf(gf, 3));
}

TEST(status_strings)
{
    int a, b;
    for (a = RANKNET_OK; a < RANKNET_STATUS_COUNT; ++a) {
        CHECK(ranknet_status_string((ranknet_status)a) != NULL);
        CHECK(strlen(ranknet_status_string((ranknet_status)a)) > 1);
        for (b = 0; b < a; ++b)
            CHECK(strcmp(ranknet_status_string((ranknet_status)a), ranknet_status_string((ranknet_status)b)) != 0);
    }
    CHECK(strcmp(ranknet_status_string(RANKNET_STATUS_COUNT), "unknown ranknet_status") == 0);
    CHECK(strcmp(ranknet_status_string((ranknet_status)-1), "unknown ranknet_status") == 0);
    for (a = RANKNET_OK; a < RANKNET_STATUS_COUNT; ++a)
        CHECK(strcmp(ranknet_status_string((ranknet_status)a), "unknown ranknet_status") != 0);
    CHECK(RANKNET_OK == 0);
}

/* Each option enum's last value is accepted and its count is not: the counts bound the
   checks, so a new value cannot be forgotten by them. */
TEST(enum_counts_bound_the_options)
{
    double s[3] = {0.5, -1, 2}, y[3] = {1, 0, 2}, v, g[3];
    ranknet_options o;
    ranknet_bias *b = NULL;
    int last;
    for (last = 1; last >= 0; --last) {
        ranknet_status want = last ? RANKNET_OK : RANKNET_ERR_OPTION;
        memset(&o, 0, sizeof o);
        o.ties = (ranknet_ties)(RANKNET_TIES_COUNT - last);
        CHECK(ranknet_query(&o, s, y, 3, &v, g, NULL) == want);
        memset(&o, 0, sizeof o);
        o.weighting = (ranknet_weighting)(RANKNET_WEIGHT_COUNT - last);
        CHECK(ranknet_query(&o, s, y, 3, &v, g, NULL) == want);
        memset(&o, 0, sizeof o);
        o.weighting = RANKNET_WEIGHT_DELTA_NDCG, o.gain = (ranknet_gain)(RANKNET_GAIN_COUNT - last);
        CHECK(ranknet_query(&o, s, y, 3, &v, g, NULL) == want);
        memset(&o, 0, sizeof o);
        o.weighting = RANKNET_WEIGHT_DELTA_NDCG, o.normalize = (ranknet_norm)(RANKNET_NORM_COUNT - last);
        CHECK(ranknet_query(&o, s, y, 3, &v, g, NULL) == want);
        memset(&o, 0, sizeof o);
        o.weighting = RANKNET_WEIGHT_DELTA_NDCG, o.preset = (ranknet_preset)(RANKNET_PRESET_COUNT - last);
        CHECK(ranknet_query(&o, s, y, 3, &v, g, NULL) == want);
        memset(&o, 0, sizeof o);
        o.simd = (ranknet_simd)(RANKNET_SIMD_COUNT - last);
        CHECK(ranknet_query(&o, s, y, 3, &v, g, NULL) ==
              (last && ranknet_simd_supported(o.simd) ? RANKNET_OK : RANKNET_ERR_OPTION));
        CHECK(ranknet_simd_supported(RANKNET_SIMD_COUNT) == 0);
        CHECK(strcmp(ranknet_simd_string(RANKNET_SIMD_COUNT), "unknown") == 0);
        CHECK(ranknet_metric((ranknet_metric_kind)(RANKNET_METRIC_COUNT - last), 2, s, y, 3, &v) == want);
        CHECK(ranknet_bias_create((ranknet_bias_kind)(RANKNET_BIAS_COUNT - last), 4, &b) == want);
        CHECK((b != NULL) == last);
        ranknet_bias_free(b);
        b = NULL;
    }
}

/* Every bad option is RANKNET_ERR_OPTION, every label the engine refuses RANKNET_ERR_RANGE,
   and neither writes anything. */
TEST(preset_errors_leave_outputs_untouched)
{
    double s[5] = {0.5, 1, -1, 2, 0}, y[5] = {1, 0, 3, 2, 0}, g[5], h[5], loss = -7;
    float sf[5], yf[5], gf[5];
    ranknet_options o;
    size_t c, i;
    for (c = 0; c < 23; ++c) {
        double yy[5], table[3] = {0, 1, 5}, falling[4] = {0, 3, 1, 7};
        ranknet_status want = c >= 8 && c <= 12 ? RANKNET_ERR_RANGE : RANKNET_ERR_OPTION;
        memcpy(yy, y, sizeof y);
        memset(&o, 0, sizeof o);
        o.weighting = RANKNET_WEIGHT_DELTA_NDCG;
        switch (c) {
        case 0: o.preset = (ranknet_preset)3; break;
        case 1: o.preset = RANKNET_PRESET_LIGHTGBM, o.weighting = RANKNET_WEIGHT_NONE; break;
        case 2: o.preset = RANKNET_PRESET_LIGHTGBM, o.score_norm = 1; break;
        case 3: o.score_norm = 1; break;
        case 4: o.sample_pairs = 2; break;
        case 5: o.preset = RANKNET_PRESET_XGBOOST, o.sigma = 2; break;
        case 6: o.preset = RANKNET_PRESET_XGBOOST, o.sample_pairs = 1, o.k = 4; break;
        case 7: o.normalize = (ranknet_norm)3; break;
        case 8: o.preset = RANKNET_PRESET_LIGHTGBM, yy[2] = 31; break; /* past label_gain's 31 entries */
        case 9: o.preset = RANKNET_PRESET_LIGHTGBM, yy[2] = 1.5; break;
        case 10: o.preset = RANKNET_PRESET_LIGHTGBM, o.gain = RANKNET_GAIN_LINEAR, yy[2] = 2.5; break;
        case 11: o.preset = RANKNET_PRESET_XGBOOST, yy[2] = 32; break;
        case 12: o.preset = RANKNET_PRESET_XGBOOST, yy[2] = -1; break;
        case 13: o.preset = RANKNET_PRESET_XGBOOST, o.weighting = (ranknet_weighting)7; break;
        case 14: o.preset = RANKNET_PRESET_LIGHTGBM, o.weighting = RANKNET_WEIGHT_DELTA_MAP; break;
        case 15: o.preset = RANKNET_PRESET_XGBOOST, o.item_weights = y; break;   /* XGBoost weighs queries */
        case 16: o.preset = RANKNET_PRESET_LIGHTGBM, o.query_weights = y; break; /* LightGBM weighs rows */
        case 17: o.preset = RANKNET_PRESET_XGBOOST, o.label_gain = table, o.label_gain_len = 3; break;
        case 18: o.weighting = RANKNET_WEIGHT_LAMBDALOSS, o.mu = NAN; break;
        case 19: o.weighting = RANKNET_WEIGHT_LAMBDALOSS, o.mu = INFINITY; break;
        case 20: o.weighting = RANKNET_WEIGHT_DELTA_ERR, o.max_label = -1; break;
        case 21: o.weighting = RANKNET_WEIGHT_DELTA_ERR, o.max_label = NAN; break;
        case 22: /* LightGBM's IDCG sorts by label: a table that falls is refused */
            o.preset = RANKNET_PRESET_LIGHTGBM, o.label_gain = falling, o.label_gain_len = 4;
            want = RANKNET_ERR_RANGE;
            break;
        }
        for (i = 0; i < 5; ++i) g[i] = h[i] = 99, gf[i] = 99, sf[i] = (float)s[i], yf[i] = (float)yy[i];
        CHECK(ranknet_query(&o, s, yy, 5, &loss, g, h) == want);
        CHECK(ranknet_queryf(&o, sf, yf, 5, &loss, gf, NULL) == want);
        for (i = 0; i < 5; ++i) CHECK(g[i] == 99 && h[i] == 99 && gf[i] == 99);
        CHECK(loss == -7);
        if (tl_case_failed && tl_reports < 40) printf("  (case %u)\n", (unsigned)c);
    }
    /* what the engines take: XGBoost's linear gain takes fractional labels, rank:pairwise any */
    memset(&o, 0, sizeof o);
    o.preset = RANKNET_PRESET_XGBOOST, o.gain = RANKNET_GAIN_LINEAR, o.weighting = RANKNET_WEIGHT_DELTA_NDCG;
    y[2] = 2.5;
    CHECK(ranknet_query(&o, s, y, 5, &loss, g, h) == RANKNET_OK);
    o.weighting = RANKNET_WEIGHT_NONE, y[2] = -40.25;
    CHECK(ranknet_query(&o, s, y, 5, &loss, g, h) == RANKNET_OK);
}

/* Every status of the bias calls: outputs and the whole state as they were. */
TEST(unbiased_errors_leave_state_and_outputs_untouched)
{
    enum { N = 8, P = 4 };
    double s[N] = {0.5, 1, -1, 2, 0, 0.3, 0.1, -0.4}, y[N] = {1, 0, 3, 2, 0, 1, 0, 2}, g[N], h[N], loss;
    float sf[N], yf[N], gf[N];
    long long pos[N] = {0, 1, 2, 3, 0, 1, 2, 5};
    size_t off[3] = {0, 5, N}, i, c;
    ranknet_bias *b = NULL;
    CHECK(ranknet_bias_create(RANKNET_BIAS_COUNT, 4, &b) == RANKNET_ERR_OPTION && b == NULL);
    CHECK(ranknet_bias_create(RANKNET_BIAS_RATIO, 0, &b) == RANKNET_ERR_OPTION && b == NULL);
    CHECK(ranknet_bias_create(RANKNET_BIAS_RATIO, (size_t)-1 / 2, &b) == RANKNET_ERR_NOMEM && b == NULL);
    CHECK(ranknet_bias_create(RANKNET_BIAS_RATIO, 4, NULL) == RANKNET_ERR_NULL);
    CHECK(ranknet_bias_update(NULL) == RANKNET_ERR_NULL);
    ranknet_bias_free(NULL);
    for (c = 0; c < 29; ++c) {
        ranknet_status want;
        ranknet_options o;
        double sv[N], saved[5 * P];
        long long pv[N];
        size_t *offv = off, offbad[3] = {0, 6, 5};
        ranknet_bias *arg;
        int kind = c == 12 || c == 13 || c == 18;
        CHECK(ranknet_bias_create((ranknet_bias_kind)kind, P, &b) == RANKNET_OK);
        for (i = 0; i < P; ++i) b->t_plus[i] = kind ? 0.1 * (double)i : 1.0 / (1.0 + (double)i), b->acc_plus[i] = 1;
        memset(&o, 0, sizeof o);
        o.weighting = RANKNET_WEIGHT_DELTA_NDCG;
        memcpy(sv, s, sizeof s), memcpy(pv, pos, sizeof pos);
        arg = b;
        switch (c) {
        case 0: arg = NULL, want = RANKNET_ERR_NULL; break;
        case 1: b->kind = (ranknet_bias_kind)5, want = RANKNET_ERR_OPTION; break;
        case 2: b->regularizer = -1, want = RANKNET_ERR_OPTION; break;
        case 3: b->learning_rate = NAN, want = RANKNET_ERR_OPTION; break;
        case 4: b->t_plus[2] = INFINITY, want = RANKNET_ERR_NONFINITE; break;
        case 5: b->t_minus[1] = NAN, want = RANKNET_ERR_NONFINITE; break;
        case 6: b->t_plus[3] = 0, want = RANKNET_ERR_RANGE; break;
        case 7: b->t_minus[0] = -1, want = RANKNET_ERR_RANGE; break;
        case 8: pv[6] = -1, want = RANKNET_ERR_RANGE; break;           /* the second query */
        case 9: pv[2] = 2147483648LL, want = RANKNET_ERR_RANGE; break; /* huge */
        case 10: sv[6] = NAN, want = RANKNET_ERR_NONFINITE; break;     /* the second query */
        case 11: offv = offbad, want = RANKNET_ERR_OFFSETS; break;
        case 12: sv[1] = DBL_MAX, b->t_plus[1] = DBL_MAX, want = RANKNET_ERR_OVERFLOW; break; /* s + b */
        case 13: o.weighting = (ranknet_weighting)9, want = RANKNET_ERR_OPTION; break;
        case 14: sv[0] = -1e300, b->acc_plus[0] = DBL_MAX, want = RANKNET_ERR_OVERFLOW; break; /* the sum overflows */
        case 15: b->t_plus[0] = b->t_minus[0] = 1e-200, want = RANKNET_ERR_OVERFLOW; break;    /* lambdas / 1e-400 */
        case 16: b->acc_rows[1] = -1, want = RANKNET_ERR_RANGE; break;
        case 17: b->acc_minus[3] = NAN, want = RANKNET_ERR_NONFINITE; break;
        case 19: b->t_minus = NULL, want = RANKNET_ERR_NULL; break; /* each array the caller might clear */
        case 20: b->acc_plus = NULL, want = RANKNET_ERR_NULL; break;
        case 21: b->acc_minus = NULL, want = RANKNET_ERR_NULL; break;
        case 22: b->acc_rows = NULL, want = RANKNET_ERR_NULL; break;
        case 23: b->t_plus = NULL, want = RANKNET_ERR_NULL; break;
        case 24: b->regularizer = INFINITY, want = RANKNET_ERR_OPTION; break;
        case 25: b->learning_rate = -0.5, want = RANKNET_ERR_OPTION; break;
        case 26: b->learning_rate = INFINITY, want = RANKNET_ERR_OPTION; break;
        case 27: b->acc_plus[1] = -1, want = RANKNET_ERR_RANGE; break;
        case 28: b->acc_minus[2] = -1, want = RANKNET_ERR_RANGE; break;
        default: o.preset = RANKNET_PRESET_LIGHTGBM, o.query_weights = y, want = RANKNET_ERR_OPTION; break;
        }
        memcpy(saved, b + 1, sizeof saved); /* create puts the five arrays right after the struct */
        for (i = 0; i < N; ++i) g[i] = h[i] = 99, gf[i] = 99, sf[i] = (float)sv[i], yf[i] = (float)y[i];
        loss = -7;
        CHECK(ranknet_batch_unbiased(&o, arg, sv, y, pv, offv, 2, &loss, g, h) == want);
        if (c != 12 && c != 14) /* float: the same status (its scores overflow to inf on their own) */
            CHECK(ranknet_batch_unbiasedf(&o, arg, sf, yf, pv, offv, 2, &loss, gf, NULL) == want);
        for (i = 0; i < N; ++i) CHECK(g[i] == 99 && h[i] == 99 && gf[i] == 99);
        CHECK(loss == -7);
        CHECK(memcmp(saved, b + 1, sizeof saved) == 0);
        if (c <= 7 || c == 16 || c == 17 || c >= 19) { /* a bad state is refused by the update too, untouched */
            CHECK(ranknet_bias_update(arg) == want);
            CHECK(memcmp(saved, b + 1, sizeof saved) == 0);
        }
        b->kind = (ranknet_bias_kind)kind;
        ranknet_bias_free(b);
        if (tl_case_failed && tl_reports < 40) printf("  (case %u)\n", (unsigned)c);
    }
    /* an update whose factor overflows: RANKNET_ERR_OVERFLOW, nothing changed */
    CHECK(ranknet_bias_create(RANKNET_BIAS_RATIO, 2, &b) == RANKNET_OK);
    b->regularizer = 0, b->acc_plus[0] = 1e-300, b->acc_plus[1] = 1e300, b->t_plus[1] = 0.5;
    CHECK(ranknet_bias_update(b) == RANKNET_ERR_OVERFLOW);
    CHECK(b->t_plus[1] == 0.5 && b->acc_plus[1] == 1e300 && b->acc_plus[0] == 1e-300);
    ranknet_bias_free(b);
}

/* Every status by every route that can reach it: one query alone, the second query of a
   batch (double and float), a loss-only call, the convenience calls, the unbiased batch.
   The defect always sits in the second query (rows 5..9); every output keeps its sentinel. */
enum { EM_N = 10, EM_ROUTES = 9 };
static const char *const em_route_names[EM_ROUTES] = {
    "query", "queryf", "batch", "batchf", "batch loss only", "batchf loss only", "loss/grad", "unbiased", "unbiasedf"};

static ranknet_status em_call(int route, const ranknet_options *o, const double *s, const double *y, const size_t *off,
                              int *untouched_out)
{
    double g[EM_N], h[EM_N], l = SENT, l2 = SENT;
    float sf[EM_N], yf[EM_N], gf[EM_N], hf[EM_N];
    ranknet_status st = RANKNET_OK, st2;
    ranknet_bias *b = NULL;
    double state[5 * 4];
    size_t i;
    for (i = 0; i < EM_N; ++i) {
        if (s) sf[i] = (float)s[i];
        if (y) yf[i] = (float)y[i];
    }
    fill(g, EM_N), fill(h, EM_N), fillf(gf, EM_N), fillf(hf, EM_N);
    if (route >= 7) {
        if (ranknet_bias_create(RANKNET_BIAS_RATIO, 4, &b) != RANKNET_OK) return RANKNET_ERR_NOMEM;
        memcpy(state, b + 1, sizeof state);
    }
    switch (route) {
    case 0: st = ranknet_query(o, s ? s + 5 : NULL, y ? y + 5 : NULL, 5, &l, g, h); break;
    case 1: st = ranknet_queryf(o, s ? sf + 5 : NULL, y ? yf + 5 : NULL, 5, &l, gf, hf); break;
    case 2: st = ranknet_batch(o, s, y, off, 2, &l, g, h); break;
    case 3: st = ranknet_batchf(o, s ? sf : NULL, y ? yf : NULL, off, 2, &l, gf, hf); break;
    case 4: st = ranknet_batch(o, s, y, off, 2, &l, NULL, NULL); break;
    case 5: st = ranknet_batchf(o, s ? sf : NULL, y ? yf : NULL, off, 2, &l, NULL, NULL); break;
    case 6: /* the convenience calls take no options: the second query alone */
        st = ranknet_loss(s ? s + 5 : NULL, y ? y + 5 : NULL, 5, &l);
        st2 = ranknet_gradf(s ? sf + 5 : NULL, y ? yf + 5 : NULL, 5, gf);
        CHECK(st2 == st);
        st2 = ranknet_grad(s ? s + 5 : NULL, y ? y + 5 : NULL, 5, g);
        CHECK(st2 == st);
        st2 = ranknet_lossf(s ? sf + 5 : NULL, y ? yf + 5 : NULL, 5, &l2);
        CHECK(st2 == st);
        break;
    case 7: st = ranknet_batch_unbiased(o, b, s, y, NULL, off, 2, &l, g, h); break;
    default: st = ranknet_batch_unbiasedf(o, b, s ? sf : NULL, y ? yf : NULL, NULL, off, 2, &l, gf, hf); break;
    }
    *untouched_out = l == SENT && l2 == SENT && untouched(g, EM_N) && untouched(h, EM_N) && untouchedf(gf, EM_N) &&
                     untouchedf(hf, EM_N);
    if (b) {
        *untouched_out &= memcmp(state, b + 1, sizeof state) == 0;
        ranknet_bias_free(b);
    }
    return st;
}

TEST(every_status_by_every_route)
{
    int c, route;
    for (c = 0; c < 11; ++c) {
        double s[EM_N] = {0.5, -1, 2, 0, 1, 0.25, 3, -2, 1.5, 0}, y[EM_N] = {1, 0, 2, 0, 1, 2, 0, 1, 3, 0};
        double iw[EM_N] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, qw[2] = {1, 1};
        size_t off[3] = {0, 5, EM_N};
        const double *sp = s, *yp = y;
        ranknet_options o;
        ranknet_status want;
        unsigned routes = (1u << EM_ROUTES) - 1; /* where the defect can be reached */
        memset(&o, 0, sizeof o);
        o.weighting = RANKNET_WEIGHT_DELTA_NDCG;
        switch (c) {
        case 0: sp = NULL, want = RANKNET_ERR_NULL; break;
        case 1: yp = NULL, want = RANKNET_ERR_NULL; break;
        case 2: s[7] = NAN, want = RANKNET_ERR_NONFINITE; break;
        case 3: y[8] = INFINITY, want = RANKNET_ERR_NONFINITE; break;
        case 4: y[6] = -1, want = RANKNET_ERR_RANGE, routes &= ~(1u << 6); break; /* RankNet takes any label */
        case 5: iw[9] = -0.5, o.item_weights = iw, want = RANKNET_ERR_RANGE, routes &= ~(3u | 1u << 6); break;
        case 6: qw[1] = -1, o.query_weights = qw, want = RANKNET_ERR_RANGE, routes &= ~(3u | 1u << 6); break;
        case 7: o.weighting = (ranknet_weighting)12, want = RANKNET_ERR_OPTION, routes &= ~(1u << 6); break;
        case 8: off[1] = 11, want = RANKNET_ERR_OFFSETS, routes &= ~(3u | 1u << 6); break;
        case 9: /* the loss of the second query beyond DBL_MAX (float scores overflow to inf: NONFINITE) */
            s[5] = -DBL_MAX, s[8] = DBL_MAX, want = RANKNET_ERR_OVERFLOW;
            o.weighting = RANKNET_WEIGHT_NONE, routes = 1u << 0 | 1u << 2 | 1u << 4 | 1u << 7;
            { /* ranknet_loss alone (ranknet_grad's lambdas are fine there) */
                double l = SENT;
                CHECK(ranknet_loss(s + 5, y + 5, 5, &l) == RANKNET_ERR_OVERFLOW && l == SENT);
            }
            break;
        default: /* sigma so large that the hessians overflow (the loss-only calls need none) */
            o.sigma = 1e200, want = RANKNET_ERR_OVERFLOW, routes &= ~(3u << 4 | 1u << 6);
            break;
        }
        for (route = 0; route < EM_ROUTES; ++route) {
            int same = 0;
            if (!(routes >> route & 1)) continue;
            CHECK(em_call(route, &o, sp, yp, off, &same) == want);
            CHECK(same);
            if (tl_case_failed && tl_reports < 40) printf("  (case %d, route %s)\n", c, em_route_names[route]);
            if (tl_case_failed) return;
        }
    }
}

TEST(lambdarank_label_errors)
{
    double s[4] = {3, 1, 2, 0}, y[4] = {2, -1, 0, 0};
    ranknet_options o;
    memset(&o, 0, sizeof o);
    o.weighting = RANKNET_WEIGHT_DELTA_NDCG;
    o.k = 1;
    expect_query_error(&o, s, y, 4, RANKNET_ERR_RANGE); /* negative labels have no gain */
    y[1] = NAN;
    expect_query_error(&o, s, y, 4, RANKNET_ERR_NONFINITE);
}

/* The scratch guard is exact. At a 32-bit limit, where the guard once let a query of about
   30 million rows through and under-allocated, the largest n it accepts fits and the next
   does not, for every kind of scratch and several thread counts. */
TEST(scratch_guard_is_exact)
{
    static const ranknet_weighting kinds[] = {RANKNET_WEIGHT_DELTA_NDCG, RANKNET_WEIGHT_DELTA_MAP,
                                              RANKNET_WEIGHT_DELTA_ERR, RANKNET_WEIGHT_LAMBDALOSS};
    const unsigned long long limit = 4294967295ull;
    size_t kind, t, bytes;
    for (kind = 0; kind < sizeof kinds / sizeof *kinds + 2; ++kind) {
        ranknet_options o;
        ranknet__cfg c;
        memset(&o, 0, sizeof o);
        o.weighting = kind < 4 ? kinds[kind] : RANKNET_WEIGHT_DELTA_NDCG;
        if (kind == 4) o.preset = RANKNET_PRESET_LIGHTGBM;
        if (kind == 5) o.preset = RANKNET_PRESET_XGBOOST;
        CHECK(ranknet__config(&o, &c) == RANKNET_OK);
        for (t = 1; t <= 8; t *= 2) {
            size_t lo = 2, hi = (size_t)limit, n;
            unsigned long long per, want;
            CHECK(ranknet__scratch_fits(&c, lo, t, (size_t)limit, &bytes));
            while (hi - lo > 1) { /* the largest n that fits */
                size_t mid = lo + (hi - lo) / 2;
                if (ranknet__scratch_fits(&c, mid, t, (size_t)limit, &bytes)) lo = mid;
                else hi = mid;
            }
            n = lo;
            CHECK(n > 1000000); /* a real guard, not a refusal of everything */
            /* the exact sizes in 64 bits: a slice is linear in n from n = 2 */
            per = (unsigned long long)(ranknet__slice_bytes(&c, 3) - ranknet__slice_bytes(&c, 2));
            want = t * (per * n + ranknet__slice_bytes(&c, 2) - 2 * per) + 8ull * n;
            CHECK(ranknet__scratch_fits(&c, n, t, (size_t)limit, &bytes) && bytes == want && want <= limit);
            if (sizeof(size_t) >= 8) CHECK(want == t * ranknet__slice_bytes(&c, n) + 8ull * n);
            CHECK(!ranknet__scratch_fits(&c, n + 1, t, (size_t)limit, &bytes) && bytes == 0);
            CHECK(want + t * per + 8 > limit);
        }
        CHECK(!ranknet__scratch_fits(&c, (size_t)-1 / 2, 1, (size_t)-1, &bytes));
        CHECK(ranknet__scratch_fits(&c, 1, 4, (size_t)-1, &bytes) && bytes == 0);
    }
}

/* The overflow bounds hold for extreme weights as well as extreme scores: item and query
   weights whose lambdas or hessians the output type cannot hold are RANKNET_ERR_OVERFLOW
   with nothing written, for every weighting; weights that fit give finite outputs. */
TEST(overflow_bounds_with_extreme_weights)
{
    double s[3] = {1, 0, -1}, y[3] = {2, 1, 0}, g[3], h[3], iw[3], qw[1], loss;
    float sf[3] = {1, 0, -1}, yf[3] = {2, 1, 0}, gf[3], hf[3];
    size_t off[2] = {0, 3}, i;
    int w;
    for (w = 0; w < RANKNET_WEIGHT_COUNT; ++w) {
        ranknet_options o;
        memset(&o, 0, sizeof o);
        o.weighting = (ranknet_weighting)w, o.mu = 10, o.item_weights = iw;
        for (i = 0; i < 3; ++i) iw[i] = 1e300;
        CHECK(ranknet_batch(&o, s, y, off, 1, &loss, g, h) == RANKNET_OK && isfinite(loss));
        for (i = 0; i < 3; ++i) CHECK(isfinite(g[i]) && isfinite(h[i]));
        fillf(gf, 3), fillf(hf, 3);
        CHECK(ranknet_batchf(&o, sf, yf, off, 1, NULL, gf, hf) == RANKNET_ERR_OVERFLOW);
        CHECK(untouchedf(gf, 3) && untouchedf(hf, 3));
        for (i = 0; i < 3; ++i) iw[i] = DBL_MAX;
        fill(g, 3), fill(h, 3);
        CHECK(ranknet_batch(&o, s, y, off, 1, NULL, g, h) == RANKNET_ERR_OVERFLOW);
        CHECK(untouched(g, 3) && untouched(h, 3));
        o.item_weights = NULL, o.query_weights = qw, qw[0] = DBL_MAX;
        CHECK(ranknet_batch(&o, s, y, off, 1, NULL, g, h) == RANKNET_ERR_OVERFLOW);
        CHECK(untouched(g, 3) && untouched(h, 3));
        qw[0] = 1e300;
        CHECK(ranknet_batchf(&o, sf, yf, off, 1, NULL, gf, hf) == RANKNET_ERR_OVERFLOW);
        CHECK(untouchedf(gf, 3) && untouchedf(hf, 3));
        CHECK(ranknet_batch(&o, s, y, off, 1, NULL, g, h) == RANKNET_OK && isfinite(g[0]));
    }
}

/* Every failure of ranknet_query / ranknet_batch says why in opt->reason, naming the option
   or the input (and its row) and the rule; a call that succeeds leaves the buffer as it was;
   the sentence is cut to reason_size bytes. */
TEST(every_failure_says_why)
{
    enum { N = 6 };
    struct {
        const char *want1, *want2;
        ranknet_status st;
    } cases[] = {
        {"sigma -1", "finite and >= 0", RANKNET_ERR_OPTION},
        {"weighting 99", "ranknet_weighting", RANKNET_ERR_OPTION},
        {"preset LIGHTGBM needs weighting DELTA_NDCG", "not NONE", RANKNET_ERR_OPTION},
        {"preset XGBOOST needs sigma 1", "not 2", RANKNET_ERR_OPTION},
        {"label_gain needs weighting DELTA_NDCG, DELTA_DCG or LAMBDALOSS", "not DELTA_MAP", RANKNET_ERR_OPTION},
        {"normalize LOG2 needs a weighting", "RankNet", RANKNET_ERR_OPTION},
        {"score_norm needs preset XGBOOST", "", RANKNET_ERR_OPTION},
        {"preset LIGHTGBM has no query_weights", "item_weights", RANKNET_ERR_OPTION},
        {"the label of row 4 is -1", ">= 0", RANKNET_ERR_RANGE},
        {"the label of row 2 is 2.5", "label_gain (0 .. 3)", RANKNET_ERR_RANGE},
        {"the score of row 3 is nan", "", RANKNET_ERR_NONFINITE},
        {"item_weights has a negative weight (-0.5)", "", RANKNET_ERR_RANGE},
        {"offsets decrease: offsets[2] = 3 after 4", "", RANKNET_ERR_OFFSETS},
        {"query 1 has label 5, above max_label 4", "", RANKNET_ERR_RANGE},
        {"the lambdas could pass the double range", "sigma 1e+308", RANKNET_ERR_OVERFLOW},
    };
    size_t c, i;
    for (c = 0; c < sizeof cases / sizeof *cases; ++c) {
        double s[N] = {0.5, 1, -1, 2, 0, 0.3}, y[N] = {1, 0, 3, 2, 0, 1}, g[N], iw[N] = {1, 1, 1, 1, 1, 1};
        double table[4] = {0, 1, 3, 7}, qw[2] = {1, 1};
        size_t off[3] = {0, 4, N};
        char why[200];
        ranknet_options o;
        memset(&o, 0, sizeof o);
        o.reason = why, o.reason_size = sizeof why;
        switch (c) {
        case 0: o.sigma = -1; break;
        case 1: o.weighting = (ranknet_weighting)99; break;
        case 2: o.preset = RANKNET_PRESET_LIGHTGBM; break;
        case 3: o.preset = RANKNET_PRESET_XGBOOST, o.sigma = 2; break;
        case 4: o.weighting = RANKNET_WEIGHT_DELTA_MAP, o.label_gain = table, o.label_gain_len = 4; break;
        case 5: o.normalize = RANKNET_NORM_LOG2; break;
        case 6: o.score_norm = 1; break;
        case 7:
            o.preset = RANKNET_PRESET_LIGHTGBM, o.weighting = RANKNET_WEIGHT_DELTA_NDCG, o.query_weights = qw;
            break;
        case 8: o.weighting = RANKNET_WEIGHT_DELTA_NDCG, y[4] = -1; break;
        case 9: o.weighting = RANKNET_WEIGHT_DELTA_NDCG, o.label_gain = table, o.label_gain_len = 4, y[2] = 2.5; break;
        case 10: s[3] = NAN; break;
        case 11: o.weighting = RANKNET_WEIGHT_DELTA_NDCG, o.item_weights = iw, iw[5] = -0.5; break;
        case 12: off[1] = 4, off[2] = 3; break;
        case 13: o.weighting = RANKNET_WEIGHT_DELTA_ERR, o.max_label = 4, y[5] = 5; break;
        case 14: o.sigma = 1e308; break;
        }
        strcpy(why, "untouched");
        fill(g, N);
        CHECK(ranknet_batch(&o, s, y, off, 2, NULL, g, NULL) == cases[c].st);
        CHECK(untouched(g, N));
        CHECK(strstr(why, cases[c].want1) != NULL && strstr(why, cases[c].want2) != NULL);
        if (tl_case_failed && tl_reports < 40) printf("  (case %u: \"%s\")\n", (unsigned)c, why);
        memset(&o, 0, sizeof o);
        o.reason = why, o.reason_size = 6;
        strcpy(why, "untouched");
        CHECK(ranknet_batch(&o, s, y, off, 2, NULL, g, NULL) == (c == 10 || c == 12 ? cases[c].st : RANKNET_OK));
        if (c == 10 || c == 12) CHECK(strlen(why) == 5); /* cut to 6 bytes with its NUL */
        else CHECK(strcmp(why, "untouched") == 0);       /* success writes no reason */
        for (i = 0; i < N; ++i) s[i] = 0, y[i] = 0;
    }
}

/* The calls without a batch's options say why too: ranknet_metric_query (opt->reason), the
   bias state's update (bias->reason) and the unbiased batch's own checks (opt->reason) */
TEST(metric_and_bias_failures_say_why)
{
    double s[4] = {0.5, 1, -1, 2}, y[4] = {1, 0, 3, 2}, v = SENT, g[4];
    float sf[4] = {0.5f, 1, -1, 2}, yf[4] = {1, 0, 3, 2};
    size_t off[2] = {0, 4}, bad_off[2] = {1, 4};
    long long pos[4] = {0, 1, 2, 3};
    char why[200];
    ranknet_options o;
    ranknet_bias *b = NULL;
    memset(&o, 0, sizeof o);
    o.reason = why, o.reason_size = sizeof why;

    strcpy(why, "untouched");
    CHECK(ranknet_metric_query(&o, (ranknet_metric_kind)9, 0, s, y, 4, &v) == RANKNET_ERR_OPTION && v == SENT);
    CHECK(strstr(why, "metric kind 9") != NULL);
    y[2] = -3;
    CHECK(ranknet_metric_query(&o, RANKNET_METRIC_MAP, 0, s, y, 4, &v) == RANKNET_ERR_RANGE && v == SENT);
    CHECK(strstr(why, "the label of row 2 is -3") != NULL && strstr(why, ">= 0") != NULL);
    y[2] = 3, s[1] = INFINITY;
    CHECK(ranknet_metric_query(&o, RANKNET_METRIC_ERR, 3, s, y, 4, &v) == RANKNET_ERR_NONFINITE && v == SENT);
    CHECK(strstr(why, "the score of row 1 is inf") != NULL);
    yf[3] = NAN;
    CHECK(ranknet_metric_queryf(&o, RANKNET_METRIC_NDCG, 0, sf, yf, 4, &v) == RANKNET_ERR_NONFINITE && v == SENT);
    CHECK(strstr(why, "the label of row 3 is nan") != NULL);
    s[1] = 1, yf[3] = 2;
    strcpy(why, "untouched"); /* success: a value, and the buffer as it was */
    CHECK(ranknet_metric_query(&o, RANKNET_METRIC_MRR, 0, s, y, 4, &v) == RANKNET_OK && v == 1.0);
    CHECK(strcmp(why, "untouched") == 0);
    CHECK(ranknet_metric_query(NULL, RANKNET_METRIC_MRR, 0, s, y, 4, &v) == RANKNET_OK);

    CHECK(ranknet_bias_create(RANKNET_BIAS_RATIO, 4, &b) == RANKNET_OK);
    if (!b) return;
    CHECK(b->reason == NULL && b->reason_size == 0);
    b->reason = why, b->reason_size = sizeof why;
    b->t_plus[2] = -1; /* a RATIO factor <= 0: refused by the update and by the batch */
    CHECK(ranknet_bias_update(b) == RANKNET_ERR_RANGE);
    CHECK(strstr(why, "bias t_plus[2] is -1") != NULL && strstr(why, "> 0") != NULL);
    strcpy(why, "untouched");
    fill(g, 4);
    CHECK(ranknet_batch_unbiased(&o, b, s, y, pos, off, 1, NULL, g, NULL) == RANKNET_ERR_RANGE && untouched(g, 4));
    CHECK(strstr(why, "bias t_plus[2] is -1") != NULL);
    b->t_plus[2] = 1, b->regularizer = -2;
    CHECK(ranknet_bias_update(b) == RANKNET_ERR_OPTION && strstr(why, "bias regularizer -2") != NULL);
    b->regularizer = 0, b->acc_rows[1] = NAN;
    CHECK(ranknet_bias_update(b) == RANKNET_ERR_NONFINITE && strstr(why, "bias acc_rows[1] is nan") != NULL);
    b->acc_rows[1] = 0;
    pos[3] = -7;
    CHECK(ranknet_batch_unbiased(&o, b, s, y, pos, off, 1, NULL, g, NULL) == RANKNET_ERR_RANGE && untouched(g, 4));
    CHECK(strstr(why, "the position of row 3 is -7") != NULL);
    pos[3] = 3;
    CHECK(ranknet_batch_unbiased(&o, b, s, y, pos, bad_off, 1, NULL, g, NULL) == RANKNET_ERR_OFFSETS);
    CHECK(strstr(why, "offsets[0] is 1") != NULL);
    b->acc_plus[0] = 1e-300, b->acc_plus[1] = 1e300, b->acc_plus[2] = 1; /* t+_1 = 1e600 */
    CHECK(ranknet_bias_update(b) == RANKNET_ERR_OVERFLOW && b->t_plus[1] == 1.0 && b->acc_plus[1] == 1e300);
    CHECK(strstr(why, "the new factors of position 1") != NULL && strstr(why, "finite") != NULL);
    b->acc_plus[0] = 1, b->acc_plus[1] = 2, b->acc_plus[2] = 0.5;
    strcpy(why, "untouched");
    CHECK(ranknet_bias_update(b) == RANKNET_OK && b->t_plus[1] == 2.0 && strcmp(why, "untouched") == 0);
    ranknet_bias_free(b);
}

/* The pair losses' _opt twins say why: each rule of (1) and (2), float and double */
TEST(pair_losses_say_why)
{
    double d[3] = {0.5, -1, 2}, t[3] = {1, 0, 0.5}, w[3] = {1, 2, 1}, g[3], l = SENT;
    float df[3] = {0.5f, -1, 2}, wf[3] = {1, 2, 1}, gf[3];
    char why[160];
    ranknet_options o;
    memset(&o, 0, sizeof o);
    o.reason = why, o.reason_size = sizeof why;
    t[1] = 1.5;
    fill(g, 3);
    CHECK(ranknet_pair_bce_opt(&o, d, t, w, 3, &l, g) == RANKNET_ERR_RANGE && l == SENT && untouched(g, 3));
    CHECK(strstr(why, "target of pair 1 is 1.5: targets are in [0, 1]") != NULL);
    t[1] = 0, w[2] = -4;
    CHECK(ranknet_pair_bce_opt(&o, d, t, w, 3, &l, g) == RANKNET_ERR_RANGE && strstr(why, "weight of pair 2 is -4"));
    w[2] = 1, d[0] = NAN;
    CHECK(ranknet_pair_bce_opt(&o, d, t, w, 3, &l, g) == RANKNET_ERR_NONFINITE && strstr(why, "diff of pair 0 is nan"));
    d[0] = 0.5, t[2] = INFINITY;
    CHECK(ranknet_pair_bce_opt(&o, d, t, w, 3, &l, g) == RANKNET_ERR_NONFINITE &&
          strstr(why, "target of pair 2 is inf"));
    wf[1] = -1;
    fillf(gf, 3);
    CHECK(ranknet_logsigmoid_lossf_opt(&o, df, wf, 3, &l, gf) == RANKNET_ERR_RANGE && untouchedf(gf, 3));
    CHECK(strstr(why, "weight of pair 1 is -1") != NULL);
    w[0] = 1e308, w[1] = 1e308, d[1] = -1e300; /* softplus(1e300) weighed 1e308 */
    CHECK(ranknet_logsigmoid_loss_opt(&o, d, w, 3, &l, g) == RANKNET_ERR_OVERFLOW && strstr(why, "passes DBL_MAX"));
    strcpy(why, "untouched");
    t[2] = 0.5, w[0] = w[1] = 1, d[1] = -1;
    CHECK(ranknet_pair_bce_opt(&o, d, t, w, 3, &l, g) == RANKNET_OK && strcmp(why, "untouched") == 0);
    CHECK(ranknet_pair_bce_opt(NULL, d, t, w, 3, &l, g) == RANKNET_OK);
}
