@preconcurrency import CGSL

/// The standard normal distribution tabulated at 2^16 equal-probability bins, for noise that is drawn
/// by the million (the analog macro's kT/C read noise, one draw per conversion).
///
///     table[i] = Φ⁻¹((i + ½) / 2^16),   i = 0 … 65 535   (gsl_cdf_ugaussian_Pinv)
///
/// A uniform 16-bit index from a GSL generator word picks a bin, so a draw is an exact sample of this
/// discretised normal: zero mean by symmetry, variance 1 − 3·10⁻⁴, support ±4.33 σ (a continuous normal
/// exceeds 4.33 σ with probability 1.5·10⁻⁵), CDF within 2^-16 of Φ everywhere. Each 32-bit `taus2`
/// word yields two draws (low half first), about six times faster than GSL's ziggurat.
public enum NormalQuantileTable {
    /// Bins: 2^16.
    public static let count = 1 << 16
    /// The quantiles, in units of σ.
    public static let values: [Float] = (0..<count).map { i in
        Float(gsl_cdf_ugaussian_Pinv((Double(i) + 0.5) / Double(count)))
    }
}
