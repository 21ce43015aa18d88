import Foundation
import Variation

/// Fits the card's device terms to measured I–V curves by least squares on log-current.
///
/// Residual of a point: ln I_model − ln I_SPICE over the ``FitPoint`` wedge, every device and
/// temperature weighted alike — a decade of subthreshold current counts as much as a decade of
/// on-current — with the on-current diagonal weighted ``onCurrentWeight``. The corner fit holds the typical model and fits only each type's threshold shift and
/// current-factor scale.
public enum DeviceModelFit {
    public struct Result: Sendable {
        public let model: FittedDeviceModel
        public let iterations: Int
        /// RMS of ln-current residuals over every point.
        public let rmsLogError: Double
        /// Terms the fit left at a bound of their range ("alpha = 1.0"): the curves ask for more than the
        /// model's range gives (said in the report).
        public let atBounds: [String]
    }

    /// Weight of the on-current diagonal (|V_GS| = |V_DS|) in the fit: the engine's on-currents and
    /// delays all sit on it (3: its 33 points per device and temperature then count about as much as
    /// the wedge's other 270).
    static let onCurrentWeight = 3.0

    /// RMS of the unweighted ln-current residuals.
    static func rms(model: FittedDeviceModel, curves: IVCurves, points: [FitPoint], measuredLog: [Double]) -> Double {
        var s = 0.0
        for (k, p) in points.enumerated() {
            let d = curves.devices[p.device]
            let e = log(model.current(d.type, geometry: d.geometry, vgs: p.vgs, vds: p.vds,
                                      celsius: CharacterisationDeck.temperaturesC[p.temperature])) - measuredLog[k]
            s += e * e
        }
        return (s / Double(points.count)).squareRoot()
    }

    /// Starting values of V_c, V.
    static let vcStarts = [0.03, 0.1, 0.3, 1.0]

    /// The typical fit. Throws when GSL reports no convergence or a value leaves the card's range.
    public static func fit(_ curves: IVCurves, base: TechnologyCard) throws -> Result {
        let points = FitPoint.wedge(devices: curves.devices.count)
        let start = FittedDeviceModel.start(base: base, curves: curves)
        let measuredLog = try points.map { p -> Double in
            let i = curves.current[p.temperature][p.device][p.gate][p.drain]
            guard i > 0 else {
                throw CalibrationError("ngspice gives no current for \(curves.devices[p.device].name) at |V_GS| \(p.vgs) V, |V_DS| \(p.vds) V, \(CharacterisationDeck.temperaturesC[p.temperature]) °C: check the model names (an n-model given as --pmos?)")
            }
            return log(i)
        }
        let weight = points.map { $0.gate == $0.drain + 1 ? Self.onCurrentWeight : 1 }
        // The hand-over voltage V_c makes the cost multi-modal (a tiny V_c trades the mobility exponent
        // against the subthreshold terms): one start per decade of V_c, the best kept.
        // The starts run in parallel (each has its own GSL workspace; the model is pure).
        let box = OutcomeSlots(count: Self.vcStarts.count)
        DispatchQueue.concurrentPerform(iterations: Self.vcStarts.count) { j in
            let vc = Self.vcStarts[j]
            var s = start
            s.card.vsatVoltage = vc
            box.set(j, LeastSquares.minimise(start: s.vector, count: points.count) { x, r in
                let m = FittedDeviceModel(vector: x, base: base)
                for (k, p) in points.enumerated() {
                    let d = curves.devices[p.device]
                    let i = m.current(d.type, geometry: d.geometry, vgs: p.vgs, vds: p.vds,
                                      celsius: CharacterisationDeck.temperaturesC[p.temperature])
                    guard i > 0, i.isFinite else { return false }
                    r[k] = weight[k] * (log(i) - measuredLog[k])
                }
                return true
            })
        }
        let outcomes = box.values
        // The best converged start whose terms a card accepts (a mobility that rises with temperature is
        // not a mobility: such a start is the fit trading terms, not a device).
        let usable = outcomes.filter { o in
            o.converged && (try? checkRanges(o.x.withUnsafeBufferPointer { FittedDeviceModel(vector: $0.baseAddress!, base: base) }.card)) != nil
        }
        let outcome = usable.min { $0.sumOfSquares < $1.sumOfSquares } ?? outcomes.min { $0.sumOfSquares < $1.sumOfSquares }!
        let model = outcome.x.withUnsafeBufferPointer { FittedDeviceModel(vector: $0.baseAddress!, base: base) }
        let rms = Self.rms(model: model, curves: curves, points: points, measuredLog: measuredLog)
        guard outcome.converged else {
            throw CalibrationError("the device fit did not converge (GSL status \(outcome.status) after \(outcome.iterations) iterations, RMS log-current error \(String(format: "%.3g", rms))): the curves are not those of a MOSFET this model can follow, or the device names are swapped")
        }
        try checkRanges(model.card)
        return Result(model: model, iterations: outcome.iterations, rmsLogError: rms, atBounds: model.termsAtEdges)
    }

