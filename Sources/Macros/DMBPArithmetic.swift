/// The approximate dual-mode MAC (DMBP) on two's-complement mantissas (`mantissa_encoding =
/// "twos-complement"`, the scheme of cimpvt ≤ 0.9, kept for comparison; the default is
/// ``DMBPSignMagnitude``), bit-exact (MODELS §5), and the building blocks both schemes share: the
/// broken-array product, the lower-part-OR adder and the bit-3 tables.
///
/// A B-bit mantissa (B = 4 or 8) is split into 4-bit nibbles: B = 4 is one signed nibble; B = 8 is a
/// signed MSB nibble `m >> 4` ∈ [−8, 7] and an unsigned LSB nibble `m & 15` ∈ [0, 15], so
/// m = 16·hi + lo. A product of two mantissas is the shift-add of its nibble products, and each of
/// the (nibble of x, nibble of w) pairs is summed over the 64 rows of a group by its own adder tree.
///
/// Approximate mode changes three things:
/// 1. **Broken-array multiplier**: each 4b×4b product drops its 6 lowest-weight partial-product bits,
///    a_i·b_j with i + j ≤ 2 (weights 1, 2, 2, 4, 4, 4). In Baugh–Wooley form every sign-bit term has
///    weight ≥ 8, so for signed and unsigned nibbles alike
///    `approx(a, b) = a·b − Σ_{i+j≤2} a_i·b_j·2^(i+j)` on the raw bits; the result is a multiple of 8.
/// 2. **Lower-part-OR adders** (Mahdiani et al., TCAS-I 57(4), 2010) in the first stage of the 6-stage
///    tree of 64 inputs: each of its 32 adders ORs the low `loaWidth` = 4 bits and feeds the AND of the
///    two bit-3s as carry into the upper part; stages 2–6 add exactly. Because broken-array products
///    have bits 0–2 clear, each first-stage adder errs by +8·(bit3(left) ∧ bit3(right)). (Deeper LOA
///    stages were tried and rejected: OR-ed low parts saturate and the error grows to +8 per node.)
/// 3. **Sparsity-aware bias**: from the input nibbles alone (weight bits taken as fair coins) the
///    expected error is −½·(7·a₀ + 6·a₁ + 4·a₂) per product (dropped bits) plus 8·p₃(a_2k)·p₃(a_2k+1)
///    per first-stage adder (p₃(a) = share of weight nibbles for which bit 3 of the approximate product
///    is set); the bias unit subtracts that expectation. A zero input (sparsity) contributes nothing.
public enum DMBP {
    /// Width of the lower-part-OR section of every adder-tree addition, bits.
    public static let loaWidth = 4

    /// Sum of the partial-product bits the broken-array multiplier drops, from the raw low 3 bits.
    @inlinable
    public static func droppedBits(_ a: Int, _ b: Int) -> Int {
        let a0 = a & 1, a1 = (a >> 1) & 1, a2 = (a >> 2) & 1
        return a0 * (b & 7) + 2 * a1 * (b & 3) + 4 * a2 * (b & 1)
    }

    /// The approximate 4b×4b product of two nibble values (each signed in [−8, 7] or unsigned in [0, 15]).
    @inlinable
    public static func approximateProduct(_ a: Int, _ b: Int) -> Int { a * b - droppedBits(a & 15, b & 15) }

    /// One lower-part-OR addition of `width` low bits, with the AND of the two bit-(width−1)s as carry-in.
    @inlinable
    public static func loaAdd(_ a: Int, _ b: Int, width: Int = loaWidth) -> Int {
        let mask = (1 << width) - 1
        let carry = (a >> (width - 1)) & (b >> (width - 1)) & 1
        return (((a >> width) + (b >> width) + carry) << width) | ((a | b) & mask)
    }

    /// The adder tree over 64 (or any even count of) inputs: lower-part-OR adders pairing neighbours in
    /// the first stage, exact additions after it.
    public static func loaTreeSum(_ leaves: [Int]) -> Int {
        stride(from: 0, to: leaves.count, by: 2).reduce(0) { $0 + loaAdd(leaves[$1], leaves[$1 + 1]) }
    }

    /// Expected dropped partial products for one input nibble (raw bits), weight bits fair coins.
    @inlinable
    public static func droppedExpectation(_ a: Int) -> Float {
        let a0 = a & 1, a1 = (a >> 1) & 1, a2 = (a >> 2) & 1
        return Float(7 * a0 + 6 * a1 + 4 * a2) * 0.5
    }

