/// The technology card: every device-level default the engine uses, each overridable from a sweep
/// file's `[technology]` table under the key named in its doc comment.
///
/// Defaults are 28 nm-class values (see `docs/models.md` for sources); those marked *estimate* are
/// engineering estimates, not published numbers.
public struct TechnologyCard: Hashable, Sendable, Codable {
    /// `vdd_nominal`, V: nominal supply (28 nm HPC-class).
    public var vddNominal: Double = 0.9
    /// `t_nominal`, °C: nominal temperature T0.
    public var tNominalC: Double = 27
    /// `vth0_n`, V: n-device threshold at T0, no variation (estimate).
    public var vth0N: Double = 0.45
    /// `vth0_p`, V: |threshold| of the p-device at T0 (estimate).
    public var vth0P: Double = 0.47
    /// `alpha`: alpha-power-law exponent (Sakurai & Newton 1990; value estimate, 1.2–1.4).
    public var alpha: Double = 1.3
    /// `dvth_dt_n`, mV/K: n-device threshold temperature coefficient (estimate; reported −0.4 … −1.5).
    /// `dvth_dt` sets both types.
    public var dvthDTn: Double = -1.0
    /// `dvth_dt_p`, mV/K: p-device |threshold| temperature coefficient (estimate).
    public var dvthDTp: Double = -1.0
    /// `mobility_exponent_n`: m_μ of n-devices in μ ∝ T^−m_μ (textbook 1.5); `mobility_exponent` sets
    /// both types.
    public var mobilityExponentN: Double = 1.5
    /// `mobility_exponent_p`: m_μ of p-devices.
    public var mobilityExponentP: Double = 1.5
    /// `vsat_exponent_n`: m_v of n-devices, v_sat ∝ T^−m_v, the temperature exponent of a velocity-
    /// saturated current; nil (the default card) = the same as the mobility exponent, so the whole
    /// current follows T^−m_μ as before the term existed. A velocity-saturated channel is far less
    /// temperature-sensitive (BSIM4's AT term: m_v ≈ 0.3–0.5); `cimpvt calibrate` fits it.
    /// `vsat_exponent` sets both types.
    public var vsatExponentN: Double? = nil
    /// `vsat_exponent_p`: m_v of p-devices.
    public var vsatExponentP: Double? = nil
    /// `vsat_voltage`, V: V_c ≈ E_sat·L, the overdrive at which the current's temperature exponent is
    /// half-way between the mobility and the saturation-velocity one (estimate; only matters when
    /// `vsat_exponent` differs from `mobility_exponent`).
    public var vsatVoltage: Double = 0.5
    /// `subthreshold_n_n`: subthreshold slope factor n of n-devices (1.2 ≈ 72 mV/dec at 300 K; 28 nm
    /// bulk shows 80–95 mV/dec, n ≈ 1.35–1.6). `subthreshold_n` sets both types.
    public var subthresholdNN: Double = 1.2
    /// `subthreshold_n_p`: subthreshold slope factor n of p-devices.
    public var subthresholdNP: Double = 1.2
    /// `dibl`, V/V: drain-induced barrier lowering η, |Vth| falls by η·|Vds| (0 = none, the default
    /// card, whose `vth0_*` are then thresholds at |Vds| = VDD; 28 nm bulk: 0.08–0.12).
    public var dibl: Double = 0
    /// `vth_width_n`, V·nm: narrow-width coefficient k_W of n-devices, |Vth| rises by k_W/W (W in nm;
    /// 0 = none, the default card; BSIM4's K3 term gives a few mV·µm, i.e. 1–5 V·nm).
    public var vthWidthN: Double = 0
    /// `vth_width_p`, V·nm: the same for p-devices.
    public var vthWidthP: Double = 0
    /// `p_current_factor`: p-device current per square relative to the n-device's at the same
    /// overdrive (1 = the default card, which compares n and p only through their own nominal;
    /// hole mobility makes it ≈ 0.4–0.7).
    public var pCurrentFactor: Double = 1
    /// `a_vt_n`, mV·µm: Pelgrom A_VT of n-devices, matched-pair convention (estimate; sweep 1.5–3.5).
    public var aVTn: Double = 2.0
    /// `a_vt_p`, mV·µm: Pelgrom A_VT of p-devices (estimate).
    public var aVTp: Double = 2.2
    /// `a_beta`, %·µm: Pelgrom A_β, pair convention (estimate).
    public var aBetaPercent: Double = 1.0
    /// `sigma_vth_global_n`, mV: global (lot/wafer) σ(Vth) of n-devices; corners sit at ±3σ (estimate).
    public var sigmaVthGlobalN: Double = 15
    /// `sigma_vth_global_p`, mV (estimate).
    public var sigmaVthGlobalP: Double = 15
    /// `sigma_mu_global`, %: global σ of mobility (estimate).
    public var sigmaMuGlobalPercent: Double = 3
    /// `corner_sigmas`: how many global σ a process corner sits from TT (3).
    public var cornerSigmas: Double = 3
    /// `die_residual_fraction`: die-to-die residual σ inside a corner, as a fraction of the global σ (estimate).
    public var dieResidualFraction: Double = 0.3
    /// `cell_pd`, nm: 6T pull-down W/L (estimate for a 0.12 µm² cell).
    public var cellPullDown = DeviceGeometry(widthNM: 95, lengthNM: 30)
    /// `cell_pg`, nm: 6T pass-gate W/L (estimate).
    public var cellPassGate = DeviceGeometry(widthNM: 70, lengthNM: 30)
    /// `cell_pu`, nm: 6T pull-up W/L (estimate).
    public var cellPullUp = DeviceGeometry(widthNM: 50, lengthNM: 30)
    /// `logic`, nm: logic-gate device W/L (estimate).
    public var logicDevice = DeviceGeometry(widthNM: 120, lengthNM: 30)
    /// `comparator`, nm: ADC comparator input-pair device W/L (estimate).
    public var comparatorDevice = DeviceGeometry(widthNM: 1000, lengthNM: 100)
    /// `logic_stage_devices`: devices of size `logic` whose mismatch a logic stage's delay averages
    /// over (fingers, stacked devices, rise and fall arcs): a stage's local σ(ΔVth) and σ(Δβ) are those
    /// of one `logic` device divided by √N, i.e. one device of N times the area (estimate: a 2-high
    /// stack of 2-finger devices on each of 2 arcs = 8, which puts a stage's delay σ at TT / 0.9 V /
    /// 27 °C at 4.8 %, in the few-% range standard-cell variation tables show at nominal voltage).
    public var logicStageDevices: Double = 8

