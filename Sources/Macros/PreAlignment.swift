import CAlign

/// Pre-alignment of values into the integer mantissas the MAC multiplies (MODELS §5).
///
/// For a group of G = 64 values v (already rounded to the number format):
///
///     FP formats:  E = ⌊log2 max|v|⌋,  q = 2^(E + 2 − B),  m_i = sign(v_i)·⌊|v_i| / q⌋
///     INT formats: s = max|v| / (2^(B−1) − 1),           m_i = round-half-even(v_i / s), clamped
///
/// so |m_i| ≤ 2^(B−1) − 1 and v_i ≈ m_i·q. An all-zero group has q = 0 and m = 0.
/// `alignment = .vector` takes E (or s) per group; `.tensor` takes one for the whole tensor.
public struct PreAlignment: Sendable, Hashable {
    public var format: NumberFormat
    public var mantissaBits: Int
    public var alignment: Alignment
    /// Group length G along the reduction dimension (64 rows of a macro block).
    public static let groupSize = 64

    public init(format: NumberFormat, mantissaBits: Int? = nil, alignment: Alignment = .vector) {
        self.format = format
        self.mantissaBits = mantissaBits ?? format.defaultMantissaBits
        self.alignment = alignment
    }

    /// Aligns a matrix's groups (the rule above; the kernels of `Sources/CAlign` carry it out).
    ///
    /// `values` is a row-major matrix (`rows` × `cols`); groups run along `cols` when `alongRows` is
    /// false (each row's 64-element slices: input vectors) and along `rows` when true (each column's
    /// 64-row slices: weight columns). Mantissas are written into `mantissas` (same shape, integers
    /// stored as Float), quanta into `quanta` (shape groups × cols when `alongRows`, rows × groups
    /// otherwise). Throws on a NaN or infinite value.
    public func align(_ values: UnsafePointer<Float>, rows: Int, cols: Int, alongRows: Bool,
                      mantissas: UnsafeMutablePointer<Float>, quanta: UnsafeMutablePointer<Float>) throws
    {
        let g = Self.groupSize
        let total = rows * cols
        // Pass 1: round to the format (BF16 and the finiteness scan in the vector kernels of CAlign;
        // the format switch is hoisted so each loop is a tight one).
        var tensorMax: Float = 0, nonFinite: Int32
        switch format {
        case .bf16: nonFinite = cimpvt_align_round_bf16_scan(values, mantissas, total, &tensorMax)
        case .fp8E4M3, .fp8E5M2:
            let round = format.round
            for i in 0..<total { mantissas[i] = round(values[i]) }
            nonFinite = cimpvt_align_scan(mantissas, total, &tensorMax)
        case .int4, .int8, .fp32:
            mantissas.update(from: values, count: total)
            nonFinite = cimpvt_align_scan(mantissas, total, &tensorMax)
        }
        if nonFinite != 0 {
            let bad = (0..<total).first { !mantissas[$0].isFinite }!
            throw MacroError.nonFiniteValue(values[bad])
        }
        // Pass 2: per group, the quantum and the aligned mantissas (the vector kernel of CAlign).
        cimpvt_align_groups(mantissas, rows, cols, alongRows ? 1 : 0, g, format.isInteger ? 1 : 0, Int32(mantissaBits),
                            alignment == .vector ? 1 : 0, tensorMax, quanta)
    }
}

/// Errors a macro reports to the caller (a training step turns them into a diverged trial).
public enum MacroError: Error, Equatable, CustomStringConvertible {
    /// A NaN or infinity reached the macro's input.
    case nonFiniteValue(Float)
    /// A matrix of the wrong size.
    case shapeMismatch(String)

    public var description: String {
        switch self {
        case .nonFiniteValue(let v): "a non-finite value (\(v)) reached the macro"
        case .shapeMismatch(let s): "shape mismatch: \(s)"
        }
    }
}
