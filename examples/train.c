/* train.c - train a ranker with ranknet.h: a linear model or a one-hidden-layer MLP,
   mini-batches of queries, Adam, lambdas from ranknet_batchf (RankNet or LambdaRank).

     cc -O2 -fopenmp examples/train.c -lm -o train
     ./train                                    built-in synthetic data
     ./train rank.train --test rank.test        SVMlight / LETOR text files
     ./train --help

   Input: one row per line, `label [qid:Q] idx:val ...`, '#' starts a comment, blank
   lines are skipped. Queries are runs of rows with the same qid, or, for rows without
   qid (LightGBM's layout), the group sizes in FILE.query beside FILE. Anything else is
   an error naming the file, line and column. */
#define RANKNET_IMPLEMENTATION
#include "../ranknet.h"
#include "letor.h"
#include "ranker.h"

#include <unistd.h>

/* the mean over queries of a metric at 10 */
static double mean_metric(const dataset *d, const float *scores, ranknet_metric_kind kind)
{
    double sum = 0, v;
    size_t q;
    for (q = 0; q < d->nq; ++q) {
        size_t a = d->off[q], n = d->off[q + 1] - a;
        if (ranknet_metricf(kind, 10, scores + a, d->label + a, n, &v) != RANKNET_OK) die("ranknet_metricf failed");
        sum += v;
    }
    return d->nq ? sum / (double)d->nq : 0;
}

static const char *const weighting_names[] = {"none", "ndcg", "map", "mrr", "err", "lambdaloss", "label_diff", "dcg"};
/* --loss: a listwise loss instead of the pairs (RANKNET_LISTWISE_*, in order) */
static const char *const loss_names[] = {"pairs", "softmax", "poly1", "xendcg", "listmle", "approx_ndcg"};
static const char *const weighting_titles[] = {"RankNet",
                                               "LambdaRank (RankNet pairs x |delta NDCG@k|)",
                                               "RankNet pairs x |delta AP@k|",
                                               "RankNet pairs x |delta RR@k|",
                                               "RankNet pairs x |delta ERR@k|",
                                               "LambdaLoss (NDCG-Loss2++)",
                                               "RankNet pairs x |label difference|",
                                               "RankNet pairs x |delta DCG@k|"};

/* NDCG@10 of random orders, averaged over 20 draws */
static double random_ndcg10(const dataset *d, float *scratch)
{
    double total = 0, v[4];
    size_t i;
    int r;
    for (r = 0; r < 20; ++r) {
        for (i = 0; i < d->rows; ++i) scratch[i] = (float)uniform();
        mean_ndcg(d, scratch, v);
        total += v[3] / 20;
    }
    return total;
}

/* the feature (either sign) whose ranking gives the best train NDCG@10 */
static void best_feature(const dataset *tr, const dataset *te, float *scratch_tr, float *scratch_te, size_t *feat,
                         int *sign, double *ndcg_tr, double *ndcg_te)
{
    size_t j, i;
    int sg;
    double v[4];
    *ndcg_tr = -1;
    for (j = 0; j < tr->dim; ++j)
        for (sg = -1; sg <= 1; sg += 2) {
            for (i = 0; i < tr->rows; ++i) scratch_tr[i] = (float)sg * tr->x[i * tr->dim + j];
            mean_ndcg(tr, scratch_tr, v);
            if (v[3] > *ndcg_tr) *ndcg_tr = v[3], *feat = j, *sign = sg;
        }
    *ndcg_te = 0;
    if (te) {
        for (i = 0; i < te->rows; ++i)
            scratch_te[i] = (float)*sign * (*feat < te->dim ? te->x[i * te->dim + *feat] : 0);
        mean_ndcg(te, scratch_te, v);
        *ndcg_te = v[3];
    }
}

/* ---- learning curve ------------------------------------------------------------------------ */

