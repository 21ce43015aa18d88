import Analysis
import Foundation
import Variation

/// The charts of a report, each a standalone SVG with a file name for the Markdown version.
public struct ReportCharts: Sendable {
    public struct Chart: Sendable {
        public var file: String
        public var caption: String
        public var svg: String
    }

    /// A corner yields "pass" in shmoo maps and tables when its yield is at least this.
    public static let passYield = 0.9

    /// Digital macros of a frequency axis (`frequency_mhz = [...]`, named "BASE-<f>MHz", fixed clock f),
    /// grouped by BASE: (base, [(frequency, macro)]) for bases with at least two frequencies.
    public static func frequencyAxes(_ s: SweepSummary) -> [(base: String, members: [(frequencyMHz: Double, macro: String)])] {
        var groups = [String: [(Double, String)]](), order = [String]()
        for m in s.macros {
            guard m.hasSuffix("MHz"), let dash = m.dropLast(3).lastIndex(of: "-"),
                  let f = Double(m[m.index(after: dash)..<m.index(m.endIndex, offsetBy: -3)]),
                  let clock = s.cells.first(where: { $0.macro == m })?.clockMHzMin,
                  s.cells.allSatisfy({ $0.macro != m || ($0.clockMHzMin == clock && $0.clockMHzMean == clock) }),
                  abs(clock - f) <= 1e-9 * f else { continue }
            let base = String(m[..<dash])
            if groups[base] == nil { order.append(base) }
            groups[base, default: []].append((f, m))
        }
        return order.compactMap { b in groups[b]!.count >= 2 ? (b, groups[b]!.sorted { $0.0 < $1.0 }.map { ($0.0, $0.1) }) : nil }
    }

    /// Frequency × VDD shmoo maps of each frequency axis, one per process corner: a cell's yield is the
    /// lowest over the sweep's temperatures at that VDD (the die must work across the range).
    static func frequencyShmoos(_ s: SweepSummary) -> [Chart] {
        var charts = [Chart]()
        let cells = Dictionary(s.cells.map { ("\($0.macro)|\($0.corner.label)", $0) }, uniquingKeysWith: { a, _ in a })
        for axis in frequencyAxes(s) {
            for p in ProcessCorner.allCases where s.corners.contains(where: { $0.process == p }) {
                let mine = s.corners.filter { $0.process == p }
                let temps = Array(Set(mine.map(\.temperatureC))).sorted()
                let vdds = Array(Set(mine.map(\.vdd))).sorted()
                var shmooCells = [ShmooMap.Cell]()
                for (f, m) in axis.members { for v in vdds {
                    let here = mine.filter { $0.vdd == v }.compactMap { cells["\(m)|\($0.label)"] }
                    guard let worst = here.min(by: { $0.yield.estimate < $1.yield.estimate }) else { continue }
                    shmooCells.append(ShmooMap.Cell(vdd: v, row: f, yield: worst.yield.estimate,
                                                    tooltip: String(format: "%@ at %.0f MHz, %.2g V: lowest yield %.0f%% (%@)", axis.base, f, v,
                                                                    100 * worst.yield.estimate, worst.corner.label)))
                } }
                let range = temps.count > 1 ? String(format: "worst of %.0f…%.0f °C", temps.first!, temps.last!) : String(format: "%.0f °C", temps[0])
                let map = ShmooMap(title: "\(axis.base) — \(p.rawValue): yield per VDD and clock (\(range))", vdds: vdds,
                                   rows: axis.members.map(\.frequencyMHz), rowUnit: "MHz", cells: shmooCells, passYield: passYield)
                charts.append(Chart(file: "fshmoo-\(axis.base)-\(p.rawValue).svg",
                                    caption: "Frequency shmoo, \(axis.base), process \(p.rawValue)", svg: map.svg))
            }
        }
        return charts
    }

