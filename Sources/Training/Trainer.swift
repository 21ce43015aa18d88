import Foundation
import BLAS
import Macros
import Variation

/// Mini-batch training of an MLP whose matrix products run on CIM macros (MODELS §7).
///
/// Per step, for a batch X of B images:
///
///     forward   Z_ℓ = macro_ℓ.forward(A_ℓ) + b_ℓ,   A_{ℓ+1} = ReLU(Z_ℓ),   A_0 = X       (on the macro)
///     loss      L = −(1/B) Σ log softmax(Z_last)[label]                                  (FP32)
///     backward  δ_last = (softmax − onehot) / B
///               G = macro_ℓ.backward(δ_ℓ) = δ_ℓ·W_ℓᵀ  (transposed read),  δ_{ℓ−1} = G ⊙ [Z_{ℓ−1} > 0]
///     gradients ∇W_ℓ = A_ℓᵀ·δ_ℓ,  ∇b_ℓ = Σ_rows δ_ℓ                                       (FP32 sgemm)
///     update    v ← μ·v + ∇,  θ ← θ − η·v   on the FP32 master weights, then every macro is rewritten
///
/// The first layer's input gradient is never needed, so its transposed read is not used. A loss or
/// parameter that is not finite, or a macro refusing a non-finite operand, ends training as
/// ``TrainingStatus/diverged``; the macros then keep the last weights written.
public final class Trainer {
    public let layers: [CIMMacro]
    public private(set) var parameters: MLPParameters
    public let config: TrainingConfig
    /// Error of the forward products against the ideal product, sampled every `macSampleInterval` steps.
    public private(set) var forwardError = MACErrorAccumulator()
    /// Error of the transposed (backward) products, sampled likewise.
    public private(set) var backwardError = MACErrorAccumulator()
    /// Steps completed.
    public private(set) var steps = 0
    /// Mean loss of the last completed epoch.
    public private(set) var lastEpochLoss = Float.nan

    private var velocityW: [[Float]]
    private var velocityB: [[Float]]
    private let sampleErrors: Bool

    /// Writes `parameters` into `layers` (one macro per layer, shapes widths[ℓ] × widths[ℓ+1]).
    public init(layers: [CIMMacro], parameters: MLPParameters, config: TrainingConfig) throws {
        precondition(layers.count == parameters.layerCount, "one macro per layer")
        for (l, m) in layers.enumerated() {
            precondition(m.inputs == parameters.widths[l] && m.outputs == parameters.widths[l + 1], "layer \(l) shape")
        }
        self.layers = layers
        self.parameters = parameters
        self.config = config
        velocityW = parameters.weights.map { [Float](repeating: 0, count: $0.count) }
        velocityB = parameters.biases.map { [Float](repeating: 0, count: $0.count) }
        sampleErrors = !layers.allSatisfy { $0 is IdealMacro }
        for (l, m) in layers.enumerated() { try m.write(weights: parameters.weights[l]) }
    }

