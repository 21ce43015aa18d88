/// Relative RMS error of a macro's products against the ideal FP32 product of the same operands,
/// accumulated over sampled products: √(Σ (y − ŷ)² / Σ ŷ²) (dimensionless; 0 for the ideal macro).
public struct MACErrorAccumulator: Sendable, Hashable {
    public private(set) var squaredError = 0.0
    public private(set) var squaredIdeal = 0.0
    public private(set) var samples = 0

    public init() {}

    /// Adds the elements of one product.
    mutating func add(macro y: UnsafePointer<Float>, ideal: UnsafePointer<Float>, count: Int) {
        var e = 0.0, s = 0.0
        for i in 0..<count {
            let d = Double(y[i]) - Double(ideal[i])
            e += d * d
            s += Double(ideal[i]) * Double(ideal[i])
        }
        squaredError += e
        squaredIdeal += s
        samples += count
    }

    /// √(Σ (y − ŷ)² / Σ ŷ²); 0 when nothing was sampled; NaN once a sample held a non-finite value.
    public var relativeRMS: Double { squaredIdeal > 0 ? (squaredError / squaredIdeal).squareRoot() : 0 }
}
