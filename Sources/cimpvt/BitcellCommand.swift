import Analysis
import ArgumentParser
import Foundation
import Macros
import Sweep
import Variation

/// `cimpvt bitcell`: the per-cell failure probability of one stability margin at a corner.
struct BitcellCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bitcell",
        abstract: "Per-cell failure probability of a 6T bitcell margin at a PVT corner: analytic, plain Monte Carlo or importance sampling.",
        discussion: "Linear margin model M = a·(VDD − Vcrit(T, corner)) + Σ s_t·ΔVth_t over the cell's six Pelgrom draws (MODELS §6), at the process-corner centre. mc: share of failing draws with a Wilson interval; is: mean-shift importance sampling at the most probable failure point (Kanj et al., DAC 2006) with a normal interval; analytic: Φ(−μ/σ_M). Also prints the functional yield (1 − p)^N of a 32 Kb macro."
    )

    @OptionGroup var corner: CornerOptions
    @OptionGroup var technology: TechnologyOptions
    @Option(help: "Margin: hold, read or write.") var margin: String = "read"
    @Option(help: "Method: is (importance sampling), mc (plain Monte Carlo) or analytic.") var method: String = "is"
    @Option(help: "Samples for mc and is (1…100000000).") var samples: Int = 100_000
    @Option(help: "Seed of the sampling stream.") var seed: UInt64 = 1
    @Flag(help: "Print JSON with keys p_fail, ci_low, ci_high, samples, analytic, macro_yield.") var json = false

    func run() throws {
        try checkSeed(seed)
        let c = try corner.corner()
        guard let k = BitcellMargin(rawValue: margin) else { throw ValidationError("--margin '\(margin)' is not allowed; allowed: hold, read, write") }
        guard let m = LinearGaussianMargin.Method(rawValue: method) else { throw ValidationError("--method '\(method)' is not allowed; allowed: is, mc, analytic") }
        guard (1...100_000_000).contains(samples) else { throw ValidationError("--samples must be in 1…100000000") }
        let model = BitcellSurvey.margin(k, corner: c, card: try technology.card())
        let stream = RandomStream(seed: StreamSeed(seed).absorbing("bitcell").absorbing(c.label).absorbing(k.rawValue))
        let e = model.estimate(m, samples: samples, stream: stream)
        let y = LinearGaussianMargin.macroYield(cellFailure: e.pFail, cells: BitcellSurvey.macroCells)
        if json {
            emit("{\"p_fail\": \(e.pFail), \"ci_low\": \(e.ciLow), \"ci_high\": \(e.ciHigh), \"samples\": \(e.samples), \"analytic\": \(model.analyticFailureProbability), \"macro_yield\": \(y)}")
            return
        }
        emit("\(k.rawValue) margin at \(c), method \(m.rawValue)")
        emit("p_fail       \(String(format: "%.4e", e.pFail))   95 % [\(String(format: "%.4e", e.ciLow)), \(String(format: "%.4e", e.ciHigh))]   (\(e.samples) samples)")
        emit("analytic     \(String(format: "%.4e", model.analyticFailureProbability))   (μ/σ_M = \(String(format: "%.3f", model.mean / model.sigma)))")
        emit("32 Kb yield  \(String(format: "%.4f", y))")
    }
}
