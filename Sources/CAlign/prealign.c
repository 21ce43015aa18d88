// Pre-alignment kernels: see include/calign.h. Compiled without fast-math, with no contraction of
// a·b + c into a fused multiply-add: every path computes the operations written, in the order written,
// so the AVX-512, AVX2 and scalar paths give the same floats.
#include "calign.h"
#include "cvectorpath.h"
#include <math.h>
#include <stdint.h>
#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#define CALIGN_X86 1
#endif

#pragma STDC FP_CONTRACT OFF

static inline uint32_t bits_of(float x) { uint32_t b; memcpy(&b, &x, 4); return b; }
static inline float float_of(uint32_t b) { float x; memcpy(&x, &b, 4); return x; }

// The loop bodies, compiled once per vector path (the compiler vectorises them to the path's width;
// they are element-wise maps or exact integer reductions, so the width cannot change a result).

// One group of `count` values `stride` apart at p, quantum q (≠ 0): the mantissas in place. FP:
// ⌊|v|·(1/q)⌋, dividing instead where 1/q is not a finite float (q < 2^−127: a group of tiny δ; the
// hardware shifts mantissas and never forms 1/q). INT: round half to even by the 1.5·2^23 trick
// (|v/q| ≤ lim < 2^22).
#define ALIGN_FP_BODY                                                                          \
    if (q >= 0x1p-127f) {                                                                      \
        const float inverse = 1.0f / q;                                                        \
        for (size_t i = 0; i < count; i++) {                                                   \
            float v = p[i * stride];                                                           \
            float f = (float)(int32_t)(fabsf(v) * inverse);                                    \
            float a = f < lim ? f : lim;                                                       \
            p[i * stride] = v < 0 ? -a : a;                                                    \
        }                                                                                      \
    } else {                                                                                   \
        for (size_t i = 0; i < count; i++) {                                                   \
            float v = p[i * stride];                                                           \
            float f = (float)(int32_t)(fabsf(v) / q);                                          \
            float a = f < lim ? f : lim;                                                       \
            p[i * stride] = v < 0 ? -a : a;                                                    \
        }                                                                                      \
    }

#define ALIGN_INT_BODY                                                                         \
    for (size_t i = 0; i < count; i++) {                                                       \
        float r = (p[i * stride] / q + 12582912.0f) - 12582912.0f;                             \
        r = r > -lim ? r : -lim;                                                               \
        p[i * stride] = r < lim ? r : lim;                                                     \
    }

// The largest magnitude of `count` values at p: magnitudes compare as their bit patterns (sign
// cleared). An exponent field of all ones (±∞, NaN) makes it ≥ 0x7F800000 (the scan's test).
#define GROUP_MAX_BODY                                                                         \
    uint32_t top = 0;                                                                          \
    for (size_t i = 0; i < count; i++) {                                                       \
        uint32_t b = bits_of(p[i * stride]) & 0x7FFFFFFFu;                                     \
        top = b > top ? b : top;                                                               \
    }                                                                                          \
    return float_of(top);

// BF16 (add 0x7FFF plus the lowest kept bit, then clear the 16 dropped bits) and the scan of the
// rounded values, in one pass.
#define ROUND_BF16_SCAN_BODY                                                                   \
    uint32_t top = 0;                                                                          \
    for (size_t i = 0; i < n; i++) {                                                           \
        uint32_t b = bits_of(x[i]);                                                            \
        uint32_t r = (b + 0x7FFFu + ((b >> 16) & 1u)) & 0xFFFF0000u;                           \
        out[i] = float_of(r);                                                                  \
        r &= 0x7FFFFFFFu;                                                                      \
        top = r > top ? r : top;                                                               \
    }                                                                                          \
    *max_abs = float_of(top);                                                                  \
    return top >= 0x7F800000u;

