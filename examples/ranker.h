/* ranker.h - what the example programs share besides the data reader: a random number
   generator, the synthetic queries, the ranker (a linear model or a one-hidden-layer MLP)
   with Adam, scoring and mean NDCG. Include after ranknet.h and letor.h. */
#ifndef RANKER_H
#define RANKER_H

#define MAX_HIDDEN 256

/* Synthetic queries: features N(0,1); relevance = w* . x + noise, graded 0..4 by fixed
   thresholds. The noise-free w* . x is the best any model can rank by (the ceiling). */
static unsigned long long rng_state = 0x2545F4914F6CDD1Dull;
static double uniform(void)
{
    rng_state ^= rng_state >> 12, rng_state ^= rng_state << 25, rng_state ^= rng_state >> 27;
    return (double)((rng_state * 2685821657736338717ull) >> 11) * (1.0 / 9007199254740992.0);
}
static double normal(void) { return sqrt(-2.0 * log(uniform() + 1e-300)) * cos(6.283185307179586 * uniform()); }

#define SYN_DIM 20
static double syn_w[SYN_DIM];

static void synthesize(dataset *d, size_t nq, float **truth)
{
    size_t q, i, j, rows = 0;
    memset(d, 0, sizeof *d);
    d->dim = SYN_DIM;
    d->nq = nq;
    d->off = (size_t *)xrealloc(NULL, (nq + 1) * sizeof *d->off);
    d->off[0] = 0;
    for (q = 0; q < nq; ++q) d->off[q + 1] = (rows += 5 + (size_t)(uniform() * 56));
    d->rows = rows;
    d->x = (float *)xrealloc(NULL, rows * SYN_DIM * sizeof *d->x);
    d->label = (float *)xrealloc(NULL, rows * sizeof *d->label);
    *truth = (float *)xrealloc(NULL, rows * sizeof **truth);
    for (i = 0; i < rows; ++i) {
        double t = 0, rel;
        for (j = 0; j < SYN_DIM; ++j) {
            d->x[i * SYN_DIM + j] = (float)normal();
            t += syn_w[j] * d->x[i * SYN_DIM + j];
        }
        rel = t + 0.6 * normal();
        d->label[i] = rel < 0.5 ? 0.0f : rel < 1.2 ? 1.0f : rel < 1.8 ? 2.0f : rel < 2.4 ? 3.0f : 4.0f;
        (*truth)[i] = (float)t;
    }
}

/* ---- model ------------------------------------------------------------------------------- */

typedef struct model {
    size_t dim, hidden;      /* hidden = 0: linear */
    float *p, *grad, *m, *v; /* all parameters in one array, for Adam */
    size_t np;
    long t;
} model;

/* layout: linear w[dim], b | mlp: W[hidden][dim], c[hidden], v[hidden], b */
static void model_init(model *mo, size_t dim, size_t hidden)
{
    size_t i;
    mo->dim = dim, mo->hidden = hidden, mo->t = 0;
    mo->np = hidden ? hidden * dim + 2 * hidden + 1 : dim + 1;
    mo->p = (float *)calloc(mo->np, sizeof(float));
    mo->grad = (float *)calloc(mo->np, sizeof(float));
    mo->m = (float *)calloc(mo->np, sizeof(float));
    mo->v = (float *)calloc(mo->np, sizeof(float));
    if (!mo->p || !mo->grad || !mo->m || !mo->v) die("out of memory");
    for (i = 0; i < mo->np; ++i) mo->p[i] = (float)(normal() * (hidden ? sqrt(2.0 / (double)dim) : 0.01));
    if (hidden)
        for (i = 0; i < hidden; ++i) mo->p[hidden * dim + hidden + i] = (float)(normal() * sqrt(1.0 / (double)hidden));
}

