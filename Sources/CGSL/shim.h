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
#include <gsl/gsl_multifit_nlinear.h>
#include <stdlib.h>

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

// Nonlinear least squares (GSL multifit_nlinear, trust region with Levenberg–Marquardt steps, finite-
// difference Jacobian): minimises ½·Σ f_i(x)² over x ∈ ℝ^p, n residuals, from x (overwritten with the
// solution). residuals(x, f, ctx) fills f[0..n) and returns 0 (non-zero: a point the model cannot take).
// Returns GSL's status (GSL_SUCCESS when a tolerance was met); *iterations and *chisq (Σ f²) on exit.
typedef int (*cimpvt_residuals_fn)(const double *x, double *f, void *ctx);
// GSL hands f (and may hand x) as strided views (a Jacobian column when it differences): both go
// through contiguous scratch arrays.
struct cimpvt_nlinear_ctx { cimpvt_residuals_fn fn; void *ctx; double *xs; double *fs; };
static inline int cimpvt_nlinear_f(const gsl_vector *x, void *params, gsl_vector *f) {
    struct cimpvt_nlinear_ctx *c = (struct cimpvt_nlinear_ctx *)params;
    for (size_t i = 0; i < x->size; i++) c->xs[i] = gsl_vector_get(x, i);
    if (c->fn(c->xs, c->fs, c->ctx) != 0) return GSL_EDOM;
    for (size_t i = 0; i < f->size; i++) gsl_vector_set(f, i, c->fs[i]);
    return GSL_SUCCESS;
}
static inline int cimpvt_nlinear_fit(size_t n, size_t p, double *x, cimpvt_residuals_fn fn, void *ctx,
                                     size_t max_iterations, double xtol, double gtol, double ftol,
                                     size_t *iterations, double *chisq) {
    gsl_multifit_nlinear_parameters params = gsl_multifit_nlinear_default_parameters();
    gsl_multifit_nlinear_workspace *w = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &params, n, p);
    if (!w) return GSL_ENOMEM;
    struct cimpvt_nlinear_ctx c = { fn, ctx, malloc(p * sizeof(double)), malloc(n * sizeof(double)) };
    if (!c.xs || !c.fs) { free(c.xs); free(c.fs); gsl_multifit_nlinear_free(w); return GSL_ENOMEM; }
    gsl_multifit_nlinear_fdf fdf;
    fdf.f = cimpvt_nlinear_f; fdf.df = NULL; fdf.fvv = NULL; fdf.n = n; fdf.p = p; fdf.params = &c;
    gsl_vector_view x0 = gsl_vector_view_array(x, p);
    int status = gsl_multifit_nlinear_init(&x0.vector, &fdf, w);
    int info = 0;
    if (status == GSL_SUCCESS) status = gsl_multifit_nlinear_driver(max_iterations, xtol, gtol, ftol, NULL, NULL, &info, w);
    gsl_vector *sol = gsl_multifit_nlinear_position(w);
    for (size_t i = 0; i < p; i++) x[i] = gsl_vector_get(sol, i);
    gsl_vector *res = gsl_multifit_nlinear_residual(w);
    double s = 0; for (size_t i = 0; i < n; i++) s += gsl_vector_get(res, i) * gsl_vector_get(res, i);
    *chisq = s;
    *iterations = gsl_multifit_nlinear_niter(w);
    gsl_multifit_nlinear_free(w);
    free(c.xs); free(c.fs);
    return status;
}
#endif
