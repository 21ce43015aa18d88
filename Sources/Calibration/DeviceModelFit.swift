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
            let e = log(model.current(at: p, of: curves)) - measuredLog[k]
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
            let i = p.measured(in: curves)
            guard i > 0 else {
                throw CalibrationError("ngspice gives no current for \(curves.devices[p.device].name) at |V_GS| \(p.vgs) V, |V_DS| \(p.vds) V, \(p.celsius) °C: check the model names (an n-model given as --pmos?)")
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
                    let i = m.current(at: p, of: curves)
                    guard i > 0, i.isFinite else { return false }
                    r[k] = weight[k] * (log(i) - measuredLog[k])
                }
                return true
            })
        }
        let outcomes = box.values
        // The best converged start whose terms a technology file admits.
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
        let measuredLog = points.map { p in log(max(p.measured(in: curves), 1e-300)) }
        let outcome = LeastSquares.minimise(start: [0, 0, 0, 0], count: points.count) { x, r in
            for (k, p) in points.enumerated() {
                let n = curves.devices[p.device].type == .n
                let i = typical.current(at: p, of: curves, vthShift: n ? x[0] : x[1], betaScale: exp(n ? x[2] : x[3]))
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

    /// The fitted card must be one a technology file admits (``TechnologyCardKey``'s ranges), or the
    /// file `calibrate` writes would not read back.
    static func checkRanges(_ c: TechnologyCard) throws {
        for k in TechnologyCardKey.numeric {
            guard let get = k.get, !k.admits(get(c)) else { continue }
            throw CalibrationError("the fit put \(k.key) at \(String(format: "%.4g", get(c))), outside the card's range \(k.range.lowerBound)…\(k.range.upperBound): these curves are outside what the model covers")
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
