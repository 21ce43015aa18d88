import Variation

/// The paired difference of two macros' degradation at one corner, die by die (common random
/// numbers: die k is the same silicon sample for both; MODELS §8).
///
///     d_k = degradation_A(k) − degradation_B(k),   mean ± t_{1−α/2, n−1} · s_d / √n
///
/// (Student-t interval on the n paired differences; with n = 1 the interval is unbounded.)
public struct PairedDifference: Sendable {
    public let first: String
    public let second: String
    public let corner: Corner
    /// Dies present for both macros.
    public let pairs: Int
    /// Mean of d_k, percentage points.
    public let mean: Double
    public let low: Double
    public let high: Double

    /// Pairs the trials of `a` and `b` at one corner by die index.
    public init?(_ a: [TrialOutcome], _ b: [TrialOutcome], confidence: Double) {
        let byDie = Dictionary(b.map { ($0.die, $0.degradationPP) }, uniquingKeysWith: { x, _ in x })
        let d = a.sorted { $0.die < $1.die }.compactMap { t in byDie[t.die].map { t.degradationPP - $0 } }
        guard let f = a.first, let s = b.first, !d.isEmpty else { return nil }
        first = f.macro
        second = s.macro
        corner = f.corner
        pairs = d.count
        let stats = SampleStatistics(d)
        mean = stats.mean
        if d.count > 1 {
            let t = StudentT.quantile(1 - (1 - confidence) / 2, degreesOfFreedom: Double(d.count - 1))
            let half = t * stats.standardDeviation / Double(d.count).squareRoot()
            low = mean - half
            high = mean + half
        } else {
            low = -.infinity
            high = .infinity
        }
    }
}
