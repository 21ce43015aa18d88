import Foundation
import Testing
import Variation

/// Seeding and reproducibility of the random streams.
@Suite struct StreamTests {
    @Test func splitMixFinaliserMatchesReferenceOutput() {
        // SplitMix64 with state 0: first output is mix(0x9E3779B97F4A7C15) = 0xE220A8397B1DCDAF.
        #expect(StreamSeed.mix(0x9E37_79B9_7F4A_7C15) == 0xE220_A839_7B1D_CDAF)
        // FNV-1a 64 of "a" is 0xAF63DC4C8601EC8C (reference value of the FNV test suite).
        #expect(StreamSeed.fnv1a("a") == 0xAF63_DC4C_8601_EC8C)
    }

    /// The generator is GSL's taus2, by its output: GSL's test suite (randist/rng test.c) states that with
    /// seed 1 the 10 000th value of taus2 is 2733957125.
    @Test func generatorIsTaus2() {
        let r = RandomStream(rawGSLSeed: 1)
        #expect(r.generatorName == "taus2")
        var last: UInt32 = 0
        for _ in 0..<10_000 { last = r.word() }
        #expect(last == 2_733_957_125)
    }

    @Test func sameSeedSameDrawsOtherKeysOtherDraws() {
        let card = TechnologyCard()
        let s = DieSampler(card: card, masterSeed: 99)
        #expect(s.die(process: .SS, index: 3) == s.die(process: .SS, index: 3))
        #expect(s.die(process: .SS, index: 3) != s.die(process: .SS, index: 4))
        #expect(s.die(process: .SS, index: 3).residualVthN != s.die(process: .FF, index: 3).residualVthN)
        #expect(DieSampler(card: card, masterSeed: 100).die(process: .SS, index: 3) != s.die(process: .SS, index: 3))
        let die = s.die(process: .TT, index: 0)
        let a = LocalMismatch.draw(.n, geometry: card.cellPassGate, count: 50, card: card, stream: s.localStream(for: die, macro: "analog"))
        let b = LocalMismatch.draw(.n, geometry: card.cellPassGate, count: 50, card: card, stream: s.localStream(for: die, macro: "analog"))
        let c = LocalMismatch.draw(.n, geometry: card.cellPassGate, count: 50, card: card, stream: s.localStream(for: die, macro: "digital"))
        #expect(a == b)
        #expect(a != c)
        // Runtime streams differ by operating point; silicon streams do not depend on it.
        let r1 = RandomStream(seed: .forDie(master: 1, role: .runtime, process: "TT", die: 0, macro: "analog", operatingPoint: (0.9, 27)))
        let r2 = RandomStream(seed: .forDie(master: 1, role: .runtime, process: "TT", die: 0, macro: "analog", operatingPoint: (0.9, 125)))
        #expect(r1.uniform01() != r2.uniform01())
    }

    /// A "trial" here: a die plus 1000 local draws, identified by (process, die).
    func trialDraws(_ sampler: DieSampler, _ process: ProcessCorner, _ index: Int) -> [Double] {
        let die = sampler.die(process: process, index: index)
        let d = LocalMismatch.draw(.n, geometry: sampler.card.cellPullDown, count: 1000, card: sampler.card,
                                   stream: sampler.localStream(for: die, macro: "digital"))
        return [die.residualVthN, die.residualMuP] + d.map(\.dVth)
    }

    @Test func drawsDoNotDependOnThreadOrOrder() async {
        let sampler = DieSampler(card: TechnologyCard(), masterSeed: 2025)
        let keys = ProcessCorner.allCases.flatMap { p in (0..<6).map { (p, $0) } }
        let serial = keys.map { trialDraws(sampler, $0.0, $0.1) }
        // Reverse order, two concurrent workers taking alternate trials.
        let reversed = Array(keys.enumerated().reversed())
        let parallel = await withTaskGroup(of: [(Int, [Double])].self) { group in
            for w in 0..<2 {
                group.addTask {
                    reversed.enumerated().filter { $0.offset % 2 == w }.map { ($0.element.offset, trialDraws(sampler, $0.element.element.0, $0.element.element.1)) }
                }
            }
            var all = [(Int, [Double])]()
            for await part in group { all += part }
            return all.sorted { $0.0 < $1.0 }.map(\.1)
        }
        #expect(parallel == serial)
        // And on two raw threads, each owning its generators.
        nonisolated(unsafe) var threaded = [[Double]](repeating: [], count: keys.count)
        let lock = NSLock()
        let threads = (0..<2).map { w in
            Thread {
                for (i, k) in keys.enumerated() where i % 2 == w {
                    let d = trialDraws(sampler, k.0, k.1)
                    lock.lock(); threaded[i] = d; lock.unlock()
                }
            }
        }
        threads.forEach { $0.start() }
        while threads.contains(where: { !$0.isFinished }) { usleep(1000) }
        #expect(threaded == serial)
    }
}

