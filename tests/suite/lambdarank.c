/* LambdaRank and NDCG: delta-NDCG weights against swapped rankings, normalisation, large
   labels, the top-k path, ranking and its ties. */

/* ---- LambdaRank and NDCG, against brute force from the definitions ------------------------ */

/* order[r] = the item at rank r: scores descending, equal scores by lower index */
static void bf_ranking(const double *s, size_t n, size_t *order)
{
    size_t a, b;
    for (a = 0; a < n; ++a) order[a] = a;
    for (a = 1; a < n; ++a)
        for (b = a;
             b > 0 && (s[order[b]] > s[order[b - 1]] || (s[order[b]] == s[order[b - 1]] && order[b] < order[b - 1]));
             --b) {
            size_t tmp = order[b];
            order[b] = order[b - 1];
            order[b - 1] = tmp;
        }
}

/* Gains may be scaled by a common factor, which NDCG does not see. Where a query has
   labels above 1000 they are all scaled by 2^-shift, shift = the largest label: 2^y
   itself would overflow where long double is only double, as under valgrind. Where all
   labels are below 1e-300, 2^y - 1 = y ln 2 to 1e-300 relative, and the gains are scaled
   by 2^1000 so that no product is subnormal (shift = -1 marks this). */
static long double bf_shift(const double *y, size_t n)
{
    double top = 0;
    size_t i;
    for (i = 0; i < n; ++i)
        if (y[i] > top) top = y[i];
    return top > 1000 ? (long double)top : top < 1e-300 ? -1 : 0;
}

static long double bf_gain(double y, int linear, long double shift)
{
    if (shift < 0) return ldexpl((long double)y, 1000) * (linear ? 1 : 0.693147180559945309417232121458176568L);
    if (linear) return (long double)y;
    if (shift == 0) return expm1l((long double)y * 0.693147180559945309417232121458176568L); /* small y too */
    return powl(2.0L, (long double)y - shift) - powl(2.0L, -shift);
}

static long double bf_dcg(const double *y, const size_t *order, size_t n, size_t k, int linear)
{
    size_t r, cut = k == 0 || k > n ? n : k;
    long double dcg = 0;
    long double shift = bf_shift(y, n);
    for (r = 0; r < cut; ++r) dcg += bf_gain(y[order[r]], linear, shift) / log2l((long double)r + 2.0L);
    return dcg;
}

static long double bf_idcg(const double *y, size_t n, size_t k, int linear)
{
    size_t *order = (size_t *)malloc((n ? n : 1) * sizeof *order);
    long double idcg;
    bf_ranking(y, n, order); /* labels sorted descending */
    idcg = bf_dcg(y, order, n, k, linear);
    free(order);
    return idcg;
}

/* NDCG of a given ranking */
static long double bf_ndcg_of_order(const double *y, const size_t *order, size_t n, size_t k, int linear)
{
    long double idcg = bf_idcg(y, n, k, linear);
    return idcg > 0 ? bf_dcg(y, order, n, k, linear) / idcg : 1.0L;
}

/* LambdaRank by brute force: every ordered pair, w_ij found by swapping the two items'
   places in the ranking and recomputing NDCG@k. Fills a reference like ref_query. */
