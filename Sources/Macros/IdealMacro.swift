import BLAS

/// The ideal product: FP32 weights and FP32 sgemm, no quantisation, no variation. It trains the
/// baseline every die is compared with (MODELS §7) and is `--macro ideal` on the command line.
public final class IdealMacro: CIMMacro {
    public let inputs: Int
    public let outputs: Int
    public let counters = MacroCounters()
    /// The stored weights, inputs × outputs row-major.
    public private(set) var weights: [Float]

    public init(inputs: Int, outputs: Int) {
        self.inputs = inputs
        self.outputs = outputs
        weights = [Float](repeating: 0, count: inputs * outputs)
    }

    public func write(weights: [Float]) throws {
        guard weights.count == inputs * outputs else {
            throw MacroError.shapeMismatch("weights have \(weights.count) values, the layer holds \(inputs)×\(outputs)")
        }
        self.weights = weights
    }

    /// y = x·W (sgemm).
    public func forward(_ x: UnsafePointer<Float>, batch: Int, into y: UnsafeMutablePointer<Float>) throws {
        sgemm(m: batch, n: outputs, k: inputs, a: x, lda: inputs, b: weights, ldb: outputs, c: y, ldc: outputs)
    }

    /// g = δ·Wᵀ (sgemm with W read transposed).
    public func backward(_ delta: UnsafePointer<Float>, batch: Int, into g: UnsafeMutablePointer<Float>) throws {
        sgemm(m: batch, n: inputs, k: outputs, a: delta, lda: outputs, b: weights, ldb: outputs, transB: true, c: g, ldc: inputs)
    }
}
