/* Numerics: known values, finite differences, the long-double reference, structure (sums,
   batches, the pair functions), the PyTorch identities, extreme and tiny inputs. */

/* ---- known values -------------------------------------------------------------------- */

TEST(known_values_by_hand)
{
    /* two items, the better one ahead by 1: loss = log(1 + e^-1), lambda = -/+ 1/(1 + e) */
    double s[3] = {1, 0, 0}, y[3] = {1, 0, 0}, g[3], h[3], l;
    double sig1 = 1.0 / (1.0 + exp(-1.0));
    CHECK(ranknet_loss(s, y, 2, &l) == RANKNET_OK);
    CHECK_NEAR(l, 0.31326168751822283, 1, 1e-15);
    CHECK(ranknet_grad(s, y, 2, g) == RANKNET_OK);
    CHECK_NEAR(g[0], -0.2689414213699951, 1, 1e-15);
    CHECK_NEAR(g[1], 0.2689414213699951, 1, 1e-15);
    CHECK(ranknet_query(NULL, s, y, 2, NULL, NULL, h) == RANKNET_OK);
    CHECK_NEAR(h[0], sig1 * (1 - sig1), 1, 1e-15);
    CHECK_NEAR(h[1], 0.19661193324148185, 1, 1e-15);

    /* equal labels, equal scores: target 1/2, loss log 2, no pull either way */
    y[0] = 0;
    s[0] = 0;
    CHECK(ranknet_loss(s, y, 2, &l) == RANKNET_OK);
    CHECK_NEAR(l, LN2, 1, 1e-15);
    CHECK(ranknet_grad(s, y, 2, g) == RANKNET_OK);
    CHECK(g[0] == 0 && g[1] == 0);

    /* three items, s = (2, 1, 0), y = (0, 1, 2): every pair inverted.
       pairs (0,1) d=1, (0,2) d=2, (1,2) d=1, all t = 0: loss = 2 softplus(1) + softplus(2) */
    s[0] = 2, s[1] = 1, s[2] = 0;
    y[0] = 0, y[1] = 1, y[2] = 2;
    CHECK(ranknet_loss(s, y, 3, &l) == RANKNET_OK);
    CHECK_NEAR(l, 2 * 1.3132616875182228 + 2.1269280110429727, 1, 1e-14);
    CHECK(ranknet_grad(s, y, 3, g) == RANKNET_OK);
    /* g0 = sig(1) + sig(2); g1 = -sig(1) + sig(1) = 0; g2 = -sig(2) - sig(1) */
    CHECK_NEAR(g[0], 0.7310585786300049 + 0.8807970779778823, 1, 1e-15);
    CHECK_NEAR(g[1], 0, 1, 1e-15);
    CHECK_NEAR(g[2], -(0.7310585786300049 + 0.8807970779778823), 1, 1e-15);
}

TEST(pair_functions_known_values)
{
    double d[4] = {0, 2, -3, 40}, t[4] = {0.5, 1, 0, 0.25}, w[4] = {1, 2, 0.5, 1}, g[4], l;
    /* softplus(0) - 0 = log 2; 2 (softplus(2) - 2); 0.5 softplus(-3); softplus(40) - 10 */
    double want = LN2 + 2 * (2.1269280110429727 - 2) + 0.5 * 0.04858735157374206 + (40 + 4.248354255291589e-18 - 10);
    CHECK(ranknet_pair_bce(d, t, w, 4, &l, g) == RANKNET_OK);
    CHECK_NEAR(l, want, 40, 1e-15);
    CHECK_NEAR(g[0], 0, 1, 1e-16);
    CHECK_NEAR(g[1], 2 * (0.8807970779778823 - 1), 1, 1e-15);
    CHECK_NEAR(g[2], 0.5 * 0.04742587317756678, 1, 1e-16);
    CHECK_NEAR(g[3], 0.75, 1, 1e-15);

    /* ordered pairs: mean of softplus(-d); d = 0 and 2 -> (log 2 + 0.12692801104297263) / 2 */
    CHECK(ranknet_logsigmoid_loss(d, NULL, 2, &l, g) == RANKNET_OK);
    CHECK_NEAR(l, (LN2 + 0.12692801104297263) / 2, 1, 1e-15);
    CHECK_NEAR(g[0], -0.25, 1, 1e-16);
    CHECK_NEAR(g[1], -0.11920292202211755 / 2, 1, 1e-16);
    /* weights scale the terms before the mean over n */
    CHECK(ranknet_logsigmoid_loss(d, w, 2, &l, g) == RANKNET_OK);
    CHECK_NEAR(l, (LN2 + 2 * 0.12692801104297263) / 2, 1, 1e-15);
    CHECK_NEAR(g[1], -0.11920292202211755, 1, 1e-16);
}

/* ---- finite differences ------------------------------------------------------------------ */

/* Fourth-order central difference of the loss along v: error O(h^4). */
static double fd_directional(const ranknet_options *o, const double *s, const double *y, size_t n, const double *v,
                             double h)
{
    double *x = dalloc(n), f[4], steps[4] = {-2, -1, 1, 2};
    size_t i, k;
    for (k = 0; k < 4; ++k) {
        for (i = 0; i < n; ++i) x[i] = s[i] + steps[k] * h * v[i];
        f[k] = query_loss(o, x, y, n);
    }
    free(x);
    return (f[0] - 8 * f[1] + 8 * f[2] - f[3]) / (12 * h);
}

