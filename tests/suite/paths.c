/* Code paths and dispatch: every SIMD path and kernel variant against the scalar path and
   the reference, the exp bound, the kernel that ran, saturation on every path. */

/* ---- every code path ------------------------------------------------------------------------ */

TEST(every_simd_path_matches_reference)
{
    /* sizes around the vector widths, the row groups, 96 (the AVX-512 float kernel's
       switch to 16 lanes) and the blocks of 512 and 1024 items */
    size_t sizes[] = {2, 3, 7, 8, 9, 17, 95, 96, 97, 255, 256, 257, 511, 512, 513, 1023, 1024, 1025}, a, b;
    int kind, ran = 0;
    for (b = 0; b < sizeof all_paths / sizeof *all_paths; ++b) ran += ranknet_simd_supported(all_paths[b]);
    for (a = 0; a < sizeof sizes / sizeof *sizes; ++a) /* each reference once, for every path */
        for (kind = 0; kind < LABELS_KINDS; ++kind) {
            if (sizes[a] > 600 && kind % 2) continue; /* the O(n^2) reference: two kinds up there */
            check_against_reference(sizes[a], kind, 1.0, 0, 1, RANKNET_SIMD_COUNT);
            check_against_reference(sizes[a], kind, 2.5, 1, 1, RANKNET_SIMD_COUNT);
        }
    check_against_reference(3000, LABELS_GRADED, 0.3, 0, 7, RANKNET_SIMD_COUNT);
    CHECK(ran >= 1);
    CHECK(ranknet_simd_supported(ranknet_simd_best()));
#if defined(__x86_64__) && !defined(RANKNET_NO_SIMD)
    CHECK(ranknet_simd_supported(RANKNET_SIMD_SSE2)); /* part of x86-64 itself */
#endif
}

TEST(paths_agree_and_are_exact_at_extremes)
{
    size_t b, n = 333, i;
    double *s = dalloc(n), *y = dalloc(n), *g0 = dalloc(n), *g = dalloc(n), l0, l;
    float gf[2], hf[2], sf[2] = {1e30f, -1e30f}, yf[2] = {0, 1};
    ranknet_options o;
    memset(&o, 0, sizeof o);
    make_query(s, y, n, LABELS_GRADED, 5.0);
    o.simd = RANKNET_SIMD_SCALAR;
    CHECK(ranknet_query(&o, s, y, n, &l0, g0, NULL) == RANKNET_OK);
    for (b = 0; b < sizeof all_paths / sizeof *all_paths; ++b) {
        double gs[2], hs[2], ss[2] = {1e30, -1e30}, ys[2] = {0, 1};
        o.simd = all_paths[b];
        if (!ranknet_simd_supported(o.simd)) {
            CHECK(ranknet_query(&o, s, y, n, &l, g, NULL) == RANKNET_ERR_OPTION);
            continue;
        }
        CHECK(ranknet_query(&o, s, y, n, &l, g, NULL) == RANKNET_OK);
        CHECK_NEAR(l, l0, l0, 1e-13);
        for (i = 0; i < n; ++i) CHECK_NEAR(g[i], g0[i], (double)n, 1e-13);
        /* saturated pairs are exact on every path: lambdas +-1 or 0, curvature 0 */
        CHECK(ranknet_query(&o, ss, ys, 2, &l, gs, hs) == RANKNET_OK);
        CHECK(l == 2e30 && gs[0] == 1 && gs[1] == -1 && hs[0] == 0 && hs[1] == 0);
        CHECK(ranknet_queryf(&o, sf, yf, 2, &l, gf, hf) == RANKNET_OK);
        CHECK(gf[0] == 1 && gf[1] == -1 && hf[0] == 0 && hf[1] == 0);
        ys[0] = 1, ys[1] = 0;
        CHECK(ranknet_query(&o, ss, ys, 2, &l, gs, hs) == RANKNET_OK);
        CHECK(l == 0 && gs[0] == 0 && gs[1] == 0 && hs[0] == 0);
        ss[0] = -1e30, ss[1] = 1e30; /* the same pair the other way round */
        CHECK(ranknet_query(&o, ss, ys, 2, &l, gs, hs) == RANKNET_OK);
        CHECK(l == 2e30 && gs[0] == -1 && gs[1] == 1 && hs[0] == 0);
    }
    o.simd = (ranknet_simd)99;
    CHECK(ranknet_query(&o, s, y, n, &l, g, NULL) == RANKNET_ERR_OPTION);
    CHECK(strcmp(ranknet_simd_string((ranknet_simd)99), "unknown") == 0);
    CHECK(strcmp(ranknet_simd_string(RANKNET_SIMD_AUTO), "auto") == 0);
    for (b = 0; b < sizeof all_paths / sizeof *all_paths; ++b) { /* names: distinct, not "unknown" */
        size_t c;
        CHECK(strcmp(ranknet_simd_string(all_paths[b]), "unknown") != 0);
        for (c = 0; c < b; ++c)
            CHECK(strcmp(ranknet_simd_string(all_paths[b]), ranknet_simd_string(all_paths[c])) != 0);
    }
    free(s), free(y), free(g0), free(g);
}

