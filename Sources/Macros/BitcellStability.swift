import Foundation
import Variation

/// The static margins of a 6T cell: hold, read, write (MODELS §6).
public enum BitcellMargin: String, Sendable, CaseIterable, Codable {
    case hold, read, write
}

/// Linear margin model of a 6T cell, per margin k ∈ {hold, read, write}:
///
///     M_k = a_k · (VDD − Vcrit_k(T, die)) + Σ_t s_k,t · ΔVth_t          (V)
///     Vcrit_k = vcrit0 + g_n,k·ΔVth_n,global + g_p,k·ΔVth_p,global + d_k·(T − T0)
///
/// over the cell's six local threshold draws t = (PD_L, PD_R, PG_L, PG_R, PU_L, PU_R). A cell fails
/// margin k when M_k < 0. Because M_k is linear in Gaussian draws, p_cell = Φ(−E[M_k]/σ(M_k)) exactly;
/// this is the analytic value every rare-event estimator must reproduce.
///
/// Calibration (all **estimates**): the sensitivities s_k are fixed shapes; a_k is set so that
/// a_k/σ(M_k) = `slopePerVolt` = 8.93 /V and `vcrit0` = 0.1026 V, the least-squares fit of a linear
/// margin to the measured undervolting shape (Salami et al.) at TT / 27 °C: p ≈ 1e-12 at 0.9 V,
/// 1e-8 at 0.7 V, 1e-5 at 0.6 V. The fit gives 5e-13, 5e-8 and 4.5e-6. Corner terms make read
/// stability worst at FS (strong n pass-gate, weak p pull-up) and write-ability worst at SF;
/// hold (retention) is worst at FF and hot.
public struct BitcellStability: Sendable {
    public let card: TechnologyCard
    /// a_k/σ(M_k), 1/V.
    public static let slopePerVolt = 8.93
    /// Vcrit at TT / T0, V.
    public static let vcrit0 = 0.1026

    public init(card: TechnologyCard) { self.card = card }

    /// Sensitivities s_k,t to (PD_L, PD_R, PG_L, PG_R, PU_L, PU_R) ΔVth (dimensionless).
    public static func sensitivities(_ k: BitcellMargin) -> [Double] {
        switch k {
        case .hold: [-0.45, 0.45, 0.1, -0.1, -0.35, 0.35]
        case .read: [-0.5, 0.5, 0.35, -0.35, 0.15, -0.15]
        case .write: [0.1, -0.1, -0.5, 0.5, 0.35, -0.35]
        }
    }

    /// (g_n, g_p): how a global n/p threshold shift moves Vcrit.
    static func cornerGains(_ k: BitcellMargin) -> (Double, Double) {
        switch k {
        case .hold: (-0.25, -0.25)
        case .read: (-0.5, 0.5)
        case .write: (0.5, -0.5)
        }
    }

    /// d_k, V/K: temperature coefficient of Vcrit (hold and read worse hot, write worse cold).
    static func temperatureCoefficient(_ k: BitcellMargin) -> Double {
        switch k {
        case .hold: 0.2e-3
        case .read: 0.2e-3
        case .write: -0.2e-3
        }
    }

    /// σ of the six devices' ΔVth, V.
    public var deviceSigmas: [Double] {
        let pd = card.sigmaVthLocal(.n, card.cellPullDown), pg = card.sigmaVthLocal(.n, card.cellPassGate)
        let pu = card.sigmaVthLocal(.p, card.cellPullUp)
        return [pd, pd, pg, pg, pu, pu]
    }

    /// σ(M_k) from local mismatch, V.
    public func marginSigma(_ k: BitcellMargin) -> Double {
        zip(Self.sensitivities(k), deviceSigmas).reduce(0) { $0 + $1.0 * $1.0 * $1.1 * $1.1 }.squareRoot()
    }

    /// a_k, V/V.
    public func gain(_ k: BitcellMargin) -> Double { Self.slopePerVolt * marginSigma(k) }

    /// Vcrit_k on a die at temperature T, V.
    public func vcrit(_ k: BitcellMargin, die: Die, temperatureC: Double) -> Double {
        let (gn, gp) = Self.cornerGains(k)
        return Self.vcrit0 + gn * die.vthShift(.n, card: card) + gp * die.vthShift(.p, card: card)
            + Self.temperatureCoefficient(k) * (temperatureC - card.tNominalC)
    }

    /// Mean margin E[M_k] (no local mismatch), V.
    public func meanMargin(_ k: BitcellMargin, die: Die, at op: OperatingPoint) -> Double {
        gain(k) * (op.vdd - vcrit(k, die: die, temperatureC: op.temperatureC))
    }

    /// M_k of one cell from its six local ΔVth draws (V).
    @inlinable
    public func margin(_ k: BitcellMargin, mean: Double, dVth: [Double]) -> Double {
        var m = mean
        for (s, d) in zip(Self.sensitivities(k), dVth) { m += s * d }
        return m
    }

    /// Analytic per-cell failure probability Φ(−E[M]/σ(M)) (`gsl_cdf_ugaussian_Q`).
    public func failureProbability(_ k: BitcellMargin, die: Die, at op: OperatingPoint, sigmaScale: Double = 1) -> Double {
        Gaussian.upperTail(meanMargin(k, die: die, at: op) / (marginSigma(k) * sigmaScale))
    }
}