static void check_grad_fd(const ranknet_options *o, size_t n, int kind, double spread)
{
    double *s = dalloc(n), *y = dalloc(n), *g = dalloc(n), *v = dalloc(n), dot = 0, absdot = 0, fd, l;
    size_t i, dir;
    make_query(s, y, n, kind, spread);
    CHECK(ranknet_query(o, s, y, n, &l, g, NULL) == RANKNET_OK);
    for (dir = 0; dir < 3; ++dir) {
        dot = absdot = 0;
        for (i = 0; i < n; ++i) {
            v[i] = tl_normal();
            dot += g[i] * v[i];
            absdot += fabs(g[i] * v[i]);
        }
        fd = fd_directional(o, s, y, n, v, 1e-3);
        /* the FD carries rounding of about eps |loss| / h on top of its O(h^4) error */
        CHECK_NEAR(fd, dot, absdot + 1e-9 * fabs(l), 1e-6);
        if (fabs(fd - dot) > 1e-6 * (absdot + 1e-9 * fabs(l) > 1 ? absdot + 1e-9 * fabs(l) : 1))
            printf("  (n=%lu labels=%s spread=%g)\n", (unsigned long)n, label_kind_name[kind], spread);
    }
    free(s), free(y), free(g), free(v);
}

TEST(grad_matches_finite_differences)
{
    size_t sizes[] = {2, 3, 10, 100, 1000}, a;
    int kind;
    for (a = 0; a < sizeof sizes / sizeof *sizes; ++a)
        for (kind = 0; kind < LABELS_KINDS; ++kind) check_grad_fd(NULL, sizes[a], kind, 1.0);
}

TEST(grad_fd_with_sigma_and_tie_modes)
{
    ranknet_options o;
    double sigmas[] = {0.25, 1.0, 3.0};
    size_t a;
    int kind;
    memset(&o, 0, sizeof o);
    for (a = 0; a < 3; ++a)
        for (kind = 0; kind < LABELS_KINDS; ++kind) {
            o.sigma = sigmas[a];
            o.ties = RANKNET_TIES_HALF;
            check_grad_fd(&o, 300, kind, 2.0);
            o.ties = RANKNET_TIES_SKIP;
            check_grad_fd(&o, 300, kind, 2.0);
        }
}

TEST(hess_matches_finite_differences_of_grad)
{
    size_t n = 200, i, k;
    double *s = dalloc(n), *y = dalloc(n), *h = dalloc(n), *gp = dalloc(n), *gm = dalloc(n), eps = 1e-5;
    ranknet_options o;
    int kind;
    memset(&o, 0, sizeof o);
    for (kind = 0; kind < LABELS_KINDS; ++kind) {
        o.sigma = kind == LABELS_REAL ? 2.0 : 1.0;
        o.ties = kind == LABELS_BINARY ? RANKNET_TIES_SKIP : RANKNET_TIES_HALF;
        make_query(s, y, n, kind, 1.5);
        CHECK(ranknet_query(&o, s, y, n, NULL, NULL, h) == RANKNET_OK);
        for (k = 0; k < 8; ++k) {
            double keep;
            i = (size_t)(tl_uniform() * (double)n);
            keep = s[i];
            s[i] = keep + eps;
            CHECK(ranknet_query(&o, s, y, n, NULL, gp, NULL) == RANKNET_OK);
            s[i] = keep - eps;
            CHECK(ranknet_query(&o, s, y, n, NULL, gm, NULL) == RANKNET_OK);
            s[i] = keep;
            CHECK_NEAR((gp[i] - gm[i]) / (2 * eps), h[i], h[i], 1e-6);
            CHECK(h[i] > 0);
        }
    }
    free(s), free(y), free(h), free(gp), free(gm);
}

/* ---- accuracy against long double ------------------------------------------------------ */

/* One query against the long-double reference, on the path given, or on every path the
   machine has for RANKNET_SIMD_COUNT (the reference computed once for all of them). */
