import Variation

/// Everything the aggregator makes of a sweep's trials (docs/sweeps.md, results/README.md).
public struct SweepSummary: Sendable {
    /// Per (macro, corner), macros in sweep order, corners in sweep order.
    public let cells: [CornerSummary]
    /// Per corner and pair of macros (first analog-kind against first digital-kind macro when the
    /// sweep has both, else the first two macros): first − second degradation.
    public let paired: [PairedDifference]
    /// Per macro: the corner with the lowest yield (ties: highest mean degradation).
    public let worstCorner: [String: CornerSummary]
    /// Per macro: share of dies (process, index) whose degradation is within spec at every corner of
    /// their process in the sweep, with its interval, over the dies measured at every such corner.
    public let overallYield: [String: BinomialInterval]
    public let macros: [String]
    public let corners: [Corner]
    /// The criterion in use (with the noise band's threshold when judged relative to noise).
    public let criterion: YieldCriterion
    /// The workload's training-noise floor (nil when `noise_runs` is 0).
    public let noise: TrainingNoise?
    /// Per macro: every die across the corners of its process (``DieRecord``).
    public let dies: [String: [DieRecord]]

    public init(_ trials: [TrialOutcome], macros: [String], corners: [Corner], criterion given: YieldCriterion,
                noise: TrainingNoise? = nil)
    {
        self.macros = macros
        self.corners = corners
        self.noise = noise
        var criterion = given
        if criterion.relativeToNoise { criterion.noiseThresholdPP = noise?.band?.high }
        self.criterion = criterion
        let groups = Dictionary(grouping: trials) { "\($0.macro)|\($0.corner.label)" }
        var cells = [CornerSummary]()
        for m in macros { for c in corners {
            if let g = groups["\(m)|\(c.label)"] { cells.append(CornerSummary(g, criterion: criterion)) }
        } }
        self.cells = cells
        // The pair compared: analog against digital when both kinds are present.
        let kinds = Dictionary(trials.map { ($0.macro, $0.kind) }, uniquingKeysWith: { a, _ in a })
        let analog = macros.first { kinds[$0] == "analog" }, digital = macros.first { kinds[$0] == "digital" }
        let pair: (String, String)? = analog != nil && digital != nil ? (analog!, digital!)
            : macros.count >= 2 ? (macros[0], macros[1]) : nil
        paired = pair.map { p in
            corners.compactMap { c in
                guard let a = groups["\(p.0)|\(c.label)"], let b = groups["\(p.1)|\(c.label)"] else { return nil }
                return PairedDifference(a, b, confidence: criterion.confidence)
            }
        } ?? []
        var worst = [String: CornerSummary](), overall = [String: BinomialInterval](), perDie = [String: [DieRecord]]()
        for m in macros {
            perDie[m] = DieRecord.records(trials.filter { $0.macro == m }, criterion: criterion)
            let mine = cells.filter { $0.macro == m }
            if let w = mine.min(by: { ($0.yield.estimate, -$0.degradation.mean) < ($1.yield.estimate, -$1.degradation.mean) }) {
                worst[m] = w
            }
            // Dies measured at every corner of their process (with adaptive die counts, cells differ in
            // how many dies they ran; a die seen at some corners only says nothing of the others).
            let cornersOfProcess = Dictionary(grouping: mine, by: \.corner.process).mapValues(\.count)
            let dies = perDie[m]!.filter { $0.corners == cornersOfProcess[$0.process] }
            guard !dies.isEmpty else { continue }
            overall[m] = BinomialInterval(successes: dies.filter(\.passesEverywhere).count, trials: dies.count,
                                          confidence: criterion.confidence, method: criterion.interval)
        }
        worstCorner = worst
        overallYield = overall
        dies = perDie
    }
}