    /// Threshold shift (V, |Vth|) and relative current-factor shift of each type in a corner section.
    public struct CornerShift: Sendable, Codable, Equatable {
        public let section: String
        public let vthShiftN: Double, vthShiftP: Double
        public let betaShiftN: Double, betaShiftP: Double
        public let rmsLogError: Double
    }

    /// Fits a corner section's shifts with the typical model held.
    public static func fitCorner(_ curves: IVCurves, section: String, typical: FittedDeviceModel) throws -> CornerShift {
        let points = FitPoint.wedge(devices: curves.devices.count)
        let measuredLog = points.map { p in log(max(curves.current[p.temperature][p.device][p.gate][p.drain], 1e-300)) }
        let outcome = LeastSquares.minimise(start: [0, 0, 0, 0], count: points.count) { x, r in
            for (k, p) in points.enumerated() {
                let d = curves.devices[p.device]
                let n = d.type == .n
                let i = typical.current(d.type, geometry: d.geometry, vgs: p.vgs, vds: p.vds,
                                        celsius: CharacterisationDeck.temperaturesC[p.temperature],
                                        vthShift: n ? x[0] : x[1], betaScale: exp(n ? x[2] : x[3]))
                guard i > 0, i.isFinite else { return false }
                r[k] = log(i) - measuredLog[k]
            }
            return true
        }
        let rms = (outcome.sumOfSquares / Double(points.count)).squareRoot()
        guard outcome.converged else {
            throw CalibrationError("the corner fit of section '\(section)' did not converge (GSL status \(outcome.status))")
        }
        let x = outcome.x
        return CornerShift(section: section, vthShiftN: x[0], vthShiftP: x[1], betaShiftN: exp(x[2]) - 1, betaShiftP: exp(x[3]) - 1,
                           rmsLogError: rms)
    }

    /// The fitted values must be ones a technology card (and a sweep file's `[technology]`) accepts.
    static func checkRanges(_ c: TechnologyCard) throws {
        let checks: [(String, Double, ClosedRange<Double>)] = [
            ("vth0_n", c.vth0N, 0.01...1.2), ("vth0_p", c.vth0P, 0.01...1.2), ("alpha", c.alpha, 1...2),
            ("subthreshold_n_n", c.subthresholdNN, 1...3), ("subthreshold_n_p", c.subthresholdNP, 1...3),
            ("dvth_dt_n", c.dvthDTn, -5...5), ("dvth_dt_p", c.dvthDTp, -5...5), ("mobility_exponent_n", c.mobilityExponentN, -10...10), ("mobility_exponent_p", c.mobilityExponentP, -10...10),
            ("vsat_exponent_n", c.vsatExponent(.n), -10...10), ("vsat_exponent_p", c.vsatExponent(.p), -10...10), ("vsat_voltage", c.vsatVoltage, 0.001...5),
            ("dibl", c.dibl, 0...0.5), ("vth_width_n", c.vthWidthN, -50...50), ("vth_width_p", c.vthWidthP, -50...50), ("p_current_factor", c.pCurrentFactor, 0.001...2),
        ]
        for (key, v, r) in checks where !r.contains(v) || !v.isFinite {
            throw CalibrationError("the fit put \(key) at \(String(format: "%.4g", v)), outside the card's range \(r.lowerBound)…\(r.upperBound): these curves are outside what the model covers")
        }
    }
}

/// Results of parallel fits, one slot each.
private final class OutcomeSlots: @unchecked Sendable {
    private var slots: [LeastSquares.Outcome?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ o: LeastSquares.Outcome) { lock.lock(); slots[i] = o; lock.unlock() }
    var values: [LeastSquares.Outcome] { lock.lock(); defer { lock.unlock() }; return slots.compactMap { $0 } }
}
