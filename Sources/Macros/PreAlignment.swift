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

    /// The smallest quantum whose reciprocal is a finite Float (2^−127; 1/2^−128 = 2^128 overflows).
    static let smallestInvertibleQuantum = Float(sign: .plus, exponent: -127, significand: 1)

    /// Largest mantissa magnitude, 2^(B−1) − 1.
    public var maxMantissa: Float { Float((1 << (mantissaBits - 1)) - 1) }

    /// The quantum (q or s) for a group whose largest magnitude is `maxAbs`.
    @inlinable
    public func quantum(maxAbs: Float) -> Float {
        guard maxAbs > 0 else { return 0 }
        if format.isInteger { return maxAbs / maxMantissa }
        return Float(sign: .plus, exponent: maxAbs.exponent + 2 - mantissaBits, significand: 1)
    }

    /// ⌊x⌋ for 0 ≤ x < 2^22 without a libm call (baseline x86-64 has no rounding instruction):
    /// round to nearest even with the 1.5·2^23 trick, then step down where that rounded up.
    @inlinable
    static func floorSmall(_ x: Float) -> Float {
        let magic: Float = 12_582_912  // 1.5 · 2^23: x + magic − magic is x rounded half-even
        let r = (x + magic) - magic
        return r > x ? r - 1 : r
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
        // Pass 2: per group, the quantum and the aligned mantissas.
        let tensorQ = quantum(maxAbs: tensorMax)
        if alongRows {
            let groups = (rows + g - 1) / g
            for gi in 0..<groups {
                let r0 = gi * g, count = min(rows, r0 + g) - r0
                for c in 0..<cols {
                    let first = mantissas + r0 * cols + c
                    var mx: Float = 0
                    for r in 0..<count { mx = max(mx, abs(first[r * cols])) }
                    let q = alignment == .vector ? quantum(maxAbs: mx) : tensorQ
                    quanta[gi * cols + c] = q
                    alignSlice(first, count: count, stride: cols, quantum: q)
                }
            }
        } else {
            // Each row's groups of 64 contiguous values: the vector kernel (same rule as alignSlice).
            cimpvt_align_row_groups(mantissas, rows, cols, g, format.isInteger ? 1 : 0, Int32(mantissaBits),
                                    alignment == .vector ? 1 : 0, tensorQ, quanta)
        }
    }

    /// Aligns `count` values `stride` apart, in place, at quantum q (the per-element rule of the type's
    /// doc comment): FP formats ⌊|v|/q⌋ with v's sign, INT formats round-half-even(v/q); both clamped to
    /// ±(2^(B−1) − 1); q = 0 (an all-zero group) gives 0. The format's branches are hoisted out of the loop.
    @inline(__always)
    func alignSlice(_ p: UnsafeMutablePointer<Float>, count: Int, stride: Int, quantum q: Float) {
        let lim = maxMantissa
        if q == 0 {
            for i in 0..<count { p[i * stride] = 0 }
        } else if format.isInteger {
            // |v/q| ≤ 2^(B−1) − 1 here, so the 1.5·2^23 trick rounds half-even without a branch.
            let magic: Float = 12_582_912
            for i in 0..<count { p[i * stride] = min(max((p[i * stride] / q + magic) - magic, -lim), lim) }
        } else if q >= Self.smallestInvertibleQuantum {
            let inverse = 1 / q
            for i in 0..<count {
                let v = p[i * stride]
                let m = min(Self.floorSmall(abs(v) * inverse), lim)
                p[i * stride] = v < 0 ? -m : m
            }
        } else {
            // q below 2^−127: 1/q overflows FP32, so divide (exact: q is a power of two and |v|/q < 2^(B−1)).
            // The hardware shifts mantissas by exponent differences and never forms 1/q; a group of
            // values this small is the δ of a confidently classified image late in training.
            for i in 0..<count {
                let v = p[i * stride]
                let m = min(Self.floorSmall(abs(v) / q), lim)
                p[i * stride] = v < 0 ? -m : m
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
