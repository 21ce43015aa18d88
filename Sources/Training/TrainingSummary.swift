import Macros
import Variation

/// What one training run on a set of layer macros produced.
public struct TrainingSummary: Sendable {
    /// Test accuracy by inference on the same macros, in [0, 1].
    public let accuracy: Double
    public let status: TrainingStatus
    /// The FP32 master parameters at the end.
    public let parameters: NetworkParameters
    public let forwardError: MACErrorAccumulator
    public let backwardError: MACErrorAccumulator
    /// Hardware events summed over the layers.
    public let counters: MacroCounters
    /// Mean training loss of the last completed epoch (NaN if none completed).
    public let lastEpochLoss: Float
    public let steps: Int

    /// Trains `start` — the spec's network on `macros`, one per weight layer — for the spec's die epochs
    /// (data order from the workload seed's "order" stream) and tests on `test`.
    public static func train(macros layers: [CIMMacro], spec: WorkloadSpec, start: NetworkParameters, train: Dataset,
                             test: Dataset, seed: StreamSeed) throws -> TrainingSummary
    {
        let trainer = try Trainer(network: spec.network, input: spec.workload.inputShape, classes: spec.workload.classes,
                                  macros: layers, parameters: start, config: spec.training)
        let status = trainer.train(on: train, epochs: spec.dieEpochs, order: RandomStream(seed: seed.absorbing("order")))
        let accuracy = trainer.accuracy(on: test)
        var counters = MacroCounters()
        for m in layers {
            counters.timingErrorEvents += m.counters.timingErrorEvents
            counters.failingCells += m.counters.failingCells
            counters.macEvaluations += m.counters.macEvaluations
            counters.adcConversions += m.counters.adcConversions
            counters.adcClips += m.counters.adcClips
            counters.macs += m.counters.macs
            counters.energyFJ += m.counters.energyFJ
            counters.busyNS += m.counters.busyNS
        }
        return TrainingSummary(accuracy: accuracy, status: status, parameters: trainer.parameters,
                               forwardError: trainer.forwardError, backwardError: trainer.backwardError,
                               counters: counters, lastEpochLoss: trainer.lastEpochLoss, steps: trainer.steps)
    }
}