// One group at p of `count` values STRIDE apart: its quantum, stored at *qp, and its mantissas.
#define GROUP_STEP(SUFFIX, STRIDE)                                                             \
    {                                                                                          \
        float q = per_group ? quantum(group_max_##SUFFIX(p, count, STRIDE), integer, mantissa_bits, lim) \
                            : tensor_q;                                                        \
        *qp = q;                                                                               \
        if (q == 0) { for (size_t i = 0; i < count; i++) p[i * (STRIDE)] = 0; }                \
        else if (integer) align_int_##SUFFIX(p, count, STRIDE, q, lim);                        \
        else align_fp_##SUFFIX(p, count, STRIDE, q, lim);                                      \
    }

// Groups of `group` consecutive values along rows (rows × cols row-major, stride 1: input vectors;
// quanta rows × groups) or down columns (stride cols: weight columns; quanta groups × cols), with this
// path's group kernels inlined (the row groups with a literal stride of 1, so their loops vectorise).
#define GROUPS_BODY(SUFFIX)                                                                    \
    const int down = along_columns != 0;                                                       \
    const size_t length = down ? rows : cols, lines = down ? cols : rows;                      \
    const size_t groups = (length + group - 1) / group;                                        \
    const float lim = (float)((1 << (mantissa_bits - 1)) - 1);                                 \
    const float tensor_q = quantum(tensor_max, integer, mantissa_bits, lim);                   \
    for (size_t line = 0; line < lines; line++) {                                              \
        for (size_t g = 0; g < groups; g++) {                                                  \
            const size_t first = g * group, count = length - first < group ? length - first : group; \
            if (down) {                                                                        \
                float *p = m + first * cols + line, *qp = quanta + g * cols + line;            \
                GROUP_STEP(SUFFIX, cols)                                                       \
            } else {                                                                           \
                float *p = m + line * cols + first, *qp = quanta + line * groups + g;          \
                GROUP_STEP(SUFFIX, 1)                                                          \
            }                                                                                  \
        }                                                                                      \
    }

// The quantum of a group whose largest magnitude is M (see calign.h); 0 for M = 0. FP formats: the
// exponent E = ⌊log2 M⌋ from M's bits (subnormal M: from its highest set bit), and 2^k, k = E + 2 − B,
// built from bits: a normal float for k ≥ −126, a subnormal down to 2^−149, 0 below (as Swift's
// Float(sign:exponent:significand:), which rounds 2^−150 to even, 0).
static inline float quantum(float M, int integer, int mantissa_bits, float lim) {
    if (!(M > 0)) return 0;
    if (integer) return M / lim;
    uint32_t b = bits_of(M);
    int e = (b >> 23) ? (int)(b >> 23) - 127 : -149 + (31 - __builtin_clz(b));
    int k = e + 2 - mantissa_bits;
    if (k >= -126) return float_of((uint32_t)(k + 127) << 23);
    if (k >= -149) return float_of(1u << (k + 149));
    return 0;
}

// Nonzero mantissas per position i < k over `rows` rows of stride lda, added to counts.
#define COUNT_NONZERO_BODY                                                                     \
    for (size_t b = 0; b < rows; b++) {                                                        \
        const float *row = a + b * lda;                                                        \
        for (size_t i = 0; i < k; i++) counts[i] += row[i] != 0;                               \
    }

// Row b of out: w = NULL: (accumulate ? out + q_b·s : 0 + q_b·s), nothing added (or zeros written)
// where q_b = 0; w ≠ NULL: out + (q_b·w_j)·s where q_b ≠ 0.
#define SCALE_ROWS_BODY                                                                        \
    for (size_t b = 0; b < rows; b++) {                                                        \
        const float qb = q[b * q_stride];                                                      \
        float *dst = out + b * ldo;                                                            \
        const float *src = s + b * lds;                                                        \
        if (qb == 0) {                                                                         \
            if (!w && !accumulate) memset(dst, 0, n * sizeof(float));                          \
        } else if (w) {                                                                        \
            for (size_t j = 0; j < n; j++) dst[j] += qb * w[j] * src[j];                       \
        } else if (accumulate) {                                                               \
            for (size_t j = 0; j < n; j++) dst[j] += qb * src[j];                              \
        } else {                                                                               \
            for (size_t j = 0; j < n; j++) dst[j] = 0.0f + qb * src[j];                        \
        }                                                                                      \
    }

#define DEFINE_PATH(SUFFIX, ATTR)                                                              \
    ATTR static void count_nonzero_##SUFFIX(const float *a, size_t lda, size_t rows, size_t k, int32_t *counts) { \
        COUNT_NONZERO_BODY                                                                     \
    }                                                                                          \
    ATTR static void scale_rows_##SUFFIX(float *out, size_t ldo, const float *s, size_t lds, const float *q,       \
                                         size_t q_stride, const float *w, size_t rows, size_t n, int accumulate) { \
        SCALE_ROWS_BODY                                                                        \
    }                                                                                          \
    ATTR static int round_bf16_scan_##SUFFIX(const float *x, float *out, size_t n, float *max_abs) { ROUND_BF16_SCAN_BODY } \
    ATTR static inline __attribute__((always_inline)) float group_max_##SUFFIX(const float *p, size_t count, \
                                                                                size_t stride) { GROUP_MAX_BODY } \
    ATTR static int scan_##SUFFIX(const float *v, size_t n, float *max_abs) {                  \
        *max_abs = group_max_##SUFFIX(v, n, 1);                                                \
        return bits_of(*max_abs) >= 0x7F800000u;                                               \
    }                                                                                          \
    ATTR static inline __attribute__((always_inline)) void align_fp_##SUFFIX(float *p, size_t count, size_t stride, \
                                                                              float q, float lim) { ALIGN_FP_BODY } \
    ATTR static inline __attribute__((always_inline)) void align_int_##SUFFIX(float *p, size_t count, size_t stride, \
                                                                               float q, float lim) { ALIGN_INT_BODY } \
    ATTR static void groups_##SUFFIX(float *m, size_t rows, size_t cols, int along_columns, size_t group,           \
                                     int integer, int mantissa_bits, int per_group, float tensor_max, float *quanta) { \
        GROUPS_BODY(SUFFIX)                                                                    \
    }