static void check_against_reference(size_t n, int kind, double sigma, int skip, size_t stride, ranknet_simd path)
{
    double *s = dalloc(n), *y = dalloc(n), *g = dalloc(n), *h = dalloc(n), l = 0;
    float *sf = falloc(n), *yf = falloc(n), *gf = falloc(n), *hf = falloc(n);
    double lf = 0;
    ranknet_options o;
    ref r;
    size_t i, b;
    memset(&o, 0, sizeof o);
    o.sigma = sigma;
    o.ties = skip ? RANKNET_TIES_SKIP : RANKNET_TIES_HALF;
    make_query(s, y, n, kind, 3.0);
    /* the float twin gets the same inputs, rounded to float first */
    for (i = 0; i < n; ++i) {
        sf[i] = (float)s[i];
        yf[i] = (float)y[i];
        s[i] = sf[i];
        y[i] = yf[i];
    }
    ref_alloc(&r, n);
    ref_query(&r, sigma, skip, s, y, n, stride);
    for (b = 0; b < sizeof all_paths / sizeof *all_paths; ++b) {
        o.simd = path == RANKNET_SIMD_COUNT ? all_paths[b] : path;
        if (!ranknet_simd_supported(o.simd) || (path != RANKNET_SIMD_COUNT && b > 0)) continue;
        CHECK(ranknet_query(&o, s, y, n, &l, g, h) == RANKNET_OK);
        CHECK(ranknet_queryf(&o, sf, yf, n, &lf, gf, hf) == RANKNET_OK);
        if (stride == 1) {
            CHECK_NEAR(l, r.loss, r.loss_scale, 1e-11);
            CHECK_NEAR(lf, r.loss, r.loss_scale, 1e-6); /* float losses are summed in double */
        }
        for (i = 0; i < n; i += stride) {
            CHECK_NEAR(g[i], r.grad[i], r.gscale[i], 1e-11);
            CHECK_NEAR(h[i], r.hess[i], r.hscale[i], 1e-11);
            CHECK_NEAR(gf[i], r.grad[i], r.gscale[i], 1e-5);
            CHECK_NEAR(hf[i], r.hess[i], r.hscale[i], 1e-5);
        }
    }
    ref_free(&r);
    free(s), free(y), free(g), free(h), free(sf), free(yf), free(gf), free(hf);
}

TEST(double_and_float_match_long_double_reference)
{
    int kind;
    for (kind = 0; kind < LABELS_KINDS; ++kind) {
        check_against_reference(1, kind, 1.0, 0, 1, RANKNET_SIMD_AUTO);
        check_against_reference(257, kind, 1.0, 0, 1, RANKNET_SIMD_AUTO);
        check_against_reference(600, kind, 0.5, 1, 1, RANKNET_SIMD_AUTO);
    }
    check_against_reference(2000, LABELS_GRADED, 2.0, 0, 1, RANKNET_SIMD_AUTO);
}

TEST(accuracy_at_n_10000)
{
    /* the contract's largest size, 5e7 pairs, both precisions; every 37th item's
       lambda and hessian against the reference (all of them would take 15 s) */
    check_against_reference(10000, LABELS_GRADED, 1.0, 0, 37, RANKNET_SIMD_AUTO);
    check_against_reference(10000, LABELS_REAL, 0.7, 1, 41, RANKNET_SIMD_AUTO);
}

/* ---- structure --------------------------------------------------------------------------- */

TEST(lambdas_sum_to_zero)
{
    size_t n = 777, i;
    double *s = dalloc(n), *y = dalloc(n), *g = dalloc(n), sum = 0, abssum = 0;
    float *sf = falloc(n), *yf = falloc(n), *gf = falloc(n);
    double sumf = 0;
    int kind;
    for (kind = 0; kind < LABELS_KINDS; ++kind) {
        make_query(s, y, n, kind, 4.0);
        for (i = 0; i < n; ++i) sf[i] = (float)s[i], yf[i] = (float)y[i];
        CHECK(ranknet_grad(s, y, n, g) == RANKNET_OK);
        CHECK(ranknet_gradf(sf, yf, n, gf) == RANKNET_OK);
        sum = abssum = sumf = 0;
        for (i = 0; i < n; ++i) sum += g[i], abssum += fabs(g[i]), sumf += gf[i];
        CHECK_NEAR(sum, 0, abssum, 1e-13);
        CHECK_NEAR(sumf, 0, abssum, 1e-6);
    }
    free(s), free(y), free(g), free(sf), free(yf), free(gf);
}

TEST(convenience_functions_equal_query)
{
    size_t n = 300, i;
    double *s = dalloc(n), *y = dalloc(n), *g1 = dalloc(n), *g2 = dalloc(n), l1, l2;
    float *sf = falloc(n), *yf = falloc(n), *gf1 = falloc(n), *gf2 = falloc(n);
    make_query(s, y, n, LABELS_GRADED, 1.0);
    for (i = 0; i < n; ++i) sf[i] = (float)s[i], yf[i] = (float)y[i];
    CHECK(ranknet_loss(s, y, n, &l1) == RANKNET_OK);
    CHECK(ranknet_grad(s, y, n, g1) == RANKNET_OK);
    CHECK(ranknet_query(NULL, s, y, n, &l2, g2, NULL) == RANKNET_OK);
    CHECK(l1 == l2);
    CHECK(memcmp(g1, g2, n * sizeof *g1) == 0);
    CHECK(ranknet_lossf(sf, yf, n, &l1) == RANKNET_OK);
    CHECK(ranknet_gradf(sf, yf, n, gf1) == RANKNET_OK);
    CHECK(ranknet_queryf(NULL, sf, yf, n, &l2, gf2, NULL) == RANKNET_OK);
    CHECK(l1 == l2);
    CHECK(memcmp(gf1, gf2, n * sizeof *gf1) == 0);
    free(s), free(y), free(g1), free(g2), free(sf), free(yf), free(gf1), free(gf2);
}

