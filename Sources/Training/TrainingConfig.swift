/// How a network is trained (docs/training.md). Defaults: 20 epochs of mini-batches of 32, SGD with
/// learning rate 0.05 and momentum 0.9, layer widths from the workload.
public struct TrainingConfig: Sendable, Hashable, Codable {
    /// Passes over the training split (on the die; also the FP32 pre-training length of `finetune`).
    public var epochs = 20
    /// Images per mini-batch (the last batch of an epoch may be smaller).
    public var batchSize = 32
    /// SGD step size η.
    public var learningRate: Float = 0.05
    /// Momentum μ: v ← μ·v + g, W ← W − η·v.
    public var momentum: Float = 0.9
    /// Layer widths of the `mlp` network, input first; nil = the workload's default.
    public var widths: [Int]? = nil
    /// The network; nil = the `mlp` of ``widths`` (docs/training.md "Networks").
    public var network: NetworkSpec? = nil
    /// Steps between samples of the macro's error against the ideal product (1 = every step).
    public var macSampleInterval = 8

    public init() {}

    /// The most weights a network may have (≈ 4 M: tens of MB per trial with the macro's cells).
    public static let maxWeights = 4_194_304

    /// The first problem with these values, as (key, message with the allowed range), or nil.
    public func validationProblem(workload: Workload) -> (key: String, message: String)? {
        if !(1...10_000).contains(epochs) { return ("epochs", "must be an integer in 1…10000, got \(epochs)") }
        if !(1...4096).contains(batchSize) { return ("batch", "must be an integer in 1…4096, got \(batchSize)") }
        if !(learningRate > 0 && learningRate.isFinite) { return ("learning_rate", "must be a positive number, got \(learningRate)") }
        if !(momentum >= 0 && momentum < 1) { return ("momentum", "must be in [0, 1), got \(momentum)") }
        if let w = widths {
            if w.count < 2 || w.contains(where: { $0 < 1 || $0 > 4096 }) {
                return ("widths", "must list at least two layer widths, each in 1…4096, got \(w)")
            }
            if w.first != workload.features {
                return ("widths", "must start with the workload's \(workload.features) input pixels for \(workload.rawValue), got \(w.first!)")
            }
            if w.last != workload.classes {
                return ("widths", "must end with \(workload.classes) classes, got \(w.last!)")
            }
            let weights = zip(w, w.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 }
            if weights > Self.maxWeights {
                return ("widths", "give a network of \(weights) weights; at most \(Self.maxWeights) fit a trial's memory (each weight is held by the FP32 master copy, the optimiser and the die's macro)")
            }
        }
        if let network, network.name != "mlp" {
            if widths != nil { return ("widths", "applies to the mlp network only; \(network.name) sets its own layers") }
            let shapes: [(inputs: Int, outputs: Int)]
            do { shapes = try network.weightShapes(input: workload.inputShape, classes: workload.classes) } catch {
                return (network.name == "custom" ? "layers" : "network", "\(error) (input \(workload.inputShape) for \(workload.rawValue))")
            }
            let weights = shapes.reduce(0) { $0 + $1.inputs * $1.outputs }
            if weights > Self.maxWeights {
                return (network.name == "custom" ? "layers" : "network", "give a network of \(weights) weights; at most \(Self.maxWeights) fit a trial's memory")
            }
        }
        if !(1...1_000_000).contains(macSampleInterval) { return ("mac_sample_interval", "must be in 1…1000000, got \(macSampleInterval)") }
        return nil
    }

    /// The widths actually used for `workload`'s mlp.
    public func resolvedWidths(_ workload: Workload) -> [Int] { widths ?? workload.defaultWidths }

    /// The network actually used for `workload`.
    public func resolvedNetwork(_ workload: Workload) -> NetworkSpec {
        if let network, network.name != "mlp" { return network }
        return .mlp(widths: resolvedWidths(workload))
    }
}
