import Variation

/// The `[technology]` table of a sweep file: overrides of ``TechnologyCard`` defaults.
///
/// Every key, its unit and its allowed range are listed in ``numericKeys`` and ``geometryKeys``;
/// `docs/sweep-files.md` documents them.
enum TechnologyOverrides {
    /// (key, unit, allowed range, lower bound open, setter).
    struct NumericKey {
        let key: String
        let unit: String
        let range: ClosedRange<Double>
        let lowOpen: Bool
        let set: @Sendable (inout TechnologyCard, Double) -> Void
    }

    static let numericKeys: [NumericKey] = [
        .init(key: "vdd_nominal", unit: "V", range: 0...1.5, lowOpen: true) { $0.vddNominal = $1 },
        .init(key: "t_nominal", unit: "°C", range: -55...150, lowOpen: false) { $0.tNominalC = $1 },
        .init(key: "vth0_n", unit: "V", range: 0...1.2, lowOpen: true) { $0.vth0N = $1 },
        .init(key: "vth0_p", unit: "V", range: 0...1.2, lowOpen: true) { $0.vth0P = $1 },
        .init(key: "alpha", unit: "", range: 1...2, lowOpen: false) { $0.alpha = $1 },
        .init(key: "dvth_dt", unit: "mV/K", range: -5...5, lowOpen: false) { $0.dvthDTn = $1; $0.dvthDTp = $1 },
        .init(key: "dvth_dt_n", unit: "mV/K", range: -5...5, lowOpen: false) { $0.dvthDTn = $1 },
        .init(key: "dvth_dt_p", unit: "mV/K", range: -5...5, lowOpen: false) { $0.dvthDTp = $1 },
        .init(key: "mobility_exponent", unit: "", range: -10...10, lowOpen: false) { $0.mobilityExponentN = $1; $0.mobilityExponentP = $1 },
        .init(key: "mobility_exponent_n", unit: "", range: -10...10, lowOpen: false) { $0.mobilityExponentN = $1 },
        .init(key: "mobility_exponent_p", unit: "", range: -10...10, lowOpen: false) { $0.mobilityExponentP = $1 },
        .init(key: "subthreshold_n", unit: "", range: 1...3, lowOpen: false) { $0.subthresholdNN = $1; $0.subthresholdNP = $1 },
        .init(key: "subthreshold_n_n", unit: "", range: 1...3, lowOpen: false) { $0.subthresholdNN = $1 },
        .init(key: "subthreshold_n_p", unit: "", range: 1...3, lowOpen: false) { $0.subthresholdNP = $1 },
        .init(key: "vsat_exponent", unit: "", range: -10...10, lowOpen: false) { $0.vsatExponentN = $1; $0.vsatExponentP = $1 },
        .init(key: "vsat_exponent_n", unit: "", range: -10...10, lowOpen: false) { $0.vsatExponentN = $1 },
        .init(key: "vsat_exponent_p", unit: "", range: -10...10, lowOpen: false) { $0.vsatExponentP = $1 },
        .init(key: "vsat_voltage", unit: "V", range: 0...5, lowOpen: true) { $0.vsatVoltage = $1 },
        .init(key: "dibl", unit: "V/V", range: 0...0.5, lowOpen: false) { $0.dibl = $1 },
        .init(key: "vth_width_n", unit: "V·nm", range: -50...50, lowOpen: false) { $0.vthWidthN = $1 },
        .init(key: "vth_width_p", unit: "V·nm", range: -50...50, lowOpen: false) { $0.vthWidthP = $1 },
        .init(key: "p_current_factor", unit: "", range: 0...2, lowOpen: true) { $0.pCurrentFactor = $1 },
        .init(key: "a_vt_n", unit: "mV·µm", range: 0...20, lowOpen: false) { $0.aVTn = $1 },
        .init(key: "a_vt_p", unit: "mV·µm", range: 0...20, lowOpen: false) { $0.aVTp = $1 },
        .init(key: "a_beta", unit: "%·µm", range: 0...20, lowOpen: false) { $0.aBetaPercent = $1 },
        .init(key: "sigma_vth_global_n", unit: "mV", range: 0...100, lowOpen: false) { $0.sigmaVthGlobalN = $1 },
        .init(key: "sigma_vth_global_p", unit: "mV", range: 0...100, lowOpen: false) { $0.sigmaVthGlobalP = $1 },
        .init(key: "sigma_mu_global", unit: "%", range: 0...50, lowOpen: false) { $0.sigmaMuGlobalPercent = $1 },
        .init(key: "corner_sigmas", unit: "σ", range: 0...6, lowOpen: false) { $0.cornerSigmas = $1 },
        .init(key: "die_residual_fraction", unit: "", range: 0...1, lowOpen: false) { $0.dieResidualFraction = $1 },
        .init(key: "logic_stage_devices", unit: "", range: 1...1000, lowOpen: false) { $0.logicStageDevices = $1 },
    ]

    static var geometryKeys: [(key: String, path: WritableKeyPath<TechnologyCard, DeviceGeometry>)] {
        [
        ("cell_pd", \.cellPullDown), ("cell_pg", \.cellPassGate), ("cell_pu", \.cellPullUp),
        ("logic", \.logicDevice), ("comparator", \.comparatorDevice),
        ]
    }

    static var allKeys: [String] { numericKeys.map(\.key) + geometryKeys.map(\.key) }

    /// Applies the table to `base` (by default the built-in card).
    static func read(_ reader: inout TableReader, base: TechnologyCard = TechnologyCard()) throws -> TechnologyCard {
        var card = base
        for k in numericKeys where reader.has(k.key) {
            let x = try reader.double(k.key, range: k.range, lowOpen: k.lowOpen, unit: k.unit)
            k.set(&card, x)
        }
        for g in geometryKeys where reader.has(g.key) {
            let s = try reader.string(g.key)
            guard let geo = DeviceGeometry(parsing: s), geo.widthNM <= 100_000, geo.lengthNM <= 100_000 else {
                throw reader.error(g.key, "'\(s)' is not a device size; expected \"W/L\" in nm, both in (0, 100000], e.g. \"70/30\"")
            }
            card[keyPath: g.path] = geo
        }
        try reader.finish(allowed: allKeys)
        return card
    }
}
