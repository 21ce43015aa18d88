// cimpvt's ADC conversion kernels (the model: Sources/Macros/ADCReadNoise.swift and
// docs/analog-macro.md, "Sampling the read noise"). Plain C so that the wide-vector path can be chosen at run time
// (AVX-512 or AVX2 where the CPU has it, a scalar loop elsewhere). Every path gives bit-identical
// results: the scalar path rounds and sums in single precision, the vector paths hold codes and their
// sums as 32-bit integers, and both are exact on the integers they handle.
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
/// conversion, and the near ones — round(u + low) ≠ round(u + high), low = σ·Φ⁻¹(τ), high = σ·Φ⁻¹(1 − τ)
/// (τ = ADCReadNoise.tailMass): the noise can move their code within its central 1 − 2τ of probability —
/// appended to `near_tag` and `near_u` (u there) in the order (input b, strip of 8 columns, input bit t,
/// column), except those with a tail event: a map with one row of ⌈width/8⌉ bytes per block row, bit
/// c mod 8 of byte (t·batch + b)·⌈width/8⌉ + c/8 set for the conversion of row t·batch + b, column c
/// (each row starts on a byte, so a strip of 8 columns is one byte). The bitline value of that
/// conversion is v[(t·batch + b)·v_stride + c] (v_stride ≥ width: a padded row stride keeps the rows of
/// successive input bits off the same cache sets). Returns the near count. Both lists need
/// input_bits·batch·width + 16 entries (the vector paths store whole vectors past the last entry);
/// `tail_hit` needs input_bits·batch·⌈width/8⌉ + 2 bytes. Codes are round-half-even of values with
/// |u| < 2^22 or v = −∞ (a skipped conversion: code min_code, never near), min_code and max_code integers or ±∞,
/// input weights integers (±2^t). Adds to *clips the conversions whose noiseless code round(u) lies
/// outside [min_code, max_code] (clipped at a rail), skipped ones excepted.
size_t cimpvt_adc_sum_codes(float *acc, size_t acc_stride, const float *v, size_t v_stride, const float *offsets,
                            size_t batch, size_t input_bits, size_t width, const float *input_weight,
                            float min_code, float max_code, float low, float high, const uint8_t *tail_hit,
                            int32_t *near_tag, float *near_u, size_t *clips);

/// Stage 1 of the `count` near conversions: near conversion i takes nibble i of `nibbles` (word i/8,
/// bits 4·(i mod 8) and up), h, placing its noise in [lo16[h], hi16[h]] (the h-th of 16 equal-probability
/// bins of the central range). Where c = round(u + lo16[h]) equals round(u + hi16[h]) that is the code
/// and acc is corrected by input_weight[t]·(clip(c) − clip(round(u))); otherwise (tag, u, h) is appended,
/// in order, to the stage lists (count + 16 entries each). Returns the number appended. The near lists
/// are used as scratch and lost. lo16 and hi16 hold 16 entries each; input_weight holds input_bits (≤ 8).
size_t cimpvt_adc_resolve_stage_one(float *acc, size_t count, int32_t *near_tag, float *near_u,
                                    const uint32_t *nibbles, const float *lo16, const float *hi16,
                                    const float *input_weight, size_t input_bits, float min_code, float max_code,
                                    int32_t *stage_tag, float *stage_u, int32_t *stage_h);

/// The first pass and stage 1 fused, where the CPU has AVX-512 (returns 1; 0 and nothing done
/// elsewhere): the sums, clip count and stage lists of cimpvt_adc_sum_codes followed by
/// cimpvt_adc_resolve_stage_one, bit for bit, without the near lists — for blocks whose conversions are
/// (nearly) all near, where listing them costs more than deciding them in place. `nibbles` holds the
/// near conversions' first nibbles (nibble i for near conversion i) and must be readable 4 words past
/// the last nibble's word; *near_count receives the near count, *staged the stage lists' length.
int cimpvt_adc_sum_codes_dense(float *acc, size_t acc_stride, const float *v, size_t v_stride, const float *offsets,
                               size_t batch, size_t input_bits, size_t width, const float *input_weight,
                               float min_code, float max_code, float low, float high, const uint8_t *tail_hit,
                               const uint32_t *nibbles, const float *lo16, const float *hi16, int32_t *stage_tag,
                               float *stage_u, int32_t *stage_h, size_t *near_count, size_t *staged, size_t *clips);

/// Stage 2 of the `count` staged conversions: entry i takes nibble i of `nibbles`, l, and its bin
/// k = 16·h + l of 256 (ends lo[k], hi[k]); decided ones correct acc as in stage 1, undecided ones are
/// appended as (tag, u, k) to the pending lists (count + 8 entries each). Returns the number appended.
/// The stage lists are used as scratch and lost.
size_t cimpvt_adc_resolve_stage_two(float *acc, size_t count, int32_t *stage_tag, float *stage_u,
                                    const int32_t *stage_h, const uint32_t *nibbles, const float *lo,
                                    const float *hi, const float *input_weight, float min_code, float max_code,
                                    int32_t *pending_tag, float *pending_u, int32_t *pending_k);

/// Bitline values of `rows` input planes by summing gain rows (the bit-plane product for short
/// reductions, where sgemm's packing outweighs its arithmetic): for each plane row p (k entries 0 or 1 at
/// planes + p·k), v[p·ldv + c] = Σ_{r < k, plane[p, r] = 1} gain[r·ldg + c] for c < width, summed in
/// ascending r (identical on every path: each element's sum is its own).
void cimpvt_adc_plane_rows(float *v, size_t ldv, const float *planes, size_t rows, size_t k, const float *gain,
                           size_t ldg, size_t width);

/// The vector path in use on this thread: 2 = AVX-512 (F, VL, BW, DQ), 1 = AVX2, 0 = none (scalar)
/// (CVectorPath's `cimpvt_vector_path`).
int cimpvt_adc_vector_path(void);

/// For tests and benchmarks: every kernel called on this thread afterwards takes a path no wider than
/// `level` (0 = scalar, 1 = AVX2, 2 = the widest the CPU has); results are identical by design. The cap
/// is CVectorPath's (`cimpvt_cap_vector_path`), shared by every C kernel.
void cimpvt_adc_cap_path(int level);
#endif