TEST(batch_equals_queries)
{
    size_t off[7] = {0, 5, 5, 40, 41, 300, 333}, nq = 6, rows = 333, q;
    double *s = dalloc(rows), *y = dalloc(rows), *g = dalloc(rows), *h = dalloc(rows);
    double *gq = dalloc(rows), *hq = dalloc(rows), l, lq, sum = 0;
    float *sf = falloc(rows), *yf = falloc(rows), *gf = falloc(rows), *hf = falloc(rows);
    float *gfq = falloc(rows), *hfq = falloc(rows);
    ranknet_options o;
    memset(&o, 0, sizeof o);
    o.sigma = 1.5;
    make_query(s, y, rows, LABELS_GRADED, 1.0);
    for (q = 0; q < rows; ++q) sf[q] = (float)s[q], yf[q] = (float)y[q];
    CHECK(ranknet_batch(&o, s, y, off, nq, &l, g, h) == RANKNET_OK);
    CHECK(ranknet_batchf(&o, sf, yf, off, nq, &lq, gf, hf) == RANKNET_OK);
    CHECK_NEAR(lq, l, l, 1e-5);
    for (q = 0; q < nq; ++q) {
        size_t a = off[q], n = off[q + 1] - a;
        CHECK(ranknet_query(&o, s + a, y + a, n, &lq, gq + a, hq + a) == RANKNET_OK);
        CHECK(ranknet_queryf(&o, sf + a, yf + a, n, NULL, gfq + a, hfq + a) == RANKNET_OK);
        sum += lq;
    }
    CHECK(sum == l);
    CHECK(memcmp(g, gq, rows * sizeof *g) == 0 && memcmp(h, hq, rows * sizeof *h) == 0);
    CHECK(memcmp(gf, gfq, rows * sizeof *gf) == 0 && memcmp(hf, hfq, rows * sizeof *hf) == 0);
    free(s), free(y), free(g), free(h), free(gq), free(hq), free(sf), free(yf), free(gf), free(hf), free(gfq),
        free(hfq);
}

TEST(pair_functions_match_query)
{
    /* the query loss is pair_bce over the i < j pairs; the ordered pairs' -log sigmoid
       is logsigmoid_loss; both gradients follow from the pair gradients */
    size_t n = 60, i, j, k = 0, np = n * (n - 1) / 2;
    double *s = dalloc(n), *y = dalloc(n), *d = dalloc(np), *t = dalloc(np), *gp = dalloc(np), *g = dalloc(n);
    double *gsum = dalloc(n), lq, lp;
    make_query(s, y, n, LABELS_GRADED, 2.0);
    for (i = 0; i < n; ++i)
        for (j = i + 1; j < n; ++j, ++k) {
            d[k] = s[i] - s[j];
            t[k] = y[i] > y[j] ? 1 : y[i] < y[j] ? 0 : 0.5;
        }
    CHECK(ranknet_query(NULL, s, y, n, &lq, g, NULL) == RANKNET_OK);
    CHECK(ranknet_pair_bce(d, t, NULL, np, &lp, gp) == RANKNET_OK);
    CHECK_NEAR(lp, lq, lq, 1e-13);
    for (i = 0, k = 0; i < n; ++i)
        for (j = i + 1; j < n; ++j, ++k) gsum[i] += gp[k], gsum[j] -= gp[k];
    for (i = 0; i < n; ++i) CHECK_NEAR(gsum[i], g[i], n, 1e-13);

    /* logsigmoid over the strictly ordered pairs, written as positive differences */
    for (i = 0, k = 0; i < n; ++i)
        for (j = i + 1; j < n; ++j)
            if (y[i] != y[j]) d[k++] = y[i] > y[j] ? s[i] - s[j] : s[j] - s[i];
    {
        ranknet_options o;
        double lskip;
        memset(&o, 0, sizeof o);
        o.ties = RANKNET_TIES_SKIP;
        CHECK(ranknet_query(&o, s, y, n, &lskip, NULL, NULL) == RANKNET_OK);
        CHECK(ranknet_logsigmoid_loss(d, NULL, k, &lp, gp) == RANKNET_OK);
        CHECK_NEAR(lp * (double)k, lskip, lskip, 1e-13);
    }
    free(s), free(y), free(d), free(t), free(gp), free(g), free(gsum);
}

static void check_pair_fd(int mean)
{
    size_t n = 50, k;
    double d[50], t[50], w[50], g[50], lp, lm, h = 1e-6;
    for (k = 0; k < n; ++k) {
        d[k] = 4 * tl_normal();
        t[k] = tl_uniform();
        w[k] = 2 * tl_uniform();
    }
    if (mean) CHECK(ranknet_logsigmoid_loss(d, w, n, NULL, g) == RANKNET_OK);
    else CHECK(ranknet_pair_bce(d, t, w, n, NULL, g) == RANKNET_OK);
    for (k = 0; k < n; ++k) {
        double keep = d[k];
        d[k] = keep + h;
        if (mean) CHECK(ranknet_logsigmoid_loss(d, w, n, &lp, NULL) == RANKNET_OK);
        else CHECK(ranknet_pair_bce(d, t, w, n, &lp, NULL) == RANKNET_OK);
        d[k] = keep - h;
        if (mean) CHECK(ranknet_logsigmoid_loss(d, w, n, &lm, NULL) == RANKNET_OK);
        else CHECK(ranknet_pair_bce(d, t, w, n, &lm, NULL) == RANKNET_OK);
        d[k] = keep;
        CHECK_NEAR((lp - lm) / (2 * h), g[k], 1, 1e-7);
    }
}

