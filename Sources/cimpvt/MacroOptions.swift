import Foundation
import ArgumentParser
import Macros

/// The digital macro's number format, MAC mode and mantissa width: what its arithmetic and its energy
/// depend on (`mac`, `mac-stats`, `train`, `energy`).
struct DigitalFormatOptions: ParsableArguments {
    @Option(help: "Number format: int4, int8, fp8-e4m3, fp8-e5m2, bf16.")
    var format: String = "bf16"

    @Option(help: "MAC mode: accurate or approximate (DMBP).")
    var mode: String = "accurate"

    @Option(help: "Aligned mantissa width B (default: 8 for bf16/int8, 4 for fp8/int4).")
    var mantissaBits: Int?

    /// Sets format, mode and mantissa width of `c` (not yet validated as a whole).
    func apply(to c: inout DigitalMacroConfig) throws {
        guard let f = NumberFormat(rawValue: format), f != .fp32 else {
            throw ValidationError("--format '\(format)' is not allowed; allowed: int4, int8, fp8-e4m3, fp8-e5m2, bf16")
        }
        guard let m = MACMode(rawValue: mode) else { throw ValidationError("--mode '\(mode)' is not allowed; allowed: accurate, approximate") }
        c.format = f
        c.mode = m
        c.mantissaBits = mantissaBits
    }
}

/// Options of the digital macro shared by `mac`, `mac-stats` and `train`.
struct DigitalMacroOptions: ParsableArguments {
    @OptionGroup var arithmetic: DigitalFormatOptions

    @Option(help: "Mantissa encoding of the cells and multipliers: sign-magnitude or twos-complement (the earlier approximate scheme).")
    var mantissaEncoding: String = "sign-magnitude"

    @Option(help: "Pre-alignment: vector (VWPA) or tensor.")
    var alignment: String = "vector"

    @Option(help: "Clock policy: signoff (statistical: SS die with mismatch and residual at the macro timing yield, worst temperature, + margin), signoff-nominal (SS without mismatch, the older rule), binned (each die speed-binned at 27 °C), nominal (TT / 0.9 V / 27 °C clock at every VDD) or fixed.")
    var clock: String = "signoff"

    @Option(help: "Clock frequency in MHz, with --clock fixed.")
    var frequencyMhz: Double?

    @Option(help: "Macro timing yield the signoff clock is set for, in (0, 1), with --clock signoff.")
    var signoffYield: Double = 0.999

    @Option(help: "Signoff margin for jitter, IR drop and aging (0.05 = 5 %), with --clock signoff, signoff-nominal or nominal.")
    var signoffMargin: Double = 0.05

    @Option(help: "Speed-bin ladder in MHz, ascending, comma-separated (default 25, 50, ..., 2000), with --clock binned.")
    var binLadderMhz: String?

    @Option(help: "Fixed guard band of speed binning (0.05 = 5 %), with --clock binned; default: 1.05 × the temperature guard band at the VDD.")
    var binGuardBand: Double?

    @Option(help: "Probability a bit on a failing timing path is sensitised per evaluation, [0, 1].")
    var pSensitize: Double = 0.5

    func config() throws -> DigitalMacroConfig {
        var c = DigitalMacroConfig()
        try arithmetic.apply(to: &c)
        guard let a = Alignment(rawValue: alignment) else { throw ValidationError("--alignment '\(alignment)' is not allowed; allowed: vector, tensor") }
        guard let e = MantissaEncoding(rawValue: mantissaEncoding) else {
            throw ValidationError("--mantissa-encoding '\(mantissaEncoding)' is not allowed; allowed: sign-magnitude, twos-complement")
        }
        c.encoding = e
        c.alignment = a
        c.pSensitize = pSensitize
        switch clock {
        case "signoff": c.clock = .signoff(yield: signoffYield, margin: signoffMargin)
        case "signoff-nominal": c.clock = .signoffNominal(margin: signoffMargin)
        case "nominal": c.clock = .nominal(margin: signoffMargin)
        case "binned":
            var ladder = ClockPolicy.defaultLadderMHz
            if let text = binLadderMhz {
                let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.allSatisfy({ Double($0) != nil }) else {
                    throw ValidationError("--bin-ladder-mhz '\(text)' is not a comma-separated list of frequencies in MHz")
                }
                ladder = parts.map { Double($0)! }
            }
            c.clock = .binned(ladderMHz: ladder, guardBand: binGuardBand)
        case "fixed":
            guard let fr = frequencyMhz else { throw ValidationError("--clock fixed needs --frequency-mhz F") }
            c.clock = .fixed(frequencyMHz: fr)
        default: throw ValidationError("--clock '\(clock)' is not allowed; allowed: \(ClockPolicy.names.joined(separator: ", "))")
        }
        if let (key, message) = c.validationProblem() { throw ValidationError("--\(key.replacingOccurrences(of: "_", with: "-")): \(message)") }
        return c
    }
}

/// Options of the analog macro shared by `mac` and `mac-stats`.
struct AnalogMacroOptions: ParsableArguments {
    @Option(help: "Analog: weight bits, sign included [2, 8].")
    var weightBits: Int = 8

    @Option(help: "Analog: input bits [2, 8]: unsigned inputs use all of them, signed ones a sign and input-bits − 1 magnitude bits.")
    var inputBits: Int = 8

    @Option(help: "Analog: ADC resolution in bits [1, 10]; LSB = adc-range / 2^bits.")
    var adcBits: Int = 7

    @Option(help: "Analog: ADC full scale in nominal cells (0, rows-on] (default: rows-on).")
    var adcRange: Double?

    @Option(help: "Analog: comparator offsets untrimmed, autozero, trimmed or none (default: autozero with design calibration, trimmed otherwise).")
    var adcOffset: String?

    @Option(help: "Analog: weight encoding twos-complement, sign-magnitude or differential.")
    var weightEncoding: String = "twos-complement"

    @Option(help: "Analog: rows read per conversion [1, 64].")
    var rowsOn: Int = 64

    @Option(help: "Analog: calibration design (reference fixed at TT / 0.9 V / 27 °C), die (trimmed per die at 27 °C) or tracking (replica column follows V and T).")
    var calibration: String = "die"

    func config() throws -> AnalogMacroConfig {
        var c = AnalogMacroConfig()
        c.weightBits = weightBits
        c.inputBits = inputBits
        c.adcBits = adcBits
        c.rowsOn = rowsOn
        guard let cal = AnalogCalibration(rawValue: calibration) else {
            throw ValidationError("--calibration '\(calibration)' is not allowed; allowed: design, die, tracking")
        }
        c.calibration = cal
        c.adcRange = adcRange
        if let o = adcOffset {
            guard let mode = ADCOffsetMode(rawValue: o) else {
                throw ValidationError("--adc-offset '\(o)' is not allowed; allowed: \(ADCOffsetMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            c.adcOffset = mode
        }
        guard let encoding = AnalogWeightEncoding(rawValue: weightEncoding) else {
            throw ValidationError("--weight-encoding '\(weightEncoding)' is not allowed; allowed: \(AnalogWeightEncoding.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        c.weightEncoding = encoding
        if let (key, message) = c.validationProblem() { throw ValidationError("--\(key.replacingOccurrences(of: "_", with: "-")): \(message)") }
        return c
    }
}
