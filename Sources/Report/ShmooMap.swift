import Foundation

/// A shmoo map: a VDD × (temperature or clock frequency) grid for one macro. Each cell is coloured by
/// a value mapped to [0, 1] on a viridis scale (``ColourScale``) and carries up to two label lines —
/// for the report's maps, the mean degradation and the yield with its interval. Cells the sweep did not
/// visit are grey and labelled "–". The largest row value (hottest, fastest) is at the top; footer rows
/// under the grid give one value per VDD (the digital clock, the analog conversion time).
///
/// Every size comes from ``TextMetrics``: the cell width from the longest label, the drawing's width
/// from the title, grid and colour bar, so no text leaves the drawing.
public struct ShmooMap: Sendable {
    public struct Cell: Sendable {
        public var vdd: Double
        /// The row's value: a temperature (°C) or a clock frequency (MHz).
        public var row: Double
        /// Colour position in [0, 1] (0 dark, 1 light).
        public var shade: Double
        /// Label lines (the first bold).
        public var lines: [String]
        public var tooltip: String
        public init(vdd: Double, row: Double, shade: Double, lines: [String], tooltip: String) {
            self.vdd = vdd; self.row = row; self.shade = shade; self.lines = lines; self.tooltip = tooltip
        }
    }

    /// A row of one value per VDD under the grid ("clock (MHz)": "51", "278", …).
    public struct Footer: Sendable {
        public var name: String
        public var values: [Double: String]
        public init(name: String, values: [Double: String]) { self.name = name; self.values = values }
    }

    /// The colour bar: its caption and labelled positions (shade in [0, 1], text).
    public struct ColourBar: Sendable {
        public var caption: String
        public var ticks: [(shade: Double, label: String)]
        public init(caption: String, ticks: [(shade: Double, label: String)]) { self.caption = caption; self.ticks = ticks }
    }

    public var title: String
    public var vdds: [Double]
    /// Row values, ascending (drawn with the largest at the top).
    public var rows: [Double]
    /// Unit printed after each row value ("°C", "MHz").
    public var rowUnit: String
    public var cells: [Cell]
    public var footers: [Footer]
    public var colourBar: ColourBar

    public init(title: String, vdds: [Double], rows: [Double], rowUnit: String, cells: [Cell], footers: [Footer] = [],
                colourBar: ColourBar)
    {
        self.title = title
        self.vdds = Array(Set(vdds)).sorted()
        self.rows = Array(Set(rows)).sorted()
        self.rowUnit = rowUnit
        self.cells = cells
        self.footers = footers
        self.colourBar = colourBar
    }

    /// The yield label of a cell: "88%" or "100% pass"; "–" when missing.
    public static func label(_ yield: Double?, passYield: Double) -> String {
        guard let y = yield else { return "–" }
        return String(format: "%.0f%%", 100 * y) + (y >= passYield ? " pass" : "")
    }

    /// Degradation (pp) → shade: a symmetric-log scale, 1 at ≤ 0 pp falling through 0.1, 1, 10 to 0 at
    /// 100 pp (1 pp at 0.65, 10 pp at 0.33), so a 0.3 pp loss and a 30 pp loss are both told apart from
    /// their neighbours.
    public static func degradationShade(_ pp: Double) -> Double {
        guard pp.isFinite else { return 0 }
        return 1 - min(1, log10(1 + max(pp, 0) / 0.1) / log10(1 + 100 / 0.1))
    }

    public static let degradationBar = ColourBar(caption: "mean degradation (pp)",
                                                 ticks: [0, 1, 10, 100].map { (degradationShade($0), $0 == 0 ? "0" : String(format: "%g", $0)) })

    public var svg: String { document.svg }

