import Foundation

/// Distributions per category as box plots: box from the 25th to the 75th percentile, a line at the
/// median, whiskers to the minimum and maximum; one box per series within each category, series told
/// apart by colour and fill pattern (hollow for the second).
public struct BoxPlotChart: Sendable {
    public struct Box: Sendable {
        public var min: Double, q1: Double, median: Double, q3: Double, max: Double
        public init(min: Double, q1: Double, median: Double, q3: Double, max: Double) {
            self.min = min; self.q1 = q1; self.median = median; self.q3 = q3; self.max = max
        }
    }

    public var title: String
    public var yLabel: String
    public var categories: [String]
    /// Per series: its name and one box per category (nil where absent).
    public var series: [(name: String, boxes: [Box?])]
    public var height: Double = 320

    public init(title: String, yLabel: String, categories: [String], series: [(name: String, boxes: [Box?])]) {
        self.title = title; self.yLabel = yLabel; self.categories = categories; self.series = series
    }

    public var svg: String {
        let left = 64.0, top = 28.0, bottom = 92.0
        let slot = max(14.0, 9.0 * Double(series.count) + 6)
        let width = left + slot * Double(categories.count) + 20
        var doc = SVGDocument(width: width, height: height + 24, title: title)
        doc.text(title, x: left, y: 17, size: 13, weight: "bold")
        let values = series.flatMap { $0.boxes.compactMap { $0 }.flatMap { [$0.min, $0.max] } }
        let lo = values.min() ?? 0, hi = values.max() ?? 1
        let pad = max(1e-9, 0.05 * (hi - lo))
        let plotH = height - top - bottom
        let y = AxisScale(.linear, domain: (lo - pad, hi + pad), range: (top + plotH, top))
        for t in y.ticks() {
            doc.line(x1: left, y1: y.position(t), x2: width - 20, y2: y.position(t), stroke: "#e3e3e3")
            doc.text(y.label(t), x: left - 6, y: y.position(t) + 4, size: 10, anchor: "end")
        }
        doc.line(x1: left, y1: top + plotH, x2: width - 20, y2: top + plotH)
        doc.line(x1: left, y1: top, x2: left, y2: top + plotH)
        doc.text(yLabel, x: 14, y: top + plotH / 2, size: 11, anchor: "middle", rotate: -90)
        let bw = 7.0
        for (c, name) in categories.enumerated() {
            let x0 = left + Double(c) * slot + 3
            doc.text(name, x: x0 + slot / 2, y: top + plotH + 10, size: 9, anchor: "end", rotate: -60)
            for (k, s) in series.enumerated() {
                guard let b = s.boxes[c] else { continue }
                let colour = ColourScale.categorical[k % ColourScale.categorical.count]
                let x = x0 + Double(k) * (bw + 2), mid = x + bw / 2
                doc.line(x1: mid, y1: y.position(b.min), x2: mid, y2: y.position(b.max), stroke: colour)
                doc.rect(x: x, y: y.position(b.q3), width: bw, height: max(1, y.position(b.q1) - y.position(b.q3)),
                         fill: k % 2 == 0 ? colour : "#ffffff", stroke: colour,
                         tooltip: "\(s.name) \(name): median \(String(format: "%.4g", b.median)), range \(String(format: "%.4g", b.min))–\(String(format: "%.4g", b.max))")
                doc.line(x1: x, y1: y.position(b.median), x2: x + bw, y2: y.position(b.median), stroke: "#111", width: 1.5)
            }
        }
        for (k, s) in series.enumerated() {
            let colour = ColourScale.categorical[k % ColourScale.categorical.count]
            let lx = left + Double(k) * 200, ly = height + 14
            doc.rect(x: lx, y: ly - 10, width: 12, height: 12, fill: k % 2 == 0 ? colour : "#ffffff", stroke: colour)
            doc.text(s.name, x: lx + 18, y: ly, size: 11, cssClass: "legend")
        }
        return doc.svg
    }
}