static void bf_lambdarank(ref *r, double sigma, size_t k, int linear, int normalize, const double *s, const double *y,
                          size_t n)
{
    size_t *order = (size_t *)malloc((n ? n : 1) * sizeof *order), *rank = (size_t *)malloc((n ? n : 1) * sizeof *rank);
    size_t i, j;
    long double base, abs_sum = 0;
    bf_ranking(s, n, order);
    for (i = 0; i < n; ++i) rank[order[i]] = i;
    base = bf_ndcg_of_order(y, order, n, k, linear);
    r->loss = r->loss_scale = 0;
    for (i = 0; i < n; ++i) r->grad[i] = r->gscale[i] = r->hess[i] = r->hscale[i] = 0;
    for (i = 0; i < n; ++i)
        for (j = 0; j < n; ++j) {
            long double w, d, p, t, g;
            if (i == j) continue;
            order[rank[i]] = j, order[rank[j]] = i;
            w = fabsl(bf_ndcg_of_order(y, order, n, k, linear) - base);
            order[rank[i]] = i, order[rank[j]] = j;
            if (bf_idcg(y, n, k, linear) == 0) w = 0;
            d = (long double)sigma * ((long double)s[i] - (long double)s[j]);
            p = 1.0L / (1.0L + expl(-d));
            t = y[i] > y[j] ? 1.0L : y[i] < y[j] ? 0.0L : 0.5L;
            g = w * sigma * (p - t);
            r->grad[i] += g;
            r->gscale[i] += fabsl(g);
            r->hess[i] += w * sigma * sigma * p * (1 - p);
            abs_sum += fabsl(g);
            if (i < j) {
                long double l = w * ((d > 0 ? d : 0) + log1pl(expl(-fabsl(d))) - t * d);
                r->loss += l;
                r->loss_scale += fabsl(l);
            }
        }
    if (normalize && abs_sum > 0) {
        long double f = log2l(1 + abs_sum) / abs_sum;
        for (i = 0; i < n; ++i) r->grad[i] *= f, r->gscale[i] *= f, r->hess[i] *= f;
    }
    for (i = 0; i < n; ++i) r->hscale[i] = r->hess[i];
    free(order);
    free(rank);
}

static void make_lambdarank_query(double *s, double *y, size_t n, int tied_scores, double max_label)
{
    size_t i;
    for (i = 0; i < n; ++i) {
        s[i] = tied_scores ? floor(4 * tl_uniform()) * 0.5 : 2 * tl_normal();
        y[i] = floor((max_label + 1) * tl_uniform());
    }
}

static void check_lambdarank(const double *s, const double *y, size_t n, size_t k, int linear, int normalize,
                             double sigma, double tol_d, double tol_f)
{
    double *g = dalloc(n), *h = dalloc(n), l;
    float *sf = falloc(n), *yf = falloc(n), *gf = falloc(n), *hf = falloc(n);
    double lf;
    ranknet_options o;
    ref r;
    size_t i;
    int with_float = 1;
    memset(&o, 0, sizeof o);
    o.weighting = RANKNET_WEIGHT_DELTA_NDCG;
    o.k = k;
    o.gain = linear ? RANKNET_GAIN_LINEAR : RANKNET_GAIN_EXP2;
    o.normalize = normalize ? RANKNET_NORM_LOG2 : RANKNET_NORM_NONE;
    o.sigma = sigma;
    for (i = 0; i < n; ++i) sf[i] = (float)s[i], yf[i] = (float)y[i];
    ref_alloc(&r, n);
    bf_lambdarank(&r, sigma, k, linear, normalize, s, y, n);
    for (i = 0; i < n; ++i) /* labels float cannot hold only go to the double functions */
        if ((double)(float)y[i] != y[i]) with_float = 0;
    CHECK(ranknet_query(&o, s, y, n, &l, g, h) == RANKNET_OK);
    if (with_float) CHECK(ranknet_queryf(&o, sf, yf, n, &lf, gf, hf) == RANKNET_OK);
    if (!normalize) {
        CHECK_NEAR(l, r.loss, r.loss_scale, tol_d);
        if (with_float) CHECK_NEAR(lf, r.loss, r.loss_scale, tol_f);
    }
    for (i = 0; i < n; ++i) {
        CHECK_NEAR(g[i], r.grad[i], r.gscale[i], tol_d);
        CHECK_NEAR(h[i], r.hess[i], r.hscale[i], tol_d);
        if (!with_float) continue;
        CHECK_NEAR(gf[i], r.grad[i], r.gscale[i], tol_f);
        CHECK_NEAR(hf[i], r.hess[i], r.hscale[i], tol_f);
    }
    ref_free(&r);
    free(g), free(h), free(sf), free(yf), free(gf), free(hf);
}

