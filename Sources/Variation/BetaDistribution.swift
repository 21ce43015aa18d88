@preconcurrency import CGSL

/// The beta distribution through GSL's CDF functions.
public enum BetaDistribution {
    /// The p-quantile of Beta(a, b) (`gsl_cdf_beta_Pinv`).
    public static func quantile(_ p: Double, a: Double, b: Double) -> Double { gsl_cdf_beta_Pinv(p, a, b) }
}
