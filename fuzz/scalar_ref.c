/* The scalar reference for the fuzzer: the whole library again, private to this file
   (RANKNET_STATIC) and without vector code (RANKNET_NO_SIMD), behind distinct names. */
#define RANKNET_STATIC
#define RANKNET_NO_SIMD
#define RANKNET_IMPLEMENTATION
#include "../ranknet.h"
#include "scalar_ref.h"

ranknet_status ref_batch(const ranknet_options *opt, const double *s, const double *y, const size_t *off, size_t nq,
                         double *loss, double *grad, double *hess)
{
    return ranknet_batch(opt, s, y, off, nq, loss, grad, hess);
}

ranknet_status ref_batchf(const ranknet_options *opt, const float *s, const float *y, const size_t *off, size_t nq,
                          double *loss, float *grad, float *hess)
{
    return ranknet_batchf(opt, s, y, off, nq, loss, grad, hess);
}
