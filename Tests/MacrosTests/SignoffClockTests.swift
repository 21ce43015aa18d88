import Foundation
import Testing
import Variation
import Macros

/// The statistical signoff clock: its path-delay distribution against a brute-force Monte Carlo of the
/// same path written out here from MODELS §3 (no helper shared with the code under test), its
/// monotonicity in VDD, and the per-stage variation it rests on.
@Suite struct SignoffClockTests {
    let card = TechnologyCard()

    /// MODELS §3 current, written out: β·(T/T0)^−m·[α·n·φt·ln(1 + exp((V − Vth)/(α·n·φt)))]^α.
    static func current(vdd: Double, vth: Double, beta: Double, kelvin: Double, card: TechnologyCard) -> Double {
        let phi = 8.617_333_262e-5 * kelvin
        let s = card.alpha * card.subthresholdN * phi
        return beta * pow(kelvin / (card.tNominalC + 273.15), -card.mobilityExponent) * pow(s * log1p(exp((vdd - vth) / s)), card.alpha)
    }

    /// Brute-force path delays (ns) of `samples` SS dies: residual per die, 33 stages each with their own draw.
    static func monteCarloCriticalPath(vdd: Double, temperatureC: Double, samples: Int, seed: UInt64, card: TechnologyCard) -> [Double] {
        let kelvin = temperatureC + 273.15
        let stream = RandomStream(seed: StreamSeed(seed))
        let depth = 33
        let sig = { (a: Double, g: Double) in 3 * g }  // SS: +3σ Vth, −3σ μ for both types
        let vthN = card.vth0N + sig(0, 0.015) + card.dvthDTmVperK * 1e-3 * (kelvin - 300.15)
        let vthP = card.vth0P + sig(0, 0.015) + card.dvthDTmVperK * 1e-3 * (kelvin - 300.15)
        let mu = 1 - 3 * 0.03
        let wl = 120.0 / 30
        // one logic device of 120/30 nm: σVth = A_VT/√(2WL), σβ = A_β/√(2WL); a stage averages 8 of them
        let area = 2 * 0.120 * 0.030 * 8
        let svN = 2.0e-3 / area.squareRoot(), svP = 2.2e-3 / area.squareRoot(), sb = 1.0e-2 / area.squareRoot()
        // ns per unit: a TT critical path at 0.9 V / 27 °C without variation is 1.0 ns
        var nominal = 0.0
        for s in 0..<depth {
            let v = s % 2 == 0 ? card.vth0N : card.vth0P
            nominal += 0.9 / current(vdd: 0.9, vth: v, beta: wl, kelvin: 300.15, card: card)
        }
        let unit = 1.0 / nominal
        var out = [Double]()
        out.reserveCapacity(samples)
        for _ in 0..<samples {
            let rvN = stream.gaussian(sigma: 0.3 * 0.015), rvP = stream.gaussian(sigma: 0.3 * 0.015)
            let rmN = stream.gaussian(sigma: 0.3 * 0.03), rmP = stream.gaussian(sigma: 0.3 * 0.03)
            var d = 0.0
            for s in 0..<depth {
                let n = s % 2 == 0
                let dv = stream.gaussian(sigma: n ? svN : svP), db = stream.gaussian(sigma: sb)
                let i = current(vdd: vdd, vth: (n ? vthN + rvN : vthP + rvP) + dv, beta: wl * (1 + db) * (mu + (n ? rmN : rmP)),
                                kelvin: kelvin, card: card)
                d += vdd / i
            }
            out.append(d * unit)
        }
        return out
    }

    @Test(arguments: [(0.6, -40.0), (0.9, 125.0)])
    func pathDelayTailMatchesBruteForceMonteCarlo(vdd: Double, temperatureC: Double) {
        let dist = PathDelayDistribution(depth: 33, process: .SS, at: OperatingPoint(vdd: vdd, temperatureC: temperatureC), card: card)
        let samples = 1_000_000
        let mc = Self.monteCarloCriticalPath(vdd: vdd, temperatureC: temperatureC, samples: samples, seed: 99, card: card)
        let mcMean = mc.reduce(0, +) / Double(samples)
        #expect(abs(dist.mean - mcMean) / mcMean < 2e-3, "mean \(dist.mean) vs MC \(mcMean)")
        for p in [1e-2, 1e-3, 1e-4] {
            let t = dist.quantile(exceedance: p)
            let count = Double(mc.filter { $0 > t }.count)
            let expected = p * Double(samples), sd = (expected * (1 - p)).squareRoot()
            #expect(abs(count - expected) < 4 * sd, "\(vdd) V \(temperatureC) °C, p = \(p): MC exceeds \(t) ns \(count) times, expected \(expected) ± \(sd)")
            print("signoff-mc \(vdd) V \(temperatureC) C p=\(p): t=\(t) ns, MC count \(count) vs \(expected)")
        }
    }

    @Test func explore() {
        let physics = DevicePhysics(card: card)
        for n in [1.0, 4, 8, 12] {
            var c = card; c.logicStageDevices = n
            let s = c.logicStageSigma(.n)
            // stage delay σ at TT 0.9 V 27 °C by MC
            let st = RandomStream(seed: StreamSeed(1))
            var d = [Double]()
            for _ in 0..<20000 {
                let v = DeviceVariation(dVth: st.gaussian(sigma: s.vth), dBeta: st.gaussian(sigma: s.beta))
                d.append(physics.gateDelay(.n, geometry: c.logicDevice, die: .typical, local: v, at: .nominal(c)))
            }
            let m = d.reduce(0, +) / 20000
            let sd = (d.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 20000).squareRoot()
            print("explore N=\(n): stage sigma \(sd / m)")
        }
        for v in [0.55, 0.6, 0.7, 0.8, 0.9, 1.0] {
            let t0 = Date()
            let sig = SignoffClock.periodNS(policy: .signoff(), vdd: v, card: card)
            let dt = Date().timeIntervalSince(t0)
            let old = SignoffClock.periodNS(policy: .signoffNominal(), vdd: v, card: card)
            let cold = SignoffClock.statisticalCriticalPathNS(macroYield: 0.999, vdd: v, temperatureC: -40, card: card)
            let hot = SignoffClock.statisticalCriticalPathNS(macroYield: 0.999, vdd: v, temperatureC: 125, card: card)
            print("explore \(v) V: signoff \(1000 / sig) MHz (\(dt) s), nominal-signoff \(1000 / old) MHz, cold \(cold) hot \(hot)")
        }
    }
}
