/* Thread safety: the public functions called from several threads at once on shared,
   read-only inputs (the first calls also race through the run-time SIMD check), each
   result compared bit for bit with a single-threaded run. Built plain and under
   ThreadSanitizer (`make sanitize`). The implementation is linked from tests/link_impl.c. */
#include "../ranknet.h"
#include "testlib.h"

#include <pthread.h>

#define THREADS 6
#define N 700
#define NQ 20

static double s[N], y[N];
static float sf[N], yf[N];
static size_t off[NQ + 1];

typedef struct result {
    double loss, lossf, ndcg, lr_loss;
    double g[N], h[N], lr_g[N];
    float gf[N], hf[N];
    int ok;
} result;

static result single, multi[THREADS];

static void *work(void *arg)
{
    result *r = (result *)arg;
    ranknet_options o;
    int ok = 1;
    memset(&o, 0, sizeof o);
    ok &= ranknet_query(NULL, s, y, N, &r->loss, r->g, r->h) == RANKNET_OK;
    ok &= ranknet_batchf(NULL, sf, yf, off, NQ, &r->lossf, r->gf, r->hf) == RANKNET_OK;
    ok &= ranknet_ndcg(s, y, N, 10, &r->ndcg) == RANKNET_OK;
    o.weighting = RANKNET_WEIGHT_DELTA_NDCG;
    o.k = 10;
    ok &= ranknet_batch(&o, s, y, off, NQ, &r->lr_loss, r->lr_g, NULL) == RANKNET_OK;
    r->ok = ok;
    return NULL;
}

static void test_threads_match_single_thread(void)
{
    pthread_t t[THREADS];
    int i, round;
    work(&single);
    CHECK(single.ok);
    for (round = 0; round < 3; ++round) {
        memset(multi, 0, sizeof multi);
        for (i = 0; i < THREADS; ++i) CHECK(pthread_create(&t[i], NULL, work, &multi[i]) == 0);
        for (i = 0; i < THREADS; ++i) CHECK(pthread_join(t[i], NULL) == 0);
        for (i = 0; i < THREADS; ++i) {
            CHECK(multi[i].ok);
            CHECK(memcmp(&multi[i].loss, &single.loss, sizeof single.loss) == 0);
            CHECK(memcmp(&multi[i].lossf, &single.lossf, sizeof single.lossf) == 0);
            CHECK(memcmp(&multi[i].ndcg, &single.ndcg, sizeof single.ndcg) == 0);
            CHECK(memcmp(&multi[i].lr_loss, &single.lr_loss, sizeof single.lr_loss) == 0);
            CHECK(memcmp(multi[i].g, single.g, sizeof single.g) == 0);
            CHECK(memcmp(multi[i].h, single.h, sizeof single.h) == 0);
            CHECK(memcmp(multi[i].gf, single.gf, sizeof single.gf) == 0);
            CHECK(memcmp(multi[i].hf, single.hf, sizeof single.hf) == 0);
            CHECK(memcmp(multi[i].lr_g, single.lr_g, sizeof single.lr_g) == 0);
        }
    }
}

int main(void)
{
    int i;
    for (i = 0; i < N; ++i) {
        s[i] = 2 * tl_normal(), y[i] = floor(5 * tl_uniform());
        sf[i] = (float)s[i], yf[i] = (float)y[i];
    }
    for (i = 0; i <= NQ; ++i) off[i] = (size_t)i * N / NQ;
    RUN(test_threads_match_single_thread);
    return tl_finish();
}
