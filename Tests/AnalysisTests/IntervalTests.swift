import Foundation
import Testing
import Variation
import Analysis

/// Binomial intervals, sample statistics and the paired comparison against hand-computed values
/// (Wilson from its closed form with z = 1.959964; Clopper–Pearson from beta quantiles, also the
/// closed forms 1 − (α/2)^(1/n) and (α/2)^(1/n) at 0 of n and n of n).
@Suite struct IntervalTests {
    func close(_ a: Double, _ b: Double, _ tol: Double = 1e-9) -> Bool { abs(a - b) <= tol }

    @Test func wilsonMatchesHandValues() {
        let cases: [(Int, Int, Double, Double)] = [(0, 10, 0, 0.2775327998628892), (10, 10, 0.7224672001371107, 1),
                                                   (3, 10, 0.10779126740630099, 0.6032218525388546),
                                                   (45, 50, 0.7863976856252035, 0.9565242350681096)]
        for (x, n, lo, hi) in cases {
            let i = BinomialInterval(successes: x, trials: n)
            #expect(close(i.low, lo) && close(i.high, hi), "\(x)/\(n): [\(i.low), \(i.high)]")
            #expect(i.estimate == Double(x) / Double(n))
        }
    }

    @Test func clopperPearsonMatchesHandValues() {
        let m = BinomialInterval.Method.clopperPearson
        let zero = BinomialInterval(successes: 0, trials: 10, method: m)
        #expect(zero.low == 0 && close(zero.high, 1 - pow(0.025, 0.1)), "\(zero)")
        let all = BinomialInterval(successes: 10, trials: 10, method: m)
        #expect(all.high == 1 && close(all.low, pow(0.025, 0.1)), "\(all)")
        let three = BinomialInterval(successes: 3, trials: 10, method: m)
        #expect(close(three.low, 0.06673951117773447, 1e-8) && close(three.high, 0.6524528500599973, 1e-8), "\(three)")
        let most = BinomialInterval(successes: 45, trials: 50, method: m)
        #expect(close(most.low, 0.7818646335657977, 1e-8) && close(most.high, 0.9667249064109775, 1e-8), "\(most)")
        // Clopper–Pearson is never narrower than Wilson here; zero failures in n gives ≈ 3/n (rule of three).
        #expect(three.high - three.low > BinomialInterval(successes: 3, trials: 10).high - BinomialInterval(successes: 3, trials: 10).low)
        let big = BinomialInterval(successes: 300, trials: 300, method: m)
        #expect(abs((1 - big.low) - 3.0 / 300) < 0.0025)
    }

    @Test func quantilesInterpolateLinearly() {
        let s = SampleStatistics([4, 1, 3, 2, 5])
        #expect(s.mean == 3 && s.min == 1 && s.max == 5)
        #expect(close(s.standardDeviation, 2.5.squareRoot()))
        #expect(s.quantile(0.5) == 3 && s.quantile(0.05) == 1.2 && close(s.quantile(0.95), 4.8))
        #expect(SampleStatistics([7]).quantile(0.95) == 7 && SampleStatistics([7]).standardDeviation == 0)
    }

    @Test func pairedDifferenceUsesStudentT() {
        let c = Corner(process: .TT, vdd: 0.9, temperatureC: 27)
        func t(_ m: String, _ die: Int, _ d: Double) -> TrialOutcome {
            TrialOutcome(macro: m, kind: m, corner: c, die: die, accuracy: 1 - d / 100, degradationPP: d, diverged: false,
                         forwardMACRMS: 0, backwardMACRMS: 0)
        }
        // Analog degrades by 1, 1.5, 2, 2.5, 3 pp more than digital on the same dies.
        let a = [1.0, 2, 3, 4, 5].enumerated().map { t("analog", $0.offset, $0.element + 1) }
        let b = [1.0, 2, 3, 4, 5].enumerated().map { t("digital", $0.offset, $0.element) }
        let a2 = zip(a, [0.0, 0.5, 1.0, 1.5, 2.0]).map { o, e in var o = o; o.degradationPP += e; return o }
        let p = PairedDifference(a2, b, confidence: 0.95)!
        // d = 1, 1.5, 2, 2.5, 3: mean 2, s = 0.790569, t(0.975, 4) = 2.7764451051977934.
        let half = 2.7764451051977934 * 0.7905694150420949 / 5.0.squareRoot()
        #expect(p.pairs == 5 && close(p.mean, 2) && close(p.low!, 2 - half, 1e-8) && close(p.high!, 2 + half, 1e-8), "\(String(describing: p.low)) \(String(describing: p.high))")
    }

    @Test func yieldOverTheCornerSetNeedsEveryCorner() {
        let corners = [Corner(process: .TT, vdd: 0.9, temperatureC: 27), Corner(process: .TT, vdd: 0.6, temperatureC: 27)]
        var trials = [TrialOutcome]()
        // Die 0 passes both corners; die 1 fails at 0.6 V; die 2 passes both.
        for (ci, c) in corners.enumerated() { for die in 0..<3 {
            let d = (ci == 1 && die == 1) ? 5.0 : 0.2
            trials.append(TrialOutcome(macro: "m", kind: "digital", corner: c, die: die, accuracy: 0.9, degradationPP: d,
                                       diverged: false, forwardMACRMS: 0, backwardMACRMS: 0))
        } }
        let s = SweepSummary(trials, macros: ["m"], corners: corners, criterion: YieldCriterion())
        #expect(s.cells.count == 2 && s.cells[0].yield.successes == 3 && s.cells[1].yield.successes == 2)
        #expect(s.overallYield["m"]!.successes == 2 && s.overallYield["m"]!.trials == 3)
        #expect(s.worstCorner["m"]!.corner == corners[1])
    }
}