TEST(pair_functions_fd_and_float)
{
    size_t n = 1000, k;
    double *d = dalloc(n), *t = dalloc(n), *w = dalloc(n), *g = dalloc(n), l, lf;
    float *df = falloc(n), *tf = falloc(n), *wf = falloc(n), *gf = falloc(n);
    check_pair_fd(0);
    check_pair_fd(1);
    for (k = 0; k < n; ++k) {
        df[k] = (float)(10 * tl_normal()), d[k] = df[k];
        tf[k] = (float)tl_uniform(), t[k] = tf[k];
        wf[k] = (float)(3 * tl_uniform()), w[k] = wf[k];
    }
    CHECK(ranknet_pair_bce(d, t, w, n, &l, g) == RANKNET_OK);
    CHECK(ranknet_pair_bcef(df, tf, wf, n, &lf, gf) == RANKNET_OK);
    CHECK_NEAR(lf, l, l, 1e-6);
    for (k = 0; k < n; ++k) CHECK_NEAR(gf[k], g[k], w[k], 1e-6);
    CHECK(ranknet_logsigmoid_loss(d, w, n, &l, g) == RANKNET_OK);
    CHECK(ranknet_logsigmoid_lossf(df, wf, n, &lf, gf) == RANKNET_OK);
    CHECK_NEAR(lf, l, l, 1e-6);
    for (k = 0; k < n; ++k) CHECK_NEAR(gf[k], g[k], w[k], 1e-6);
    free(d), free(t), free(w), free(g), free(df), free(tf), free(wf), free(gf);
}

/* ---- the original PyTorch formulation ----------------------------------------------------- */

TEST(pytorch_code_identities)
{
    size_t n = 80, i;
    double *s = dalloc(n), *y = dalloc(n), *g = dalloc(n), *tg = dalloc(n), l, gscale;
    int kind;
    for (kind = 0; kind < LABELS_KINDS; ++kind) {
        make_query(s, y, n, kind, 2.0);
        CHECK(ranknet_query(NULL, s, y, n, &l, g, NULL) == RANKNET_OK);
        /* theirs = -(2 ours) - n log 2 */
        CHECK_NEAR(torch_loss(s, y, n), -2 * l - (double)n * LN2, 2 * l + (double)n, 1e-12);
        gscale = (double)n;
        torch_grad(s, y, n, 0, tg); /* column vector: 2 x ours */
        for (i = 0; i < n; ++i) CHECK_NEAR(tg[i], 2 * g[i], gscale, 1e-13);
        torch_grad(s, y, n, 1, tg); /* row vector, as its docstring says: -2 x ours */
        for (i = 0; i < n; ++i) CHECK_NEAR(tg[i], -2 * g[i], gscale, 1e-13);
    }
    /* where theirs breaks: log(sigmoid(-800)) is -inf in double; ours stays exact */
    s[0] = 0, s[1] = 800, y[0] = 1, y[1] = 0;
    CHECK(!isfinite(torch_loss(s, y, 2)));
    CHECK(ranknet_loss(s, y, 2, &l) == RANKNET_OK);
    CHECK(l == 800);
    free(s), free(y), free(g), free(tg);
}

/* ---- extremes ------------------------------------------------------------------------------- */

