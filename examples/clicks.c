/* clicks.c - learning to rank from simulated clicks, with and without position-bias
   correction (Unbiased LambdaMART: ranknet_batch_unbiasedf with a RANKNET_BIAS_RATIO state).

     cc -O2 examples/clicks.c -lm -o clicks
     ./clicks                         built-in synthetic data
     ./clicks data/letor-sample       LightGBM's LETOR sample (rank.train, rank.test)
     ./clicks --help

   Each training query is shown in the order of a weak logging ranker (a linear model
   trained on the true labels of a few queries). Clicks follow a position-based model:
   the item at position r is examined with probability (1 / (r + 1))^eta (--eta, 1), and
   clicked when examined with probability eps(y) = eps + (1 - eps) (2^y - 1) / (2^ymax - 1)
   (--eps, 0.1: noise clicks on irrelevant items, rising with the grade). One ranker
   (linear, the trainer's model) is then trained with LambdaRank: on the true labels (the
   ceiling), on the clicks as labels (naive), and on the clicks with the bias learned
   jointly (debiased), with ranknet_bias_create's defaults and with XGBoost's
   (RANKNET_BIAS_RATIO_XGBOOST). All are evaluated by NDCG@10 on the true labels of the
   test queries.
   Built with -DCLICKS_XGBOOST -lxgboost, XGBoost's trees are trained the same three ways
   through a custom objective. */
#define RANKNET_IMPLEMENTATION
#include "../ranknet.h"
#include "letor.h"
#include "ranker.h"

#ifdef CLICKS_XGBOOST
#include <xgboost/c_api.h>
#endif

#define POSITIONS 10 /* the positions whose bias is learned (and drawn) */

typedef struct clicklog {
    size_t nq, rows; /* sessions, and their rows */
    size_t *off;     /* nq + 1 */
    size_t *item;    /* rows: the training row shown */
    float *click;    /* rows: 1 clicked, 0 not */
    long long *pos;  /* rows: the position it was shown at */
} clicklog;

typedef struct setup {
    int sessions, epochs, xgb_rounds, learn_minus;
    double eta, eps, lr, bias_norm; /* bias_norm < 0: the library's default p */
} setup;

/* ---- the simulation ------------------------------------------------------------------------ */

static double examination(size_t r, double eta) { return pow(1.0 / (double)(r + 1), eta); }

/* Each query of tr, shown in the order of the logging scores, sessions times; sessions
   without both a click and a skip carry no pair and are dropped. */
static void simulate(clicklog *cl, const dataset *tr, const float *logging, const setup *su)
{
    size_t q, i, j, cap = 0;
    float ymax = 0;
    size_t *order = (size_t *)xrealloc(NULL, (tr->rows + 1) * sizeof *order);
    memset(cl, 0, sizeof *cl);
    for (i = 0; i < tr->rows; ++i) ymax = tr->label[i] > ymax ? tr->label[i] : ymax;
    cl->off = (size_t *)xrealloc(NULL, sizeof *cl->off);
    cl->off[0] = 0;
    for (q = 0; q < tr->nq; ++q) {
        size_t a = tr->off[q], n = tr->off[q + 1] - a;
        int s;
        for (i = 0; i < n; ++i) order[i] = a + i; /* by logging score, descending (insertion: small n) */
        for (i = 1; i < n; ++i)
            for (j = i; j > 0 && logging[order[j]] > logging[order[j - 1]]; --j) {
                size_t t = order[j];
                order[j] = order[j - 1], order[j - 1] = t;
            }
        if (n > POSITIONS) n = POSITIONS; /* one result page */
        for (s = 0; s < su->sessions; ++s) {
            size_t start = cl->rows, clicks = 0;
            if (cl->rows + n > cap) {
                cap = 2 * (cl->rows + n);
                cl->item = (size_t *)xrealloc(cl->item, cap * sizeof *cl->item);
                cl->click = (float *)xrealloc(cl->click, cap * sizeof *cl->click);
                cl->pos = (long long *)xrealloc(cl->pos, cap * sizeof *cl->pos);
            }
            for (i = 0; i < n; ++i) {
                double y = tr->label[order[i]];
                double eps = su->eps + (1 - su->eps) * (pow(2.0, y) - 1) / (pow(2.0, ymax) - 1);
                int c = uniform() < examination(i, su->eta) && uniform() < eps;
                cl->item[cl->rows] = order[i], cl->click[cl->rows] = (float)c, cl->pos[cl->rows] = (long long)i;
                cl->rows++, clicks += (size_t)c;
            }
            if (clicks == 0 || clicks == n) {
                cl->rows = start;
                continue;
            }
            cl->off = (size_t *)xrealloc(cl->off, (cl->nq + 2) * sizeof *cl->off);
            cl->off[++cl->nq] = cl->rows;
        }
    }
    free(order);
}