static void write_svg(const char *path, const double *tr, const double *te, int epochs, double ref_lo, double ref_hi,
                      const char *hi_name)
{
    FILE *f = fopen(path, "w");
    const double W = 640, H = 400, L = 60, R = 20, T = 30, B = 50;
    double lo = 1, hi = 0;
    int e, t;
    if (!f) die("%s: %s", path, strerror(errno));
    for (e = 0; e < epochs; ++e) {
        if (tr[e] < lo) lo = tr[e];
        if (tr[e] > hi) hi = tr[e];
        if (te && te[e] < lo) lo = te[e];
        if (te && te[e] > hi) hi = te[e];
    }
    if (ref_lo < lo) lo = ref_lo;
    if (ref_hi > hi) hi = ref_hi;
    lo = floor(lo * 10) / 10, hi = ceil(hi * 10) / 10;
    if (hi <= lo) hi = lo + 0.1;
#define X(e) (L + (W - L - R) * (epochs > 1 ? (double)(e) / (epochs - 1) : 0.5))
#define Y(v) (T + (H - T - B) * (1 - ((v)-lo) / (hi - lo)))
    fprintf(f,
            "<svg xmlns='http://www.w3.org/2000/svg' width='%g' height='%g' font-family='sans-serif' font-size='12'>\n",
            W, H);
    fprintf(f, "<rect width='100%%' height='100%%' fill='white'/>\n");
    fprintf(f, "<text x='%g' y='18' font-size='14' text-anchor='middle'>NDCG@10 per epoch</text>\n", W / 2);
    for (t = 0; t <= 5; ++t) { /* y axis */
        double v = lo + (hi - lo) * t / 5;
        fprintf(f, "<line x1='%g' y1='%.1f' x2='%g' y2='%.1f' stroke='#ddd'/>\n", L, Y(v), W - R, Y(v));
        fprintf(f, "<text x='%g' y='%.1f' text-anchor='end'>%.2f</text>\n", L - 6, Y(v) + 4, v);
    }
    for (e = 0; e < epochs; ++e) /* x axis */
        if (epochs <= 12 || e % ((epochs + 9) / 10) == 0 || e == epochs - 1)
            fprintf(f, "<text x='%.1f' y='%g' text-anchor='middle'>%d</text>\n", X(e), H - B + 16, e);
    fprintf(f, "<text x='%g' y='%g' text-anchor='middle'>epoch</text>\n", (L + W - R) / 2, H - 12);
    fprintf(f, "<line x1='%g' y1='%g' x2='%g' y2='%g' stroke='black'/>\n", L, H - B, W - R, H - B);
    fprintf(f, "<line x1='%g' y1='%g' x2='%g' y2='%g' stroke='black'/>\n", L, T, L, H - B);
    fprintf(f, "<line x1='%g' y1='%.1f' x2='%g' y2='%.1f' stroke='#999' stroke-dasharray='4 4'/>\n", L, Y(ref_lo),
            W - R, Y(ref_lo));
    fprintf(f, "<line x1='%g' y1='%.1f' x2='%g' y2='%.1f' stroke='#2a2' stroke-dasharray='4 4'/>\n", L, Y(ref_hi),
            W - R, Y(ref_hi));
    for (t = 0; t < (te ? 2 : 1); ++t) {
        const double *c = t ? te : tr;
        fprintf(f, "<polyline fill='none' stroke='%s' stroke-width='2' points='", t ? "#d33" : "#36c");
        for (e = 0; e < epochs; ++e) fprintf(f, "%.1f,%.1f ", X(e), Y(c[e]));
        fprintf(f, "'/>\n");
    }
    fprintf(f, "<g transform='translate(%g,%g)'>\n", W - R - 190, H - B - 78);
    fprintf(f, "<rect width='185' height='72' fill='white' stroke='#ccc'/>\n");
    fprintf(f,
            "<line x1='8' y1='14' x2='28' y2='14' stroke='#36c' stroke-width='2'/><text x='34' y='18'>train</text>\n");
    if (te)
        fprintf(
            f,
            "<line x1='8' y1='30' x2='28' y2='30' stroke='#d33' stroke-width='2'/><text x='34' y='34'>test</text>\n");
    fprintf(
        f, "<line x1='8' y1='46' x2='28' y2='46' stroke='#2a2' stroke-dasharray='4 4'/><text x='34' y='50'>%s</text>\n",
        hi_name);
    fprintf(f, "<line x1='8' y1='62' x2='28' y2='62' stroke='#999' stroke-dasharray='4 4'/><text x='34' y='66'>random "
               "order</text>\n");
    fprintf(f, "</g>\n</svg>\n");
#undef X
#undef Y
    fclose(f);
}

/* ---- main ---------------------------------------------------------------------------------- */

