// ADC conversion kernels: see include/cadc.h. Compiled without fast-math: every result is the
// IEEE-754 float result of the operations written, so the vector and scalar paths agree bit for bit.
#include "cadc.h"
#include "cvectorpath.h"
#include <math.h>
#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CADC_X86 1
#endif

// No contraction of a·b + c into a fused multiply-add on any target: the scalar path must equal the
// vector path here, and every machine of a sharded sweep must compute the same floats.
#pragma STDC FP_CONTRACT OFF

// Round half to even for |x| < 2^22 by the 1.5·2^23 trick; ±∞ stay ±∞.
static inline float rounded(float x) { return (x + 12582912.0f) - 12582912.0f; }
// clip(x) = min(max(x, lo), hi) with the AVX2 semantics of maxps/minps (the second operand unless the
// first is strictly greater/less), so that both paths agree even on −0.
static inline float clipped(float x, float lo, float hi) {
    float y = x > lo ? x : lo;
    return y < hi ? y : hi;
}


// ---------------------------------------------------------------------------------------------
// Scalar paths (the reference; also the tails of the vector loops).

// The bits of input i of row b into the planes; returns them as a mask (bit t = bit t of the input).
static inline uint32_t bit_planes_one(float *planes, float x, size_t batch, size_t k, size_t b, size_t i,
                                      size_t input_bits) {
    int32_t pattern = (int32_t)x;
    uint32_t any = 0;
    for (size_t t = 0; t < input_bits; t++) {
        int32_t bit = (pattern >> t) & 1;
        planes[(t * batch + b) * k + i] = (float)bit;
        any |= (uint32_t)bit << t;
    }
    return any;
}

static uint32_t bit_planes_scalar(float *planes, const float *x, size_t x_stride, size_t batch, size_t k,
                                  size_t input_bits) {
    uint32_t any = 0;
    for (size_t b = 0; b < batch; b++)
        for (size_t i = 0; i < k; i++) any |= bit_planes_one(planes, x[b * x_stride + i], batch, k, b, i, input_bits);
    return any;
}

// One conversion of the first pass: sums its code round(u) and, if near, appends it.
// Bytes per row of a block's tail-event map: each row starts on a byte, so a strip's 8 columns (from
// a multiple of 8) are one byte.
static inline size_t tail_row_bytes(size_t width) { return (width + 7) >> 3; }

// The tail-event bit of conversion (row, column c): set when it has a tail event.
static inline int tail_bit(const uint8_t *tail_hit, size_t width, size_t row, size_t c) {
    return (tail_hit[row * tail_row_bytes(width) + (c >> 3)] >> (c & 7)) & 1;
}

// One conversion of the first pass: sums its code round(u) and, if near and without a tail event,
// appends it.
static inline size_t sum_one(float *dst, const float *src, const float *offsets, size_t c, float weight,
                             float min_code, float max_code, float low, float high, int hit, int32_t tag,
                             int32_t *near_tag, float *near_u, size_t m, size_t *clips) {
    float u = src[c] + offsets[c], code = rounded(u);
    dst[c] += weight * clipped(code, min_code, max_code);
    *clips += ((code < min_code) & (code != -INFINITY)) | (code > max_code);
    near_tag[m] = tag;
    near_u[m] = u;
    return m + ((rounded(u + low) != rounded(u + high)) & !hit);  // branch-free append
}

// Nibble i of a stream of 32-bit words, least significant nibble first.
static inline int32_t nibble(const uint32_t *words, size_t i) { return (int32_t)((words[i >> 3] >> (4 * (i & 7))) & 15); }

// The dense first pass's inputs and outputs (cimpvt_adc_sum_codes_dense): the near conversions' first
// nibbles, the 16-entry bin ends, and the stage lists its undecided conversions are appended to.
typedef struct {
    const uint32_t *nibbles;
    const float *lo16, *hi16;
    int32_t *stage_tag;
    float *stage_u;
    int32_t *stage_h;
    size_t *staged;
} dense_pass;

// One conversion of the dense first pass: a near one is decided by nibble m (its rank among the near
// conversions), its code summed directly; an undecided one sums round(u) and goes to the stage lists.
static inline size_t sum_one_dense(float *dst, const float *src, const float *offsets, size_t c, float weight,
                                   float min_code, float max_code, float low, float high, int hit, int32_t tag,
                                   const dense_pass *d, size_t m, size_t *clips) {
    float u = src[c] + offsets[c], code = rounded(u);
    *clips += ((code < min_code) & (code != -INFINITY)) | (code > max_code);
    if ((rounded(u + low) != rounded(u + high)) & !hit) {
        int32_t h = nibble(d->nibbles, m);
        float a = rounded(u + d->lo16[h]), z = rounded(u + d->hi16[h]);
        if (a == z) code = a;
        else {
            d->stage_tag[*d->staged] = tag;
            d->stage_u[*d->staged] = u;
            d->stage_h[*d->staged] = h;
            (*d->staged)++;
        }
        m++;
    }
    dst[c] += weight * clipped(code, min_code, max_code);
    return m;
}

// The first pass visits conversions in the order (input b, strip of 8 columns, input bit t, column):
// a strip's partial sums then stay in registers over the input bits. The scalar path keeps that
// order, so both paths list the near conversions identically.
// One strip, columns c0 ..< c1 of input b, input bit by input bit; returns the new list length m (with
// `d`, the dense first pass: the new near count).
static size_t sum_strip_scalar(float *acc, size_t acc_stride, const float *v, size_t v_stride, const float *offsets,
                               size_t batch, size_t input_bits, size_t width, const float *input_weight,
                               float min_code, float max_code, float low, float high, const uint8_t *tail_hit,
                               int32_t *near_tag, float *near_u, size_t b, size_t c0, size_t c1, size_t m,
                               size_t *clips, const dense_pass *d) {
    float *dst = acc + b * acc_stride;
    for (size_t t = 0; t < input_bits; t++) {
        size_t row = t * batch + b;
        for (size_t c = c0; c < c1; c++) {
            int hit = tail_bit(tail_hit, width, row, c);
            int32_t tag = cimpvt_adc_tag(b * acc_stride + c, t);
            m = d ? sum_one_dense(dst, v + row * v_stride, offsets, c, input_weight[t], min_code, max_code, low, high,
                                  hit, tag, d, m, clips)
                  : sum_one(dst, v + row * v_stride, offsets, c, input_weight[t], min_code, max_code, low, high, hit,
                            tag, near_tag, near_u, m, clips);
        }
    }
    return m;
}

