import ArgumentParser
import Foundation
import Macros
import Training
import Variation

/// `cimpvt mac`: dot products from a CSV file through the macro model at a corner and die.
struct MACCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mac",
        abstract: "Compute 64-element dot products through the macro model at a PVT corner and die.",
        discussion: "Each row of the input CSV holds 64 x values then 64 w values (no header). The output CSV has the header y and one dot product per row, computed by die --die of the corner (drawn from --seed) through the full model: format rounding, pre-alignment, the accurate or approximate MAC, timing errors at the chosen clock, and failing bitcells. --transpose uses the backward (transposed) read of the same macro."
    )

    @OptionGroup var macroOnDie: MacroOnDieOptions
    @Option(help: "Input CSV: 128 numbers per row (64 x then 64 w).") var input: String

    func run() throws {
        let (x, w) = try readPairs(input)
        let (macro, _, _) = try macroOnDie.build()
        let y = try DotProductCharacterisation.evaluate(macro, x: x, w: w, transpose: macroOnDie.transpose)
        emit("y")
        for v in y { emit("\(Float(v))") }
    }

    func readPairs(_ path: String) throws -> ([[Float]], [[Float]]) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("--input \(path): cannot read the file")
        }
        var x = [[Float]](), w = [[Float]]()
        for (i, line) in text.split(whereSeparator: \.isNewline).enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map { Float($0.trimmingCharacters(in: .whitespaces)) }
            guard f.count == 128 else {
                throw ValidationError("--input \(path): line \(i + 1) must hold 128 finite numbers (64 x then 64 w), found \(f.count) fields")
            }
            if let k = f.firstIndex(where: { $0 == nil || !$0!.isFinite }) {
                throw ValidationError("--input \(path): line \(i + 1), field \(k + 1) (\(k < 64 ? "x[\(k)]" : "w[\(k - 64)]")) is not a finite number")
            }
            x.append(f[0..<64].map { $0! })
            w.append(f[64..<128].map { $0! })
        }
        guard !x.isEmpty else { throw ValidationError("--input \(path): no rows") }
        return (x, w)
    }
}

/// `cimpvt mac-stats`: error statistics of random dot products.
struct MACStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mac-stats",
        abstract: "Error statistics of random 64-element dot products through the macro model.",
        discussion: "Draws --samples pairs x, w with i.i.d. N(0, 1) elements (GSL, from --seed), computes each dot product through the macro at the corner and die, and compares with the exact FP64 dot product: NMED = mean|e| / max|exact|, RMSE, mean error, max |error|. The seed paper reports NMED 5.3 % for its approximate mode over 50 k random samples (normalisation and sample distribution not public)."
    )

    @OptionGroup var macroOnDie: MacroOnDieOptions
    @Option(help: "Number of random dot products (1…10000000).") var samples: Int = 50_000
    @Option(help: "Operand distribution: signed (x, w ~ N(0, 1)), unsigned (x = |N(0, 1)|, ReLU-like; w ~ N(0, 1)), uniform (x, w ~ U(−1, 1)) or training (the operands of an FP32 digits training run: pixels and activations with weight columns, or with --transpose δ with weight rows).") var inputs: String = "signed"
    @Flag(help: "Print JSON with keys nmed, rmse, mean_error, max_error, sd_error, gain, samples, timing_error_events, failing_cells (and, for the digital macro, clock_mhz and worst_slack_ns; for the analog macro, adc_clip_rate, read_noise_lsb, integration_ns, conversion_ns and block_gmacs).") var json = false

    func run() throws {
        guard (1...10_000_000).contains(samples) else { throw ValidationError("--samples must be in [1, 10000000]") }
        let (macro, description, c) = try macroOnDie.build()
        let die = macroOnDie.die
        let stream = RandomStream(seed: StreamSeed(macroOnDie.seed).absorbing("mac-stats-samples"))
        let x: [[Float]], w: [[Float]]
        if inputs == "training" {
            (x, w) = try TrainingOperands.pairs(count: samples, seed: StreamSeed(macroOnDie.seed).absorbing("mac-stats-training"),
                                                transpose: macroOnDie.transpose)
        } else {
            guard let distribution = DotProductCharacterisation.Operands(rawValue: inputs) else {
                throw ValidationError("--inputs '\(inputs)' is not allowed; allowed: signed, unsigned, uniform, training")
            }
            (x, w) = DotProductCharacterisation.randomPairs(count: samples, stream: stream, operands: distribution)
        }
        let y = try DotProductCharacterisation.evaluate(macro, x: x, w: w, transpose: macroOnDie.transpose)
        let s = DotProductCharacterisation.Stats(macro: y, exact: DotProductCharacterisation.exact(x: x, w: w))
        let digital = macro as? DigitalMacro, analog = macro as? AnalogMacro
        // The approximation's own error: against the accurate MAC on the same aligned operands.
        let circuit = try macroOnDie.accurateTwin().map {
            DotProductCharacterisation.Stats(macro: y, exact: try DotProductCharacterisation.evaluate($0, x: x, w: w, transpose: macroOnDie.transpose))
        }
        if json {
            let versus = circuit.map {
                ", \"nmed_vs_accurate\": \($0.nmed), \"mean_error_vs_accurate\": \($0.meanError), \"sd_error_vs_accurate\": \($0.sdError), \"gain_vs_accurate\": \($0.gain)"
            } ?? ""
            let clock = digital.map { ", \"clock_mhz\": \(1000 / $0.clockNS), \"worst_slack_ns\": \($0.worstSlackNS)" } ?? ""
            let adc = analog.map {
                ", \"adc_clip_rate\": \($0.adcClipRate), \"read_noise_lsb\": \($0.readNoiseSigmaLSB), \"integration_ns\": \($0.speed.integrationNS), \"conversion_ns\": \($0.speed.conversionNS), \"block_gmacs\": \($0.speed.blockGMACs)"
            } ?? ""
            let k = macro.counters
            let cost = k.topsPerW.map { ", \"energy_j\": \(k.energyFJ * 1e-15), \"tops_per_w\": \($0), \"pj_per_op\": \(k.energyFJ / (2e3 * Double(k.macs))), \"gops\": \(k.gops ?? 0)" } ?? ""
            emit("{\"nmed\": \(s.nmed), \"rmse\": \(s.rmse), \"mean_error\": \(s.meanError), \"max_error\": \(s.maxError), \"sd_error\": \(s.sdError), \"gain\": \(s.gain), \"samples\": \(s.samples), \"timing_error_events\": \(k.timingErrorEvents), \"failing_cells\": \(k.failingCells)\(versus)\(clock)\(adc)\(cost)}")
            return
        }
        emit("\(description), at \(c), die \(die)")
        emit("samples      \(s.samples)")
        let paper = description.contains("approximate") ? "   (against FP64; paper, approximate mode: 5.3 %)" : ""
        emit("NMED         \(fmt(100 * s.nmed, 4)) %\(paper)")
        emit("RMSE         \(fmt(s.rmse, 5))")
        emit("mean error   \(fmt(s.meanError, 5))   (sd \(fmt(s.sdError, 5)))")
        emit("max |error|  \(fmt(s.maxError, 5))")
        emit("gain         \(fmt(s.gain, 5))   (least-squares slope against the exact product)")
        if let v = circuit {
            emit("against the accurate MAC on the same operands (the approximation alone):")
            emit("  NMED       \(fmt(100 * v.nmed, 4)) %   mean error \(fmt(v.meanError, 5)) (sd \(fmt(v.sdError, 5)))   gain \(fmt(v.gain, 5))")
        }
        emit("timing-error events \(macro.counters.timingErrorEvents), failing cells \(macro.counters.failingCells)")
        if let tops = macro.counters.topsPerW, let gops = macro.counters.gops {
            emit("energy       \(fmt(tops, 2)) TOPS/W (\(fmt(macro.counters.energyFJ / (2 * Double(macro.counters.macs)), 2)) fJ/op, with one weight write), \(fmt(gops, 1)) GOPS (32 kb macro)")
        }
        if let d = digital { emit("clock        \(fmt(1000 / d.clockNS, 1)) MHz, worst path slack \(fmt(d.worstSlackNS, 3)) ns") }
        if let a = analog {
            emit("ADC clip rate \(fmt(100 * a.adcClipRate, 3)) %, read noise σ \(fmt(a.readNoiseSigmaLSB, 3)) LSB")
            emit("conversion   \(fmt(a.speed.conversionNS, 3)) ns (integration \(fmt(a.speed.integrationNS, 3)) + ADC \(fmt(a.speed.adcNS, 3))), \(fmt(a.speed.blockGMACs, 2)) GMAC/s per 64×64 block")
        }
    }
}