    /// Trains for `epochs` passes over `data`, each in a fresh random order (GSL shuffle on `order`).
    /// Returns `.diverged` at the first non-finite loss or parameter.
    public func train(on data: Dataset, epochs: Int, order: RandomStream) -> TrainingStatus {
        var buffers = Buffers(widths: parameters.widths, batch: min(config.batchSize, data.count))
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
        var buffers = Buffers(widths: parameters.widths, batch: min(batch, data.count))
        var correct = 0, start = 0
        let classes = parameters.widths.last!
        while start < data.count {
            let b = min(batch, data.count - start)
            let idx = start..<(start + b)
            if (try? forward(data, idx, &buffers)) != nil {
                let logits = buffers.z[layers.count - 1]
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

    /// Per-layer scratch: activations A_ℓ (A_0 is the input batch), pre-activations Z_ℓ, deltas, the
    /// transposed-read result and an ideal-product buffer for error sampling.
    struct Buffers {
        var a: [[Float]], z: [[Float]], delta: [[Float]], g: [[Float]], ideal: [Float]
        var gradW: [[Float]], gradB: [[Float]]
        init(widths: [Int], batch: Int) {
            let layers = widths.count - 1
            a = (0..<layers).map { [Float](repeating: 0, count: batch * widths[$0]) }
            z = (0..<layers).map { [Float](repeating: 0, count: batch * widths[$0 + 1]) }
            delta = z
            g = a
            ideal = [Float](repeating: 0, count: batch * (widths.max() ?? 1))
            gradW = (0..<layers).map { [Float](repeating: 0, count: widths[$0] * widths[$0 + 1]) }
            gradB = (0..<layers).map { [Float](repeating: 0, count: widths[$0 + 1]) }
        }
    }

    /// Forward pass of the images `idx` (consecutive positions `idx` of `data`, or via `perm`).
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
        for l in 0..<layers.count {
            let nIn = parameters.widths[l], nOut = parameters.widths[l + 1]
            try buf.a[l].withUnsafeBufferPointer { a in
                try buf.z[l].withUnsafeMutableBufferPointer { z in
                    try layers[l].forward(a.baseAddress!, batch: b, into: z.baseAddress!)
                    if sample {
                        buf.ideal.withUnsafeMutableBufferPointer { ideal in
                            sgemm(m: b, n: nOut, k: nIn, a: a.baseAddress!, lda: nIn, b: parameters.weights[l], ldb: nOut,
                                  c: ideal.baseAddress!, ldc: nOut)
                            forwardError.add(macro: z.baseAddress!, ideal: ideal.baseAddress!, count: b * nOut)
                        }
                    }
                    let bias = parameters.biases[l]
                    for r in 0..<b { for j in 0..<nOut { z[r * nOut + j] += bias[j] } }
                }
            }
            if l + 1 < layers.count {
                let count = b * nOut
                buf.z[l].withUnsafeBufferPointer { z in
                    buf.a[l + 1].withUnsafeMutableBufferPointer { a in
                        for i in 0..<count { a[i] = max(z[i], 0) }
                    }
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
        let L = layers.count, classes = parameters.widths[L]
        // Softmax cross-entropy and δ_last = (p − onehot) / B.
        var loss: Float = 0
        buf.z[L - 1].withUnsafeBufferPointer { z in
            buf.delta[L - 1].withUnsafeMutableBufferPointer { dl in
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
        // Backward through the layers.
        for l in stride(from: L - 1, through: 0, by: -1) {
            let nIn = parameters.widths[l], nOut = parameters.widths[l + 1]
            buf.a[l].withUnsafeBufferPointer { a in
                buf.delta[l].withUnsafeBufferPointer { d in
                    buf.gradW[l].withUnsafeMutableBufferPointer { gw in
                        sgemm(m: nIn, n: nOut, k: b, a: a.baseAddress!, lda: nIn, transA: true, b: d.baseAddress!, ldb: nOut,
                              c: gw.baseAddress!, ldc: nOut)
                    }
                    buf.gradB[l].withUnsafeMutableBufferPointer { gb in
                        for j in 0..<nOut { gb[j] = 0 }
                        for r in 0..<b { for j in 0..<nOut { gb[j] += d[r * nOut + j] } }
                    }
                }
            }
            guard l > 0 else { break }
            do {
                try buf.delta[l].withUnsafeBufferPointer { d in
                    try buf.g[l].withUnsafeMutableBufferPointer { g in
                        try layers[l].backward(d.baseAddress!, batch: b, into: g.baseAddress!)
                        if sample {
                            buf.ideal.withUnsafeMutableBufferPointer { ideal in
                                sgemm(m: b, n: nIn, k: nOut, a: d.baseAddress!, lda: nOut, b: parameters.weights[l], ldb: nOut,
                                      transB: true, c: ideal.baseAddress!, ldc: nIn)
                                backwardError.add(macro: g.baseAddress!, ideal: ideal.baseAddress!, count: b * nIn)
                            }
                        }
                    }
                }
            } catch { return nil }
            let count = b * nIn
            buf.g[l].withUnsafeBufferPointer { g in
                buf.z[l - 1].withUnsafeBufferPointer { z in
                    buf.delta[l - 1].withUnsafeMutableBufferPointer { d in
                        for i in 0..<count { d[i] = z[i] > 0 ? g[i] : 0 }
                    }
                }
            }
        }
        // SGD with momentum on the master weights, then rewrite the macros.
        let eta = config.learningRate, mu = config.momentum
        var finite = true
        for l in 0..<L {
            Self.update(&parameters.weights[l], &velocityW[l], buf.gradW[l], eta: eta, mu: mu, finite: &finite)
            Self.update(&parameters.biases[l], &velocityB[l], buf.gradB[l], eta: eta, mu: mu, finite: &finite)
        }
        guard finite else { return nil }
        do { for l in 0..<L { try layers[l].write(weights: parameters.weights[l]) } } catch { return nil }
        steps += 1
        return loss
    }

    /// v ← μ·v + g, θ ← θ − η·v; clears `finite` when a result is not finite.
    private static func update(_ theta: inout [Float], _ v: inout [Float], _ grad: [Float], eta: Float, mu: Float, finite: inout Bool) {
        var ok = true
        theta.withUnsafeMutableBufferPointer { t in
            v.withUnsafeMutableBufferPointer { vv in
                grad.withUnsafeBufferPointer { g in
                    for i in 0..<t.count {
                        vv[i] = mu * vv[i] + g[i]
                        t[i] -= eta * vv[i]
                        ok = ok && t[i].isFinite
                    }
                }
            }
        }
        if !ok { finite = false }
    }
}
