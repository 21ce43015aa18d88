/// Calibration of the analog macro's ADC reference and integration time (MODELS §4).
public enum AnalogCalibration: String, Sendable, CaseIterable, Codable {
    /// Reference and integration time set once at TT / nominal VDD / 27 °C for every die: a slow die
    /// reads low (a gain error), a fast one high. Default offsets: `autozero`.
    case design
    /// Per die at power-up, at the die's process and operating VDD but at 27 °C: each ADC's reference
    /// trimmed to its cells, the integration time set so a full-scale read reaches the target swing;
    /// temperature drift not corrected. Default offsets: `trimmed`.
    case die
    /// As `die`, plus a replica column tracking V and T: only local mismatch and noise remain.
    case tracking
}

/// How a signed weight is stored in 1-bit cell columns (MODELS §4; docs/analog-macro.md).
public enum AnalogWeightEncoding: String, Sendable, CaseIterable, Codable {
    /// B columns, the MSB column weighted −2^(B−1): a small negative weight turns on every column,
    /// so its cells' mismatch weighs like a large weight's.
    case twosComplement = "twos-complement"
    /// B − 1 magnitude columns plus a sign cell that steers the magnitude cells' current to a positive
    /// or a negative bitline (two conversions per magnitude bit; the steering switch is ideal).
    case signMagnitude = "sign-magnitude"
    /// A positive and a negative column per magnitude bit (2(B − 1) cells per weight), each with its own
    /// cells: |w| stored in the column of its sign, zeros in the other.
    case differential

    /// Cells stored per weight of `bits` bits.
    public func cellsPerWeight(bits: Int) -> Int { self == .differential ? 2 * (bits - 1) : bits }

    /// Bitline columns converted per weight (each with its own ADC conversion).
    public func readColumnsPerWeight(bits: Int) -> Int { self == .twosComplement ? bits : 2 * (bits - 1) }

    /// Read column k of a weight: the stored bit it reads and, for sign-magnitude, the sign cell that
    /// steers it here and the sign value that does. Columns 0 … B − 2 are the positive magnitude bits
    /// and B − 1 … 2B − 3 the negative ones (sign-magnitude, differential); two's complement reads its
    /// B stored bits in order.
    public func readColumn(_ k: Int, bits: Int) -> (storedBit: Int, gateBit: Int?, gateOpensOn: UInt8) {
        switch self {
        case .twosComplement, .differential: return (k, nil, 0)
        case .signMagnitude: return k < bits - 1 ? (k, bits - 1, 0) : (k - (bits - 1), bits - 1, 1)
        }
    }

    /// Weight of read column k in the digital shift-add: ±2^bit.
    public func readWeight(_ k: Int, bits: Int) -> Int {
        switch self {
        case .twosComplement: return k == bits - 1 ? -(1 << k) : 1 << k
        case .signMagnitude, .differential: return k < bits - 1 ? 1 << k : -(1 << (k - (bits - 1)))
        }
    }
}

/// The comparator offsets of the analog macro's ADCs (MODELS §4).
public enum ADCOffsetMode: String, Sendable, CaseIterable, Codable {
    /// The comparator input pair's mismatch, √2·σ_Vth(1000/100 nm) ≈ 6.3 mV.
    case untrimmed
    /// Auto-zeroed comparator: Gaussian residual of σ = ``ADCOffsetMode/autozeroSigmaLSB`` LSB
    /// (estimate: charge injection and kickback left by the auto-zero switch, 0.1–0.15 LSB).
    case autozero
    /// Digitally trimmed offsets: residual uniform within ±1/8 LSB.
    case trimmed
    /// No offsets (for comparisons; `none` in sweep files and on the command line).
    case ideal = "none"

    /// σ of the auto-zero residual, LSB (estimate; the middle of the 0.1–0.15 LSB range).
    public static let autozeroSigmaLSB = 0.12
}

