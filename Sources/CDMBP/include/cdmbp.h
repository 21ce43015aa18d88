// The approximate digital MAC's (DMBP) first adder-tree stage over many inputs and outputs at once:
// the lower-part-OR error count and the bias unit's expectation of it (docs/digital-macro.md).
// Integer arithmetic only: the vector and scalar paths agree exactly.
#ifndef CDMBP_H
#define CDMBP_H
#include <stddef.h>
#include <stdint.h>

/// For each input row b (0 ≤ b < batch) with input nibbles raw[b·k + i] (0…15) and each first-stage
/// pair (2i, 2i + 1) whose two input nibbles are both nonzero:
///   count_j  += bit (a₀ & 7) of mask[(a₀ ≥ 8)·k·n + 2i·n + j] AND bit (a₁ & 7) of mask[(a₁ ≥ 8)·k·n + (2i+1)·n + j]
///     (mask: two k × n byte planes; bit r of plane h at (row, j) is bit 3 of the approximate product
///     of that row's weight nibble in output j with the input nibble 8h + r), and, when p16 ≠ NULL,
///   expect_j += p16[a₀·n + j] · p16[a₁·n + j]   (p16: 16 × n, each ≤ 16).
/// Then t[b·n + j] += unit · count_j (a float add of an exact product) and, when expected ≠ NULL,
/// expected[b·n + j] += scale · expect_j. k ≤ 510 (≤ 255 pairs: the counts fit their 8-bit and 16-bit lanes).
void cimpvt_dmbp_loa_pairs(float *t, int32_t *expected, const uint8_t *raw, size_t batch, size_t k, size_t n,
                           const uint8_t *mask, const uint16_t *p16, float unit, int32_t scale);

#endif