/// The corner, macro options, seed and die that `mac` and `mac-stats` share.
struct MacroOnDieOptions: ParsableArguments {
    @OptionGroup var corner: CornerOptions
    @OptionGroup var technology: TechnologyOptions
    @Option(help: "Macro kind: digital (ISSCC 2025 14.5) or analog (current-domain transpose CIM).")
    var macro: String = "digital"
    @OptionGroup var digital: DigitalMacroOptions
    @OptionGroup var analog: AnalogMacroOptions
    @Option(help: "Master seed.") var seed: UInt64 = 1
    @Option(help: "Die index within the corner (≥ 0).") var die: Int = 0
    @Flag(help: "Use the transposed (backward) read.") var transpose = false

    /// The accurate-mode twin of a digital approximate macro: the same die, cells and options in the
    /// accurate mode (nil for any other macro).
    func accurateTwin() throws -> DigitalMacro? {
        guard macro == "digital" else { return nil }
        var config = try digital.config()
        guard config.mode == .approximate else { return nil }
        config.mode = .accurate
        return DigitalMacro.onDie(inputs: 64, outputs: 64, config: config, corner: try corner.corner(), seed: seed, dieIndex: die,
                                  card: try technology.card())
    }

    /// The 64×64 macro of die `die` at the corner, with a one-line description.
    func build() throws -> (CIMMacro, String, Corner) {
        try checkSeed(seed)
        guard die >= 0 else { throw ValidationError("--die must be ≥ 0") }
        let c = try corner.corner()
        let card = try technology.card()
        switch macro {
        case "digital":
            let config = try digital.config()
            let m = DigitalMacro.onDie(inputs: 64, outputs: 64, config: config, corner: c, seed: seed, dieIndex: die, card: card)
            return (m, "digital \(config.format.rawValue) \(config.mode.rawValue), \(config.encoding.rawValue) mantissas, \(config.alignment.rawValue) alignment, B = \(config.bits), clock \(config.clock.name)", c)
        case "analog":
            let config = try analog.config()
            let m = AnalogMacro.onDie(inputs: 64, outputs: 64, config: config, corner: c, seed: seed, dieIndex: die, card: card)
            return (m, "analog INT\(config.weightBits) weights (\(config.weightEncoding.rawValue)), \(config.inputBits)-bit inputs, \(config.adcBits)-bit ADC over \(config.fullScaleCells == config.fullScaleCells.rounded() ? String(Int(config.fullScaleCells)) : String(config.fullScaleCells)) cells, \(config.rowsOn) rows on, \(config.calibration.rawValue) calibration, \(config.offsets.rawValue) offsets", c)
        default:
            throw ValidationError("--macro '\(macro)' is not allowed; allowed: digital, analog")
        }
    }
}