static void clicklog_free(clicklog *cl) { free(cl->off), free(cl->item), free(cl->click), free(cl->pos); }

/* ---- training the trainer's linear ranker ------------------------------------------------- */

static double mean_ndcg10(const dataset *d, const float *scores)
{
    double v[4];
    mean_ndcg(d, scores, v);
    return v[3];
}

/* Full-batch LambdaRank with Adam. cl == NULL: the true labels of tr; else the sessions of
   cl, debiased through bias when it is not NULL (its factors updated once an epoch). */
static void train_linear(model *mo, const dataset *tr, const clicklog *cl, ranknet_bias *bias, const setup *su,
                         int epochs)
{
    size_t rows = cl ? cl->rows : tr->rows, i;
    float *item_score = (float *)xrealloc(NULL, tr->rows * sizeof(float));
    float *s = (float *)xrealloc(NULL, rows * sizeof(float)), *g = (float *)xrealloc(NULL, rows * sizeof(float));
    float *item_lambda = (float *)xrealloc(NULL, tr->rows * sizeof(float));
    ranknet_options o;
    int e;
    memset(&o, 0, sizeof o);
    o.weighting = RANKNET_WEIGHT_DELTA_NDCG, o.k = 10;
    for (e = 0; e < epochs; ++e) {
        ranknet_status st;
        predict(mo, tr, item_score);
        for (i = 0; i < rows; ++i) s[i] = item_score[cl ? cl->item[i] : i];
        if (!cl) st = ranknet_batchf(&o, s, tr->label, tr->off, tr->nq, NULL, g, NULL);
        else if (!bias) st = ranknet_batchf(&o, s, cl->click, cl->off, cl->nq, NULL, g, NULL);
        else st = ranknet_batch_unbiasedf(&o, bias, s, cl->click, cl->pos, cl->off, cl->nq, NULL, g, NULL);
        if (st != RANKNET_OK) die("ranknet: %s", ranknet_status_string(st));
        if (bias && (st = ranknet_bias_update(bias)) != RANKNET_OK)
            die("ranknet_bias_update: %s", ranknet_status_string(st));
        memset(item_lambda, 0, tr->rows * sizeof(float));
        for (i = 0; i < rows; ++i) item_lambda[cl ? cl->item[i] : i] += g[i] / (float)(cl ? cl->nq : tr->nq);
        for (i = 0; i < tr->rows; ++i)
            if (item_lambda[i] != 0) model_backward(mo, tr->x + i * tr->dim, NULL, item_lambda[i]);
        adam_step(mo, (float)su->lr);
    }
    free(item_score), free(s), free(g), free(item_lambda);
}

/* Pearson correlation of the learned t+ with the true examination probabilities */
static double bias_correlation(const ranknet_bias *b, double eta)
{
    double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
    size_t r;
    for (r = 0; r < POSITIONS; ++r) mx += b->t_plus[r] / POSITIONS, my += examination(r, eta) / POSITIONS;
    for (r = 0; r < POSITIONS; ++r) {
        double dx = b->t_plus[r] - mx, dy = examination(r, eta) - my;
        sxy += dx * dy, sxx += dx * dx, syy += dy * dy;
    }
    return sxx > 0 && syy > 0 ? sxy / sqrt(sxx * syy) : 0;
}

/* ---- XGBoost through its custom objective ------------------------------------------------- */

