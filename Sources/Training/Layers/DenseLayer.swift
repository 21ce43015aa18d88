import Macros

/// A fully connected layer on its macro: y = macro(x) + b over the flattened input (MODELS §7).
/// Forward and transposed reads on the macro; ∇W = xᵀ·δ and ∇b = Σ δ in FP32.
final class DenseLayer: WeightLayer {
    let inputShape: TensorShape
    let outputShape: TensorShape
    let macro: CIMMacro
    private var p: LayerParameters
    private var ideal = [Float]()

    var weights: [Float] { p.weights }
    var bias: [Float] { p.bias }

    init(input: TensorShape, macro: CIMMacro, weights: [Float], bias: [Float]) {
        precondition(macro.inputs == input.count && weights.count == macro.inputs * macro.outputs && bias.count == macro.outputs,
                     "dense layer shape")
        inputShape = input
        outputShape = .flat(macro.outputs)
        self.macro = macro
        p = LayerParameters(weights: weights, bias: bias)
    }

    func forward(_ x: UnsafePointer<Float>, batch: Int, into y: UnsafeMutablePointer<Float>, sample: Bool,
                 errors: inout MACErrorAccumulator) throws
    {
        try MatrixProduct.forward(macro, weights: p.weights, x, rows: batch, into: y, sample: sample, errors: &errors, ideal: &ideal)
        p.addBias(y, rows: batch)
    }

    func backward(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, batch: Int, into dx: UnsafeMutablePointer<Float>?,
                  sample: Bool, errors: inout MACErrorAccumulator) throws
    {
        MatrixProduct.weightGradient(x, dy, rows: batch, inputs: macro.inputs, outputs: macro.outputs, into: &p.gradW)
        p.accumulateBiasGradient(dy, rows: batch)
        if let dx {
            try MatrixProduct.backward(macro, weights: p.weights, dy, rows: batch, into: dx, sample: sample, errors: &errors, ideal: &ideal)
        }
    }

    func update(eta: Float, mu: Float) -> Bool { p.update(eta: eta, mu: mu) }
}
