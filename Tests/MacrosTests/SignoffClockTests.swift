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
        let s = card.alpha * card.subthresholdNN * phi
        return beta * pow(kelvin / (card.tNominalC + 273.15), -card.mobilityExponentN) * pow(s * log1p(exp((vdd - vth) / s)), card.alpha)
    }

    /// Brute-force path delays (ns) of `samples` SS dies: residual per die, 33 stages each with their own draw.
    static func monteCarloCriticalPath(vdd: Double, temperatureC: Double, samples: Int, seed: UInt64, card: TechnologyCard) -> [Double] {
        let kelvin = temperatureC + 273.15
        let stream = RandomStream(seed: StreamSeed(seed))
        let depth = 33
        let sig = { (a: Double, g: Double) in 3 * g }  // SS: +3σ Vth, −3σ μ for both types
        let vthN = card.vth0N + sig(0, 0.015) + card.dvthDTn * 1e-3 * (kelvin - 300.15)
        let vthP = card.vth0P + sig(0, 0.015) + card.dvthDTp * 1e-3 * (kelvin - 300.15)
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
        for p in [1e-2, 1e-3, 1e-4, SignoffClock.pathFailureProbability(macroYield: 0.999)] {
            let t = dist.quantile(exceedance: p)
            let count = Double(mc.filter { $0 > t }.count)
            let expected = p * Double(samples), sd = (expected * (1 - p)).squareRoot()
            #expect(abs(count - expected) < 4 * sd, "\(vdd) V \(temperatureC) °C, p = \(p): MC exceeds \(t) ns \(count) times, expected \(expected) ± \(sd)")
        }
    }

    /// One logic stage's delay σ/μ at TT / 0.9 V / 27 °C: a few %, as standard-cell variation tables
    /// show at nominal voltage (MODELS §5), and σ ∝ 1/√N in the effective device count.
    @Test func logicStageDelaySigmaIsAFewPercentAndScalesWithDeviceCount() {
        func stageSigma(devices: Double) -> Double {
            var c = card
            c.logicStageDevices = devices
            let stream = RandomStream(seed: StreamSeed(5))
            let area = 2 * 0.120 * 0.030 * devices
            let sv = 2.0e-3 / area.squareRoot(), sb = 1.0e-2 / area.squareRoot()
            let d = (0..<40_000).map { _ -> Double in
                let dv = stream.gaussian(sigma: sv), db = stream.gaussian(sigma: sb)
                return 0.9 / Self.current(vdd: 0.9, vth: 0.45 + dv, beta: 4 * (1 + db), kelvin: 300.15, card: c)
            }
            let m = d.reduce(0, +) / Double(d.count)
            return (d.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(d.count - 1)).squareRoot() / m
        }
        let s8 = stageSigma(devices: card.logicStageDevices), s1 = stageSigma(devices: 1)
        #expect(card.logicStageDevices == 8)
        #expect(s8 > 0.04 && s8 < 0.056, "stage delay σ/μ \(s8)")
        #expect(abs(s1 / s8 - 8.0.squareRoot()) < 0.15, "σ(1)/σ(8) = \(s1 / s8), √8 = 2.83")
        // the card's σ is the one the test drew with
        let sig = card.logicStageSigma(.n)
        #expect(abs(sig.vth - 2.0e-3 / (2 * 0.120 * 0.030 * 8).squareRoot()) < 1e-12)
        #expect(abs(sig.beta - 1.0e-2 / (2 * 0.120 * 0.030 * 8).squareRoot()) < 1e-12)
    }

    /// The per-path exceedance of a macro timing yield Y over 14 paths: 1 − Y^(1/14).
    @Test func pathFailureProbabilityIsSidakOverFourteenPaths() {
        #expect(abs(SignoffClock.pathFailureProbability(macroYield: 0.999) - 7.14618e-5) < 1e-9)  // 1 − e^(ln 0.999 / 14), by hand
        #expect(abs(SignoffClock.pathFailureProbability(macroYield: 0.9) - (1 - pow(0.9, 1.0 / 14))) < 1e-15)
    }

    /// The clock is monotone in VDD; the statistical clock is slower than the mismatch-free one at every
    /// VDD (mismatch and residual only add delay at a high quantile), and its values at 0.6, 0.7 and
    /// 0.9 V stay where the docs quote them.
    @Test func signoffClockIsMonotoneInVDDAndBelowTheNominalSignoff() {
        let vdds = stride(from: 0.55, through: 1.0, by: 0.05).map { ($0 * 100).rounded() / 100 }
        let mhz = vdds.map { 1000 / SignoffClock.periodNS(policy: .signoff(), vdd: $0, card: card) }
        let old = vdds.map { 1000 / SignoffClock.periodNS(policy: .signoffNominal(), vdd: $0, card: card) }
        for i in 1..<vdds.count { #expect(mhz[i] > mhz[i - 1], "\(vdds[i]) V: \(mhz[i]) MHz not above \(mhz[i - 1])") }
        for i in vdds.indices { #expect(mhz[i] < old[i], "\(vdds[i]) V: statistical \(mhz[i]) MHz vs nominal \(old[i])") }
        let at = { (v: Double) in mhz[vdds.firstIndex(of: v)!] }
        #expect(abs(at(0.6) - 51.1) < 0.5 && abs(at(0.7) - 278.2) < 1 && abs(at(0.9) - 622.5) < 1, "\(at(0.6)), \(at(0.7)), \(at(0.9))")
    }

    /// End to end against the sampled paths of ``TimingPaths``: with yield 0.9 and no margin, the share
    /// of SS dies whose critical path misses the clock is the per-path probability 1 − 0.9^(1/14) within
    /// its sampling error, and the share whose MAC has any failing path stays at most 10 %.
    @Test func sampledPathsFailAtTheSignedOffRate() {
        let policy = ClockPolicy.signoff(yield: 0.9, margin: 0)
        let p = SignoffClock.pathFailureProbability(macroYield: 0.9)
        let sampler = DieSampler(card: card, masterSeed: 17)
        let n = 4000
        var critical = 0, any = 0
        for die in 0..<n {
            let d = sampler.die(process: .SS, index: die)
            let t = TimingPaths(die: d, at: OperatingPoint(vdd: 0.6, temperatureC: -40), card: card, policy: policy,
                                stream: sampler.localStream(for: d, macro: "digital"))
            if t.failingBits & (1 << 13) != 0 { critical += 1 }
            if t.failingBits != 0 { any += 1 }
        }
        let expected = p * Double(n), sd = (expected * (1 - p)).squareRoot()
        #expect(abs(Double(critical) - expected) < 4 * sd, "critical path fails on \(critical) of \(n) dies, expected \(expected) ± \(sd)")
        #expect(Double(any) / Double(n) <= 0.1, "\(any) of \(n) MACs have a failing path")
        #expect(any >= critical)
    }

    /// The default clock closes timing on ≥ 95 % of dies at every SS and FS corner of the default grid.
    @Test func defaultClockClosesTimingAtSlowCorners() {
        let sampler = DieSampler(card: card, masterSeed: 20250214)
        for process in [ProcessCorner.SS, .FS] { for v in [0.6, 0.7, 0.8, 0.9, 1.0] { for t in [-40.0, 27, 125] {
            var clean = 0
            for die in 0..<40 {
                let d = sampler.die(process: process, index: die)
                let paths = TimingPaths(die: d, at: OperatingPoint(vdd: v, temperatureC: t), card: card, policy: .signoff(),
                                        stream: sampler.localStream(for: d, macro: "digital"))
                if paths.failingBits == 0 && paths.worstSlackNS >= 0 { clean += 1 }
            }
            #expect(clean >= 38, "\(process) \(v) V \(t) °C: \(clean) of 40 dies close timing")
        } } }
    }

    /// Speed binning at 27 °C: every TT die gets a bin at or above the signoff clock, has no failing path
    /// at 27 °C, and gets the fastest ladder bin its guard-banded test delay allows.
    @Test func binnedDiesRunAtOrAboveSignoffWithoutFailuresAtTheTestTemperature() {
        let sampler = DieSampler(card: card, masterSeed: 8)
        let policy = ClockPolicy.binned()
        let ladder = ClockPolicy.defaultLadderMHz
        #expect(ladder.first == 25 && ladder.last == 2000 && ladder.count == 80)
        for v in [0.6, 0.7, 0.8, 0.9, 1.0] {
            let signoffMHz = 1000 / SignoffClock.periodNS(policy: .signoff(), vdd: v, card: card)
            let guardFactor = SignoffClock.binGuardFactor(policy: policy, vdd: v, card: card)
            #expect(guardFactor >= 1.05)
            for die in 0..<30 {
                let d = sampler.die(process: .TT, index: die)
                let t = TimingPaths(die: d, at: OperatingPoint(vdd: v, temperatureC: 27), card: card, policy: policy,
                                    stream: sampler.localStream(for: d, macro: "digital"))
                let f = 1000 / t.clockNS
                #expect(f >= signoffMHz, "TT die \(die) at \(v) V binned at \(f) MHz, signoff \(signoffMHz)")
                #expect(t.failingBits == 0)
                let bin = ladder.firstIndex { abs($0 - f) < 1e-9 }
                #expect(bin != nil, "\(f) MHz is not a bin")
                let slowest = t.testDelayNS!.max()!
                #expect(t.testDelayNS! == t.delayNS)  // tested at its operating temperature here
                #expect(1000 / f >= guardFactor * slowest)
                if let b = bin, b + 1 < ladder.count { #expect(1000 / ladder[b + 1] < guardFactor * slowest) }
            }
        }
        // A fixed guard band is 1 + that band.
        #expect(SignoffClock.binGuardFactor(policy: .binned(guardBand: 0.1), vdd: 0.8, card: card) == 1.1)
    }

    /// The approximate mode's paths: the accurate paths' stages and draws less 2 multiplier stages and
    /// min(k, 3) carry stages (bit 13: 33 → 28 stages), bits 0–2 without a path, 11 paths in the
    /// signoff; so on every die each approximate path is faster than its accurate twin, and the
    /// approximate signoff clock is faster by about the stage ratio (33/28 = 1.18; less, because the
    /// shorter path's relative spread is larger).
    @Test func approximateModeHasItsOwnShorterPathsAndClock() {
        #expect((0..<14).map { TimingPaths.depth(bit: $0, mode: .approximate) } == [0, 0, 0] + (18...28).map { $0 })
        #expect(TimingPaths.pathCount(mode: .approximate) == 11)
        #expect(abs(SignoffClock.pathFailureProbability(macroYield: 0.999, mode: .approximate) - (1 - pow(0.999, 1.0 / 11))) < 1e-15)
        let sampler = DieSampler(card: card, masterSeed: 3)
        for i in 0..<5 {
            let d = sampler.die(process: .SS, index: i)
            let op = OperatingPoint(vdd: 0.7, temperatureC: -40)
            let acc = TimingPaths(die: d, at: op, card: card, policy: .signoff(), stream: sampler.localStream(for: d, macro: "digital"))
            let apx = TimingPaths(die: d, at: op, card: card, policy: .signoff(), stream: sampler.localStream(for: d, macro: "digital"),
                                  mode: .approximate)
            #expect(apx.delayNS[0..<3].allSatisfy { $0 == 0 })
            for k in 3..<14 { #expect(apx.delayNS[k] < acc.delayNS[k]) }
            #expect(apx.clockNS < acc.clockNS)
        }
        // Without mismatch every n stage has one delay d_n and every p stage d_p: from the accurate bits 0
        // (10 n + 10 p) and 1 (11 n + 10 p), the approximate bit 13 must be 14 d_n + 14 d_p (stages 0, 1,
        // 20, 21, 22 of the 33 removed: n, p, n, p, n) and bit 5 10 d_n + 10 d_p.
        let d = DieSampler(card: card, masterSeed: 3).die(process: .TT, index: 0)
        let quiet = RandomStream(seed: StreamSeed(9))
        let acc0 = TimingPaths(die: d, at: .nominal(card), card: card, policy: .nominal(), stream: quiet, mismatchScale: 0)
        let apx0 = TimingPaths(die: d, at: .nominal(card), card: card, policy: .nominal(), stream: quiet, mismatchScale: 0,
                               mode: .approximate)
        let dn = acc0.delayNS[1] - acc0.delayNS[0], dp = (acc0.delayNS[0] - 10 * dn) / 10
        #expect(abs(apx0.delayNS[13] - (14 * dn + 14 * dp)) < 1e-9 * apx0.delayNS[13])
        #expect(abs(apx0.delayNS[5] - (10 * dn + 10 * dp)) < 1e-9 * apx0.delayNS[5])
        #expect(abs(acc0.delayNS[13] - (17 * dn + 16 * dp)) < 1e-9 * acc0.delayNS[13])
        for v in [0.6, 0.9] {
            let ratio = SignoffClock.periodNS(policy: .signoff(), vdd: v, card: card)
                / SignoffClock.periodNS(policy: .signoff(), vdd: v, card: card, mode: .approximate)
            #expect(ratio > 1.10 && ratio < 33.0 / 28.0, "VDD \(v): approximate clock \(ratio)× the accurate one")
        }
    }
}