static size_t sum_codes_scalar(float *acc, size_t acc_stride, const float *v, size_t v_stride, const float *offsets,
                               size_t batch, size_t input_bits, size_t width, const float *input_weight,
                               float min_code, float max_code, float low, float high, const uint8_t *tail_hit,
                               int32_t *near_tag, float *near_u, size_t *clips) {
    size_t m = 0;
    for (size_t b = 0; b < batch; b++)
        for (size_t c0 = 0; c0 < width; c0 += 8)
            m = sum_strip_scalar(acc, acc_stride, v, v_stride, offsets, batch, input_bits, width, input_weight,
                                 min_code, max_code, low, high, tail_hit, near_tag, near_u, b, c0,
                                 c0 + 8 < width ? c0 + 8 : width, m, clips, NULL);
    return m;
}

// Applies the correction of a decided near conversion with code `code`.
static inline void correct(float *acc, int32_t tag, float code, float u, const float *input_weight,
                           float min_code, float max_code) {
    float delta = clipped(code, min_code, max_code) - clipped(rounded(u), min_code, max_code);
    if (delta != 0) acc[tag >> 3] += input_weight[tag & 7] * delta;
}

// One near conversion, decided by the ends of its bin k of noise or appended to the pending lists.
static inline size_t resolve_one(float *acc, int32_t tag, float u, int32_t k, const float *lo, const float *hi,
                                 const float *input_weight, float min_code, float max_code,
                                 int32_t *pending_tag, float *pending_u, int32_t *pending_k, size_t m) {
    float a = rounded(u + lo[k]), z = rounded(u + hi[k]);
    if (__builtin_expect(a != z, 0)) {  // about 2 % of near conversions: a well-predicted branch
        pending_tag[m] = tag;
        pending_u[m] = u;
        pending_k[m] = k;
        return m + 1;
    }
    correct(acc, tag, a, u, input_weight, min_code, max_code);
    return m;
}


// Stage 1 from entry `start` on: bin h = nibble i of 16 (ends lo16[h], hi16[h]); undecided → (tag, u, h).
static size_t stage_one_scalar(float *acc, size_t start, size_t count, const int32_t *near_tag,
                               const float *near_u, const uint32_t *nibbles, const float *lo16, const float *hi16,
                               const float *input_weight, float min_code, float max_code,
                               int32_t *stage_tag, float *stage_u, int32_t *stage_h) {
    size_t m = 0;
    for (size_t i = start; i < count; i++)
        m = resolve_one(acc, near_tag[i], near_u[i], nibble(nibbles, i), lo16, hi16, input_weight, min_code,
                        max_code, stage_tag, stage_u, stage_h, m);
    return m;
}

// Stage 2 from entry `start` on: bin k = 16·h + nibble i of 256 (ends lo[k], hi[k]); undecided → (tag, u, k).
static size_t stage_two_scalar(float *acc, size_t start, size_t count, const int32_t *stage_tag,
                               const float *stage_u, const int32_t *stage_h, const uint32_t *nibbles,
                               const float *lo, const float *hi, const float *input_weight, float min_code,
                               float max_code, int32_t *pending_tag, float *pending_u, int32_t *pending_k) {
    size_t m = 0;
    for (size_t i = start; i < count; i++)
        m = resolve_one(acc, stage_tag[i], stage_u[i], 16 * stage_h[i] + nibble(nibbles, i), lo, hi, input_weight,
                        min_code, max_code, pending_tag, pending_u, pending_k, m);
    return m;
}

#ifdef CADC_X86
// ---------------------------------------------------------------------------------------------
// AVX2 paths.

// Lane permutations that move the lanes set in an 8-bit mask to the front, in order; lane j's
// source index is byte j.
static const uint64_t left_pack[256] = {
    0x0000000000000000u, 0x0000000000000000u, 0x0000000000000001u, 0x0000000000000100u,
    0x0000000000000002u, 0x0000000000000200u, 0x0000000000000201u, 0x0000000000020100u,
    0x0000000000000003u, 0x0000000000000300u, 0x0000000000000301u, 0x0000000000030100u,
    0x0000000000000302u, 0x0000000000030200u, 0x0000000000030201u, 0x0000000003020100u,
    0x0000000000000004u, 0x0000000000000400u, 0x0000000000000401u, 0x0000000000040100u,
    0x0000000000000402u, 0x0000000000040200u, 0x0000000000040201u, 0x0000000004020100u,
    0x0000000000000403u, 0x0000000000040300u, 0x0000000000040301u, 0x0000000004030100u,
    0x0000000000040302u, 0x0000000004030200u, 0x0000000004030201u, 0x0000000403020100u,
    0x0000000000000005u, 0x0000000000000500u, 0x0000000000000501u, 0x0000000000050100u,
    0x0000000000000502u, 0x0000000000050200u, 0x0000000000050201u, 0x0000000005020100u,
    0x0000000000000503u, 0x0000000000050300u, 0x0000000000050301u, 0x0000000005030100u,
    0x0000000000050302u, 0x0000000005030200u, 0x0000000005030201u, 0x0000000503020100u,
    0x0000000000000504u, 0x0000000000050400u, 0x0000000000050401u, 0x0000000005040100u,
    0x0000000000050402u, 0x0000000005040200u, 0x0000000005040201u, 0x0000000504020100u,
    0x0000000000050403u, 0x0000000005040300u, 0x0000000005040301u, 0x0000000504030100u,
    0x0000000005040302u, 0x0000000504030200u, 0x0000000504030201u, 0x0000050403020100u,
    0x0000000000000006u, 0x0000000000000600u, 0x0000000000000601u, 0x0000000000060100u,
    0x0000000000000602u, 0x0000000000060200u, 0x0000000000060201u, 0x0000000006020100u,
    0x0000000000000603u, 0x0000000000060300u, 0x0000000000060301u, 0x0000000006030100u,
    0x0000000000060302u, 0x0000000006030200u, 0x0000000006030201u, 0x0000000603020100u,
    0x0000000000000604u, 0x0000000000060400u, 0x0000000000060401u, 0x0000000006040100u,
    0x0000000000060402u, 0x0000000006040200u, 0x0000000006040201u, 0x0000000604020100u,
    0x0000000000060403u, 0x0000000006040300u, 0x0000000006040301u, 0x0000000604030100u,
    0x0000000006040302u, 0x0000000604030200u, 0x0000000604030201u, 0x0000060403020100u,
    0x0000000000000605u, 0x0000000000060500u, 0x0000000000060501u, 0x0000000006050100u,
    0x0000000000060502u, 0x0000000006050200u, 0x0000000006050201u, 0x0000000605020100u,
    0x0000000000060503u, 0x0000000006050300u, 0x0000000006050301u, 0x0000000605030100u,
    0x0000000006050302u, 0x0000000605030200u, 0x0000000605030201u, 0x0000060503020100u,
    0x0000000000060504u, 0x0000000006050400u, 0x0000000006050401u, 0x0000000605040100u,
    0x0000000006050402u, 0x0000000605040200u, 0x0000000605040201u, 0x0000060504020100u,
    0x0000000006050403u, 0x0000000605040300u, 0x0000000605040301u, 0x0000060504030100u,
    0x0000000605040302u, 0x0000060504030200u, 0x0000060504030201u, 0x0006050403020100u,
    0x0000000000000007u, 0x0000000000000700u, 0x0000000000000701u, 0x0000000000070100u,
    0x0000000000000702u, 0x0000000000070200u, 0x0000000000070201u, 0x0000000007020100u,
    0x0000000000000703u, 0x0000000000070300u, 0x0000000000070301u, 0x0000000007030100u,
    0x0000000000070302u, 0x0000000007030200u, 0x0000000007030201u, 0x0000000703020100u,
    0x0000000000000704u, 0x0000000000070400u, 0x0000000000070401u, 0x0000000007040100u,
    0x0000000000070402u, 0x0000000007040200u, 0x0000000007040201u, 0x0000000704020100u,
    0x0000000000070403u, 0x0000000007040300u, 0x0000000007040301u, 0x0000000704030100u,
    0x0000000007040302u, 0x0000000704030200u, 0x0000000704030201u, 0x0000070403020100u,
    0x0000000000000705u, 0x0000000000070500u, 0x0000000000070501u, 0x0000000007050100u,
    0x0000000000070502u, 0x0000000007050200u, 0x0000000007050201u, 0x0000000705020100u,
    0x0000000000070503u, 0x0000000007050300u, 0x0000000007050301u, 0x0000000705030100u,
    0x0000000007050302u, 0x0000000705030200u, 0x0000000705030201u, 0x0000070503020100u,
    0x0000000000070504u, 0x0000000007050400u, 0x0000000007050401u, 0x0000000705040100u,
    0x0000000007050402u, 0x0000000705040200u, 0x0000000705040201u, 0x0000070504020100u,
    0x0000000007050403u, 0x0000000705040300u, 0x0000000705040301u, 0x0000070504030100u,
    0x0000000705040302u, 0x0000070504030200u, 0x0000070504030201u, 0x0007050403020100u,
    0x0000000000000706u, 0x0000000000070600u, 0x0000000000070601u, 0x0000000007060100u,
    0x0000000000070602u, 0x0000000007060200u, 0x0000000007060201u, 0x0000000706020100u,
    0x0000000000070603u, 0x0000000007060300u, 0x0000000007060301u, 0x0000000706030100u,
    0x0000000007060302u, 0x0000000706030200u, 0x0000000706030201u, 0x0000070603020100u,
    0x0000000000070604u, 0x0000000007060400u, 0x0000000007060401u, 0x0000000706040100u,
    0x0000000007060402u, 0x0000000706040200u, 0x0000000706040201u, 0x0000070604020100u,
    0x0000000007060403u, 0x0000000706040300u, 0x0000000706040301u, 0x0000070604030100u,
    0x0000000706040302u, 0x0000070604030200u, 0x0000070604030201u, 0x0007060403020100u,
    0x0000000000070605u, 0x0000000007060500u, 0x0000000007060501u, 0x0000000706050100u,
    0x0000000007060502u, 0x0000000706050200u, 0x0000000706050201u, 0x0000070605020100u,
    0x0000000007060503u, 0x0000000706050300u, 0x0000000706050301u, 0x0000070605030100u,
    0x0000000706050302u, 0x0000070605030200u, 0x0000070605030201u, 0x0007060503020100u,
    0x0000000007060504u, 0x0000000706050400u, 0x0000000706050401u, 0x0000070605040100u,
    0x0000000706050402u, 0x0000070605040200u, 0x0000070605040201u, 0x0007060504020100u,
    0x0000000706050403u, 0x0000070605040300u, 0x0000070605040301u, 0x0007060504030100u,
    0x0000070605040302u, 0x0007060504030200u, 0x0007060504030201u, 0x0706050403020100u,
};

