import Foundation
import Variation

/// The bitline's headroom: how the swing compresses once the pass gate leaves saturation (MODELS §4;
/// docs/analog-macro.md, "Bitline headroom"). Volts.
///
/// A read discharges the bitline from VDD through pass gate and pull-down. The pass gate (gate at VDD,
/// source at the cell node Q) stays saturated while V_BL − V_Q ≥ V_GS − Vth, i.e. while
/// V_BL ≥ VDD − Vth: the cell is a current source for the first Vth of swing, whatever V_Q. Below, the
/// current falls as in the alpha-power law's linear region, I = I_sat·(2 − x)·x, x = V_BL / V_d with
/// V_d = VDD − Vth. Solving C·dV/dt = −k·I(V) from the crossing on gives the read swing as a function of
/// the linear swing L (the swing the same charge would give at constant current):
///
///     ΔV(L) = L                                          for L ≤ L₁ = Vth
///     ΔV(L) = VDD − 2·V_d / (1 + exp(2·(L − L₁) / V_d))  beyond (continuous, slope 1 at L₁)
///
/// Vth is the pass gate's at the die's corner and temperature (no local mismatch); in weak inversion
/// (VDD ≤ Vth) V_d = 4·kT/q. With the default 0.3 V target the read stays linear unless Vth falls below
/// 0.3 V (FF, hot) or a `design`-calibrated fast die overshoots its swing.
public struct BitlineHeadroom: Sendable, Hashable {
    /// Linear swing at which compression starts, L₁, V.
    public let linearLimitVolts: Double
    /// V_d, V.
    public let saturationVolts: Double
    /// VDD, V.
    public let vdd: Double

    public init(die: Die, at op: OperatingPoint, card: TechnologyCard) {
        let physics = DevicePhysics(card: card)
        let vth = physics.thresholdVoltage(.n, geometry: card.cellPassGate, shift: die.vthShift(.n, card: card), kelvin: op.temperatureK, vds: op.vdd)
        vdd = op.vdd
        saturationVolts = max(op.vdd - vth, 4 * DevicePhysics.thermalVoltage(kelvin: op.temperatureK))
        linearLimitVolts = op.vdd - saturationVolts
    }

    /// The read swing of a linear swing `linear`, V.
    public func swing(linear: Double) -> Double {
        guard linear > linearLimitVolts else { return linear }
        return vdd - 2 * saturationVolts / (1 + exp(2 * (linear - linearLimitVolts) / saturationVolts))
    }
}
