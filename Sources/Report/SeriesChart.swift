import Foundation

/// A chart of one or more series over a categorical or numeric x axis, with optional intervals,
/// reference lines and a legend; y linear, logarithmic or symmetric-log. Series differ in colour and
/// marker shape (and dash pattern when connected; ``ColourScale``), so up to 12 stay apart, in
/// greyscale too.
///
/// Layout from ``TextMetrics``: margins from the widest tick label, the drawing at least as wide as
/// its title, every category labelled — a long category axis wraps into stacked panels (at most
/// ``maxPanelWidth`` of plot each) instead of growing sideways — and a legend that flows into as many
/// rows as its entries need, reference lines included (so their labels never sit on data).
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
    /// x kind for a numeric axis.
    public var xKind: AxisScale.Kind = .linear
    public var series: [Series]
    public var references: [ReferenceLine] = []
    /// Plot area per panel, px.
    public var plotHeight: Double = 200
    public var plotWidth: Double = 640
    /// Notes printed under the title (for example "too few dies for an interval").
    public var notes: [String] = []
    public static let maxPanelWidth = 880.0
    /// Width of one category, px.
    public static let slot = 16.0

    public init(title: String, xLabel: String, yLabel: String, categories: [String]? = nil, series: [Series]) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel; self.categories = categories; self.series = series
    }

    public var svg: String { document.svg }

    /// The legend's entries: every series, then every reference line.
    public var legendNames: [String] { series.map(\.name) + references.map(\.label) }

    public var document: SVGDocument {
        let tick = 10.0, catSize = 9.0, titleSize = 13.0
        // y domain
        let ys = series.flatMap { $0.points.flatMap { [$0.y, $0.low ?? $0.y, $0.high ?? $0.y] } }.filter(\.isFinite)
            + references.map(\.y)
        let positive = ys.filter { $0 > 0 }
        let kind: AxisScale.Kind = yKind == .log10 && (yDomain != nil || !positive.isEmpty) ? .log10 : (yKind == .log10 ? .linear : yKind)
        var notes = self.notes
        if yKind == .log10 && kind == .linear { notes.append("no positive values: linear axis") }
        var yd = yDomain ?? (kind == .log10 ? (positive.min()!, positive.max()!) : (ys.min() ?? 0, ys.max() ?? 1))
        if kind == .log10 && yDomain == nil {
            let lo = pow(10, floor(log10(yd.0)))
            yd = (lo, pow(10, ceil(log10(max(yd.1, lo * 10)))))
        } else if yd.0 == yd.1 {
            yd = (yd.0 - 1, yd.1 + 1)
        } else if yDomain == nil && kind == .linear {
            let pad = 0.05 * (yd.1 - yd.0)
            yd = (yd.0 - pad, yd.1 + pad)
        } else if yDomain == nil && kind == .symlog {
            yd = (min(yd.0, -1), max(yd.1, 1))
        }
        let probe = AxisScale(kind, domain: yd, range: (1, 0))
        let yTicks = probe.ticks()
        let left = (yTicks.map { TextMetrics.width(probe.label($0), size: tick) }.max() ?? 20) + 30
        let right = 16.0
        // panels
        let cats = categories ?? []
        let perPanel = categories == nil ? 1 : max(1, Int(Self.maxPanelWidth / Self.slot))
        let panels = categories == nil ? 1 : max(1, (cats.count + perPanel - 1) / perPanel)
        let panelCats = categories == nil ? 0 : min(cats.count, perPanel)
        let plotW = categories == nil ? plotWidth : max(Double(panelCats) * Self.slot, 240)
        let longest = cats.map { TextMetrics.width($0, size: catSize) }.max() ?? 0
        let xAxisH = categories == nil ? 30.0 : longest * sin(Double.pi / 3) + 14
        let titleW = TextMetrics.width(title, size: titleSize, bold: true)
        // legend entries flow into rows
        let entries = legendNames
        let entryW = entries.map { 34 + TextMetrics.width($0, size: 11) + 16 }
        var width = max(left + plotW + right, 16 + titleW, left + (entryW.max() ?? 0))
        width = max(width, (notes.map { 16 + TextMetrics.width($0, size: 10) }.max() ?? 0))
        let rowsOfLegend = TextMetrics.flow(entryW, left: left, width: width)
        let top = 28.0 + 14 * Double(notes.count) + 8
        let panelH = plotHeight + xAxisH + 8
        let legendTop = top + Double(panels) * panelH + 18
        let height = legendTop + 18 * Double(rowsOfLegend.count) + 6
        var doc = SVGDocument(width: width, height: height, title: title)
        doc.text(title, x: 8, y: 18, size: titleSize, weight: "bold")
        for (i, n) in notes.enumerated() { doc.text(n, x: 8, y: 34 + 14 * Double(i), size: 10, fill: "#555", cssClass: "note") }
        let xs = series.flatMap { $0.points.map(\.x) }
        for p in 0..<panels {
            let py = top + Double(p) * panelH
            let lo = p * perPanel, hi = categories == nil ? 0 : min(cats.count, lo + perPanel)
            let positiveX = xs.filter { $0 > 0 && $0.isFinite }
            let xDomain: (Double, Double) = categories != nil ? (Double(lo) - 0.5, Double(lo + panelCats) - 0.5)
                : xKind == .log10 && !positiveX.isEmpty
                ? (pow(10, floor(log10(positiveX.min()!))), pow(10, max(ceil(log10(positiveX.max()!)), floor(log10(positiveX.min()!)) + 1)))
                : ((xs.min() ?? 0) == (xs.max() ?? 1) ? ((xs.min() ?? 0) - 1, (xs.max() ?? 1) + 1) : (xs.min()!, xs.max()!))
            let xScale = AxisScale(categories == nil && xKind == .log10 && !positiveX.isEmpty ? .log10 : .linear, domain: xDomain,
                                   range: (left, left + plotW))
            let yScale = AxisScale(kind, domain: yd, range: (py + plotHeight, py))
            for t in yTicks {
                let y = yScale.position(t)
                doc.line(x1: left, y1: y, x2: left + plotW, y2: y, stroke: t == 0 && kind == .symlog ? "#999" : "#e3e3e3")
                doc.text(yScale.label(t), x: left - 6, y: y + 4, size: tick, anchor: "end", cssClass: "tick")
            }
            doc.line(x1: left, y1: py + plotHeight, x2: left + plotW, y2: py + plotHeight)
            doc.line(x1: left, y1: py, x2: left, y2: py + plotHeight)
            doc.text(yLabel, x: 14, y: py + plotHeight / 2, size: 11, anchor: "middle", rotate: -90)
            if categories != nil {
                for i in lo..<hi {
                    let x = xScale.position(Double(i))
                    doc.line(x1: x, y1: py + plotHeight, x2: x, y2: py + plotHeight + 4)
                    doc.text(cats[i], x: x + 3, y: py + plotHeight + 10, size: catSize, anchor: "end", rotate: -60, cssClass: "tick")
                }
            } else {
                for t in xScale.ticks() {
                    let x = xScale.position(t)
                    doc.line(x1: x, y1: py + plotHeight, x2: x, y2: py + plotHeight + 4)
                    doc.text(xScale.label(t), x: x, y: py + plotHeight + 16, size: tick, anchor: "middle", cssClass: "tick")
                }
                doc.text(xLabel, x: left + plotW / 2, y: py + plotHeight + xAxisH, size: 11, anchor: "middle")
            }
            for r in references {
                let y = yScale.position(r.y)
                doc.line(x1: left, y1: y, x2: left + plotW, y2: y, stroke: "#555", width: 1.2, dash: "5 4")
            }
            for (k, s) in series.enumerated() {
                let style = ColourScale.style(k)
                let valid = s.points.filter { $0.y.isFinite && (kind != .log10 || $0.y > 0)
                    && (categories == nil || (Int($0.x) >= lo && Int($0.x) < hi)) }
                if s.connect {
                    doc.polyline(valid.map { (xScale.position($0.x), yScale.position($0.y)) }, stroke: style.colour, dash: style.dash)
                }
                for pt in valid {
                    let x = xScale.position(pt.x)
                    if let l = pt.low, let h = pt.high, l.isFinite || h.isFinite {
                        let y0 = yScale.position(l.isFinite ? l : yd.0), y1 = yScale.position(h.isFinite ? h : yd.1)
                        doc.line(x1: x, y1: y0, x2: x, y2: y1, stroke: style.colour, width: 1.4)
                        doc.line(x1: x - 3, y1: y0, x2: x + 3, y2: y0, stroke: style.colour, width: 1.4)
                        doc.line(x1: x - 3, y1: y1, x2: x + 3, y2: y1, stroke: style.colour, width: 1.4)
                    }
                    doc.marker(x: x, y: yScale.position(pt.y), shape: style.shape, fill: style.colour, size: 3.5, tooltip: pt.tooltip)
                }
            }
        }
        if categories != nil { doc.text(xLabel, x: left + plotW / 2, y: legendTop - 4, size: 11, anchor: "middle") }
        for (r, entriesInRow) in rowsOfLegend.enumerated() {
            var lx = left
            let ly = legendTop + 14 + 18 * Double(r)
            for i in entriesInRow {
                if i < series.count {
                    let style = ColourScale.style(i)
                    doc.line(x1: lx, y1: ly - 4, x2: lx + 26, y2: ly - 4, stroke: style.colour, width: 1.5, dash: style.dash)
                    doc.marker(x: lx + 13, y: ly - 4, shape: style.shape, fill: style.colour, size: 3.5)
                } else {
                    doc.line(x1: lx, y1: ly - 4, x2: lx + 26, y2: ly - 4, stroke: "#555", width: 1.2, dash: "5 4")
                }
                doc.text(entries[i], x: lx + 32, y: ly, size: 11, cssClass: "legend")
                lx += entryW[i]
            }
        }
        return doc
    }
}
