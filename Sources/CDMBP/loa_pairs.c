// The DMBP first-stage pair loop: see include/cdmbp.h. The loops over outputs j are plain C that the
// compiler vectorises; the same body is compiled for AVX2 and for the baseline and chosen at run time.
#include "cdmbp.h"
#include "cvectorpath.h"
#include <stdlib.h>

#pragma STDC FP_CONTRACT OFF

static inline void loa_pairs_body(float *t, int32_t *expected, const uint8_t *raw, size_t batch, size_t k, size_t n,
                                  const uint8_t *mask, const uint16_t *p16, float unit, int32_t scale,
                                  uint8_t *count, uint16_t *expect) {
    const size_t plane = k * n;
    for (size_t b = 0; b < batch; b++) {
        for (size_t j = 0; j < n; j++) { count[j] = 0; expect[j] = 0; }
        const uint8_t *a = raw + b * k;
        for (size_t i = 0; i + 1 < k; i += 2) {
            const unsigned a0 = a[i], a1 = a[i + 1];
            if (a0 == 0 || a1 == 0) continue;
            const uint8_t *m0 = mask + (a0 >= 8 ? plane : 0) + i * n;
            const uint8_t *m1 = mask + (a1 >= 8 ? plane : 0) + (i + 1) * n;
            const unsigned s0 = a0 & 7, s1 = a1 & 7;
            for (size_t j = 0; j < n; j++) count[j] += (uint8_t)((m0[j] >> s0) & (m1[j] >> s1) & 1);
            if (p16) {
                const uint16_t *t0 = p16 + a0 * n, *t1 = p16 + a1 * n;
                for (size_t j = 0; j < n; j++) expect[j] += (uint16_t)(t0[j] * t1[j]);
            }
        }
        float *row = t + b * n;
        for (size_t j = 0; j < n; j++) row[j] += unit * (float)count[j];
        if (expected) {
            int32_t *e = expected + b * n;
            for (size_t j = 0; j < n; j++) e[j] += scale * (int32_t)expect[j];
        }
    }
}

#if defined(__x86_64__)
__attribute__((target("avx2")))
static void loa_pairs_avx2(float *t, int32_t *expected, const uint8_t *raw, size_t batch, size_t k, size_t n,
                           const uint8_t *mask, const uint16_t *p16, float unit, int32_t scale,
                           uint8_t *count, uint16_t *expect) {
    loa_pairs_body(t, expected, raw, batch, k, n, mask, p16, unit, scale, count, expect);
}
#endif

static void loa_pairs_baseline(float *t, int32_t *expected, const uint8_t *raw, size_t batch, size_t k, size_t n,
                               const uint8_t *mask, const uint16_t *p16, float unit, int32_t scale,
                               uint8_t *count, uint16_t *expect) {
    loa_pairs_body(t, expected, raw, batch, k, n, mask, p16, unit, scale, count, expect);
}

void cimpvt_dmbp_loa_pairs(float *t, int32_t *expected, const uint8_t *raw, size_t batch, size_t k, size_t n,
                           const uint8_t *mask, const uint16_t *p16, float unit, int32_t scale) {
    // Scratch per output: on the stack for layers up to 1024 outputs wide, else on the heap.
    enum { stack_outputs = 1024 };
    uint8_t count_stack[stack_outputs];
    uint16_t expect_stack[stack_outputs];
    const int heap = n > stack_outputs;
    uint8_t *count = heap ? malloc(n) : count_stack;
    uint16_t *expect = heap ? malloc(n * sizeof(uint16_t)) : expect_stack;
    if (!count || !expect) abort();
#if defined(__x86_64__)
    if (cimpvt_vector_path() >= 1) {
        loa_pairs_avx2(t, expected, raw, batch, k, n, mask, p16, unit, scale, count, expect);
    } else
#endif
    loa_pairs_baseline(t, expected, raw, batch, k, n, mask, p16, unit, scale, count, expect);
    if (heap) {
        free(count);
        free(expect);
    }
}
