import Variation

/// The paired difference of two macros' degradation at one corner, die by die (common random
/// numbers: die k is the same silicon sample for both; MODELS §8).
///
///     d_k = degradation_A(k) − degradation_B(k),   mean ± t_{1−α/2, n−1} · s_d / √n
///
/// (Student-t interval on the n paired differences, clipped to ±100 pp — degradation lies in
/// [−100, 100] pp, so no difference of two can leave it; with fewer than ``minimumPairs`` dies there is
/// no interval: a t-interval on 2 pairs is ±12.7 sd wide and says nothing.)
public struct PairedDifference: Sendable {
    public let first: String
    public let second: String
    public let corner: Corner
    /// Dies present for both macros.
    public let pairs: Int
    /// Mean of d_k, percentage points.
    public let mean: Double
    /// The interval, pp (nil with fewer than ``minimumPairs`` pairs).
    public let low: Double?
    public let high: Double?
    /// Pairs below which no interval is given.
    public static let minimumPairs = 3
    /// The bound of any degradation difference, pp.
    public static let bound = 100.0

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
        if d.count >= Self.minimumPairs, let half = stats.meanHalfWidth(confidence: confidence) {
            low = max(mean - half, -Self.bound)
            high = min(mean + half, Self.bound)
        } else {
            low = nil
            high = nil
        }
    }
}