DEFINE_PATH(scalar, )
#ifdef CALIGN_X86
DEFINE_PATH(avx2, __attribute__((target("avx2"))))
DEFINE_PATH(avx512, __attribute__((target("avx2,avx512f,avx512vl,avx512bw,avx512dq"))))
#endif

#ifdef CALIGN_X86
#define DISPATCH(NAME, ...)                                                                    \
    switch (cimpvt_vector_path()) {                                                            \
    case 2: return NAME##_avx512(__VA_ARGS__);                                                 \
    case 1: return NAME##_avx2(__VA_ARGS__);                                                   \
    default: return NAME##_scalar(__VA_ARGS__);                                                \
    }
#else
#define DISPATCH(NAME, ...) return NAME##_scalar(__VA_ARGS__);
#endif

int cimpvt_align_scan(const float *v, size_t n, float *max_abs) { DISPATCH(scan, v, n, max_abs) }

int cimpvt_align_round_bf16_scan(const float *x, float *out, size_t n, float *max_abs) {
    DISPATCH(round_bf16_scan, x, out, n, max_abs)
}

void cimpvt_align_groups(float *m, size_t rows, size_t cols, int along_columns, size_t group, int integer,
                         int mantissa_bits, int per_group, float tensor_max, float *quanta) {
    DISPATCH(groups, m, rows, cols, along_columns, group, integer, mantissa_bits, per_group, tensor_max, quanta)
}

void cimpvt_align_count_nonzero(const float *a, size_t lda, size_t rows, size_t k, int32_t *counts) {
    DISPATCH(count_nonzero, a, lda, rows, k, counts)
}

void cimpvt_align_scale_rows(float *out, size_t ldo, const float *s, size_t lds, const float *q, size_t q_stride,
                             const float *w, size_t rows, size_t n, int accumulate) {
    DISPATCH(scale_rows, out, ldo, s, lds, q, q_stride, w, rows, n, accumulate)
}
