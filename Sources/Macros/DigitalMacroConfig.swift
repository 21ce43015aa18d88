/// Every option of the digital macro (ISSCC 2025 14.5), with its default.
public struct DigitalMacroConfig: Sendable, Hashable, Codable {
    /// Number format (`format`): int4, int8, fp8-e4m3, fp8-e5m2, bf16.
    public var format: NumberFormat = .bf16
    /// MAC mode (`mode`): accurate or approximate.
    public var mode: MACMode = .accurate
    /// Mantissa encoding of the cells and multipliers (`mantissa_encoding`): sign-magnitude or
    /// twos-complement (the earlier approximate scheme).
    public var encoding: MantissaEncoding = .signMagnitude
    /// Pre-alignment (`alignment`): vector (VWPA) or tensor.
    public var alignment: Alignment = .vector
    /// Aligned mantissa width B (`mantissa_bits`); nil = the format's default (8 for BF16/INT8, 4 for FP8/INT4).
    public var mantissaBits: Int?
    /// Clock policy (`clock`; `signoff_yield`, `signoff_margin`, `frequency_mhz`, `bin_ladder_mhz`, `bin_guard_band`).
    public var clock: ClockPolicy = .signoff()
    /// Probability that a bit on a failing path is sensitised in one evaluation (`p_sensitize`).
    public var pSensitize: Double = 0.5
    /// Apply the sparsity-aware bias in approximate mode (`bias`).
    public var bias = true
    /// Multiplier on every local-mismatch σ of the macro (`mismatch_scale`; 0 = no mismatch).
    public var mismatchScale: Double = 1

    public init() {}

    /// The effective mantissa width.
    public var bits: Int { mantissaBits ?? format.defaultMantissaBits }

    /// Checks option combinations; returns a message naming the option and what is allowed.
    public func validationProblem() -> (key: String, message: String)? {
        if format == .fp32 { return ("format", "fp32 is the ideal reference, not a macro format; allowed: int4, int8, fp8-e4m3, fp8-e5m2, bf16") }
        if mode == .approximate, bits != 4, bits != 8 {
            return ("mantissa_bits", "\(bits) is not allowed in approximate mode; allowed: 4 or 8 (whole 4-bit nibbles)")
        }
        if !(2...8).contains(bits) { return ("mantissa_bits", "\(bits) is out of range; allowed [2, 8]") }
        if !(0...1).contains(pSensitize) { return ("p_sensitize", "\(pSensitize) is out of range; allowed [0, 1]") }
        if !(mismatchScale >= 0 && mismatchScale <= 10) { return ("mismatch_scale", "\(mismatchScale) is out of range; allowed [0, 10]") }
        return clock.validationProblem
    }
}
