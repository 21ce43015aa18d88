import Foundation
import Variation

/// The technology file `cimpvt calibrate` writes: a `[technology]` table of the fitted numbers (and
/// nothing of the model file's content), which a sweep file includes with `technology_file = "…"` and
/// every device-level command reads with `--technology FILE`.
public enum TechnologyFileText {
    public static func render(_ r: CalibrationResult) -> String {
        let c = r.card
        func f(_ x: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", x) }
        var lines = [
            "# cimpvt technology card, fitted by `cimpvt calibrate` (cimpvt \(r.cimpvtVersion), \(r.ngspiceVersion))",
            "# to \(r.modelFile), models \(r.nmos) / \(r.pmos): log-current RMS \(f(r.fit.rmsDecades, 3)) decades over \(r.fit.points) points,",
            "# worst on-current error \(f(r.worstOnCurrentErrorPercent, 1)) % (VDD 0.6-1.0 V, -40/27/125 °C).",
            "# n-device on-current at TT, \(f(c.vddNominal, 2)) V, \(f(c.tNominalC, 0)) °C: \(f(r.ionNUAperUM, 0)) µA/µm.",
        ]
        lines += r.notes.map { "# " + $0 }
        lines += [
            "[technology]",
            "vdd_nominal = \(f(c.vddNominal, 3))",
            "t_nominal = \(f(c.tNominalC, 2))",
            "vth0_n = \(f(c.vth0N))",
            "vth0_p = \(f(c.vth0P))",
            "alpha = \(f(c.alpha))",
            "subthreshold_n_n = \(f(c.subthresholdNN))",
            "subthreshold_n_p = \(f(c.subthresholdNP))",
            "dibl = \(f(c.dibl))",
            "dvth_dt_n = \(f(c.dvthDTn))",
            "dvth_dt_p = \(f(c.dvthDTp))",
            "mobility_exponent_n = \(f(c.mobilityExponentN))",
            "mobility_exponent_p = \(f(c.mobilityExponentP))",
            "vsat_exponent_n = \(f(c.vsatExponent(.n)))",
            "vsat_exponent_p = \(f(c.vsatExponent(.p)))",
            "vsat_voltage = \(f(c.vsatVoltage))",
            "vth_width_n = \(f(c.vthWidthN))",
            "vth_width_p = \(f(c.vthWidthP))",
            "p_current_factor = \(f(c.pCurrentFactor))",
            "sigma_vth_global_n = \(f(c.sigmaVthGlobalN, 2))",
            "sigma_vth_global_p = \(f(c.sigmaVthGlobalP, 2))",
            "sigma_mu_global = \(f(c.sigmaMuGlobalPercent, 2))",
            "a_vt_n = \(f(c.aVTn, 3))",
            "a_vt_p = \(f(c.aVTp, 3))",
            "a_beta = \(f(c.aBetaPercent, 3))",
            "cell_pd = \"\(c.cellPullDown)\"",
            "cell_pg = \"\(c.cellPassGate)\"",
            "cell_pu = \"\(c.cellPullUp)\"",
            "logic = \"\(c.logicDevice)\"",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
