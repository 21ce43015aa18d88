import Foundation
import Variation

/// A failure probability estimated three ways for a margin that is linear in Gaussian draws
/// (MODELS §6: M = μ + Σ_t s_t·x_t, x_t ~ N(0, σ_t²); failure when M < 0).
///
/// - analytic: p = Φ(−μ/σ_M), σ_M² = Σ s_t²σ_t² (`gsl_cdf_ugaussian_Q`) — exact for this model, the
///   value every estimator must reproduce;
/// - plain Monte Carlo: the share of N draws with M < 0, with a Wilson (or Clopper–Pearson) interval;
///   needs ≈ 100/p samples for 10 % relative error;
/// - mean-shift importance sampling (Kanj, Joshi, Nassif, DAC 2006): draw x from N(m, σ²) shifted to
///   the most probable failure point m_t = −μ·s_t·σ_t²/σ_M², weight each draw by the likelihood ratio
///   w = Π φ(x_t; 0, σ_t)/φ(x_t; m_t, σ_t) = exp(Σ_t (m_t² − 2·x_t·m_t)/(2σ_t²)); p̂ = mean(1[M<0]·w),
///   interval p̂ ± z·s_w/√N from the sample standard deviation of the weighted indicators.
public struct LinearGaussianMargin: Sendable {
    public let mean: Double
    public let sensitivities: [Double]
    public let sigmas: [Double]

    public init(mean: Double, sensitivities: [Double], sigmas: [Double]) {
        precondition(sensitivities.count == sigmas.count && !sigmas.isEmpty, "one σ per sensitivity")
        self.mean = mean
        self.sensitivities = sensitivities
        self.sigmas = sigmas
    }

    /// σ_M.
    public var sigma: Double { zip(sensitivities, sigmas).reduce(0) { $0 + $1.0 * $1.0 * $1.1 * $1.1 }.squareRoot() }

    /// P(M < 0) = Φ(−μ/σ_M).
    public var analyticFailureProbability: Double { Gaussian.upperTail(mean / sigma) }

    public enum Method: String, Sendable, CaseIterable, Codable {
        case analytic
        case monteCarlo = "mc"
        case importanceSampling = "is"
    }

    /// An estimate of P(M < 0) with its interval.
    public struct Estimate: Sendable, Hashable, Codable {
        public let method: Method
        public let pFail: Double
        public let ciLow: Double
        public let ciHigh: Double
        public let samples: Int
    }

    /// Estimates P(M < 0) with `samples` draws from `stream` (GSL ziggurat), or exactly for `.analytic`.
    public func estimate(_ method: Method, samples: Int, stream: RandomStream, confidence: Double = 0.95) -> Estimate {
        switch method {
        case .analytic:
            let p = analyticFailureProbability
            return Estimate(method: method, pFail: p, ciLow: p, ciHigh: p, samples: 0)
        case .monteCarlo:
            var fails = 0
            for _ in 0..<samples {
                var m = mean
                for t in sigmas.indices { m += sensitivities[t] * stream.gaussian(sigma: sigmas[t]) }
                if m < 0 { fails += 1 }
            }
            let i = BinomialInterval(successes: fails, trials: samples, confidence: confidence)
            return Estimate(method: method, pFail: i.estimate, ciLow: i.low, ciHigh: i.high, samples: samples)
        case .importanceSampling:
            let s2 = sigma * sigma
            let shift = sigmas.indices.map { -mean * sensitivities[$0] * sigmas[$0] * sigmas[$0] / s2 }
            var sum = 0.0, sumSq = 0.0
            for _ in 0..<samples {
                var m = mean, logW = 0.0
                for t in sigmas.indices {
                    let x = shift[t] + stream.gaussian(sigma: sigmas[t])
                    m += sensitivities[t] * x
                    logW += (shift[t] * shift[t] - 2 * x * shift[t]) / (2 * sigmas[t] * sigmas[t])
                }
                if m < 0 { let w = exp(logW); sum += w; sumSq += w * w }
            }
            let n = Double(samples), p = sum / n
            let sd = max(0, sumSq / n - p * p).squareRoot() * (n / max(n - 1, 1)).squareRoot()
            let half = Gaussian.quantile(1 - (1 - confidence) / 2) * sd / n.squareRoot()
            return Estimate(method: method, pFail: p, ciLow: max(0, p - half), ciHigh: p + half, samples: samples)
        }
    }

    /// Functional yield of N independent cells, (1 − p)^N, evaluated as exp(N·log1p(−p)).
    public static func macroYield(cellFailure p: Double, cells: Int) -> Double { exp(Double(cells) * log1p(-min(max(p, 0), 1))) }
}
