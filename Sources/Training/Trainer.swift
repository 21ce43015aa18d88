import Foundation
import Macros
import Variation

/// Mini-batch training of a network whose dense and conv products run on CIM macros (MODELS §7).
///
/// Per step, for a batch X of B images (NHWC):
///
///     forward   A_{i+1} = layer_i(A_i), A_0 = X; a weight layer's product on its macro, + bias (FP32)
///     loss      L = −(1/B) Σ log softmax(A_last)[label]                                  (FP32)
///     backward  δ_last = (softmax − onehot) / B, then layer by layer in reverse:
///               weight layers: ∇W = Xᵀ·δ, ∇b = Σ δ (FP32 sgemm), input gradient δ·Wᵀ by the macro's
///               transposed read (col2im'd for conv); ReLU, pooling and flatten in FP32
///     update    v ← μ·v + ∇,  θ ← θ − η·v   on the FP32 master weights, then every macro is rewritten
///
/// Nothing below the first weight layer needs an input gradient, so its transposed read is not used.
/// A loss or parameter that is not finite, or a macro refusing a non-finite operand, ends training as
/// ``TrainingStatus/diverged``; the macros then keep the last weights written.
public final class Trainer {
    public let network: NetworkSpec
    /// The macro of every weight layer, in order.
    public let macros: [CIMMacro]
    public let config: TrainingConfig
    /// Error of the forward products against the ideal product, sampled every `macSampleInterval` steps.
    public private(set) var forwardError = MACErrorAccumulator()
    /// Error of the transposed (backward) products, sampled likewise.
    public private(set) var backwardError = MACErrorAccumulator()
    /// Steps completed.
    public private(set) var steps = 0
    /// Mean loss of the last completed epoch.
    public private(set) var lastEpochLoss = Float.nan

    private let layers: [NetworkLayer]
    private let weightLayers: [WeightLayer]
    /// Index of the first weight layer: backward stops there.
    private let firstWeightLayer: Int
    private let sampleErrors: Bool

    /// Builds `network` for `input` images of `classes` classes on `macros` (one per weight layer, in
    /// order, shaped as ``NetworkSpec/weightShapes(input:classes:)``) and writes `parameters` into them.
    public init(network: NetworkSpec, input: TensorShape, classes: Int, macros: [CIMMacro], parameters: NetworkParameters,
                config: TrainingConfig) throws
    {
        let shapes = try network.shapes(input: input, classes: classes)
        precondition(macros.count == parameters.layerCount, "one macro per weight layer")
        var built = [NetworkLayer](), w = 0
        for (i, spec) in network.layers.enumerated() {
            let s = shapes[i]
            switch spec {
            case .dense:
                built.append(DenseLayer(input: s, macro: macros[w], weights: parameters.weights[w], bias: parameters.biases[w]))
                w += 1
            case .conv2d(_, let k, let stride, let padding):
                built.append(Conv2DLayer(input: s, kernel: k, stride: stride, padding: padding, macro: macros[w],
                                         weights: parameters.weights[w], bias: parameters.biases[w]))
                w += 1
            case .maxpool(let size, let stride): built.append(PoolingLayer(.max, input: s, size: size, stride: stride))
            case .avgpool(let size, let stride): built.append(PoolingLayer(.mean, input: s, size: size, stride: stride))
            case .flatten: built.append(FlattenLayer(input: s))
            case .relu: built.append(ReLULayer(input: s))
            }
            precondition(built.last!.outputShape == shapes[i + 1], "layer \(i) output shape")
        }
        precondition(w == macros.count, "one macro per weight layer")
        self.network = network
        self.macros = macros
        self.config = config
        layers = built
        weightLayers = built.compactMap { $0 as? WeightLayer }
        firstWeightLayer = built.firstIndex { $0 is WeightLayer }!
        sampleErrors = !macros.allSatisfy { $0 is IdealMacro }
        for (l, m) in macros.enumerated() { try m.write(weights: parameters.weights[l]) }
    }

    /// The FP32 master parameters as they stand.
    public var parameters: NetworkParameters {
        NetworkParameters(inputs: macros.map(\.inputs), outputs: macros.map(\.outputs), weights: weightLayers.map(\.weights),
                          biases: weightLayers.map(\.bias))
    }

    /// Trains for `epochs` passes over `data`, each in a fresh random order (GSL shuffle on `order`).
    /// Returns `.diverged` at the first non-finite loss or parameter.
    public func train(on data: Dataset, epochs: Int, order: RandomStream) -> TrainingStatus {
        var buffers = Buffers(layers: layers, batch: min(config.batchSize, data.count))
        for _ in 0..<epochs {
            let perm = order.permutation(data.count)
            var lossSum: Float = 0
            var start = 0
            while start < data.count {
                let b = min(config.batchSize, data.count - start)
                let loss = step(data, perm[start..<(start + b)], &buffers)
                guard let loss, loss.isFinite else { lastEpochLoss = loss ?? .nan; return .diverged }
                lossSum += loss * Float(b)
                start += b
            }
            lastEpochLoss = lossSum / Float(data.count)
        }
        return .ok
    }