#ifdef CLICKS_XGBOOST
#define XGB(call)                                               \
    do {                                                        \
        if ((call) != 0) die("xgboost: %s", XGBGetLastError()); \
    } while (0)

/* The rows of a click log (or of tr) as a DMatrix with their query groups */
static DMatrixHandle xgb_matrix(const dataset *d, const clicklog *cl)
{
    size_t rows = cl ? cl->rows : d->rows, nq = cl ? cl->nq : d->nq, i;
    const size_t *off = cl ? cl->off : d->off;
    float *x = (float *)xrealloc(NULL, rows * d->dim * sizeof(float));
    unsigned *group = (unsigned *)xrealloc(NULL, nq * sizeof(unsigned));
    DMatrixHandle m;
    for (i = 0; i < rows; ++i) memcpy(x + i * d->dim, d->x + (cl ? cl->item[i] : i) * d->dim, d->dim * sizeof(float));
    for (i = 0; i < nq; ++i) group[i] = (unsigned)(off[i + 1] - off[i]);
    XGB(XGDMatrixCreateFromMat(x, (bst_ulong)rows, (bst_ulong)d->dim, NAN, &m));
    XGB(XGDMatrixSetUIntInfo(m, "group", group, (bst_ulong)nq));
    free(x), free(group);
    return m;
}

/* Boosted trees on the true labels (cl NULL) or clicks, with a custom objective:
   lambdas and hessians from ranknet.h, each query normalised by 1 / (n - 1). Returns the
   test NDCG@10. */
static double train_xgboost(const dataset *tr, const dataset *te, const clicklog *cl, ranknet_bias *bias,
                            const setup *su)
{
    DMatrixHandle dtr = xgb_matrix(tr, cl), dte = xgb_matrix(te, NULL);
    BoosterHandle bst;
    size_t rows = cl ? cl->rows : tr->rows;
    float *g = (float *)xrealloc(NULL, rows * sizeof(float)), *h = (float *)xrealloc(NULL, rows * sizeof(float));
    const float *pred;
    bst_ulong len;
    ranknet_options o;
    double ndcg;
    int round;
    memset(&o, 0, sizeof o);
    o.weighting = RANKNET_WEIGHT_DELTA_NDCG, o.k = 10, o.normalize = RANKNET_NORM_ITEMS;
    XGB(XGBoosterCreate(&dtr, 1, &bst));
    XGB(XGBoosterSetParam(bst, "tree_method", "hist"));
    XGB(XGBoosterSetParam(bst, "max_depth", "3"));
    XGB(XGBoosterSetParam(bst, "eta", "0.1"));
    XGB(XGBoosterSetParam(bst, "min_child_weight", "0.01"));
    XGB(XGBoosterSetParam(bst, "nthread", "2"));
    XGB(XGBoosterSetParam(bst, "seed", "1"));
    for (round = 0; round < su->xgb_rounds; ++round) {
        ranknet_status st;
        const float *y = cl ? cl->click : tr->label;
        const size_t *off = cl ? cl->off : tr->off;
        size_t nq = cl ? cl->nq : tr->nq;
        XGB(XGBoosterPredict(bst, dtr, 1, 0, 1, &len, &pred)); /* margins */
        if (bias) st = ranknet_batch_unbiasedf(&o, bias, pred, y, cl->pos, off, nq, NULL, g, h);
        else st = ranknet_batchf(&o, pred, y, off, nq, NULL, g, h);
        if (st != RANKNET_OK) die("ranknet: %s", ranknet_status_string(st));
        if (bias && (st = ranknet_bias_update(bias)) != RANKNET_OK)
            die("ranknet_bias_update: %s", ranknet_status_string(st));
        XGB(XGBoosterBoostOneIter(bst, dtr, g, h, (bst_ulong)rows));
    }
    XGB(XGBoosterPredict(bst, dte, 1, 0, 0, &len, &pred));
    ndcg = mean_ndcg10(te, pred);
    XGB(XGBoosterFree(bst));
    XGB(XGDMatrixFree(dtr));
    XGB(XGDMatrixFree(dte));
    free(g), free(h);
    return ndcg;
}
#endif

