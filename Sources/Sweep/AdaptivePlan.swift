import Analysis

/// Which trials a sweep needs, given the trials it has (docs/sweeps.md, "Adaptive die counts").
///
/// With a fixed `dies`, every trial id of the sweep. With adaptive die counts, each (macro, corner)
/// cell is followed round by round from `min_dies`: while every die below the cell's current count is
/// finished, ``AdaptiveDieCount/nextDieCount(passing:of:criterion:)`` of those dies decides whether the
/// cell is settled or how many dies its next round has. The plan is a pure function of the finished
/// rows, per cell, so the rows a sweep ends with — and so trials.csv — are the same for any number of
/// jobs, for a run killed and resumed at any moment, and for shards planned from merged rounds.
public struct AdaptivePlan: Sendable {
    /// One (macro, corner) cell: the dies it is planned to hold so far and whether it is settled.
    public struct Cell: Sendable, Equatable {
        public let macroIndex: Int
        public let cornerIndex: Int
        public let dies: Int
        public let settled: Bool
    }

    /// Cells in trial-id order (corner-major, then macro).
    public let cells: [Cell]
    /// Planned trials not among the rows, in id order.
    public let pending: [PlannedTrial]
    /// Rows no round plans (a die at or beyond its cell's planned count): only a journal edited by
    /// hand, or a shard's rows seen without the merged rounds they follow, hold any.
    public let unplanned: [Int]

    /// True when every cell is settled and every planned trial is among the rows.
    public var isExhausted: Bool { pending.isEmpty }
    /// Trials planned so far.
    public var plannedCount: Int { cells.reduce(0) { $0 + $1.dies } }

    /// Every planned trial (finished or not) whose id is in `shard`, in id order.
    public func planned(in shard: Shard) -> [PlannedTrial] {
        cells.flatMap { c -> [PlannedTrial] in
            let base = (c.cornerIndex * macros + c.macroIndex) * diesPerCell
            return (0..<c.dies).filter { shard.contains(base + $0) }
                .map { PlannedTrial(id: base + $0, cornerIndex: c.cornerIndex, macroIndex: c.macroIndex, die: $0) }
        }
    }

    /// How many planned trials `shard` holds.
    public func plannedCount(in shard: Shard) -> Int {
        shard.count == 1 ? plannedCount : planned(in: shard).count
    }

    private let macros: Int
    private let diesPerCell: Int

    /// The criterion a plan judges dies by: the sweep's, with the noise band's upper edge when it has
    /// adaptive die counts and `relative_to_noise` (a fixed plan judges nothing, so no noise run is trained).
    public static func criterion(for spec: SweepSpec) throws -> YieldCriterion {
        spec.adaptiveDies != nil ? try TrainingNoiseFloor.judgedCriterion(spec) : spec.yieldCriterion
    }

    /// The plan of `spec` given finished `rows` (any order; several folders' rows may be joined), with
    /// dies judged by `criterion` (``criterion(for:)``).
    public init(_ spec: SweepSpec, rows: [TrialRow], criterion: YieldCriterion) {
        let plan = SweepPlan(spec), dies = spec.diesPerCorner, macros = spec.macros.count
        var passes = [[Bool?]](repeating: [], count: spec.corners.count * macros)
        for r in rows where r.trial >= 0 && r.trial < spec.trialCount {
            let cell = r.trial / dies
            if passes[cell].isEmpty { passes[cell] = [Bool?](repeating: nil, count: dies) }
            passes[cell][r.trial % dies] = criterion.passes(degradationPP: r.result.degradationPP)
        }
        var cells = [Cell](), pending = [PlannedTrial](), unplanned = [Int]()
        for cell in 0..<passes.count {
            let got = passes[cell]
            var n = spec.adaptiveDies.map { min($0.minDies, dies) } ?? dies
            var settled = false
            while true {
                let missing = (0..<n).filter { got.isEmpty || got[$0] == nil }
                if !missing.isEmpty {
                    pending += missing.map { plan.trial(cell * dies + $0) }
                    break
                }
                guard let rule = spec.adaptiveDies,
                      let next = rule.nextDieCount(passing: got[0..<n].filter { $0 == true }.count, of: n, criterion: criterion)
                else { settled = true; break }
                n = next
            }
            if !got.isEmpty { unplanned += (n..<dies).filter { got[$0] != nil }.map { cell * dies + $0 } }
            cells.append(Cell(macroIndex: cell % macros, cornerIndex: cell / macros, dies: n, settled: settled))
        }
        self.cells = cells
        self.macros = macros
        self.diesPerCell = dies
        self.pending = pending
        self.unplanned = unplanned
    }
}
