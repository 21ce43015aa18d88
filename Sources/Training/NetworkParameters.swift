import Variation

/// The FP32 parameters of a network's weight layers, in order: W_ℓ (inputs_ℓ × outputs_ℓ, row-major,
/// the layout a ``Macros/CIMMacro`` stores; for a conv layer inputs = k²·C_in in (ky, kx, c) order) and
/// the bias b_ℓ (outputs_ℓ values) added digitally.
public struct NetworkParameters: Sendable, Equatable {
    /// (inputs, outputs) of every weight layer.
    public let inputs: [Int]
    public let outputs: [Int]
    public var weights: [[Float]]
    public var biases: [[Float]]

    public var layerCount: Int { inputs.count }

    /// He initialisation: W ~ N(0, 2 / fan_in) with fan_in = inputs (GSL ziggurat, layer by layer,
    /// row-major), b = 0.
    public init(heInitialised shapes: [(inputs: Int, outputs: Int)], stream: RandomStream) {
        precondition(!shapes.isEmpty && shapes.allSatisfy { $0.inputs > 0 && $0.outputs > 0 }, "a network needs weight layers")
        inputs = shapes.map(\.inputs)
        outputs = shapes.map(\.outputs)
        weights = shapes.map { s in
            let sigma = (2 / Double(s.inputs)).squareRoot()
            return (0..<(s.inputs * s.outputs)).map { _ in Float(stream.gaussian(sigma: sigma)) }
        }
        biases = shapes.map { [Float](repeating: 0, count: $0.outputs) }
    }

    /// The parameters of layers with these values.
    public init(inputs: [Int], outputs: [Int], weights: [[Float]], biases: [[Float]]) {
        precondition(inputs.count == outputs.count && weights.count == inputs.count && biases.count == inputs.count,
                     "one shape per layer")
        for l in 0..<inputs.count {
            let w: Int = weights[l].count, b: Int = biases[l].count
            precondition(w == inputs[l] * outputs[l] && b == outputs[l], "layer \(l) parameter shapes")
        }
        self.inputs = inputs
        self.outputs = outputs
        self.weights = weights
        self.biases = biases
    }

    /// True when every weight and bias is finite.
    public var isFinite: Bool {
        weights.allSatisfy { $0.allSatisfy(\.isFinite) } && biases.allSatisfy { $0.allSatisfy(\.isFinite) }
    }
}
