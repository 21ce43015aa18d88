/// A numeric key of the technology card as a file spells it (`[technology]` of a sweep file or a
/// technology file): its unit, the range it admits and how it reads and sets the card.
///
/// Keys that set both device types at once (`dvth_dt`, `subthreshold_n`, `mobility_exponent`,
/// `vsat_exponent`) have no reader; their per-type keys do. The ranges are the card's: what a file may
/// hold, and what `cimpvt calibrate` may write.
public struct TechnologyCardKey: Sendable {
    public let key: String
    public let unit: String
    public let range: ClosedRange<Double>
    /// The lower bound is excluded.
    public let lowOpen: Bool
    public let get: (@Sendable (TechnologyCard) -> Double)?
    public let set: @Sendable (inout TechnologyCard, Double) -> Void

    init(key: String, unit: String, range: ClosedRange<Double>, lowOpen: Bool,
         get: (@Sendable (TechnologyCard) -> Double)? = nil, set: @escaping @Sendable (inout TechnologyCard, Double) -> Void) {
        self.key = key; self.unit = unit; self.range = range; self.lowOpen = lowOpen; self.get = get; self.set = set
    }

    /// Whether `x` is a value this key admits.
    public func admits(_ x: Double) -> Bool {
        x.isFinite && range.contains(x) && !(lowOpen && x == range.lowerBound)
    }

    /// Every numeric key, in the order docs/sweep-files.md lists them.
    public static let numeric: [TechnologyCardKey] = [
        .init(key: "vdd_nominal", unit: "V", range: 0...1.5, lowOpen: true, get: { $0.vddNominal }) { $0.vddNominal = $1 },
        .init(key: "t_nominal", unit: "°C", range: -55...150, lowOpen: false, get: { $0.tNominalC }) { $0.tNominalC = $1 },
        .init(key: "vth0_n", unit: "V", range: 0...1.2, lowOpen: true, get: { $0.vth0N }) { $0.vth0N = $1 },
        .init(key: "vth0_p", unit: "V", range: 0...1.2, lowOpen: true, get: { $0.vth0P }) { $0.vth0P = $1 },
        .init(key: "alpha", unit: "", range: 1...2, lowOpen: false, get: { $0.alpha }) { $0.alpha = $1 },
        .init(key: "dvth_dt", unit: "mV/K", range: -5...5, lowOpen: false) { $0.dvthDTn = $1; $0.dvthDTp = $1 },
        .init(key: "dvth_dt_n", unit: "mV/K", range: -5...5, lowOpen: false, get: { $0.dvthDTn }) { $0.dvthDTn = $1 },
        .init(key: "dvth_dt_p", unit: "mV/K", range: -5...5, lowOpen: false, get: { $0.dvthDTp }) { $0.dvthDTp = $1 },
        .init(key: "mobility_exponent", unit: "", range: -10...10, lowOpen: false) { $0.mobilityExponentN = $1; $0.mobilityExponentP = $1 },
        .init(key: "mobility_exponent_n", unit: "", range: -10...10, lowOpen: false, get: { $0.mobilityExponentN }) { $0.mobilityExponentN = $1 },
        .init(key: "mobility_exponent_p", unit: "", range: -10...10, lowOpen: false, get: { $0.mobilityExponentP }) { $0.mobilityExponentP = $1 },
        .init(key: "subthreshold_n", unit: "", range: 1...3, lowOpen: false) { $0.subthresholdNN = $1; $0.subthresholdNP = $1 },
        .init(key: "subthreshold_n_n", unit: "", range: 1...3, lowOpen: false, get: { $0.subthresholdNN }) { $0.subthresholdNN = $1 },
        .init(key: "subthreshold_n_p", unit: "", range: 1...3, lowOpen: false, get: { $0.subthresholdNP }) { $0.subthresholdNP = $1 },
        .init(key: "vsat_exponent", unit: "", range: -10...10, lowOpen: false) { $0.vsatExponentN = $1; $0.vsatExponentP = $1 },
        .init(key: "vsat_exponent_n", unit: "", range: -10...10, lowOpen: false, get: { $0.vsatExponent(.n) }) { $0.vsatExponentN = $1 },
        .init(key: "vsat_exponent_p", unit: "", range: -10...10, lowOpen: false, get: { $0.vsatExponent(.p) }) { $0.vsatExponentP = $1 },
        .init(key: "vsat_voltage", unit: "V", range: 0...5, lowOpen: true, get: { $0.vsatVoltage }) { $0.vsatVoltage = $1 },
        .init(key: "dibl", unit: "V/V", range: 0...0.5, lowOpen: false, get: { $0.dibl }) { $0.dibl = $1 },
        .init(key: "vth_width_n", unit: "V·nm", range: -50...50, lowOpen: false, get: { $0.vthWidthN }) { $0.vthWidthN = $1 },
        .init(key: "vth_width_p", unit: "V·nm", range: -50...50, lowOpen: false, get: { $0.vthWidthP }) { $0.vthWidthP = $1 },
        .init(key: "p_current_factor", unit: "", range: 0...2, lowOpen: true, get: { $0.pCurrentFactor }) { $0.pCurrentFactor = $1 },
        .init(key: "a_vt_n", unit: "mV·µm", range: 0...20, lowOpen: false, get: { $0.aVTn }) { $0.aVTn = $1 },
        .init(key: "a_vt_p", unit: "mV·µm", range: 0...20, lowOpen: false, get: { $0.aVTp }) { $0.aVTp = $1 },
        .init(key: "a_beta", unit: "%·µm", range: 0...20, lowOpen: false, get: { $0.aBetaPercent }) { $0.aBetaPercent = $1 },
        .init(key: "sigma_vth_global_n", unit: "mV", range: 0...100, lowOpen: false, get: { $0.sigmaVthGlobalN }) { $0.sigmaVthGlobalN = $1 },
        .init(key: "sigma_vth_global_p", unit: "mV", range: 0...100, lowOpen: false, get: { $0.sigmaVthGlobalP }) { $0.sigmaVthGlobalP = $1 },
        .init(key: "sigma_mu_global", unit: "%", range: 0...50, lowOpen: false, get: { $0.sigmaMuGlobalPercent }) { $0.sigmaMuGlobalPercent = $1 },
        .init(key: "corner_sigmas", unit: "σ", range: 0...6, lowOpen: false, get: { $0.cornerSigmas }) { $0.cornerSigmas = $1 },
        .init(key: "die_residual_fraction", unit: "", range: 0...1, lowOpen: false, get: { $0.dieResidualFraction }) { $0.dieResidualFraction = $1 },
        .init(key: "logic_stage_devices", unit: "", range: 1...1000, lowOpen: false, get: { $0.logicStageDevices }) { $0.logicStageDevices = $1 },
    ]
}
