import Macros
import Variation

/// 64-element dot products as on-device training presents them to a macro: the operands of an FP32
/// training run of the digits MLP (64-64-10, the default workload), recorded as the layers see them.
///
/// Forward pairs: (an input row x_b of a layer whose reduction dimension is 64, one weight column of
/// that layer) — the pixels into layer 1 and the ReLU activations into layer 2, with the weights as
/// they stand at that step. Backward pairs (`transpose`): (a δ row, one weight row) of every layer
/// whose backward product is computed and has at most 64 outputs — in the 64-64-10 MLP only layer 2
/// (the input gradient of layer 1 is never needed), whose 10 δ values fill 10 of the 64 columns of
/// its tile: the pair is padded with zeros to 64, as the macro sees it. The column (row) of each batch
/// row cycles with the step, so every output is sampled; `count` pairs are taken evenly over the run.
public enum TrainingOperands {
    /// The recorded pairs; the run is seeded by `seed` (split, initialisation and data order).
    public static func pairs(count: Int, seed: StreamSeed, transpose: Bool) throws -> (x: [[Float]], w: [[Float]]) {
        precondition(count >= 1, "at least one pair")
        let spec = WorkloadSpec()
        let split = DataSplit(try Dataset.shipped(spec.workload), stream: RandomStream(seed: seed.absorbing("split")),
                              trainImages: spec.trainImages, testImages: spec.testImages)
        let shapes = try spec.weightShapes()
        let start = NetworkParameters(heInitialised: shapes, stream: RandomStream(seed: seed.absorbing("init")))
        let recorders = shapes.map { OperandRecorder(inputs: $0.inputs, outputs: $0.outputs, transpose: transpose) }
        let trainer = try Trainer(network: spec.network, input: spec.workload.inputShape, classes: spec.workload.classes,
                                  macros: recorders, parameters: start, config: spec.training)
        _ = trainer.train(on: split.train, epochs: spec.training.epochs, order: RandomStream(seed: seed.absorbing("order")))
        let all = recorders.flatMap(\.recorded)
        precondition(!all.isEmpty, "the digits MLP has 64-element products in both directions")
        let picked = (0..<count).map { all[($0 * all.count) / count] }
        return (picked.map(\.x), picked.map(\.w))
    }
}

/// An ideal (FP32) layer that records the 64-element operand pairs of its products.
final class OperandRecorder: CIMMacro {
    let ideal: IdealMacro
    let transpose: Bool
    private(set) var recorded: [(x: [Float], w: [Float])] = []
    private var calls = 0
    var inputs: Int { ideal.inputs }
    var outputs: Int { ideal.outputs }
    var counters: MacroCounters { ideal.counters }

    init(inputs: Int, outputs: Int, transpose: Bool) {
        ideal = IdealMacro(inputs: inputs, outputs: outputs)
        self.transpose = transpose
    }

    func write(weights: [Float]) throws { try ideal.write(weights: weights) }

    func forward(_ x: UnsafePointer<Float>, batch: Int, into y: UnsafeMutablePointer<Float>) throws {
        if !transpose && inputs == 64 {
            let w = ideal.weights, n = outputs
            for b in 0..<batch {
                let j = (calls + b) % n
                recorded.append((Array(UnsafeBufferPointer(start: x + b * 64, count: 64)), (0..<64).map { w[$0 * n + j] }))
            }
            calls += 1
        }
        try ideal.forward(x, batch: batch, into: y)
    }

    func backward(_ delta: UnsafePointer<Float>, batch: Int, into g: UnsafeMutablePointer<Float>) throws {
        if transpose && outputs <= 64 {
            let w = ideal.weights, rows = inputs, n = outputs
            let padding = [Float](repeating: 0, count: 64 - n)
            for b in 0..<batch {
                let r = (calls + b) % rows
                recorded.append((Array(UnsafeBufferPointer(start: delta + b * n, count: n)) + padding,
                                 Array(w[(r * n)..<(r * n + n)]) + padding))
            }
            calls += 1
        }
        try ideal.backward(delta, batch: batch, into: g)
    }
}
