import Variation

/// One trial of a sweep: die `die` of corner `cornerIndex` on macro `macroIndex`.
public struct PlannedTrial: Sendable, Hashable {
    /// Position in the sweep: (corner · macros + macro) · dies + die, from 0.
    public let id: Int
    public let cornerIndex: Int
    public let macroIndex: Int
    public let die: Int
}

/// The trials of a sweep in id order (docs/sweeps.md, "Trials and seeds"), computed from their ids:
/// nothing is materialised but the trials of the shard asked for.
///
/// A trial's randomness never depends on its id or on which machine runs it: the die's silicon and
/// run-time streams are keyed by (master seed, process name, die index, macro kind, layer, VDD, T)
/// and the workload by (workload seed, workload, scenario[, die]). Die k of a process is therefore
/// the same silicon at every VDD and temperature and under every macro (common random numbers).
public struct SweepPlan: Sendable {
    public let spec: SweepSpec

    /// The default of `--max-trials`: the most trials one run (a whole sweep, or one shard) may plan.
    public static let defaultMaxTrials = 2_000_000
    /// Memory a planned and finished trial takes in a run (the plan entry and its row), bytes: an estimate.
    public static let bytesPerTrial = 400

    public init(_ spec: SweepSpec) { self.spec = spec }

    /// Trial `id` (0 ≤ id < trialCount).
    public func trial(_ id: Int) -> PlannedTrial {
        let dies = spec.diesPerCorner, macros = spec.macros.count
        return PlannedTrial(id: id, cornerIndex: id / (dies * macros), macroIndex: (id / dies) % macros, die: id % dies)
    }

    /// How many trials `shard` holds (ids ≡ index mod count).
    public func count(in shard: Shard) -> Int {
        let n = spec.trialCount
        return n > shard.index ? (n - shard.index - 1) / shard.count + 1 : 0
    }

    /// The trials of one shard, in id order.
    public func trials(in shard: Shard) -> [PlannedTrial] {
        stride(from: shard.index, to: spec.trialCount, by: shard.count).map(trial)
    }

    /// Throws unless a run of `shard` plans at most `maxTrials` trials (with the memory that takes).
    public func checkSize(of shard: Shard, maxTrials: Int) throws {
        let n = count(in: shard)
        guard n <= maxTrials else {
            let gb = Double(n) * Double(Self.bytesPerTrial) / 1e9
            throw SweepError("this run plans \(n) trials\(shard.count > 1 ? " (shard \(shard))" : "") — about \(String(format: "%.1f", gb)) GB of results in memory, and at ~0.3 s per trial on one core — above the limit of \(maxTrials); split it with --shard, or raise the limit with --max-trials")
        }
    }
}
