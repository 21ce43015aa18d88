import Foundation
import Testing
import Analysis
import Variation

/// The round rule of adaptive die counts against hand-worked Wilson intervals.
@Suite struct AdaptiveDieCountTests {
    static let criterion = YieldCriterion()  // 95 % Wilson
    /// z = Φ⁻¹(0.975), to the digits tables give.
    static let z = 1.959963984540054

    /// Wilson half-width (high − low)/2 after clipping to [0, 1], written out here independently.
    static func wilsonHalfWidth(_ x: Int, _ n: Int) -> Double {
        let nn = Double(n), p = Double(x) / nn, z2 = z * z
        let centre = (p + z2 / (2 * nn)) / (1 + z2 / nn)
        let half = z / (1 + z2 / nn) * (p * (1 - p) / nn + z2 / (4 * nn * nn)).squareRoot()
        return (min(1, centre + half) - max(0, centre - half)) / 2
    }

    /// All n of n pass: low = n/(n + z²), so the half-width is z²/(2(n + z²)): 0.1622 at 8 dies,
    /// ≤ 0.1 from n ≥ 10·z² − z² = 15.37, so 16 dies; 16 of 16 then settles the cell.
    @Test func allPassingCellGrowsFromEightToSixteenAndSettles() {
        let rule = AdaptiveDieCount(targetHalfWidth: 0.1, minDies: 8, maxDies: 400)
        #expect(abs(AdaptiveDieCount.halfWidth(passing: 8, of: 8, criterion: Self.criterion) - Self.z * Self.z / (2 * (8 + Self.z * Self.z))) < 1e-12)
        #expect(rule.nextDieCount(passing: 8, of: 8, criterion: Self.criterion) == 16)
        #expect(rule.nextDieCount(passing: 16, of: 16, criterion: Self.criterion) == nil)
        // By symmetry none passing behaves the same.
        #expect(rule.nextDieCount(passing: 0, of: 8, criterion: Self.criterion) == 16)
        #expect(rule.nextDieCount(passing: 0, of: 16, criterion: Self.criterion) == nil)
    }

    /// Half passing needs ≈ z²/(4·0.1²) ≈ 96 dies: one round may at most quadruple (8 → 32), and never
    /// pass max_dies; a cell at max_dies is settled whatever its width.
    @Test func growthIsBoundedByFourTimesAndByMaxDies() {
        let rule = AdaptiveDieCount(targetHalfWidth: 0.1, minDies: 8, maxDies: 100)
        #expect(rule.nextDieCount(passing: 4, of: 8, criterion: Self.criterion) == 32)
        #expect(rule.nextDieCount(passing: 35, of: 70, criterion: Self.criterion) == 93)
        #expect(rule.nextDieCount(passing: 40, of: 80, criterion: Self.criterion) == 100)  // at least ⌈1.25·80⌉ = 100
        #expect(rule.nextDieCount(passing: 16, of: 32, criterion: Self.criterion) == 93)
        #expect(Self.wilsonHalfWidth(46, 93) <= 0.1 && Self.wilsonHalfWidth(46, 92) > 0.1)
        let tight = AdaptiveDieCount(targetHalfWidth: 0.01, minDies: 8, maxDies: 100)
        #expect(tight.nextDieCount(passing: 40, of: 80, criterion: Self.criterion) == 100)
        #expect(tight.nextDieCount(passing: 50, of: 100, criterion: Self.criterion) == nil)
    }

    /// Every answer, over all outcomes at several counts: the smallest count in
    /// [⌈1.25 n⌉, min(4n, max)] whose projected width (p̂ held, x rounded) meets the target, else the top.
    @Test func nextCountIsTheSmallestProjectedCountWithinItsBounds() {
        let rule = AdaptiveDieCount(targetHalfWidth: 0.08, minDies: 5, maxDies: 300)
        for n in [5, 8, 13, 40, 120] { for x in 0...n {
            let got = rule.nextDieCount(passing: x, of: n, criterion: Self.criterion)
            if Self.wilsonHalfWidth(x, n) <= 0.08 { #expect(got == nil, "\(x)/\(n)"); continue }
            let lo = min(300, Int((1.25 * Double(n)).rounded(.up))), hi = min(300, 4 * n)
            let p = Double(x) / Double(n)
            let meets = { (m: Int) in Self.wilsonHalfWidth(Int((p * Double(m)).rounded()), m) <= 0.08 }
            let expected = (lo..<hi).first(where: meets) ?? hi
            #expect(got == expected, "\(x)/\(n): \(String(describing: got)) vs \(expected)")
        } }
    }
}

/// With adaptive die counts cells hold different dies; the yield over the corner set counts only the
/// dies measured at every corner of their process.
@Suite struct UnevenDieCountTests {
    @Test func operatingRangeYieldCountsOnlyDiesSeenAtEveryCorner() {
        let a = Corner(process: .TT, vdd: 0.9, temperatureC: 27), b = Corner(process: .TT, vdd: 0.6, temperatureC: 27)
        func t(_ c: Corner, _ die: Int, _ deg: Double) -> TrialOutcome {
            TrialOutcome(macro: "m", kind: "analog", corner: c, die: die, accuracy: 0.9, degradationPP: deg, diverged: false,
                         forwardMACRMS: 0, backwardMACRMS: 0)
        }
        // Corner a: dies 0–1; corner b: dies 0–3 (two more where its interval was wider). Die 1 fails at b.
        let trials = [t(a, 0, 0.1), t(a, 1, 0.2), t(b, 0, 0.3), t(b, 1, 5.0), t(b, 2, 0.1), t(b, 3, 7.0)]
        let s = SweepSummary(trials, macros: ["m"], corners: [a, b], criterion: YieldCriterion())
        #expect(s.cells.map(\.count) == [2, 4])
        #expect(s.cells[1].yield.successes == 2)
        let y = s.overallYield["m"]!
        #expect(y.trials == 2 && y.successes == 1, "dies 0 and 1 only: \(y.successes)/\(y.trials)")
        #expect(s.dies["m"]!.count == 4 && s.dies["m"]!.map(\.corners) == [2, 2, 1, 1])
    }
}
