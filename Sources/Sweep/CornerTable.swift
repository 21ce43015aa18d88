import Analysis
import Foundation

/// The table `cimpvt sweep` prints at the end: per corner, each macro's mean degradation, yield with
/// its interval, mean efficiency (TOPS/W) and throughput (GOPS of the 32 kb macro) over the dies, then
/// each macro's worst corner and its yield over the whole corner set.
public enum CornerTable {
    public static func render(_ s: SweepSummary) -> String {
        let cells = Dictionary(s.cells.map { ("\($0.macro)|\($0.corner.label)", $0) }, uniquingKeysWith: { a, _ in a })
        let width = max(38, (s.macros.map(\.count).max() ?? 0) + 4)
        func pad(_ t: String, _ w: Int) -> String { t.count >= w ? t : t + String(repeating: " ", count: w - t.count) }
        // One line: the label, then every column padded to `width` but the last (no trailing blanks).
        func line(_ label: String, _ columns: [String]) -> String {
            pad(label, 18) + columns.dropLast().map { pad($0, width) }.joined() + (columns.last ?? "") + "\n"
        }
        var out = line("corner", s.macros) + line("", s.macros.map { _ in "deg pp   yield [CI]   TOPS/W   GOPS" })
        for c in s.corners {
            out += line(c.label, s.macros.map { m in
                guard let cell = cells["\(m)|\(c.label)"] else { return "–" }
                let y = cell.yield
                var text = String(format: "%6.2f  %3.0f%% [%2.0f,%3.0f]", cell.degradation.mean, 100 * y.estimate, 100 * y.low, 100 * y.high)
                if let e = cell.topsPerWMean, let g = cell.gopsMean { text += String(format: " %7.2f %6.1f", e, g) }
                return text
            })
        }
        let spec = String(format: "%.2g", s.criterion.thresholdPP)
        let basis = s.criterion.relativeToNoise ? " (the upper edge of the training-noise band)" : ""
        out += "\nyield: share of dies with degradation ≤ \(spec) pp\(basis); \(Int((100 * s.criterion.confidence).rounded())) % \(s.criterion.interval.rawValue) interval\n"
        if let n = s.noise {
            out += String(format: "training noise: FP32 with %d other data orders moves accuracy by %.2f pp (sd)", n.runs, n.sdPP)
            if let b = n.band { out += String(format: ", %.0f %% band [%.2f, %.2f] pp", 100 * n.confidence, b.low, b.high) }
            out += String(format: "; one test image = %.2f pp\n", n.imagePP)
            for c in n.cautions(maxDegradationPP: s.criterion.maxDegradationPP) where !s.criterion.relativeToNoise { out += "caution: \(c)\n" }
        }
        for m in s.macros {
            guard let y = s.overallYield[m], let w = s.worstCorner[m] else { continue }
            out += "\(m): worst corner \(w.corner.label) "
                + String(format: "(yield %.0f %%, mean degradation %.2f pp); dies passing every corner: %d of %d = %.0f %% [%.0f, %.0f]\n",
                         100 * w.yield.estimate, w.degradation.mean, y.successes, y.trials, 100 * y.estimate, 100 * y.low, 100 * y.high)
        }
        return out
    }
}
