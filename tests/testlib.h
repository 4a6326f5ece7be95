/* testlib.h - the smallest test runner that does the job: TEST(name) cases, CHECK
   assertions that print where they failed, and a closing "N passed, M failed" line.
   Shared by the test programs; include after ranknet.h. A program runs its tests with
   tl_main (a table of them: names on the command line pick some) or RUN (one each). */
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

#define CHECK(cond)                                                                         \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            tl_case_failed = 1;                                                             \
            if (tl_reports++ < 40) printf("  FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                                   \
    } while (0)

/* got within rel * max(1, scale) of want: the library's accuracy contract */
#define CHECK_NEAR(got, want, scale, rel)                                                                            \
    do {                                                                                                             \
        double g_ = (double)(got), w_ = (double)(want), s_ = fabs((double)(scale));                                  \
        double tol_ = (rel) * (s_ > 1 ? s_ : 1);                                                                     \
        if (!(fabs(g_ - w_) <= tol_)) {                                                                              \
            tl_case_failed = 1;                                                                                      \
            if (tl_reports++ < 40)                                                                                   \
                printf("  FAIL %s:%d: %s = %.17g, want %.17g (tol %.3g)\n", __FILE__, __LINE__, #got, g_, w_, tol_); \
        }                                                                                                            \
    } while (0)

/* xorshift64*: deterministic random numbers for the tests; each test starts from a state
   of its own (FNV-1a of its name), so that it sees the same inputs alone or in any order */
static unsigned long long tl_rng_state = 0x9E3779B97F4A7C15ull;
static void tl_seed(const char *name)
{
    unsigned long long h = 14695981039346656037ull;
    while (*name) h = (h ^ (unsigned char)*name++) * 1099511628211ull;
    tl_rng_state = h ? h : 1;
}

#define TEST(name) static void test_##name(void)

typedef struct tl_test {
    const char *name;
    void (*fn)(void);
} tl_test;

static void tl_run(const char *name, void (*fn)(void))
{
    clock_t t0 = clock();
    tl_case_failed = 0;
    tl_seed(name);
    fn();
    if (tl_case_failed) {
        tl_failed++;
        printf("FAIL %s\n", name);
    } else {
        tl_passed++;
        if (getenv("TEST_VERBOSE")) printf("ok   %s (%.2fs)\n", name, (double)(clock() - t0) / CLOCKS_PER_SEC);
    }
}
#define RUN(fn) tl_run(#fn, fn)

static int tl_finish(void)
{
    printf("%d passed, %d failed\n", tl_passed, tl_failed);
    return tl_failed ? 1 : 0;
}

/* Every test, or those named in argv (a name that is no test fails the run); --list prints
   the names. */
TL_MAYBE_UNUSED static int tl_main(const tl_test *tests, size_t count, int argc, char **argv)
{
    size_t t;
    int a;
    if (argc == 2 && strcmp(argv[1], "--list") == 0) {
        for (t = 0; t < count; ++t) printf("%s\n", tests[t].name);
        return 0;
    }
    for (a = 1; a < argc; ++a) {
        for (t = 0; t < count && strcmp(tests[t].name, argv[a]) != 0; ++t) continue;
        if (t == count) {
            printf("no test named %s (--list names them)\n", argv[a]);
            tl_failed++;
        }
    }
    for (t = 0; t < count; ++t) {
        int chosen = argc < 2;
        for (a = 1; a < argc && !chosen; ++a) chosen = strcmp(tests[t].name, argv[a]) == 0;
        if (chosen) tl_run(tests[t].name, tests[t].fn);
    }
    return tl_finish();
}

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
