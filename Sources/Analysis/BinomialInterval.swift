import Variation

/// A two-sided confidence interval for a binomial proportion p from x successes in n trials
/// (MODELS §8; docs/sweeps.md, "Yield").
///
/// Wilson score (default), z = Φ⁻¹(1 − α/2):
///
///     centre = (p̂ + z²/2n) / (1 + z²/n),   half = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²)
///
/// Clopper–Pearson (exact, conservative): lower = B⁻¹(α/2; x, n − x + 1) (0 when x = 0),
/// upper = B⁻¹(1 − α/2; x + 1, n − x) (1 when x = n).
public struct BinomialInterval: Sendable, Hashable, Codable {
    public enum Method: String, Sendable, Hashable, Codable, CaseIterable {
        case wilson
        case clopperPearson = "clopper-pearson"
    }

    public let successes: Int
    public let trials: Int
    public let low: Double
    public let high: Double

    /// Point estimate x / n (NaN when n = 0).
    public var estimate: Double { trials > 0 ? Double(successes) / Double(trials) : .nan }

    public init(successes x: Int, trials n: Int, confidence: Double = 0.95, method: Method = .wilson) {
        precondition(n >= 0 && x >= 0 && x <= n, "0 ≤ x ≤ n")
        precondition(confidence > 0 && confidence < 1, "confidence in (0, 1)")
        successes = x
        trials = n
        guard n > 0 else { low = 0; high = 1; return }
        let alpha = 1 - confidence
        switch method {
        case .wilson:
            let z = Gaussian.quantile(1 - alpha / 2)
            let nn = Double(n), p = Double(x) / nn, z2 = z * z
            let centre = (p + z2 / (2 * nn)) / (1 + z2 / nn)
            let half = z / (1 + z2 / nn) * (p * (1 - p) / nn + z2 / (4 * nn * nn)).squareRoot()
            low = max(0, centre - half)
            high = min(1, centre + half)
        case .clopperPearson:
            low = x == 0 ? 0 : BetaDistribution.quantile(alpha / 2, a: Double(x), b: Double(n - x + 1))
            high = x == n ? 1 : BetaDistribution.quantile(1 - alpha / 2, a: Double(x + 1), b: Double(n - x))
        }
    }
}
