import Foundation

/// Drain current and gate delay of one MOSFET in saturation, valid from weak to strong inversion
/// (MODELS §3).
///
///     φt = k·T/q,   Vth(T, Vds) = Vth0 + k_W/W + ΔVth_global + ΔVth_local + dvth_dt_type·(T − T0) − η·Vds
///     s = α·n_type·φt,   V_ov = s·ln(1 + exp((Vgs − Vth) / s))          (smooth overdrive, V)
///     I(Vgs, Vds, T) = K_type·β·(1 + Δβ)·(1 + Δμ)·(T/T0)^−e(V_ov) · V_ov^α
///     e(V_ov) = m_v + (m_μ − m_v)·V_c / (V_c + V_ov)
///
/// Strong inversion: I → (Vgs − Vth)^α (alpha-power law, Sakurai & Newton 1990).
/// Weak inversion: I → exp((Vgs − Vth)/(n·φt)), the subthreshold slope n·φt·ln 10 per decade, with
/// its own n for each device type. Narrow width: |Vth| rises by k_W/W (`vth_width_n/p`, V·nm; W in
/// nm), the 1/W term of BSIM4's K3 narrow-width effect. DIBL: the threshold falls by η (`dibl`, V/V)
/// per volt of Vds. Temperature (exponents per device type): the mobility term μ ∝ T^−m_μ governs the
/// current where the channel is mobility-limited (weak inversion, low overdrive), the saturation-
/// velocity term v_sat ∝ T^−m_v where it is velocity-saturated (high overdrive); V_c (`vsat_voltage`,
/// ≈ E_sat·L) sets where one hands over to the other. With m_v = m_μ (the default card) the whole
/// current follows T^−m_μ.
/// K_type = 1 for n-devices and `p_current_factor` for p-devices (the p/n current per square).
/// Currents are in units of the n-device's current per square (β = W/L, so only ratios are physical);
/// voltages in V, temperatures in K. For a p-device every voltage is a magnitude (|Vgs|, |Vds|, |Vth|).
/// Every on-current is taken at |Vds| = |Vgs| = VDD and every off-current at |Vds| = VDD.
/// Gate delay: t_d = C·VDD / I(VDD, T) with C = 1 (ratios only).
public struct DevicePhysics: Sendable {
    public let card: TechnologyCard

    public init(card: TechnologyCard) { self.card = card }

    /// Boltzmann constant over elementary charge, V/K.
    public static let kOverQ = 8.617_333_262e-5

    /// Thermal voltage kT/q at a temperature in K, V.
    @inlinable
    public static func thermalVoltage(kelvin: Double) -> Double { kOverQ * kelvin }

    /// |Vth| at temperature T (K) and drain bias |Vds| = `vds` V of a device of W/L `geometry` (narrow-
    /// width term) whose threshold is shifted by `shift` V (corner + die residual + local mismatch).
    @inlinable
    public func thresholdVoltage(_ type: DeviceType, geometry: DeviceGeometry, shift: Double, kelvin: Double,
                                 vds: Double = 0) -> Double {
        card.vth0(type) + card.narrowWidthShift(type, geometry) + shift
            + card.dvthDT(type) * 1e-3 * (kelvin - card.tNominalK) - card.dibl * vds
    }

    /// Drain current at |Vgs| = `vgs` V and |Vds| = `vds` V for a device of type `type` whose zero-Vds
    /// threshold is `vth` V (already temperature-adjusted), strength factor `betaFactor` =
    /// (W/L)·(1 + Δβ)·(1 + Δμ), at temperature `kelvin`.
    @inlinable
    public func current(_ type: DeviceType, vgs: Double, vds: Double, vth: Double, betaFactor: Double, kelvin: Double) -> Double {
        let s = card.alpha * card.subthresholdN(type) * Self.thermalVoltage(kelvin: kelvin)
        let x = (vgs - (vth - card.dibl * vds)) / s
        let softplus = x > 30 ? x : (x < -30 ? exp(x) : log1p(exp(x)))
        let overdrive = s * softplus
        let mv = card.vsatExponent(type), mu = card.mobilityExponent(type)
        let exponent = mv + (mu - mv) * card.vsatVoltage / (card.vsatVoltage + overdrive)
        return card.currentFactor(type) * betaFactor * pow(kelvin / card.tNominalK, -exponent) * pow(overdrive, card.alpha)
    }

    /// On-current (|Vgs| = VDD) of a device on a die, with its local draw.
    public func onCurrent(_ type: DeviceType, geometry: DeviceGeometry, die: Die, local: DeviceVariation = .zero,
                          at op: OperatingPoint) -> Double
    {
        current(type, geometry: geometry, die: die, local: local, vgs: op.vdd, at: op)
    }

    /// Current at an arbitrary |Vgs| and |Vds| = VDD of a device on a die, with its local draw.
    public func current(_ type: DeviceType, geometry: DeviceGeometry, die: Die, local: DeviceVariation = .zero,
                        vgs: Double, at op: OperatingPoint) -> Double
    {
        let k = op.temperatureK
        let vth = thresholdVoltage(type, geometry: geometry, shift: die.vthShift(type, card: card) + local.dVth, kelvin: k)
        let beta = geometry.widthNM / geometry.lengthNM * (1 + local.dBeta) * die.mobilityFactor(type, card: card)
        return current(type, vgs: vgs, vds: op.vdd, vth: vth, betaFactor: beta, kelvin: k)
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