TEST(extreme_gaps)
{
    double s[2] = {1e30, -1e30}, y[2] = {0, 1}, g[2], h[2], l;
    float sf[2] = {1e30f, -1e30f}, yf[2] = {0, 1}, gf[2], hf[2];
    ranknet_options o;
    memset(&o, 0, sizeof o);
    /* wrong order by 2e30: loss 2e30, lambdas exactly +-1, curvature 0 */
    CHECK(ranknet_query(NULL, s, y, 2, &l, g, h) == RANKNET_OK);
    CHECK(l == 2e30 && g[0] == 1 && g[1] == -1 && h[0] == 0 && h[1] == 0);
    CHECK(ranknet_queryf(NULL, sf, yf, 2, &l, gf, hf) == RANKNET_OK);
    CHECK_NEAR(l, 2e30, 2e30, 1e-7);
    CHECK(gf[0] == 1 && gf[1] == -1 && hf[0] == 0 && hf[1] == 0);
    /* right order: loss exactly 0, tiny lambdas */
    y[0] = 1, y[1] = 0;
    CHECK(ranknet_query(NULL, s, y, 2, &l, g, h) == RANKNET_OK);
    CHECK(l == 0 && g[0] == 0 && g[1] == 0 && h[0] == 0);
    /* a gap of 40: lambda = -sigmoid(-40) = -4.248e-18 to full relative precision */
    s[0] = 20, s[1] = -20;
    CHECK(ranknet_grad(s, y, 2, g) == RANKNET_OK);
    CHECK_NEAR(g[0] / -4.2483542552915889e-18, 1, 1, 1e-14);
    /* scores at the ends of the double range: the difference overflows, the answer does not */
    s[0] = DBL_MAX, s[1] = -DBL_MAX;
    CHECK(ranknet_query(NULL, s, y, 2, &l, g, h) == RANKNET_OK);
    CHECK(l == 0 && g[0] == 0 && g[1] == 0 && h[0] == 0 && h[1] == 0);
    y[0] = 0, y[1] = 1; /* now the loss itself is beyond DBL_MAX: a status, outputs untouched */
    g[0] = g[1] = 7;
    l = 7;
    CHECK(ranknet_query(NULL, s, y, 2, &l, g, h) == RANKNET_ERR_OVERFLOW);
    CHECK(l == 7 && g[0] == 7 && g[1] == 7);
    CHECK(ranknet_query(NULL, s, y, 2, NULL, g, h) == RANKNET_OK); /* lambdas alone are fine */
    CHECK(g[0] == 1 && g[1] == -1 && h[0] == 0);
    /* a small sigma undoes a difference that overflows: s_i - s_j = inf, sigma (s_i - s_j)
       moderate; found by the fuzzer (it gave inf and NaN before) */
    {
        double sb[3] = {1.5e308, -1.5e308, 0}, yb[3] = {0, 1, 2}, gb[3], hb[3], lb;
        float sfb[3] = {3e38f, -3e38f, 0}, yfb[3] = {0, 1, 2}, gfb[3];
        ranknet_options tiny;
        size_t p;
        memset(&tiny, 0, sizeof tiny);
        tiny.sigma = 1e-310;
        for (p = 0; p < 4; ++p) {
            tiny.simd = (ranknet_simd)(RANKNET_SIMD_SCALAR + p);
            if (!ranknet_simd_supported(tiny.simd)) continue;
            /* d = 0.03, 0.015, -0.015 for pairs (0,1), (0,2), (1,2), all with t = 0 */
            CHECK(ranknet_query(&tiny, sb, yb, 3, &lb, gb, hb) == RANKNET_OK);
            CHECK_NEAR(lb, log1p(exp(0.03)) + log1p(exp(0.015)) + log1p(exp(-0.015)), 1, 1e-12);
            CHECK_NEAR(gb[0], 1e-310 * (1 / (1 + exp(-0.03)) + 1 / (1 + exp(-0.015))), 1e-310, 1e-12);
            CHECK(hb[0] >= 0 && isfinite(hb[0]));
            /* float: s_i - s_j = 6e38 overflows float, not sigma (s_i - s_j) = 600: the wrong
               pairs (0,1) and (0,2) cost 600 and 300 */
            tiny.sigma = 1e-36;
            CHECK(ranknet_queryf(&tiny, sfb, yfb, 3, &lb, gfb, NULL) == RANKNET_OK);
            CHECK_NEAR(lb, 1e-36 * 3.0 * (double)sfb[0], 900, 1e-6);
            CHECK(isfinite(gfb[0]) && isfinite(gfb[1]));
            tiny.sigma = 1e-310;
        }
    }
    /* sigma at the limit of what the lambdas can hold */
    o.sigma = 1e300;
    s[0] = 1, s[1] = 0;
    CHECK(ranknet_query(&o, s, y, 2, &l, g, NULL) == RANKNET_OK);
    CHECK(g[0] == 1e300 && g[1] == -1e300 && l == 1e300);
    CHECK(ranknet_queryf(&o, sf, yf, 2, &l, gf, NULL) == RANKNET_ERR_OVERFLOW);
    /* pair functions with huge differences and weights */
    {
        double d[2] = {-1e308, 1e308}, t[2] = {1, 1}, w[2] = {1e10, 1e10}, gp[2];
        CHECK(ranknet_pair_bce(d, t, w, 2, &l, gp) == RANKNET_ERR_OVERFLOW);
        t[0] = 0; /* both pairs now agree with their targets */
        CHECK(ranknet_pair_bce(d, t, w, 2, &l, gp) == RANKNET_OK);
        CHECK(l == 0 && gp[0] == 0 && gp[1] == 0);
        CHECK(ranknet_logsigmoid_loss(d + 1, w, 1, &l, gp) == RANKNET_OK);
        CHECK(l == 0 && gp[0] == 0);
        CHECK(ranknet_logsigmoid_loss(d, w, 1, &l, gp) == RANKNET_ERR_OVERFLOW);
        w[0] = 1e-300;
        CHECK(ranknet_logsigmoid_loss(d, w, 1, &l, gp) == RANKNET_OK);
        CHECK_NEAR(l, 1e8, 1e8, 1e-15);
    }
}

