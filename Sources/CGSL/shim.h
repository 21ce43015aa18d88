// GSL for cimpvt. Only libgsl is linked: its BLAS symbols (cblas_*) resolve to OpenBLAS,
// which the product links directly, ahead of GSL's own reference gslcblas.
#ifndef CIMPVT_CGSL_SHIM_H
#define CIMPVT_CGSL_SHIM_H
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_fft_complex.h>

// Swift 6 cannot read GSL's mutable generator-type globals safely: accessors instead.
static inline const gsl_rng_type *cimpvt_rng_type_taus2(void) { return gsl_rng_taus2; }
static inline const gsl_rng_type *cimpvt_rng_type_mt19937(void) { return gsl_rng_mt19937; }
// GSL's default error handler aborts; the engine checks return codes itself.
static inline void cimpvt_gsl_disable_abort(void) { gsl_set_error_handler_off(); }
// n raw words of the generator into out, in order: exactly n calls of gsl_rng_get, without the
// per-call overhead (the generator's get function is read once). taus2 words are 32-bit.
static inline void cimpvt_rng_fill_u32(const gsl_rng *r, unsigned int *out, size_t n) {
    unsigned long (*get)(void *) = r->type->get;
    void *state = r->state;
    for (size_t i = 0; i < n; i++) out[i] = (unsigned int)get(state);
}
#endif
