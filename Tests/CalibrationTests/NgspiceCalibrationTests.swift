import Calibration
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Report
import Sweep
import Testing
import Variation

/// Calibration against ngspice on the fixture BSIM4 cards in Fixtures/ (written for these tests:
/// docs/calibration.md gives their parameters). Runs where ngspice is installed; CI installs it.
/// Whether ngspice can be found (the integration suite runs only then).
let ngspiceInstalled = (try? Ngspice()) != nil

@Suite(.enabled(if: ngspiceInstalled, "ngspice is not installed"))
struct NgspiceCalibrationTests {
    static func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!.path
    }
    static func calibrate(model: String? = fixture("bsim4-28nm.lib"), corners: (String, [String])? = nil,
                          nmos: String = "nch", pmos: String = "pch") throws -> CalibrationResult {
        try Calibrator(ngspice: try Ngspice()).run(.init(modelFile: model, nmos: nmos, pmos: pmos,
                                                          cornerLibrary: corners.map { (file: $0.0, sections: $0.1) },
                                                          cimpvtVersion: "test"))
    }

    @Test func fixtureCardMeetsTheOnCurrentAndTemperatureInversionTargets() throws {
        let r = try Self.calibrate()
        // Every device × VDD 0.6–1.0 V × −40/27/125 °C: model within 10 % of ngspice.
        #expect(r.onCurrents.count == 5 * 5 * 3)
        for x in r.onCurrents { #expect(abs(x.errorPercent) < 10, "\(x.device) \(x.vdd) V \(x.temperatureC) °C: \(x.errorPercent) %") }
        // Temperature inversion: both cross, within 50 mV.
        for z in r.zeroTemperatureCoefficient {
            let s = try #require(z.spiceV), m = try #require(z.modelV)
            #expect(abs(s - m) < 0.05, "\(z.device): ngspice \(s) V, model \(m) V")
            #expect(s > 0.5 && s < 0.95, "\(z.device): a 28 nm-class ZTC, not \(s) V")
        }
        // Log-current over the saturation wedge: RMS under 0.05 decade per device and temperature.
        #expect(r.logErrors.count == 15)
        for e in r.logErrors { #expect(e.rmsDecades < 0.05 && e.maxDecades < 0.2, "\(e.device) \(e.temperatureC) °C: \(e.rmsDecades) / \(e.maxDecades)") }
        // The fixture's measured character (docs/calibration.md): SS 80–110 mV/dec, DIBL 50–110 mV/V,
        // p/n current 0.5–0.7, velocity-saturated α, n on-current ≈ 930 µA/µm.
        let c = r.card
        for n in [c.subthresholdNN, c.subthresholdNP] { #expect(n * 0.025865 * log(10) > 0.080 && n * 0.025865 * log(10) < 0.110, "n \(n)") }
        #expect(c.dibl > 0.05 && c.dibl < 0.11, "dibl \(c.dibl)")
        #expect(c.pCurrentFactor > 0.5 && c.pCurrentFactor < 0.7, "p factor \(c.pCurrentFactor)")
        #expect(c.alpha > 1 && c.alpha < 1.4, "alpha \(c.alpha)")
        #expect(abs(r.ionNUAperUM - 933) < 0.1 * 933, "ion \(r.ionNUAperUM)")
        // FO4: ngspice's low-VDD slowdown is larger than the VDD/I_on model's, and slows more when cold.
        #expect(r.delayRatios.count == 3)
        for d in r.delayRatios { #expect(d.spice > 1.5 && d.spice < 3.5 && d.model > 1.2, "\(d)") }
        #expect(r.delayRatios[0].spice > r.delayRatios[2].spice)
        // No corner library: the global sigmas are the base card's, and the notes say so.
        #expect(c.sigmaVthGlobalN == 15 && c.sigmaMuGlobalPercent == 3)
        #expect(r.notes.contains { $0.hasPrefix("no corner library") } && r.notes.contains { $0.contains("no --mismatch-model") })
        #expect(r.mismatch == nil && c.aVTn == 2.0)
    }

    @Test func writtenTechnologyFileReadsBackAsTheFittedCard() throws {
        let r = try Self.calibrate()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cimpvt-tech-\(UUID().uuidString).toml")
        defer { try? FileManager.default.removeItem(at: url) }
        let text = TechnologyFileText.render(r)
        try text.write(to: url, atomically: true, encoding: .utf8)
        let card = try TechnologyFile.load(path: url.path)
        let fitted = r.card
        let pairs: [(Double, Double)] = [(card.vth0N, fitted.vth0N), (card.vth0P, fitted.vth0P), (card.alpha, fitted.alpha),
                                         (card.subthresholdNN, fitted.subthresholdNN), (card.subthresholdNP, fitted.subthresholdNP),
                                         (card.dibl, fitted.dibl), (card.dvthDTn, fitted.dvthDTn), (card.dvthDTp, fitted.dvthDTp),
                                         (card.mobilityExponentN, fitted.mobilityExponentN), (card.mobilityExponentP, fitted.mobilityExponentP),
                                         (card.vsatExponent(.n), fitted.vsatExponent(.n)), (card.vsatExponent(.p), fitted.vsatExponent(.p)),
                                         (card.vsatVoltage, fitted.vsatVoltage), (card.pCurrentFactor, fitted.pCurrentFactor)]
        for (a, b) in pairs { #expect(abs(a - b) <= 5e-5, "\(a) vs \(b)") }
        // Nothing of the model file: none of its parameter names or its numbers appear in what is written.
        for secret in ["toxe", "u0", "eta0", "0.028", "level"] { #expect(!text.contains(secret), "\(secret) in the technology file") }
        // The SVG overlay parses as XML and holds five charts.
        let svg = CalibrationFigure.svg(r)
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "the SVG does not parse as XML")
        #expect(svg.components(separatedBy: "<svg").count - 1 == 6)
    }

    @Test func cornerLibraryGivesTheGlobalSigmasOfItsSections() throws {
        let lib = Self.fixture("bsim4-28nm-corners.lib")
        let r = try Self.calibrate(model: nil, corners: (lib, ["tt", "ff", "ss", "fs", "sf"]))
        #expect(r.corners.map(\.section) == ["ff", "ss", "fs", "sf"])
        // The library shifts BSIM vth0 by 45 mV (3 × 15 mV) and u0 by 9 % (3 × 3 %): the model's threshold
        // follows vth0 within 20 %, its current factor moves less than u0 (velocity saturation).
        #expect(r.card.sigmaVthGlobalN > 13 && r.card.sigmaVthGlobalN < 18, "\(r.card.sigmaVthGlobalN)")
        #expect(r.card.sigmaVthGlobalP > 13 && r.card.sigmaVthGlobalP < 18, "\(r.card.sigmaVthGlobalP)")
        #expect(r.card.sigmaMuGlobalPercent > 0.5 && r.card.sigmaMuGlobalPercent < 3, "\(r.card.sigmaMuGlobalPercent)")
        // Symmetry the library demands: FS's n shift is FF's, its p shift is SS's.
        let ff = r.corners[0], ss = r.corners[1], fs = r.corners[2]
        #expect(abs(fs.vthShiftN - ff.vthShiftN) < 1e-3 && abs(fs.vthShiftP - ss.vthShiftP) < 1e-3)
        // The typical section is the plain card: the same fit.
        let plain = try Self.calibrate()
        #expect(abs(plain.card.vth0N - r.card.vth0N) < 1e-6 && abs(plain.card.alpha - r.card.alpha) < 1e-6)
    }

    @Test func mismatchMonteCarloGivesThePelgromCoefficientsOfTheModel() throws {
        let r = try Calibrator(ngspice: try Ngspice()).run(.init(
            modelFile: Self.fixture("bsim4-28nm.lib"), nmos: "nch", pmos: "pch",
            mismatchModel: Self.fixture("bsim4-28nm-mismatch.lib"), cimpvtVersion: "test"))
        let m = try #require(r.mismatch)
        // The fixture draws delvto with A_VT = 2.0 (n) / 2.2 (p) mV·µm and mulu0 with A_β = 1.0 %·µm. The
        // constant-current threshold also moves with the mobility draw (≈ +2–5 % in quadrature) and each
        // device's σ carries 4.5 % sampling error (250 instances): A_VT within −5 % … +15 %.
        #expect(m.aVTn > 0.95 * 2.0 && m.aVTn < 1.15 * 2.0, "a_vt_n \(m.aVTn)")
        #expect(m.aVTp > 0.95 * 2.2 && m.aVTp < 1.15 * 2.2, "a_vt_p \(m.aVTp)")
        // Every device's σ(ΔVth) follows Pelgrom's 1/√(2WL): within 20 % of A_VT/√(2WL) of its own geometry.
        for (d, dev) in zip(m.devices, CalibrationDevice.devices(of: TechnologyCard())) {
            let expected = (dev.type == .n ? 2.0 : 2.2) / (2 * dev.geometry.areaUM2).squareRoot()
            #expect(abs(d.sigmaVthMV / expected - 1) < 0.2, "\(d.device): \(d.sigmaVthMV) mV vs \(expected)")
        }
        // The current-factor mismatch at VDD is below the mobility's (a velocity-saturated current follows
        // mobility only in part), and positive.
        #expect(m.aBetaPercent > 0.2 && m.aBetaPercent < 1.0, "a_beta \(m.aBetaPercent)")
        #expect(r.card.aVTn == m.aVTn && r.card.aBetaPercent == m.aBetaPercent)
        #expect(r.notes.contains { $0.contains("Monte Carlo of the mismatch model") })
        // Reproducible: the same Monte Carlo twice gives the same currents, bit for bit.
        let devices = CalibrationDevice.devices(of: TechnologyCard())
        let file = try SpiceModelFile(path: Self.fixture("bsim4-28nm-mismatch.lib"))
        let source = SpiceSource(file: Self.fixture("bsim4-28nm-mismatch.lib"), section: nil, nmos: "nch", pmos: "pch",
                                 nmosKind: try file.kind(of: "nch", role: ""), pmosKind: try file.kind(of: "pch", role: ""))
        let deck = MismatchDeck.deck(source: source, devices: Array(devices.prefix(1)), vds: 0.9, celsius: 27)
        let names = (0..<MismatchDeck.files(devices: 1)).map(MismatchDeck.file)
        let a = try Ngspice().run(deck: deck, outputs: names), b = try Ngspice().run(deck: deck, outputs: names)
        #expect(a.files == b.files)
        // A model without per-instance mismatch is refused, not read as A_VT = 0.
        #expect(throws: CalibrationError.self) {
            _ = try Calibrator(ngspice: try Ngspice()).run(.init(modelFile: Self.fixture("bsim4-28nm.lib"), nmos: "nch", pmos: "pch",
                                                                   mismatchModel: Self.fixture("bsim4-28nm.lib"), cimpvtVersion: "test"))
        }
    }

    @Test func badModelsAreRefusedWithWhatFailed() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cimpvt-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "" } catch let e as CalibrationError { return e.description } catch { return "other: \(error)" }
        }
        // Missing file, no model in it, a name not in it.
        #expect(message { _ = try Self.calibrate(model: dir.appendingPathComponent("none.lib").path) }.contains("cannot read the SPICE model file"))
        let empty = dir.appendingPathComponent("empty.lib")
        try "* nothing here\n.param x=1\n".write(to: empty, atomically: true, encoding: .utf8)
        #expect(message { _ = try Self.calibrate(model: empty.path) }.contains("defines no .model or .subckt"))
        let m = message { _ = try Self.calibrate(nmos: "nch_svt") }
        #expect(m.contains("--nmos model 'nch_svt' is not in") && m.contains("nch, pch"), "\(m)")
        // A card ngspice cannot parse: its own error is quoted.
        let broken = dir.appendingPathComponent("broken.lib")
        try ".model nch nmos level=54 version=4.8 vth0=\n.model pch pmos level=54 version=4.8 vth0={undefined_param}\n"
            .write(to: broken, atomically: true, encoding: .utf8)
        #expect(message { _ = try Self.calibrate(model: broken.path) }.contains("ngspice"))
        // n and p swapped: no MOSFET current to fit.
        #expect(!message { _ = try Self.calibrate(nmos: "pch", pmos: "nch") }.isEmpty)
        // A corner library without tt, or with a section it does not have.
        let lib = Self.fixture("bsim4-28nm-corners.lib")
        #expect(message { _ = try Self.calibrate(model: nil, corners: (lib, ["ff", "ss"])) }.contains("must include tt"))
        #expect(message { _ = try Self.calibrate(model: nil, corners: (lib, ["tt", "xx"])) }.contains("section 'xx' is not in"))
    }
}

/// Finding ngspice and what is said when it is missing (no ngspice needed).
@Suite struct NgspiceLocationTests {
    @Test func missingNgspiceSaysHowToInstallIt() {
        do { _ = try Ngspice(environment: ["PATH": "/nonexistent"]); Issue.record("found an ngspice") } catch let e as CalibrationError {
            #expect(e.description.contains("apt-get install ngspice"), "\(e)")
        } catch { Issue.record("\(error)") }
        do { _ = try Ngspice(environment: ["CIMPVT_NGSPICE": "/nonexistent/ngspice"]); Issue.record("accepted") } catch let e as CalibrationError {
            #expect(e.description.contains("CIMPVT_NGSPICE"), "\(e)")
        } catch { Issue.record("\(error)") }
    }
}
