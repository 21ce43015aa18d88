import Foundation
import Variation

/// One calibration: ngspice characterises the card's devices, the fit turns the curves into card
/// terms, and the result says how well the fitted model follows ngspice.
public struct Calibrator: Sendable {
    /// What to calibrate against.
    public struct Request: Sendable {
        /// Model file included whole (nil when a corner library supplies every section).
        public var modelFile: String?
        public var nmos: String
        public var pmos: String
        /// Corner library and its sections (tt, ff, ss, fs, sf; case-insensitive); the typical fit uses
        /// the section named tt.
        public var cornerLibrary: (file: String, sections: [String])?
        /// A model file whose devices (same names) draw per-instance mismatch: A_VT and A_β are
        /// estimated from an ngspice Monte Carlo of it (nil: kept from the base card).
        public var mismatchModel: String?
        /// The card whose geometries are characterised and whose other values are kept.
        public var base: TechnologyCard
        public var cimpvtVersion: String

        public init(modelFile: String?, nmos: String, pmos: String, cornerLibrary: (file: String, sections: [String])? = nil,
                    mismatchModel: String? = nil, base: TechnologyCard = TechnologyCard(), cimpvtVersion: String) {
            self.modelFile = modelFile; self.nmos = nmos; self.pmos = pmos; self.cornerLibrary = cornerLibrary
            self.mismatchModel = mismatchModel
            self.base = base; self.cimpvtVersion = cimpvtVersion
        }
    }

    public let ngspice: Ngspice
    public init(ngspice: Ngspice) { self.ngspice = ngspice }

    /// Checks the files and names, then runs; throws ``CalibrationError`` on any failure.
    public func run(_ request: Request) throws -> CalibrationResult {
        let (typical, corners) = try sources(request)
        let mismatchSource = try request.mismatchModel.map { path in
            let file = try SpiceModelFile(path: path)
            return SpiceSource(file: URL(fileURLWithPath: path).standardizedFileURL.path, section: nil, nmos: request.nmos, pmos: request.pmos,
                               nmosKind: try file.kind(of: request.nmos, role: "--nmos"), pmosKind: try file.kind(of: request.pmos, role: "--pmos"))
        }
        let devices = CalibrationDevice.devices(of: request.base)
        let (curves, log) = try characterise(typical, devices: devices)
        let delays = try StageDelays.parse(log: try ngspice.run(
            deck: CharacterisationDeck.fo4(source: typical, logic: request.base.logicDevice), outputs: []).log)
        let fit = try DeviceModelFit.fit(curves, base: request.base)
        var model = fit.model
        var notes: [String] = []
        if !fit.atBounds.isEmpty {
            notes.append("at the edge of its range: \(fit.atBounds.joined(separator: ", ")) (the curves ask for more than the model's range; alpha = 1 means currents more linear in overdrive than any alpha-power law, as series resistance makes them)")
        }
        var shifts: [DeviceModelFit.CornerShift] = []
        for source in corners {
            let (c, _) = try characterise(source, devices: devices)
            shifts.append(try DeviceModelFit.fitCorner(c, section: source.section ?? "", typical: fit.model))
        }
        if shifts.isEmpty {
            notes.append("no corner library: sigma_vth_global_n/p and sigma_mu_global kept from the base card (\(request.base.sigmaVthGlobalN) mV, \(request.base.sigmaVthGlobalP) mV, \(request.base.sigmaMuGlobalPercent) %)")
        } else {
            model.card = Self.globalSigmas(shifts, card: model.card)
            notes.append("sigma_vth_global_n/p and sigma_mu_global from the corner sections \(shifts.map(\.section).joined(separator: ", ")): a corner sits at corner_sigmas = \(model.card.cornerSigmas) σ")
        }
        var mismatch: MismatchEstimate? = nil
        if let source = mismatchSource {
            let m = try monteCarlo(source, devices: devices, card: request.base)
            mismatch = m
            model.card.aVTn = m.aVTn; model.card.aVTp = m.aVTp; model.card.aBetaPercent = m.aBetaPercent
            notes.append("a_vt_n, a_vt_p, a_beta from an ngspice Monte Carlo of the mismatch model (\(MismatchDeck.instances) instances per device, seed \(MismatchDeck.seed))")
        } else {
            notes.append("a_vt_n, a_vt_p, a_beta kept from the base card (\(request.base.aVTn), \(request.base.aVTp) mV·µm, \(request.base.aBetaPercent) %·µm): no --mismatch-model")
        }
        notes.append("geometries are the base card's (cell_pd \(request.base.cellPullDown), cell_pg \(request.base.cellPassGate), cell_pu \(request.base.cellPullUp), logic \(request.base.logicDevice) nm)")
        return Self.assess(model: model, fit: fit, curves: curves, delays: delays, corners: shifts, mismatch: mismatch,
                           notes: notes, request: request, ngspiceVersion: Self.version(in: log))
    }

