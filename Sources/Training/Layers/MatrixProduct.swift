import BLAS
import Macros

/// The products a weight layer computes with its macro and in FP32, for a matrix of `rows` input rows
/// of length `inputs` (a dense layer's batch, or a conv layer's im2col matrix): the macro's forward and
/// transposed reads with their sampled error against sgemm, and the weight gradient ∇W = Xᵀ·δ.
enum MatrixProduct {
    /// y = macro(x) (rows × outputs); with `sample`, the error against x·W in FP32 goes to `errors`.
    static func forward(_ macro: CIMMacro, weights: [Float], _ x: UnsafePointer<Float>, rows: Int,
                        into y: UnsafeMutablePointer<Float>, sample: Bool, errors: inout MACErrorAccumulator,
                        ideal: inout [Float]) throws
    {
        try macro.forward(x, batch: rows, into: y)
        guard sample else { return }
        let n = macro.outputs
        if ideal.count < rows * n { ideal = [Float](repeating: 0, count: rows * n) }
        ideal.withUnsafeMutableBufferPointer { id in
            sgemm(m: rows, n: n, k: macro.inputs, a: x, lda: macro.inputs, b: weights, ldb: n, c: id.baseAddress!, ldc: n)
            errors.add(macro: y, ideal: id.baseAddress!, count: rows * n)
        }
    }

    /// g = macro.backward(δ) = δ·Wᵀ through the transposed read (rows × inputs), sampled likewise.
    static func backward(_ macro: CIMMacro, weights: [Float], _ dy: UnsafePointer<Float>, rows: Int,
                         into g: UnsafeMutablePointer<Float>, sample: Bool, errors: inout MACErrorAccumulator,
                         ideal: inout [Float]) throws
    {
        try macro.backward(dy, batch: rows, into: g)
        guard sample else { return }
        let k = macro.inputs, n = macro.outputs
        if ideal.count < rows * k { ideal = [Float](repeating: 0, count: rows * k) }
        ideal.withUnsafeMutableBufferPointer { id in
            sgemm(m: rows, n: k, k: n, a: dy, lda: n, b: weights, ldb: n, transB: true, c: id.baseAddress!, ldc: k)
            errors.add(macro: g, ideal: id.baseAddress!, count: rows * k)
        }
    }

    /// ∇W = Xᵀ·δ (inputs × outputs) in FP32 sgemm.
    static func weightGradient(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, rows: Int, inputs: Int, outputs: Int,
                               into gradW: inout [Float])
    {
        gradW.withUnsafeMutableBufferPointer { gw in
            sgemm(m: inputs, n: outputs, k: rows, a: x, lda: inputs, transA: true, b: dy, ldb: outputs,
                  c: gw.baseAddress!, ldc: outputs)
        }
    }
}
