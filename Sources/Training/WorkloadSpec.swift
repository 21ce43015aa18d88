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
    /// `finetune` only: a stratified subset of the shifted training split fine-tuned on
    /// (`finetune_images`; nil = all of it) and the epochs on the die (`finetune_epochs`; nil = `epochs`,
    /// which is also the FP32 pre-training's length).
    public var finetuneImages: Int? = nil
    public var finetuneEpochs: Int? = nil

    public init() {}

    /// The workload seed of die `dieIndex` under master seed `master`.
    public func workloadSeed(master: UInt64, dieIndex: Int) -> StreamSeed {
        var s = StreamSeed(seed ?? master).absorbing("workload").absorbing(workload.rawValue).absorbing(scenario.rawValue)
        if variesPerDie { s = s.absorbing(dieIndex) }
        return s
    }

    /// Epochs of the training on the die (and of the baseline that repeats it).
    public var dieEpochs: Int { scenario == .finetune ? finetuneEpochs ?? training.epochs : training.epochs }

    /// The content key of the FP32 pre-training for workload seed `seed`: a hash of everything it
    /// depends on (dataset, subset, network, optimiser, seed) and nothing it does not.
    public func pretrainingKey(seed: StreamSeed) -> String {
        let content = "pretrain|\(workload.rawValue)|\(trainImages.map(String.init) ?? "all")|\(network.layers.map(\.description).joined(separator: ","))|"
            + "\(training.epochs)|\(training.batchSize)|\(training.learningRate.bitPattern)|\(training.momentum.bitPattern)|\(seed.value)"
        return String(StreamSeed.fnv1a(content), radix: 16)
    }

    /// The layer widths of the mlp network.
    public var widths: [Int] { training.resolvedWidths(workload) }

    /// The network trained.
    public var network: NetworkSpec { training.resolvedNetwork(workload) }

    /// (inputs, outputs) of every weight layer's macro; throws when the network does not fit the data.
    public func weightShapes() throws -> [(inputs: Int, outputs: Int)] {
        try network.weightShapes(input: workload.inputShape, classes: workload.classes)
    }
}
