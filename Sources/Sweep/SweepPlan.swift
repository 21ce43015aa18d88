import Variation

/// One trial of a sweep: die `die` of corner `cornerIndex` on macro `macroIndex`.
public struct PlannedTrial: Sendable, Hashable {
    /// Position in the sweep: (corner · macros + macro) · dies + die, from 0.
    public let id: Int
    public let cornerIndex: Int
    public let macroIndex: Int
    public let die: Int
}

/// Every trial of a sweep in id order (docs/sweeps.md, "Trials and seeds").
///
/// A trial's randomness never depends on its id or on which machine runs it: the die's silicon and
/// run-time streams are keyed by (master seed, process name, die index, macro kind, layer, VDD, T)
/// and the workload by (workload seed, workload, scenario[, die]). Die k of a process is therefore
/// the same silicon at every VDD and temperature and under every macro (common random numbers).
public struct SweepPlan: Sendable {
    public let spec: SweepSpec
    public let trials: [PlannedTrial]

    public init(_ spec: SweepSpec) {
        self.spec = spec
        var t = [PlannedTrial]()
        t.reserveCapacity(spec.trialCount)
        for c in spec.corners.indices { for m in spec.macros.indices { for d in 0..<spec.diesPerCorner {
            t.append(PlannedTrial(id: t.count, cornerIndex: c, macroIndex: m, die: d))
        } } }
        trials = t
    }

    /// The trials of one shard, in id order.
    public func trials(in shard: Shard) -> [PlannedTrial] { trials.filter { shard.contains($0.id) } }
}