/* ---- the experiment ------------------------------------------------------------------------- */

/* m queries of d drawn at random (the logging ranker's few labelled queries) */
static void subset(const dataset *d, size_t m, dataset *out)
{
    size_t q, rows = 0;
    memset(out, 0, sizeof *out);
    out->dim = d->dim, out->nq = m;
    out->off = (size_t *)xrealloc(NULL, (m + 1) * sizeof *out->off);
    out->off[0] = 0;
    for (q = 0; q < m; ++q) {
        size_t pick = (size_t)(uniform() * (double)d->nq), a = d->off[pick], n = d->off[pick + 1] - a;
        out->x = (float *)xrealloc(out->x, (rows + n) * d->dim * sizeof(float));
        out->label = (float *)xrealloc(out->label, (rows + n) * sizeof(float));
        memcpy(out->x + rows * d->dim, d->x + a * d->dim, n * d->dim * sizeof(float));
        memcpy(out->label + rows, d->label + a, n * sizeof(float));
        out->off[q + 1] = rows += n;
    }
    out->rows = rows;
}

typedef struct outcome {
    double truth, naive, debiased, corr;
    double xgboost_defaults; /* debiased with RANKNET_BIAS_RATIO_XGBOOST's p = 1, t- learned */
    double t_plus[POSITIONS];
} outcome;

static void write_svg(const char *path, const char *title, const outcome *res, int seeds, double eta)
{
    FILE *f = fopen(path, "w");
    const double W = 560, H = 340, L = 56, R = 150, T = 40, B = 46;
    double top = 1.0;
    int s;
    size_t r;
    if (!f) die("cannot write %s", path);
    for (s = 0; s < seeds; ++s)
        for (r = 0; r < POSITIONS; ++r) top = res[s].t_plus[r] > top ? res[s].t_plus[r] : top;
#define X(r) (L + (W - L - R) * (double)(r) / (POSITIONS - 1))
#define Y(v) (T + (H - T - B) * (1 - (v) / top))
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%g\" height=\"%g\" font-family=\"sans-serif\" "
            "font-size=\"12\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
            W, H);
    fprintf(f, "<text x=\"%g\" y=\"22\" font-size=\"14\">%s</text>\n", L, title);
    fprintf(f, "<line x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\" stroke=\"black\"/>\n", L, Y(0), W - R, Y(0));
    fprintf(f, "<line x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\" stroke=\"black\"/>\n", L, Y(0), L, Y(top));
    for (r = 0; r < POSITIONS; ++r)
        fprintf(f, "<text x=\"%g\" y=\"%g\" text-anchor=\"middle\">%u</text>\n", X(r), Y(0) + 16, (unsigned)r);
    fprintf(f, "<text x=\"%g\" y=\"%g\" text-anchor=\"middle\">displayed position</text>\n",
            X(POSITIONS - 1) / 2 + L / 2, H - 6);
    for (r = 0; r <= 4; ++r)
        fprintf(f, "<text x=\"%g\" y=\"%g\" text-anchor=\"end\">%.2f</text>\n", L - 6, Y(top * (double)r / 4) + 4,
                top * (double)r / 4);
    for (s = 0; s < seeds; ++s) { /* each seed's learned t+ */
        fprintf(f, "<polyline fill=\"none\" stroke=\"#d62728\" stroke-opacity=\"0.6\" stroke-width=\"1.5\" points=\"");
        for (r = 0; r < POSITIONS; ++r) fprintf(f, "%.1f,%.1f ", X(r), Y(res[s].t_plus[r]));
        fprintf(f, "\"/>\n");
    }
    fprintf(f, "<polyline fill=\"none\" stroke=\"black\" stroke-width=\"2.5\" stroke-dasharray=\"6 4\" points=\"");
    for (r = 0; r < POSITIONS; ++r) fprintf(f, "%.1f,%.1f ", X(r), Y(examination(r, eta)));
    fprintf(f, "\"/>\n");
    fprintf(f,
            "<line x1=\"%g\" y1=\"60\" x2=\"%g\" y2=\"60\" stroke=\"black\" stroke-width=\"2.5\" "
            "stroke-dasharray=\"6 4\"/><text x=\"%g\" y=\"64\">examination (1/(r+1))</text>\n",
            W - R + 8, W - R + 28, W - R + 32);
    fprintf(f,
            "<line x1=\"%g\" y1=\"80\" x2=\"%g\" y2=\"80\" stroke=\"#d62728\" stroke-width=\"1.5\"/>"
            "<text x=\"%g\" y=\"84\">learned t+, %d seeds</text>\n</svg>\n",
            W - R + 8, W - R + 28, W - R + 32, seeds);
