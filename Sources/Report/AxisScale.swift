import Foundation

/// A map from data values to chart coordinates, with tick positions and labels.
///
/// Linear: ticks at "nice" steps 1, 2 or 5 × 10^k, about `targetTicks` of them. Logarithmic (base 10):
/// ticks at every power of ten inside the domain, labelled 1e−9 … (the domain must be positive).
/// Symmetric log: position ∝ sign(v)·log10(1 + |v|), linear near 0 and logarithmic beyond ±1, so a
/// 0.3 pp and an 85 pp difference both read; ticks at 0, ±1, ±3, ±10, ±30, ±100, … inside the domain.
public struct AxisScale: Sendable {
    public enum Kind: Sendable { case linear, log10, symlog }
    public let kind: Kind
    public let domain: (Double, Double)
    public let range: (Double, Double)

    public init(_ kind: Kind, domain: (Double, Double), range: (Double, Double)) {
        precondition(domain.0 < domain.1, "empty domain")
        precondition(kind != .log10 || domain.0 > 0, "a log axis needs a positive domain")
        self.kind = kind
        self.domain = domain
        self.range = range
    }

    /// Chart coordinate of `v` (values outside the domain are clamped to it).
    public func position(_ v: Double) -> Double {
        let (a, b) = domain
        let t: Double
        switch kind {
        case .linear: t = (min(max(v, a), b) - a) / (b - a)
        case .log10: t = (log10(min(max(v, a), b)) - log10(a)) / (log10(b) - log10(a))
        case .symlog: t = (Self.symlog(min(max(v, a), b)) - Self.symlog(a)) / (Self.symlog(b) - Self.symlog(a))
        }
        return range.0 + t * (range.1 - range.0)
    }

    static func symlog(_ v: Double) -> Double { (v < 0 ? -1 : 1) * log10(1 + abs(v)) }

    /// Tick values inside the domain.
    public func ticks(targetTicks: Int = 5) -> [Double] {
        let (a, b) = domain
        switch kind {
        case .symlog:
            let mags = (0..<8).flatMap { e in [1.0, 3.0].map { $0 * pow(10, Double(e)) } }
            return ([0] + mags + mags.map { -$0 }).filter { $0 >= a && $0 <= b }.sorted()
        case .log10:
            let lo = Int(ceil(log10(a) - 1e-9)), hi = Int(floor(log10(b) + 1e-9))
            let every = max(1, (hi - lo) / 8 + 1)
            return stride(from: lo, through: hi, by: every).map { pow(10, Double($0)) }
        case .linear:
            let raw = (b - a) / Double(max(targetTicks, 1))
            let e = Int(floor(log10(raw)))
            let mag = pow(10, Double(e))
            let m = [1, 2, 5, 10].first { Double($0) * mag >= raw } ?? 10
            // Tick k is k·m·10^e, computed as an integer over a power of ten so 0.6 prints as 0.6.
            func value(_ k: Int) -> Double { e >= 0 ? Double(k * m) * mag : Double(k * m) / pow(10, Double(-e)) }
            let step = Double(m) * mag
            var k = Int(ceil(a / step - 1e-9))
            var out = [Double]()
            while value(k) <= b + 1e-9 * step { out.append(value(k)); k += 1 }
            return out
        }
    }

    /// A tick label: "1e-9" style on log axes, the shortest decimal on linear ones.
    public func label(_ v: Double) -> String {
        switch kind {
        case .log10:
            let e = Int(log10(v).rounded())
            return (-2...4).contains(e) ? String(format: "%g", pow(10, Double(e))) : "1e\(e)"
        case .linear, .symlog:
            if v == v.rounded() && abs(v) < 1e6 { return String(Int(v)) }
            var s = String(format: "%.3f", v)
            while s.hasSuffix("0") { s.removeLast() }
            return s
        }
    }
}
