/* The ranknet.h test suite, one compile unit: the area files of tests/suite/ in order, then
   the table of their TEST()s, which make writes from those files (build/suite_list.h: each
   test is named once, where it is defined). Built as C99, C11, C++, with clang, scalar,
   with OpenMP and under the sanitizers by `make test` and `make sanitize`.
       ./build/test_c99                  every test
       ./build/test_c99 NAME...          the tests named (see --list)
       TEST_VERBOSE=1 ./build/test_c99   each test's name and time
   Each test starts from its own random state (seeded by its name), so it runs the same
   alone as in the whole suite. */
/* Dispatch made observable: the kernel the last query ran (one writer at a time). */
static void (*tl_kernel_ran)(void);
static void tl_observe(void (*kernel)(void))
{
#ifdef _OPENMP
#pragma omp critical(tl_observe)
#endif
    tl_kernel_ran = kernel;
}
#define RANKNET__OBSERVE_KERNEL(kernel) tl_observe((void (*)(void))(kernel))
/* The pairs the general loop visits (one writer at a time: single-query calls) */
static double tl_pairs_visited;
#define RANKNET__OBSERVE_PAIRS(count) (tl_pairs_visited += (double)(count))
#define RANKNET_IMPLEMENTATION
#include "../ranknet.h"
#include "testlib.h"

#include <float.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "suite/common.c"
#include "suite/numerics.c"
#include "suite/lambdarank.c"
#include "suite/paths.c"
#include "suite/presets.c"
#include "suite/weightings.c"
#include "suite/listwise.c"
#include "suite/bias.c"
#include "suite/errors.c"
#include "suite/promises.c"

static const tl_test tl_tests[] = {
#define TL_TEST(name) {#name, test_##name},
#include "suite_list.h"
#undef TL_TEST
};

int main(int argc, char **argv) { return tl_main(tl_tests, sizeof tl_tests / sizeof *tl_tests, argc, argv); }