    public static func build(_ input: ReportInput) -> [Chart] {
        let s = input.summary
        var charts = [Chart]()
        let cells = Dictionary(s.cells.map { ("\($0.macro)|\($0.corner.label)", $0) }, uniquingKeysWith: { a, _ in a })
        // Shmoo maps: per macro, per process corner.
        let processes = ProcessCorner.allCases.filter { p in s.corners.contains { $0.process == p } }
        for m in s.macros { for p in processes {
            let mine = s.corners.filter { $0.process == p }
            let map = ShmooMap(
                title: "\(m) — \(p.rawValue): yield per VDD and temperature",
                vdds: Array(Set(mine.map(\.vdd))), temperatures: Array(Set(mine.map(\.temperatureC))),
                cells: mine.compactMap { c in
                    cells["\(m)|\(c.label)"].map {
                        ShmooMap.Cell(vdd: c.vdd, temperatureC: c.temperatureC, yield: $0.yield.estimate,
                                      tooltip: c.label + String(format: ": yield %.0f%% [%.0f, %.0f], mean degradation %.2f pp",
                                                                100 * $0.yield.estimate, 100 * $0.yield.low, 100 * $0.yield.high, $0.degradation.mean))
                    }
                }, passYield: passYield)
            charts.append(Chart(file: "shmoo-\(m)-\(p.rawValue).svg", caption: "Shmoo map, \(m), process \(p.rawValue)", svg: map.svg))
        } }
        charts += frequencyShmoos(s)
        let labels = s.corners.map(\.label)
        // Paired difference.
        if let first = s.paired.first {
            var chart = SeriesChart(title: "Paired degradation difference \(first.first) − \(first.second) (same dies)",
                                    xLabel: "corner", yLabel: "difference (pp)", categories: labels,
                                    series: [.init(name: "\(first.first) − \(first.second), \(Int(100 * s.criterion.confidence)) % t-interval",
                                                   points: s.paired.compactMap { p in
                                                       s.corners.firstIndex(of: p.corner).map {
                                                           .init(x: Double($0), y: p.mean, low: p.low, high: p.high,
                                                                 tooltip: p.corner.label + String(format: ": %.2f pp [%.2f, %.2f]", p.mean, p.low, p.high))
                                                       }
                                                   }, connect: false)])
            chart.references = [.init(y: 0, label: "no difference")]
            chart.width = max(720, 12 * Double(labels.count) + 100)
            charts.append(Chart(file: "paired-difference.svg", caption: "Paired analog − digital degradation per corner", svg: chart.svg))
        }
        // Accuracy distributions.
        let boxes = BoxPlotChart(title: "Test accuracy over dies per corner (box: quartiles, whiskers: min–max)",
                                 yLabel: "test accuracy (%)", categories: labels,
                                 series: s.macros.map { m in
                                     (name: m, boxes: s.corners.map { c in
                                         cells["\(m)|\(c.label)"].map { cell in
                                             let a = cell.accuracy
                                             return BoxPlotChart.Box(min: 100 * a.min, q1: 100 * a.quantile(0.25), median: 100 * a.quantile(0.5),
                                                                     q3: 100 * a.quantile(0.75), max: 100 * a.max)
                                         }
                                     })
                                 })
        charts.append(Chart(file: "accuracy-distributions.svg", caption: "Accuracy distributions per corner", svg: boxes.svg))
        // MAC error against corner.
        var series = [SeriesChart.Series]()
        for m in s.macros { for (dir, key) in [("forward", true), ("backward", false)] {
            series.append(.init(name: "\(m) \(dir)", points: s.corners.enumerated().compactMap { i, c in
                cells["\(m)|\(c.label)"].map { .init(x: Double(i), y: key ? $0.forwardMACRMS : $0.backwardMACRMS,
                                                     tooltip: "\(m) \(dir) at \(c.label)") }
            }, connect: true))
        } }
        var mac = SeriesChart(title: "MAC error during training (relative RMS against the exact FP32 product)",
                              xLabel: "corner", yLabel: "relative RMS error", categories: labels, series: series)
        mac.yKind = .log10
        mac.width = max(720, 12 * Double(labels.count) + 100)
        charts.append(Chart(file: "mac-error.svg", caption: "Forward and backward MAC error per corner", svg: mac.svg))
        // Bitcell p_cell against VDD.
        if !input.bitcell.isEmpty {
            var lines = [SeriesChart.Series]()
            let temps = Array(Set(input.bitcell.map(\.corner.temperatureC))).sorted()
            for p in processes { for t in [temps.first!, temps.last!] where t == temps.first! || temps.count > 1 {
                let rows = input.bitcell.filter { $0.corner.process == p && $0.corner.temperatureC == t }.sorted { $0.corner.vdd < $1.corner.vdd }
                lines.append(.init(name: p.rawValue + String(format: " %.0f °C", t),
                                   points: rows.map { .init(x: $0.corner.vdd, y: max($0.estimate.pFail, 1e-30), low: $0.estimate.ciLow,
                                                            high: $0.estimate.ciHigh,
                                                            tooltip: "\($0.corner.label) \($0.worstMargin): " + String(format: "p_cell %.3g (IS)", $0.estimate.pFail)) }))
            } }
            var chart = SeriesChart(title: "Bitcell failure probability (worst margin, importance sampling) against VDD",
                                    xLabel: "VDD (V)", yLabel: "p_cell", series: lines)
            chart.yKind = .log10
            let cellsN = input.bitcell[0].cells
            let target = BitcellCornerYield.cellTarget(macroYield: 0.99, cells: cellsN)
            chart.references = [.init(y: target, label: String(format: "99 %% yield of %d Kb: p_cell = %.2g", cellsN / 1024, target))]
            let ps = input.bitcell.map(\.estimate.pFail).filter { $0 > 0 }
            chart.yDomain = (max(1e-30, min(ps.min() ?? 1e-12, target) / 10), 1)
            charts.append(Chart(file: "bitcell-pcell.svg", caption: "Per-cell failure probability against VDD", svg: chart.svg))
        }
        return charts
    }
}