TEST(lambdarank_weights_match_swapped_ndcg)
{
    size_t sizes[] = {1, 2, 5, 17, 40}, ks[] = {0, 1, 3, 10}, a, b;
    double s[40], y[40];
    int linear, tied;
    for (a = 0; a < 5; ++a)
        for (b = 0; b < 4; ++b)
            for (linear = 0; linear < 2; ++linear)
                for (tied = 0; tied < 2; ++tied) {
                    make_lambdarank_query(s, y, sizes[a], tied, 4);
                    check_lambdarank(s, y, sizes[a], ks[b], linear, 0, tied ? 1.0 : 0.7, 1e-11, 1e-5);
                }
}

TEST(lambdarank_normalize)
{
    double s[30], y[30];
    size_t ks[] = {0, 5}, b;
    for (b = 0; b < 2; ++b) {
        make_lambdarank_query(s, y, 30, 0, 4);
        check_lambdarank(s, y, 30, ks[b], 0, 1, 1.0, 1e-11, 1e-5);
    }
}

TEST(lambdarank_large_labels)
{
    /* 2^40 and 2^2000: the pair order and the weights must survive */
    double s[12], y[12];
    size_t i;
    make_lambdarank_query(s, y, 12, 0, 1);
    for (i = 0; i < 12; ++i) y[i] = 35 + floor(6 * tl_uniform());
    check_lambdarank(s, y, 12, 0, 0, 0, 1.0, 1e-11, 1e-5);
    check_lambdarank(s, y, 12, 4, 1, 0, 1.0, 1e-11, 1e-5);
    for (i = 0; i < 12; ++i) y[i] = 1990 + floor(12 * tl_uniform()) * 0.5;
    check_lambdarank(s, y, 12, 3, 0, 0, 1.0, 1e-11, 1e-5);
    for (i = 0; i < 12; ++i) y[i] = i < 3 ? 1e300 * (double)(i + 1) : 1e299;
    check_lambdarank(s, y, 12, 0, 1, 0, 1.0, 1e-11, 1e-5);
    /* subnormal labels: IDCG itself is subnormal and 1 / IDCG would overflow; and with
       normalize, S is tiny enough that log2(1 + S) rounds to 0 (both found by the fuzzer) */
    for (i = 0; i < 12; ++i) y[i] = i % 3 == 0 ? 0 : 5.4e-322 * (double)(i % 3);
    check_lambdarank(s, y, 12, 0, 1, 0, 1.0, 1e-11, 1e-5);
    check_lambdarank(s, y, 12, 3, 0, 0, 1.0, 1e-11, 1e-5);
    check_lambdarank(s, y, 12, 0, 1, 1, 1.0, 1e-11, 1e-5);
}

TEST(lambdarank_top_k_path_matches_plain_evaluation)
{
    /* k = 10 up to n = 2000; the whole list (k = 0) up to n = 700 */
    size_t sizes[] = {100, 700, 2000}, ks[] = {10, 0}, a, b, i;
    for (a = 0; a < 3; ++a)
        for (b = 0; b < (a < 2 ? 2u : 1u); ++b) {
            size_t n = sizes[a];
            double *s = dalloc(n), *y = dalloc(n), *g = dalloc(n), *h = dalloc(n), l;
            ranknet_options o;
            ref r;
            memset(&o, 0, sizeof o);
            o.weighting = RANKNET_WEIGHT_DELTA_NDCG;
            o.k = ks[b];
            make_lambdarank_query(s, y, n, a == 1, 4);
            ref_alloc(&r, n);
            oracle_ref(&r, &o, s, y, n);
            CHECK(ranknet_query(&o, s, y, n, &l, g, h) == RANKNET_OK);
            CHECK_NEAR(l, r.loss, r.loss_scale, 1e-11);
            for (i = 0; i < n; ++i) {
                CHECK_NEAR(g[i], r.grad[i], r.gscale[i], 1e-11);
                CHECK_NEAR(h[i], r.hess[i], r.hscale[i], 1e-11);
            }
            ref_free(&r);
            free(s), free(y), free(g), free(h);
        }
}