TEST(small_n)
{
    double s[2] = {0.3, -0.1}, y[2] = {1, 0}, g[2] = {5, 5}, h[2] = {5, 5}, l = 5;
    float sf[1] = {1}, yf[1] = {2}, gf[1] = {5}, hf[1] = {5};
    /* n = 0: OK, loss 0, even with NULL arrays */
    CHECK(ranknet_query(NULL, NULL, NULL, 0, &l, NULL, NULL) == RANKNET_OK && l == 0);
    l = 5;
    CHECK(ranknet_loss(NULL, NULL, 0, &l) == RANKNET_OK && l == 0);
    CHECK(ranknet_grad(NULL, NULL, 0, NULL) == RANKNET_OK);
    l = 5;
    CHECK(ranknet_pair_bce(NULL, NULL, NULL, 0, &l, NULL) == RANKNET_OK && l == 0);
    l = 5;
    CHECK(ranknet_logsigmoid_loss(NULL, NULL, 0, &l, NULL) == RANKNET_OK && l == 0);
    l = 5;
    CHECK(ranknet_batch(NULL, NULL, NULL, NULL, 0, &l, NULL, NULL) == RANKNET_OK && l == 0);
    /* n = 1: no pairs, everything zero */
    CHECK(ranknet_query(NULL, s, y, 1, &l, g, h) == RANKNET_OK);
    CHECK(l == 0 && g[0] == 0 && h[0] == 0 && g[1] == 5 && h[1] == 5);
    CHECK(ranknet_queryf(NULL, sf, yf, 1, &l, gf, hf) == RANKNET_OK);
    CHECK(l == 0 && gf[0] == 0 && hf[0] == 0);
    /* n = 2: one pair */
    CHECK(ranknet_query(NULL, s, y, 2, &l, g, h) == RANKNET_OK);
    CHECK_NEAR(l, log1p(exp(-0.4)), 1, 1e-16);
    CHECK_NEAR(g[0], -1 / (1 + exp(0.4)), 1, 1e-16);
    CHECK(g[0] == -g[1] && h[0] == h[1]);
    /* all ties with TIES_SKIP: no pairs at all */
    {
        ranknet_options o;
        memset(&o, 0, sizeof o);
        o.ties = RANKNET_TIES_SKIP;
        y[0] = 0;
        CHECK(ranknet_query(&o, s, y, 2, &l, g, h) == RANKNET_OK);
        CHECK(l == 0 && g[0] == 0 && g[1] == 0 && h[0] == 0);
    }
}

/* Every pair's softplus(0) carries the same small float error, and the errors would add
   up coherently over 500,000 pairs: the float loss holds 1e-6 of its scale on every path */
TEST(float_loss_of_equal_scores)
{
    size_t n = 1000, i, b;
    float *s = falloc(n), *y = falloc(n);
    double exact = 0.5 * (double)n * (double)(n - 1) * LN2, l;
    for (i = 0; i < n; ++i) s[i] = 0.25f, y[i] = (float)(i % 5);
    for (b = 0; b < sizeof all_paths / sizeof *all_paths; ++b) {
        ranknet_options o;
        memset(&o, 0, sizeof o);
        o.simd = all_paths[b];
        if (!ranknet_simd_supported(o.simd)) continue;
        CHECK(ranknet_queryf(&o, s, y, n, &l, NULL, NULL) == RANKNET_OK);
        CHECK_NEAR(l, exact, exact, 1e-6);
        if (getenv("TEST_VERBOSE"))
            printf("  float loss, %s: relative error %.2g\n", ranknet_simd_string(o.simd), fabs(l - exact) / exact);
    }
    free(s), free(y);
}

/* "Tiny lambdas keep full relative precision" (the stable forms table; the kernels' p and
   1 - p "each with full relative precision however small"): a query whose every pair is
   in the right order by growing gaps between neighbours, so every loss term, lambda and
   hessian is small (e^-7 or less), and each item's sum is led by one term. Each output against the reference to a relative 1e-12 (double)
   or 1e-5 (float), on every path the machine has, both orientations (d > 0 with t = 1 and
   d < 0 with t = 0), sigma 1 and 0.7, RankNet, LambdaRank (the weighted kernels) and
   DELTA_MAP (the staged tables). */
TEST(tiny_values_keep_relative_precision)
{
    enum { N = 6 };
    static const ranknet_weighting kinds[3] = {RANKNET_WEIGHT_NONE, RANKNET_WEIGHT_DELTA_NDCG,
                                               RANKNET_WEIGHT_DELTA_MAP};
    size_t b, i, cases = 0;
    int kind, flip, sg, f32;
    for (b = 0; b < sizeof all_paths / sizeof *all_paths; ++b) {
        if (!ranknet_simd_supported(all_paths[b])) continue;
        for (kind = 0; kind < 3; ++kind)
            for (flip = 0; flip < 2; ++flip)
                for (sg = 0; sg < 2; ++sg)
                    for (f32 = 0; f32 < 2; ++f32) {
                        double s[N], y[N], g[N], h[N], loss;
                        float sf[N], yf[N], gf[N], hf[N];
                        long double rl, rg[N], rh[N];
                        plain_options p;
                        ranknet_options o;
                        double rel = f32 ? 1e-5 : 1e-12;
                        memset(&o, 0, sizeof o);
                        memset(&p, 0, sizeof p);
                        o.weighting = kinds[kind], o.simd = all_paths[b], o.sigma = sg ? 0.7 : 1.0;
                        p.weighting = (int)kinds[kind], p.sigma = o.sigma;
                        for (i = 0; i < N; ++i) { /* flip: listed from the bottom up */
                            size_t r = flip ? N - 1 - i : i;
                            /* gaps 15, 30, .., 75 (float: 10, 12, .., 18, so that every lambda is a
                               normal float): no cancellation */
                            s[i] = f32 ? -(double)(10 * r + r * (r - (r > 0))) : -7.5 * (double)(r * (r + 1));
                            y[i] = kind == 2 ? (double)(r < 3) : (double)(N - 1 - r); /* MAP: relevant on top */
                            sf[i] = (float)s[i], yf[i] = (float)y[i];
                        }
                        plain_query(&p, s, y, NULL, N, &rl, rg, rh);
                        if (f32) {
                            CHECK(ranknet_queryf(&o, sf, yf, N, &loss, gf, hf) == RANKNET_OK);
                            for (i = 0; i < N; ++i) g[i] = gf[i], h[i] = hf[i];
                        } else CHECK(ranknet_query(&o, s, y, N, &loss, g, h) == RANKNET_OK);
                        CHECK(rl > 0 && rl < 1e-2L); /* tiny, so that an absolute test could not see it */
                        CHECK(fabsl(loss - rl) <= rel * rl);
                        for (i = 0; i < N; ++i) {
                            if (rg[i] == 0) continue; /* MAP: pairs of equal relevance weigh 0 */
                            CHECK(fabsl(g[i] - rg[i]) <= rel * fabsl(rg[i]));
                            CHECK(fabsl(h[i] - rh[i]) <= rel * fabsl(rh[i]));
                        }
                        cases++;
                        if (tl_case_failed && tl_reports < 40)
                            printf("  (path %s, weighting %d, flip %d, sigma %g, f32 %d)\n",
                                   ranknet_simd_string(all_paths[b]), kind, flip, o.sigma, f32);
                        if (tl_case_failed) return;
                    }
    }
    CHECK(cases >= 24);
}

