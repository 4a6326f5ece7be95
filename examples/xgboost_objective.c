/* xgboost_objective.c - gradient-boosted trees trained with ranknet.h as XGBoost's
   objective, side by side with XGBoost's built-in ranking objectives, same trees, same
   rounds, on the LETOR sample. Needs Debian's libxgboost-dev (XGBoost 1.7's C API).

     cc -O2 examples/xgboost_objective.c -lxgboost -lm -o xgb && ./xgb [DIR] [ROUNDS]

   Each round of ours: predict the training margins, ranknet_batchf gives the lambdas and
   the diagonal hessian of the RankNet (or LambdaRank) loss, each query's divided by its
   n - 1 (RANKNET_NORM_ITEMS: the mean over an item's pairs, so that queries weigh alike,
   as with XGBoost's one sampled pair an item), and XGBoosterBoostOneIter grows the tree from them. Test NDCG@10 is computed by ranknet_ndcgf for every model alike. */
#define RANKNET_IMPLEMENTATION
#include "../ranknet.h"
#include "letor.h"

#include <xgboost/c_api.h>

#define XGB(call)                                                 \
    do {                                                          \
        if ((call) != 0) die("%s: %s", #call, XGBGetLastError()); \
    } while (0)

static DMatrixHandle to_dmatrix(const dataset *d)
{
    DMatrixHandle m;
    unsigned *groups = (unsigned *)xrealloc(NULL, d->nq * sizeof *groups);
    size_t q;
    XGB(XGDMatrixCreateFromMat(d->x, d->rows, d->dim, NAN, &m));
    XGB(XGDMatrixSetFloatInfo(m, "label", d->label, d->rows));
    for (q = 0; q < d->nq; ++q) groups[q] = (unsigned)(d->off[q + 1] - d->off[q]);
    XGB(XGDMatrixSetUIntInfo(m, "group", groups, d->nq));
    free(groups);
    return m;
}

static double mean_ndcg10(const dataset *d, const float *scores)
{
    double total = 0, v;
    size_t q;
    for (q = 0; q < d->nq; ++q) {
        if (ranknet_ndcgf(scores + d->off[q], d->label + d->off[q], d->off[q + 1] - d->off[q], 10, &v) != RANKNET_OK)
            die("ranknet_ndcgf failed");
        total += v;
    }
    return total / (double)d->nq;
}

static double test_ndcg10(BoosterHandle b, DMatrixHandle dm, const dataset *d)
{
    bst_ulong len;
    const float *pred;
    XGB(XGBoosterPredict(b, dm, 0, 0, 0, &len, &pred));
    if (len != d->rows) die("XGBoosterPredict returned %lu rows, not %lu", (unsigned long)len, (unsigned long)d->rows);
    return mean_ndcg10(d, pred);
}

static BoosterHandle booster(DMatrixHandle *train, const char *objective)
{
    BoosterHandle b;
    XGB(XGBoosterCreate(train, 1, &b));
    XGB(XGBoosterSetParam(b, "objective", objective));
    XGB(XGBoosterSetParam(b, "eta", "0.1"));
    XGB(XGBoosterSetParam(b, "max_depth", "6"));
    XGB(XGBoosterSetParam(b, "min_child_weight", "0.1"));
    XGB(XGBoosterSetParam(b, "tree_method", "hist"));
    XGB(XGBoosterSetParam(b, "base_score", "0"));
    XGB(XGBoosterSetParam(b, "seed", "1"));
    XGB(XGBoosterSetParam(b, "nthread", "1"));
    XGB(XGBoosterSetParam(b, "verbosity", "0"));
    return b;
}

/* rounds of XGBoost's own objective */
static double builtin(DMatrixHandle *dtr, DMatrixHandle dte, const dataset *te, const char *objective, int rounds)
{
    BoosterHandle b = booster(dtr, objective);
    double ndcg;
    int r;
    for (r = 0; r < rounds; ++r) XGB(XGBoosterUpdateOneIter(b, r, *dtr));
    ndcg = test_ndcg10(b, dte, te);
    XGB(XGBoosterFree(b));
    return ndcg;
}

/* rounds with ranknet.h's lambdas and hessians as the objective */
static double ours(DMatrixHandle *dtr, DMatrixHandle dte, const dataset *tr, const dataset *te,
                   const ranknet_options *opt, int rounds)
{
    /* the objective name only sets defaults here: BoostOneIter takes our gradients */
    BoosterHandle b = booster(dtr, "reg:squarederror");
    float *grad = (float *)xrealloc(NULL, tr->rows * sizeof *grad),
          *hess = (float *)xrealloc(NULL, tr->rows * sizeof *hess);
    double ndcg;
    size_t i;
    int r;
    for (r = 0; r < rounds; ++r) {
        bst_ulong len;
        const float *margin;
        ranknet_status st;
        XGB(XGBoosterPredict(b, *dtr, 1 /* margins */, 0, 1 /* training */, &len, &margin));
        st = ranknet_batchf(opt, margin, tr->label, tr->off, tr->nq, NULL, grad, hess);
        if (st != RANKNET_OK) die("ranknet_batchf: %s", ranknet_status_string(st));
        for (i = 0; i < tr->rows; ++i) /* keeps leaf values bounded */
            if (hess[i] < 1e-6f) hess[i] = 1e-6f;
        XGB(XGBoosterBoostOneIter(b, *dtr, grad, hess, tr->rows));
    }
    ndcg = test_ndcg10(b, dte, te);
    XGB(XGBoosterFree(b));
    free(grad), free(hess);
    return ndcg;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "data/letor-sample";
    int rounds = argc > 2 ? atoi(argv[2]) : 100, major, minor, patch;
    char path_tr[4096], path_te[4096];
    dataset tr, te;
    DMatrixHandle dtr, dte;
    ranknet_options rn, lr;
    double b_pair, b_ndcg, o_pair, o_ndcg, o_ndcg10;
    letor_program = "xgboost_objective";
    snprintf(path_tr, sizeof path_tr, "%s/rank.train", dir);
    snprintf(path_te, sizeof path_te, "%s/rank.test", dir);
    load(&tr, path_tr, NULL);
    load(&te, path_te, NULL);
    match_dim(&te, tr.dim);
    XGBoostVersion(&major, &minor, &patch);
    printf("XGBoost %d.%d.%d; %s: %lu queries, %lu rows; test: %lu queries; %d rounds, depth 6, eta 0.1, hist\n", major,
           minor, patch, path_tr, (unsigned long)tr.nq, (unsigned long)tr.rows, (unsigned long)te.nq, rounds);
    dtr = to_dmatrix(&tr);
    dte = to_dmatrix(&te);
    memset(&rn, 0, sizeof rn);
    rn.normalize = RANKNET_NORM_ITEMS;
    lr = rn;
    lr.weighting = RANKNET_WEIGHT_DELTA_NDCG; /* the whole list, as rank:ndcg */
    b_pair = builtin(&dtr, dte, &te, "rank:pairwise", rounds);
    o_pair = ours(&dtr, dte, &tr, &te, &rn, rounds);
    b_ndcg = builtin(&dtr, dte, &te, "rank:ndcg", rounds);
    o_ndcg = ours(&dtr, dte, &tr, &te, &lr, rounds);
    lr.k = 10;
    o_ndcg10 = ours(&dtr, dte, &tr, &te, &lr, rounds);
    printf("\ntest NDCG@10           XGBoost built-in   ranknet.h objective\n");
    printf("  RankNet pairs        %.4f (rank:pairwise)   %.4f (RankNet)          %+.4f\n", b_pair, o_pair,
           o_pair - b_pair);
    printf("  LambdaRank           %.4f (rank:ndcg)       %.4f (delta NDCG, all)  %+.4f\n", b_ndcg, o_ndcg,
           o_ndcg - b_ndcg);
    printf("                                            %.4f (delta NDCG@10)\n", o_ndcg10);
    XGB(XGDMatrixFree(dtr));
    XGB(XGDMatrixFree(dte));
    dataset_free(&tr);
    dataset_free(&te);
    /* ours within 0.02 of the built-in objective, or better */
    if (o_pair < b_pair - 0.02 || o_ndcg < b_ndcg - 0.02) {
        printf("ours is more than 0.02 NDCG@10 below XGBoost's own objective\n");
        return 1;
    }
    return 0;
}