__attribute__((target("avx2")))
static inline __m256i left_pack_permutation(int mask) {
    return _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)&left_pack[mask]));
}

__attribute__((target("avx2")))
static uint32_t bit_planes_avx2(float *planes, const float *x, size_t x_stride, size_t batch, size_t k,
                                size_t input_bits) {
    const __m256i one = _mm256_set1_epi32(1);
    __m256i any = _mm256_setzero_si256();
    uint32_t any_tail = 0;
    for (size_t b = 0; b < batch; b++) {
        const float *src = x + b * x_stride;
        size_t i = 0;
        for (; i + 8 <= k; i += 8) {
            __m256i pattern = _mm256_cvttps_epi32(_mm256_loadu_ps(src + i));
            for (size_t t = 0; t < input_bits; t++) {
                __m256i bit = _mm256_and_si256(_mm256_srli_epi32(pattern, (int)t), one);
                _mm256_storeu_ps(planes + (t * batch + b) * k + i, _mm256_cvtepi32_ps(bit));
                any = _mm256_or_si256(any, _mm256_slli_epi32(bit, (int)t));
            }
        }
        for (; i < k; i++) any_tail |= bit_planes_one(planes, src[i], batch, k, b, i, input_bits);
    }
    uint32_t lanes[8];
    _mm256_storeu_si256((__m256i *)lanes, any);
    return any_tail | lanes[0] | lanes[1] | lanes[2] | lanes[3] | lanes[4] | lanes[5] | lanes[6] | lanes[7];
}

// Codes of eight values as 32-bit integers: round half to even by the conversion (the rounding mode
// MXCSR holds, round-to-nearest-even, which nothing in the process changes), equal to rounded() for
// |x| < 2^22. Clip and shift-add follow in integers, exact like the float operations of the scalar
// path, on the integer units (leaving the floating-point adders to the additions of noise ends).
__attribute__((target("avx2")))
static inline __m256i code8(__m256 x) { return _mm256_cvtps_epi32(x); }

__attribute__((target("avx2")))
static inline __m256i clipped8(__m256i x, __m256i bottom, __m256i top) {
    return _mm256_min_epi32(_mm256_max_epi32(x, bottom), top);
}

// A code bound (an integer, or ±∞ for none) as a 32-bit integer.
static inline int32_t code_bound(float x) {
    return x <= -2147483648.0f ? INT32_MIN : x >= 2147483647.0f ? INT32_MAX : (int32_t)x;
}

// The near lanes of eight conversions u (round(u + low) ≠ round(u + high)), less those with a tail
// event (`hits`: their byte of the tail-event map).
__attribute__((target("avx2")))
static inline int near_mask(__m256 u, __m256 low, __m256 high, uint8_t hits) {
    __m256i same = _mm256_cmpeq_epi32(code8(_mm256_add_ps(u, low)), code8(_mm256_add_ps(u, high)));
    return ~(_mm256_movemask_ps(_mm256_castsi256_ps(same)) | (int)hits) & 0xFF;
}

