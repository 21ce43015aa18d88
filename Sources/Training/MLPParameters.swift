import Variation

/// The parameters of a multilayer perceptron: layer ℓ maps widths[ℓ] inputs to widths[ℓ+1] outputs
/// with weights W_ℓ (widths[ℓ] × widths[ℓ+1], row-major, the layout a ``Macros/CIMMacro`` stores) and
/// an FP32 bias b_ℓ added digitally. Hidden layers use ReLU; the last layer's outputs are logits.
public struct MLPParameters: Sendable, Equatable {
    public let widths: [Int]
    public var weights: [[Float]]
    public var biases: [[Float]]

    public var layerCount: Int { widths.count - 1 }

    /// He initialisation: W ~ N(0, 2 / fan_in) (GSL ziggurat, layer by layer, row-major), b = 0.
    public init(heInitialised widths: [Int], stream: RandomStream) {
        precondition(widths.count >= 2 && widths.allSatisfy { $0 > 0 }, "an MLP needs at least two positive widths")
        self.widths = widths
        weights = (0..<(widths.count - 1)).map { l in
            let sigma = (2 / Double(widths[l])).squareRoot()
            return (0..<(widths[l] * widths[l + 1])).map { _ in Float(stream.gaussian(sigma: sigma)) }
        }
        biases = (0..<(widths.count - 1)).map { [Float](repeating: 0, count: widths[$0 + 1]) }
    }

    /// True when every weight and bias is finite.
    public var isFinite: Bool {
        weights.allSatisfy { $0.allSatisfy(\.isFinite) } && biases.allSatisfy { $0.allSatisfy(\.isFinite) }
    }
}
