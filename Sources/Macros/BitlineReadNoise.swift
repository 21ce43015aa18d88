import Foundation
import Variation

/// The read noise of one analog conversion: three independent Gaussian sources, so one σ per conversion
/// (MODELS §4; docs/analog-macro.md, "Read noise: three sources"). Volts at the comparator input.
///
///     kT/C:        σ² = k·T / C_BL                                  (sampled bitline)
///     cell current: σ² = F · q · ΔV_mid / C_BL,  F = min(1, 2γ·α·(kT/q) / V_ov)
///     comparator:  σ  = σ_cmp0 · √(T / 300 K)
///
/// The cell term is the integrated drain-current noise of the cells that discharge the bitline: shot
/// noise q·Q of the charge Q = C_BL·ΔV in weak inversion, suppressed in strong inversion to the channel
/// thermal noise 4kTγ·g_m (g_m = α·I/V_ov in the alpha-power law), whose ratio to full shot noise 2qI is
/// F. It depends on the signal; it is taken at the mid-scale swing ΔV_mid = full_scale_v / 2 (estimate:
/// one σ per conversion). V_ov = VDD − Vth of the pass gate at the die's corner and temperature.
/// γ = 2/3 (long-channel value; estimate) and σ_cmp0 = 0.5 mV (a StrongARM-latch comparator of
/// 1000/100 nm input devices; estimate) are labelled estimates.
public struct BitlineReadNoise: Sendable, Hashable {
    /// σ of each source, V.
    public let kTCVolts: Double
    public let cellCurrentVolts: Double
    public let comparatorVolts: Double

    /// Channel thermal-noise factor γ (estimate).
    public static let gamma = 2.0 / 3.0
    /// Comparator input-referred noise at 300 K, V (estimate).
    public static let comparatorVoltsAt300K = 0.5e-3
    static let boltzmann = 1.380_649e-23
    static let electronCharge = 1.602_176_634e-19

    public init(config: AnalogMacroConfig, die: Die, at op: OperatingPoint, card: TechnologyCard) {
        let c = config.bitlineFF * 1e-15, kelvin = op.temperatureK
        kTCVolts = (Self.boltzmann * kelvin / c).squareRoot()
        let physics = DevicePhysics(card: card)
        let vth = physics.thresholdVoltage(.n, geometry: card.cellPassGate, shift: die.vthShift(.n, card: card), kelvin: kelvin, vds: op.vdd)
        let overdrive = op.vdd - vth
        let ut = DevicePhysics.thermalVoltage(kelvin: kelvin)
        let factor = overdrive > 0 ? min(1, 2 * Self.gamma * card.alpha * ut / overdrive) : 1
        cellCurrentVolts = (factor * Self.electronCharge * (config.fullScaleV / 2) / c).squareRoot()
        comparatorVolts = Self.comparatorVoltsAt300K * (kelvin / 300).squareRoot()
    }

    /// The total σ, V.
    public var totalVolts: Double { (kTCVolts * kTCVolts + cellCurrentVolts * cellCurrentVolts + comparatorVolts * comparatorVolts).squareRoot() }
}
