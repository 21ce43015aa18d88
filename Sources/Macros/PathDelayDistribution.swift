@preconcurrency import CGSL
import Foundation
import Variation

/// The distribution of one timing path's delay over the dies of a process corner: the die-to-die
/// residual (shared by every stage of a type) and every stage's local mismatch, at an operating point.
///
/// Model (the one ``TimingPaths`` samples, MODELS §3 and §5): the path has `depth` stages, stage s of
/// type n when s is even, p when odd. A stage of type t has delay
///
///     d = t_unit · VDD / I(VDD; Vth_t(T) + r_v + ℓ, (W/L)·(1 + Δβ)·(μ_t + r_m))
///
/// with the corner's Vth and mobility (μ_t = 1 + corner shift), the die residual r_v ~ N(0, f·σ_g(Vth)),
/// r_m ~ N(0, f·σ_g(μ)) shared by every stage of the type, and the stage's own local ℓ, Δβ (σ of a
/// `logic` device over √`logic_stage_devices`). The path delay is D = X_n + X_p, the sums over the n-
/// and p-stages, which are independent because the n and p residuals are independent draws.
///
/// Computation (deterministic, no sampling): on a lattice of `bins` delay bins, the pmf of one stage
/// given r_v comes from quadrature over ℓ (321 nodes, ±8σ) and Δβ (49 nodes, ±6σ), each node's mass
/// split linearly between its two neighbouring bins; the sum of the type's i.i.d. stages is its FFT
/// raised to the stage count (GSL radix-2 FFT); r_v is integrated by the trapezoid rule over ±7σ in
/// steps of σ/4 and r_m by the same rule over ±6σ in steps of σ/2 (a rescaling of the lattice); X_n
/// and X_p are convolved by FFT. Its exceedance probabilities agree with a brute-force Monte Carlo of
/// the same path within the Monte Carlo's sampling error down to 1e-4 (tests).
public struct PathDelayDistribution: Sendable {
    /// Width of a delay bin, ns.
    public let binNS: Double
    /// Probability mass of D in each bin (bin i is centred on i·binNS).
    public let pmf: [Double]

    /// Lattice size of each type's sum (the path's pmf has twice as many bins).
    static let bins = 16384

    public init(depth: Int, process: ProcessCorner, at op: OperatingPoint, card: TechnologyCard, mismatchScale: Double = 1) {
        let physics = DevicePhysics(card: card)
        let unit = TimingPaths.nsPerUnit(physics)
        let counts: [(DeviceType, Int)] = [(.n, (depth + 1) / 2), (.p, depth / 2)]
        let k = op.temperatureK
        let geometry = card.logicDevice
        let f = card.dieResidualFraction
        struct TypeModel {
            let count: Int, sigmaRv: Double, sigmaRm: Double, sigmaL: Double, sigmaB: Double, mu0: Double
            let delay: (Double) -> Double  // ns at a Vth offset, Δβ = 0, residual mobility 0
        }
        let models = counts.filter { $0.1 > 0 }.map { type, count -> TypeModel in
            let s = card.logicStageSigma(type)
            let base = physics.thresholdVoltage(type, geometry: geometry, shift: process.vthShift(type, card: card), kelvin: k)
            let mu0 = 1 + process.mobilityShift(type, card: card)
            let beta = geometry.widthNM / geometry.lengthNM * mu0
            return TypeModel(count: count, sigmaRv: f * card.sigmaVthGlobal(type), sigmaRm: f * card.sigmaMuGlobal,
                             sigmaL: s.vth * mismatchScale, sigmaB: s.beta * mismatchScale, mu0: mu0,
                             delay: { dv in op.vdd / physics.current(type, vgs: op.vdd, vds: op.vdd, vth: base + dv, betaFactor: beta, kelvin: k) * unit })
        }
        // Lattice: wide enough for the path at +7σ residual, +4σ local and the slowest mobility residual, ×2.
        var upper = 0.0
        for m in models {
            upper += Double(m.count) * m.delay(7 * m.sigmaRv + 4 * m.sigmaL) / (1 - 4 * m.sigmaB) / (1 - 6 * m.sigmaRm / m.mu0)
        }
        let n = Self.bins
        let h = 2 * upper / Double(n)
        binNS = h
        // X_n ⊛ X_p on 2n bins (zero-padded, so the circular convolution is the linear one).
        var totalSpectrum = [Double](repeating: 0, count: 4 * n)
        for i in stride(from: 0, to: 4 * n, by: 2) { totalSpectrum[i] = 1 }
        for m in models {
            let x = Self.typeSum(m.count, sigmaRv: m.sigmaRv, sigmaRm: m.sigmaRm, sigmaL: m.sigmaL, sigmaB: m.sigmaB, mu0: m.mu0,
                                 delay: m.delay, bin: h, bins: n)
            let padded = Self.complexFromReal(x + [Double](repeating: 0, count: n))
            totalSpectrum = Self.multiply(totalSpectrum, Self.fft(padded, forward: true))
        }
        let d = Self.fft(totalSpectrum, forward: false)
        var p = [Double](repeating: 0, count: 2 * n)
        for i in 0..<(2 * n) { p[i] = max(0, d[2 * i]) }
        let sum = p.reduce(0, +)
        pmf = p.map { $0 / sum }
    }

    /// P(D > t), t in ns: each bin's mass spread uniformly over [centre − h/2, centre + h/2).
    public func exceedance(_ t: Double) -> Double {
        let x = t / binNS + 0.5  // position in bin-edge units: bin i covers [i, i+1)
        if x <= 0 { return 1 }
        let i = Int(x)
        if i >= pmf.count { return 0 }
        var tail = 0.0
        for j in stride(from: pmf.count - 1, to: i, by: -1) { tail += pmf[j] }
        return tail + pmf[i] * (Double(i + 1) - x)
    }

