import Calibration
import Foundation
import Testing
import Variation

/// The least-squares fit against curves whose answer is known: currents written out here from
/// MODELS §3 (no helper shared with the code under test) for chosen card terms; the fit must give them
/// back. No ngspice needed.
@Suite struct DeviceModelFitTests {
    /// The chosen terms (a 28 nm-like device pair, deliberately away from the fit's start).
    struct Truth {
        var vth0 = (n: 0.43, p: 0.47), nSub = (n: 1.55, p: 1.70), dvdt = (n: -0.45, p: -0.30)
        var kW = (n: 2.2, p: 3.1)
        var mMu = (n: 1.6, p: 1.2), mV = (n: 0.35, p: 0.55)
        var alpha = 1.12, vc = 0.15, eta = 0.085, kN = 6.0e-5, pFactor = 0.58
    }

    /// |I_D| in A, MODELS §3 written out.
    static func current(_ t: Truth, p: Bool, width: Double, wOverL: Double, vgs: Double, vds: Double, celsius: Double,
                        vthShift: Double = 0, betaScale: Double = 1) -> Double {
        let k = celsius + 273.15, k0 = 300.15
        let vth = (p ? t.vth0.p : t.vth0.n) + (p ? t.kW.p : t.kW.n) / width + vthShift + (p ? t.dvdt.p : t.dvdt.n) * 1e-3 * (k - k0) - t.eta * vds
        let s = t.alpha * (p ? t.nSub.p : t.nSub.n) * 8.617_333_262e-5 * k
        let vov = s * log1p(exp((vgs - vth) / s))
        let mv = p ? t.mV.p : t.mV.n, mu = p ? t.mMu.p : t.mMu.n
        let e = mv + (mu - mv) * t.vc / (t.vc + vov)
        return t.kN * (p ? t.pFactor : 1) * wOverL * betaScale * pow(k / k0, -e) * pow(vov, t.alpha)
    }

    static func curves(_ t: Truth, devices: [CalibrationDevice], vthShift: (n: Double, p: Double) = (0, 0),
                       betaScale: (n: Double, p: Double) = (1, 1)) -> IVCurves {
        let ng = CharacterisationDeck.gatePoints, nd = CharacterisationDeck.drainPoints
        let grid = CharacterisationDeck.temperaturesC.map { tc in
            devices.map { d in
                (0..<ng).map { g in
                    (0..<nd).map { v in
                        current(t, p: d.type == .p, width: d.geometry.widthNM, wOverL: d.geometry.widthNM / d.geometry.lengthNM,
                                vgs: IVCurves.gateVolts(g), vds: IVCurves.drainVolts(v), celsius: tc,
                                vthShift: d.type == .n ? vthShift.n : vthShift.p,
                                betaScale: d.type == .n ? betaScale.n : betaScale.p)
                    }
                }
            }
        }
        return IVCurves(devices: devices, current: grid)
    }

    @Test func fitRecoversEveryTermOfAKnownDevicePair() throws {
        let t = Truth()
        let devices = CalibrationDevice.devices(of: TechnologyCard())
        let r = try DeviceModelFit.fit(Self.curves(t, devices: devices), base: TechnologyCard())
        let c = r.model.card
        #expect(r.rmsLogError < 1e-6, "RMS ln error \(r.rmsLogError)")
        let pairs: [(String, Double, Double, Double)] = [
            ("vth0_n", c.vth0N, t.vth0.n, 1e-4), ("vth0_p", c.vth0P, t.vth0.p, 1e-4),
            ("n_n", c.subthresholdNN, t.nSub.n, 1e-4), ("n_p", c.subthresholdNP, t.nSub.p, 1e-4),
            ("dvth_dt_n", c.dvthDTn, t.dvdt.n, 1e-3), ("dvth_dt_p", c.dvthDTp, t.dvdt.p, 1e-3),
            ("alpha", c.alpha, t.alpha, 1e-4), ("m_mu n", c.mobilityExponentN, t.mMu.n, 1e-2), ("m_mu p", c.mobilityExponentP, t.mMu.p, 1e-2),
            ("m_v n", c.vsatExponent(.n), t.mV.n, 1e-3), ("m_v p", c.vsatExponent(.p), t.mV.p, 1e-3), ("V_c", c.vsatVoltage, t.vc, 1e-3),
            ("dibl", c.dibl, t.eta, 1e-5), ("k_W n", c.vthWidthN, t.kW.n, 1e-3), ("k_W p", c.vthWidthP, t.kW.p, 1e-3), ("K_n", r.model.ampsPerSquare, t.kN, 1e-4 * t.kN),
            ("p_factor", c.pCurrentFactor, t.pFactor, 1e-4),
        ]
        for (name, got, want, tol) in pairs { #expect(abs(got - want) <= tol, "\(name): \(got) vs \(want)") }
        // What the fit does not touch stays the base card's.
        #expect(c.aVTn == TechnologyCard().aVTn && c.cellPullDown == TechnologyCard().cellPullDown)
    }

    @Test func cornerFitRecoversThresholdAndCurrentShiftsAndGlobalSigmas() throws {
        let t = Truth()
        let devices = CalibrationDevice.devices(of: TechnologyCard())
        let typical = try DeviceModelFit.fit(Self.curves(t, devices: devices), base: TechnologyCard()).model
        // FS: n fast (−45 mV, +6 %), p slow (+48 mV, −5 %).
        let fs = try DeviceModelFit.fitCorner(Self.curves(t, devices: devices, vthShift: (-0.045, 0.048), betaScale: (1.06, 0.95)),
                                              section: "fs", typical: typical)
        #expect(abs(fs.vthShiftN + 0.045) < 2e-4 && abs(fs.vthShiftP - 0.048) < 2e-4, "\(fs)")
        #expect(abs(fs.betaShiftN - 0.06) < 2e-3 && abs(fs.betaShiftP + 0.05) < 2e-3, "\(fs)")
        // Global σ: a corner sits at 3 σ; FS alone gives σ_n = 15 mV, σ_p = 16 mV, σ_μ = (6 % + 5 %)/2/3.
        let card = Calibrator.globalSigmas([fs], card: typical.card)
        #expect(abs(card.sigmaVthGlobalN - 15) < 0.1 && abs(card.sigmaVthGlobalP - 16) < 0.1, "\(card.sigmaVthGlobalN) \(card.sigmaVthGlobalP)")
        #expect(abs(card.sigmaMuGlobalPercent - 11.0 / 6) < 0.1, "\(card.sigmaMuGlobalPercent)")
    }

    @Test func curvesNoModelCanFollowAreRefusedNotFitted() {
        // Currents that fall as |V_GS| rises are not a MOSFET's: the fit must throw, not return a card.
        let devices = CalibrationDevice.devices(of: TechnologyCard())
        let ng = CharacterisationDeck.gatePoints, nd = CharacterisationDeck.drainPoints
        let grid = CharacterisationDeck.temperaturesC.map { _ in
            devices.map { _ in (0..<ng).map { g in (0..<nd).map { _ in 1e-3 * exp(-8 * IVCurves.gateVolts(g)) } } }
        }
        #expect(throws: CalibrationError.self) { try DeviceModelFit.fit(IVCurves(devices: devices, current: grid), base: TechnologyCard()) }
    }
}
