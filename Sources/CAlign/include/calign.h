// Pre-alignment kernels of the digital macro (MODELS §5; Macros/PreAlignment.swift documents the
// rule): the finiteness scan, BF16 rounding, the per-group alignment of input rows and weight columns
// into integer mantissas, the read-out's scaling by the quanta and the energy model's nonzero counts.
// Every path (AVX-512, AVX2, scalar: CVectorPath's, capped per thread by cimpvt_cap_vector_path)
// performs the same float operations in the same order: the paths differ only in how many values they
// handle at once.
#ifndef CIMPVT_CALIGN_H
#define CIMPVT_CALIGN_H
#include <stddef.h>
#include <stdint.h>

/// Scans n values: returns 1 when any is NaN or ±∞ (0 otherwise) and writes the largest magnitude
/// |v| into *max_abs (meaningful only when all are finite).
int cimpvt_align_scan(const float *v, size_t n, float *max_abs);

/// FP32 → BF16 (round to nearest even on the 16 dropped bits), n values from x into out (out may be
/// x), and ``cimpvt_align_scan`` of the rounded values, in one pass.
int cimpvt_align_round_bf16_scan(const float *x, float *out, size_t n, float *max_abs);

/// Aligns, in place, groups of `group` consecutive values into integer mantissas stored as floats
/// (row-major rows × cols; the last group of a line shorter when the length is not a multiple): along
/// each row (along_columns = 0: input vectors; the quantum of row r's group g at quanta[r · groups + g])
/// or down each column (along_columns ≠ 0: weight columns; at quanta[g · cols + c]).
///
/// The quantum is the group's own (per_group ≠ 0: vector-wise alignment) or that of `tensor_max`, the
/// tensor's largest magnitude (tensor-wise). Per group with largest magnitude M (values already rounded
/// to the number format, all finite):
///   FP formats  (integer = 0): q = 2^(⌊log2 M⌋ + 2 − mantissa_bits), m = sign(v)·min(⌊|v|/q⌋, lim)
///   INT formats (integer ≠ 0): q = M / lim, m = clamp(round-half-even(v/q), −lim, lim)
/// with lim = 2^(mantissa_bits − 1) − 1; q = 0 (an all-zero group) gives m = 0. ⌊|v|/q⌋ multiplies by
/// 1/q where that is a finite float (q ≥ 2^−127) and divides otherwise.
void cimpvt_align_groups(float *m, size_t rows, size_t cols, int along_columns, size_t group, int integer,
                         int mantissa_bits, int per_group, float tensor_max, float *quanta);

/// Adds to counts[i] (i < k) the number of nonzero values at position i of `rows` rows of stride lda
/// (the energy model's operand density).
void cimpvt_align_count_nonzero(const float *a, size_t lda, size_t rows, size_t k, int32_t *counts);

/// Scales integer sums back by their quanta, row b (< rows) of n values: with w = NULL,
/// out_b = 0 + q_b·s_b (accumulate = 0; zeros where q_b = 0) or out_b += q_b·s_b (accumulate ≠ 0;
/// unchanged where q_b = 0); with w, out_bj += (q_b·w_j)·s_bj (unchanged where q_b = 0). q_b is
/// q[b · q_stride]; out, s have row strides ldo, lds.
void cimpvt_align_scale_rows(float *out, size_t ldo, const float *s, size_t lds, const float *q, size_t q_stride,
                             const float *w, size_t rows, size_t n, int accumulate);

#endif
