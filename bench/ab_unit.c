/* ab_unit.c - one build of a ranknet.h under a prefix, for bench/ab.c: two versions of the
   header in one program, timed against each other (bench/ab.sh builds it). */
#define RANKNET_STATIC
#define RANKNET_IMPLEMENTATION
#include HDR
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
int CAT(PFX, batchf)(const ranknet_options *o, const float *s, const float *y, const size_t *off, size_t nq,
                     double *loss, float *g, float *h)
{
    return ranknet_batchf(o, s, y, off, nq, loss, g, h);
}
int CAT(PFX, batch)(const ranknet_options *o, const double *s, const double *y, const size_t *off, size_t nq,
                    double *loss, double *g, double *h)
{
    return ranknet_batch(o, s, y, off, nq, loss, g, h);
}
int CAT(PFX, simd_supported)(int p) { return ranknet_simd_supported((ranknet_simd)p); }
