import Macros
import Training

/// One `[[macro]]` of a sweep file: a name the results use and the macro it builds.
public struct NamedMacro: Sendable, Hashable {
    /// Column value in trials.csv and the label in reports (letters, digits, '-', '_', '.').
    public var name: String
    public var choice: MacroChoice

    public init(name: String, choice: MacroChoice) {
        self.name = name
        self.choice = choice
    }

    /// The sweep default when a file lists no `[[macro]]`: analog INT8 (die calibration) and digital
    /// BF16 accurate, both with their default options.
    public static let defaults = [NamedMacro(name: "analog-int8", choice: .analog(AnalogMacroConfig())),
                                  NamedMacro(name: "digital-bf16", choice: .digital(DigitalMacroConfig()))]

    static let commonKeys = ["name", "kind"]
    static let digitalKeys = ["format", "mode", "alignment", "mantissa_bits", "clock", "frequency_mhz", "p_sensitize", "bias"]
    static let analogKeys = ["weight_bits", "input_bits", "adc_bits", "rows_on", "calibration", "read_noise"]

    /// Reads one `[[macro]]` table.
    static func read(_ r: inout TableReader) throws -> NamedMacro {
        let kind = try r.string("kind", allowed: ["analog", "digital", "ideal"])
        let name = try r.string("name", default: kind)
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw r.error("name", "'\(name)' is not a usable macro name; allowed: letters, digits, '-', '_', '.'")
        }
        switch kind {
        case "digital":
            var c = DigitalMacroConfig()
            let formats = NumberFormat.allCases.filter { $0 != .fp32 }.map(\.rawValue)
            c.format = NumberFormat(rawValue: try r.string("format", default: c.format.rawValue, allowed: formats))!
            c.mode = MACMode(rawValue: try r.string("mode", default: c.mode.rawValue, allowed: MACMode.allCases.map(\.rawValue)))!
            c.alignment = Alignment(rawValue: try r.string("alignment", default: c.alignment.rawValue,
                                                           allowed: Alignment.allCases.map(\.rawValue)))!
            if r.has("mantissa_bits") { c.mantissaBits = try r.int("mantissa_bits", range: 2...16) }
            switch try r.string("clock", default: "signoff", allowed: ["signoff", "nominal", "fixed"]) {
            case "nominal": c.clock = .nominal()
            case "fixed": c.clock = .fixed(frequencyMHz: try r.double("frequency_mhz", range: 0...100_000, lowOpen: true, unit: "MHz"))
            default: c.clock = .signoff()
            }
            c.pSensitize = try r.double("p_sensitize", default: c.pSensitize, range: 0...1)
            c.bias = try r.bool("bias", default: c.bias)
            if let (key, message) = c.validationProblem() { throw r.error(key, message) }
            try r.finish(allowed: commonKeys + digitalKeys)
            return NamedMacro(name: name, choice: .digital(c))
        case "analog":
            var c = AnalogMacroConfig()
            c.weightBits = try r.int("weight_bits", default: c.weightBits, range: 2...8)
            c.inputBits = try r.int("input_bits", default: c.inputBits, range: 2...8)
            c.adcBits = try r.int("adc_bits", default: c.adcBits, range: 1...10)
            c.rowsOn = try r.int("rows_on", default: c.rowsOn, range: 1...64)
            c.calibration = AnalogCalibration(rawValue: try r.string("calibration", default: c.calibration.rawValue,
                                                                     allowed: AnalogCalibration.allCases.map(\.rawValue)))!
            c.readNoise = try r.bool("read_noise", default: c.readNoise)
            if let (key, message) = c.validationProblem() { throw r.error(key, message) }
            try r.finish(allowed: commonKeys + analogKeys)
            return NamedMacro(name: name, choice: .analog(c))
        default:
            try r.finish(allowed: commonKeys)
            return NamedMacro(name: name, choice: .ideal)
        }
    }
}
