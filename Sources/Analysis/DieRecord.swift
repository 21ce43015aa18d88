import Variation

/// One die of one macro across the corners of its process: the view a product engineer screens with,
/// because die k is the same silicon at every VDD, temperature and macro (docs/reports.md, "Dies").
public struct DieRecord: Sendable {
    public let process: ProcessCorner
    public let index: Int
    /// Degradation at each corner of the process the sweep visited, pp, keyed by corner label.
    public let degradationPP: [String: Double]
    /// Corners where the die is within the criterion, and corners visited.
    public let passingCorners: Int
    public let corners: Int
    /// Labels of the corners where the die's training diverged.
    public let divergedCorners: Set<String>

    /// The dies of one macro's trials, by process (in ``ProcessCorner`` order) then index.
    public static func records(_ trials: [TrialOutcome], criterion: YieldCriterion) -> [DieRecord] {
        let byDie = Dictionary(grouping: trials) { "\($0.corner.process.rawValue)#\($0.die)" }
        return byDie.values.map { t in
            DieRecord(process: t[0].corner.process, index: t[0].die,
                      degradationPP: Dictionary(t.map { ($0.corner.label, $0.degradationPP) }, uniquingKeysWith: { a, _ in a }),
                      passingCorners: t.filter { criterion.passes(degradationPP: $0.degradationPP) }.count, corners: t.count,
                      divergedCorners: Set(t.filter(\.diverged).map(\.corner.label)))
        }.sorted {
            let a = ProcessCorner.allCases.firstIndex(of: $0.process)!, b = ProcessCorner.allCases.firstIndex(of: $1.process)!
            return (a, $0.index) < (b, $1.index)
        }
    }

    /// True when the die is within the criterion at every corner it was measured at.
    public var passesEverywhere: Bool { passingCorners == corners }
}