__attribute__((target("avx2")))
static size_t sum_codes_avx2(float *acc, size_t acc_stride, const float *v, size_t v_stride, const float *offsets,
                             size_t batch, size_t input_bits, size_t width, const float *input_weight,
                             float min_code, float max_code, float low, float high, const uint8_t *tail_hit,
                             int32_t *near_tag, float *near_u, size_t *clips) {
    const __m256i skipped = _mm256_set1_epi32(INT32_MIN);  // the code of −∞: a skipped conversion
    const __m256 vlow = _mm256_set1_ps(low), vhigh = _mm256_set1_ps(high);
    const __m256i bottom = _mm256_set1_epi32(code_bound(min_code)), top = _mm256_set1_epi32(code_bound(max_code));
    const __m256i lane = _mm256_setr_epi32(0, 8, 16, 24, 32, 40, 48, 56);  // tag steps of one column
    const size_t plane = batch * v_stride, row_bytes = tail_row_bytes(width);
    size_t m = 0;
    for (size_t b = 0; b < batch; b++) {
        float *dst = acc + b * acc_stride;
        size_t c = 0;
        for (; c + 8 <= width; c += 8) {
            const float *src = v + b * v_stride + c;
            __m256 offset = _mm256_loadu_ps(offsets + c);
            __m256i sum = _mm256_setzero_si256();  // Σ_t w_t·code in integers (weights ±2^t)
            __m256i tag = _mm256_add_epi32(_mm256_set1_epi32(cimpvt_adc_tag(b * acc_stride + c, 0)), lane);
            for (size_t t = 0; t < input_bits; t++) {
                __m256 u = _mm256_add_ps(_mm256_loadu_ps(src + t * plane), offset);
                __m256i raw = code8(u), code = clipped8(raw, bottom, top);
                __m256i outside = _mm256_andnot_si256(_mm256_cmpeq_epi32(raw, skipped),
                                                      _mm256_xor_si256(_mm256_cmpeq_epi32(raw, code), _mm256_set1_epi32(-1)));
                *clips += (size_t)__builtin_popcount((unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(outside)));
                sum = _mm256_add_epi32(sum, _mm256_mullo_epi32(_mm256_set1_epi32((int32_t)input_weight[t]), code));
                int mask = near_mask(u, vlow, vhigh, tail_hit[(t * batch + b) * row_bytes + (c >> 3)]);
                __m256i perm = left_pack_permutation(mask);
                __m256i tag_t = _mm256_or_si256(tag, _mm256_set1_epi32((int)t));
                _mm256_storeu_si256((__m256i *)(near_tag + m), _mm256_permutevar8x32_epi32(tag_t, perm));
                _mm256_storeu_ps(near_u + m, _mm256_permutevar8x32_ps(u, perm));
                m += (size_t)__builtin_popcount((unsigned)mask);
            }
            _mm256_storeu_ps(dst + c, _mm256_add_ps(_mm256_loadu_ps(dst + c), _mm256_cvtepi32_ps(sum)));
        }
        if (c < width)  // the last, partial strip, in the scalar path's order
            m = sum_strip_scalar(acc, acc_stride, v, v_stride, offsets, batch, input_bits, width, input_weight,
                                 min_code, max_code, low, high, tail_hit, near_tag, near_u, b, c, width, m, clips, NULL);
    }
    return m;
}

// Eight near conversions decided (not yet packed): their tags, u, bins, corrections and masks.
typedef struct {
    __m256i tag, k;
    __m256 u, delta;
    int undecided, changed;
} eight_decided;

// Decides eight near conversions with the ends lo, hi of a bin k of their noise: undecided where the
// ends give different codes, changed where they agree on a code other than round(u) (correction delta).
__attribute__((target("avx2")))
static inline eight_decided decide(__m256i tag, __m256 u, __m256i k, __m256 lo, __m256 hi, __m256i bottom,
                                   __m256i top) {
    eight_decided d;
    __m256i a = code8(_mm256_add_ps(u, lo)), z = code8(_mm256_add_ps(u, hi));
    __m256i delta = _mm256_sub_epi32(clipped8(a, bottom, top), clipped8(code8(u), bottom, top));
    d.tag = tag;
    d.u = u;
    d.k = k;
    d.delta = _mm256_cvtepi32_ps(delta);
    d.undecided = ~_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(a, z))) & 0xFF;
    d.changed = ~(_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(delta, _mm256_setzero_si256()))) |
                  d.undecided) & 0xFF;
    return d;
}

// Packs eight decided conversions: (tag, u, k) of the undecided to the undecided lists, (tag,
// correction) of the changed to the moved lists.
__attribute__((target("avx2")))
static inline void pack_eight(const eight_decided *d, int32_t *undecided_tag, float *undecided_u,
                              int32_t *undecided_k, size_t *m, int32_t *moved_tag, float *moved_delta, size_t *moved) {
    __m256i pu = left_pack_permutation(d->undecided);
    _mm256_storeu_si256((__m256i *)(undecided_tag + *m), _mm256_permutevar8x32_epi32(d->tag, pu));
    _mm256_storeu_ps(undecided_u + *m, _mm256_permutevar8x32_ps(d->u, pu));
    _mm256_storeu_si256((__m256i *)(undecided_k + *m), _mm256_permutevar8x32_epi32(d->k, pu));
    *m += (size_t)__builtin_popcount((unsigned)d->undecided);
    __m256i pm = left_pack_permutation(d->changed);
    _mm256_storeu_si256((__m256i *)(moved_tag + *moved), _mm256_permutevar8x32_epi32(d->tag, pm));
    _mm256_storeu_ps(moved_delta + *moved, _mm256_permutevar8x32_ps(d->delta, pm));
    *moved += (size_t)__builtin_popcount((unsigned)d->changed);
}

// Stage 1's decision for near entries i ..< i + 8: bin h = their nibble, ends from the two 16-entry
// tables held in registers.
__attribute__((target("avx2")))
static inline eight_decided decide_stage_one(const int32_t *near_tag, const float *near_u, const uint32_t *nibbles,
                                             size_t i, __m256 lo_a, __m256 lo_b, __m256 hi_a, __m256 hi_b,
                                             __m256i bottom, __m256i top) {
    const __m256i shifts = _mm256_setr_epi32(0, 4, 8, 12, 16, 20, 24, 28), fifteen = _mm256_set1_epi32(15);
    __m256i h = _mm256_and_si256(_mm256_srlv_epi32(_mm256_set1_epi32((int)nibbles[i >> 3]), shifts), fifteen);
    __m256 upper = _mm256_castsi256_ps(_mm256_slli_epi32(h, 28));  // sign bit = bit 3 of h
    __m256 l = _mm256_blendv_ps(_mm256_permutevar8x32_ps(lo_a, h), _mm256_permutevar8x32_ps(lo_b, h), upper);
    __m256 r = _mm256_blendv_ps(_mm256_permutevar8x32_ps(hi_a, h), _mm256_permutevar8x32_ps(hi_b, h), upper);
    return decide(_mm256_loadu_si256((const __m256i *)(near_tag + i)), _mm256_loadu_ps(near_u + i), h, l, r, bottom, top);
}

