/* fuzz_ranknet.c - libFuzzer target for every public function of ranknet.h.

   Build and run (what `make fuzz` does):
     clang -O1 -g -fsanitize=fuzzer,address,undefined fuzz/fuzz_ranknet.c fuzz/scalar_ref.c fuzz/plain_ref.c -lm \
           -o fuzz_ranknet
     ./fuzz_ranknet -max_total_time=60 fuzz/corpus
   Without libFuzzer (replays files or folders given; what `make fuzz-replay` does):
     cc -O1 -DFUZZ_MAIN fuzz/fuzz_ranknet.c fuzz/scalar_ref.c fuzz/plain_ref.c -lm -o fuzz_replay &&
     ./fuzz_replay fuzz/corpus

   The bytes choose a function, its options (sigma as raw bits, tie mode, weighting, k,
   gain, normalize, code path), n up to 3000, NULL pointers, batch offsets (sometimes
   broken), and the input arrays as raw float/double bit patterns, so NaN, infinities,
   subnormals and huge values all appear. Checked on every call:
   - the status is one of the enum values;
   - on error, every output still holds its sentinel;
   - on success, every output is finite and every hessian >= 0; without pair weighting the
     lambdas of each query sum to zero; the float function agrees with the double one on
     the same (float) inputs, and the vector paths with a scalar-only build of the library
     (scalar_ref.c, RANKNET_NO_SIMD), within the accuracy contract;
   - and every path against plain_ref.c, an independent long-double reference written from
     the documented mathematics with no code of ranknet.h: the losses, lambdas and
     hessians of every query of up to 64 rows (every weighting, preset, gain, table,
     weight and normalisation; sampled pairs and LightGBM's sigmoid table excepted: their
     pairs come from the library's generator, the table from LightGBM), NDCG, and each pair function's loss and lambdas, to full
     relative precision. */
#define RANKNET_IMPLEMENTATION
#include "../ranknet.h"
#include "scalar_ref.h"
#include "plain_from.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXN 3000
#define SENT_D 7.25
#define SENT_F 7.25f

typedef struct reader {
    const uint8_t *p;
    size_t n, at;
    uint64_t rng;
} reader;

/* bytes while they last, then a generator seeded by them */
static uint8_t take8(reader *r)
{
    if (r->at < r->n) return r->p[r->at++];
    r->rng ^= r->rng << 13;
    r->rng ^= r->rng >> 7;
    r->rng ^= r->rng << 17;
    return (uint8_t)(r->rng >> 32);
}

static uint64_t take(reader *r, int bytes)
{
    uint64_t v = 0;
    int i;
    for (i = 0; i < bytes; ++i) v = v << 8 | take8(r);
    return v;
}

/* A value by one of several recipes: raw bits, or something a ranker would produce. */
static double value(reader *r, int raw_ok)
{
    uint8_t how = take8(r);
    double d;
    if (raw_ok && how < 24) { /* raw double bits: anything at all */
        uint64_t b = take(r, 8);
        memcpy(&d, &b, sizeof d);
        return d;
    }
    if (how < 40) return (double)(int8_t)take8(r) * 1e30;   /* huge gaps */
    if (how < 56) return (double)(int8_t)take8(r) * 1e-300; /* tiny, subnormal-ish */
    if (how < 80) return (double)(take8(r) % 5);            /* graded labels, ties */
    return ((double)(int16_t)take(r, 2)) / 64.0;            /* ordinary scores */
}

static int finite_d(const double *a, size_t n)
{
    size_t i;
    for (i = 0; i < n; ++i)
        if (!isfinite(a[i])) return 0;
    return 1;
}

static int finite_f(const float *a, size_t n)
{
    size_t i;
    for (i = 0; i < n; ++i)
        if (!isfinite(a[i])) return 0;
    return 1;
}

static int sentinel_d(const double *a, size_t n)
{
    size_t i;
    for (i = 0; i < n; ++i)
        if (a[i] != SENT_D) return 0;
    return 1;
}

static int sentinel_f(const float *a, size_t n)
{
    size_t i;
    for (i = 0; i < n; ++i)
        if (a[i] != SENT_F) return 0;
    return 1;
}