TEST(simd_exp_error_bound)
{
#ifdef RANKNET__SIMD
    /* the vector exponentials on a dense grid, within 2 ulp: 2^x against exp2l, float
       (2^-22 relative) and double (2^-51); exactly 0 below the clamp */
    double worst_f = 0, worst_d = 0;
    int i, lane;
    for (i = 0; i < 200000; ++i) {
        double x = -87.3 + 174.3 * (double)i / 200000.0;
        ranknet__f32x8_v vf;
        ranknet__f64x4_v vd;
        for (lane = 0; lane < 8; ++lane) vf[lane] = (float)(1.45 * x + 1e-4 * lane); /* -126.6 .. 126.7 */
        for (lane = 0; lane < 4; ++lane) vd[lane] = 11.6 * (x + 1e-4 * lane) - 10.0; /* -1022.7 .. 1012 */
        {
            ranknet__f32x8_v xf = vf;
            ranknet__f64x4_v xd = vd;
            ranknet__f32x8_exp2_rows(&xf, 1);
            ranknet__f64x4_exp2_rows(&xd, 1);
            for (lane = 0; lane < 8; ++lane) {
                long double want = exp2l((long double)vf[lane]);
                double err;
                if (vf[lane] < -126.5f) { /* n = -127: flushed to 0, as documented */
                    if (xf[lane] != 0) worst_f = 1;
                    continue;
                }
                err = (double)fabsl(((long double)xf[lane] - want) / want);
                if (err > worst_f) worst_f = err;
            }
            for (lane = 0; lane < 4; ++lane) {
                long double want = exp2l((long double)vd[lane]);
                double err;
                if (vd[lane] < -1022.5) { /* n = -1023: flushed to 0 */
                    if (xd[lane] != 0) worst_d = 1;
                    continue;
                }
                if (vd[lane] < -1021) continue; /* a subnormal result: absolute precision only */
                err = (double)fabsl(((long double)xd[lane] - want) / want);
                if (err > worst_d) worst_d = err;
            }
        }
    }
    if (getenv("TEST_VERBOSE"))
        printf("  exp worst relative error: float 2^x %.3g, double 2^x %.3g\n", worst_f, worst_d);
    CHECK(worst_f <= 2.4e-7);
    CHECK(worst_d <= 4.5e-16);
    {
        ranknet__f32x8_v lo = {-127, -127, -127, -127, -126.51f, -126.51f, -126.51f, -126.51f};
        ranknet__f64x4_v lod = {-1023, -1023, -1022.51, -1022.51};
        ranknet__f32x8_exp2_rows(&lo, 1);
        ranknet__f64x4_exp2_rows(&lod, 1);
        CHECK(lo[0] == 0 && lo[7] == 0 && lod[0] == 0 && lod[3] == 0);
    }
#else
    /* no vector code in this build: the scalar path is libm's exp */
    CHECK(!ranknet_simd_supported(RANKNET_SIMD_SSE2) && !ranknet_simd_supported(RANKNET_SIMD_AVX2));
#endif
}

/* LambdaRank on every code path (the weighted vector kernels) against the long-double
   evaluation, at the accuracy contract, and against the scalar path */
