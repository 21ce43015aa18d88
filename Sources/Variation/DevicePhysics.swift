import Foundation

/// Drain current and gate delay of one MOSFET, valid from weak to strong inversion (MODELS §3).
///
///     φt = k·T/q,   Vth(T) = Vth0 + ΔVth_global + ΔVth_local + dvth_dt·(T − T0)
///     I(Vgs, T) = β·(1 + Δβ)·(1 + Δμ)·(T/T0)^−m · [α·n·φt · ln(1 + exp((Vgs − Vth(T)) / (α·n·φt)))]^α
///
/// Strong inversion: I → (Vgs − Vth)^α (alpha-power law, Sakurai & Newton 1990).
/// Weak inversion: I → exp((Vgs − Vth)/(n·φt)), the subthreshold slope n·φt·ln 10 per decade.
/// Currents are in arbitrary units per square (β = W/L, so only ratios are physical); voltages in V,
/// temperatures in K. For a p-device every voltage is a magnitude (|Vgs|, |Vth|).
/// Gate delay: t_d = C·VDD / I(VDD, T) with C = 1 (ratios only).
public struct DevicePhysics: Sendable {
    public let card: TechnologyCard

    public init(card: TechnologyCard) { self.card = card }

    /// Boltzmann constant over elementary charge, V/K.
    public static let kOverQ = 8.617_333_262e-5

    /// Thermal voltage kT/q at a temperature in K, V.
    @inlinable
    public static func thermalVoltage(kelvin: Double) -> Double { kOverQ * kelvin }

    /// |Vth| at temperature T (K) for a device whose threshold is shifted by `shift` V
    /// (corner + die residual + local mismatch).
    @inlinable
    public func thresholdVoltage(_ type: DeviceType, shift: Double, kelvin: Double) -> Double {
        card.vth0(type) + shift + card.dvthDTmVperK * 1e-3 * (kelvin - card.tNominalK)
    }

    /// Drain current at |Vgs| = `vgs` V for a device with threshold `vth` V (already temperature-
    /// adjusted), strength factor `betaFactor` = (W/L)·(1 + Δβ)·(1 + Δμ), at temperature `kelvin`.
    @inlinable
    public func current(vgs: Double, vth: Double, betaFactor: Double, kelvin: Double) -> Double {
        let s = card.alpha * card.subthresholdN * Self.thermalVoltage(kelvin: kelvin)
        let x = (vgs - vth) / s
        let softplus = x > 30 ? x : (x < -30 ? exp(x) : log1p(exp(x)))
        return betaFactor * pow(kelvin / card.tNominalK, -card.mobilityExponent) * pow(s * softplus, card.alpha)
    }

    /// On-current (|Vgs| = VDD) of a device on a die, with its local draw.
    public func onCurrent(_ type: DeviceType, geometry: DeviceGeometry, die: Die, local: DeviceVariation = .zero,
                          at op: OperatingPoint) -> Double
    {
        current(type, geometry: geometry, die: die, local: local, vgs: op.vdd, at: op)
    }

    /// Current at an arbitrary |Vgs| of a device on a die, with its local draw.
    public func current(_ type: DeviceType, geometry: DeviceGeometry, die: Die, local: DeviceVariation = .zero,
                        vgs: Double, at op: OperatingPoint) -> Double
    {
        let k = op.temperatureK
        let vth = thresholdVoltage(type, shift: die.vthShift(type, card: card) + local.dVth, kelvin: k)
        let beta = geometry.widthNM / geometry.lengthNM * (1 + local.dBeta) * die.mobilityFactor(type, card: card)
        return current(vgs: vgs, vth: vth, betaFactor: beta, kelvin: k)
    }

    /// Gate delay t_d = C·VDD / I_on in units where C = 1 (compare only ratios).
    public func gateDelay(_ type: DeviceType, geometry: DeviceGeometry, die: Die, local: DeviceVariation = .zero,
                          at op: OperatingPoint) -> Double
    {
        op.vdd / onCurrent(type, geometry: geometry, die: die, local: local, at: op)
    }

    /// The same device at TT, nominal VDD and temperature, with no variation: the reference of
    /// every `*_rel` figure.
    public func nominalOnCurrent(_ type: DeviceType, geometry: DeviceGeometry) -> Double {
        onCurrent(type, geometry: geometry, die: .typical, at: .nominal(card))
    }
}

/// The local (within-die, Pelgrom) draw of one device.
public struct DeviceVariation: Hashable, Sendable, Codable {
    /// Threshold shift ΔVth, V (added to |Vth|: positive is slower for both n and p).
    public var dVth: Double
    /// Relative current-factor shift Δβ/β.
    public var dBeta: Double

    public init(dVth: Double, dBeta: Double) {
        self.dVth = dVth
        self.dBeta = dBeta
    }

    /// No mismatch.
    public static let zero = DeviceVariation(dVth: 0, dBeta: 0)
}