    public var document: SVGDocument {
        let labelSize = 10.0, tickSize = 10.0, titleSize = 13.0
        let widest = cells.flatMap { c in c.lines.enumerated().map { TextMetrics.width($0.element, size: labelSize, bold: $0.offset == 0) } }.max() ?? 30
        let footerWidest = footers.flatMap { $0.values.values.map { TextMetrics.width($0, size: tickSize) } }.max() ?? 0
        let cw = max(56, max(widest, footerWidest) + 12), ch = cells.contains { $0.lines.count > 1 } ? 36.0 : 28.0
        let rowLabels = rows.map { String(format: "%.0f ", $0) + rowUnit } + footers.map(\.name)
        let left = (rowLabels.map { TextMetrics.width($0, size: tickSize) }.max() ?? 30) + 14
        let top = 24.0 + 18
        let gridW = cw * Double(vdds.count), gridH = ch * Double(rows.count)
        let barH = max(gridH, 130)  // tall enough that neighbouring tick labels stay apart
        let barX = left + gridW + 20
        let barLabelW = colourBar.ticks.map { TextMetrics.width($0.label, size: tickSize) }.max() ?? 20
        let gridRight = max(barX + 14 + 4 + barLabelW, barX + TextMetrics.width(colourBar.caption, size: tickSize))
        let width = max(gridRight, 8 + TextMetrics.width(title, size: titleSize, bold: true)) + 10
        let footerH = 16 * Double(footers.count)
        let height = max(top + gridH + 16 + footerH + 22, top + barH + 10)
        var doc = SVGDocument(width: width, height: height, title: title)
        doc.text(title, x: 8, y: 18, size: titleSize, weight: "bold")
        doc.text(colourBar.caption, x: barX, y: top - 8, size: tickSize)
        let lookup = Dictionary(cells.map { ("\($0.vdd)|\($0.row)", $0) }, uniquingKeysWith: { a, _ in a })
        for (r, t) in rows.reversed().enumerated() {
            let y = top + Double(r) * ch
            doc.text(String(format: "%.0f ", t) + rowUnit, x: left - 6, y: y + ch / 2 + 4, size: tickSize, anchor: "end")
            for (col, v) in vdds.enumerated() {
                let x = left + Double(col) * cw
                let cell = lookup["\(v)|\(t)"]
                let fill = cell.map { ColourScale.sequential($0.shade) } ?? "#dddddd"
                doc.rect(x: x, y: y, width: cw - 2, height: ch - 2, fill: fill, stroke: "#ffffff", cssClass: "shmoo-cell",
                         tooltip: cell?.tooltip ?? "not in the sweep")
                let lines = cell?.lines ?? ["–"]
                let first = y + ch / 2 + 4 - 6 * Double(lines.count - 1)
                for (i, l) in lines.enumerated() {
                    doc.text(l, x: x + (cw - 2) / 2, y: first + 12 * Double(i), size: labelSize, anchor: "middle",
                             fill: ColourScale.textColour(on: fill), weight: i == 0 && lines.count > 1 ? "bold" : "normal",
                             cssClass: i == lines.count - 1 ? "shmoo-label" : "shmoo-value")
                }
            }
        }
        let axisY = top + gridH + 14
        for (col, v) in vdds.enumerated() {
            doc.text(String(format: "%.2g V", v), x: left + Double(col) * cw + cw / 2, y: axisY, size: tickSize, anchor: "middle")
        }
        for (k, f) in footers.enumerated() {
            let y = axisY + 16 * Double(k + 1)
            doc.text(f.name, x: left - 6, y: y, size: tickSize, anchor: "end", fill: "#444")
            for (col, v) in vdds.enumerated() {
                doc.text(f.values[v] ?? "–", x: left + Double(col) * cw + cw / 2, y: y, size: tickSize, anchor: "middle",
                         fill: "#444", cssClass: "shmoo-footer")
            }
        }
        doc.text("VDD", x: left + gridW / 2, y: axisY + 16 * Double(footers.count) + 18, size: 11, anchor: "middle")
        // Colour bar, light (1) at the top.
        for i in 0..<40 {
            doc.rect(x: barX, y: top + Double(i) * barH / 40, width: 14, height: barH / 40 + 0.5,
                     fill: ColourScale.sequential(1 - (Double(i) + 0.5) / 40))
        }
        for t in colourBar.ticks {
            let y = top + (1 - t.shade) * barH
            doc.line(x1: barX + 14, y1: y, x2: barX + 17, y2: y)
            doc.text(t.label, x: barX + 19, y: min(max(y + 4, top + 8), top + barH + 4), size: tickSize)
        }
        return doc
    }
}