TEST(lambdarank_fd_away_from_ties)
{
    size_t n = 60, i, dir, b, ks[] = {0, 5};
    double s[60], y[60], g[60], h[60], v[60], gp[60], gm[60], l;
    ranknet_options o;
    memset(&o, 0, sizeof o);
    o.weighting = RANKNET_WEIGHT_DELTA_NDCG;
    o.sigma = 1.3;
    for (b = 0; b < 2; ++b) {
        o.k = ks[b];
        /* scores 0.05 apart at least: steps of 2e-4 along v never reorder them */
        make_lambdarank_query(s, y, n, 0, 4);
        for (i = 0; i < n; ++i) s[i] = 0.1 * (double)((i * 37) % n) + 0.04 * tl_uniform();
        CHECK(ranknet_query(&o, s, y, n, &l, g, h) == RANKNET_OK);
        for (dir = 0; dir < 3; ++dir) {
            double dot = 0, absdot = 0, fd;
            for (i = 0; i < n; ++i) v[i] = tl_uniform() * 2 - 1, dot += g[i] * v[i], absdot += fabs(g[i] * v[i]);
            fd = fd_directional(&o, s, y, n, v, 1e-4);
            CHECK_NEAR(fd, dot, absdot, 1e-7);
        }
        for (i = 0; i < n; i += 7) {
            double keep = s[i];
            s[i] = keep + 1e-6;
            CHECK(ranknet_query(&o, s, y, n, NULL, gp, NULL) == RANKNET_OK);
            s[i] = keep - 1e-6;
            CHECK(ranknet_query(&o, s, y, n, NULL, gm, NULL) == RANKNET_OK);
            s[i] = keep;
            CHECK_NEAR((gp[i] - gm[i]) / 2e-6, h[i], h[i], 1e-6);
        }
    }
}

TEST(lambdarank_no_relevant_items)
{
    double s[4] = {3, 1, 2, 0}, y[4] = {0, 0, 0, 0}, g[4] = {9, 9, 9, 9}, h[4], l = 9;
    ranknet_options o;
    memset(&o, 0, sizeof o);
    o.weighting = RANKNET_WEIGHT_DELTA_NDCG;
    CHECK(ranknet_query(&o, s, y, 4, &l, g, h) == RANKNET_OK);
    CHECK(l == 0 && g[0] == 0 && g[3] == 0 && h[0] == 0 && h[3] == 0);
    /* with k = 1 and the best item already on top, only pairs with rank 0 count */
    y[0] = 2;
    o.k = 1;
    CHECK(ranknet_query(&o, s, y, 4, &l, g, h) == RANKNET_OK);
    CHECK(g[0] < 0 && g[1] > 0 && g[2] > 0 && g[3] > 0);
}

