import Foundation

/// The calibration report as plain text: the fitted terms, the log-current errors per device and
/// temperature, the on-current table, the temperature-inversion VDD and the FO4 delay ratio.
public enum CalibrationText {
    public static func render(_ r: CalibrationResult) -> String {
        let c = r.card
        func f(_ x: Double, _ d: Int) -> String { String(format: "%.\(d)f", x) }
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }
        var o: [String] = []
        o.append("calibration of \(r.modelFile) (\(r.nmos) / \(r.pmos)) with \(r.ngspiceVersion): \(r.fit.points) points, \(r.fit.iterations) iterations, log-current RMS \(f(r.fit.rmsDecades, 3)) dec")
        o.append("fitted: vth0_n \(f(c.vth0N, 3)) V  vth0_p \(f(c.vth0P, 3)) V  alpha \(f(c.alpha, 3))  n_n \(f(c.subthresholdNN, 3)) (\(f(c.subthresholdNN * 0.025865 * log(10) * 1000, 0)) mV/dec)  n_p \(f(c.subthresholdNP, 3)) (\(f(c.subthresholdNP * 0.025865 * log(10) * 1000, 0)) mV/dec)")
        o.append("        dibl \(f(c.dibl * 1000, 0)) mV/V  dvth_dt n \(f(c.dvthDTn, 3)) p \(f(c.dvthDTp, 3)) mV/K  mobility_exponent n \(f(c.mobilityExponentN, 3)) p \(f(c.mobilityExponentP, 3))  vsat_exponent n \(f(c.vsatExponent(.n), 3)) p \(f(c.vsatExponent(.p), 3))")
        o.append("        vsat_voltage \(f(c.vsatVoltage, 3)) V  p_current_factor \(f(c.pCurrentFactor, 3))")
        o.append("        narrow width k_W n \(f(c.vthWidthN, 3)) p \(f(c.vthWidthP, 3)) V·nm (|Vth| rises by k_W/W, W in nm)")
        o.append("        n on-current \(f(r.ionNUAperUM, 0)) µA/µm at TT, \(f(c.vddNominal, 2)) V, \(f(c.tNominalC, 0)) °C")
        if !r.corners.isEmpty {
            o.append("corners (shift of |Vth| in mV and of the current factor in %, against the fitted typical):")
            for s in r.corners {
                o.append("  \(s.section): n \(f(s.vthShiftN * 1000, 1)) mV \(f(s.betaShiftN * 100, 1)) %   p \(f(s.vthShiftP * 1000, 1)) mV \(f(s.betaShiftP * 100, 1)) %   (RMS \(f(s.rmsLogError / log(10), 3)) dec)")
            }
            o.append("  → sigma_vth_global_n \(f(c.sigmaVthGlobalN, 1)) mV  sigma_vth_global_p \(f(c.sigmaVthGlobalP, 1)) mV  sigma_mu_global \(f(c.sigmaMuGlobalPercent, 2)) %")
        }
        if let m = r.mismatch {
            o.append("mismatch (ngspice Monte Carlo, \(m.devices.first?.instances ?? 0) instances per device, at TT, \(f(c.vddNominal, 2)) V, \(f(c.tNominalC, 0)) °C):")
            for d in m.devices {
                o.append("  \(pad(d.device, 8)): sigma(dVth) \(f(d.sigmaVthMV, 2)) mV  sigma(dbeta/beta) \(f(d.sigmaBetaPercent, 2)) %  ->  A_VT \(f(d.aVT, 3)) mV·µm  A_beta \(f(d.aBeta, 3)) %·µm")
            }
            o.append("  → a_vt_n \(f(m.aVTn, 3)) mV·µm  a_vt_p \(f(m.aVTp, 3)) mV·µm  a_beta \(f(m.aBetaPercent, 3)) %·µm")
        }
        o.append("")
        o.append("log-current error, decades (RMS / max) over |V_GS| 0.3-1.1 V in saturation:")
        let temps = Array(Set(r.logErrors.map(\.temperatureC))).sorted()
        o.append(pad("device", 9) + temps.map { pad("\(f($0, 0)) °C", 16) }.joined())
        for d in uniqueDevices(r) {
            let cells = temps.map { t -> String in
                guard let e = r.logErrors.first(where: { $0.device == d && $0.temperatureC == t }) else { return pad("-", 16) }
                return pad("\(f(e.rmsDecades, 3)) / \(f(e.maxDecades, 3))", 16)
            }
            o.append(pad(d, 9) + cells.joined())
        }
        o.append("")
        o.append("on-current |V_GS| = |V_DS| = VDD: model vs ngspice, error % (worst \(f(r.worstOnCurrentErrorPercent, 1)) %):")
        o.append(pad("device", 9) + pad("VDD", 6) + temps.map { pad("\(f($0, 0)) °C µA (err)", 22) }.joined())
        for d in uniqueDevices(r) { for v in CalibrationResult.onCurrentSupplies {
            let cells = temps.map { t -> String in
                guard let x = r.onCurrents.first(where: { $0.device == d && $0.vdd == v && $0.temperatureC == t }) else { return pad("-", 22) }
                return pad("\(f(x.modelUA, 1)) / \(f(x.spiceUA, 1)) (\(x.errorPercent >= 0 ? "+" : "")\(f(x.errorPercent, 1)))", 22)
            }
            o.append(pad(d, 9) + pad(f(v, 2), 6) + cells.joined())
        } }
        o.append("")
        o.append("temperature-inversion VDD (on-current at -40 °C = at 125 °C), V:")
        for z in r.zeroTemperatureCoefficient {
            let s = z.spiceV.map { f($0, 3) } ?? "none", m = z.modelV.map { f($0, 3) } ?? "none"
            let d = (z.spiceV != nil && z.modelV != nil) ? "  (\(f((z.modelV! - z.spiceV!) * 1000, 0)) mV)" : ""
            o.append("  \(pad(z.device, 8)): ngspice \(s)  model \(m)\(d)")
        }
        o.append("")
        o.append("FO4 stage delay, 0.6 V over 0.9 V (ngspice transient of an FO4 inverter chain; model: VDD/I_on of n plus p):")
        for d in r.delayRatios {
            o.append("  \(pad(f(d.temperatureC, 0), 4)) °C: ngspice \(f(d.spice, 3))  model \(f(d.model, 3))  (\(f((d.model / d.spice - 1) * 100, 1)) %)")
        }
        o.append("")
        o += r.notes.map { "note: " + $0 }
        return o.joined(separator: "\n") + "\n"
    }

    static func uniqueDevices(_ r: CalibrationResult) -> [String] {
        var seen = Set<String>()
        return r.logErrors.map(\.device).filter { seen.insert($0).inserted }
    }
}
