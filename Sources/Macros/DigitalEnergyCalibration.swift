import Foundation
import Variation

/// The digital energy model's constants, calibrated to the efficiencies ISSCC 2025 14.5 (JSSC 2026)
/// publishes (MODELS §9; docs/energy.md, "Calibration").
///
/// The paper gives average efficiency ranges per format. Our reading of their ends (the paper's exact
/// conditions per end are not public): the **high** end at 0.55 V, 50 % weight sparsity, approximate
/// mode (the conditions of the 192.3 TFLOPS/W peak); the **low** end at 0.9 V, dense operands,
/// accurate mode. Both on a typical (TT) chip at 27 °C at its own maximum clock: the critical path of
/// the mismatch-free TT die at that VDD, 27 °C and mode (``maximumClockNS(process:at:mode:card:)``).
///
/// The three constants E_nib, s, a (``DigitalEnergyModel/Constants``) minimise the squared error of
/// log-efficiency over the eight ends (Gauss–Newton). They are determined by three of the eight
/// numbers in effect (INT4 low, FP8 low, and the high/low ratio); the other five — INT8 and BF16 (four
/// nibble products per MAC), and the FP high/low ratio (alignment does not shrink with sparsity or the
/// approximate mode) — are predictions of the structure. Fits are cached per card.
public enum DigitalEnergyCalibration {
    /// One published efficiency range (TOPS/W or TFLOPS/W).
    public struct PublishedRange: Sendable, Hashable {
        public let format: NumberFormat
        public let low: Double
        public let high: Double
    }

    /// ISSCC 2025 14.5 / JSSC 2026 abstract: average INT4 70.2–285.4 TOPS/W, INT8 17.5–71.4,
    /// FP8 51.1–192.3 TFLOPS/W, BF16 12.8–48.
    public static let published: [PublishedRange] = [
        PublishedRange(format: .int4, low: 70.2, high: 285.4),
        PublishedRange(format: .int8, low: 17.5, high: 71.4),
        PublishedRange(format: .fp8E4M3, low: 51.1, high: 192.3),
        PublishedRange(format: .bf16, low: 12.8, high: 48),
    ]

    /// The conditions we read for one end of a range.
    public struct Conditions: Sendable, Hashable {
        public let vdd: Double
        public let density: Double
        public let mode: MACMode
        public let temperatureC: Double
    }

    /// Low end: 0.9 V, dense, accurate; 27 °C.
    public static let lowEnd = Conditions(vdd: 0.9, density: 1, mode: .accurate, temperatureC: 27)
    /// High end: 0.55 V, 50 % weight sparsity (half the products zero), approximate; 27 °C.
    public static let highEnd = Conditions(vdd: 0.55, density: 0.5, mode: .approximate, temperatureC: 27)

    /// The maximum clock of a mismatch-free die of `process` at `op` in `mode`: its critical path, ns.
    public static func maximumClockNS(process: ProcessCorner = .TT, at op: OperatingPoint, mode: MACMode, card: TechnologyCard) -> Double {
        SignoffClock.nominalCriticalPathNS(process: process, vdd: op.vdd, temperatureC: op.temperatureC, card: card, mode: mode)
    }

    /// The model's efficiency (TOPS/W) at one end under `constants`.
    public static func efficiency(_ format: NumberFormat, _ c: Conditions, constants: DigitalEnergyModel.Constants,
                                  card: TechnologyCard) -> Double
    {
        let model = DigitalEnergyModel(constants: constants, card: card)
        let op = OperatingPoint(vdd: c.vdd, temperatureC: c.temperatureC)
        return model.operating(format: format, mode: c.mode, bits: format.defaultMantissaBits, die: .typical, at: op,
                               clockNS: maximumClockNS(at: op, mode: c.mode, card: card), density: c.density).topsPerW
    }

    /// One row of the calibration table: a published end beside the calibrated model's value.
    public struct Comparison: Sendable {
        public let format: NumberFormat
        /// "low" or "high".
        public let end: String
        public let published: Double
        public let model: Double
        /// (model − published) / published.
        public var relativeError: Double { (model - published) / published }
    }

    /// The eight ends beside the calibrated model's efficiency for `card`.
    public static func comparison(card: TechnologyCard) -> [Comparison] {
        let k = constants(card: card)
        return published.flatMap { r in
            [Comparison(format: r.format, end: "low", published: r.low, model: efficiency(r.format, lowEnd, constants: k, card: card)),
             Comparison(format: r.format, end: "high", published: r.high, model: efficiency(r.format, highEnd, constants: k, card: card))]
        }
    }

