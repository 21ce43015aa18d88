@preconcurrency import CGSL

/// Student's t distribution through GSL's CDF functions.
public enum StudentT {
    /// The p-quantile with ν degrees of freedom (`gsl_cdf_tdist_Pinv`).
    public static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double { gsl_cdf_tdist_Pinv(p, nu) }
}