/// Every option of the analog (current-domain transpose) CIM macro, with its default.
public struct AnalogMacroConfig: Sendable, Hashable, Codable {
    /// Weight width, bits (`weight_bits`, 2…8), sign included.
    public var weightBits = 8
    /// Input width, bits (`input_bits`, 2…8): non-negative operands are unsigned `input_bits`-bit
    /// integers (one conversion per bit); signed ones are sign-magnitude, `input_bits − 1` magnitude bits
    /// converted in two passes (positive part, negative part).
    public var inputBits = 8
    /// ADC resolution, bits (`adc_bits`, 1…10).
    public var adcBits = 7
    /// ADC full scale in nominal cells (`adc_range`, (0, rows_on]); nil: `rows_on`.
    public var adcRange: Double?
    /// Rows read per conversion (`rows_on`, 1…64).
    public var rowsOn = 64
    /// Reference and integration-time calibration (`calibration`).
    public var calibration: AnalogCalibration = .die
    /// Comparator offsets (`adc_offset`); nil: the calibration's default (autozero for `design`,
    /// trimmed for `die` and `tracking`).
    public var adcOffset: ADCOffsetMode?
    /// Weight encoding in the cells (`weight_encoding`).
    public var weightEncoding: AnalogWeightEncoding = .twosComplement
    /// Bitline capacitance C_BL, fF (`bitline_ff`).
    public var bitlineFF: Double = 20
    /// Target bitline swing of `rows_on` nominal cells, V (`full_scale_v`).
    public var fullScaleV: Double = 0.3
    /// Read noise on (`read_noise`): kT/C, the cells' current noise and the comparator's noise.
    public var readNoise = true
    /// Walden figure of merit of the column ADC, fJ per conversion step (`adc_fom_fj`; energy only,
    /// docs/energy.md; estimate).
    public var adcWaldenFJ: Double = 5
    /// Multiplier on every local-mismatch σ of the macro: cells and comparators (`mismatch_scale`).
    public var mismatchScale: Double = 1

    public init() {}

    /// The comparator offsets in use: `adcOffset`, or the calibration's default.
    public var offsets: ADCOffsetMode { adcOffset ?? (calibration == .design ? .autozero : .trimmed) }

    /// ADC full scale, nominal cells.
    public var fullScaleCells: Double { adcRange ?? Double(rowsOn) }

    /// One ADC LSB in nominal cells: full scale / 2^adc_bits.
    public var lsbCells: Double { fullScaleCells / Double(1 << adcBits) }

    /// Bitline swing of one nominal cell, V.
    public var cellVolts: Double { fullScaleV / Double(rowsOn) }

    /// One LSB, V.
    public var lsbVolts: Double { cellVolts * lsbCells }

    /// Largest ADC code.
    public var maxCode: Int { (1 << adcBits) - 1 }

    /// Checks option ranges; returns the option and what is allowed.
    public func validationProblem() -> (key: String, message: String)? {
        if !(2...8).contains(weightBits) { return ("weight_bits", "\(weightBits) is out of range; allowed [2, 8]") }
        if !(2...8).contains(inputBits) { return ("input_bits", "\(inputBits) is out of range; allowed [2, 8]") }
        if !(1...10).contains(adcBits) { return ("adc_bits", "\(adcBits) is out of range; allowed [1, 10]") }
        if !(1...64).contains(rowsOn) { return ("rows_on", "\(rowsOn) is out of range; allowed [1, 64]") }
        if let r = adcRange, !(r > 0 && r <= Double(rowsOn)) {
            return ("adc_range", "\(r) is out of range; allowed (0, rows_on = \(rowsOn)] nominal cells")
        }
        if !(bitlineFF > 0 && bitlineFF <= 1000) { return ("bitline_ff", "\(bitlineFF) is out of range; allowed (0, 1000] fF") }
        if !(adcWaldenFJ > 0 && adcWaldenFJ <= 1000) { return ("adc_fom_fj", "\(adcWaldenFJ) is out of range; allowed (0, 1000] fJ per conversion step") }
        if !(fullScaleV > 0 && fullScaleV <= 1) { return ("full_scale_v", "\(fullScaleV) is out of range; allowed (0, 1] V") }
        if !(mismatchScale >= 0 && mismatchScale <= 10) { return ("mismatch_scale", "\(mismatchScale) is out of range; allowed [0, 10]") }
        return nil
    }
}
