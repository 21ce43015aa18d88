import Variation

/// Descriptive statistics of a sample: mean, standard deviation (n − 1), min, max and quantiles.
///
/// Quantiles interpolate linearly between order statistics (Hyndman & Fan type 7, the default of R
/// and NumPy): q(p) = x₍ⱼ₎ + (h − j)(x₍ⱼ₊₁₎ − x₍ⱼ₎), h = (n − 1)p, j = ⌊h⌋, on the sorted sample.
public struct SampleStatistics: Sendable, Hashable, Codable {
    public let count: Int
    public let mean: Double
    /// Sample standard deviation (divisor n − 1); 0 for a single value.
    public let standardDeviation: Double
    public let min: Double
    public let max: Double
    private let sorted: [Double]

    public init(_ values: [Double]) {
        precondition(!values.isEmpty, "statistics of an empty sample")
        count = values.count
        sorted = values.sorted()
        let m = values.reduce(0, +) / Double(values.count)
        mean = m
        standardDeviation = values.count > 1
            ? (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot() : 0
        min = sorted.first!
        max = sorted.last!
    }

    /// Half-width of the two-sided Student-t interval of the mean, t_{1−α/2, n−1}·s/√n, at
    /// `confidence`; nil for a single value.
    public func meanHalfWidth(confidence: Double) -> Double? {
        guard count > 1 else { return nil }
        return StudentT.quantile(1 - (1 - confidence) / 2, degreesOfFreedom: Double(count - 1)) * standardDeviation / Double(count).squareRoot()
    }

    /// The p-quantile, p ∈ [0, 1] (type 7).
    public func quantile(_ p: Double) -> Double {
        let h = Double(count - 1) * p
        let j = Int(h.rounded(.down))
        guard j + 1 < count else { return sorted[count - 1] }
        return sorted[j] + (h - Double(j)) * (sorted[j + 1] - sorted[j])
    }
}
