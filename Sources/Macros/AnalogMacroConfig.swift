/// Calibration of the analog macro's ADC reference and offsets (MODELS §4).
public enum AnalogCalibration: String, Sendable, CaseIterable, Codable {
    /// Reference set once at TT / nominal VDD / 27 °C for every die; offsets untrimmed.
    case design
    /// Per die at power-up, at the die's process and operating VDD but at 27 °C: gain and offsets
    /// trimmed (residual offset uniform within ±1/8 LSB); temperature drift not corrected.
    case die
    /// As `die`, plus a replica column tracking V and T: only local mismatch and noise remain.
    case tracking
}

/// Every option of the analog (current-domain transpose) CIM macro, with its default.
public struct AnalogMacroConfig: Sendable, Hashable, Codable {
    /// Signed weight width, bits (`weight_bits`, 2…8): one 1-bit cell column per bit.
    public var weightBits = 8
    /// Signed input width, bits (`input_bits`, 2…8): one conversion per input bit.
    public var inputBits = 8
    /// ADC resolution, bits (`adc_bits`, 1…10). 7 bits is lossless at 64 rows on.
    public var adcBits = 7
    /// Rows read per conversion (`rows_on`, 1…64).
    public var rowsOn = 64
    /// Calibration mode (`calibration`).
    public var calibration: AnalogCalibration = .die
    /// Bitline capacitance C_BL, fF (`bitline_ff`).
    public var bitlineFF: Double = 20
    /// Bitline swing of `rows_on` nominal cells, V (`full_scale_v`).
    public var fullScaleV: Double = 0.3
    /// kT/C read noise on (`read_noise`).
    public var readNoise = true
    /// Multiplier on every local-mismatch σ of the macro: cells and comparators (`mismatch_scale`).
    public var mismatchScale: Double = 1

    public init() {}

    /// One LSB of the ADC, V: the swing of one nominal cell.
    public var lsbVolts: Double { fullScaleV / Double(rowsOn) }

    /// Largest ADC code.
    public var maxCode: Int { (1 << adcBits) - 1 }

    /// Checks option ranges; returns the option and what is allowed.
    public func validationProblem() -> (key: String, message: String)? {
        if !(2...8).contains(weightBits) { return ("weight_bits", "\(weightBits) is out of range; allowed [2, 8]") }
        if !(2...8).contains(inputBits) { return ("input_bits", "\(inputBits) is out of range; allowed [2, 8]") }
        if !(1...10).contains(adcBits) { return ("adc_bits", "\(adcBits) is out of range; allowed [1, 10]") }
        if !(1...64).contains(rowsOn) { return ("rows_on", "\(rowsOn) is out of range; allowed [1, 64]") }
        if !(bitlineFF > 0 && bitlineFF <= 1000) { return ("bitline_ff", "\(bitlineFF) is out of range; allowed (0, 1000] fF") }
        if !(fullScaleV > 0 && fullScaleV <= 1) { return ("full_scale_v", "\(fullScaleV) is out of range; allowed (0, 1] V") }
        if !(mismatchScale >= 0 && mismatchScale <= 10) { return ("mismatch_scale", "\(mismatchScale) is out of range; allowed [0, 10]") }
        return nil
    }
}