TEST(ndcg_against_brute_force)
{
    size_t ks[] = {0, 1, 3, 10}, n, b, order[64];
    double s[64], y[64], got, gotf;
    float sf[64], yf[64];
    int rep;
    for (rep = 0; rep < 40; ++rep)
        for (b = 0; b < 4; ++b) {
            size_t i;
            n = 1 + (size_t)(tl_uniform() * 63);
            make_lambdarank_query(s, y, n, rep % 2, rep % 3 == 0 ? 1 : 4);
            for (i = 0; i < n; ++i) sf[i] = (float)s[i], yf[i] = (float)y[i];
            bf_ranking(s, n, order);
            CHECK(ranknet_ndcg(s, y, n, ks[b], &got) == RANKNET_OK);
            CHECK(ranknet_ndcgf(sf, yf, n, ks[b], &gotf) == RANKNET_OK);
            CHECK_NEAR(got, bf_ndcg_of_order(y, order, n, ks[b], 0), 1, 1e-14);
            CHECK(got == gotf);
            CHECK(got >= 0 && got <= 1 + 1e-15);
        }
    /* perfect order is 1, reversed is lower */
    {
        double ps[4] = {4, 3, 2, 1}, py[4] = {3, 2, 1, 0}, rs[4] = {1, 2, 3, 4};
        CHECK(ranknet_ndcg(ps, py, 4, 0, &got) == RANKNET_OK && fabs(got - 1) < 1e-15);
        CHECK(ranknet_ndcg(rs, py, 4, 0, &got) == RANKNET_OK && got < 0.7);
        /* by hand: ranking (0, 3, 1, 2)-labels for k = 2 against ideal (3, 2) */
        rs[0] = 4, rs[1] = 2, rs[2] = 1, rs[3] = 3; /* ranks: item 0, 3, 1, 2 -> labels 3, 0, 2, 1 */
        CHECK(ranknet_ndcg(rs, py, 4, 2, &got) == RANKNET_OK);
        CHECK_NEAR(got, 7.0 / (7.0 + 3.0 / log2(3.0)), 1, 1e-15);
    }
}

TEST(ndcg_edge_cases)
{
    double s[3] = {1, 2, 3}, y[3] = {0, 0, 0}, v = 5;
    CHECK(ranknet_ndcg(s, y, 3, 0, &v) == RANKNET_OK && v == 1.0); /* IDCG = 0 */
    v = 5;
    CHECK(ranknet_ndcg(NULL, NULL, 0, 0, &v) == RANKNET_OK && v == 1.0);
    y[0] = 2;
    CHECK(ranknet_ndcg(s, y, 1, 0, &v) == RANKNET_OK && v == 1.0);
    CHECK(ranknet_ndcg(s, y, 3, 0, &v) == RANKNET_OK && v < 1.0);
    /* large labels: 2^40 and 2^5000 neither overflow nor lose the order */
    y[0] = 40, y[1] = 39, y[2] = 0;
    CHECK(ranknet_ndcg(s, y, 3, 0, &v) == RANKNET_OK);
    CHECK_NEAR(v,
               (double)((powl(2, 40) - 1) / 2 + (powl(2, 39) - 1) / log2l(3)) /
                   (double)((powl(2, 40) - 1) + (powl(2, 39) - 1) / log2l(3)),
               1, 1e-14);
    y[0] = 5000, y[1] = 4999, y[2] = 4998;
    CHECK(ranknet_ndcg(s, y, 3, 0, &v) == RANKNET_OK);
    CHECK_NEAR(v, (4 / 2.0 + 2 / log2(3.0) + 1) / (4 + 2 / log2(3.0) + 1 / 2.0), 1, 1e-14);
    /* errors write nothing */
    v = 5;
    y[1] = -0.5;
    CHECK(ranknet_ndcg(s, y, 3, 0, &v) == RANKNET_ERR_RANGE && v == 5);
    y[1] = INFINITY;
    CHECK(ranknet_ndcg(s, y, 3, 0, &v) == RANKNET_ERR_NONFINITE && v == 5);
    CHECK(ranknet_ndcg(NULL, y, 3, 0, &v) == RANKNET_ERR_NULL && v == 5);
}

/* The ranking behind LambdaRank: the top k by score descending, ties by lower index,
   against a full insertion sort, for random, tied, sorted and reversed scores and every k */