static void usage(void)
{
    printf("usage: train [TRAIN_FILE [--test TEST_FILE]] [options]\n"
           "  TRAIN_FILE       SVMlight/LETOR rows; without qid: the sizes come from TRAIN_FILE.query\n"
           "  --test FILE      evaluate on FILE each epoch (FILE.query beside it if needed)\n"
           "  --query FILE     group sizes for TRAIN_FILE (default TRAIN_FILE.query)\n"
           "  --mlp H          one hidden layer of H ReLU units (default: linear model)\n"
           "  --weighting W    pair weights: none (RankNet, default), ndcg (LambdaRank), map, mrr,\n"
           "                   err, lambdaloss (NDCG-Loss2++), label_diff, dcg\n"
           "  --loss L         a listwise loss instead of the pairs: softmax, poly1, xendcg, listmle,\n"
           "                   approx_ndcg (default: pairs, weighted by --weighting)\n"
           "  --lambdarank     the same as --weighting ndcg\n"
           "  --k K            the weighting's cutoff k (default 10; --ndcg-k is the same)\n"
           "  --mu M           lambdaloss's mu (default 10)\n"
           "  --epochs E       (default 20)   --batch Q  queries per step (default 16)\n"
           "  --lr R           Adam step size (default 0.003)   --seed S (default 1)\n"
           "  --curve F.svg    write the NDCG@10 learning curve\n"
           "With no TRAIN_FILE it trains on built-in synthetic data.\n");
}

