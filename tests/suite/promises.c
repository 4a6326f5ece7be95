/* Promises: the same bits on every run and for any thread count. */

TEST(deterministic)
{
    size_t n = 500;
    double *s = dalloc(n), *y = dalloc(n), *g1 = dalloc(n), *g2 = dalloc(n), *h1 = dalloc(n), *h2 = dalloc(n);
    double l1, l2;
    make_query(s, y, n, LABELS_REAL, 3.0);
    CHECK(ranknet_query(NULL, s, y, n, &l1, g1, h1) == RANKNET_OK);
    CHECK(ranknet_query(NULL, s, y, n, &l2, g2, h2) == RANKNET_OK);
    CHECK(memcmp(&l1, &l2, sizeof l1) == 0);
    CHECK(memcmp(g1, g2, n * sizeof *g1) == 0 && memcmp(h1, h2, n * sizeof *h1) == 0);
    free(s), free(y), free(g1), free(g2), free(h1), free(h2);
}

TEST(batch_same_bits_for_any_thread_count)
{
    size_t nq = 600, q, rows;
    size_t *off = (size_t *)malloc((nq + 1) * sizeof *off);
    double *s, *y, *g1, *h1, *g2, *h2, l1, l2;
    float *sf, *yf, *gf1, *gf2;
    ranknet_options o;
    int threads[3] = {1, 2, 8}, t, w;
    memset(&o, 0, sizeof o);
    off[0] = 0;
    for (q = 0; q < nq; ++q) off[q + 1] = off[q] + 1 + (size_t)(60 * tl_uniform() * tl_uniform());
    rows = off[nq];
    s = dalloc(rows), y = dalloc(rows), g1 = dalloc(rows), h1 = dalloc(rows), g2 = dalloc(rows), h2 = dalloc(rows);
    sf = falloc(rows), yf = falloc(rows), gf1 = falloc(rows), gf2 = falloc(rows);
    make_query(s, y, rows, LABELS_GRADED, 2.0);
    for (q = 0; q < rows; ++q) sf[q] = (float)s[q], yf[q] = (float)y[q];
    for (w = 0; w < 2; ++w) { /* RankNet, then LambdaRank */
        o.weighting = w ? RANKNET_WEIGHT_DELTA_NDCG : RANKNET_WEIGHT_NONE;
        o.k = 5;
        for (t = 0; t < 3; ++t) {
#ifdef _OPENMP
            omp_set_num_threads(threads[t]);
#endif
            CHECK(ranknet_batch(&o, s, y, off, nq, t ? &l2 : &l1, t ? g2 : g1, t ? h2 : h1) == RANKNET_OK);
            CHECK(ranknet_batchf(&o, sf, yf, off, nq, NULL, t ? gf2 : gf1, NULL) == RANKNET_OK);
            if (t == 0) continue;
            CHECK(memcmp(&l1, &l2, sizeof l1) == 0);
            CHECK(memcmp(g1, g2, rows * sizeof *g1) == 0 && memcmp(h1, h2, rows * sizeof *h1) == 0);
            CHECK(memcmp(gf1, gf2, rows * sizeof *gf1) == 0);
        }
    }
#ifdef _OPENMP
    omp_set_num_threads(omp_get_num_procs());
#endif
    (void)threads;
    free(off), free(s), free(y), free(g1), free(h1), free(g2), free(h2), free(sf), free(yf), free(gf1), free(gf2);
}

TEST(presets_same_bits_for_any_thread_count)
{
    size_t nq = 300, q, rows, p;
    size_t *off = (size_t *)malloc((nq + 1) * sizeof *off);
    double *s, *y, *g1, *h1, *g2, *h2, l1, l2;
    ranknet_options o;
    off[0] = 0;
    for (q = 0; q < nq; ++q) off[q + 1] = off[q] + 1 + (size_t)(50 * tl_uniform());
    rows = off[nq];
    s = dalloc(rows), y = dalloc(rows), g1 = dalloc(rows), h1 = dalloc(rows), g2 = dalloc(rows), h2 = dalloc(rows);
    make_query(s, y, rows, LABELS_GRADED, 2.0);
    for (p = 0; p < 3; ++p) {
        memset(&o, 0, sizeof o);
        o.weighting = RANKNET_WEIGHT_DELTA_NDCG, o.normalize = RANKNET_NORM_LOG2, o.k = 10;
        o.preset = p == 0 ? RANKNET_PRESET_LIGHTGBM : RANKNET_PRESET_XGBOOST;
        if (p == 2) o.sample_pairs = 3, o.k = 0, o.seed = 9;
#ifdef _OPENMP
        omp_set_num_threads(1);
#endif
        CHECK(ranknet_batch(&o, s, y, off, nq, &l1, g1, h1) == RANKNET_OK);
#ifdef _OPENMP
        omp_set_num_threads(4);
#endif
        CHECK(ranknet_batch(&o, s, y, off, nq, &l2, g2, h2) == RANKNET_OK);
        CHECK(memcmp(&l1, &l2, sizeof l1) == 0);
        CHECK(memcmp(g1, g2, rows * sizeof *g1) == 0 && memcmp(h1, h2, rows * sizeof *h1) == 0);
    }
#ifdef _OPENMP
    omp_set_num_threads(omp_get_num_procs());
#endif
    free(off), free(s), free(y), free(g1), free(h1), free(g2), free(h2);
}