#define REQUIRE(cond)                                                                                  \
    do {                                                                                               \
        if (!(cond)) {                                                                                 \
            fprintf(stderr, "fuzz_ranknet: %s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                                   \
        }                                                                                              \
    } while (0)

static double s[MAXN], y[MAXN], w[MAXN], g[MAXN], h[MAXN], g2[MAXN], h2[MAXN];
static float sf[MAXN], yf[MAXN], wf[MAXN], gf[MAXN], hf[MAXN];
static size_t off[66];
static double gain_table[8], qw[66];

static void fill_sentinels(size_t n, double *loss)
{
    size_t i;
    for (i = 0; i < n; ++i) {
        g[i] = h[i] = g2[i] = h2[i] = SENT_D;
        gf[i] = hf[i] = SENT_F;
    }
    *loss = SENT_D;
}

/* every lambda of a query within tol of another run's, tol from the contract */
static void agree(const double *a, const double *b, size_t n, double tol)
{
    size_t i;
    for (i = 0; i < n; ++i) REQUIRE(fabs(a[i] - b[i]) <= tol);
}

/* the largest pair weight the options allow (the float twin's error scales with it), from
   the labels the call took (f32: the float ones) */
static double weight_bound(const ranknet_options *o, size_t n, size_t nq, int f32)
{
    double b = 1, lo = DBL_MAX, hi = 0, top = 0;
    size_t i;
    for (i = 0; i < n; ++i) {
        double yi = f32 ? (double)yf[i] : y[i];
        lo = fmin(lo, yi);
        hi = fmax(hi, yi);
    }
    if (o->weighting == RANKNET_WEIGHT_LABEL_DIFF && n > 0) b *= hi - lo;
    if (o->weighting == RANKNET_WEIGHT_LAMBDALOSS) b *= 1 + o->mu;
    if (o->weighting == RANKNET_WEIGHT_DELTA_DCG && n > 0) { /* the largest gain */
        double g = o->gain == RANKNET_GAIN_LINEAR ? hi : exp2(hi);
        for (i = 0; o->label_gain && i < o->label_gain_len; ++i) g = fmax(g, o->label_gain[i]);
        b *= g;
    }
    if (o->preset != RANKNET_PRESET_NONE) b *= 101 * (o->sample_pairs ? 2.0 * (double)o->sample_pairs : 1.0);
    if (o->item_weights) {
        for (i = 0; i < n; ++i) top = fmax(top, o->item_weights[i]);
        b *= top;
    }
    if (o->query_weights) {
        for (i = 0, top = 0; i < nq; ++i) top = fmax(top, o->query_weights[i]);
        b *= top * (double)nq;
    }
    return b;
}

static unsigned long plain_queries; /* how many queries the independent reference saw */

/* A successful batch against the independent reference, query by query. */
static void against_plain(const ranknet_options *o, size_t nq, int f32, int want_loss, int want_grad, int want_hess,
                          double loss)
{
    plain_options p;
    long double total = 0, qnorm = 1, rl, rg[64], rh[64];
    double sd[64], yd[64], wb = weight_bound(o, off[nq], nq, f32), sigma;
    int whole = 1;
    size_t q, i;
    if (o->sample_pairs || o->sigmoid_table) return; /* random pairs; LightGBM's own table */
    plain_from(o, &p);
    sigma = (double)p.sigma;
    if (o->preset == RANKNET_PRESET_XGBOOST && o->query_weights) { /* XGBoost: weights x n_queries / their sum */
        long double sum = 0;
        for (q = 0; q < nq; ++q) sum += o->query_weights[q];
        if (sum > 0) qnorm = nq / sum;
    }
    for (q = 0; q < nq; ++q) {
        size_t a = off[q], n = off[q + 1] - a;
        long double qw_q = (o->query_weights ? o->query_weights[q] : 1) * qnorm, gtol, htol;
        int finite = 1;
        if (n > 64) {
            whole = 0;
            continue;
        }
        for (i = 0; i < n; ++i) {
            sd[i] = f32 ? (double)sf[a + i] : s[a + i];
            yd[i] = f32 ? (double)yf[a + i] : y[a + i];
        }
        plain_query(&p, sd, yd, o->item_weights ? o->item_weights + a : NULL, n, &rl, rg, rh);
        finite = isfinite(rl);
        for (i = 0; i < n; ++i) finite &= isfinite(rg[i]) && isfinite(rh[i]);
        if (!finite) { /* beyond long double (2^y of a huge label): nothing to compare */
            whole = 0;
            continue;
        }
        total += qw_q * rl;
        plain_queries += n > 1;
        gtol = (f32 ? 1e-5 : 1e-11) * (1 + sigma * (double)n * wb);
        htol = (f32 ? 1e-5 : 1e-11) * (1 + sigma * sigma * (double)n * wb);
        for (i = 0; i < n; ++i) {
            if (want_grad)
                REQUIRE(fabsl((f32 ? (long double)gf[a + i] : (long double)g[a + i]) - qw_q * rg[i]) <= gtol);
            if (want_hess)
                REQUIRE(fabsl((f32 ? (long double)hf[a + i] : (long double)h[a + i]) - qw_q * rh[i]) <= htol);
        }
    }
    if (want_loss && whole) REQUIRE(fabsl(loss - total) <= (f32 ? 1e-5 : 1e-11) * (1 + total));
}

static void check_batch(reader *r, const ranknet_options *o, size_t n, int fn)
{
    size_t nq = 1 + take8(r) % 64, q, i;
    double loss, loss2;
    ranknet_status st, st2;
    int broken = take8(r) < 16, want_loss = take8(r) & 1, want_grad = take8(r) & 1, want_hess = take8(r) & 1;
    int f32 = fn == 1;
    /* offsets: sorted cut points of [0, n], sometimes broken on purpose */
    off[0] = 0;
    for (q = 1; q < nq; ++q) off[q] = take(r, 2) % (n + 1);
    off[nq] = n;
    for (q = 1; q < nq; ++q) /* insertion sort keeps them nondecreasing */
        for (i = q; i > 1 && off[i] < off[i - 1]; --i) {
            size_t t = off[i];
            off[i] = off[i - 1];
            off[i - 1] = t;
        }
    if (broken) off[take8(r) % (nq + 1)] = take(r, 2) % (n + 2);
    fill_sentinels(n, &loss);
    if (f32)
        st = ranknet_batchf(o, sf, yf, off, nq, want_loss ? &loss : NULL, want_grad ? gf : NULL, want_hess ? hf : NULL);
    else st = ranknet_batch(o, s, y, off, nq, want_loss ? &loss : NULL, want_grad ? g : NULL, want_hess ? h : NULL);
    REQUIRE(st >= RANKNET_OK && st < RANKNET_STATUS_COUNT);
    if (st != RANKNET_OK) {
        REQUIRE(loss == SENT_D && sentinel_d(g, n) && sentinel_d(h, n) && sentinel_f(gf, n) && sentinel_f(hf, n));
        return;
    }
    if (want_loss) REQUIRE(isfinite(loss) && loss >= 0);
    against_plain(o, nq, f32, want_loss, want_grad, want_hess, loss);
    if (f32) {
        if (want_grad) REQUIRE(finite_f(gf, n));
        if (want_hess) {
            REQUIRE(finite_f(hf, n));
            for (i = 0; i < n; ++i) REQUIRE(hf[i] >= 0);
        }
    } else {
        if (want_grad) REQUIRE(finite_d(g, n));
        if (want_hess) {
            REQUIRE(finite_d(h, n));
            for (i = 0; i < n; ++i) REQUIRE(h[i] >= 0);
        }
    }
    {
        /* the same call through the scalar-only build, on the same inputs */
        double sigma = o->sigma == 0 ? 1 : o->sigma, lossr = 0, wb = weight_bound(o, n, nq, f32);
        size_t maxq = 0;
        ranknet_options scalar = *o;
        scalar.simd = RANKNET_SIMD_AUTO; /* that build has only the scalar path */
        for (q = 0; q < nq; ++q)
            if (off[q + 1] - off[q] > maxq) maxq = off[q + 1] - off[q];
        if (f32) {
            for (i = 0; i < n; ++i) {
                g2[i] = gf[i];
                h2[i] = hf[i];
            }
            st2 = ref_batchf(&scalar, sf, yf, off, nq, want_loss ? &lossr : NULL, want_grad ? gf : NULL,
                             want_hess ? hf : NULL);
            REQUIRE(st2 == RANKNET_OK); /* the same outputs asked for: the same verdict */
            /* float: 1e-5 of the largest possible lambda sum, sigma (n - 1) */
            if (want_grad)
                for (i = 0; i < n; ++i) REQUIRE(fabs(g2[i] - gf[i]) <= 1e-5 * (1 + sigma * (double)maxq * wb));
            if (want_hess)
                for (i = 0; i < n; ++i) REQUIRE(fabs(h2[i] - hf[i]) <= 1e-5 * (1 + sigma * sigma * (double)maxq * wb));
        } else {
            st2 = ref_batch(&scalar, s, y, off, nq, want_loss ? &lossr : NULL, want_grad ? g2 : NULL,
                            want_hess ? h2 : NULL);
            REQUIRE(st2 == RANKNET_OK);
            if (want_grad) agree(g, g2, n, 1e-11 * (1 + sigma * (double)maxq * wb));
            if (want_hess) agree(h, h2, n, 1e-11 * (1 + sigma * sigma * (double)maxq * wb));
        }
        if (want_loss) REQUIRE(fabs(loss - lossr) <= (f32 ? 1e-5 : 1e-11) * (1 + lossr));
        /* without pair weights each query's lambdas sum to zero */
        if (want_grad && o->weighting == RANKNET_WEIGHT_NONE)
            for (q = 0; q < nq; ++q) {
                double sum = 0, spread = 0;
                for (i = off[q]; i < off[q + 1]; ++i) sum += f32 ? (double)gf[i] : g[i];
                if (off[q + 1] - off[q] > 1) /* (an empty batch's bound may be infinite: 0 x inf) */
                    spread = sigma * (double)maxq * (double)maxq * wb;
                REQUIRE(fabs(sum) <= (f32 ? 1e-4 : 1e-9) * (1 + spread));
            }
    }
    if (!f32 && take8(r) < 64) {
        /* the float twin on the same values, when they are floats already */
        for (i = 0; i < n; ++i)
            if ((double)(float)s[i] != s[i] || (double)(float)y[i] != y[i]) return;
        for (i = 0; i < n; ++i) {
            sf[i] = (float)s[i];
            yf[i] = (float)y[i];
        }
        st2 = ranknet_batchf(o, sf, yf, off, nq, &loss2, gf, hf);
        if (st2 == RANKNET_OK && want_grad) {
            double sigma = o->sigma == 0 ? 1 : o->sigma, bound = weight_bound(o, n, nq, 1);
            for (i = 0; i < n; ++i) REQUIRE(fabs((double)gf[i] - g[i]) <= 1e-5 * (1 + sigma * (double)n * bound));
        }
    }
}

static void check_pairs(reader *r, size_t n, int fn)
{
    double loss;
    ranknet_status st;
    int null_w = take8(r) & 1, want_loss = take8(r) & 1;
    size_t i;
    fill_sentinels(n, &loss);
    switch (fn) {
    case 2: st = ranknet_pair_bce(s, y, null_w ? NULL : w, n, want_loss ? &loss : NULL, g); break;
    case 3: st = ranknet_pair_bcef(sf, yf, null_w ? NULL : wf, n, want_loss ? &loss : NULL, gf); break;
    case 4: st = ranknet_logsigmoid_loss(s, null_w ? NULL : w, n, want_loss ? &loss : NULL, g); break;
    default: st = ranknet_logsigmoid_lossf(sf, null_w ? NULL : wf, n, want_loss ? &loss : NULL, gf); break;
    }
    REQUIRE(st >= RANKNET_OK && st < RANKNET_STATUS_COUNT);
    if (st != RANKNET_OK) {
        REQUIRE(loss == SENT_D && sentinel_d(g, n) && sentinel_f(gf, n));
        return;
    }
    if (want_loss) REQUIRE(isfinite(loss) && loss >= 0);
    if (fn == 2 || fn == 4) REQUIRE(finite_d(g, n));
    else REQUIRE(finite_f(gf, n));
    for (i = 0; i < n; ++i) { /* |grad_k| <= w_k (times 1/n for the mean) */
        double wk = null_w ? 1 : fn == 2 || fn == 4 ? w[i] : (double)wf[i];
        REQUIRE(fabs(fn == 2 || fn == 4 ? g[i] : (double)gf[i]) <= wk * (1 + 1e-6));
    }
    { /* the independent reference, term by term: full relative precision of every lambda */
        long double total = 0, rg;
        int dbl = fn == 2 || fn == 4, mean = fn >= 4;
        for (i = 0; i < n; ++i) {
            double d = dbl ? s[i] : (double)sf[i], t = mean ? 1.0 : dbl ? y[i] : (double)yf[i];
            double wk = (null_w ? 1.0 : dbl ? w[i] : (double)wf[i]) / (mean ? (double)n : 1.0);
            long double got = dbl ? (long double)g[i] : (long double)gf[i];
            total += plain_pair(mean ? -d : d, mean ? 0.0 : t, wk, &rg);
            if (mean) rg = -rg; /* d/dd of softplus(-d) */
            /* a few ulp of the output type, and its subnormal step: relative for targets 0 and
               1 (the promise: p and 1 - p each to full precision); a target inside (0, 1)
               cancels against p by nature, to an ulp of the pair's weight */
            REQUIRE(fabsl(got - rg) <= (dbl ? 1e-14L : 2e-7L) * fabsl(rg) + (dbl ? 1e-320L : 3e-45L) +
                                           (t == 0 || t == 1 ? 0 : (dbl ? 2e-16L : 1.2e-7L) * wk));
        }
        if (want_loss && isfinite(total)) REQUIRE(fabsl(loss - total) <= 1e-12L * total + 1e-300L);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reader r;
    ranknet_options o;
    size_t n, i;
    int fn, nulls, raw;
    uint64_t sb;
    r.p = data;
    r.n = size;
    r.at = 0;
    r.rng = 0x9E3779B97F4A7C15ull ^ size;
    for (i = 0; i < size && i < 64; ++i) r.rng = r.rng * 31 + data[i];
    fn = take8(&r) % 8;
    memset(&o, 0, sizeof o);
    raw = take8(&r);
    sb = take(&r, 8);
    if (raw < 40) memcpy(&o.sigma, &sb, sizeof o.sigma); /* any bits: NaN, inf, negative, huge */
    else if (raw < 128) o.sigma = (double)(sb % 1000) / 100.0;
    o.ties = (ranknet_ties)(take8(&r) % 3);           /* 2 is invalid */
    o.weighting = (ranknet_weighting)(take8(&r) % 9); /* 8 is invalid */
    o.k = take8(&r) % 16;
    o.gain = (ranknet_gain)(take8(&r) % 3);
    o.normalize = (ranknet_norm)(take8(&r) % 4); /* 3 is invalid */
    o.simd = (ranknet_simd)(take8(&r) % 7);      /* 6 is invalid; some paths are absent */
    raw = take8(&r);
    if (raw < 96) { /* an engine preset (3 is invalid), its knobs, sometimes where they do not belong */
        o.preset = (ranknet_preset)(raw % 4);
        o.score_norm = take8(&r) < 128;
        o.sample_pairs = take8(&r) < 64 ? take8(&r) % 4 : 0;
        o.seed = take(&r, 8);
        if (take8(&r) < 32) o.sigmoid_table = take8(&r) % 3; /* 2 is invalid */
    }
    raw = take8(&r);
    if (raw < 64) { /* the 1.0 options: mu, max_label, a gain table, item and query weights */
        o.mu = (double)(take8(&r) % 21);
        o.max_label = take8(&r) < 64 ? (double)(take8(&r) % 8) : 0;
        if (take8(&r) < 64) {
            for (i = 0; i < 8; ++i) gain_table[i] = take8(&r) < 8 ? value(&r, 1) : (double)(take8(&r) % 40);
            o.label_gain = gain_table;
            o.label_gain_len = 1 + take8(&r) % 8;
        }
        if (take8(&r) < 96) o.item_weights = w; /* filled below: mostly small, sometimes anything */
        if (take8(&r) < 64) {
            o.query_weights = qw;
            for (i = 0; i < 66; ++i) qw[i] = take8(&r) < 8 ? value(&r, 1) : (double)(take8(&r) % 9) / 4;
        }
    }
    if (raw >= 64 && o.weighting == RANKNET_WEIGHT_LAMBDALOSS)
        o.mu = 10;               /* allRank's default, else mu = 0 hides delta */
    if ((r.rng >> 7) % 4 == 0) { /* a buffer for a failure's reason, any size (ASan sees an overrun); from the
                                    input's hash, not its bytes, so that the corpus keeps its meaning */
        static char why[64];
        o.reason = why;
        o.reason_size = (size_t)((r.rng >> 13) % (sizeof why + 1));
    }
    n = take(&r, 2) % (MAXN + 1);
    if (take8(&r) < 128) n %= 40; /* small queries are most of real data */
    nulls = take8(&r);
    for (i = 0; i < n; ++i) {
        s[i] = value(&r, 1);
        y[i] = value(&r, 1);
        w[i] = o.item_weights && take8(&r) >= 8 ? (double)(take8(&r) % 9) / 4 : value(&r, 1);
        sf[i] = (float)value(&r, 1);
        yf[i] = (float)value(&r, 1);
        wf[i] = (float)value(&r, 1);
    }
    if (fn == 2 || fn == 3) /* targets for pair_bce: mostly in [0,1] */
        for (i = 0; i < n; ++i) {
            if (take8(&r) < 240) {
                y[i] = fabs(fmod(y[i], 1.0));
                yf[i] = (float)fabs(fmod((double)yf[i], 1.0));
            }
            if (!isfinite(y[i])) y[i] = 0.5;
            if (!isfinite(yf[i])) yf[i] = 0.5f;
        }
    if (nulls < 8) { /* a NULL input: must be RANKNET_ERR_NULL when n > 0 */
        double loss = SENT_D;
        ranknet_status st =
            fn & 1 ? ranknet_queryf(&o, NULL, yf, n, &loss, gf, hf) : ranknet_query(&o, s, NULL, n, &loss, g, h);
        REQUIRE(n == 0 || st == RANKNET_ERR_NULL || st == RANKNET_ERR_OPTION || st == RANKNET_ERR_OFFSETS);
        return 0;
    }
    if (fn < 2) check_batch(&r, &o, n, fn);
    else if (fn < 6) check_pairs(&r, n, fn);
    else {
        double v = SENT_D;
        ranknet_status st = fn == 6 ? ranknet_ndcg(s, y, n, o.k, &v) : ranknet_ndcgf(sf, yf, n, o.k, &v);
        REQUIRE(st >= RANKNET_OK && st < RANKNET_STATUS_COUNT);
        if (st == RANKNET_OK) REQUIRE(v >= 0 && v <= 1 + 1e-12);
        else REQUIRE(v == SENT_D);
        if (st == RANKNET_OK && n <= 64) { /* the independent reference */
            double sd[64], yd[64];
            long double want;
            for (i = 0; i < n; ++i) {
                sd[i] = fn == 6 ? s[i] : (double)sf[i];
                yd[i] = fn == 6 ? y[i] : (double)yf[i];
            }
            want = plain_ndcg(sd, yd, n, o.k);
            if (isfinite(want)) REQUIRE(fabsl(v - want) <= 1e-12L);
        }
    }
    REQUIRE(ranknet_status_string((ranknet_status)(fn * 37)) != NULL);
    return 0;
}

#ifdef FUZZ_MAIN
#include <dirent.h>

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    static uint8_t buf[1 << 20];
    size_t len;
    if (!f) return 0;
    len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    LLVMFuzzerTestOneInput(buf, len);
    return 1;
}

int main(int argc, char **argv)
{
    int i, files = 0;
    for (i = 1; i < argc; ++i) {
        DIR *d = opendir(argv[i]);
        if (d) {
            struct dirent *e;
            char path[4096];
            while ((e = readdir(d)) != NULL) {
                if (e->d_name[0] == '.') continue;
                snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
                files += replay_file(path);
            }
            closedir(d);
        } else {
            files += replay_file(argv[i]);
        }
    }
    printf("fuzz replay: %d inputs, all invariants held (%lu queries of 2 or more rows against the plain reference)\n",
           files, plain_queries);
    return files > 0 ? 0 : 1;
}
#endif