// Stage 1: eight near conversions at a time, bin h = their nibble, ends from two 16-entry tables held
// in registers (no memory access). Corrections are packed in place over consumed near entries and
// applied after the loop; undecided conversions go to the stage lists in near order, so the lists come
// out as the scalar path's.
__attribute__((target("avx2")))
static size_t stage_one_avx2(float *acc, size_t count, int32_t *near_tag, float *near_u, const uint32_t *nibbles,
                             const float *lo16, const float *hi16, const float *input_weight, float min_code,
                             float max_code, int32_t *stage_tag, float *stage_u, int32_t *stage_h) {
    const __m256i bottom = _mm256_set1_epi32(code_bound(min_code)), top = _mm256_set1_epi32(code_bound(max_code));
    const __m256 lo_a = _mm256_loadu_ps(lo16), lo_b = _mm256_loadu_ps(lo16 + 8);
    const __m256 hi_a = _mm256_loadu_ps(hi16), hi_b = _mm256_loadu_ps(hi16 + 8);
    size_t staged = 0, moved = 0, i = 0;
    // Software-pipelined: the decision of group i + 1 is made before group i is packed, so the long
    // chain nibble → bin ends → codes → masks → packing of one group overlaps the next group's.
    eight_decided d;
    if (count >= 8) d = decide_stage_one(near_tag, near_u, nibbles, 0, lo_a, lo_b, hi_a, hi_b, bottom, top);
    for (; i + 8 <= count; i += 8) {
        eight_decided current = d;
        if (i + 16 <= count) d = decide_stage_one(near_tag, near_u, nibbles, i + 8, lo_a, lo_b, hi_a, hi_b, bottom, top);
        pack_eight(&current, stage_tag, stage_u, stage_h, &staged, near_tag, near_u, &moved);
    }
    for (size_t j = 0; j < moved; j++) acc[near_tag[j] >> 3] += input_weight[near_tag[j] & 7] * near_u[j];
    return staged + stage_one_scalar(acc, i, count, near_tag, near_u, nibbles, lo16, hi16, input_weight, min_code,
                                     max_code, stage_tag + staged, stage_u + staged, stage_h + staged);
}

// Stage 2: eight staged conversions at a time, bin k = 16·h + their nibble, ends gathered from the
// 256-entry tables; corrections packed in place over consumed stage entries.
__attribute__((target("avx2")))
static size_t stage_two_avx2(float *acc, size_t count, int32_t *stage_tag, float *stage_u, const int32_t *stage_h,
                             const uint32_t *nibbles, const float *lo, const float *hi, const float *input_weight,
                             float min_code, float max_code, int32_t *pending_tag, float *pending_u,
                             int32_t *pending_k) {
    const __m256i bottom = _mm256_set1_epi32(code_bound(min_code)), top = _mm256_set1_epi32(code_bound(max_code));
    const __m256i shifts = _mm256_setr_epi32(0, 4, 8, 12, 16, 20, 24, 28), fifteen = _mm256_set1_epi32(15);
    size_t m = 0, moved = 0, i = 0;
    for (; i + 8 <= count; i += 8) {
        __m256i l = _mm256_and_si256(_mm256_srlv_epi32(_mm256_set1_epi32((int)nibbles[i >> 3]), shifts), fifteen);
        __m256i k = _mm256_add_epi32(_mm256_slli_epi32(_mm256_loadu_si256((const __m256i *)(stage_h + i)), 4), l);
        eight_decided d = decide(_mm256_loadu_si256((const __m256i *)(stage_tag + i)), _mm256_loadu_ps(stage_u + i), k,
                                 _mm256_i32gather_ps(lo, k, 4), _mm256_i32gather_ps(hi, k, 4), bottom, top);
        pack_eight(&d, pending_tag, pending_u, pending_k, &m, stage_tag, stage_u, &moved);
    }
    for (size_t j = 0; j < moved; j++) acc[stage_tag[j] >> 3] += input_weight[stage_tag[j] & 7] * stage_u[j];
    return m + stage_two_scalar(acc, i, count, stage_tag, stage_u, stage_h, nibbles, lo, hi, input_weight, min_code,
                                max_code, pending_tag + m, pending_u + m, pending_k + m);
}

// ---------------------------------------------------------------------------------------------
// AVX-512 paths (F, VL, BW, DQ): sixteen lanes, lane masks in mask registers and packing by compress.
// They perform the operations of the AVX2 paths on the same values, in the same list order.

#define CADC_AVX512 __attribute__((target("avx2,avx512f,avx512vl,avx512bw,avx512dq")))