TEST(lambdarank_every_path_matches_reference)
{
    static const size_t sizes[] = {2, 3, 9, 17, 31, 33, 95, 96, 97, 257, 600}, ks[] = {0, 1, 10, 30};
    size_t a, b, c, i;
    int ran = 0;
    for (b = 0; b < sizeof all_paths / sizeof *all_paths; ++b) {
        if (!ranknet_simd_supported(all_paths[b])) continue;
        ran++;
        for (a = 0; a < sizeof sizes / sizeof *sizes; ++a)
            for (c = 0; c < sizeof ks / sizeof *ks; ++c) {
                size_t n = sizes[a];
                int variant = (int)(a + c), linear = variant % 3 == 1, normalize = variant % 2;
                double sigma = variant % 4 == 3 ? 0.6 : 1.0, l, l0, lf;
                double *s = dalloc(n), *y = dalloc(n), *g = dalloc(n), *h = dalloc(n), *g0 = dalloc(n), *h0 = dalloc(n);
                float *sf = falloc(n), *yf = falloc(n), *gf = falloc(n), *hf = falloc(n);
                ranknet_options o;
                ref r;
                memset(&o, 0, sizeof o);
                o.weighting = RANKNET_WEIGHT_DELTA_NDCG;
                o.k = ks[c];
                o.gain = linear ? RANKNET_GAIN_LINEAR : RANKNET_GAIN_EXP2;
                o.normalize = normalize ? RANKNET_NORM_LOG2 : RANKNET_NORM_NONE;
                o.sigma = sigma;
                make_lambdarank_query(s, y, n, variant % 5 == 2, 4);
                if (variant % 7 == 4) /* fractional labels: neither graded nor integer gains */
                    for (i = 0; i < n; ++i) y[i] = 0.25 * floor(17 * tl_uniform());
                if (variant % 7 == 6) /* every label below 1: every gain below 1 */
                    for (i = 0; i < n; ++i) y[i] = 0.125 * floor(8 * tl_uniform());
                for (i = 0; i < n; ++i) sf[i] = (float)s[i], yf[i] = (float)y[i], s[i] = sf[i];
                ref_alloc(&r, n);
                oracle_ref(&r, &o, s, y, n);
                o.simd = RANKNET_SIMD_SCALAR;
                CHECK(ranknet_query(&o, s, y, n, &l0, g0, h0) == RANKNET_OK);
                o.simd = all_paths[b];
                CHECK(ranknet_query(&o, s, y, n, &l, g, h) == RANKNET_OK);
                CHECK(ranknet_queryf(&o, sf, yf, n, &lf, gf, hf) == RANKNET_OK);
                CHECK_NEAR(l, r.loss, r.loss_scale, 1e-11);
                CHECK_NEAR(lf, r.loss, r.loss_scale, 1e-6);
                CHECK_NEAR(l, l0, r.loss_scale, 1e-13);
                for (i = 0; i < n; ++i) {
                    CHECK_NEAR(g[i], r.grad[i], r.gscale[i], 1e-11);
                    CHECK_NEAR(h[i], r.hess[i], r.hscale[i], 1e-11);
                    CHECK_NEAR(gf[i], r.grad[i], r.gscale[i], 1e-5);
                    CHECK_NEAR(hf[i], r.hess[i], r.hscale[i], 1e-5);
                    CHECK_NEAR(g[i], g0[i], r.gscale[i], 1e-13); /* the paths agree */
                    CHECK_NEAR(h[i], h0[i], r.hscale[i], 1e-13);
                }
                ref_free(&r);
                free(s), free(y), free(g), free(h), free(g0), free(h0), free(sf), free(yf), free(gf), free(hf);
            }
        if (getenv("TEST_VERBOSE")) printf("  LambdaRank on path %s checked\n", ranknet_simd_string(all_paths[b]));
    }
    CHECK(ran >= 1);
}

/* One query on one path (o->simd) against the scalar path's loss l0, lambdas g0 and
   hessians h0: both precisions (sf, yf: the same values as floats), with and without the
   loss (each its own compiled kernel), lambdas or curvatures alone; nothing written where
   nothing was asked. relative: the error against tol of the scales gs and hs (the loss's
   own), else within tol * max(1, scale) (l0 + 1 for the loss). */