/* "Sums run in double over blocks of 512": the pair functions' loss over 2^21 equal pairs
   stays within 1e-12 of n times one term (one running sum would drift by ~1e-10). */
TEST(pair_sums_stay_accurate_at_large_n)
{
    size_t n = (size_t)1 << 21, i;
    double *d = dalloc(n), *t = dalloc(n), loss;
    long double one;
    for (i = 0; i < n; ++i) d[i] = 0.3, t[i] = 0.7;
    one = log1pl(expl(-0.3L)) + 0.3L - 0.7L * 0.3L; /* softplus(0.3) - 0.7 * 0.3 */
    CHECK(ranknet_pair_bce(d, t, NULL, n, &loss, NULL) == RANKNET_OK);
    CHECK(fabsl(loss - (long double)n * one) <= 1e-12L * (long double)n * one);
    CHECK(ranknet_logsigmoid_loss(d, NULL, n, &loss, NULL) == RANKNET_OK); /* the mean of softplus(-0.3) */
    CHECK(fabsl(loss - log1pl(expl(-0.3L))) <= 1e-12L * log1pl(expl(-0.3L)));
    free(d), free(t);
}

/* Found by make mutate: two checks that no other test reached. Float scores of range 6e38
   with a sigma that keeps sigma (s_i - s_j) small: the difference itself overflows float,
   so the vector kernels must not take it (every path, against the scalar one). And
   lambdas alone (no loss, no hessian) past the output type: RANKNET_ERR_OVERFLOW. */
TEST(wide_float_scores_and_lambda_overflow)
{
    float sf[4] = {3e38f, -3e38f, 1e38f, 0}, yf[4] = {0, 2, 1, 1}, g0[4], g[4];
    double l0, l;
    float a[2] = {0, 1}, ya[2] = {1, 0};
    double s[4] = {0, 1, 2, 3}, y[4] = {3, 2, 1, 0}, gd[4];
    ranknet_options o;
    size_t b, i;
    memset(&o, 0, sizeof o);
    o.sigma = 1e-3, o.simd = RANKNET_SIMD_SCALAR;
    CHECK(ranknet_queryf(&o, sf, yf, 4, &l0, g0, NULL) == RANKNET_OK);
    CHECK(isfinite(l0) && l0 > 6e35); /* the wrong pair (0, 1) alone costs sigma 6e38 */
    for (i = 0; i < 4; ++i) CHECK(isfinite(g0[i]));
    for (b = 0; b < sizeof all_paths / sizeof *all_paths; ++b) {
        if (!ranknet_simd_supported(all_paths[b])) continue;
        o.simd = all_paths[b];
        CHECK(ranknet_queryf(&o, sf, yf, 4, &l, g, NULL) == RANKNET_OK);
        CHECK_NEAR(l, l0, l0, 1e-6);
        for (i = 0; i < 4; ++i) CHECK_NEAR(g[i], g0[i], 1e-3, 1e-5);
    }
    /* a lambda of -1e39 (0.73 x sigma) does not fit a float; one of 2.56e308 not a double
       (every pair in the wrong order) */
    memset(&o, 0, sizeof o);
    o.sigma = 1e39;
    fillf(g, 4);
    CHECK(ranknet_queryf(&o, a, ya, 2, NULL, g, NULL) == RANKNET_ERR_OVERFLOW);
    CHECK(untouchedf(g, 4));
    o.sigma = 1e308;
    fill(gd, 4);
    CHECK(ranknet_query(&o, s, y, 4, NULL, gd, NULL) == RANKNET_ERR_OVERFLOW);
    CHECK(untouched(gd, 4));
}
