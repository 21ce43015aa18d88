import ArgumentParser
import Foundation
import Macros
import Variation

/// `cimpvt energy`: efficiency, energy per operation, clock and throughput of a macro at an operating point.
struct EnergyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "energy",
        abstract: "Energy efficiency (TOPS/W), energy per operation, clock and throughput of a macro at a PVT point.",
        discussion: "Random operands with the given sparsity (1 MAC = 2 operations, as the seed paper counts). Defaults are the paper's measurement conditions: a typical (TT, mismatch-free) die at 27 °C at its own maximum clock. The digital model is calibrated to the paper's eight published efficiency ends; the analog one is built from the bitline swing, word-line drivers, a Walden-FoM ADC and the digital shift-add (docs/energy.md). --vdd takes a comma-separated list; --csv prints one row per VDD (default list 0.20 … 1.00 V), the efficiency-vs-VDD curve."
    )

    @Option(help: "Macro kind: digital (ISSCC 2025 14.5) or analog (current-domain transpose CIM).")
    var macro: String = "digital"
    @OptionGroup var arithmetic: DigitalFormatOptions
    @Option(help: "Process corner of the die: TT, FF, SS, FS or SF (mismatch-free).")
    var process: String = "TT"
    @Option(help: "Supply voltage(s) in V, [0.2, 1.5]; a comma-separated list gives one row each.")
    var vdd: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Temperature in °C, [-55, 150]; negative values as --temp -40.", valueName: "°C"))
    var temp: Double = 27
    @Option(help: "Share of zero weights, [0, 1).")
    var sparsity: Double = 0
    @Option(help: "Share of zero inputs, [0, 1).")
    var inputSparsity: Double = 0
    @Option(help: "Digital clock: max (the die's own critical path, as the paper measured), binned, signoff, signoff-nominal, nominal or fixed (with --frequency-mhz).")
    var clock: String = "max"
    @Option(help: "Clock frequency in MHz, with --clock fixed.")
    var frequencyMhz: Double?
    @OptionGroup var analog: AnalogMacroOptions
    @OptionGroup var technology: TechnologyOptions
    @Option(help: "Analog: Walden figure of merit of the column ADC, fJ per conversion step (0, 1000].")
    var adcFomFj: Double = AnalogEnergyModel.defaultWaldenFJ
    @Flag(help: "Print JSON: macro, vdd, temperature, process, tops_per_w, pj_per_op, gops, power_mw, leakage_share, clock_mhz (digital) or conversion_ns (analog), and minimum_energy_vdd with its tops_per_w (digital at the max clock; else null).")
    var json = false
    @Flag(help: "Print the digital model's calibration: the paper's eight efficiency ends beside the model's, and the fitted constants.")
    var published = false
    @Flag(help: "Print CSV: vdd,clock_mhz,conversion_ns,tops_per_w,pj_per_op,gops,power_mw,leakage_share, one row per VDD.")
    var csv = false

    func query() throws -> EnergyQuery {
        guard let p = ProcessCorner(name: process), p != .population else {
            throw ValidationError("--process '\(process)' is not a process corner; allowed: TT, FF, SS, FS, SF")
        }
        guard (-55...150).contains(temp) else { throw ValidationError("--temp \(temp) is out of range; allowed [-55, 150] °C") }
        guard (0..<1).contains(sparsity) else { throw ValidationError("--sparsity \(sparsity) is out of range; allowed [0, 1)") }
        guard (0..<1).contains(inputSparsity) else { throw ValidationError("--input-sparsity \(inputSparsity) is out of range; allowed [0, 1)") }
        let kind: EnergyQuery.Macro
        switch macro {
        case "digital":
            var c = DigitalMacroConfig()
            try arithmetic.apply(to: &c)
            if let (key, message) = c.validationProblem() { throw ValidationError("--\(key.replacingOccurrences(of: "_", with: "-")): \(message)") }
            kind = .digital(format: c.format, mode: c.mode, bits: c.bits)
        case "analog":
            guard adcFomFj > 0, adcFomFj <= 1000 else { throw ValidationError("--adc-fom-fj \(adcFomFj) is out of range; allowed (0, 1000]") }
            var c = try analog.config()
            c.adcWaldenFJ = adcFomFj
            kind = .analog(c)
        default:
            throw ValidationError("--macro '\(macro)' is not allowed; allowed: digital, analog")
        }
        var q = EnergyQuery(macro: kind)
        q.card = try technology.card()
        q.process = p
        q.temperatureC = temp
        q.weightSparsity = sparsity
        q.inputSparsity = inputSparsity
        switch clock {
        case "max": q.clock = .maximum
        case "signoff": q.clock = .policy(.signoff())
        case "signoff-nominal": q.clock = .policy(.signoffNominal())
        case "nominal": q.clock = .policy(.nominal())
        case "binned": q.clock = .policy(.binned(ladderMHz: ClockPolicy.defaultLadderMHz, guardBand: nil))
        case "fixed":
            guard let f = frequencyMhz else { throw ValidationError("--clock fixed needs --frequency-mhz F") }
            let policy = ClockPolicy.fixed(frequencyMHz: f)
            if let (_, message) = policy.validationProblem { throw ValidationError("--frequency-mhz: \(message)") }
            q.clock = .policy(policy)
        default:
            throw ValidationError("--clock '\(clock)' is not allowed; allowed: max, binned, signoff, signoff-nominal, nominal, fixed")
        }
        return q
    }

    func voltages() throws -> [Double] {
        guard let text = vdd else { return csv ? stride(from: 0.20, through: 1.0001, by: 0.05).map { ($0 * 100).rounded() / 100 } : [0.9] }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var list = [Double]()
        for s in parts {
            guard let v = Double(s), v >= 0.2, v <= 1.5 else { throw ValidationError("--vdd '\(s)' is not a voltage in [0.2, 1.5] V") }
            list.append(v)
        }
        return list
    }

    func run() throws {
        if published {
            let card = try technology.card()
            let k = DigitalEnergyCalibration.constants(card: card)
            emit("format,end,published_tops_per_w,model_tops_per_w,error")
            for r in DigitalEnergyCalibration.comparison(card: card) {
                emit("\(r.format.rawValue),\(r.end),\(r.published),\(fmt(r.model, 2)),\(fmt(100 * r.relativeError, 2))%")
            }
            emit("# constants: E_nib \(fmt(k.nibbleFJ, 3)) fJ, shared share s \(fmt(k.sharedShare, 4)), FP alignment a \(fmt(k.alignmentShare, 4))")
            return
        }
        let q = try query()
        let list = try voltages()
        let rows = list.map { q.answer(vdd: $0) }
        let digital: Bool = if case .digital = q.macro { true } else { false }
        let maximumClock: Bool = if case .maximum = q.clock { true } else { false }
        // The minimum-energy point only for the digital macro at its own maximum clock: the analog model's ADC
        // energy has no noise floor (docs/energy.md), so its curve over VDD says nothing near threshold.
        let mep = digital && maximumClock ? q.minimumEnergyPoint() : nil
        func opt(_ x: Double?) -> String { x.map { "\($0)" } ?? "" }
        if csv {
            emit("vdd,clock_mhz,conversion_ns,tops_per_w,pj_per_op,gops,power_mw,leakage_share")
            for r in rows {
                emit("\(r.vdd),\(opt(r.clockMHz)),\(opt(r.conversionNS)),\(r.point.topsPerW),\(r.point.pjPerOp),\(r.point.gops),\(r.point.powerMW),\(r.point.leakageShare)")
            }
            return
        }
        if json {
            let objects = rows.map { r in
                let speed = r.clockMHz.map { "\"clock_mhz\": \($0)" } ?? "\"conversion_ns\": \(r.conversionNS!)"
                let m = mep.map { "\"minimum_energy_vdd\": \($0.vdd), \"minimum_energy_tops_per_w\": \($0.point.topsPerW)" }
                    ?? "\"minimum_energy_vdd\": null"
                return "{\"macro\": \"\(macro)\", \"process\": \"\(q.process.rawValue)\", \"vdd\": \(r.vdd), \"temperature\": \(q.temperatureC), \"tops_per_w\": \(r.point.topsPerW), \"pj_per_op\": \(r.point.pjPerOp), \"gops\": \(r.point.gops), \"power_mw\": \(r.point.powerMW), \"leakage_share\": \(r.point.leakageShare), \(speed), \(m)}"
            }
            emit(objects.count == 1 ? objects[0] : "[" + objects.joined(separator: ",\n ") + "]")
            return
        }
        let what: String
        switch q.macro {
        case .digital(let f, let m, let b): what = "digital macro, \(f.rawValue) \(m.rawValue) (B = \(b)), clock \(clock)"
        case .analog(let c):
            what = "analog macro, \(c.weightBits)-bit weights (\(c.weightEncoding.rawValue)), \(c.inputBits)-bit inputs, \(c.adcBits)-bit ADC (Walden FoM \(fmt(c.adcWaldenFJ, 1)) fJ/step), calibration \(c.calibration.rawValue)"
        }
        emit("\(what)")
        emit("\(q.process.rawValue) die (mismatch-free), \(fmt(q.temperatureC, 0)) °C, \(fmt(100 * sparsity, 0)) % zero weights, \(fmt(100 * inputSparsity, 0)) % zero inputs")
        for r in rows {
            let speed = r.clockMHz.map { "clock \(fmt($0, 1)) MHz" } ?? "conversion \(fmt(r.conversionNS!, 3)) ns"
            emit("\(fmt(r.vdd, 3)) V  \(fmt(r.point.topsPerW, 2)) TOPS/W  \(fmt(1000 * r.point.pjPerOp, 2)) fJ/op  \(fmt(r.point.gops, 1)) GOPS  \(fmt(r.point.powerMW, 3)) mW  leakage \(fmt(100 * r.point.leakageShare, 2)) %  \(speed)")
        }
        if let m = mep {
            let edge = m.vdd <= 0.2 + 1e-9 ? " (at the scan's lower bound: the minimum lies at or below 0.2 V)" : ""
            emit("minimum-energy point over 0.20–1.00 V: \(fmt(m.vdd, 3)) V, \(fmt(m.point.topsPerW, 2)) TOPS/W\(edge)")
        }
    }
}
