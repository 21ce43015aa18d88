import Foundation

/// Distributions per category as box plots: box from the 25th to the 75th percentile, a line at the
/// median, whiskers to the minimum and maximum; one box per series within each category, series told
/// apart by colour (``ColourScale/style(_:)``) and fill (hollow for odd series). A category whose
/// cell holds a diverged die is marked "×" above its box.
///
/// Layout from ``TextMetrics`` like ``SeriesChart``: a long category axis wraps into stacked panels of
/// at most ``SeriesChart/maxPanelWidth`` px, every category labelled, the legend flowing into rows.
public struct BoxPlotChart: Sendable {
    public struct Box: Sendable {
        public var min: Double, q1: Double, median: Double, q3: Double, max: Double
        public var diverged: Int
        public init(min: Double, q1: Double, median: Double, q3: Double, max: Double, diverged: Int = 0) {
            self.min = min; self.q1 = q1; self.median = median; self.q3 = q3; self.max = max; self.diverged = diverged
        }
    }

    public var title: String
    public var yLabel: String
    public var categories: [String]
    /// Per series: its name and one box per category (nil where absent).
    public var series: [(name: String, boxes: [Box?])]
    public var plotHeight: Double = 200

    public init(title: String, yLabel: String, categories: [String], series: [(name: String, boxes: [Box?])]) {
        self.title = title; self.yLabel = yLabel; self.categories = categories; self.series = series
    }

    public var legendNames: [String] { series.map(\.name) + (hasDiverged ? ["× a diverged die in the cell"] : []) }
    var hasDiverged: Bool { series.contains { $0.boxes.contains { ($0?.diverged ?? 0) > 0 } } }

    public var svg: String { document.svg }

    public var document: SVGDocument {
        let tick = 10.0, catSize = 9.0, titleSize = 13.0
        let bw = 7.0
        let slot = max(16.0, (bw + 2) * Double(series.count) + 6)
        let perPanel = max(1, Int(SeriesChart.maxPanelWidth / slot))
        let panels = max(1, (categories.count + perPanel - 1) / perPanel)
        let panelCats = min(categories.count, perPanel)
        let values = series.flatMap { $0.boxes.compactMap { $0 }.flatMap { [$0.min, $0.max] } }.filter(\.isFinite)
        let lo = values.min() ?? 0, hi = values.max() ?? 1
        let pad = max(1e-9, 0.05 * (hi - lo))
        let probe = AxisScale(.linear, domain: (lo - pad, hi + pad), range: (1, 0))
        let left = (probe.ticks().map { TextMetrics.width(probe.label($0), size: tick) }.max() ?? 20) + 30
        let plotW = max(slot * Double(panelCats), 240)
        let longest = categories.map { TextMetrics.width($0, size: catSize) }.max() ?? 0
        let xAxisH = longest * sin(Double.pi / 3) + 14
        let entries = legendNames
        let entryW = entries.map { 24 + TextMetrics.width($0, size: 11) + 16 }
        let width = max(left + plotW + 16, 16 + TextMetrics.width(title, size: titleSize, bold: true), left + (entryW.max() ?? 0))
        let rowsOfLegend = TextMetrics.flow(entryW, left: left, width: width)
        let top = 36.0, panelH = plotHeight + xAxisH + 8
        let legendTop = top + Double(panels) * panelH + 4
        let height = legendTop + 18 * Double(rowsOfLegend.count) + 6
        var doc = SVGDocument(width: width, height: height, title: title)
        doc.text(title, x: 8, y: 18, size: titleSize, weight: "bold")
        for p in 0..<panels {
            let py = top + Double(p) * panelH
            let y = AxisScale(.linear, domain: (lo - pad, hi + pad), range: (py + plotHeight, py))
            for t in y.ticks() {
                doc.line(x1: left, y1: y.position(t), x2: left + plotW, y2: y.position(t), stroke: "#e3e3e3")
                doc.text(y.label(t), x: left - 6, y: y.position(t) + 4, size: tick, anchor: "end")
            }
            doc.line(x1: left, y1: py + plotHeight, x2: left + plotW, y2: py + plotHeight)
            doc.line(x1: left, y1: py, x2: left, y2: py + plotHeight)
            doc.text(yLabel, x: 14, y: py + plotHeight / 2, size: 11, anchor: "middle", rotate: -90)
            for c in (p * perPanel)..<min(categories.count, (p + 1) * perPanel) {
                let name = categories[c]
                let x0 = left + Double(c - p * perPanel) * slot + 3
                doc.text(name, x: x0 + slot / 2, y: py + plotHeight + 10, size: catSize, anchor: "end", rotate: -60)
                for (k, s) in series.enumerated() {
                    guard let b = s.boxes[c] else { continue }
                    let colour = ColourScale.style(k).colour
                    let bx = x0 + Double(k) * (bw + 2), mid = bx + bw / 2
                    doc.line(x1: mid, y1: y.position(b.min), x2: mid, y2: y.position(b.max), stroke: colour)
                    doc.rect(x: bx, y: y.position(b.q3), width: bw, height: max(1, y.position(b.q1) - y.position(b.q3)),
                             fill: k % 2 == 0 ? colour : "#ffffff", stroke: colour,
                             tooltip: "\(s.name) \(name): median \(String(format: "%.4g", b.median)), range \(String(format: "%.4g", b.min))–\(String(format: "%.4g", b.max))"
                                + (b.diverged > 0 ? ", \(b.diverged) diverged" : ""))
                    doc.line(x1: bx, y1: y.position(b.median), x2: bx + bw, y2: y.position(b.median), stroke: "#111", width: 1.5)
                    if b.diverged > 0 {
                        doc.text("×", x: mid, y: max(py + 9, y.position(b.max) - 3), size: 10, anchor: "middle", fill: "#b00020", cssClass: "diverged")
                    }
                }
            }
        }
        for (r, entriesInRow) in rowsOfLegend.enumerated() {
            var lx = left
            let ly = legendTop + 14 + 18 * Double(r)
            for i in entriesInRow {
                if i < series.count {
                    let colour = ColourScale.style(i).colour
                    doc.rect(x: lx, y: ly - 10, width: 12, height: 12, fill: i % 2 == 0 ? colour : "#ffffff", stroke: colour)
                } else {
                    doc.text("×", x: lx + 6, y: ly, size: 11, anchor: "middle", fill: "#b00020")
                }
                doc.text(entries[i], x: lx + 18, y: ly, size: 11, cssClass: "legend")
                lx += entryW[i]
            }
        }
        return doc
    }
}
