import Variation

/// Everything the aggregator makes of a sweep's trials (docs/sweeps.md, results/README.md).
public struct SweepSummary: Sendable {
    /// Per (macro, corner), macros in sweep order, corners in sweep order.
    public let cells: [CornerSummary]
    /// Per pair of macros, then per corner: first − second degradation on the same dies. The pairs:
    /// every analog-kind macro against every digital-kind one when the sweep has both, else the first
    /// two macros.
    public let paired: [PairedDifference]
    /// The pairs compared, [first, second], in the order of ``paired``.
    public let pairs: [[String]]
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
        // The pairs compared: every analog-kind macro against every digital-kind one when both kinds
        // are present, else the first two macros.
        let kinds = Dictionary(trials.map { ($0.macro, $0.kind) }, uniquingKeysWith: { a, _ in a })
        let analog = macros.filter { kinds[$0] == "analog" }, digital = macros.filter { kinds[$0] == "digital" }
        let pairs: [(String, String)] = !analog.isEmpty && !digital.isEmpty ? analog.flatMap { a in digital.map { (a, $0) } }
            : macros.count >= 2 ? [(macros[0], macros[1])] : []
        self.pairs = pairs.map { [$0.0, $0.1] }
        paired = pairs.flatMap { p in
            corners.compactMap { c in
                guard let a = groups["\(p.0)|\(c.label)"], let b = groups["\(p.1)|\(c.label)"] else { return nil }
                return PairedDifference(a, b, confidence: criterion.confidence)
            }
        }
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