/// The distribution helpers over GSL, against their moments.
@Suite struct DistributionTests {
    @Test func lognormalBernoulliUniformAndPermutationMatchTheirDefinitions() {
        let s = RandomStream(seed: StreamSeed(17))
        let n = 100_000
        // Lognormal(ζ = 0, σ = 0.25): mean e^(σ²/2) = 1.0317, sd of the sample mean ≈ 0.26/√n.
        let ln = (0..<n).map { _ in s.lognormal(zeta: 0, sigma: 0.25) }
        #expect(abs(ln.reduce(0, +) / Double(n) - exp(0.03125)) < 5 * 0.26 / Double(n).squareRoot())
        // Bernoulli(0.3): rate within 5 binomial SE.
        let hits = (0..<n).filter { _ in s.bernoulli(0.3) }.count
        #expect(abs(Double(hits) / Double(n) - 0.3) < 5 * (0.3 * 0.7 / Double(n)).squareRoot())
        // Uniform on [−1, 1): mean 0, variance 1/3.
        let u = (0..<n).map { _ in s.uniform(-1, 1) }
        #expect(u.allSatisfy { $0 >= -1 && $0 < 1 })
        #expect(abs(u.reduce(0, +) / Double(n)) < 5 * (1.0 / 3 / Double(n)).squareRoot())
        // variance 1/3 (SE of the sample variance of a uniform: √((1/5 − 1/9)/n) = 0.298/√n) and each
        // quarter of the range holds ¼ within 5 binomial SE
        let variance = u.reduce(0) { $0 + $1 * $1 } / Double(n)
        #expect(abs(variance - 1.0 / 3) < 5 * 0.298 / Double(n).squareRoot(), "variance \(variance)")
        for q in 0..<4 {
            let share = Double(u.filter { $0 >= -1 + 0.5 * Double(q) && $0 < -0.5 + 0.5 * Double(q) }.count) / Double(n)
            #expect(abs(share - 0.25) < 5 * (0.25 * 0.75 / Double(n)).squareRoot(), "quarter \(q): \(share)")
        }
        // A permutation holds every index once and is reproducible from the seed.
        let p = s.permutation(1000)
        #expect(p.sorted() == Array(0..<1000) && p != Array(0..<1000))
        #expect(RandomStream(seed: StreamSeed(5)).permutation(50) == RandomStream(seed: StreamSeed(5)).permutation(50))
    }

    /// Geometric(p) gaps, p = 2/256 (the read-noise tail events): ⌊ln U / log1p(−p)⌋ + 1 draw for draw
    /// (checked against a twin stream's uniform), mean 1/p = 128 and P(1) = p within 5 standard errors.
    @Test func geometricGapsFollowTheirDefinition() {
        let p = 2.0 / 256, l = log1p(-p), n = 200_000
        let s = RandomStream(seed: StreamSeed(8)), twin = RandomStream(seed: StreamSeed(8))
        let gaps = (0..<n).map { _ in s.geometric(log1pMinusP: l) }
        #expect(gaps.prefix(10_000).allSatisfy { $0 == Int(log(twin.uniform01()) / l + 1) })
        let mean = Double(gaps.reduce(0, +)) / Double(n), sd = (1 - p).squareRoot() / p
        #expect(abs(mean - 1 / p) < 5 * sd / Double(n).squareRoot(), "mean gap \(mean)")
        let ones = Double(gaps.filter { $0 == 1 }.count) / Double(n)
        #expect(abs(ones - p) < 5 * (p * (1 - p) / Double(n)).squareRoot(), "P(1) \(ones)")
        #expect(gaps.min()! >= 1)
    }
}
