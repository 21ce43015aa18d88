import Variation

/// Everything about a trial's training that does not depend on the die: the dataset, the scenario,
/// the optimiser settings and the workload seed that fixes the split, the initialisation and the
/// data order.
public struct WorkloadSpec: Sendable, Hashable {
    public var workload: Workload = .digits
    public var scenario: Scenario = .scratch
    public var training = TrainingConfig()
    /// Workload seed; nil derives it from the sweep's master seed.
    public var seed: UInt64? = nil
    /// When true, each die gets its own initialisation and data order (its workload seed absorbs
    /// the die index); by default all dies share one, so the spread across dies is the hardware's alone.
    public var variesPerDie = false
    /// Stratified subsets of the training and test splits (`train_images`, `test_images`; nil = all).
    public var trainImages: Int? = nil
    public var testImages: Int? = nil

    public init() {}

    /// The workload seed of die `dieIndex` under master seed `master`.
    public func workloadSeed(master: UInt64, dieIndex: Int) -> StreamSeed {
        var s = StreamSeed(seed ?? master).absorbing("workload").absorbing(workload.rawValue).absorbing(scenario.rawValue)
        if variesPerDie { s = s.absorbing(dieIndex) }
        return s
    }

    /// The layer widths used.
    public var widths: [Int] { training.resolvedWidths(workload) }
}