    /// The typical source and the corner sources, after checking files, names and sections.
    func sources(_ r: Request) throws -> (SpiceSource, [SpiceSource]) {
        if let lib = r.cornerLibrary {
            let file = try SpiceModelFile(path: lib.file)
            let nk = try file.kind(of: r.nmos, role: "--nmos"), pk = try file.kind(of: r.pmos, role: "--pmos")
            guard !lib.sections.isEmpty else { throw CalibrationError("--corner-lib \(lib.file): name its sections (e.g. tt ff ss fs sf)") }
            for s in lib.sections where !file.sections.contains(s.lowercased()) {
                throw CalibrationError("--corner-lib: section '\(s)' is not in '\(lib.file)' (it has: \(file.sections.joined(separator: ", ")))")
            }
            for s in lib.sections where Self.speeds(s) == nil {
                throw CalibrationError("--corner-lib: section '\(s)' is not a corner name; allowed tt, ff, ss, fs, sf (any case)")
            }
            guard let tt = lib.sections.first(where: { $0.lowercased() == "tt" }) else {
                throw CalibrationError("--corner-lib: the sections must include tt, the typical corner the device terms are fitted on")
            }
            let absolute = URL(fileURLWithPath: lib.file).standardizedFileURL.path
            let make = { (s: String) in SpiceSource(file: absolute, section: s, nmos: r.nmos, pmos: r.pmos, nmosKind: nk, pmosKind: pk) }
            return (make(tt), lib.sections.filter { $0 != tt }.map(make))
        }
        guard let path = r.modelFile else { throw CalibrationError("give --spice-model FILE (or --corner-lib FILE tt …)") }
        let file = try SpiceModelFile(path: path)
        let nk = try file.kind(of: r.nmos, role: "--nmos"), pk = try file.kind(of: r.pmos, role: "--pmos")
        return (SpiceSource(file: URL(fileURLWithPath: path).standardizedFileURL.path, section: nil, nmos: r.nmos, pmos: r.pmos, nmosKind: nk, pmosKind: pk), [])
    }

    /// The mismatch Monte Carlo at the card's nominal VDD and temperature.
    func monteCarlo(_ source: SpiceSource, devices: [CalibrationDevice], card: TechnologyCard) throws -> MismatchEstimate {
        let files = (0..<MismatchDeck.files(devices: devices.count)).map(MismatchDeck.file)
        let run = try ngspice.run(deck: MismatchDeck.deck(source: source, devices: devices, vds: card.vddNominal, celsius: card.tNominalC),
                                  outputs: files)
        guard let m = try MismatchEstimate.estimate(files: files.map { run.files[$0]! }, devices: devices, vdd: card.vddNominal) else {
            throw CalibrationError("--mismatch-model \(source.file): its \(MismatchDeck.instances) instances of each device are identical — it draws no per-instance mismatch (is a mismatch flag or section needed?)")
        }
        return m
    }

