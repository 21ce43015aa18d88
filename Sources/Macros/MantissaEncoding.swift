/// How the digital macro's cells and multipliers represent a signed B-bit mantissa (MODELS §5: the
/// paper's "signed fixed-point mantissa encoding"; docs/digital-macro.md says which published fact
/// constrains the choice).
///
/// The encoding is a property of the silicon: the cells store it and the 4b×4b multipliers consume it
/// in both MAC modes. Without failing cells or timing errors the accurate mode gives the same sums
/// either way; the approximate mode does not (its dropped partial products are taken from the bits).
public enum MantissaEncoding: String, Sendable, CaseIterable, Codable {
    /// Sign bit + (B − 1)-bit magnitude: unsigned multipliers on the magnitude nibbles, the product's
    /// sign (XOR of the two sign bits) applied before the adder tree. The default.
    case signMagnitude = "sign-magnitude"
    /// B-bit two's complement: a signed MSB nibble and an unsigned LSB nibble into a four-mode 4b
    /// multiplier (Baugh–Wooley); the approximate scheme of cimpvt ≤ 0.9, kept for comparison.
    case twosComplement = "twos-complement"

    /// The B-bit cell pattern (bit B − 1 … bit 0) that stores mantissa `m`, |m| ≤ 2^(B−1) − 1.
    public func pattern(of m: Int32, bits: Int) -> Int32 {
        switch self {
        case .twosComplement: return m & Int32((1 << bits) - 1)
        case .signMagnitude: return m < 0 ? Int32(1 << (bits - 1)) | -m : m
        }
    }

    /// The mantissa a B-bit cell pattern holds (a sign-magnitude "−0" reads as 0).
    public func value(of pattern: Int32, bits: Int) -> Int32 {
        switch self {
        case .twosComplement:
            let shift = Int32(32 - bits)
            return (pattern << shift) >> shift
        case .signMagnitude:
            let magnitude = pattern & Int32((1 << (bits - 1)) - 1)
            return pattern & Int32(1 << (bits - 1)) != 0 ? -magnitude : magnitude
        }
    }
}