static void check_runs_against_scalar(const ranknet_options *o, const double *s, const double *y, const float *sf,
                                      const float *yf, size_t n, double l0, const double *g0, const double *h0,
                                      double gs, double hs, int relative, double tol_d, double tol_f)
{
    double *g = dalloc(n), *h = dalloc(n);
    float *gf = falloc(n), *hf = falloc(n);
    size_t i;
    int f32, outputs, want_loss;
    for (f32 = 0; f32 < 2; ++f32)
        for (outputs = 0; outputs < 3; ++outputs) /* both, lambdas alone, curvatures alone */
            for (want_loss = 0; want_loss < 2; ++want_loss) {
                double l = -1, tol = f32 ? tol_f : tol_d;
                int with_g = outputs != 2, with_h = outputs != 1;
                memset(g, 0, n * sizeof *g), memset(h, 0, n * sizeof *h);
                memset(gf, 0, n * sizeof *gf), memset(hf, 0, n * sizeof *hf);
                if (f32) {
                    CHECK(ranknet_queryf(o, sf, yf, n, want_loss ? &l : NULL, with_g ? gf : NULL, with_h ? hf : NULL) ==
                          RANKNET_OK);
                    for (i = 0; i < n; ++i) g[i] = gf[i], h[i] = hf[i];
                } else {
                    CHECK(ranknet_query(o, s, y, n, want_loss ? &l : NULL, with_g ? g : NULL, with_h ? h : NULL) ==
                          RANKNET_OK);
                }
                if (want_loss) CHECK_NEAR(l, l0, relative ? l0 : l0 + 1, tol);
                else CHECK(l == -1); /* no loss asked, none written */
                for (i = 0; i < n; ++i) {
                    if (!with_g) CHECK(g[i] == 0);
                    else if (relative) CHECK_NEAR(g[i] / gs, g0[i] / gs, 1, tol);
                    else CHECK_NEAR(g[i], g0[i], gs, tol);
                    if (!with_h) CHECK(h[i] == 0);
                    else if (relative) CHECK_NEAR(h[i] / hs, h0[i] / hs, 1, tol);
                    else CHECK_NEAR(h[i], h0[i], hs, tol);
                }
                if (tl_case_failed && tl_reports < 40)
                    printf("  (path %d, n %u, f32 %d)\n", (int)o->simd, (unsigned)n, f32);
            }
    free(g), free(h), free(gf), free(hf);
}

/* Every kernel each path has, against the scalar path: with and without the loss (each its
   own compiled kernel), lambdas or curvatures alone, ties skipped, LambdaRank cut or not,
   and sizes that cross the row groups, the 16-group flush of the column sums and the blocks */
TEST(every_kernel_variant_matches_scalar)
{
    static const size_t sizes[] = {6, 45, 130, 700, 1100};
    size_t b, a, i;
    int mode, ran = 0;
    for (a = 0; a < sizeof sizes / sizeof *sizes; ++a)
        for (mode = 0; mode < 4; ++mode) { /* RankNet, skip ties, LambdaRank, LambdaRank@10 */
            size_t n = sizes[a];
            double *s = dalloc(n), *y = dalloc(n), *g0 = dalloc(n), *h0 = dalloc(n);
            double l0 = 0, sigma = mode == 1 ? 1.7 : 0.8, gscale = sigma * (double)n, hscale = sigma * gscale;
            float *sf = falloc(n), *yf = falloc(n);
            ranknet_options o;
            memset(&o, 0, sizeof o);
            o.sigma = sigma;
            o.ties = mode == 1 ? RANKNET_TIES_SKIP : RANKNET_TIES_HALF;
            o.weighting = mode >= 2 ? RANKNET_WEIGHT_DELTA_NDCG : RANKNET_WEIGHT_NONE;
            o.k = mode == 3 ? 10 : 0;
            make_lambdarank_query(s, y, n, a % 2, 3);
            for (i = 0; i < n; ++i) sf[i] = (float)s[i], yf[i] = (float)y[i], s[i] = sf[i];
            o.simd = RANKNET_SIMD_SCALAR;
            CHECK(ranknet_query(&o, s, y, n, &l0, g0, h0) == RANKNET_OK);
            for (b = 1; b < sizeof all_paths / sizeof *all_paths; ++b) {
                if (!ranknet_simd_supported(all_paths[b])) continue;
                ran++;
                o.simd = all_paths[b];
                check_runs_against_scalar(&o, s, y, sf, yf, n, l0, g0, h0, gscale, hscale, 0, 1e-13, 2e-5);
            }
            free(s), free(y), free(g0), free(h0), free(sf), free(yf);
        }
#ifdef RANKNET__SIMD
    CHECK(ran >= 1);
#endif
    (void)ran;
}

/* The staged weightings (every weighting but RankNet and the library's delta NDCG, and the
   presets' top-k pairs) on every path against the scalar path: both precisions, with and
   without the loss, lambdas or curvatures alone, at sizes that cross the row groups, the
   column-sum flush and the blocks; delta ERR with its tile (k <= 128) and without (k >
   128, and the whole list past 128 items) */