    func characterise(_ source: SpiceSource, devices: [CalibrationDevice]) throws -> (IVCurves, String) {
        let files = CharacterisationDeck.temperaturesC.indices.map(CharacterisationDeck.ivFile)
        let run = try ngspice.run(deck: CharacterisationDeck.iv(source: source, devices: devices), outputs: files)
        return (try IVCurves.parse(files: files.map { run.files[$0]! }, devices: devices), run.log)
    }

    /// Speed of each type in a corner section name: −1 slow, 0 typical, +1 fast (nil: not a corner).
    static func speeds(_ section: String) -> (n: Double, p: Double)? {
        let s = Array(section.lowercased())
        guard s.count == 2 else { return nil }
        func v(_ c: Character) -> Double? { c == "t" ? 0 : c == "f" ? 1 : c == "s" ? -1 : nil }
        guard let n = v(s[0]), let p = v(s[1]), (n == 0) == (p == 0) else { return nil }
        return (n, p)
    }

    /// Global σ from the corner shifts: a fast corner lowers |Vth| by k·σ and raises μ by k·σ_μ.
    public static func globalSigmas(_ shifts: [DeviceModelFit.CornerShift], card: TechnologyCard) -> TechnologyCard {
        var c = card
        var vn: [Double] = [], vp: [Double] = [], mu: [Double] = []
        for s in shifts {
            guard let sp = speeds(s.section) else { continue }
            if sp.n != 0 { vn.append(-s.vthShiftN / sp.n / c.cornerSigmas); mu.append(s.betaShiftN / sp.n / c.cornerSigmas) }
            if sp.p != 0 { vp.append(-s.vthShiftP / sp.p / c.cornerSigmas); mu.append(s.betaShiftP / sp.p / c.cornerSigmas) }
        }
        func mean(_ a: [Double]) -> Double? { a.isEmpty ? nil : a.reduce(0, +) / Double(a.count) }
        if let m = mean(vn) { c.sigmaVthGlobalN = max(0, m * 1000) }
        if let m = mean(vp) { c.sigmaVthGlobalP = max(0, m * 1000) }
        if let m = mean(mu) { c.sigmaMuGlobalPercent = max(0, m * 100) }
        return c
    }

    static func version(in log: String) -> String {
        guard let r = log.range(of: "ngspice-") else { return "ngspice" }
        let tail = log[r.lowerBound...].prefix { !$0.isWhitespace }
        return String(tail)
    }