TEST(top_k_ranking)
{
    static const size_t sizes[] = {1, 2, 5, 16, 17, 40, 65, 130, 300};
    size_t a, i, k, kind;
    for (a = 0; a < sizeof sizes / sizeof *sizes; ++a)
        for (kind = 0; kind < 5; ++kind) {
            size_t n = sizes[a], *want = (size_t *)malloc(n * sizeof *want), *seen = (size_t *)malloc(n * sizeof *seen);
            double *s = dalloc(n);
            void *block = malloc(ranknet__scratch_bytes(n));
            ranknet__scratch sc = ranknet__carve(block, n);
            for (i = 0; i < n; ++i)
                s[i] = kind == 0   ? tl_normal()
                       : kind == 1 ? floor(3 * tl_uniform())
                       : kind == 2 ? (double)i
                       : kind == 3 ? -(double)i
                                   : (i % 2 ? -0.0 : 0.0);
            bf_ranking(s, n, want);
            for (k = 1; k <= n; k += (k < 40 ? 1 : 37)) { /* k >= 1: a cut is never 0 */
                int ok = 1;
                /* depth 0 takes the fallback for inputs that defeat the pivots */
                ranknet__rank_top(&sc, ranknet__d(s), n, k, k % 3 ? ranknet__depth(n) : 0);
                for (i = 0; i < k; ++i) ok &= sc.order[i].idx == want[i];
                for (i = 0; i < n; ++i) seen[i] = 0;
                for (i = 0; i < n; ++i) seen[sc.order[i].idx]++;
                for (i = 0; i < n; ++i) ok &= seen[i] == 1;
                for (i = k; i < n; ++i) ok &= ranknet__before(&sc.order[k - 1], &sc.order[i]); /* the rest */
                CHECK(ok);
            }
            /* the fallbacks: heap sort past the depth limit; quickselect gives up at depth 0 */
            for (i = 0; i < n; ++i) sc.order[i].key = s[i], sc.order[i].idx = i;
            ranknet__top(sc.order, sc.tmp, n, n, 0);
            for (i = 0; i < n; ++i) CHECK(sc.order[i].idx == want[i]);
            if (n > 1) {
                ranknet__u64 kth;
                CHECK(!ranknet__kth(sc.work, sc.work_tmp, n, 0, 0, &kth));
            }
            free(want), free(seen), free(s), free(block);
        }
}

/* "Items are ranked by score, descending, equal scores by lower index first": with all
   scores equal the ranking is the index order, for NDCG, MRR and LambdaRank's discounts. */
TEST(equal_scores_rank_by_index)
{
    double s[5] = {0.5, 0.5, 0.5, 0.5, 0.5}, y[5] = {0, 2, 1, 0, 3}, v, g[5], g2[5], sd[5], dcg = 0;
    ranknet_options o;
    size_t i;
    for (i = 0; i < 5; ++i) dcg += (pow(2, y[i]) - 1) / log2((double)i + 2);
    CHECK(ranknet_ndcg(s, y, 5, 0, &v) == RANKNET_OK);
    CHECK_NEAR(v, dcg / (7.0 + 3.0 / log2(3.0) + 1.0 / log2(4.0)), 1, 1e-15); /* IDCG: labels 3, 2, 1 */
    CHECK(ranknet_metric(RANKNET_METRIC_MRR, 0, s, y, 5, &v) == RANKNET_OK);
    CHECK(v == 0.5); /* the first relevant item in index order is the second */
    /* LambdaRank at equal scores = LambdaRank at scores falling by index, where the
       sigmoid is the same to 1e-15 (gaps of 1e-15) */
    memset(&o, 0, sizeof o);
    o.weighting = RANKNET_WEIGHT_DELTA_NDCG, o.k = 3;
    for (i = 0; i < 5; ++i) sd[i] = 0.5 - 1e-15 * (double)i;
    CHECK(ranknet_query(&o, s, y, 5, NULL, g, NULL) == RANKNET_OK);
    CHECK(ranknet_query(&o, sd, y, 5, NULL, g2, NULL) == RANKNET_OK);
    for (i = 0; i < 5; ++i) CHECK_NEAR(g[i], g2[i], 1, 1e-13);
}
