import Analysis
import Foundation
import Variation

/// The charts of a report, each a standalone SVG with a file name for the Markdown version.
public struct ReportCharts: Sendable {
    public struct Chart: Sendable {
        public var file: String
        public var caption: String
        public var svg: String
        /// The legend's entries (empty for maps), and the texts the layout rule puts outside the drawing.
        public var legend: [String]
        public var textOutside: [SVGDocument.TextBox]
        public init(file: String, caption: String, document: SVGDocument, legend: [String] = []) {
            self.file = file; self.caption = caption; svg = document.svg; self.legend = legend; textOutside = document.textOutsideViewBox
        }
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
                    shmooCells.append(ShmooMap.Cell(vdd: v, row: f, shade: worst.yield.estimate,
                                                    lines: [ShmooMap.label(worst.yield.estimate, passYield: passYield)],
                                                    tooltip: String(format: "%@ at %.0f MHz, %.2g V: lowest yield %.0f%% (%@)", axis.base, f, v,
                                                                    100 * worst.yield.estimate, worst.corner.label)))
                } }
                let range = temps.count > 1 ? String(format: "worst of %.0f…%.0f °C", temps.first!, temps.last!) : String(format: "%.0f °C", temps[0])
                let map = ShmooMap(title: "\(axis.base) — \(p.rawValue): yield per VDD and clock (\(range))", vdds: vdds,
                                   rows: axis.members.map(\.frequencyMHz), rowUnit: "MHz", cells: shmooCells,
                                   colourBar: .init(caption: "yield", ticks: [(1, "100%"), (0.5, "50%"), (0, "0%")]))
                charts.append(Chart(file: "fshmoo-\(axis.base)-\(p.rawValue).svg",
                                    caption: "Frequency shmoo, \(axis.base), process \(p.rawValue)", document: map.document))
            }
        }
        return charts
    }

    /// "81% [70, 88]": a cell's yield and interval, the shmoo cell's second line.
    static func yieldLine(_ c: CornerSummary) -> String {
        String(format: "%.0f%% [%.0f, %.0f]", 100 * c.yield.estimate, 100 * c.yield.low, 100 * c.yield.high)
    }

    /// "0.39 pp" (with ", 2 div" when dies diverged): a cell's mean degradation, the shmoo cell's first line.
    static func degradationLine(_ c: CornerSummary) -> String {
        String(format: "%.2f pp", c.degradation.mean) + (c.diverged > 0 ? ", \(c.diverged) div" : "")
    }

    /// The process an efficiency map is drawn at: TT when the sweep has it, else the first it has.
    static func referenceProcess(_ s: SweepSummary) -> ProcessCorner? {
        let ps = ProcessCorner.allCases.filter { p in s.corners.contains { $0.process == p } }
        return ps.contains(.TT) ? .TT : ps.first
    }

    public static func build(_ input: ReportInput) -> [Chart] {
        let s = input.summary
        var charts = [Chart]()
        let cells = Dictionary(s.cells.map { ("\($0.macro)|\($0.corner.label)", $0) }, uniquingKeysWith: { a, _ in a })
        // Shmoo maps: per macro, per process corner; colour = mean degradation, labels = it and the yield.
        let processes = ProcessCorner.allCases.filter { p in s.corners.contains { $0.process == p } }
        for m in s.macros { for p in processes {
            let mine = s.corners.filter { $0.process == p }
            let here = mine.compactMap { cells["\(m)|\($0.label)"] }
            var footers = [ShmooMap.Footer]()
            let vdds = Array(Set(mine.map(\.vdd)))
            let clocks = Dictionary(grouping: here.filter { $0.clockMHzMin != nil }, by: \.corner.vdd).mapValues { g in
                String(format: "%.0f", g.compactMap(\.clockMHzMin).min()!) }
            if !clocks.isEmpty { footers.append(.init(name: "clock (MHz)", values: clocks)) }
            let conversions = Dictionary(grouping: here.filter { $0.conversionNSMax != nil }, by: \.corner.vdd).mapValues { g in
                String(format: "%.3g", g.compactMap(\.conversionNSMax).max()!) }
            if !conversions.isEmpty { footers.append(.init(name: "conversion (ns)", values: conversions)) }
            let map = ShmooMap(
                title: "\(m) — \(p.rawValue): degradation and yield per VDD and temperature",
                vdds: vdds, rows: mine.map(\.temperatureC), rowUnit: "°C",
                cells: here.map { c in
                    ShmooMap.Cell(vdd: c.corner.vdd, row: c.corner.temperatureC, shade: ShmooMap.degradationShade(c.degradation.mean),
                                  lines: [degradationLine(c), yieldLine(c)],
                                  tooltip: c.corner.label + String(format: ": mean degradation %.2f pp (p95 %.2f), yield %.0f%% [%.0f, %.0f] of %d dies",
                                                                   c.degradation.mean, c.degradation.quantile(0.95), 100 * c.yield.estimate,
                                                                   100 * c.yield.low, 100 * c.yield.high, c.count)
                                    + (c.diverged > 0 ? ", \(c.diverged) diverged" : ""))
                }, footers: footers, colourBar: ShmooMap.degradationBar)
            charts.append(Chart(file: "shmoo-\(m)-\(p.rawValue).svg", caption: "Shmoo map, \(m), process \(p.rawValue)",
                                document: map.document))
        } }
        charts += frequencyShmoos(s)
        // Efficiency maps: per macro at the reference process, TOPS/W per VDD and temperature.
        if let p = referenceProcess(s) {
            for m in s.macros {
                let here = s.corners.filter { $0.process == p }.compactMap { cells["\(m)|\($0.label)"] }.filter { $0.topsPerWMean != nil }
                guard !here.isEmpty else { continue }
                let values = here.map { $0.topsPerWMean! }
                let lo = log10(max(values.min()!, 1e-9)), hi = log10(max(values.max()!, 1e-9))
                let shade = { (v: Double) in hi > lo ? (log10(max(v, 1e-9)) - lo) / (hi - lo) : 0.5 }
                let map = ShmooMap(
                    title: "\(m) — \(p.rawValue): efficiency (TOPS/W) per VDD and temperature",
                    vdds: here.map(\.corner.vdd), rows: here.map(\.corner.temperatureC), rowUnit: "°C",
                    cells: here.map { c in
                        ShmooMap.Cell(vdd: c.corner.vdd, row: c.corner.temperatureC, shade: shade(c.topsPerWMean!),
                                      lines: [String(format: "%.3g", c.topsPerWMean!), c.gopsMean.map { String(format: "%.3g GOPS", $0) } ?? ""],
                                      tooltip: c.corner.label + String(format: ": %.3g TOPS/W, %.3g GOPS, %.3g µJ per trial (mean over dies)",
                                                                       c.topsPerWMean!, c.gopsMean ?? .nan, 1e6 * (c.energyJMean ?? .nan)))
                    }, colourBar: .init(caption: "TOPS/W (log)", ticks: [(1, String(format: "%.3g", values.max()!)), (0, String(format: "%.3g", values.min()!))]))
                charts.append(Chart(file: "efficiency-\(m).svg", caption: "Efficiency map, \(m), process \(p.rawValue): TOPS/W and throughput (GOPS) per VDD and temperature, mean over dies",
                                    document: map.document))
            }
        }
        // Cost against robustness: one chart per temperature, every macro's corners at (TOPS/W, degradation).
        let temps = Array(Set(s.corners.map(\.temperatureC))).sorted()
        for t in temps {
            var series = [SeriesChart.Series]()
            for m in s.macros {
                let here = s.corners.filter { $0.temperatureC == t }.compactMap { cells["\(m)|\($0.label)"] }.filter { $0.topsPerWMean != nil }
                guard !here.isEmpty else { continue }
                series.append(.init(name: m, points: here.map { c in
                    let half = c.degradation.meanHalfWidth(confidence: s.criterion.confidence)
                    return .init(x: c.topsPerWMean!, y: c.degradation.mean, low: half.map { c.degradation.mean - $0 },
                                 high: half.map { c.degradation.mean + $0 },
                                 tooltip: String(format: "%@ at %@: %.3g TOPS/W, %.3g GOPS, mean degradation %.2f pp", m, c.corner.label,
                                                 c.topsPerWMean!, c.gopsMean ?? .nan, c.degradation.mean))
                }, connect: false))
            }
            guard !series.isEmpty else { continue }
            var chart = SeriesChart(title: String(format: "Cost against robustness at %.0f °C: every corner's efficiency and mean degradation", t),
                                    xLabel: "efficiency (TOPS/W, log)", yLabel: "mean degradation (pp)", series: series)
            chart.xKind = .log10
            chart.yKind = .symlog
            chart.references = [.init(y: s.criterion.thresholdPP, label: String(format: "yield criterion: %.2g pp", s.criterion.thresholdPP))]
            chart.notes = ["Each point is one corner (process, VDD) at this temperature, mean over its dies with the \(Int(100 * s.criterion.confidence)) % t-interval; up and left is worse."]
            charts.append(Chart(file: "cost-robustness-" + (t < 0 ? "m" : "") + String(format: "%.0fC.svg", abs(t)),
                                caption: String(format: "Cost against robustness at %.0f °C", t), document: chart.document, legend: chart.legendNames))
        }
        let labels = s.corners.map(\.label)
        // Paired differences: every pair, symmetric-log axis.
        if !s.paired.isEmpty {
            let few = s.paired.filter { $0.low == nil }
            var chart = SeriesChart(title: "Paired degradation difference per corner on the same dies (first − second)",
                                    xLabel: "corner", yLabel: "difference (pp, symmetric log)", categories: labels,
                                    series: s.pairs.map { pair in
                                        .init(name: "\(pair[0]) − \(pair[1])", points: s.paired.filter { $0.first == pair[0] && $0.second == pair[1] }.compactMap { p in
                                            s.corners.firstIndex(of: p.corner).map {
                                                .init(x: Double($0), y: p.mean, low: p.low, high: p.high,
                                                      tooltip: "\(p.first) − \(p.second) at " + p.corner.label + String(format: ": %.2f pp", p.mean)
                                                        + (p.low.map { String(format: " [%.2f, %.2f]", $0, p.high!) } ?? " (too few dies for an interval)"))
                                            }
                                        }, connect: false)
                                    })
            chart.yKind = .symlog
            chart.references = [.init(y: 0, label: "no difference")]
            if !few.isEmpty {
                chart.notes = ["Too few dies for an interval (fewer than \(PairedDifference.minimumPairs) pairs) at \(few.count) of \(s.paired.count) points: means only."]
            } else {
                chart.notes = ["Bars: \(Int(100 * s.criterion.confidence)) % t-interval of the mean difference, clipped to ±100 pp."]
            }
            charts.append(Chart(file: "paired-difference.svg", caption: "Paired degradation difference per corner, every pair of macros compared",
                                document: chart.document, legend: chart.legendNames))
        }
        // Accuracy distributions.
        let boxes = BoxPlotChart(title: "Test accuracy over dies per corner (box: quartiles, whiskers: min–max)",
                                 yLabel: "test accuracy (%)", categories: labels,
                                 series: s.macros.map { m in
                                     (name: m, boxes: s.corners.map { c in
                                         cells["\(m)|\(c.label)"].map { cell in
                                             let a = cell.accuracy
                                             return BoxPlotChart.Box(min: 100 * a.min, q1: 100 * a.quantile(0.25), median: 100 * a.quantile(0.5),
                                                                     q3: 100 * a.quantile(0.75), max: 100 * a.max, diverged: cell.diverged)
                                         }
                                     })
                                 })
        charts.append(Chart(file: "accuracy-distributions.svg", caption: "Accuracy distributions per corner", document: boxes.document,
                            legend: boxes.legendNames))
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
        charts.append(Chart(file: "mac-error.svg", caption: "Forward and backward MAC error per corner", document: mac.document,
                            legend: mac.legendNames))
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
            charts.append(Chart(file: "bitcell-pcell.svg", caption: "Per-cell failure probability against VDD", document: chart.document,
                                legend: chart.legendNames))
        }
        return charts
    }
}