    /// The 28 nm-class defaults.
    public init() {}

    /// Nominal temperature in kelvin.
    public var tNominalK: Double { tNominalC + 273.15 }

    /// Mobility temperature exponent m_μ of a type.
    public func mobilityExponent(_ type: DeviceType) -> Double { type == .n ? mobilityExponentN : mobilityExponentP }
    /// Saturation-velocity temperature exponent m_v of a type (the mobility one when unset).
    public func vsatExponent(_ type: DeviceType) -> Double {
        (type == .n ? vsatExponentN : vsatExponentP) ?? mobilityExponent(type)
    }
    /// Narrow-width threshold term k_W/W of a device, V.
    public func narrowWidthShift(_ type: DeviceType, _ g: DeviceGeometry) -> Double {
        (type == .n ? vthWidthN : vthWidthP) / g.widthNM
    }
    /// Threshold temperature coefficient of a type, mV/K.
    public func dvthDT(_ type: DeviceType) -> Double { type == .n ? dvthDTn : dvthDTp }
    /// Subthreshold slope factor n of a type.
    public func subthresholdN(_ type: DeviceType) -> Double { type == .n ? subthresholdNN : subthresholdNP }
    /// Current per square of a type relative to the n-device's (K_type).
    public func currentFactor(_ type: DeviceType) -> Double { type == .n ? 1 : pCurrentFactor }
    /// Threshold at T0 with no variation, V (|Vth| for p).
    public func vth0(_ type: DeviceType) -> Double { type == .n ? vth0N : vth0P }
    /// Pelgrom A_VT for a type, mV·µm (pair convention).
    public func aVT(_ type: DeviceType) -> Double { type == .n ? aVTn : aVTp }
    /// Global σ(Vth) for a type, V.
    public func sigmaVthGlobal(_ type: DeviceType) -> Double {
        (type == .n ? sigmaVthGlobalN : sigmaVthGlobalP) * 1e-3
    }
    /// Global σ of mobility, relative.
    public var sigmaMuGlobal: Double { sigmaMuGlobalPercent * 1e-2 }

    /// σ(ΔVth) of one device, V: A_VT / √(2·W·L) (Pelgrom 1989, one device of a pair).
    public func sigmaVthLocal(_ type: DeviceType, _ g: DeviceGeometry) -> Double {
        aVT(type) * 1e-3 / (2 * g.areaUM2).squareRoot()
    }
    /// Local σ of one logic stage's effective device (`logic` scaled by `logic_stage_devices`):
    /// (σ(ΔVth) in V, σ(Δβ/β) relative).
    public func logicStageSigma(_ type: DeviceType) -> (vth: Double, beta: Double) {
        let r = 1 / logicStageDevices.squareRoot()
        return (sigmaVthLocal(type, logicDevice) * r, sigmaBetaLocal(logicDevice) * r)
    }
    /// σ(Δβ/β) of one device, relative: A_β / √(2·W·L).
    public func sigmaBetaLocal(_ g: DeviceGeometry) -> Double {
        aBetaPercent * 1e-2 / (2 * g.areaUM2).squareRoot()
    }
}