int main(int argc, char **argv)
{
    const char *train_path = NULL, *test_path = NULL, *query_path = NULL, *curve = NULL;
    size_t hidden = 0, k = 10, batch = 16, q, i;
    int epochs = 20, e, tty = isatty(2), synthetic;
    ranknet_weighting weighting = RANKNET_WEIGHT_NONE;
    ranknet_listwise listwise = RANKNET_LISTWISE_NONE;
    double mu = 10;
    double lr = 0.003, ref_random, ref_top, best_tr = 0, best_te = 0;
    unsigned long long seed = 1;
    dataset tr, te;
    model mo;
    float *scores, *lambdas, *truth_tr = NULL, *truth_te = NULL, *scratch, *hid_all;
    size_t *order, *boff, maxq = 0;
    double *curve_tr, *curve_te;
    const char *top_name = "ceiling";
    ranknet_options opt;

    for (i = 1; i < (size_t)argc; ++i) {
        const char *a = argv[i];
        const char *next = i + 1 < (size_t)argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) return usage(), 0;
        else if (!strcmp(a, "--lambdarank")) weighting = RANKNET_WEIGHT_DELTA_NDCG;
        else if (a[0] == '-' && a[1] == '-' && !next) die("%s needs a value", a);
        else if (!strcmp(a, "--test")) test_path = next, i++;
        else if (!strcmp(a, "--query")) query_path = next, i++;
        else if (!strcmp(a, "--curve")) curve = next, i++;
        else if (!strcmp(a, "--mlp")) hidden = (size_t)atol(next), i++;
        else if (!strcmp(a, "--ndcg-k") || !strcmp(a, "--k")) k = (size_t)atol(next), i++;
        else if (!strcmp(a, "--mu")) mu = atof(next), i++;
        else if (!strcmp(a, "--weighting")) {
            size_t w;
            for (w = 0; w < sizeof weighting_names / sizeof *weighting_names; ++w)
                if (!strcmp(next, weighting_names[w])) break;
            if (w == sizeof weighting_names / sizeof *weighting_names) die("unknown weighting %s (see --help)", next);
            weighting = (ranknet_weighting)w, i++;
        } else if (!strcmp(a, "--loss")) {
            size_t l;
            for (l = 0; l < sizeof loss_names / sizeof *loss_names; ++l)
                if (!strcmp(next, loss_names[l])) break;
            if (l == sizeof loss_names / sizeof *loss_names) die("unknown loss %s (see --help)", next);
            listwise = (ranknet_listwise)l, i++;
        } else if (!strcmp(a, "--epochs")) epochs = atoi(next), i++;
        else if (!strcmp(a, "--batch")) batch = (size_t)atol(next), i++;
        else if (!strcmp(a, "--lr")) lr = atof(next), i++;
        else if (!strcmp(a, "--seed")) seed = strtoull(next, NULL, 10), i++;
        else if (a[0] == '-') die("unknown option %s (see --help)", a);
        else if (!train_path) train_path = a;
        else die("more than one training file given: %s", a);
    }
    if (hidden > MAX_HIDDEN) die("--mlp at most %d", MAX_HIDDEN);
    if (epochs < 1 || batch < 1 || !(lr > 0)) die("--epochs, --batch and --lr must be positive");
    rng_state ^= seed * 0x9E3779B97F4A7C15ull;
    synthetic = train_path == NULL;
    if (synthetic) {
        size_t j;
        for (j = 0; j < SYN_DIM; ++j) syn_w[j] = normal() * (j < 8 ? 0.8 : 0.15);
        synthesize(&tr, 400, &truth_tr);
        synthesize(&te, 150, &truth_te);
        test_path = "built-in";
        printf("data: built-in synthetic, %lu train queries (%lu rows), %lu test queries (%lu rows), %d features\n",
               (unsigned long)tr.nq, (unsigned long)tr.rows, (unsigned long)te.nq, (unsigned long)te.rows, SYN_DIM);
    } else {
        load(&tr, train_path, query_path);
        if (test_path) {
            load(&te, test_path, NULL);
            match_dim(&te, tr.dim);
        }
        printf("data: %s: %lu queries, %lu rows, %lu features", train_path, (unsigned long)tr.nq,
               (unsigned long)tr.rows, (unsigned long)tr.dim);
        if (test_path) printf("; %s: %lu queries, %lu rows", test_path, (unsigned long)te.nq, (unsigned long)te.rows);
        printf("\n");
    }
    standardize(&tr, test_path ? &te : NULL);
    for (q = 0; q < tr.nq; ++q)
        if (tr.off[q + 1] - tr.off[q] > maxq) maxq = tr.off[q + 1] - tr.off[q];

    scratch = (float *)xrealloc(NULL, (tr.rows > (test_path ? te.rows : 0) ? tr.rows : te.rows) * sizeof *scratch);
    /* reference levels, computed on the evaluation set (test if given, else train) */
    {
        const dataset *ev = test_path ? &te : &tr;
        ref_random = random_ndcg10(ev, scratch);
        if (synthetic) {
            double v[4];
            mean_ndcg(ev, truth_te, v);
            ref_top = v[3];
            top_name = "generator ceiling";
            printf("reference NDCG@10 on test: random order %.4f, generator ceiling (noise-free relevance) %.4f\n",
                   ref_random, ref_top);
        } else {
            size_t feat = 0;
            int sign = 1;
            double ftr, fte;
            float *s2 = (float *)xrealloc(NULL, ev->rows * sizeof *s2);
            best_feature(&tr, test_path ? &te : NULL, scratch, s2, &feat, &sign, &ftr, &fte);
            ref_top = test_path ? fte : ftr;
            top_name = "best single feature";
            printf("reference NDCG@10 on %s: random order %.4f, best single feature (%s%lu, chosen on train) %.4f\n",
                   test_path ? "test" : "train", ref_random, sign < 0 ? "-" : "", (unsigned long)feat + 1, ref_top);
            free(s2);
        }
    }

    model_init(&mo, tr.dim, hidden);
    memset(&opt, 0, sizeof opt);
    opt.weighting = weighting, opt.mu = mu, opt.listwise = listwise;
    if (weighting != RANKNET_WEIGHT_NONE) opt.k = k;
    if (listwise != RANKNET_LISTWISE_NONE && weighting != RANKNET_WEIGHT_NONE) die("--loss takes no --weighting");
    printf("model: %s; loss: %s; Adam lr %g, %lu queries a step, seed %llu, %s kernels\n", hidden ? "MLP" : "linear",
           listwise ? loss_names[listwise] : weighting_titles[weighting], lr, (unsigned long)batch, seed,
           ranknet_simd_string(ranknet_simd_best()));
    if (hidden) printf("       one hidden layer of %lu ReLU units\n", (unsigned long)hidden);

    scores = (float *)xrealloc(NULL, tr.rows * sizeof *scores);
    lambdas = (float *)xrealloc(NULL, tr.rows * sizeof *lambdas);
    hid_all = (float *)xrealloc(NULL, (maxq * batch * (hidden ? hidden : 1)) * sizeof *hid_all);
    order = (size_t *)xrealloc(NULL, tr.nq * sizeof *order);
    boff = (size_t *)xrealloc(NULL, (batch + 1) * sizeof *boff);
    curve_tr = (double *)xrealloc(NULL, (size_t)(epochs + 1) * sizeof *curve_tr);
    curve_te = (double *)xrealloc(NULL, (size_t)(epochs + 1) * sizeof *curve_te);
    for (q = 0; q < tr.nq; ++q) order[q] = q;
    printf("%5s %10s   %-31s   %-31s\n", "epoch", "loss/pair", "train NDCG@1    @3     @5    @10",
           test_path ? "test NDCG@1     @3     @5    @10" : "");
    for (e = 0; e <= epochs; ++e) { /* epoch 0: the untrained model */
        double loss_sum = 0, pairs = 0, vtr[4], vte[4];
        size_t b0;
        for (q = tr.nq; q > 1; --q) { /* shuffle the queries */
            size_t r = (size_t)(uniform() * (double)q), t = order[q - 1];
            order[q - 1] = order[r], order[r] = t;
        }
        for (b0 = 0; e > 0 && b0 < tr.nq; b0 += batch) {
            size_t nb = tr.nq - b0 < batch ? tr.nq - b0 : batch, row = 0, qq;
            float *bs = scores, *bl = lambdas, *lab = scratch;
            double loss, np = 0;
            ranknet_status st;
            /* gather the batch's rows: scores in one contiguous run per query */
            boff[0] = 0;
            for (qq = 0; qq < nb; ++qq) {
                size_t qi = order[b0 + qq], a = tr.off[qi], n = tr.off[qi + 1] - a;
                for (i = 0; i < n; ++i) {
                    bs[row + i] =
                        model_score(&mo, tr.x + (a + i) * tr.dim, hid_all + (row + i) * (hidden ? hidden : 1));
                    lab[row + i] = tr.label[a + i];
                }
                row += n;
                boff[qq + 1] = row;
                /* the mean: over the pairs, or over the queries for a listwise loss */
                np += listwise ? 1.0 : 0.5 * (double)n * (double)(n - 1);
            }
            opt.iteration++; /* XE-NDCG: new gammas each step */
            st = ranknet_batchf(&opt, bs, lab, boff, nb, &loss, bl, NULL);
            if (st != RANKNET_OK) die("ranknet_batchf: %s", ranknet_status_string(st));
            loss_sum += loss;
            pairs += np;
            /* backward: d loss / d params = sum_i lambda_i d s_i / d params, per pair */
            row = 0;
            for (qq = 0; qq < nb; ++qq) {
                size_t qi = order[b0 + qq], a = tr.off[qi], n = tr.off[qi + 1] - a;
                for (i = 0; i < n; ++i)
                    model_backward(&mo, tr.x + (a + i) * tr.dim, hid_all + (row + i) * (hidden ? hidden : 1),
                                   bl[row + i] / (float)(np > 0 ? np : 1));
                row += n;
            }
            adam_step(&mo, (float)lr);
            if (tty)
                fprintf(stderr, "\r  epoch %d: %lu/%lu queries", e, (unsigned long)(b0 + nb), (unsigned long)tr.nq);
        }
        if (tty) fprintf(stderr, "\r%60s\r", "");
        predict(&mo, &tr, scores);
        mean_ndcg(&tr, scores, vtr);
        curve_tr[e] = vtr[3];
        if (e == 0) printf("%5d %10s   %.4f %.4f %.4f %.4f", e, "-", vtr[0], vtr[1], vtr[2], vtr[3]);
        else
            printf("%5d %10.5f   %.4f %.4f %.4f %.4f", e, pairs > 0 ? loss_sum / pairs : 0, vtr[0], vtr[1], vtr[2],
                   vtr[3]);
        if (test_path) {
            float *ts = (float *)xrealloc(NULL, te.rows * sizeof *ts);
            predict(&mo, &te, ts);
            mean_ndcg(&te, ts, vte);
            curve_te[e] = vte[3];
            printf("    %.4f %.4f %.4f %.4f", vte[0], vte[1], vte[2], vte[3]);
            free(ts);
        }
        printf("\n");
        fflush(stdout);
    }
    best_tr = curve_tr[epochs];
    best_te = test_path ? curve_te[epochs] : 0;
    printf("final NDCG@10: train %.4f", best_tr);
    if (test_path) printf(", test %.4f (random order %.4f, %s %.4f)", best_te, ref_random, top_name, ref_top);
    printf("\n");
    { /* the metrics at 10, the weighting's own among them */
        const dataset *ev = test_path ? &te : &tr;
        float *es = (float *)xrealloc(NULL, ev->rows * sizeof *es);
        predict(&mo, ev, es);
        printf("final %s: NDCG@10 %.4f, MAP@10 %.4f, MRR@10 %.4f, ERR@10 %.4f (trained for %s)\n",
               test_path ? "test" : "train", mean_metric(ev, es, RANKNET_METRIC_NDCG),
               mean_metric(ev, es, RANKNET_METRIC_MAP), mean_metric(ev, es, RANKNET_METRIC_MRR),
               mean_metric(ev, es, RANKNET_METRIC_ERR), listwise ? loss_names[listwise] : weighting_names[weighting]);
        free(es);
    }
    if (curve) {
        write_svg(curve, curve_tr, test_path ? curve_te : NULL, epochs + 1, ref_random, ref_top, top_name);
        printf("learning curve written to %s\n", curve);
    }
    dataset_free(&tr);
    if (test_path) dataset_free(&te);
    free(mo.p), free(mo.grad), free(mo.m), free(mo.v);
    free(scores), free(lambdas), free(hid_all), free(order), free(boff), free(curve_tr), free(curve_te);
    free(scratch), free(truth_tr), free(truth_te);
    return 0;
}
