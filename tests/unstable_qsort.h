/* unstable_qsort.h - the C library's qsort replaced by one that is not stable (a heap
   sort, which reorders equal elements), for one build of the test suite (`make test`
   builds test_omp with -include of this file). glibc's qsort is a
   stable merge sort, other C libraries' are not: no result may depend on which. The
   library ranks items with its own sorts, ties by index; its only qsort orders OpenMP
   jobs, whose comparison never ties. */
#ifndef UNSTABLE_QSORT_H
#define UNSTABLE_QSORT_H
#include <stdlib.h>
#include <string.h>

static void unstable_sift(char *a, size_t root, size_t n, size_t size, int (*cmp)(const void *, const void *),
                          char *tmp)
{
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n) return;
        if (child + 1 < n && cmp(a + child * size, a + (child + 1) * size) < 0) ++child;
        if (cmp(a + root * size, a + child * size) >= 0) return;
        memcpy(tmp, a + root * size, size);
        memcpy(a + root * size, a + child * size, size);
        memcpy(a + child * size, tmp, size);
        root = child;
    }
}

static void unstable_qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    char *a = (char *)base, tmp[256];
    size_t i;
    if (n < 2 || size > sizeof tmp) {
        if (size > sizeof tmp) abort(); /* not needed by anything here */
        return;
    }
    for (i = n / 2; i-- > 0;) unstable_sift(a, i, n, size, cmp, tmp);
    for (i = n - 1; i > 0; --i) {
        memcpy(tmp, a, size);
        memcpy(a, a + i * size, size);
        memcpy(a + i * size, tmp, size);
        unstable_sift(a, 0, i, size, cmp, tmp);
    }
}
#define qsort unstable_qsort
#endif
