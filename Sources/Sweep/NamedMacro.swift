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
    static let digitalKeys = ["format", "mode", "mantissa_encoding", "alignment", "mantissa_bits", "clock", "signoff_yield", "signoff_margin", "frequency_mhz",
                              "bin_ladder_mhz", "bin_guard_band", "p_sensitize", "bias"]
    static let analogKeys = ["weight_bits", "input_bits", "adc_bits", "adc_range", "rows_on", "calibration", "adc_offset",
                             "weight_encoding", "bitline_ff", "full_scale_v", "read_noise", "adc_fom_fj"]

    /// Reads a digital macro's clock keys: `clock` and the keys of that policy (a key of another
    /// policy is an error naming the policy it belongs to).
    /// With `clock = "fixed"`, `frequency_mhz` may be a list (a frequency axis): one policy per frequency.
    static func readClock(_ r: inout TableReader) throws -> [ClockPolicy] {
        let name = try r.string("clock", default: "signoff", allowed: ClockPolicy.names)
        let owners = ["signoff_yield": ["signoff"], "signoff_margin": ["signoff", "signoff-nominal", "nominal"],
                      "frequency_mhz": ["fixed"], "bin_ladder_mhz": ["binned"], "bin_guard_band": ["binned"]]
        for (key, policies) in owners.sorted(by: { $0.key < $1.key }) where r.has(key) && !policies.contains(name) {
            throw r.error(key, "applies to clock = \(policies.map { "\"\($0)\"" }.joined(separator: " or ")), not \"\(name)\"")
        }
        let margin = try r.double("signoff_margin", default: 0.05, range: 0...10)
        switch name {
        case "signoff-nominal": return [.signoffNominal(margin: margin)]
        case "nominal": return [.nominal(margin: margin)]
        case "fixed":
            let file = r.file
            if r.table["frequency_mhz"]?.array != nil, let list = try r.array("frequency_mhz", element: { v, key -> Double in
                guard let x = TableReader.number(v) else { throw SpecError(file: file, key: key, "expected a number, found \(TableReader.typeName(v))") }
                try TableReader.check(x, range: 0...10_000, lowOpen: true, unit: "MHz") { SpecError(file: file, key: key, $0) }
                return x
            }) {
                guard (1...maxFrequencies).contains(list.count), Set(list).count == list.count else {
                    throw r.error("frequency_mhz", "a list of 1 to \(maxFrequencies) distinct frequencies in (0, 10000] MHz; got \(list.count)\(Set(list).count == list.count ? "" : " with repeats")")
                }
                return list.map { .fixed(frequencyMHz: $0) }
            }
            return [.fixed(frequencyMHz: try r.double("frequency_mhz", range: 0...10_000, lowOpen: true, unit: "MHz"))]
        case "binned":
            let file = r.file
            let ladder = try r.array("bin_ladder_mhz") { v, key -> Double in
                guard let x = TableReader.number(v) else { throw SpecError(file: file, key: key, "expected a number, found \(TableReader.typeName(v))") }
                try TableReader.check(x, range: 0...10_000, lowOpen: true, unit: "MHz") { SpecError(file: file, key: key, $0) }
                return x
            } ?? ClockPolicy.defaultLadderMHz
            let guardBand = r.has("bin_guard_band") ? try r.double("bin_guard_band", range: 0...10) : nil
            let policy = ClockPolicy.binned(ladderMHz: ladder, guardBand: guardBand)
            if let (key, message) = policy.validationProblem { throw r.error(key, message) }
            return [policy]
        default:
            let y = try r.double("signoff_yield", default: 0.999, range: 0...1, lowOpen: true)
            guard y < 1 else { throw r.error("signoff_yield", "1 is out of range; allowed (0, 1)") }
            return [.signoff(yield: y, margin: margin)]
        }
    }

    /// At most this many frequencies in one `frequency_mhz` list.
    static let maxFrequencies = 50

    /// The name of one frequency of a macro with a frequency axis: "NAME-400MHz".
    public static func name(_ base: String, frequencyMHz f: Double) -> String {
        base + "-" + (f == f.rounded() ? String(Int(f)) : "\(f)") + "MHz"
    }

    /// Reads one `[[macro]]` table: one macro, or one per frequency of a `frequency_mhz` list.
    static func read(_ r: inout TableReader) throws -> [NamedMacro] {
        let kind = try r.string("kind", allowed: ["analog", "digital", "ideal"])
        let name = try r.string("name", default: kind)
        if let problem = SafeName.problem(name) { throw r.error("name", problem) }
        switch kind {
        case "digital":
            var c = DigitalMacroConfig()
            let formats = NumberFormat.allCases.filter { $0 != .fp32 }.map(\.rawValue)
            c.format = NumberFormat(rawValue: try r.string("format", default: c.format.rawValue, allowed: formats))!
            c.mode = MACMode(rawValue: try r.string("mode", default: c.mode.rawValue, allowed: MACMode.allCases.map(\.rawValue)))!
            c.encoding = MantissaEncoding(rawValue: try r.string("mantissa_encoding", default: c.encoding.rawValue,
                                                                 allowed: MantissaEncoding.allCases.map(\.rawValue)))!
            c.alignment = Alignment(rawValue: try r.string("alignment", default: c.alignment.rawValue,
                                                           allowed: Alignment.allCases.map(\.rawValue)))!
            if r.has("mantissa_bits") { c.mantissaBits = try r.int("mantissa_bits", range: 2...8) }
            let clocks = try readClock(&r)
            c.clock = clocks[0]
            c.pSensitize = try r.double("p_sensitize", default: c.pSensitize, range: 0...1)
            c.bias = try r.bool("bias", default: c.bias)
            if let (key, message) = c.validationProblem() { throw r.error(key, message) }
            try r.finish(allowed: commonKeys + digitalKeys)
            guard clocks.count > 1 || r.table["frequency_mhz"]?.array != nil else { return [NamedMacro(name: name, choice: .digital(c))] }
            let reader = r
            return try clocks.map { clock in
                var one = c
                one.clock = clock
                guard case .fixed(let f) = clock else { preconditionFailure("a frequency axis is of fixed clocks") }
                let full = Self.name(name, frequencyMHz: f)
                if let problem = SafeName.problem(full) { throw reader.error("name", "with frequency_mhz: \(problem)") }
                return NamedMacro(name: full, choice: .digital(one))
            }
        case "analog":
            var c = AnalogMacroConfig()
            c.weightBits = try r.int("weight_bits", default: c.weightBits, range: 2...8)
            c.inputBits = try r.int("input_bits", default: c.inputBits, range: 2...8)
            c.adcBits = try r.int("adc_bits", default: c.adcBits, range: 1...10)
            c.rowsOn = try r.int("rows_on", default: c.rowsOn, range: 1...64)
            if r.table["adc_range"] != nil {
                c.adcRange = try r.double("adc_range", range: 0...Double(c.rowsOn), lowOpen: true, unit: "nominal cells (≤ rows_on)")
            }
            c.calibration = AnalogCalibration(rawValue: try r.string("calibration", default: c.calibration.rawValue,
                                                                     allowed: AnalogCalibration.allCases.map(\.rawValue)))!
            if r.table["adc_offset"] != nil {
                c.adcOffset = ADCOffsetMode(rawValue: try r.string("adc_offset", allowed: ADCOffsetMode.allCases.map(\.rawValue)))!
            }
            c.weightEncoding = AnalogWeightEncoding(rawValue: try r.string("weight_encoding", default: c.weightEncoding.rawValue,
                                                                           allowed: AnalogWeightEncoding.allCases.map(\.rawValue)))!
            c.bitlineFF = try r.double("bitline_ff", default: c.bitlineFF, range: 0...1000, lowOpen: true, unit: "fF")
            c.fullScaleV = try r.double("full_scale_v", default: c.fullScaleV, range: 0...1, lowOpen: true, unit: "V")
            c.readNoise = try r.bool("read_noise", default: c.readNoise)
            c.adcWaldenFJ = try r.double("adc_fom_fj", default: c.adcWaldenFJ, range: 0...1000, lowOpen: true, unit: "fJ per conversion step")
            if let (key, message) = c.validationProblem() { throw r.error(key, message) }
            try r.finish(allowed: commonKeys + analogKeys)
            return [NamedMacro(name: name, choice: .analog(c))]
        default:
            try r.finish(allowed: commonKeys)
            return [NamedMacro(name: name, choice: .ideal)]
        }
    }
}