    /// The delay t (ns) with P(D > t) = p, 0 < p < 1.
    public func quantile(exceedance p: Double) -> Double {
        precondition(p > 0 && p < 1, "exceedance probability must be in (0, 1)")
        var tail = 0.0
        var i = pmf.count - 1
        while i >= 0, tail + pmf[i] < p { tail += pmf[i]; i -= 1 }
        guard i >= 0 else { return 0 }
        // within bin i (edges i and i+1 in bin units): tail + pmf[i]·(i + 1 − x) = p
        let x = Double(i + 1) - (p - tail) / pmf[i]
        return (x - 0.5) * binNS
    }

    /// Mean of D, ns.
    public var mean: Double { pmf.enumerated().reduce(0) { $0 + Double($1.offset) * $1.element } * binNS }

    /// The pmf of the sum of `count` i.i.d. stages of one type, mixed over its residuals, on `bins` bins of width `bin`.
    static func typeSum(_ count: Int, sigmaRv: Double, sigmaRm: Double, sigmaL: Double, sigmaB: Double, mu0: Double,
                        delay: (Double) -> Double, bin: Double, bins n: Int) -> [Double]
    {
        let lNodes = trapezoid(halfWidth: 8, step: 0.05)
        let bNodes = trapezoid(halfWidth: 6, step: 0.25)
        let rvNodes = sigmaRv > 0 ? trapezoid(halfWidth: 7, step: 0.25) : [(0.0, 1.0)]
        let rmNodes = sigmaRm > 0 ? trapezoid(halfWidth: 6, step: 0.5) : [(0.0, 1.0)]
        let betaFactor = bNodes.map { (1 / (1 + $0.z * sigmaB), $0.w) }
        var mixed = [Double](repeating: 0, count: n)
        for (zr, wr) in rvNodes {
            var stage = [Double](repeating: 0, count: n)
            for (zl, wl) in lNodes {
                let d0 = delay(zr * sigmaRv + zl * sigmaL)
                for (b, wb) in betaFactor { deposit(&stage, at: d0 * b / bin, mass: wl * wb) }
            }
            let sum = fft(power(fft(complexFromReal(stage), forward: true), count), forward: false)
            for i in 0..<n { mixed[i] += wr * max(0, sum[2 * i]) }
        }
        guard rmNodes.count > 1 else { return mixed }
        var out = [Double](repeating: 0, count: n)
        for (zm, wm) in rmNodes {
            let scale = 1 / (1 + zm * sigmaRm / mu0)  // a faster die (r_m > 0) has every stage shorter
            for i in 0..<n where mixed[i] > 0 { deposit(&out, at: Double(i) * scale, mass: wm * mixed[i]) }
        }
        return out
    }

    /// Trapezoid nodes (z, weight) over ±halfWidth standard deviations, weights φ(z)·step normalised to 1.
    static func trapezoid(halfWidth: Double, step: Double) -> [(z: Double, w: Double)] {
        let m = Int((halfWidth / step).rounded())
        let nodes = (-m...m).map { i -> (z: Double, w: Double) in
            let z = Double(i) * step
            return (z, exp(-0.5 * z * z))
        }
        let s = nodes.reduce(0) { $0 + $1.w }
        return nodes.map { ($0.z, $0.w / s) }
    }

    /// Adds `mass` at fractional bin position `x`, split linearly between its neighbours (last bin absorbs overflow).
    static func deposit(_ a: inout [Double], at x: Double, mass: Double) {
        let last = a.count - 1
        if !(x < Double(last)) { a[last] += mass; return }
        let i = Int(x), t = x - Double(i)
        a[i] += mass * (1 - t)
        a[i + 1] += mass * t
    }

    static func complexFromReal(_ r: [Double]) -> [Double] {
        var c = [Double](repeating: 0, count: 2 * r.count)
        for i in 0..<r.count { c[2 * i] = r[i] }
        return c
    }

    /// In-place radix-2 complex FFT of packed (re, im) data (GSL); the inverse is normalised.
    static func fft(_ data: [Double], forward: Bool) -> [Double] {
        var c = data
        let n = c.count / 2
        c.withUnsafeMutableBufferPointer { p in
            _ = forward ? gsl_fft_complex_radix2_forward(p.baseAddress, 1, n) : gsl_fft_complex_radix2_inverse(p.baseAddress, 1, n)
        }
        return c
    }

    /// Element-wise complex product of two packed spectra.
    static func multiply(_ a: [Double], _ b: [Double]) -> [Double] {
        var c = [Double](repeating: 0, count: a.count)
        for i in stride(from: 0, to: a.count, by: 2) {
            c[i] = a[i] * b[i] - a[i + 1] * b[i + 1]
            c[i + 1] = a[i] * b[i + 1] + a[i + 1] * b[i]
        }
        return c
    }

    /// Element-wise complex power of a packed spectrum, by repeated squaring.
    static func power(_ a: [Double], _ e: Int) -> [Double] {
        var result = [Double](repeating: 0, count: a.count)
        for i in stride(from: 0, to: a.count, by: 2) { result[i] = 1 }
        var base = a, k = e
        while k > 0 {
            if k & 1 == 1 { result = multiply(result, base) }
            k >>= 1
            if k > 0 { base = multiply(base, base) }
        }
        return result
    }
}
