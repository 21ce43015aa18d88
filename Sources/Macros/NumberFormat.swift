import Foundation

/// The number formats of the digital macro (ISSCC 2025 14.5), named as in sweep files and flags.
public enum NumberFormat: String, Sendable, CaseIterable, Codable {
    case int4, int8
    case fp8E4M3 = "fp8-e4m3"
    case fp8E5M2 = "fp8-e5m2"
    case bf16
    /// The ideal reference: no rounding, no alignment.
    case fp32

    /// Mantissa width B of the aligned integer the MAC sees (two's complement, sign included):
    /// 8 for BF16 and INT8 (two 4-bit halves, 2 cycles), 4 for FP8 and INT4 (1 cycle).
    public var defaultMantissaBits: Int {
        switch self {
        case .int8, .bf16, .fp32: 8
        case .int4, .fp8E4M3, .fp8E5M2: 4
        }
    }

    /// True for the integer formats (symmetric per-group scale instead of a shared exponent).
    public var isInteger: Bool { self == .int4 || self == .int8 }

    /// Rounds an FP32 value to this format (round-to-nearest-even; FP8 saturates at its largest
    /// finite value; subnormals kept). Integer formats and FP32 return `x` unchanged: their
    /// quantisation is the per-group scale of ``PreAlignment``.
    @inlinable
    public func round(_ x: Float) -> Float {
        switch self {
        case .bf16: return Self.roundBF16(x)
        case .fp8E4M3: return Self.roundMinifloat(x, mantissaBits: 3, minExponent: -6, maxFinite: 448)
        case .fp8E5M2: return Self.roundMinifloat(x, mantissaBits: 2, minExponent: -14, maxFinite: 57344)
        case .int4, .int8, .fp32: return x
        }
    }

    /// FP32 → BF16 with round-to-nearest-even on the 16 dropped bits.
    @inlinable
    public static func roundBF16(_ x: Float) -> Float {
        let b = x.bitPattern
        let rounded = b &+ 0x7FFF &+ ((b >> 16) & 1)
        return Float(bitPattern: rounded & 0xFFFF_0000)
    }

    /// Round-to-nearest-even into a binary minifloat with `mantissaBits` stored fraction bits, smallest
    /// normal exponent `minExponent` (subnormals below it share its quantum), saturating at ±`maxFinite`.
    ///
    /// Branch-free bit arithmetic (so loops over it vectorise): in the normal range, round the FP32 bit
    /// pattern to `mantissaBits` fraction bits as for BF16; below 2^minExponent, add and subtract
    /// 1.5·2^(minExponent − mantissaBits + 23), which leaves a multiple of the subnormal quantum chosen
    /// by the FPU's round-to-nearest-even. NaN and ±∞ stay non-finite (the caller reports them).
    @inlinable
    public static func roundMinifloat(_ x: Float, mantissaBits: Int, minExponent: Int, maxFinite: Float) -> Float {
        let drop = UInt32(23 - mantissaBits)
        let bits = x.bitPattern & 0x7FFF_FFFF
        let a = Float(bitPattern: bits)
        let normal = Float(bitPattern: (bits &+ ((1 << (drop - 1)) - 1) &+ ((bits >> drop) & 1)) & ~((1 << drop) - 1))
        let c = Float(sign: .plus, exponent: minExponent - mantissaBits + 23, significand: 1.5)
        let subnormal = (a + c) - c
        let smallest = Float(sign: .plus, exponent: minExponent, significand: 1)
        let r = min(a < smallest ? subnormal : normal, maxFinite)
        return x.isFinite ? Float(bitPattern: r.bitPattern | (x.bitPattern & 0x8000_0000)) : x
    }
}

/// How the shared exponent of pre-alignment is chosen.
public enum Alignment: String, Sendable, CaseIterable, Codable {
    /// Vector-wise pre-alignment (VWPA, the seed paper's): one exponent per group of 64 values.
    case vector
    /// Conventional tensor-wise alignment: one exponent for the whole tensor.
    case tensor
}

/// The digital MAC's two modes.
public enum MACMode: String, Sendable, CaseIterable, Codable {
    /// Exact integer sums.
    case accurate
    /// Broken-array multipliers, lower-part-OR adder tree and sparsity-aware bias (DMBP).
    case approximate
}