typedef struct staged_case {
    ranknet_weighting w;
    ranknet_preset preset;
    size_t k;
    int table, item_weights, norm, score_norm, skip, binary, linear; /* linear: gain y, labels + 0.5 */
} staged_case;

static const staged_case staged_cases[] = {
    {RANKNET_WEIGHT_DELTA_NDCG, RANKNET_PRESET_NONE, 10, 1, 0, 1, 0, 0, 0, 0},
    {RANKNET_WEIGHT_DELTA_NDCG, RANKNET_PRESET_NONE, 0, 0, 1, 0, 0, 0, 0, 0},
    {RANKNET_WEIGHT_DELTA_MAP, RANKNET_PRESET_NONE, 10, 0, 0, 1, 0, 0, 1, 0},
    {RANKNET_WEIGHT_DELTA_MAP, RANKNET_PRESET_NONE, 0, 0, 1, 0, 0, 0, 0, 0},
    {RANKNET_WEIGHT_DELTA_MRR, RANKNET_PRESET_NONE, 30, 0, 0, 1, 0, 0, 1, 0},
    {RANKNET_WEIGHT_DELTA_ERR, RANKNET_PRESET_NONE, 30, 0, 0, 1, 0, 0, 0, 0},
    {RANKNET_WEIGHT_DELTA_ERR, RANKNET_PRESET_NONE, 200, 0, 1, 0, 0, 0, 0, 0},
    {RANKNET_WEIGHT_DELTA_ERR, RANKNET_PRESET_NONE, 0, 0, 0, 0, 0, 0, 0, 0},
    {RANKNET_WEIGHT_LAMBDALOSS, RANKNET_PRESET_NONE, 40, 1, 0, 1, 0, 0, 0, 0},
    {RANKNET_WEIGHT_LAMBDALOSS, RANKNET_PRESET_NONE, 0, 0, 1, 0, 0, 0, 0, 0},
    {RANKNET_WEIGHT_LABEL_DIFF, RANKNET_PRESET_NONE, 20, 0, 0, 1, 0, 0, 0, 0},
    {RANKNET_WEIGHT_DELTA_DCG, RANKNET_PRESET_NONE, 10, 1, 0, 1, 0, 0, 0, 0},
    {RANKNET_WEIGHT_NONE, RANKNET_PRESET_NONE, 0, 0, 1, 0, 0, 1, 0, 0},
    {RANKNET_WEIGHT_NONE, RANKNET_PRESET_NONE, 0, 0, 1, 0, 0, 0, 0, 0},
    {RANKNET_WEIGHT_DELTA_NDCG, RANKNET_PRESET_LIGHTGBM, 30, 0, 1, 1, 0, 0, 0, 0},
    {RANKNET_WEIGHT_DELTA_NDCG, RANKNET_PRESET_LIGHTGBM, 0, 1, 0, 0, 0, 0, 0, 0},
    {RANKNET_WEIGHT_DELTA_NDCG, RANKNET_PRESET_XGBOOST, 32, 0, 0, 1, 1, 0, 0, 0},
    {RANKNET_WEIGHT_NONE, RANKNET_PRESET_XGBOOST, 8, 0, 0, 0, 1, 0, 0, 0},
    {RANKNET_WEIGHT_DELTA_MAP, RANKNET_PRESET_XGBOOST, 16, 0, 0, 1, 0, 0, 1, 0},
    {RANKNET_WEIGHT_DELTA_NDCG, RANKNET_PRESET_NONE, 12, 0, 1, 1, 0, 0, 0, 1},
    {RANKNET_WEIGHT_LAMBDALOSS, RANKNET_PRESET_NONE, 12, 0, 0, 0, 0, 0, 0, 1},
};

/* The options of a staged case (table: its gain table; iw: its item weights) */
static ranknet_options staged_options(const staged_case *sc, const double *table, const double *iw)
{
    ranknet_options o;
    memset(&o, 0, sizeof o);
    o.weighting = sc->w, o.preset = sc->preset, o.k = sc->k, o.mu = 10, o.score_norm = sc->score_norm;
    o.normalize = sc->norm ? RANKNET_NORM_LOG2 : RANKNET_NORM_NONE;
    o.ties = sc->skip ? RANKNET_TIES_SKIP : RANKNET_TIES_HALF;
    if (sc->table) o.label_gain = table, o.label_gain_len = 5;
    if (sc->item_weights) o.item_weights = iw;
    if (sc->linear) o.gain = RANKNET_GAIN_LINEAR;
    return o;
}