// Codes as 32-bit integers: round half to even by the conversion's own rounding (the embedded
// rounding mode, whatever MXCSR holds), equal to rounded() for |x| < 2^22 — and the clip and the
// shift-add in integers, exact like the float operations of the other paths, but on the integer
// units, which leaves the floating-point adders to the additions of noise ends.
CADC_AVX512
static inline __m512i code16(__m512 x) {
    return _mm512_cvt_roundps_epi32(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
}

CADC_AVX512
static inline __m512i clipped16(__m512i x, __m512i bottom, __m512i top) {
    return _mm512_min_epi32(_mm512_max_epi32(x, bottom), top);
}


// One pair of input bits (t, t + 1) of a strip, or the odd last bit t alone (pair = 0: the high
// half holds nothing, its lanes masked off): codes summed into `sum`, near lanes appended.
CADC_AVX512
static inline size_t sum_pair(const float *src, size_t plane, __m512 offset, __m512i weight, __m512 vlow, __m512 vhigh,
                              __m512i bottom, __m512i top, unsigned open, __m512i tag_t, int pair, __m512i *sum,
                              int32_t *near_tag, float *near_u, size_t m, size_t *clips) {
    __m256 high_half = pair ? _mm256_loadu_ps(src + plane) : _mm256_setzero_ps();
    __m512 u = _mm512_add_ps(_mm512_insertf32x8(_mm512_castps256_ps512(_mm256_loadu_ps(src)), high_half, 1), offset);
    __m512i raw = code16(u), code = clipped16(raw, bottom, top);
    *sum = _mm512_add_epi32(*sum, _mm512_mullo_epi32(weight, code));
    // clipped: the code left the range; not −∞ (a skipped conversion, code INT32_MIN); the lanes in use
    __mmask16 outside = _mm512_mask_cmpneq_epi32_mask(pair ? 0xFFFF : 0x00FF, raw, code) &
                        _mm512_cmpneq_epi32_mask(raw, _mm512_set1_epi32(INT32_MIN));
    *clips += (size_t)__builtin_popcount((unsigned)outside);
    __mmask16 near = _mm512_mask_cmpneq_epi32_mask((__mmask16)open, code16(_mm512_add_ps(u, vlow)),
                                                   code16(_mm512_add_ps(u, vhigh)));
    _mm512_storeu_si512(near_tag + m, _mm512_maskz_compress_epi32(near, tag_t));
    _mm512_storeu_ps(near_u + m, _mm512_maskz_compress_ps(near, u));
    return m + (size_t)__builtin_popcount((unsigned)near);
}


// Appends the lanes set in `mask` of (tag, u[, h]) at list position m; returns the new length. Few
// lanes are set as a rule (an eighth of them or fewer): eight-lane stores then suffice, and the
// sixteen-lane ones are a rarely taken branch.
CADC_AVX512
static inline size_t append16(int32_t *tags, float *us, int32_t *hs, size_t m, __mmask16 mask, __m512i tag, __m512 u,
                              __m512i h) {
    __m512i t = _mm512_maskz_compress_epi32(mask, tag);
    __m512 v = _mm512_maskz_compress_ps(mask, u);
    if (__builtin_expect(__builtin_popcount((unsigned)mask) > 8, 0)) {
        _mm512_storeu_si512(tags + m, t);
        _mm512_storeu_ps(us + m, v);
        if (hs) _mm512_storeu_si512(hs + m, _mm512_maskz_compress_epi32(mask, h));
    } else {
        _mm256_storeu_si256((__m256i *)(tags + m), _mm512_castsi512_si256(t));
        _mm256_storeu_ps(us + m, _mm512_castps512_ps256(v));
        if (hs) _mm256_storeu_si256((__m256i *)(hs + m), _mm512_castsi512_si256(_mm512_maskz_compress_epi32(mask, h)));
    }
    return m + (size_t)__builtin_popcount((unsigned)mask);
}

// ---------------------------------------------------------------------------------------------
// Dense first pass (AVX-512): the first pass and stage 1 in one, for blocks where every conversion is
// near. It makes the decisions cimpvt_adc_sum_codes followed by cimpvt_adc_resolve_stage_one make, with
// the same nibbles: near conversion i (in the first pass's order) takes nibble i. Its codes go straight
// into the sums (a decided conversion adds its code, the others round(u) as before), and the undecided
// ones are appended to the stage lists as stage 1 appends them. It runs in sum_codes_avx512 (given a
// dense_pass), the partial strips in sum_strip_scalar's dense branch.

// One pair of input bits of a strip, dense (see sum_pair): near lanes get their nibbles by rank — the
// ranks m, m + 1, … expanded into the near lanes — and are decided in registers.
CADC_AVX512
static inline size_t sum_pair_dense(const float *src, size_t plane, __m512 offset, __m512i weight, __m512 vlow,
                                    __m512 vhigh, __m512i bottom, __m512i top, unsigned open, __m512i tag_t, int pair,
                                    __m512i *sum, const dense_pass *d, __m512 lo, __m512 hi, size_t m, size_t *clips) {
    const __m512i iota = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    __m256 high_half = pair ? _mm256_loadu_ps(src + plane) : _mm256_setzero_ps();
    __m512 u = _mm512_add_ps(_mm512_insertf32x8(_mm512_castps256_ps512(_mm256_loadu_ps(src)), high_half, 1), offset);
    __m512i raw = code16(u);
    __mmask16 outside = _mm512_mask_cmpneq_epi32_mask(pair ? 0xFFFF : 0x00FF, raw, clipped16(raw, bottom, top)) &
                        _mm512_cmpneq_epi32_mask(raw, _mm512_set1_epi32(INT32_MIN));
    *clips += (size_t)__builtin_popcount((unsigned)outside);
    __mmask16 near = _mm512_mask_cmpneq_epi32_mask((__mmask16)open, code16(_mm512_add_ps(u, vlow)),
                                                   code16(_mm512_add_ps(u, vhigh)));
    // rank of each near lane in the near list, its word (of the ≤ 3 the ranks span) and nibble
    __m512i rank = _mm512_maskz_expand_epi32(near, _mm512_add_epi32(iota, _mm512_set1_epi32((int32_t)m)));
    size_t first_word = m >> 3;
    __m512i words = _mm512_castsi128_si512(_mm_loadu_si128((const __m128i *)(d->nibbles + first_word)));
    __m512i word_index = _mm512_sub_epi32(_mm512_srli_epi32(rank, 3), _mm512_set1_epi32((int32_t)first_word));
    __m512i word = _mm512_maskz_permutexvar_epi32(near, word_index, words);
    __m512i h = _mm512_and_si512(_mm512_srlv_epi32(word, _mm512_slli_epi32(_mm512_and_si512(rank, _mm512_set1_epi32(7)), 2)),
                                 _mm512_set1_epi32(15));
    __m512i a = code16(_mm512_add_ps(u, _mm512_permutexvar_ps(h, lo)));
    __m512i z = code16(_mm512_add_ps(u, _mm512_permutexvar_ps(h, hi)));
    __mmask16 decided = _mm512_mask_cmpeq_epi32_mask(near, a, z);
    __mmask16 undecided = near & (__mmask16)~decided;
    __m512i code = clipped16(_mm512_mask_mov_epi32(raw, decided, a), bottom, top);
    *sum = _mm512_add_epi32(*sum, _mm512_mullo_epi32(weight, code));
    if (undecided) *d->staged = append16(d->stage_tag, d->stage_u, d->stage_h, *d->staged, undecided, tag_t, u, h);
    return m + (size_t)__builtin_popcount((unsigned)near);
}

// The first pass (with `d`, the dense first pass), two input bits at a time: lanes 0–7 hold a strip's columns at input bit t, lanes
// 8–15 the same columns at bit t + 1, so compressing the near lanes lists them in the scalar path's
// order. The strip's sums gather the even bits in the low half and the odd bits in the high half, in
// integers (input weights are ±2^t): the halves and the partial sums add exactly.
CADC_AVX512
static size_t sum_codes_avx512(float *acc, size_t acc_stride, const float *v, size_t v_stride, const float *offsets,
                               size_t batch, size_t input_bits, size_t width, const float *input_weight,
                               float min_code, float max_code, float low, float high, const uint8_t *tail_hit,
                               int32_t *near_tag, float *near_u, size_t *clips, const dense_pass *d) {
    const __m512 vlow = _mm512_set1_ps(low), vhigh = _mm512_set1_ps(high);
    const __m512 lo = d ? _mm512_loadu_ps(d->lo16) : _mm512_setzero_ps(), hi = d ? _mm512_loadu_ps(d->hi16) : lo;
    const __m512i bottom = _mm512_set1_epi32(code_bound(min_code)), top = _mm512_set1_epi32(code_bound(max_code));
    // tag steps: column j of the strip, input bit +1 in the high half
    const __m512i lane = _mm512_setr_epi32(0, 8, 16, 24, 32, 40, 48, 56, 1, 9, 17, 25, 33, 41, 49, 57);
    const __m512i two = _mm512_set1_epi32(2);
    const size_t plane = batch * v_stride, row_bytes = tail_row_bytes(width), pairs = input_bits / 2;
    const size_t hit_pair = 2 * batch * row_bytes, hit_next = batch * row_bytes;  // map steps: t + 2, t + 1
    __m512i weight[4];  // input bits (t, t + 1) of each pair; an odd last bit alone in the low half
    for (size_t t = 0; t < input_bits; t += 2)
        weight[t / 2] = _mm512_inserti32x8(_mm512_set1_epi32((int32_t)input_weight[t]),
                                           _mm256_set1_epi32(t + 1 < input_bits ? (int32_t)input_weight[t + 1] : 0), 1);
    size_t m = 0;
    for (size_t b = 0; b < batch; b++) {
        float *dst = acc + b * acc_stride;
        size_t c = 0;
        for (; c + 8 <= width; c += 8) {
            const float *src = v + b * v_stride + c;
            const uint8_t *hits = tail_hit + b * row_bytes + (c >> 3);
            __m512 offset = _mm512_broadcast_f32x8(_mm256_loadu_ps(offsets + c));
            __m512i sum = _mm512_setzero_si512();
            __m512i tag = _mm512_add_epi32(_mm512_set1_epi32(cimpvt_adc_tag(b * acc_stride + c, 0)), lane);
            for (size_t q = 0; q < pairs; q++) {
                unsigned open = ~((unsigned)hits[0] | (unsigned)hits[hit_next] << 8);
                m = d ? sum_pair_dense(src, plane, offset, weight[q], vlow, vhigh, bottom, top, open, tag, 1, &sum, d, lo, hi,
                                       m, clips)
                      : sum_pair(src, plane, offset, weight[q], vlow, vhigh, bottom, top, open, tag, 1, &sum, near_tag,
                                 near_u, m, clips);
                src += 2 * plane;
                hits += hit_pair;
                tag = _mm512_add_epi32(tag, two);
            }
            if (input_bits & 1) {
                unsigned open = ~((unsigned)hits[0] | 0xFF00u);
                m = d ? sum_pair_dense(src, plane, offset, weight[pairs], vlow, vhigh, bottom, top, open, tag, 0, &sum, d,
                                       lo, hi, m, clips)
                      : sum_pair(src, plane, offset, weight[pairs], vlow, vhigh, bottom, top, open, tag, 0, &sum, near_tag,
                                 near_u, m, clips);
            }
            __m256i halves = _mm256_add_epi32(_mm512_castsi512_si256(sum), _mm512_extracti32x8_epi32(sum, 1));
            _mm256_storeu_ps(dst + c, _mm256_add_ps(_mm256_loadu_ps(dst + c), _mm256_cvtepi32_ps(halves)));
        }
        if (c < width)  // the last, partial strip, in the scalar path's order
            m = sum_strip_scalar(acc, acc_stride, v, v_stride, offsets, batch, input_bits, width, input_weight,
                                 min_code, max_code, low, high, tail_hit, near_tag, near_u, b, c, width, m, clips, d);
    }
    return m;
}

// Stage 1's decision for near entries i ..< i + 16: appends the undecided to the stage lists at
// *staged and the corrections input_weight[t]·(clip(code) − clip(round(u))) in place over consumed
// near entries at *moved.
CADC_AVX512
static inline void decide16(int32_t *near_tag, float *near_u, const uint32_t *nibbles, size_t i, __m512 lo, __m512 hi,
                            __m512 weights, __m512i bottom, __m512i top, int32_t *stage_tag, float *stage_u,
                            int32_t *stage_h, size_t *staged, size_t *moved) {
    const __m512i word_of_lane = _mm512_setr_epi32(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1);
    const __m512i shifts = _mm512_setr_epi32(0, 4, 8, 12, 16, 20, 24, 28, 0, 4, 8, 12, 16, 20, 24, 28);
    const __m512i fifteen = _mm512_set1_epi32(15), seven = _mm512_set1_epi32(7);
    __m512i two_words = _mm512_castsi128_si512(_mm_loadl_epi64((const __m128i *)(nibbles + (i >> 3))));
    __m512i h = _mm512_and_si512(_mm512_srlv_epi32(_mm512_permutexvar_epi32(word_of_lane, two_words), shifts), fifteen);
    __m512i tag = _mm512_loadu_si512(near_tag + i);
    __m512 u = _mm512_loadu_ps(near_u + i);
    __m512i a = code16(_mm512_add_ps(u, _mm512_permutexvar_ps(h, lo)));
    __m512i z = code16(_mm512_add_ps(u, _mm512_permutexvar_ps(h, hi)));
    __m512i delta = _mm512_sub_epi32(clipped16(a, bottom, top), clipped16(code16(u), bottom, top));
    __mmask16 undecided = _mm512_cmpneq_epi32_mask(a, z);
    __mmask16 changed = _mm512_mask_cmpneq_epi32_mask((__mmask16)~undecided, delta, _mm512_setzero_si512());
    *staged = append16(stage_tag, stage_u, stage_h, *staged, undecided, tag, u, h);
    // corrections as input_weight[t]·delta, t = tag mod 8 (exact: integers)
    __m512 correction = _mm512_mul_ps(_mm512_permutexvar_ps(_mm512_and_si512(tag, seven), weights),
                                      _mm512_cvtepi32_ps(delta));
    *moved = append16(near_tag, near_u, NULL, *moved, changed, tag, correction, tag);
}

// Stage 1, sixteen near conversions at a time: their nibbles (two words) spread to the lanes, bin ends
// from the 16-entry tables held in one register each, codes in integers; undecided ones appended to the
// stage lists, corrections in place over consumed near entries and applied after the loop.
CADC_AVX512
static size_t stage_one_avx512(float *acc, size_t count, int32_t *near_tag, float *near_u, const uint32_t *nibbles,
                               const float *lo16, const float *hi16, const float *input_weight, size_t input_bits,
                               float min_code, float max_code, int32_t *stage_tag, float *stage_u, int32_t *stage_h) {
    const __m512i bottom = _mm512_set1_epi32(code_bound(min_code)), top = _mm512_set1_epi32(code_bound(max_code));
    const __m512 lo = _mm512_loadu_ps(lo16), hi = _mm512_loadu_ps(hi16);
    const __m512 weights = _mm512_maskz_loadu_ps((__mmask16)((1u << input_bits) - 1), input_weight);
    size_t staged = 0, moved = 0, i = 0;
    for (; i + 16 <= count; i += 16)
        decide16(near_tag, near_u, nibbles, i, lo, hi, weights, bottom, top, stage_tag, stage_u, stage_h, &staged, &moved);
    for (size_t j = 0; j < moved; j++) acc[near_tag[j] >> 3] += near_u[j];
    return staged + stage_one_scalar(acc, i, count, near_tag, near_u, nibbles, lo16, hi16, input_weight, min_code,
                                     max_code, stage_tag + staged, stage_u + staged, stage_h + staged);
}

#endif

static int vector_level(void) { return cimpvt_vector_path(); }

void cimpvt_adc_cap_path(int level) { cimpvt_cap_vector_path(level); }

// ---------------------------------------------------------------------------------------------
// Entry points.

int cimpvt_adc_vector_path(void) { return vector_level(); }

// The body of cimpvt_adc_plane_rows, compiled per vector path (the compiler vectorises the inner loop
// to the path's width; the order of additions per element is the same on every path).
#define PLANE_ROWS_BODY                                                                        \
    for (size_t p = 0; p < rows; p++) {                                                        \
        float *dst = v + p * ldv;                                                              \
        for (size_t c = 0; c < width; c++) dst[c] = 0;                                         \
        const float *plane = planes + p * k;                                                   \
        for (size_t r = 0; r < k; r++) {                                                       \
            if (plane[r] == 0) continue;                                                       \
            const float *src = gain + r * ldg;                                                 \
            for (size_t c = 0; c < width; c++) dst[c] += src[c];                               \
        }                                                                                      \
    }

static void plane_rows_scalar(float *v, size_t ldv, const float *planes, size_t rows, size_t k, const float *gain,
                              size_t ldg, size_t width) { PLANE_ROWS_BODY }
#ifdef CADC_X86
__attribute__((target("avx2")))
static void plane_rows_avx2(float *v, size_t ldv, const float *planes, size_t rows, size_t k, const float *gain,
                            size_t ldg, size_t width) { PLANE_ROWS_BODY }
CADC_AVX512
static void plane_rows_avx512(float *v, size_t ldv, const float *planes, size_t rows, size_t k, const float *gain,
                              size_t ldg, size_t width) { PLANE_ROWS_BODY }
#endif

void cimpvt_adc_plane_rows(float *v, size_t ldv, const float *planes, size_t rows, size_t k, const float *gain,
                           size_t ldg, size_t width) {
#ifdef CADC_X86
    if (vector_level() == 2) { plane_rows_avx512(v, ldv, planes, rows, k, gain, ldg, width); return; }
    if (vector_level() == 1) { plane_rows_avx2(v, ldv, planes, rows, k, gain, ldg, width); return; }
#endif
    plane_rows_scalar(v, ldv, planes, rows, k, gain, ldg, width);
}

uint32_t cimpvt_adc_bit_planes(float *planes, const float *x, size_t x_stride, size_t batch, size_t k,
                               size_t input_bits) {
#ifdef CADC_X86
    if (vector_level() >= 1) return bit_planes_avx2(planes, x, x_stride, batch, k, input_bits);
#endif
    return bit_planes_scalar(planes, x, x_stride, batch, k, input_bits);
}

size_t cimpvt_adc_sum_codes(float *acc, size_t acc_stride, const float *v, size_t v_stride, const float *offsets,
                            size_t batch, size_t input_bits, size_t width, const float *input_weight,
                            float min_code, float max_code, float low, float high, const uint8_t *tail_hit,
                            int32_t *near_tag, float *near_u, size_t *clips) {
#ifdef CADC_X86
    if (vector_level() == 2)
        return sum_codes_avx512(acc, acc_stride, v, v_stride, offsets, batch, input_bits, width, input_weight,
                                min_code, max_code, low, high, tail_hit, near_tag, near_u, clips, NULL);
    if (vector_level() == 1)
        return sum_codes_avx2(acc, acc_stride, v, v_stride, offsets, batch, input_bits, width, input_weight,
                              min_code, max_code, low, high, tail_hit, near_tag, near_u, clips);
#endif
    return sum_codes_scalar(acc, acc_stride, v, v_stride, offsets, batch, input_bits, width, input_weight,
                            min_code, max_code, low, high, tail_hit, near_tag, near_u, clips);
}

int cimpvt_adc_sum_codes_dense(float *acc, size_t acc_stride, const float *v, size_t v_stride, const float *offsets,
                               size_t batch, size_t input_bits, size_t width, const float *input_weight,
                               float min_code, float max_code, float low, float high, const uint8_t *tail_hit,
                               const uint32_t *nibbles, const float *lo16, const float *hi16, int32_t *stage_tag,
                               float *stage_u, int32_t *stage_h, size_t *near_count, size_t *staged, size_t *clips) {
#ifdef CADC_X86
    if (vector_level() == 2) {
        *staged = 0;
        const dense_pass d = {nibbles, lo16, hi16, stage_tag, stage_u, stage_h, staged};
        *near_count = sum_codes_avx512(acc, acc_stride, v, v_stride, offsets, batch, input_bits, width, input_weight,
                                       min_code, max_code, low, high, tail_hit, NULL, NULL, clips, &d);
        return 1;
    }
#endif
    (void)acc; (void)acc_stride; (void)v; (void)v_stride; (void)offsets; (void)batch; (void)input_bits; (void)width;
    (void)input_weight; (void)min_code; (void)max_code; (void)low; (void)high; (void)tail_hit; (void)nibbles;
    (void)lo16; (void)hi16; (void)stage_tag; (void)stage_u; (void)stage_h; (void)near_count; (void)staged; (void)clips;
    return 0;
}

size_t cimpvt_adc_resolve_stage_one(float *acc, size_t count, int32_t *near_tag, float *near_u,
                                    const uint32_t *nibbles, const float *lo16, const float *hi16,
                                    const float *input_weight, size_t input_bits, float min_code, float max_code,
                                    int32_t *stage_tag, float *stage_u, int32_t *stage_h) {
#ifdef CADC_X86
    if (vector_level() == 2)
        return stage_one_avx512(acc, count, near_tag, near_u, nibbles, lo16, hi16, input_weight, input_bits, min_code, max_code,
                                stage_tag, stage_u, stage_h);
    if (vector_level() == 1)
        return stage_one_avx2(acc, count, near_tag, near_u, nibbles, lo16, hi16, input_weight, min_code, max_code,
                              stage_tag, stage_u, stage_h);
#endif
    return stage_one_scalar(acc, 0, count, near_tag, near_u, nibbles, lo16, hi16, input_weight, min_code, max_code,
                            stage_tag, stage_u, stage_h);
}

size_t cimpvt_adc_resolve_stage_two(float *acc, size_t count, int32_t *stage_tag, float *stage_u,
                                    const int32_t *stage_h, const uint32_t *nibbles, const float *lo,
                                    const float *hi, const float *input_weight, float min_code, float max_code,
                                    int32_t *pending_tag, float *pending_u, int32_t *pending_k) {
#ifdef CADC_X86
    if (vector_level() >= 1)
        return stage_two_avx2(acc, count, stage_tag, stage_u, stage_h, nibbles, lo, hi, input_weight, min_code,
                              max_code, pending_tag, pending_u, pending_k);
#endif
    return stage_two_scalar(acc, 0, count, stage_tag, stage_u, stage_h, nibbles, lo, hi, input_weight, min_code,
                            max_code, pending_tag, pending_u, pending_k);
}