/* score of one row; hid (hidden activations) kept for the backward pass */
static float model_score(const model *mo, const float *x, float *hid)
{
    size_t j, h;
    if (!mo->hidden) {
        double s = mo->p[mo->dim];
        for (j = 0; j < mo->dim; ++j) s += mo->p[j] * x[j];
        return (float)s;
    } else {
        const float *W = mo->p, *c = mo->p + mo->hidden * mo->dim, *v = c + mo->hidden;
        double s = v[mo->hidden];
        for (h = 0; h < mo->hidden; ++h) {
            double a = c[h];
            for (j = 0; j < mo->dim; ++j) a += W[h * mo->dim + j] * x[j];
            hid[h] = a > 0 ? (float)a : 0.0f; /* ReLU */
            s += v[h] * hid[h];
        }
        return (float)s;
    }
}

/* adds lambda * d score / d params to mo->grad */
static void model_backward(model *mo, const float *x, const float *hid, float lambda)
{
    size_t j, h;
    if (!mo->hidden) {
        for (j = 0; j < mo->dim; ++j) mo->grad[j] += lambda * x[j];
        mo->grad[mo->dim] += lambda;
    } else {
        float *gW = mo->grad, *gc = mo->grad + mo->hidden * mo->dim, *gv = gc + mo->hidden;
        const float *v = mo->p + mo->hidden * mo->dim + mo->hidden;
        for (h = 0; h < mo->hidden; ++h) {
            gv[h] += lambda * hid[h];
            if (hid[h] > 0) {
                float back = lambda * v[h];
                gc[h] += back;
                for (j = 0; j < mo->dim; ++j) gW[h * mo->dim + j] += back * x[j];
            }
        }
        gv[mo->hidden] += lambda;
    }
}

/* Adam (Kingma & Ba): beta1 0.9, beta2 0.999, eps 1e-8 */
static void adam_step(model *mo, float lr)
{
    size_t i;
    double b1 = 0.9, b2 = 0.999, c1, c2;
    mo->t++;
    c1 = 1 - pow(b1, (double)mo->t), c2 = 1 - pow(b2, (double)mo->t);
    for (i = 0; i < mo->np; ++i) {
        float g = mo->grad[i];
        mo->m[i] = (float)(b1 * mo->m[i] + (1 - b1) * g);
        mo->v[i] = (float)(b2 * mo->v[i] + (1 - b2) * g * g);
        mo->p[i] -= (float)(lr * (mo->m[i] / c1) / (sqrt(mo->v[i] / c2) + 1e-8));
        mo->grad[i] = 0;
    }
}

/* ---- evaluation -------------------------------------------------------------------------- */

static const size_t eval_k[4] = {1, 3, 5, 10};

/* mean NDCG@{1,3,5,10} over queries of a ranking by scores */
static void mean_ndcg(const dataset *d, const float *scores, double out[4])
{
    size_t q, k;
    for (k = 0; k < 4; ++k) out[k] = 0;
    for (q = 0; q < d->nq; ++q)
        for (k = 0; k < 4; ++k) {
            double v;
            size_t a = d->off[q], n = d->off[q + 1] - a;
            if (ranknet_ndcgf(scores + a, d->label + a, n, eval_k[k], &v) != RANKNET_OK) die("ranknet_ndcgf failed");
            out[k] += v / (double)d->nq;
        }
}

static void predict(const model *mo, const dataset *d, float *scores)
{
    float hid[MAX_HIDDEN];
    size_t i;
    for (i = 0; i < d->rows; ++i) scores[i] = model_score(mo, d->x + i * d->dim, hid);
}

static void standardize(dataset *tr, dataset *te)
{
    size_t j, i;
    for (j = 0; j < tr->dim; ++j) {
        double mean = 0, var = 0, sd;
        for (i = 0; i < tr->rows; ++i) mean += tr->x[i * tr->dim + j];
        mean /= (double)tr->rows;
        for (i = 0; i < tr->rows; ++i) var += (tr->x[i * tr->dim + j] - mean) * (tr->x[i * tr->dim + j] - mean);
        sd = sqrt(var / (double)tr->rows);
        if (sd < 1e-12) sd = 1;
        for (i = 0; i < tr->rows; ++i) tr->x[i * tr->dim + j] = (float)((tr->x[i * tr->dim + j] - mean) / sd);
        if (te && j < te->dim)
            for (i = 0; i < te->rows; ++i) te->x[i * te->dim + j] = (float)((te->x[i * te->dim + j] - mean) / sd);
    }
}

#endif
