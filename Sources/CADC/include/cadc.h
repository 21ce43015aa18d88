// cimpvt's ADC conversion kernels (the model: Sources/Macros/ADCReadNoise.swift and
// docs/analog-macro.md, "Read noise"). Plain C so that the wide-vector path can be chosen at run time
// (AVX2 where the CPU has it, a scalar loop elsewhere); both paths perform the same IEEE-754
// single-precision operations on every value and give bit-identical results.
//
// Representation: a conversion's bitline value v (LSB) and its ADC's comparator offset o give
// u = v + o; its code is round-half-even(u + noise). The kernels never store codes: a conversion
// whose noise moves its code from round(u) to c gets v += c − u, so that round(v + o) = c, and the
// shift-add applies round(v + o) (and the clipping) to every conversion as it sums them.
#ifndef CIMPVT_CADC_H
#define CIMPVT_CADC_H
#include <stddef.h>
#include <stdint.h>

/// Input bit-planes of `batch` rows of `k` signed integer inputs held as floats (row b at
/// x + b·x_stride, |x| < 2^31): plane row t·batch + b (at planes + (t·batch + b)·k) holds bit t of each
/// input's two's-complement pattern as 0 or 1. Returns a mask with bit t set when plane t has any 1.
uint32_t cimpvt_adc_bit_planes(float *planes, const float *x, size_t x_stride, size_t batch, size_t k,
                               size_t input_bits);

/// The near conversions among `rows × cols` bitline values `v` (row-major) with one comparator offset
/// per column: those whose code the read noise can change within its central 254/256 of probability,
/// round(u + low) ≠ round(u + high) with low = σ·Φ⁻¹(1/256), high = σ·Φ⁻¹(255/256). Their positions
/// and u are appended in row-major order to `near_index` and `near_u`; returns their count. Both lists
/// need rows·cols + 8 entries.
size_t cimpvt_adc_find_near(const float *v, size_t rows, size_t cols, const float *offsets,
                            float low, float high, int32_t *near_index, float *near_u);

/// The `count` near conversions, each with one noise byte k (`bytes[i]`): the noise lies in
/// [lo[k], hi[k]], so the code is c = round(u + lo[k]) when that equals round(u + hi[k]); then, if
/// c ≠ round(u), v[near_index[i]] += c − u. Otherwise (index, u, k) is appended, in order, to the
/// pending lists for refinement. Returns the number appended. The near lists are used as scratch and
/// lost; the pending lists need count + 8 entries.
size_t cimpvt_adc_resolve_near(float *v, size_t count, int32_t *near_index, float *near_u,
                               const uint8_t *bytes, const float *lo, const float *hi,
                               int32_t *pending_index, float *pending_u, int32_t *pending_k);

/// The conversions of `input_bits × batch` rows of `width` bitline values (row t·batch + b: input bit t
/// of input b) with per-column offsets: code = clip(round(v + offset), 0, max_code), shift-added over
/// input bits into `acc` (row b at acc + b·acc_stride): acc[b, c] += Σ_t input_weight[t] · code(t, b, c).
/// Codes and weights (±2^t) are integers, so every sum is exact and its order does not matter.
void cimpvt_adc_shift_add(float *acc, size_t acc_stride, const float *v, const float *offsets, size_t batch,
                          size_t input_bits, size_t width, const float *input_weight, float max_code);

/// 1 when the vector path (AVX2) is in use on this CPU, else 0.
int cimpvt_adc_vector_path(void);

/// Tests only: with force ≠ 0 every kernel takes the scalar path (results are identical by design).
void cimpvt_adc_force_scalar(int force);
#endif
