/// The sign-magnitude approximate MAC (the default DMBP scheme, docs/digital-macro.md), bit-exact.
///
/// Mantissas are sign + (B − 1)-bit magnitude. The unsigned 4b×4b multipliers take the magnitude
/// MSB-justified in their B-bit input, 2·|m| (the one spare input bit sits at the bottom, where the
/// broken array cuts): B = 4: one nibble 2|m| ∈ [0, 14]; B = 8: `2|m| >> 4` ∈ [0, 15] and `2|m| & 15`
/// (even). Each broken-array product is M = a·b − Σ_{i+j≤2} a_i b_j 2^(i+j), a multiple of 8. The
/// product's sign s = s_x·s_w is applied before the adder tree, so a dropped partial product always
/// shrinks a magnitude and its error scales with the operands (a small negative mantissa is not a
/// string of ones, as in two's complement).
///
/// Adder tree: lower-part-OR adders of width 4 in the first stage (``DMBP/loaAdd(_:_:width:)``), exact
/// after it; bit 3 of s·M equals bit 3 of M, so each first-stage adder errs by +8·(odd(M_2k/8) ∧ odd(M_2k+1/8)).
/// The shift-added pair sums S4 = Σ_pq c_pq·tree_pq are in units of 1/4 of a mantissa product.
///
/// Bias unit (sparsity-aware compensation): the expected error given the input bits, with the weight
/// of each row taken as a draw from its output's stored weights (``DMBPColumnStatistics``, computed
/// when the weights are written). Dropped partial products: D = + Σ_pq c_pq Σ_k s_k·[b_k ≠ 0]·(a0·u7 + 2·a1·u3 + 4·a2·u1)
/// (u in eighths); lower-part OR: − 8·Σ_pq c_pq Σ_pairs P(a_2k)·P(a_2k+1) = −E/32 (P in sixteenths).
/// Zero inputs (and zero weights, in the first term) contribute nothing.
///
/// Result (the rounding is part of the definition): with X = Σ_k x_k·w_k the exact product,
/// e = Float(8·(S4 − 4X) + D)/8 − Float(E)/32 (exact), the MAC returns Float(X) + e/4 (one rounding);
/// without the bias, D = E = 0.
public enum DMBPSignMagnitude {
    /// The multiplier's input nibbles of a B-bit sign-magnitude mantissa (of 2|m|), most significant first.
    @inlinable
    public static func nibbles(_ m: Int, mantissaBits: Int) -> [Int] {
        let justified = 2 * abs(m)
        return mantissaBits <= 4 ? [justified] : [justified >> 4, justified & 15]
    }

    /// The full approximate group sum of one dot product of B-bit mantissas (reference implementation,
    /// element by element).
    public static func groupSum(x: [Int], w: [Int], mantissaBits: Int, withBias: Bool = true) -> Float {
        precondition(x.count == w.count, "operand lengths")
        let xn = x.map { nibbles($0, mantissaBits: mantissaBits) }
        let wn = w.map { nibbles($0, mantissaBits: mantissaBits) }
        let sign = zip(x, w).map { ($0 < 0) != ($1 < 0) ? -1 : 1 }
        let count = mantissaBits <= 4 ? 1 : 2
        let exact = zip(x, w).reduce(0) { $0 + $1.0 * $1.1 }
        var quarters = 0, dropped8 = 0, loa256 = 0
        for p in 0..<count { for q in 0..<count {
            let scale = 1 << (4 * ((count - 1 - p) + (count - 1 - q)))
            var leaves = (0..<x.count).map { sign[$0] * DMBP.approximateProduct(xn[$0][p], wn[$0][q]) }
            if leaves.count % 2 == 1 { leaves.append(0) }
            quarters += scale * DMBP.loaTreeSum(leaves)
            guard withBias else { continue }
            let stats = DMBPColumnStatistics(weightNibbles: wn.map { $0[q] })
            for r in 0..<x.count where wn[r][q] != 0 {
                let a = xn[r][p]
                dropped8 += scale * sign[r] * ((a & 1) * stats.u7 + 2 * ((a >> 1) & 1) * stats.u3 + 4 * ((a >> 2) & 1) * stats.u1)
            }
            var r = 0
            while r + 1 < x.count {
                loa256 += scale * stats.bit3Sixteenths[xn[r][p]] * stats.bit3Sixteenths[xn[r + 1][p]]
                r += 2
            }
        } }
        let error = Float(8 * (quarters - 4 * exact) + dropped8) / 8 - Float(loa256) / 32
        return Float(exact) + error / 4
    }
}
