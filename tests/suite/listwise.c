/* Listwise losses: each against a long-double brute force of its formula (loss and
   gradient written out naively, the gradient also by finite differences of the loss, the
   diagonal hessian by finite differences of the gradient), on random, tied, huge-gap,
   one-item and no-relevant queries, double and float, every path; and their options. */

typedef long double ld;

typedef struct lw_case {
    ranknet_listwise kind;
    ranknet_label_transform transform;
    double epsilon, alpha, sigma;
    unsigned long long seed;
    size_t iteration, qid;
} lw_case;

/* the documented XE-NDCG gamma: SplitMix64's finaliser chained over (seed, round, query,
   item), the top 53 bits */
static unsigned long long lw_mix(unsigned long long z)
{
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
static ld lw_gamma(const lw_case *k, size_t item)
{
    unsigned long long z = lw_mix(lw_mix(lw_mix(lw_mix(k->seed) ^ k->iteration) ^ k->qid) ^ item);
    return (ld)(z >> 11) / 9007199254740992.0L;
}

/* the targets p (normalised) of the softmax family; 0 when the query has none */
static int lw_targets(const lw_case *k, const ld *y, size_t n, ld *p)
{
    ld sum = 0, ymax = -1e300L;
    size_t i;
    for (i = 0; i < n; ++i) ymax = y[i] > ymax ? y[i] : ymax;
    for (i = 0; i < n; ++i) {
        if (k->kind == RANKNET_LISTWISE_XENDCG) p[i] = powl(2.0L, y[i] - ymax) - lw_gamma(k, i) * powl(2.0L, -ymax);
        else if (k->transform == RANKNET_LABELS_SOFTMAX) p[i] = expl(y[i] - ymax);
        else if (k->transform == RANKNET_LABELS_EXP2) p[i] = powl(2.0L, y[i]) - 1;
        else p[i] = y[i];
        sum += p[i];
    }
    if (!(sum > 0)) return 0;
    for (i = 0; i < n; ++i) p[i] /= sum;
    return 1;
}

/* The loss and (grad != NULL) its gradient by the formulas, naively, in long double */
static ld lw_brute(const lw_case *k, const ld *s, const ld *y, size_t n, ld *grad)
{
    ld sigma = k->sigma, loss = 0, zmax = -1e4000L, *p = (ld *)calloc(n + 1, sizeof(ld));
    ld *rho = (ld *)calloc(n + 1, sizeof(ld));
    size_t i, j, r;
    for (i = 0; grad && i < n; ++i) grad[i] = 0;
    if (k->kind == RANKNET_LISTWISE_SOFTMAX || k->kind == RANKNET_LISTWISE_POLY1 ||
        k->kind == RANKNET_LISTWISE_XENDCG) {
        ld sum = 0, pt = 0, eps = k->kind == RANKNET_LISTWISE_POLY1 ? k->epsilon : 0;
        if (lw_targets(k, y, n, p)) {
            for (i = 0; i < n; ++i) zmax = sigma * s[i] > zmax ? sigma * s[i] : zmax;
            for (i = 0; i < n; ++i) sum += expl(sigma * s[i] - zmax);
            for (i = 0; i < n; ++i) {
                rho[i] = expl(sigma * s[i] - zmax) / sum;
                loss -= p[i] * (sigma * s[i] - zmax - logl(sum));
                pt += p[i] * rho[i];
            }
            loss += eps * (1 - pt);
            for (i = 0; grad && i < n; ++i) grad[i] = sigma * (rho[i] - p[i] - eps * rho[i] * (p[i] - pt));
        }
    } else if (k->kind == RANKNET_LISTWISE_LISTMLE) {
        size_t *ord = (size_t *)calloc(n + 1, sizeof(size_t));
        for (i = 0; i < n; ++i) ord[i] = i;
        for (i = 1; i < n; ++i) /* insertion sort by label, descending, stable */
            for (j = i; j > 0 && y[ord[j]] > y[ord[j - 1]]; --j) {
                size_t t = ord[j];
                ord[j] = ord[j - 1], ord[j - 1] = t;
            }
        for (r = 0; r < n; ++r) { /* LSE_r over the suffix, and each item's share of it */
            ld m = -1e4000L, sum = 0, lse;
            for (j = r; j < n; ++j) m = sigma * s[ord[j]] > m ? sigma * s[ord[j]] : m;
            for (j = r; j < n; ++j) sum += expl(sigma * s[ord[j]] - m);
            lse = m + logl(sum);
            loss += lse - sigma * s[ord[r]];
            for (j = r; grad && j < n; ++j) grad[ord[j]] += sigma * expl(sigma * s[ord[j]] - lse);
            if (grad) grad[ord[r]] -= sigma;
        }
        free(ord);
    } else { /* ApproxNDCG with gain 2^y - 1 over the whole list */
        ld a = k->alpha * sigma, idcg = 0, *g = (ld *)calloc(n + 1, sizeof(ld)), *R = (ld *)calloc(n + 1, sizeof(ld));
        ld *srt = (ld *)calloc(n + 1, sizeof(ld));
        for (i = 0; i < n; ++i) srt[i] = g[i] = powl(2.0L, y[i]) - 1;
        for (i = 1; i < n; ++i)
            for (j = i; j > 0 && srt[j] > srt[j - 1]; --j) {
                ld t = srt[j];
                srt[j] = srt[j - 1], srt[j - 1] = t;
            }
        for (i = 0; i < n; ++i) idcg += srt[i] / log2l(2.0L + (ld)i);
        if (idcg > 0) {
            for (i = 0; i < n; ++i) {
                R[i] = 1;
                for (j = 0; j < n; ++j)
                    if (j != i) R[i] += 1 / (1 + expl(-a * (s[j] - s[i])));
                loss -= g[i] / idcg / log2l(1 + R[i]);
            }
            for (i = 0; grad && i < n; ++i) /* dL/ds_i = sum_m dL/dR_m dR_m/ds_i */
                for (r = 0; r < n; ++r) {
                    ld c = g[r] / idcg / (logl(2.0L) * (1 + R[r]) * log2l(1 + R[r]) * log2l(1 + R[r])), dR = 0;
                    for (j = 0; j < n; ++j) {
                        ld sg;
                        if (j == r) continue;
                        sg = 1 / (1 + expl(-a * (s[j] - s[r])));
                        if (j == i) dR += a * sg * (1 - sg);
                        if (r == i) dR -= a * sg * (1 - sg);
                    }
                    grad[i] += c * dR;
                }
        }
        free(g), free(R), free(srt);
    }
    free(p), free(rho);
    return loss;
}

/* Central differences of the loss in long double: a step of 1e-6 where long double has its
   64-bit mantissa; where it is only a double (valgrind emulates x87 so), a step of 1e-4 and
   a tolerance for double rounding (eps |L| / step) */
static ld lw_epsilon(void)
{
    volatile ld eps = 1, one = 1;
    while (one + eps / 2 != one) eps /= 2;
    return eps;
}
static ld lw_fd_step(void) { return lw_epsilon() < 1e-18L ? 1e-6L : 1e-4L; }
static double lw_fd_tolerance(void) { return lw_epsilon() < 1e-18L ? 1e-7 : 1e-6; }

/* The brute force's hessian diagonal, by central differences of its gradient */
static void lw_brute_hess(const lw_case *k, const ld *s, const ld *y, size_t n, ld *hess)
{
    ld *sp = (ld *)calloc(n + 1, sizeof(ld)), *g1 = (ld *)calloc(n + 1, sizeof(ld)),
       *g2 = (ld *)calloc(n + 1, sizeof(ld));
    size_t i;
    for (i = 0; i < n; ++i) sp[i] = s[i];
    for (i = 0; i < n; ++i) {
        ld h = 1e-5L; /* absolute: the curvature lives at the scale of score differences */
        sp[i] = s[i] + h;
        lw_brute(k, sp, y, n, g1);
        sp[i] = s[i] - h;
        lw_brute(k, sp, y, n, g2);
        sp[i] = s[i];
        hess[i] = (g1[i] - g2[i]) / (2 * h);
    }
    free(sp), free(g1), free(g2);
}

static void lw_set(ranknet_options *o, const lw_case *k)
{
    memset(o, 0, sizeof *o);
    o->listwise = k->kind, o->label_transform = k->transform, o->sigma = k->sigma;
    o->epsilon = k->epsilon, o->alpha = k->alpha, o->seed = k->seed, o->iteration = k->iteration;
}

enum { LW_RANDOM, LW_TIED, LW_HUGE, LW_ONE, LW_NONE_RELEVANT, LW_SHAPES };
static const char *lw_shape_name[] = {"random", "tied", "huge gap", "one item", "no relevant"};

static size_t lw_query(int shape, double *s, double *y)
{
    size_t n = shape == LW_ONE ? 1 : 3 + (size_t)(9 * tl_uniform()), i;
    for (i = 0; i < n; ++i) {
        s[i] = shape == LW_HUGE ? (i % 2 ? 400.0 : -400.0) + tl_normal() : 2 * tl_normal();
        y[i] = shape == LW_TIED ? 2 : shape == LW_NONE_RELEVANT ? 0 : floor(4 * tl_uniform());
    }
    if (shape == LW_TIED) s[1] = s[0]; /* equal scores too */
    return n;
}

static const lw_case lw_cases[] = {
    {RANKNET_LISTWISE_SOFTMAX, RANKNET_LABELS_SUM, 0, 0, 1, 0, 0, 0},
    {RANKNET_LISTWISE_SOFTMAX, RANKNET_LABELS_SOFTMAX, 0, 0, 0.7, 0, 0, 0},
    {RANKNET_LISTWISE_SOFTMAX, RANKNET_LABELS_EXP2, 0, 0, 2, 0, 0, 0},
    {RANKNET_LISTWISE_POLY1, RANKNET_LABELS_SUM, 1, 0, 1, 0, 0, 0},
    {RANKNET_LISTWISE_POLY1, RANKNET_LABELS_EXP2, -0.5, 0, 1.5, 0, 0, 0},
    {RANKNET_LISTWISE_XENDCG, RANKNET_LABELS_SUM, 0, 0, 1, 42, 3, 0},
    {RANKNET_LISTWISE_LISTMLE, RANKNET_LABELS_SUM, 0, 0, 1, 0, 0, 0},
    {RANKNET_LISTWISE_LISTMLE, RANKNET_LABELS_SUM, 0, 0, 0.3, 0, 0, 0},
    {RANKNET_LISTWISE_APPROX_NDCG, RANKNET_LABELS_SUM, 0, 10, 1, 0, 0, 0},
    {RANKNET_LISTWISE_APPROX_NDCG, RANKNET_LABELS_SUM, 0, 1, 0.5, 0, 0, 0},
};

TEST(listwise_against_long_double_brute_force)
{
    double s[16], y[16], g[16], h[16], l;
    float sf[16], yf[16], gf[16], hf[16];
    ld S[16], Y[16], G[16], H[16], GF[16], sp[16];
    size_t c, i, n, p;
    int shape, rep;
    for (c = 0; c < sizeof lw_cases / sizeof *lw_cases; ++c)
        for (shape = 0; shape < LW_SHAPES; ++shape)
            for (rep = 0; rep < 3; ++rep) {
                lw_case k = lw_cases[c];
                ranknet_options o;
                ld L, scale = 1;
                if (k.alpha == 0 && k.kind == RANKNET_LISTWISE_APPROX_NDCG) k.alpha = 10;
                if (k.kind == RANKNET_LISTWISE_POLY1 && k.epsilon == 0) k.epsilon = 1;
                n = lw_query(shape, s, y);
                if (shape == LW_HUGE && k.kind == RANKNET_LISTWISE_APPROX_NDCG) /* alpha 10 x 800: saturated */
                    for (i = 0; i < n; ++i) s[i] *= 0.01;
                for (i = 0; i < n; ++i) S[i] = s[i], Y[i] = y[i], sf[i] = (float)s[i], yf[i] = (float)y[i];
                L = lw_brute(&k, S, Y, n, G);
                lw_brute_hess(&k, S, Y, n, H);
                for (i = 0; i < n; ++i) { /* the gradient by finite differences of the loss */
                    ld d = lw_fd_step();
                    memcpy(sp, S, sizeof S);
                    sp[i] = S[i] + d;
                    GF[i] = lw_brute(&k, sp, Y, n, NULL);
                    sp[i] = S[i] - d;
                    GF[i] = (GF[i] - lw_brute(&k, sp, Y, n, NULL)) / (2 * d);
                    CHECK_NEAR(G[i], GF[i], lw_epsilon() < 1e-18L ? 1 : 1 + fabsl(L), lw_fd_tolerance());
                    scale = fabsl(G[i]) > scale ? fabsl(G[i]) : scale;
                }
                lw_set(&o, &k);
                for (p = 0; p < sizeof all_paths / sizeof *all_paths; ++p) {
                    if (!ranknet_simd_supported(all_paths[p])) continue;
                    o.simd = all_paths[p];
                    CHECK(ranknet_query(&o, s, y, n, &l, g, h) == RANKNET_OK);
                    CHECK_NEAR(l, L, L, 1e-12);
                    for (i = 0; i < n; ++i) {
                        CHECK_NEAR(g[i], G[i], scale, 1e-12);
                        CHECK_NEAR(h[i], H[i], scale, 1e-7);
                    }
                    CHECK(ranknet_queryf(&o, sf, yf, n, &l, gf, hf) == RANKNET_OK);
                    CHECK_NEAR(l, L, L, 2e-5 * (1 + fabsl(S[0]) * k.sigma));
                    for (i = 0; i < n; ++i) {
                        CHECK_NEAR(gf[i], G[i], scale, 2e-5);
                        CHECK_NEAR(hf[i], H[i], scale, 2e-5);
                    }
                }
                if (tl_case_failed && tl_reports < 40)
                    printf("  (listwise %d transform %d, %s query of %u)\n", (int)k.kind, (int)k.transform,
                           lw_shape_name[shape], (unsigned)n);
            }
}

/* The reference libraries' own values, run here (tests/listwise_vectors.py): allRank
   1.4.3's listNet, listMLE and approxNDCGLoss, Rax's softmax_loss, poly1_softmax_loss and
   listmle_loss. allRank adds 1e-10 inside its logarithms (and clamps its sigmoids there),
   which moves a gradient by up to 1e-10 / (the smallest softmax share): within 1e-7 of
   ours. Rax computes in float64 as we do: within 1e-12. */
typedef struct listwise_vector {
    int kind, transform;
    double alpha, epsilon;
    size_t n;
    double loss;
    const double *s, *y, *g;
} listwise_vector;
typedef struct lambdaloss_vector {
    int scheme;
    size_t k;
    double sigma;
    size_t n;
    double loss;
    const double *s, *y, *g;
} lambdaloss_vector;
#include "../listwise_allrank.h"
#include "../listwise_rax.h"

/* LambdaLoss's NDCG-Loss1 and NDCG-Loss2 against allRank 1.4.3's lambdaLoss with
   ndcgLoss1_scheme / ndcgLoss2_scheme (reduction "sum", natural log) */
TEST(lambdaloss_schemes_match_allrank)
{
    double g[32], l;
    size_t c, i;
    for (c = 0; c < sizeof allrank_lambdaloss / sizeof *allrank_lambdaloss; ++c) {
        const lambdaloss_vector *v = &allrank_lambdaloss[c];
        double scale = 1;
        ranknet_options o;
        memset(&o, 0, sizeof o);
        o.weighting = RANKNET_WEIGHT_LAMBDALOSS, o.mu = 10, o.k = v->k, o.sigma = v->sigma;
        o.lambdaloss_scheme = v->scheme == 1 ? RANKNET_LAMBDALOSS_NDCG1 : RANKNET_LAMBDALOSS_NDCG2;
        CHECK(ranknet_query(&o, v->s, v->y, v->n, &l, g, NULL) == RANKNET_OK);
        CHECK_NEAR(l, v->loss, v->loss, 1e-7);
        for (i = 0; i < v->n; ++i) scale = fabs(v->g[i]) > scale ? fabs(v->g[i]) : scale;
        for (i = 0; i < v->n; ++i) CHECK_NEAR(g[i], v->g[i], scale, 1e-7);
        if (tl_case_failed && tl_reports < 40) printf("  (lambdaLoss vector %u)\n", (unsigned)c);
    }
}

TEST(listwise_matches_allrank_and_rax)
{
    double g[32], l;
    size_t c, i;
    for (c = 0; c < 2 * 6; ++c) {
        const listwise_vector *v = c < 6 ? &allrank_listwise[c] : &rax_listwise[c - 6];
        double tol = c < 6 ? 1e-7 : 1e-12, scale = 1;
        ranknet_options o;
        memset(&o, 0, sizeof o);
        o.listwise = (ranknet_listwise)v->kind, o.label_transform = (ranknet_label_transform)v->transform;
        o.alpha = v->alpha, o.epsilon = v->epsilon;
        CHECK(ranknet_query(&o, v->s, v->y, v->n, &l, g, NULL) == RANKNET_OK);
        CHECK_NEAR(l, v->loss, v->loss, tol);
        for (i = 0; i < v->n; ++i) scale = fabs(v->g[i]) > scale ? fabs(v->g[i]) : scale;
        for (i = 0; i < v->n; ++i) CHECK_NEAR(g[i], v->g[i], scale, tol);
        if (tl_case_failed && tl_reports < 40) printf("  (%s vector %u)\n", c < 6 ? "allRank" : "Rax", (unsigned)c % 6);
    }
}

/* LightGBM 4.7's rank_xendcg (src/objective/rank_objective.hpp, RankXENDCG), transcribed:
   a Random per query seeded objective_seed + query, drawn on in every round; Phi = 2^(int)
   y - NextFloat(); the lambdas' three orders in float sums. The preset must agree to the bit
   in every round (its generator skips ahead by rounds x n instead of keeping state). */
static void lw_lightgbm_xendcg(unsigned *state, const double *s, const double *y, int cnt, float *lambdas,
                               float *hessians)
{
    double rho[16], params[16], wmax = s[0], wsum = 0, inv = 0, sum_l1 = 0, sum_l2 = 0;
    int i;
    if (cnt <= 1) {
        for (i = 0; i < cnt; ++i) lambdas[i] = hessians[i] = 0;
        return;
    }
    for (i = 1; i < cnt; ++i) wmax = s[i] > wmax ? s[i] : wmax;
    for (i = 0; i < cnt; ++i) wsum += (rho[i] = exp(s[i] - wmax));
    for (i = 0; i < cnt; ++i) rho[i] /= wsum;
    for (i = 0; i < cnt; ++i) {
        *state = 214013u * *state + 2531011u;
        params[i] = pow(2, (int)y[i]) - (double)((float)((*state >> 16) & 0x7FFF) / 32768.0f);
        inv += params[i];
    }
    inv = 1. / (inv > 1e-15 ? inv : 1e-15);
    for (i = 0; i < cnt; ++i) {
        double term = -params[i] * inv + rho[i];
        lambdas[i] = (float)term;
        params[i] = term / (1. - rho[i]);
        sum_l1 += params[i];
    }
    for (i = 0; i < cnt; ++i) {
        double term = rho[i] * (sum_l1 - params[i]);
        lambdas[i] += (float)term;
        params[i] = term / (1. - rho[i]);
        sum_l2 += params[i];
    }
    for (i = 0; i < cnt; ++i) {
        lambdas[i] += (float)(rho[i] * (sum_l2 - params[i]));
        hessians[i] = (float)(rho[i] * (1.0 - rho[i]));
    }
}

TEST(listwise_xendcg_preset_is_lightgbms_bit_for_bit)
{
    enum { NQ = 5 };
    size_t off[NQ + 1] = {0, 7, 8, 12, 12, 27}, q, i;
    double s[27], y[27], w[27], g[27], h[27];
    float lg[27], lh[27];
    unsigned state[NQ];
    int round;
    ranknet_options o;
    for (i = 0; i < 27; ++i) s[i] = 3 * tl_normal(), y[i] = floor(5 * tl_uniform()), w[i] = 0.5 + tl_uniform();
    for (q = 0; q < NQ; ++q) state[q] = 5u + (unsigned)q; /* objective_seed 5, LightGBM's default */
    memset(&o, 0, sizeof o);
    o.preset = RANKNET_PRESET_LIGHTGBM, o.listwise = RANKNET_LISTWISE_XENDCG, o.seed = 5;
    for (round = 0; round < 4; ++round) {
        o.iteration = (size_t)round;
        o.item_weights = round == 3 ? w : NULL;
        CHECK(ranknet_batch(&o, s, y, off, NQ, NULL, g, h) == RANKNET_OK);
        for (q = 0; q < NQ; ++q) {
            int cnt = (int)(off[q + 1] - off[q]);
            lw_lightgbm_xendcg(&state[q], s + off[q], y + off[q], cnt, lg + off[q], lh + off[q]);
        }
        for (i = 0; i < 27; ++i) {
            double wt = round == 3 ? w[i] : 1.0; /* RankingObjective: times the row's weight, in float */
            CHECK(g[i] == (double)(float)(lg[i] * wt) && h[i] == (double)(float)(lh[i] * wt));
        }
        for (i = 0; i < 27; ++i) s[i] -= 0.1 * g[i]; /* the next round's scores */
    }
}

TEST(listwise_batches_threads_and_outputs)
{
    enum { NQ = 40 };
    size_t off[NQ + 1], q, i, rows;
    double *s, *y, *g, *h, *g1, *h1, l, l1, lsum;
    int kind;
    off[0] = 0;
    for (q = 0; q < NQ; ++q) off[q + 1] = off[q] + (q % 7 == 3 ? 0 : q % 5 == 1 ? 1 : 2 + (size_t)(30 * tl_uniform()));
    rows = off[NQ];
    s = dalloc(rows), y = dalloc(rows), g = dalloc(rows), h = dalloc(rows), g1 = dalloc(rows), h1 = dalloc(rows);
    for (i = 0; i < rows; ++i) s[i] = 2 * tl_normal(), y[i] = floor(4 * tl_uniform());
    for (kind = 1; kind < RANKNET_LISTWISE_COUNT; ++kind) {
        ranknet_options o;
        memset(&o, 0, sizeof o);
        o.listwise = (ranknet_listwise)kind, o.seed = 9, o.iteration = 2;
        CHECK(ranknet_batch(&o, s, y, off, NQ, &l, g, h) == RANKNET_OK);
        lsum = 0; /* the batch is its queries one by one (XE-NDCG's gammas: by query index) */
        for (q = 0; q < NQ; ++q) {
            size_t one[2];
            one[0] = 0, one[1] = off[q + 1] - off[q];
            if (kind == RANKNET_LISTWISE_XENDCG) continue;
            CHECK(ranknet_batch(&o, s + off[q], y + off[q], one, 1, &l1, g1 + off[q], h1 + off[q]) == RANKNET_OK);
            lsum += l1;
        }
        if (kind != RANKNET_LISTWISE_XENDCG) {
            CHECK_NEAR(l, lsum, lsum, 1e-13);
            CHECK(memcmp(g, g1, rows * sizeof *g) == 0 && memcmp(h, h1, rows * sizeof *h) == 0);
        }
        /* loss only, gradient only: the same numbers */
        CHECK(ranknet_batch(&o, s, y, off, NQ, &l1, NULL, NULL) == RANKNET_OK && l1 == l);
        CHECK(ranknet_batch(&o, s, y, off, NQ, NULL, g1, NULL) == RANKNET_OK);
        CHECK(memcmp(g, g1, rows * sizeof *g) == 0);
        /* query weights scale their query */
        {
            double *qw = dalloc(NQ);
            for (q = 0; q < NQ; ++q) qw[q] = q % 3 == 0 ? 0 : 2;
            o.query_weights = qw;
            CHECK(ranknet_batch(&o, s, y, off, NQ, NULL, g1, h1) == RANKNET_OK);
            for (q = 0; q < NQ; ++q)
                for (i = off[q]; i < off[q + 1]; ++i) CHECK(g1[i] == qw[q] * g[i] && h1[i] == qw[q] * h[i]);
            free(qw);
        }
        if (tl_case_failed && tl_reports < 40) printf("  (listwise %d)\n", kind);
    }
#ifdef _OPENMP
    { /* the same bits for any number of threads */
        int t;
        ranknet_options o;
        memset(&o, 0, sizeof o);
        o.listwise = RANKNET_LISTWISE_APPROX_NDCG;
        omp_set_num_threads(1);
        CHECK(ranknet_batch(&o, s, y, off, NQ, &l, g, h) == RANKNET_OK);
        for (t = 2; t <= 4; ++t) {
            omp_set_num_threads(t);
            CHECK(ranknet_batch(&o, s, y, off, NQ, &l1, g1, h1) == RANKNET_OK);
            CHECK(l1 == l && memcmp(g, g1, rows * sizeof *g) == 0 && memcmp(h, h1, rows * sizeof *h) == 0);
        }
        omp_set_num_threads(2);
    }
#endif
    free(s), free(y), free(g), free(h), free(g1), free(h1);
}

TEST(listwise_options_are_checked)
{
    double s[4] = {0.5, 1, -1, 2}, y[4] = {1, 0, 3, 2}, neg[4] = {1, 0, -3, 2}, g[4], table[4] = {0, 1, 3, 7};
    char why[200];
    size_t c;
    struct {
        const char *want;
        ranknet_status st;
    } cases[] = {
        {"listwise 9 is no ranknet_listwise", RANKNET_ERR_OPTION},
        {"label_transform 7", RANKNET_ERR_OPTION},
        {"listwise SOFTMAX takes no pair weighting", RANKNET_ERR_OPTION},
        {"listwise LISTMLE has no preset LIGHTGBM", RANKNET_ERR_OPTION},
        {"listwise APPROX_NDCG uses the whole list: k must be 0", RANKNET_ERR_OPTION},
        {"listwise POLY1 takes no normalize", RANKNET_ERR_OPTION},
        {"label_transform is for SOFTMAX and POLY1, not LISTMLE", RANKNET_ERR_OPTION},
        {"item_weights: SOFTMAX and POLY1", RANKNET_ERR_OPTION},
        {"label_gain is for APPROX_NDCG's gains, not SOFTMAX", RANKNET_ERR_OPTION},
        {"alpha -1", RANKNET_ERR_OPTION},
        {"epsilon inf", RANKNET_ERR_OPTION},
        {"preset LIGHTGBM with XENDCG needs sigma 1", RANKNET_ERR_OPTION},
        {"the label of row 2 is -3: this listwise loss's labels must be >= 0", RANKNET_ERR_RANGE},
        {"the gradients could pass the float range", RANKNET_ERR_OVERFLOW},
    };
    for (c = 0; c < sizeof cases / sizeof *cases; ++c) {
        ranknet_options o;
        float sf[4] = {0.5f, 1, -1, 2}, yf[4] = {1, 0, 3, 2}, gf[4];
        ranknet_status st;
        memset(&o, 0, sizeof o);
        o.listwise = RANKNET_LISTWISE_SOFTMAX;
        o.reason = why, o.reason_size = sizeof why;
        switch (c) {
        case 0: o.listwise = (ranknet_listwise)9; break;
        case 1: o.label_transform = (ranknet_label_transform)7; break;
        case 2: o.weighting = RANKNET_WEIGHT_DELTA_NDCG; break;
        case 3: o.listwise = RANKNET_LISTWISE_LISTMLE, o.preset = RANKNET_PRESET_LIGHTGBM; break;
        case 4: o.listwise = RANKNET_LISTWISE_APPROX_NDCG, o.k = 3; break;
        case 5: o.listwise = RANKNET_LISTWISE_POLY1, o.normalize = RANKNET_NORM_ITEMS; break;
        case 6: o.listwise = RANKNET_LISTWISE_LISTMLE, o.label_transform = RANKNET_LABELS_EXP2; break;
        case 7: o.listwise = RANKNET_LISTWISE_LISTMLE, o.item_weights = table; break;
        case 8: o.label_gain = table, o.label_gain_len = 4; break;
        case 9: o.listwise = RANKNET_LISTWISE_APPROX_NDCG, o.alpha = -1; break;
        case 10: o.epsilon = INFINITY; break;
        case 11: o.listwise = RANKNET_LISTWISE_XENDCG, o.preset = RANKNET_PRESET_LIGHTGBM, o.sigma = 2; break;
        case 12: o.listwise = RANKNET_LISTWISE_XENDCG; break;
        case 13: o.listwise = RANKNET_LISTWISE_APPROX_NDCG, o.sigma = 1e37; break;
        }
        strcpy(why, "untouched");
        fill(g, 4);
        fillf(gf, 4);
        st = c == 13 ? ranknet_queryf(&o, sf, yf, 4, NULL, gf, NULL)
                     : ranknet_query(&o, s, c == 12 ? neg : y, 4, NULL, g, NULL);
        CHECK(st == cases[c].st && untouched(g, 4) && untouchedf(gf, 4));
        CHECK(strstr(why, cases[c].want) != NULL);
        if (tl_case_failed && tl_reports < 40) printf("  (case %u: \"%s\")\n", (unsigned)c, why);
    }
    { /* what is allowed: ListMLE and softmax(y) take any labels; ApproxNDCG a gain table */
        ranknet_options o;
        memset(&o, 0, sizeof o);
        o.listwise = RANKNET_LISTWISE_LISTMLE;
        CHECK(ranknet_query(&o, s, neg, 4, NULL, g, NULL) == RANKNET_OK);
        o.listwise = RANKNET_LISTWISE_SOFTMAX, o.label_transform = RANKNET_LABELS_SOFTMAX;
        CHECK(ranknet_query(&o, s, neg, 4, NULL, g, NULL) == RANKNET_OK);
        memset(&o, 0, sizeof o);
        o.listwise = RANKNET_LISTWISE_APPROX_NDCG, o.label_gain = table, o.label_gain_len = 4;
        CHECK(ranknet_query(&o, s, y, 4, NULL, g, NULL) == RANKNET_OK);
    }
}

/* DCG@k, Precision@k and Recall@k by their definitions, and what a query without a
   relevant item scores under each no_relevant choice */
TEST(metrics_dcg_precision_recall)
{
    double s[12], y[12], v;
    size_t n, k, r, i, order[12];
    int rep, kind;
    for (rep = 0; rep < 40; ++rep) {
        n = 1 + (size_t)(11 * tl_uniform());
        k = rep % 4 == 0 ? 0 : (size_t)(14 * tl_uniform());
        for (i = 0; i < n; ++i) s[i] = floor(4 * tl_normal()) / 2, y[i] = floor(4 * tl_uniform()) * (rep % 7 != 0);
        for (i = 0; i < n; ++i) order[i] = i;
        for (i = 1; i < n; ++i) /* by score, descending, equal scores by lower index */
            for (r = i; r > 0 && s[order[r]] > s[order[r - 1]]; --r) {
                size_t t = order[r];
                order[r] = order[r - 1], order[r - 1] = t;
            }
        {
            size_t cut = k == 0 || k > n ? n : k;
            double dcg = 0, hits = 0, nrel = 0;
            for (i = 0; i < n; ++i) nrel += y[i] > 0;
            for (r = 0; r < cut; ++r) {
                dcg += (pow(2, y[order[r]]) - 1) / log2(r + 2.0);
                hits += y[order[r]] > 0;
            }
            CHECK(ranknet_metric(RANKNET_METRIC_DCG, k, s, y, n, &v) == RANKNET_OK);
            CHECK_NEAR(v, dcg, dcg, 1e-14);
            CHECK(ranknet_metric(RANKNET_METRIC_PRECISION, k, s, y, n, &v) == RANKNET_OK);
            CHECK(v == hits / (double)(k ? k : n));
            CHECK(ranknet_metric(RANKNET_METRIC_RECALL, k, s, y, n, &v) == RANKNET_OK);
            CHECK(v == (nrel > 0 ? hits / nrel : 0.0));
        }
    }
    for (kind = 0; kind < RANKNET_METRIC_COUNT; ++kind) { /* nothing relevant, and no items */
        ranknet_options o;
        double zero[3] = {0, 0, 0};
        int nr;
        memset(&o, 0, sizeof o);
        for (nr = 0; nr < RANKNET_NO_RELEVANT_COUNT; ++nr) {
            double want =
                nr == RANKNET_NO_RELEVANT_ONE || (nr == RANKNET_NO_RELEVANT_DEFAULT && kind == RANKNET_METRIC_NDCG);
            o.no_relevant = (ranknet_no_relevant)nr;
            CHECK(ranknet_metric_query(&o, (ranknet_metric_kind)kind, 2, s, zero, 3, &v) == RANKNET_OK && v == want);
            CHECK(ranknet_metric_query(&o, (ranknet_metric_kind)kind, 2, s, zero, 0, &v) == RANKNET_OK && v == want);
        }
        CHECK(ranknet_metric(RANKNET_METRIC_NDCG, 0, s, zero, 3, &v) == RANKNET_OK && v == 1.0);
        o.no_relevant = RANKNET_NO_RELEVANT_COUNT;
        v = SENT;
        CHECK(ranknet_metric_query(&o, (ranknet_metric_kind)kind, 2, s, y, 3, &v) == RANKNET_ERR_OPTION && v == SENT);
    }
    { /* DCG past DBL_MAX */
        double big[2] = {1100, 3};
        v = SENT;
        CHECK(ranknet_metric(RANKNET_METRIC_DCG, 0, s, big, 2, &v) == RANKNET_ERR_OVERFLOW && v == SENT);
    }
}

/* NDCG-Loss2 rides the staged kernels: every path agrees with the scalar loop; NDCG-Loss1's
   hessian is the derivative of its gradient (central differences) */
TEST(lambdaloss_schemes_on_every_path)
{
    double s[40], y[40], g0[40], h0[40], g[40], h[40], l0, l, sp[40], gp[40], gm[40];
    size_t n = 40, i, p;
    ranknet_options o;
    for (i = 0; i < n; ++i) s[i] = 2 * tl_normal(), y[i] = floor(5 * tl_uniform());
    memset(&o, 0, sizeof o);
    o.weighting = RANKNET_WEIGHT_LAMBDALOSS, o.lambdaloss_scheme = RANKNET_LAMBDALOSS_NDCG2, o.k = 12, o.mu = 10;
    o.simd = RANKNET_SIMD_SCALAR;
    CHECK(ranknet_query(&o, s, y, n, &l0, g0, h0) == RANKNET_OK && l0 > 0);
    for (p = 0; p < sizeof all_paths / sizeof *all_paths; ++p) {
        if (!ranknet_simd_supported(all_paths[p])) continue;
        o.simd = all_paths[p];
        CHECK(ranknet_query(&o, s, y, n, &l, g, h) == RANKNET_OK);
        CHECK_NEAR(l, l0, l0, 1e-13);
        for (i = 0; i < n; ++i) {
            CHECK_NEAR(g[i], g0[i], 1, 1e-13);
            CHECK_NEAR(h[i], h0[i], 1, 1e-13);
        }
    }
    o.mu = 0, o.simd = RANKNET_SIMD_SCALAR; /* mu does not enter NDCG-Loss2 */
    CHECK(ranknet_query(&o, s, y, n, &l, g, NULL) == RANKNET_OK && l == l0);
    o.simd = RANKNET_SIMD_AUTO, o.lambdaloss_scheme = RANKNET_LAMBDALOSS_NDCG1, o.sigma = 1.3;
    CHECK(ranknet_query(&o, s, y, n, NULL, g, h) == RANKNET_OK);
    for (i = 0; i < n; ++i) {
        double d = 1e-6;
        memcpy(sp, s, sizeof s);
        sp[i] = s[i] + d;
        CHECK(ranknet_query(&o, sp, y, n, NULL, gp, NULL) == RANKNET_OK);
        sp[i] = s[i] - d;
        CHECK(ranknet_query(&o, sp, y, n, NULL, gm, NULL) == RANKNET_OK);
        CHECK_NEAR(h[i], (gp[i] - gm[i]) / (2 * d), 1, 1e-6);
    }
    o.item_weights = s; /* NDCG-Loss1 has no item weights */
    CHECK(ranknet_query(&o, s, y, n, NULL, g, NULL) == RANKNET_ERR_OPTION);
}

/* A saturated softmax keeps the digits of the largest share's 1 - rho (its hessian), and
   ListMLE orders graded and real labels alike */
TEST(listwise_saturated_and_orders)
{
    double s[3] = {40, 0, 0.5}, y[3] = {1, 0, 0}, h[3], g[3], g2[3], e1 = exp(-40.0), e2 = exp(-39.5);
    double yr[6] = {2, 0.5, 2, 1, 0.5, 3}, yg[6] = {4, 1, 4, 2, 1, 5}, sr[6] = {0.1, -2, 3, 0.7, 0.7, -1};
    double gr[6], gg[6];
    ranknet_options o;
    size_t i;
    memset(&o, 0, sizeof o);
    o.listwise = RANKNET_LISTWISE_SOFTMAX;
    CHECK(ranknet_query(&o, s, y, 3, NULL, g, h) == RANKNET_OK);
    CHECK_NEAR(h[0] / ((e1 + e2) / ((1 + e1 + e2) * (1 + e1 + e2))), 1, 1, 1e-13);
    CHECK_NEAR(g[0] / -((e1 + e2) / (1 + e1 + e2)), 1, 1, 1e-13);
    (void)g2;
    o.listwise = RANKNET_LISTWISE_LISTMLE; /* the same order: the same loss and gradient */
    CHECK(ranknet_query(&o, sr, yr, 6, NULL, gr, NULL) == RANKNET_OK);
    CHECK(ranknet_query(&o, sr, yg, 6, NULL, gg, NULL) == RANKNET_OK);
    for (i = 0; i < 6; ++i) CHECK(gr[i] == gg[i]);
}