TEST(every_staged_weighting_matches_scalar)
{
    static const size_t sizes[] = {7, 45, 130, 700, 1100};
    static const double table[5] = {0, 1, 3, 7, 20};
    size_t c, a, b, i;
    int ran = 0;
    for (c = 0; c < sizeof staged_cases / sizeof *staged_cases; ++c)
        for (a = 0; a < sizeof sizes / sizeof *sizes; ++a) {
            const staged_case *sc = &staged_cases[c];
            size_t n = sizes[a];
            double *s = dalloc(n), *y = dalloc(n), *g0 = dalloc(n), *h0 = dalloc(n);
            double *iw = dalloc(n), l0 = 0, gmax = 0, hmax = 0;
            float *sf = falloc(n), *yf = falloc(n);
            ranknet_options o = staged_options(sc, table, iw);
            if (sc->preset == RANKNET_PRESET_NONE && sc->w != RANKNET_WEIGHT_LABEL_DIFF) o.sigma = a % 2 ? 0.7 : 1.3;
            make_lambdarank_query(s, y, n, a % 2, sc->binary ? 1 : 4);
            for (i = 0; sc->linear && i < n; ++i) y[i] += 0.5; /* not the usual grades */
            for (i = 0; i < n; ++i) sf[i] = (float)s[i], yf[i] = (float)y[i], s[i] = sf[i], iw[i] = 0.5 + tl_uniform();
            o.simd = RANKNET_SIMD_SCALAR;
            CHECK(ranknet_query(&o, s, y, n, &l0, g0, h0) == RANKNET_OK);
            for (i = 0; i < n; ++i) gmax = fmax(gmax, fabs(g0[i])), hmax = fmax(hmax, fabs(h0[i]));
            if (gmax == 0) gmax = hmax = 1; /* nothing relevant: every output must be 0 */
            for (b = 1; b < sizeof all_paths / sizeof *all_paths; ++b) {
                if (!ranknet_simd_supported(all_paths[b])) continue;
                ran++;
                o.simd = all_paths[b];
                check_runs_against_scalar(&o, s, y, sf, yf, n, l0, g0, h0, gmax, hmax, 1, 1e-12, 2e-5);
                if (tl_case_failed && tl_reports < 40) printf("  (staged case %u)\n", (unsigned)c);
            }
            free(s), free(y), free(g0), free(h0), free(iw), free(sf), free(yf);
            if (tl_case_failed) return;
        }
#ifdef RANKNET__SIMD
    CHECK(ran >= 1);
#endif
    (void)ran;
}

typedef void (*tl_fn)(void);

/* The kernel a path must run: by name, not through ranknet__kernel_for's table. kind: 0
   plain RankNet, 1 delta NDCG, 2 staged. */