#undef X
#undef Y
    fclose(f);
}

/* Prints the means and spreads; returns whether the targets hold on the means:
   debiased - naive >= (true-label - naive) / 2 and correlation >= 0.9 */
static int summary(const char *what, const char *tag, const outcome *res, int seeds, int xgboost_defaults)
{
    double m[4] = {0}, sd[4] = {0}, gap_ok = 1;
    int s, k;
    for (s = 0; s < seeds; ++s) {
        const double v[4] = {res[s].truth, res[s].naive, res[s].debiased, res[s].corr};
        for (k = 0; k < 4; ++k) m[k] += v[k] / seeds;
        if (!(res[s].debiased - res[s].naive >= (res[s].truth - res[s].naive) / 2)) gap_ok = 0;
    }
    for (s = 0; s < seeds; ++s) {
        const double v[4] = {res[s].truth, res[s].naive, res[s].debiased, res[s].corr};
        for (k = 0; k < 4; ++k) sd[k] += (v[k] - m[k]) * (v[k] - m[k]) / (seeds > 1 ? seeds - 1 : 1);
    }
    printf("%s: mean of %d seeds (sd): true-label %.4f (%.4f), naive %.4f (%.4f), debiased %.4f (%.4f), "
           "correlation %.3f (%.3f); debiased closes %.0f%% of the gap%s\n",
           what, seeds, m[0], sqrt(sd[0]), m[1], sqrt(sd[1]), m[2], sqrt(sd[2]), m[3], sqrt(sd[3]),
           m[0] > m[1] ? 100 * (m[2] - m[1]) / (m[0] - m[1]) : 0.0, gap_ok ? " (at least half in every seed)" : "");
    printf("%s: NDCG@10 true-label %.4f, naive %.4f, debiased %.4f; bias correlation %.3f\n", tag, m[0], m[1], m[2],
           m[3]);
    if (xgboost_defaults) {
        double x = 0;
        for (s = 0; s < seeds; ++s) x += res[s].xgboost_defaults / seeds;
        printf("%s: NDCG@10 debiased with XGBoost's defaults (p 1, t- learned) %.4f, naive %.4f\n", tag, x, m[1]);
    }
    return m[2] - m[1] >= (m[0] - m[1]) / 2 && m[3] >= 0.9;
}

/* ranknet_bias_create's defaults (p 0, t- held), or what the command line asks */
static void set_bias(ranknet_bias *bias, const setup *su)
{
    if (su->bias_norm >= 0) bias->regularizer = su->bias_norm;
    if (su->learn_minus) bias->hold_minus = 0;
}

static void usage(void)
{
    printf("usage: clicks [DIR] [--seeds N] [--sessions S] [--epochs E] [--svg FILE] [--xgboost-rounds R]\n"
           "              [--bias-norm P] [--learn-minus] [--eta E] [--eps N]\n"
           "  DIR: a directory with rank.train, rank.test (+ .query files); none: synthetic data\n"
           "  --bias-norm P: the regulariser p of the t+ update (default: ranknet_bias_create's, 0)\n"
           "  --learn-minus: learn t- too (default: held at 1, only the clicked side reweighted)\n"
           "  --eta E: examination (1/(r+1))^E (default 1); --eps N: clicks on irrelevant items (0.1)\n");
}

