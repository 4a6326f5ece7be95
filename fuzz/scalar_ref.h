#ifndef SCALAR_REF_H
#define SCALAR_REF_H
#include "../ranknet.h"
ranknet_status ref_batch(const ranknet_options *opt, const double *s, const double *y, const size_t *off, size_t nq,
                         double *loss, double *grad, double *hess);
ranknet_status ref_batchf(const ranknet_options *opt, const float *s, const float *y, const size_t *off, size_t nq,
                          double *loss, float *grad, float *hess);
#endif