/* The same bits of outputs and state for 1, 2 and 8 threads, both kinds, float and double */
TEST(unbiased_same_bits_for_any_thread_count)
{
    enum { P = 8 };
    size_t nq = 400, q, rows, i;
    size_t *off = (size_t *)malloc((nq + 1) * sizeof *off);
    double *s, *y, *g[2], *h[2], l[2], acc[2][3 * P];
    float *sf, *yf, *gf[2];
    long long *pos;
    ranknet_options o;
    int threads[3] = {1, 2, 8}, t, kind;
    memset(&o, 0, sizeof o);
    off[0] = 0;
    for (q = 0; q < nq; ++q) off[q + 1] = off[q] + 1 + (size_t)(40 * tl_uniform());
    rows = off[nq];
    s = dalloc(rows), y = dalloc(rows), g[0] = dalloc(rows), g[1] = dalloc(rows), h[0] = dalloc(rows),
    h[1] = dalloc(rows);
    sf = falloc(rows), yf = falloc(rows), gf[0] = falloc(rows), gf[1] = falloc(rows);
    pos = (long long *)malloc(rows * sizeof *pos);
    make_query(s, y, rows, LABELS_GRADED, 2.0);
    for (i = 0; i < rows; ++i) sf[i] = (float)s[i], yf[i] = (float)y[i], pos[i] = (long long)(12 * tl_uniform());
    o.weighting = RANKNET_WEIGHT_DELTA_NDCG, o.k = 10;
    for (kind = 0; kind < 2; ++kind)
        for (t = 0; t < 3; ++t) {
            ranknet_bias *b;
            int u = t > 0;
            CHECK(ranknet_bias_create((ranknet_bias_kind)kind, P, &b) == RANKNET_OK);
            for (i = 0; i < P; ++i) b->t_plus[i] = 1.0 / (1.0 + (double)i), b->t_minus[i] = 1.0 - 0.05 * (double)i;
#ifdef _OPENMP
            omp_set_num_threads(threads[t]);
#endif
            CHECK(ranknet_batch_unbiased(&o, b, s, y, pos, off, nq, &l[u], g[u], h[u]) == RANKNET_OK);
            CHECK(ranknet_batch_unbiasedf(&o, b, sf, yf, pos, off, nq, NULL, gf[u], NULL) == RANKNET_OK);
            memcpy(acc[u], b->acc_plus, P * sizeof(double));
            memcpy(acc[u] + P, b->acc_minus, P * sizeof(double));
            memcpy(acc[u] + 2 * P, b->acc_rows, P * sizeof(double));
            ranknet_bias_free(b);
            if (t == 0) continue;
            CHECK(memcmp(&l[0], &l[1], sizeof l[0]) == 0 && memcmp(acc[0], acc[1], sizeof acc[0]) == 0);
            CHECK(memcmp(g[0], g[1], rows * sizeof(double)) == 0 && memcmp(h[0], h[1], rows * sizeof(double)) == 0);
            CHECK(memcmp(gf[0], gf[1], rows * sizeof(float)) == 0);
        }
#ifdef _OPENMP
    omp_set_num_threads(omp_get_num_procs());
#endif
    (void)threads;
    free(off), free(s), free(y), free(g[0]), free(g[1]), free(h[0]), free(h[1]), free(sf), free(yf), free(gf[0]),
        free(gf[1]), free(pos);
}

/* The version is written once (the RANKNET_VERSION_* macros); the string says the same.
   (tests/check_docs.py holds the title line, the history, CHANGELOG.md, CMake and pip to it.) */
TEST(version_macros_agree)
{
    char want[64];
    snprintf(want, sizeof want, "%d.%d.%d", RANKNET_VERSION_MAJOR, RANKNET_VERSION_MINOR, RANKNET_VERSION_PATCH);
    CHECK(strcmp(want, RANKNET_VERSION_STRING) == 0);
}