    /// Every figure of the report from the fitted model and the curves.
    static func assess(model: FittedDeviceModel, fit: DeviceModelFit.Result, curves: IVCurves, delays: StageDelays,
                       corners: [DeviceModelFit.CornerShift], mismatch: MismatchEstimate?, notes: [String], request: Request,
                       ngspiceVersion: String) -> CalibrationResult {
        let temps = CharacterisationDeck.temperaturesC
        let devices = curves.devices
        func modelI(_ d: CalibrationDevice, _ vgs: Double, _ vds: Double, _ t: Double) -> Double {
            model.current(d.type, geometry: d.geometry, vgs: vgs, vds: vds, celsius: t)
        }
        var logErrors: [CalibrationResult.LogError] = []
        let points = FitPoint.wedge(devices: devices.count)
        for (t, tc) in temps.enumerated() { for (di, d) in devices.enumerated() {
            let e = points.filter { $0.device == di && $0.temperature == t }.map { p in
                abs(log10(model.current(at: p, of: curves) / p.measured(in: curves)))
            }
            let rms = (e.map { $0 * $0 }.reduce(0, +) / Double(max(e.count, 1))).squareRoot()
            logErrors.append(.init(device: d.name, temperatureC: tc, rmsDecades: rms, maxDecades: e.max() ?? 0))
        } }
        var on: [CalibrationResult.OnCurrent] = []
        for (di, d) in devices.enumerated() { for v in CalibrationResult.onCurrentSupplies { for (t, tc) in temps.enumerated() {
            let spice = curves.current[t][di][IVCurves.gateIndex(v)][IVCurves.drainIndex(v)]
            on.append(.init(device: d.name, vdd: v, temperatureC: tc, spiceUA: spice * 1e6, modelUA: modelI(d, v, v, tc) * 1e6))
        } } }
        let cold = temps.firstIndex(of: temps.min()!)!, hot = temps.firstIndex(of: temps.max()!)!
        var ztc: [CalibrationResult.ZeroTemperatureCoefficient] = []
        for (di, d) in devices.enumerated() {
            let spice = crossing(grid: true) { v in
                let g = IVCurves.gateIndex(v)
                return log(curves.current[hot][di][g][g - 1] / curves.current[cold][di][g][g - 1])
            }
            let m = crossing(grid: false) { v in log(modelI(d, v, v, temps[hot]) / modelI(d, v, v, temps[cold])) }
            ztc.append(.init(device: d.name, spiceV: spice, modelV: m))
        }
        var ratios: [CalibrationResult.DelayRatio] = []
        let logic = request.base.logicDevice
        for (t, tc) in temps.enumerated() {
            func stage(_ v: Double) -> Double {
                v / model.current(.n, geometry: logic, vgs: v, vds: v, celsius: tc) + v / model.current(.p, geometry: logic, vgs: v, vds: v, celsius: tc)
            }
            let s = CharacterisationDeck.delaySupplies
            ratios.append(.init(temperatureC: tc, spice: delays.seconds[t][0] / delays.seconds[t][1], model: stage(s[0]) / stage(s[1])))
        }
        var overlay: [CalibrationResult.Curve] = []
        let vds = model.card.vddNominal
        let gates = Array(IVCurves.gateIndex(FitPoint.lowGateVolts)...IVCurves.gateIndex(FitPoint.highGateVolts))
        for (di, d) in devices.enumerated() { for (t, tc) in temps.enumerated() {
            let v = gates.map(IVCurves.gateVolts)
            overlay.append(.init(device: d.name, temperatureC: tc, vds: vds, vgs: v,
                                 spiceA: gates.map { curves.current[t][di][$0][IVCurves.drainIndex(vds)] },
                                 modelA: v.map { modelI(d, $0, vds, tc) }))
        } }
        let unit = DeviceGeometry(widthNM: 1000, lengthNM: request.base.logicDevice.lengthNM)
        let v0 = model.card.vddNominal
        let ion = model.current(.n, geometry: unit, vgs: v0, vds: v0, celsius: model.card.tNominalC) * 1e6
        return CalibrationResult(
            cimpvtVersion: request.cimpvtVersion, ngspiceVersion: ngspiceVersion,
            modelFile: URL(fileURLWithPath: request.cornerLibrary?.file ?? request.modelFile ?? "").lastPathComponent,
            nmos: request.nmos, pmos: request.pmos, card: model.card, ionNUAperUM: ion,
            fit: .init(iterations: fit.iterations, points: points.count, rmsDecades: fit.rmsLogError / log(10)),
            logErrors: logErrors, onCurrents: on, zeroTemperatureCoefficient: ztc, delayRatios: ratios,
            corners: corners, mismatch: mismatch, curves: overlay, notes: notes)
    }

    /// First V in 0.3…1.1 where f changes sign (linear interpolation between grid points of 25 mV;
    /// the model's by bisection to 0.1 mV when `grid` is false); nil when it does not.
    static func crossing(grid: Bool, _ f: (Double) -> Double) -> Double? {
        let step = CharacterisationDeck.stepVolts
        var v = FitPoint.lowGateVolts
        var a = f(v)
        while v + step <= FitPoint.highGateVolts + 1e-9 {
            let b = f(v + step)
            if a == 0 { return v }
            if (a < 0) != (b < 0) {
                if grid { return v + step * a / (a - b) }
                var lo = v, hi = v + step, flo = a
                while hi - lo > 1e-4 {
                    let mid = (lo + hi) / 2, fm = f(mid)
                    if (fm < 0) == (flo < 0) { lo = mid; flo = fm } else { hi = mid }
                }
                return (lo + hi) / 2
            }
            v += step; a = b
        }
        return nil
    }
}
