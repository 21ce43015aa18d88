// The part of OpenBLAS's C interface cimpvt uses, declared here so that the build does not depend on
// which of Debian's cblas.h alternatives is installed. Symbols come from libopenblas.so.
#ifndef CIMPVT_COPENBLAS_SHIM_H
#define CIMPVT_COPENBLAS_SHIM_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <stddef.h>

enum CIMPVT_CBLAS_ORDER { CimpvtRowMajor = 101, CimpvtColMajor = 102 };
enum CIMPVT_CBLAS_TRANSPOSE { CimpvtNoTrans = 111, CimpvtTrans = 112 };
void cblas_sgemm(const int order, const int transA, const int transB,
                 const int m, const int n, const int k, const float alpha,
                 const float *a, const int lda, const float *b, const int ldb,
                 const float beta, float *c, const int ldc);
void cblas_dgemm(const int order, const int transA, const int transB,
                 const int m, const int n, const int k, const double alpha,
                 const double *a, const int lda, const double *b, const int ldb,
                 const double beta, double *c, const int ldc);
char *openblas_get_corename(void);
char *openblas_get_config(void);
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);

// Path of the shared library that the process's global symbol scope resolves `symbol` to (what libgsl
// binds its cblas_* calls to), or NULL.
static inline const char *cimpvt_library_defining(const char *symbol) {
    void *s = dlsym(RTLD_DEFAULT, symbol);
    Dl_info info;
    if (s == NULL || dladdr(s, &info) == 0) return NULL;
    return info.dli_fname;
}
#endif
