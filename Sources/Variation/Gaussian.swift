@preconcurrency import CGSL

/// Standard-normal tail and quantile through GSL's CDF functions.
public enum Gaussian {
    /// Q(z) = P(Z > z) = Φ(−z) (`gsl_cdf_ugaussian_Q`), accurate far into the tail.
    public static func upperTail(_ z: Double) -> Double { gsl_cdf_ugaussian_Q(z) }
    /// Φ(z) (`gsl_cdf_ugaussian_P`).
    public static func cdf(_ z: Double) -> Double { gsl_cdf_ugaussian_P(z) }
    /// Φ⁻¹(p) (`gsl_cdf_ugaussian_Pinv`).
    public static func quantile(_ p: Double) -> Double { gsl_cdf_ugaussian_Pinv(p) }
}
