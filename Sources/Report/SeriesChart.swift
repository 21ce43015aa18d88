import Foundation

/// A chart of one or more series over a categorical or numeric x axis, with optional intervals,
/// reference lines and a legend; y linear or logarithmic. Series differ in colour, marker shape and
/// dash pattern (ColourScale), so they stay apart in greyscale.
public struct SeriesChart: Sendable {
    public struct Point: Sendable {
        public var x: Double
        public var y: Double
        public var low: Double?
        public var high: Double?
        public var tooltip: String?
        public init(x: Double, y: Double, low: Double? = nil, high: Double? = nil, tooltip: String? = nil) {
            self.x = x; self.y = y; self.low = low; self.high = high; self.tooltip = tooltip
        }
    }

    public struct Series: Sendable {
        public var name: String
        public var points: [Point]
        public var connect: Bool
        public init(name: String, points: [Point], connect: Bool = true) {
            self.name = name; self.points = points; self.connect = connect
        }
    }

    public struct ReferenceLine: Sendable {
        public var y: Double
        public var label: String
        public init(y: Double, label: String) { self.y = y; self.label = label }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// Category names for x = 0, 1, 2, …; nil for a numeric x axis.
    public var categories: [String]?
    public var yKind: AxisScale.Kind = .linear
    public var yDomain: (Double, Double)?
    public var series: [Series]
    public var references: [ReferenceLine] = []
    public var width: Double = 720
    public var height: Double = 320

    public init(title: String, xLabel: String, yLabel: String, categories: [String]? = nil, series: [Series]) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel; self.categories = categories; self.series = series
    }

    public var svg: String {
        let left = 64.0, right = 16.0, top = 28.0
        let bottom = categories == nil ? 44.0 : 92.0
        let legendHeight = 18.0 * Double((series.count + 2) / 3)
        var doc = SVGDocument(width: width, height: height + legendHeight, title: title)
        doc.text(title, x: left, y: 17, size: 13, weight: "bold")
        let plotW = width - left - right, plotH = height - top - bottom
        // Domains.
        let xs = series.flatMap { $0.points.map(\.x) }
        let xDomain: (Double, Double) = categories.map { (-0.5, Double(max($0.count, 1)) - 0.5) }
            ?? ((xs.min() ?? 0) == (xs.max() ?? 1) ? ((xs.min() ?? 0) - 1, (xs.max() ?? 1) + 1) : (xs.min()!, xs.max()!))
        let ys = series.flatMap { $0.points.flatMap { [$0.y, $0.low ?? $0.y, $0.high ?? $0.y] } }.filter(\.isFinite)
            + references.map(\.y)
        // A log axis needs positive values; with none (an all-zero error, an ideal macro) the chart
        // falls back to a linear axis and says so.
        let positive = ys.filter { $0 > 0 }
        let kind: AxisScale.Kind = yKind == .log10 && (yDomain != nil || !positive.isEmpty) ? .log10 : .linear
        if yKind == .log10 && kind == .linear {
            doc.text("no positive values: linear axis", x: width - right - 6, y: top + 14, size: 10, anchor: "end", cssClass: "note")
        }
        var yd = yDomain ?? (kind == .log10 ? (positive.min()!, positive.max()!) : (ys.min() ?? 0, ys.max() ?? 1))
        if kind == .log10 && yDomain == nil {
            let lo = pow(10, floor(log10(yd.0)))
            yd = (lo, pow(10, ceil(log10(max(yd.1, lo * 10)))))
        } else if yd.0 == yd.1 {
            yd = (yd.0 - 1, yd.1 + 1)
        } else if yDomain == nil {
            let pad = 0.05 * (yd.1 - yd.0)
            yd = (yd.0 - pad, yd.1 + pad)
        }
        let xScale = AxisScale(.linear, domain: xDomain, range: (left, left + plotW))
        let yScale = AxisScale(kind, domain: yd, range: (top + plotH, top))
        // Grid and axes.
        for t in yScale.ticks() {
            let y = yScale.position(t)
            doc.line(x1: left, y1: y, x2: left + plotW, y2: y, stroke: "#e3e3e3")
            doc.text(yScale.label(t), x: left - 6, y: y + 4, size: 10, anchor: "end", cssClass: "tick")
        }
        doc.line(x1: left, y1: top + plotH, x2: left + plotW, y2: top + plotH)
        doc.line(x1: left, y1: top, x2: left, y2: top + plotH)
        if let cats = categories {
            let every = max(1, cats.count / 40 + (cats.count % 40 == 0 ? 0 : 1))
            for (i, c) in cats.enumerated() where i % every == 0 {
                let x = xScale.position(Double(i))
                doc.line(x1: x, y1: top + plotH, x2: x, y2: top + plotH + 4)
                doc.text(c, x: x, y: top + plotH + 10, size: 9, anchor: "end", rotate: -60, cssClass: "tick")
            }
        } else {
            for t in xScale.ticks() {
                let x = xScale.position(t)
                doc.line(x1: x, y1: top + plotH, x2: x, y2: top + plotH + 4)
                doc.text(xScale.label(t), x: x, y: top + plotH + 16, size: 10, anchor: "middle", cssClass: "tick")
            }
        }
        doc.text(xLabel, x: left + plotW / 2, y: height - 6, size: 11, anchor: "middle")
        doc.text(yLabel, x: 14, y: top + plotH / 2, size: 11, anchor: "middle", rotate: -90)
        for r in references {
            let y = yScale.position(r.y)
            doc.line(x1: left, y1: y, x2: left + plotW, y2: y, stroke: "#555", width: 1.2, dash: "5 4")
            doc.text(r.label, x: left + 4, y: y - 5, size: 10, anchor: "start", fill: "#333")
        }
        // Series.
        for (k, s) in series.enumerated() {
            let colour = ColourScale.categorical[k % ColourScale.categorical.count]
            let shape = ColourScale.shapes[k % ColourScale.shapes.count]
            let valid = s.points.filter { $0.y.isFinite && (kind == .linear || $0.y > 0) }
            if s.connect {
                doc.polyline(valid.map { (xScale.position($0.x), yScale.position($0.y)) }, stroke: colour,
                             dash: ColourScale.dashes[k % ColourScale.dashes.count])
            }
            for p in valid {
                let x = xScale.position(p.x)
                if let lo = p.low, let hi = p.high, lo.isFinite || hi.isFinite {
                    let y0 = yScale.position(lo.isFinite ? lo : yd.0), y1 = yScale.position(hi.isFinite ? hi : yd.1)
                    doc.line(x1: x, y1: y0, x2: x, y2: y1, stroke: colour, width: 1.4)
                    doc.line(x1: x - 3, y1: y0, x2: x + 3, y2: y0, stroke: colour, width: 1.4)
                    doc.line(x1: x - 3, y1: y1, x2: x + 3, y2: y1, stroke: colour, width: 1.4)
                }
                doc.marker(x: x, y: yScale.position(p.y), shape: shape, fill: colour, size: 3.5, tooltip: p.tooltip)
            }
            // Legend entry.
            let lx = left + Double(k % 3) * (plotW / 3), ly = height + 12 + 18 * Double(k / 3)
            doc.line(x1: lx, y1: ly - 4, x2: lx + 22, y2: ly - 4, stroke: colour, width: 1.5,
                     dash: ColourScale.dashes[k % ColourScale.dashes.count])
            doc.marker(x: lx + 11, y: ly - 4, shape: shape, fill: colour, size: 3.5)
            doc.text(s.name, x: lx + 28, y: ly, size: 11, cssClass: "legend")
        }
        return doc.svg
    }
}