int main(int argc, char **argv)
{
    const char *dir = NULL, *svg = NULL;
    int seeds = 5, s, i, ok;
    setup su;
    dataset tr, te;
    outcome *res, *xres;
    su.sessions = 50, su.epochs = 60, su.xgb_rounds = 60, su.eta = 1.0, su.lr = 0.02, su.bias_norm = -1,
    su.learn_minus = 0, su.eps = 0.1;

    letor_program = "clicks";
    for (i = 1; i < argc; ++i) {
        if (!strcmp(argv[i], "--seeds") && i + 1 < argc) seeds = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--sessions") && i + 1 < argc) su.sessions = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--epochs") && i + 1 < argc) su.epochs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--xgboost-rounds") && i + 1 < argc) su.xgb_rounds = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--svg") && i + 1 < argc) svg = argv[++i];
        else if (!strcmp(argv[i], "--bias-norm") && i + 1 < argc) su.bias_norm = atof(argv[++i]);
        else if (!strcmp(argv[i], "--learn-minus")) su.learn_minus = 1;
        else if (!strcmp(argv[i], "--eta") && i + 1 < argc) su.eta = atof(argv[++i]);
        else if (!strcmp(argv[i], "--eps") && i + 1 < argc) su.eps = atof(argv[++i]);
        else if (!strcmp(argv[i], "--help")) return usage(), 0;
        else if (argv[i][0] != '-' && !dir) dir = argv[i];
        else return usage(), 2;
    }
    if (seeds < 1 || seeds > 100 || su.sessions < 1 || su.epochs < 1) die("bad arguments");
    res = (outcome *)xrealloc(NULL, (size_t)seeds * sizeof *res);
    xres = (outcome *)xrealloc(NULL, (size_t)seeds * sizeof *xres);
    if (dir) {
        char a[4096], b[4096], c[4096], d[4096];
        snprintf(a, sizeof a, "%s/rank.train", dir), snprintf(b, sizeof b, "%s/rank.train.query", dir);
        snprintf(c, sizeof c, "%s/rank.test", dir), snprintf(d, sizeof d, "%s/rank.test.query", dir);
        load(&tr, a, b), load(&te, c, d);
        match_dim(&te, tr.dim);
        standardize(&tr, &te);
    }
    printf("%s: %s; %d click sessions a training query, top %d shown in the logging order, examination "
           "(1/(r+1))^%g, eps- %g; LambdaRank@10; linear ranker %d epochs; t- %s, p = %g\n",
           dir ? "LETOR sample" : "synthetic data", dir ? dir : "built in", su.sessions, POSITIONS, su.eta, su.eps,
           su.epochs, su.learn_minus ? "learned" : "held at 1", su.bias_norm >= 0 ? su.bias_norm : 0.0);
    for (s = 0; s < seeds; ++s) {
        dataset few;
        clicklog cl;
        model mo;
        ranknet_bias *bias;
        float *logging, *pred;
        unsigned long long seed = (unsigned long long)s + 1;
        size_t j;
        rng_state = 0x2545F4914F6CDD1Dull ^ (seed * 0x9E3779B97F4A7C15ull);
        if (!dir) {
            float *truth;
            for (j = 0; j < SYN_DIM; ++j) syn_w[j] = normal() * (j < 8 ? 0.8 : 0.15);
            synthesize(&tr, 300, &truth), free(truth);
            synthesize(&te, 100, &truth), free(truth);
        }
        logging = (float *)xrealloc(NULL, tr.rows * sizeof(float));
        pred = (float *)xrealloc(NULL, te.rows * sizeof(float));
        /* the logging ranker: a few labelled queries, a few epochs */
        subset(&tr, 1, &few);
        model_init(&mo, tr.dim, 0);
        train_linear(&mo, &few, NULL, NULL, &su, 10);
        predict(&mo, &tr, logging);
        predict(&mo, &te, pred);
        printf("  seed %d: logging ranker NDCG@10 %.4f", s + 1, mean_ndcg10(&te, pred));
        free(mo.p), free(mo.grad), free(mo.m), free(mo.v), dataset_free(&few);
        simulate(&cl, &tr, logging, &su);
        /* the same ranker, three ways */
        model_init(&mo, tr.dim, 0), train_linear(&mo, &tr, NULL, NULL, &su, su.epochs);
        predict(&mo, &te, pred), res[s].truth = mean_ndcg10(&te, pred);
        free(mo.p), free(mo.grad), free(mo.m), free(mo.v);
        model_init(&mo, tr.dim, 0), train_linear(&mo, &tr, &cl, NULL, &su, su.epochs);
        predict(&mo, &te, pred), res[s].naive = mean_ndcg10(&te, pred);
        free(mo.p), free(mo.grad), free(mo.m), free(mo.v);
        if (ranknet_bias_create(RANKNET_BIAS_RATIO, POSITIONS, &bias) != RANKNET_OK) die("out of memory");
        set_bias(bias, &su);
        model_init(&mo, tr.dim, 0), train_linear(&mo, &tr, &cl, bias, &su, su.epochs);
        predict(&mo, &te, pred), res[s].debiased = mean_ndcg10(&te, pred);
        free(mo.p), free(mo.grad), free(mo.m), free(mo.v);
        memcpy(res[s].t_plus, bias->t_plus, sizeof res[s].t_plus);
        res[s].corr = bias_correlation(bias, su.eta);
        ranknet_bias_free(bias);
        if (ranknet_bias_create(RANKNET_BIAS_RATIO_XGBOOST, POSITIONS, &bias) != RANKNET_OK) die("out of memory");
        model_init(&mo, tr.dim, 0), train_linear(&mo, &tr, &cl, bias, &su, su.epochs);
        predict(&mo, &te, pred), res[s].xgboost_defaults = mean_ndcg10(&te, pred);
        free(mo.p), free(mo.grad), free(mo.m), free(mo.v);
        ranknet_bias_free(bias);
        printf(", %lu sessions; true-label %.4f, naive %.4f, debiased %.4f (XGBoost's defaults %.4f), correlation "
               "%.3f\n",
               (unsigned long)cl.nq, res[s].truth, res[s].naive, res[s].debiased, res[s].xgboost_defaults, res[s].corr);
#ifdef CLICKS_XGBOOST
        if (su.xgb_rounds > 0) {
            xres[s].truth = train_xgboost(&tr, &te, NULL, NULL, &su);
            xres[s].naive = train_xgboost(&tr, &te, &cl, NULL, &su);
            if (ranknet_bias_create(RANKNET_BIAS_RATIO, POSITIONS, &bias) != RANKNET_OK) die("out of memory");
            set_bias(bias, &su);
            xres[s].debiased = train_xgboost(&tr, &te, &cl, bias, &su);
            memcpy(xres[s].t_plus, bias->t_plus, sizeof xres[s].t_plus);
            xres[s].corr = bias_correlation(bias, su.eta);
            ranknet_bias_free(bias);
            printf("          XGBoost: true-label %.4f, naive %.4f, debiased %.4f, correlation %.3f\n", xres[s].truth,
                   xres[s].naive, xres[s].debiased, xres[s].corr);
        }
#endif
        clicklog_free(&cl);
        free(logging), free(pred);
        if (!dir) dataset_free(&tr), dataset_free(&te);
    }
    ok = summary("linear ranker", "clicks", res, seeds, 1);
    if (!ok) printf("clicks: TARGET MISSED (debiased must close half the gap, correlation >= 0.9)\n");
#ifdef CLICKS_XGBOOST
    if (su.xgb_rounds > 0 && !summary("XGBoost, custom objective", "clicks (XGBoost)", xres, seeds, 0))
        printf("clicks (XGBoost): below the targets (reported, not enforced: see docs/unbiased.md)\n");
#else
    printf("clicks (XGBoost): skipped, built without XGBoost's C API (libxgboost-dev)\n");
#endif
    if (svg)
        write_svg(svg,
                  dir ? "Learned position bias t+ vs the truth: LETOR sample"
                      : "Learned position bias t+ vs the truth: synthetic data",
                  res, seeds, su.eta);
    if (dir) dataset_free(&tr), dataset_free(&te);
    free(res), free(xres);
    return ok ? 0 : 1;
}
