import Foundation
import Testing
import Analysis
import Sweep
import Variation

/// summary.csv, paired.csv and summary.json against values worked by hand from six trials.
@Suite struct SummaryFilesTests {
    static let tt = Corner(process: .TT, vdd: 0.9, temperatureC: 27), ss = Corner(process: .SS, vdd: 0.6, temperatureC: -40)

    /// analog: TT dies lose 0.5, 2, 0 pp; SS dies 3, 3, 1. digital: TT 0, 0, 0; SS 0, 4, 0.
    static var summary: SweepSummary {
        let loss: [(String, String, Corner, [Double])] = [("a", "analog", tt, [0.5, 2, 0]), ("a", "analog", ss, [3, 3, 1]),
                                                          ("d", "digital", tt, [0, 0, 0]), ("d", "digital", ss, [0, 4, 0])]
        var trials = [TrialOutcome]()
        for (m, kind, c, degs) in loss { for (die, deg) in degs.enumerated() {
            trials.append(TrialOutcome(macro: m, kind: kind, corner: c, die: die, accuracy: 0.9 - deg / 100, degradationPP: deg,
                                       diverged: false, forwardMACRMS: kind == "analog" ? 0.2 : 0.01, backwardMACRMS: 0.3,
                                       clockMHz: kind == "digital" ? 500 : nil, worstSlackNS: kind == "digital" ? 0.1 : nil))
        } }
        return SweepSummary(trials, macros: ["a", "d"], corners: [tt, ss], criterion: YieldCriterion())
    }

    @Test func summaryCSVHoldsTheHandWorkedValues() {
        let lines = SummaryFiles.csv(Self.summary).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        func value(_ row: Int, _ column: String) -> String { lines[row][header.firstIndex(of: column)!] }
        #expect(lines.count == 5 && value(1, "macro") == "a" && value(1, "corner") == "TT_0.9V_27C")
        // analog TT: degradations [0.5, 2, 0]: mean 0.8333, p95 (type 7: h = 2·0.95 = 1.9 over [0, 0.5, 2]) = 0.5 + 0.9·1.5 = 1.85
        #expect(abs(Double(value(1, "degradation_mean"))! - 2.5 / 3) < 1e-12)
        #expect(abs(Double(value(1, "degradation_p95"))! - 1.85) < 1e-12)
        // yield 2 of 3 pass (≤ 1 pp): Wilson 95 %: centre (2/3 + z²/6)/(1 + z²/3), z = 1.959964 → [0.2077, 0.9385]
        #expect(Double(value(1, "yield")) == 2.0 / 3)
        #expect(abs(Double(value(1, "yield_low"))! - 0.2077) < 1e-4 && abs(Double(value(1, "yield_high"))! - 0.9385) < 1e-4)
        // accuracy sd of [0.895, 0.88, 0.9]: mean 0.891667, sd = √((0.003333² + 0.011667² + 0.008333²)/2) = 0.010408
        #expect(abs(Double(value(1, "accuracy_sd"))! - 0.0104083) < 1e-6)
        // analog SS: all three fail except die 2 (1 pp passes: ≤): yield 1/3
        #expect(Double(value(2, "yield")) == 1.0 / 3 && value(2, "n") == "3")
        #expect(value(1, "clock_mhz_mean").isEmpty && value(3, "clock_mhz_mean") == "500.0" && value(4, "timing_clean") == "3")
    }

    @Test func pairedDifferenceIsFirstAnalogMinusDigital() {
        let lines = SummaryFiles.pairedCSV(Self.summary).split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(lines[0] == ["corner", "process", "vdd", "temperature", "first", "second", "pairs", "difference_mean", "difference_low", "difference_high"])
        // TT: d = [0.5, 2, 0] − [0, 0, 0]: mean 0.8333; SS: [3, 3, 1] − [0, 4, 0] = [3, −1, 1]: mean 1
        #expect(lines[1][4] == "a" && lines[1][5] == "d" && abs(Double(lines[1][7])! - 2.5 / 3) < 1e-12)
        #expect(Double(lines[2][7]) == 1)
        // its t interval: s = 2, t(0.975, 2) = 4.302653 → 1 ± 4.302653·2/√3 = [−3.968, 5.968]
        #expect(abs(Double(lines[2][8])! - (1 - 4.302653 * 2 / 3.0.squareRoot())) < 1e-4)
    }

    @Test func worstCornerBreaksYieldTiesByMeanDegradation() throws {
        // digital: TT yield 3/3, SS yield 2/3 → SS is worst; analog: TT 2/3, SS 1/3 → SS
        let json = try JSONSerialization.jsonObject(with: Data(SummaryFiles.json(Self.summary).utf8)) as? [String: Any]
        let macros = json?["macros"] as? [[String: Any]]
        #expect(macros?.map { $0["worst_corner"] as? String } == ["SS_0.6V_-40C", "SS_0.6V_-40C"])
        // a tie in yield (both 0 %) goes to the corner with the higher mean degradation
        var trials = [TrialOutcome]()
        for (c, deg) in [(Self.tt, 5.0), (Self.ss, 9.0)] {
            trials.append(TrialOutcome(macro: "m", kind: "analog", corner: c, die: 0, accuracy: 0.5, degradationPP: deg, diverged: false,
                                       forwardMACRMS: 0, backwardMACRMS: 0))
        }
        let tie = SweepSummary(trials, macros: ["m"], corners: [Self.tt, Self.ss], criterion: YieldCriterion())
        #expect(tie.worstCorner["m"]?.corner == Self.ss)
        let reversed = SweepSummary(trials, macros: ["m"], corners: [Self.ss, Self.tt], criterion: YieldCriterion())
        #expect(reversed.worstCorner["m"]?.corner == Self.ss)
        // overall yield: dies passing every corner of their process: analog TT dies 0, 2 pass TT; SS die 2 passes SS
        let cells = json?["cells"] as? [[String: Any]]
        #expect(cells?.count == 4)
        let overall = (macros?[0]["overall_yield"] as? [String: Any])?["passing_dies"] as? Int
        #expect(overall == 3)  // (TT, 0), (TT, 2), (SS, 2) of the 6 (process, die) pairs
        // per die (TT before SS, by index): analog TT [0.5, 2, 0] → 1, 0, 1 of 1; SS [3, 3, 1] → 0, 0, 1 of 1
        let dies = (macros?[0]["dies"] as? [[String: Any]])?.map { "\($0["process"]!)#\($0["die"]!):\($0["passing_corners"]!)/\($0["corners"]!)" }
        #expect(dies == ["TT#0:1/1", "TT#1:0/1", "TT#2:1/1", "SS#0:0/1", "SS#1:0/1", "SS#2:1/1"], "\(String(describing: dies))")
    }
}
