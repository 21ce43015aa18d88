// cimpvt's ADC conversion kernels (the model: Sources/Macros/ADCReadNoise.swift and
// docs/analog-macro.md, "Read noise"). Plain C so that the wide-vector path can be chosen at run time
// (AVX2 where the CPU has it, a scalar loop elsewhere); both paths perform the same IEEE-754
// single-precision operations on every value and give bit-identical results.
//
// A block of conversions is `input_bits × batch` rows of `width` bitline values v (LSB; row t·batch + b
// is input bit t of input b), one comparator offset o per column, u = v + o. Its codes are
// clip(round-half-even(u + noise), min_code, max_code), shift-added over input bits into partial sums
// acc (row b at acc + b·acc_stride): acc[b, c] += input_weight[t] · code(t, b, c). Codes are never
// stored: the first pass sums clip(round(u)) for every conversion and lists the "near" ones (those
// the noise may move); a near conversion whose noisy code differs is then corrected in acc by
// input_weight[t] · (clip(code) − clip(round(u))). Codes and weights (±2^t) are integers, so every sum
// is exact and its order does not matter. A conversion is named by its tag (cimpvt_adc_tag).
#ifndef CIMPVT_CADC_H
#define CIMPVT_CADC_H
#include <stddef.h>
#include <stdint.h>

/// The tag of the conversion of input bit t (< 8) summed into acc[position]: position·8 + t.
static inline int32_t cimpvt_adc_tag(size_t position, size_t t) { return (int32_t)((position << 3) | t); }

/// Input bit-planes of `batch` rows of `k` signed integer inputs held as floats (row b at
/// x + b·x_stride, |x| < 2^31): plane row t·batch + b (at planes + (t·batch + b)·k) holds bit t of each
/// input's two's-complement pattern as 0 or 1. Returns a mask with bit t set when plane t has any 1.
uint32_t cimpvt_adc_bit_planes(float *planes, const float *x, size_t x_stride, size_t batch, size_t k,
                               size_t input_bits);

/// First pass over a block: acc[b, c] += input_weight[t] · clip(round(u)) for every
/// conversion, and the near ones — round(u + low) ≠ round(u + high), low = σ·Φ⁻¹(1/256),
/// high = σ·Φ⁻¹(255/256): the noise can move their code within its central 254/256 of probability —
/// appended to `near_tag` and `near_u` (u there) in the order (input b, strip of 8 columns, input bit t,
/// column). Returns their count. Both lists need input_bits·batch·width + 8 entries.
size_t cimpvt_adc_sum_codes(float *acc, size_t acc_stride, const float *v, const float *offsets,
                            size_t batch, size_t input_bits, size_t width, const float *input_weight,
                            float min_code, float max_code, float low, float high,
                            int32_t *near_tag, float *near_u);

/// The `count` near conversions, each with one noise byte k (`bytes[i]`) placing U in
/// [k/256, (k+1)/256), so the noise in [lo[k], hi[k]]: where c = round(u + lo[k]) equals
/// round(u + hi[k]) that is the code, and acc is corrected for it; otherwise (tag, u, k) is appended,
/// in order, to the pending lists for refinement. Returns the number appended. The vector path first
/// tries the 1/16 bin of k's high nibble, ends lo16[k >> 4], hi16[k >> 4] (σ·Φ⁻¹(h/16),
/// σ·Φ⁻¹((h+1)/16)): a bin containing the byte's, so with the same result. The near lists are used as
/// scratch and lost; the stage lists (scratch) need count + 8 entries, the pending lists count + 8.
size_t cimpvt_adc_resolve_near(float *acc, size_t count, int32_t *near_tag, float *near_u,
                               const uint8_t *bytes, const float *lo16, const float *hi16,
                               const float *lo, const float *hi, const float *input_weight,
                               float min_code, float max_code, int32_t *stage_tag, float *stage_u,
                               int32_t *stage_k, int32_t *pending_tag, float *pending_u, int32_t *pending_k);

/// 1 when the vector path (AVX2) is in use on this CPU, else 0.
int cimpvt_adc_vector_path(void);

/// Tests only: with force ≠ 0 every kernel called on this thread takes the scalar path (results are
/// identical by design).
void cimpvt_adc_force_scalar(int force);
#endif
