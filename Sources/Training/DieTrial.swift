import Macros
import Variation

/// One trial: die `dieIndex` of `corner`, its layers built on `macro`, trained from the prepared
/// workload's start and tested on its test set (MODELS §7). A pure function of its inputs: the die's
/// silicon and run-time streams come from the master seed, the data from the workload seed.
public struct DieTrial: Sendable {
    public var corner: Corner
    public var dieIndex: Int
    public var macro: MacroChoice
    public var masterSeed: UInt64
    public var card: TechnologyCard

    public init(corner: Corner, dieIndex: Int, macro: MacroChoice, masterSeed: UInt64, card: TechnologyCard = TechnologyCard()) {
        self.corner = corner
        self.dieIndex = dieIndex
        self.macro = macro
        self.masterSeed = masterSeed
        self.card = card
    }

    /// Trains and tests on the die. `workload` must have been prepared with this die's workload seed.
    public func run(_ workload: PreparedWorkload) throws -> TrialResult {
        let layers = macro.macros(shapes: try workload.spec.weightShapes(), corner: corner, seed: masterSeed, dieIndex: dieIndex,
                                  card: card)
        let digital = layers.compactMap { $0 as? DigitalMacro }, analog = layers.compactMap { $0 as? AnalogMacro }
        let hardware = !digital.isEmpty || !analog.isEmpty
        let s = try TrainingSummary.train(macros: layers, spec: workload.spec, start: workload.start, train: workload.train,
                                          test: workload.test, seed: workload.seed)
        return TrialResult(accuracy: s.accuracy, baselineAccuracy: workload.baseline.accuracy, status: s.status,
                           forwardMACRMS: s.forwardError.relativeRMS, backwardMACRMS: s.backwardError.relativeRMS,
                           timingErrorEvents: s.counters.timingErrorEvents, failingCells: s.counters.failingCells,
                           finalLoss: Double(s.lastEpochLoss), steps: s.steps, clockMHz: digital.first.map { 1000 / $0.clockNS },
                           worstSlackNS: digital.map(\.worstSlackNS).min(),
                           conversionNS: analog.map(\.speed.conversionNS).max(), blockGMACs: analog.map(\.speed.blockGMACs).min(),
                           adcClipRate: analog.isEmpty ? nil : s.counters.adcConversions > 0
                               ? Double(s.counters.adcClips) / Double(s.counters.adcConversions) : 0,
                           energyJ: hardware ? s.counters.energyFJ * 1e-15 : nil, topsPerW: hardware ? s.counters.topsPerW ?? 0 : nil,
                           gops: hardware ? s.counters.gops ?? 0 : nil)
    }
}
