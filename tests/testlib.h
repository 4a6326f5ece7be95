/* testlib.h - the smallest test runner that does the job: TEST(name) cases, CHECK
   assertions that print where they failed, and a closing "N passed, M failed" line.
   Shared by the test programs; include after ranknet.h. */
#ifndef TESTLIB_H
#define TESTLIB_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__GNUC__) || defined(__clang__)
#define TL_MAYBE_UNUSED __attribute__((unused))
#else
#define TL_MAYBE_UNUSED
#endif

static int tl_case_failed, tl_passed, tl_failed, tl_reports;

#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            tl_case_failed = 1;                                                         \
            if (tl_reports++ < 40) printf("  FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                               \
    } while (0)

/* got within rel * max(1, scale) of want: the library's accuracy contract */
#define CHECK_NEAR(got, want, scale, rel)                                                        \
    do {                                                                                         \
        double g_ = (double)(got), w_ = (double)(want), s_ = fabs((double)(scale));             \
        double tol_ = (rel) * (s_ > 1 ? s_ : 1);                                                 \
        if (!(fabs(g_ - w_) <= tol_)) {                                                          \
            tl_case_failed = 1;                                                                  \
            if (tl_reports++ < 40)                                                               \
                printf("  FAIL %s:%d: %s = %.17g, want %.17g (tol %.3g)\n", __FILE__, __LINE__, #got, \
                       g_, w_, tol_);                                                            \
        }                                                                                        \
    } while (0)

#define RUN(fn)                                                   \
    do {                                                          \
        clock_t t0_ = clock();                                    \
        tl_case_failed = 0;                                       \
        fn();                                                     \
        if (tl_case_failed) {                                     \
            tl_failed++;                                          \
            printf("FAIL %s\n", #fn);                             \
        } else {                                                  \
            tl_passed++;                                          \
            if (getenv("TEST_VERBOSE")) printf("ok   %s (%.2fs)\n", #fn, (double)(clock() - t0_) / CLOCKS_PER_SEC); \
        }                                                         \
    } while (0)

static int tl_finish(void)
{
    printf("%d passed, %d failed\n", tl_passed, tl_failed);
    return tl_failed ? 1 : 0;
}

/* xorshift64*: deterministic random numbers for the tests */
static unsigned long long tl_rng_state = 0x9E3779B97F4A7C15ull;
TL_MAYBE_UNUSED static double tl_uniform(void) /* [0, 1) */
{
    tl_rng_state ^= tl_rng_state >> 12;
    tl_rng_state ^= tl_rng_state << 25;
    tl_rng_state ^= tl_rng_state >> 27;
    return (double)((tl_rng_state * 2685821657736338717ull) >> 11) * (1.0 / 9007199254740992.0);
}
TL_MAYBE_UNUSED static double tl_normal(void)
{
    double u = tl_uniform() + 1e-300, v = tl_uniform();
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

#endif
