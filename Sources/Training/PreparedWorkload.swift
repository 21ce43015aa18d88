import Macros
import Variation

/// The die-independent half of a trial, computed once per workload seed and shared by every die
/// that uses it: the train and test sets, the starting parameters, and the FP32 baseline.
///
/// Streams, all from the workload seed: "split" (stratified split), "shift" (domain shift, fine-tune
/// only), "finetune-subset" (the `finetune_images` subset), "init" (He initialisation),
/// "pretrain-order" (FP32 pre-training order, fine-tune only) and "order" (the data order of the
/// training on the die, which the baseline repeats exactly).
public struct PreparedWorkload: Sendable {
    public let spec: WorkloadSpec
    public let seed: StreamSeed
    /// What training on the die sees, and what it is tested on (shifted for `finetune`).
    public let train: Dataset
    public let test: Dataset
    /// Parameters training on the die starts from: the initialisation, or the pre-trained network.
    public let start: NetworkParameters
    /// The baseline: `start` trained on `train` with the ideal FP32 product, same data order.
    public let baseline: TrainingSummary

    /// Splits the data, initialises (and for `finetune` pre-trains, or loads the pre-training from
    /// `store` when it holds this content key) and trains the baseline.
    public init(spec: WorkloadSpec, seed: StreamSeed, data: Dataset, store: PretrainingStore? = nil) throws {
        precondition(data.workload == spec.workload, "dataset of another workload")
        self.spec = spec
        self.seed = seed
        let split = DataSplit(data, stream: RandomStream(seed: seed.absorbing("split")), trainImages: spec.trainImages,
                              testImages: spec.testImages)
        let shapes = try spec.weightShapes()
        let initial = NetworkParameters(heInitialised: shapes, stream: RandomStream(seed: seed.absorbing("init")))
        switch spec.scenario {
        case .scratch:
            train = split.train
            test = split.test
            start = initial
        case .finetune:
            let shift = RandomStream(seed: seed.absorbing("shift"))
            let shifted = DomainShift.apply(split.train, stream: shift)
            test = DomainShift.apply(split.test, stream: shift)
            if let n = spec.finetuneImages {
                train = shifted.subset(DataSplit.stratified(Array(0..<shifted.count), labels: shifted.labels, classes: spec.workload.classes,
                                                            count: n, stream: RandomStream(seed: seed.absorbing("finetune-subset"))).sorted())
            } else {
                train = shifted
            }
            let key = spec.pretrainingKey(seed: seed)
            if let stored = store?.load(key: key, inputs: shapes.map(\.inputs), outputs: shapes.map(\.outputs)) {
                start = stored
            } else {
                let pre = try Trainer(network: spec.network, input: spec.workload.inputShape, classes: spec.workload.classes,
                                      macros: Self.idealMacros(shapes), parameters: initial, config: spec.training)
                let status = pre.train(on: split.train, epochs: spec.training.epochs,
                                       order: RandomStream(seed: seed.absorbing("pretrain-order")))
                guard status == .ok else {
                    throw DatasetError(file: spec.workload.rawValue, "FP32 pre-training diverged: lower the learning rate")
                }
                start = pre.parameters
                try store?.save(start, key: key)
            }
        }
        baseline = try TrainingSummary.train(macros: Self.idealMacros(shapes), spec: spec, start: start,
                                             train: train, test: test, seed: seed)
    }

    /// The training-noise runs: `count` FP32 trainings of `start` on `train`, each with its own data
    /// order (stream "noise-order", run i), tested on `test`; their accuracies in run order. Only the
    /// order differs from the baseline: same data, same start, same hyper-parameters.
    public func noiseRunAccuracies(_ count: Int) throws -> [Double] {
        try (0..<count).map { i in
            try TrainingSummary.train(macros: Self.idealMacros(try spec.weightShapes()), spec: spec, start: start, train: train, test: test,
                                      seed: seed.absorbing("noise-order").absorbing(i)).accuracy
        }
    }

    static func idealMacros(_ shapes: [(inputs: Int, outputs: Int)]) -> [CIMMacro] {
        shapes.map { IdealMacro(inputs: $0.inputs, outputs: $0.outputs) }
    }
}