#define TL_PICK(f32, kind, P32, P64)              \
    ((f32) ? ((kind) == 2 ? (tl_fn)P32##_staged   \
              : (kind)    ? (tl_fn)P32##_weighted \
                          : (tl_fn)P32##_plain)      \
           : ((kind) == 2 ? (tl_fn)P64##_staged   \
              : (kind)    ? (tl_fn)P64##_weighted \
                          : (tl_fn)P64##_plain))
static tl_fn expected_kernel(ranknet_simd path, int f32, int kind, size_t n)
{
    (void)f32, (void)kind, (void)n;
#if defined(RANKNET__SIMD) && defined(__x86_64__)
    if (path == RANKNET_SIMD_SSE2) return TL_PICK(f32, kind, ranknet__f32x8_base, ranknet__f64x4_base);
#ifndef RANKNET_NO_AVX2
    if (path == RANKNET_SIMD_AVX2) return TL_PICK(f32, kind, ranknet__f32x8_avx2, ranknet__f64x4_avx2);
#endif
#ifndef RANKNET_NO_AVX512
    if (path == RANKNET_SIMD_AVX512 && n < 96) return TL_PICK(f32, kind, ranknet__f32x8_avx512, ranknet__f64x8_avx512);
    if (path == RANKNET_SIMD_AVX512) return TL_PICK(f32, kind, ranknet__f32x16_avx512, ranknet__f64x8_avx512);
#endif
#endif
#if defined(RANKNET__SIMD) && defined(__aarch64__)
    if (path == RANKNET_SIMD_NEON) return TL_PICK(f32, kind, ranknet__f32x8_base, ranknet__f64x4_base);
#endif
    (void)path;
    return (tl_fn)ranknet__scalar_kernel;
}

/* The path asked for is the path that ran: every path, both precisions, RankNet,
   LambdaRank and each staged weighting and preset, short and long queries; AUTO runs the
   best path's kernel; scores beyond the vector kernels' range fall back to the scalar
   kernel */
TEST(the_path_asked_for_is_the_path_that_ran)
{
    static const size_t sizes[] = {50, 95, 96, 200}; /* each side of the narrow kernels' 96 */
    size_t b, a, i;
    int f32, weighted;
    for (b = 0; b < sizeof all_paths / sizeof *all_paths + 1; ++b) {
        ranknet_simd path = b < sizeof all_paths / sizeof *all_paths ? all_paths[b] : RANKNET_SIMD_AUTO;
        ranknet_simd runs = path == RANKNET_SIMD_AUTO ? ranknet_simd_best() : path;
        size_t c;
        if (!ranknet_simd_supported(path)) continue;
        for (c = 0; c < sizeof staged_cases / sizeof *staged_cases; ++c)
            for (a = 0; a < sizeof sizes / sizeof *sizes; ++a)
                for (f32 = 0; f32 < 2; ++f32) {
                    const staged_case *sc = &staged_cases[c];
                    size_t n = sizes[a];
                    double s[200], y[200], g[200], iw[200], table[5] = {0, 1, 3, 7, 20};
                    float sf[200], yf[200], gf[200];
                    ranknet_options o = staged_options(sc, table, iw);
                    o.simd = path;
                    make_lambdarank_query(s, y, n, 0, sc->binary ? 1 : 4);
                    for (i = 0; i < n; ++i) sf[i] = (float)s[i], yf[i] = (float)y[i], iw[i] = 1.5;
                    tl_kernel_ran = NULL;
                    if (f32) CHECK(ranknet_queryf(&o, sf, yf, n, NULL, gf, NULL) == RANKNET_OK);
                    else CHECK(ranknet_query(&o, s, y, n, NULL, g, NULL) == RANKNET_OK);
                    /* delta ERR of the whole list past its tile: only the triangle, no kernel */
                    if (!(sc->w == RANKNET_WEIGHT_DELTA_ERR && (sc->k == 0 || sc->k >= n)))
                        CHECK(tl_kernel_ran == expected_kernel(runs, f32, 2, n));
                    if (tl_case_failed && tl_reports < 40)
                        printf("  (staged case %u, n %u, path %d, f32 %d)\n", (unsigned)c, (unsigned)n, (int)path, f32);
                }
    }
    for (b = 0; b < sizeof all_paths / sizeof *all_paths + 1; ++b) {
        ranknet_simd path = b < sizeof all_paths / sizeof *all_paths ? all_paths[b] : RANKNET_SIMD_AUTO;
        ranknet_simd runs = path == RANKNET_SIMD_AUTO ? ranknet_simd_best() : path;
        if (!ranknet_simd_supported(path)) continue;
        for (a = 0; a < sizeof sizes / sizeof *sizes; ++a)
            for (f32 = 0; f32 < 2; ++f32)
                for (weighted = 0; weighted < 2; ++weighted) {
                    size_t n = sizes[a];
                    double *s = dalloc(n), *y = dalloc(n), *g = dalloc(n), l;
                    float *sf = falloc(n), *yf = falloc(n), *gf = falloc(n);
                    ranknet_options o;
                    memset(&o, 0, sizeof o);
                    o.simd = path;
                    o.weighting = weighted ? RANKNET_WEIGHT_DELTA_NDCG : RANKNET_WEIGHT_NONE;
                    o.k = 10;
                    make_lambdarank_query(s, y, n, 0, 4);
                    for (i = 0; i < n; ++i) sf[i] = (float)s[i], yf[i] = (float)y[i];
                    tl_kernel_ran = NULL;
                    if (f32) CHECK(ranknet_queryf(&o, sf, yf, n, &l, gf, NULL) == RANKNET_OK);
                    else CHECK(ranknet_query(&o, s, y, n, &l, g, NULL) == RANKNET_OK);
                    CHECK(tl_kernel_ran == expected_kernel(runs, f32, weighted, n));
                    /* scores near DBL_MAX: only the scalar kernel takes them */
                    s[0] = 1e307, s[1] = -1e307;
                    tl_kernel_ran = NULL;
                    CHECK(ranknet_query(&o, s, y, n, NULL, g, NULL) == RANKNET_OK); /* the loss would overflow */
                    CHECK(tl_kernel_ran == (tl_fn)ranknet__scalar_kernel);
                    free(s), free(y), free(g), free(sf), free(yf), free(gf);
                }
    }
}

/* AUTO runs the best path the CPU has, AVX-512 first on x86-64 */
TEST(auto_picks_the_widest_path)
{
#if defined(__x86_64__) && !defined(RANKNET_NO_SIMD)
    if (ranknet_simd_supported(RANKNET_SIMD_AVX512)) CHECK(ranknet_simd_best() == RANKNET_SIMD_AVX512);
    else if (ranknet_simd_supported(RANKNET_SIMD_AVX2)) CHECK(ranknet_simd_best() == RANKNET_SIMD_AVX2);
    else CHECK(ranknet_simd_best() == RANKNET_SIMD_SSE2);
    CHECK(!ranknet_simd_supported(RANKNET_SIMD_AVX512) || ranknet_simd_supported(RANKNET_SIMD_AVX2));
#endif
#if defined(RANKNET_NO_AVX2) /* leaves out AVX-512 too */
    CHECK(!ranknet_simd_supported(RANKNET_SIMD_AVX2) && !ranknet_simd_supported(RANKNET_SIMD_AVX512));
#if defined(__x86_64__) && !defined(RANKNET_NO_SIMD)
    CHECK(ranknet_simd_best() == RANKNET_SIMD_SSE2);
#endif
#elif defined(RANKNET_NO_AVX512)
    CHECK(!ranknet_simd_supported(RANKNET_SIMD_AVX512));
#endif
    CHECK(strcmp(ranknet_simd_string(RANKNET_SIMD_AVX512), "avx512") == 0);
}

/* "A score gap of 1e30 gives a loss of exactly 1e30 (or 0) and lambdas of exactly +-1
   (or 0)", saturated pairs "come out exact": on every path, both precisions, RankNet and
   LambdaRank, both orientations; the hessian exactly 0. */
TEST(saturation_is_exact_on_every_path)
{
    size_t b;
    int wrong, kind, flip;
    for (b = 0; b < sizeof all_paths / sizeof *all_paths; ++b) {
        if (!ranknet_simd_supported(all_paths[b])) continue;
        for (kind = 0; kind < 2; ++kind)
            for (wrong = 0; wrong < 2; ++wrong)
                for (flip = 0; flip < 2; ++flip) {
                    double s[2], y[2], g[2], h[2], l, lf;
                    float sf[2], yf[2], gf[2], hf[2];
                    ranknet_options o;
                    /* LambdaRank of two items with labels 1 and 0: the weight is |delta NDCG| =
                       (1 - 1 / log2 3) / 1, and the saturated lambdas are exactly +- that */
                    double wt = kind ? 1.0 - 0.63092975357145743710 : 1.0; /* 1 / log2 3, rounded once */
                    memset(&o, 0, sizeof o);
                    o.simd = all_paths[b], o.weighting = kind ? RANKNET_WEIGHT_DELTA_NDCG : RANKNET_WEIGHT_NONE;
                    s[flip] = 5e29, s[1 - flip] = -5e29;                  /* gap 1e30 */
                    y[flip] = wrong ? 0 : 1, y[1 - flip] = wrong ? 1 : 0; /* the top item is less relevant */
                    sf[0] = (float)s[0], sf[1] = (float)s[1], yf[0] = (float)y[0], yf[1] = (float)y[1];
                    CHECK(ranknet_query(&o, s, y, 2, &l, g, h) == RANKNET_OK);
                    CHECK(ranknet_queryf(&o, sf, yf, 2, &lf, gf, hf) == RANKNET_OK);
                    CHECK(l == (wrong ? 1e30 * wt : 0.0));
                    CHECK(g[flip] == (wrong ? wt : 0.0) && g[1 - flip] == (wrong ? -wt : 0.0));
                    CHECK(h[0] == 0 && h[1] == 0);
                    CHECK(gf[flip] == (float)(wrong ? wt : 0.0) && gf[1 - flip] == (float)(wrong ? -wt : 0.0));
                    CHECK(hf[0] == 0 && hf[1] == 0);
                    CHECK(wrong ? fabs(lf - 1e30 * wt) <= 1e-6 * 1e30 : lf == 0);
                }
    }
}
