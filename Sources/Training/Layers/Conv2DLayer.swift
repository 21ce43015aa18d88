import Macros

/// A 2-D convolution on its macro (MODELS §7): the batch is unfolded (``Im2Col``) into one row per
/// output pixel, the rows run through the macro as a dense layer's batch would (W is k²·C_in × C_out,
/// one filter per column), and the output rows are the NHWC output. The input gradient is
/// col2im(δ·Wᵀ) with δ·Wᵀ read through the macro's transposed path; ∇W = colsᵀ·δ and ∇b = Σ δ in FP32.
final class Conv2DLayer: WeightLayer {
    let inputShape: TensorShape
    let outputShape: TensorShape
    let macro: CIMMacro
    let unfolding: Im2Col
    private var p: LayerParameters
    private var cols = [Float](), gcols = [Float](), ideal = [Float]()

    var weights: [Float] { p.weights }
    var bias: [Float] { p.bias }

    init(input: TensorShape, kernel: Int, stride: Int, padding: Int, macro: CIMMacro, weights: [Float], bias: [Float]) {
        unfolding = Im2Col(input: input, kernel: kernel, stride: stride, padding: padding)
        precondition(macro.inputs == unfolding.windowSize && weights.count == macro.inputs * macro.outputs
                     && bias.count == macro.outputs, "conv2d layer shape")
        inputShape = input
        outputShape = TensorShape(channels: macro.outputs, height: unfolding.outputHeight, width: unfolding.outputWidth)
        self.macro = macro
        p = LayerParameters(weights: weights, bias: bias)
    }

    func forward(_ x: UnsafePointer<Float>, batch: Int, into y: UnsafeMutablePointer<Float>, sample: Bool,
                 errors: inout MACErrorAccumulator) throws
    {
        let rows = batch * unfolding.positions, k = unfolding.windowSize
        if cols.count < rows * k { cols = [Float](repeating: 0, count: rows * k) }
        try cols.withUnsafeMutableBufferPointer { c in
            unfolding.unfold(x, batch: batch, into: c.baseAddress!)
            try MatrixProduct.forward(macro, weights: p.weights, c.baseAddress!, rows: rows, into: y, sample: sample,
                                      errors: &errors, ideal: &ideal)
        }
        p.addBias(y, rows: rows)
    }

    /// Uses the unfolded matrix of the last `forward`, which must have been of the same batch.
    func backward(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, batch: Int, into dx: UnsafeMutablePointer<Float>?,
                  sample: Bool, errors: inout MACErrorAccumulator) throws
    {
        let rows = batch * unfolding.positions, k = unfolding.windowSize
        cols.withUnsafeBufferPointer { c in
            MatrixProduct.weightGradient(c.baseAddress!, dy, rows: rows, inputs: k, outputs: macro.outputs, into: &p.gradW)
        }
        p.accumulateBiasGradient(dy, rows: rows)
        guard let dx else { return }
        if gcols.count < rows * k { gcols = [Float](repeating: 0, count: rows * k) }
        try gcols.withUnsafeMutableBufferPointer { g in
            try MatrixProduct.backward(macro, weights: p.weights, dy, rows: rows, into: g.baseAddress!, sample: sample,
                                       errors: &errors, ideal: &ideal)
            unfolding.fold(g.baseAddress!, batch: batch, into: dx)
        }
    }

    func update(eta: Float, mu: Float) -> Bool { p.update(eta: eta, mu: mu) }
}