    /// Share of `data` classified correctly by inference on the macros (argmax of the logits; an image
    /// whose logits are not all finite, or that a macro refuses, counts as wrong).
    public func accuracy(on data: Dataset, batch: Int = 256) -> Double {
        var buffers = Buffers(layers: layers, batch: min(batch, data.count))
        var correct = 0, start = 0
        let classes = layers.last!.outputShape.count
        while start < data.count {
            let b = min(batch, data.count - start)
            let idx = start..<(start + b)
            if (try? forward(data, idx, &buffers)) != nil {
                let logits = buffers.a[layers.count]
                for (row, i) in idx.enumerated() {
                    var best = 0, bestValue = -Float.infinity, finite = true
                    for c in 0..<classes {
                        let v = logits[row * classes + c]
                        if !v.isFinite { finite = false }
                        if v > bestValue { best = c; bestValue = v }
                    }
                    if finite && best == data.labels[i] { correct += 1 }
                }
            }
            start += b
        }
        return Double(correct) / Double(data.count)
    }

    /// Per-layer scratch: activations A_i (A_0 is the input batch, A_i the output of layer i − 1) and
    /// the loss gradients at them.
    struct Buffers {
        var a: [[Float]], grad: [[Float]]
        init(layers: [NetworkLayer], batch: Int) {
            let sizes = [layers[0].inputShape.count] + layers.map(\.outputShape.count)
            a = sizes.map { [Float](repeating: 0, count: batch * $0) }
            grad = a
        }
    }

    /// Forward pass of the images `idx` of `data`.
    private func forward<C: Collection>(_ data: Dataset, _ idx: C, _ buf: inout Buffers, sample: Bool = false) throws where C.Element == Int {
        let d = data.features
        var row = 0
        buf.a[0].withUnsafeMutableBufferPointer { a in
            data.pixels.withUnsafeBufferPointer { p in
                for i in idx {
                    (a.baseAddress! + row * d).update(from: p.baseAddress! + i * d, count: d)
                    row += 1
                }
            }
        }
        let b = row
        for (i, layer) in layers.enumerated() {
            try buf.a[i].withUnsafeBufferPointer { x in
                try buf.a[i + 1].withUnsafeMutableBufferPointer { y in
                    try layer.forward(x.baseAddress!, batch: b, into: y.baseAddress!, sample: sample, errors: &forwardError)
                }
            }
        }
    }

    /// One SGD step on the batch `idx`; returns the batch's mean loss, or nil when a macro refused an
    /// operand or the update produced a non-finite parameter.
    private func step(_ data: Dataset, _ idx: ArraySlice<Int>, _ buf: inout Buffers) -> Float? {
        let sample = sampleErrors && steps % config.macSampleInterval == 0
        let b = idx.count
        do { try forward(data, idx, &buf, sample: sample) } catch { return nil }
        let n = layers.count, classes = layers[n - 1].outputShape.count
        // Softmax cross-entropy and δ_last = (p − onehot) / B.
        var loss: Float = 0
        buf.a[n].withUnsafeBufferPointer { z in
            buf.grad[n].withUnsafeMutableBufferPointer { dl in
                for (r, i) in idx.enumerated() {
                    let row = z.baseAddress! + r * classes, out = dl.baseAddress! + r * classes
                    var mx = -Float.infinity
                    for c in 0..<classes { mx = max(mx, row[c]) }
                    var sum: Float = 0
                    for c in 0..<classes { let e = expf(row[c] - mx); out[c] = e; sum += e }
                    let label = data.labels[i]
                    loss += logf(sum) - (row[label] - mx)  // −log softmax, without underflow
                    for c in 0..<classes { out[c] = (out[c] / sum - (c == label ? 1 : 0)) / Float(b) }
                }
            }
        }
        loss /= Float(b)
        guard loss.isFinite else { return loss }
        // Backward through the layers, down to the first weight layer.
        do {
            for i in stride(from: n - 1, through: firstWeightLayer, by: -1) {
                try buf.a[i].withUnsafeBufferPointer { x in
                    try buf.grad[i + 1].withUnsafeBufferPointer { dy in
                        try buf.grad[i].withUnsafeMutableBufferPointer { dx in
                            try layers[i].backward(x.baseAddress!, dy.baseAddress!, batch: b,
                                                   into: i == firstWeightLayer ? nil : dx.baseAddress!, sample: sample,
                                                   errors: &backwardError)
                        }
                    }
                }
            }
        } catch { return nil }
        // SGD with momentum on the master weights, then rewrite the macros.
        var finite = true
        for layer in weightLayers where !layer.update(eta: config.learningRate, mu: config.momentum) { finite = false }
        guard finite else { return nil }
        do { for layer in weightLayers { try layer.macro.write(weights: layer.weights) } } catch { return nil }
        steps += 1
        return loss
    }
}
