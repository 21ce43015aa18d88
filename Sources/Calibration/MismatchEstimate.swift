import Foundation
import Variation

/// Pelgrom coefficients from a mismatch Monte Carlo (``MismatchDeck``).
///
/// Per instance: the constant-current threshold (|V_GS| where |I_D| = 100 nA·W/L, log-linear between
/// grid points) and the current at |V_GS| = VDD. ΔVth is the threshold less the instances' mean;
/// Δβ/β = ln(I/Ī) + g·ΔVth at VDD, with g = d ln Ī/dV_GS of the mean curve there (the current change
/// the threshold does not explain). One device's σ scales as A/√(2·W·L) (pair convention), so each
/// device gives A_VT = σ(ΔVth)·√(2WL) and A_β = σ(Δβ/β)·√(2WL); a type's A_VT pools its devices'
/// variances, A_β pools both types (the card has one).
public struct MismatchEstimate: Sendable, Codable {
    public struct Device: Sendable, Codable {
        public let device: String
        public let instances: Int
        /// σ(ΔVth), mV, and σ(Δβ/β), %.
        public let sigmaVthMV: Double, sigmaBetaPercent: Double
        /// A_VT, mV·µm, and A_β, %·µm, of this device alone.
        public let aVT: Double, aBeta: Double
    }
    public let devices: [Device]
    public let aVTn: Double, aVTp: Double, aBetaPercent: Double

    /// Constant-current criterion per square, A.
    public static let criterionAmpsPerSquare = 100e-9

    /// Parses the chunk files and estimates; nil when the instances do not differ (no per-instance
    /// mismatch in the model).
    public static func estimate(files: [String], devices: [CalibrationDevice], vdd: Double) throws -> MismatchEstimate? {
        let ng = CharacterisationDeck.gatePoints, n = MismatchDeck.instances
        var columns: [[Double]] = []  // instance-major: columns[i][g]
        for text in files {
            var rows: [[Double]] = []
            for line in text.split(whereSeparator: \.isNewline) {
                let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard let first = f.first, Double(first) != nil else { continue }
                let values = f.dropFirst().map { Double($0).map(abs) }
                guard values.allSatisfy({ $0 != nil && $0!.isFinite }) else {
                    throw CalibrationError("ngspice's Monte Carlo table holds a value that is not a current")
                }
                rows.append(values.map { $0! })
            }
            guard rows.count == ng, let width = rows.first?.count, rows.allSatisfy({ $0.count == width }) else {
                throw CalibrationError("ngspice's Monte Carlo table has \(rows.count) rows, expected \(ng)")
            }
            for c in 0..<width { columns.append(rows.map { $0[c] }) }
        }
        guard columns.count == devices.count * n else {
            throw CalibrationError("ngspice's Monte Carlo tables hold \(columns.count) instances, expected \(devices.count * n)")
        }
        let gv = IVCurves.gateIndex(vdd)
        var out: [Device] = []
        for (di, d) in devices.enumerated() {
            let curves = Array(columns[(di * n)..<((di + 1) * n)])
            let wl = d.geometry.widthNM / d.geometry.lengthNM
            let crit = log(criterionAmpsPerSquare * wl)
            let vth = try curves.map { c -> Double in
                for g in 1..<ng where c[g] > 0 && c[g - 1] > 0 && log(c[g]) >= crit && log(c[g - 1]) < crit {
                    let a = log(c[g - 1]), b = log(c[g])
                    return IVCurves.gateVolts(g - 1) + CharacterisationDeck.stepVolts * (crit - a) / (b - a)
                }
                throw CalibrationError("an instance of \(d.name) never reaches 100 nA·W/L in 0–1.1 V: no threshold to measure")
            }
            let meanLog = (0..<ng).map { g in curves.map { log(max($0[g], 1e-300)) }.reduce(0, +) / Double(n) }
            let slope = (meanLog[min(gv + 1, ng - 1)] - meanLog[gv - 1]) / (IVCurves.gateVolts(min(gv + 1, ng - 1)) - IVCurves.gateVolts(gv - 1))
            let vMean = vth.reduce(0, +) / Double(n)
            let dv = vth.map { $0 - vMean }
            let db = zip(curves, dv).map { c, v in log(c[gv]) - meanLog[gv] + slope * v }
            func sd(_ x: [Double]) -> Double {
                let m = x.reduce(0, +) / Double(x.count)
                return (x.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(x.count - 1)).squareRoot()
            }
            let root = (2 * d.geometry.areaUM2).squareRoot()
            let sv = sd(dv), sb = sd(db)
            out.append(Device(device: d.name, instances: n, sigmaVthMV: sv * 1e3, sigmaBetaPercent: sb * 100,
                              aVT: sv * 1e3 * root, aBeta: sb * 100 * root))
        }
        guard out.contains(where: { $0.sigmaVthMV > 1e-6 }) else { return nil }
        func pooled(_ rows: [Device], _ key: (Device) -> Double) -> Double {
            (rows.map { key($0) * key($0) }.reduce(0, +) / Double(max(rows.count, 1))).squareRoot()
        }
        let nRows = out.enumerated().filter { devices[$0.offset].type == .n }.map(\.element)
        let pRows = out.enumerated().filter { devices[$0.offset].type == .p }.map(\.element)
        return MismatchEstimate(devices: out, aVTn: pooled(nRows, \.aVT), aVTp: pooled(pRows, \.aVT),
                                aBetaPercent: pooled(out, \.aBeta))
    }
}