    /// p₃(a): the share of the 16 weight-nibble patterns for which bit 3 of the approximate product
    /// with input nibble value `a` is set.
    public static func bit3Probability(_ a: Int, weightSigned: Bool) -> Float {
        let hits = (0..<16).reduce(0) { acc, wr in
            let wv = weightSigned && wr >= 8 ? wr - 16 : wr
            return acc + ((approximateProduct(a, wv) >> 3) & 1)
        }
        return Float(hits) / 16
    }

    /// The bias for a group: Σ_k E[dropped(a_k)] − Σ_pairs 8·p₃(a_2k)·p₃(a_2k+1), added so the expected
    /// error is cancelled. `raw` holds the group's raw input nibble patterns (4 bits each).
    @inlinable
    public static func bias(raw: UnsafeBufferPointer<UInt8>, inputSigned: Bool, weightSigned: Bool) -> Float {
        let p3 = bit3ProbabilityTable[(inputSigned ? 2 : 0) + (weightSigned ? 1 : 0)]
        var dropped: Float = 0
        for v in raw { dropped += droppedTable[Int(v)] }
        var loa: Float = 0
        var k = 0
        while k + 1 < raw.count {
            loa += 8 * p3[Int(raw[k])] * p3[Int(raw[k + 1])]
            k += 2
        }
        return dropped - loa
    }

    /// ``droppedExpectation(_:)`` for each raw nibble pattern.
    @usableFromInline static let droppedTable: [Float] = (0..<16).map { droppedExpectation($0) }

    /// p₃ by (input signed, weight signed) then raw input pattern.
    @usableFromInline static let bit3ProbabilityTable: [[Float]] = (0..<4).map { kind in
        (0..<16).map { raw in
            let value = kind >= 2 && raw >= 8 ? raw - 16 : raw
            return bit3Probability(value, weightSigned: kind % 2 == 1)
        }
    }

    /// For a raw weight nibble: bit r of the mask is bit 3 of the approximate product with the input
    /// nibble whose raw pattern is r. Indexed by (input signed, weight signed) then raw weight pattern.
    static let bit3MaskTable: [[UInt16]] = (0..<4).map { kind in
        (0..<16).map { wr in
            let wv = kind % 2 == 1 && wr >= 8 ? wr - 16 : wr
            var mask: UInt16 = 0
            for ar in 0..<16 {
                let av = kind >= 2 && ar >= 8 ? ar - 16 : ar
                if (approximateProduct(av, wv) >> 3) & 1 == 1 { mask |= 1 << UInt16(ar) }
            }
            return mask
        }
    }

    /// The first-stage LOA error for 64 leaves whose bit 3 is given as a 64-bit mask (bit k = leaf k):
    /// 8 × the number of neighbour pairs (2k, 2k+1) that both have bit 3 set.
    @inlinable
    public static func loaError(leafBit3 mask: UInt64) -> Int {
        8 * (mask & (mask >> 1) & 0x5555_5555_5555_5555).nonzeroBitCount
    }

    /// Nibbles of a B-bit mantissa, most significant first, with their shift (4 bits each) and
    /// whether each is signed.
    @inlinable
    public static func nibbles(_ m: Int, mantissaBits: Int) -> [(value: Int, signed: Bool)] {
        mantissaBits <= 4 ? [(m, true)] : [(m >> 4, true), (m & 15, false)]
    }

    /// The full approximate group sum for one 64-element dot product of mantissas (reference
    /// implementation, element by element): Σ over nibble pairs of 16^(shift) · LOA-tree(approx
    /// products), then + 16^(shift) · bias per pair (when `withBias`).
    public static func groupSum(x: [Int], w: [Int], mantissaBits: Int, withBias: Bool = true) -> Float {
        let xn = x.map { nibbles($0, mantissaBits: mantissaBits) }
        let wn = w.map { nibbles($0, mantissaBits: mantissaBits) }
        let count = xn.first?.count ?? 0
        // The shift-added adder-tree outputs form an exact integer; the bias unit's terms follow in
        // nibble-pair order (the order the macro uses, so results agree bit for bit).
        var integer = 0
        var biases = [Float]()
        for p in 0..<count { for q in 0..<count {
            let scale = 1 << (4 * ((count - 1 - p) + (count - 1 - q)))
            var leaves = zip(xn, wn).map { approximateProduct($0[p].value, $1[q].value) }
            if leaves.count % 2 == 1 { leaves.append(0) }
            integer += scale * loaTreeSum(leaves)
            if withBias {
                let raw = xn.map { UInt8($0[p].value & 15) }
                biases.append(Float(scale) * raw.withUnsafeBufferPointer { bias(raw: $0, inputSigned: p == 0, weightSigned: q == 0) })
            }
        } }
        return biases.reduce(Float(integer), +)
    }
}
