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

    /// Largest mantissa magnitude, 2^(B−1) − 1.
    public var maxMantissa: Float { Float((1 << (mantissaBits - 1)) - 1) }

    /// The quantum (q or s) for a group whose largest magnitude is `maxAbs`.
    @inlinable
    public func quantum(maxAbs: Float) -> Float {
        guard maxAbs > 0 else { return 0 }
        if format.isInteger { return maxAbs / maxMantissa }
        return Float(sign: .plus, exponent: maxAbs.exponent + 2 - mantissaBits, significand: 1)
    }

    /// The aligned mantissa of `v` at quantum `q` (v already rounded to the format).
    @inlinable
    public func mantissa(_ v: Float, quantum q: Float) -> Float {
        guard q > 0 else { return 0 }
        if format.isInteger {
            return min(max((v / q).rounded(.toNearestOrEven), -maxMantissa), maxMantissa)
        }
        let m = (abs(v) / q).rounded(.down)
        return v < 0 ? -min(m, maxMantissa) : min(m, maxMantissa)
    }

    /// Aligns a strided set of vectors.
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
        var tensorMax: Float = 0
        for i in 0..<total {
            let v = format.round(values[i])
            guard v.isFinite else { throw MacroError.nonFiniteValue(values[i]) }
            mantissas[i] = v
            tensorMax = max(tensorMax, abs(v))
        }
        let tensorQ = quantum(maxAbs: tensorMax)
        if alongRows {
            let groups = (rows + g - 1) / g
            for gi in 0..<groups {
                let r0 = gi * g, r1 = min(rows, r0 + g)
                for c in 0..<cols {
                    var mx: Float = 0
                    for r in r0..<r1 { mx = max(mx, abs(mantissas[r * cols + c])) }
                    let q = alignment == .vector ? quantum(maxAbs: mx) : tensorQ
                    quanta[gi * cols + c] = q
                    for r in r0..<r1 { mantissas[r * cols + c] = mantissa(mantissas[r * cols + c], quantum: q) }
                }
            }
        } else {
            let groups = (cols + g - 1) / g
            for r in 0..<rows {
                let row = mantissas + r * cols
                for gi in 0..<groups {
                    let c0 = gi * g, c1 = min(cols, c0 + g)
                    var mx: Float = 0
                    for c in c0..<c1 { mx = max(mx, abs(row[c])) }
                    let q = alignment == .vector ? quantum(maxAbs: mx) : tensorQ
                    quanta[r * groups + gi] = q
                    for c in c0..<c1 { row[c] = mantissa(row[c], quantum: q) }
                }
            }
        }
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