    private final class Cache: @unchecked Sendable {
        let lock = NSLock()
        var fits: [TechnologyCard: DigitalEnergyModel.Constants] = [:]
    }
    private static let cache = Cache()

    /// The calibrated constants for `card` (fitted once per card and process).
    public static func constants(card: TechnologyCard) -> DigitalEnergyModel.Constants {
        cache.lock.lock()
        if let c = cache.fits[card] { cache.lock.unlock(); return c }
        cache.lock.unlock()
        let c = fit(card: card)
        cache.lock.lock()
        cache.fits[card] = c
        cache.lock.unlock()
        return c
    }

    /// Least squares on log-efficiency over the eight ends, in (ln E_nib, s, a).
    static func fit(card: TechnologyCard) -> DigitalEnergyModel.Constants {
        // Leakage per MAC at each end does not depend on the constants: evaluate it once.
        let ends = published.flatMap { r in [(r.format, lowEnd, r.low), (r.format, highEnd, r.high)] }
        let unit = DigitalEnergyModel.Constants(nibbleFJ: 1, sharedShare: 0, alignmentShare: 0)
        let leak = ends.map { f, c, _ -> Double in
            let op = OperatingPoint(vdd: c.vdd, temperatureC: c.temperatureC)
            return DigitalEnergyModel(constants: unit, card: card)
                .operating(format: f, mode: c.mode, bits: f.defaultMantissaBits, die: .typical, at: op,
                           clockNS: maximumClockNS(at: op, mode: c.mode, card: card), density: c.density).leakageFJPerMAC
        }
        func residuals(_ p: [Double]) -> [Double] {
            let k = DigitalEnergyModel.Constants(nibbleFJ: exp(p[0]), sharedShare: p[1], alignmentShare: p[2])
            let model = DigitalEnergyModel(constants: k, card: card)
            return ends.enumerated().map { i, e in
                let (f, c, target) = e
                let dyn = model.dynamicFJPerMAC(format: f, mode: c.mode, bits: f.defaultMantissaBits, vdd: c.vdd, density: c.density)
                return log(2e3 / (dyn + leak[i])) - log(target)
            }
        }
        func cost(_ p: [Double]) -> Double { residuals(p).reduce(0) { $0 + $1 * $1 } }
        func clamp(_ p: [Double]) -> [Double] { [p[0], min(max(p[1], 0), 1), max(p[2], 0)] }
        var p = [log(2e3 / published[0].low), 0.3, 0.3]
        var c0 = cost(p)
        for _ in 0..<100 {
            let r = residuals(p)
            // Jacobian by central differences.
            var jac = [[Double]](repeating: [0, 0, 0], count: r.count)
            for j in 0..<3 {
                var a = p, b = p
                a[j] += 1e-6; b[j] -= 1e-6
                let ra = residuals(a), rb = residuals(b)
                for i in 0..<r.count { jac[i][j] = (ra[i] - rb[i]) / 2e-6 }
            }
            var jtj = [[Double]](repeating: [0, 0, 0], count: 3), jtr = [0.0, 0, 0]
            for i in 0..<r.count { for a in 0..<3 {
                jtr[a] += jac[i][a] * r[i]
                for b in 0..<3 { jtj[a][b] += jac[i][a] * jac[i][b] }
            } }
            for a in 0..<3 { jtj[a][a] *= 1 + 1e-9 }
            guard let step = solve3(jtj, jtr) else { break }
            var t = 1.0, improved = false
            while t > 1e-6 {
                let q = clamp((0..<3).map { p[$0] - t * step[$0] })
                let c = cost(q)
                if c < c0 { p = q; improved = c0 - c > 1e-15; c0 = c; break }
                t /= 2
            }
            if !improved { break }
        }
        return DigitalEnergyModel.Constants(nibbleFJ: exp(p[0]), sharedShare: p[1], alignmentShare: p[2])
    }

    /// Solves a 3×3 linear system by Cramer's rule (nil if singular).
    private static func solve3(_ m: [[Double]], _ v: [Double]) -> [Double]? {
        func det(_ a: [[Double]]) -> Double {
            a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0])
        }
        let d = det(m)
        guard abs(d) > 1e-300 else { return nil }
        return (0..<3).map { j in
            var a = m
            for i in 0..<3 { a[i][j] = v[i] }
            return det(a) / d
        }
    }
}
