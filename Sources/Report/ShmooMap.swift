import Foundation

/// A shmoo map: a VDD × (temperature or clock frequency) grid for one macro, each cell coloured by
/// yield (viridis, 0 → dark, 100 % → yellow) and labelled with the yield in per cent and "pass" when
/// it meets the target. Cells the sweep did not visit are grey and labelled "–". The largest row value
/// (hottest, fastest) is at the top.
public struct ShmooMap: Sendable {
    public struct Cell: Sendable {
        public var vdd: Double
        /// The row's value: a temperature (°C) or a clock frequency (MHz).
        public var row: Double
        public var yield: Double
        public var tooltip: String
        public init(vdd: Double, row: Double, yield: Double, tooltip: String) {
            self.vdd = vdd; self.row = row; self.yield = yield; self.tooltip = tooltip
        }
        public init(vdd: Double, temperatureC: Double, yield: Double, tooltip: String) {
            self.init(vdd: vdd, row: temperatureC, yield: yield, tooltip: tooltip)
        }
    }

    public var title: String
    public var vdds: [Double]
    /// Row values, ascending (drawn with the largest at the top).
    public var rows: [Double]
    /// Unit printed after each row value ("°C", "MHz").
    public var rowUnit: String
    public var cells: [Cell]
    /// A cell "passes" when its yield is at least this (for the label).
    public var passYield: Double
    /// What the colour encodes (the colour bar's caption).
    public var quantity: String

    public init(title: String, vdds: [Double], temperatures: [Double], cells: [Cell], passYield: Double) {
        self.init(title: title, vdds: vdds, rows: temperatures, rowUnit: "°C", cells: cells, passYield: passYield)
    }

    public init(title: String, vdds: [Double], rows: [Double], rowUnit: String, cells: [Cell], passYield: Double,
                quantity: String = "yield")
    {
        self.title = title
        self.vdds = vdds.sorted()
        self.rows = rows.sorted()
        self.rowUnit = rowUnit
        self.cells = cells
        self.passYield = passYield
        self.quantity = quantity
    }

    /// The label a cell shows: "88%" or "100% pass"; "–" when missing.
    public static func label(_ yield: Double?, passYield: Double) -> String {
        guard let y = yield else { return "–" }
        return String(format: "%.0f%%", 100 * y) + (y >= passYield ? " pass" : "")
    }

    public var svg: String {
        let cw = 62.0, ch = 30.0, left = 64.0, top = 30.0
        let width = left + cw * Double(vdds.count) + 110, height = top + ch * Double(rows.count) + 46
        var doc = SVGDocument(width: width, height: height, title: title)
        doc.text(title, x: 8, y: 18, size: 13, weight: "bold")
        let lookup = Dictionary(cells.map { ("\($0.vdd)|\($0.row)", $0) }, uniquingKeysWith: { a, _ in a })
        // Largest at the top, as a shmoo plot's y axis grows upwards.
        for (row, t) in rows.reversed().enumerated() {
            let y = top + Double(row) * ch
            doc.text(String(format: "%.0f ", t) + rowUnit, x: left - 6, y: y + ch / 2 + 4, size: 10, anchor: "end")
            for (col, v) in vdds.enumerated() {
                let x = left + Double(col) * cw
                let cell = lookup["\(v)|\(t)"]
                let fill = cell.map { ColourScale.sequential($0.yield) } ?? "#dddddd"
                doc.rect(x: x, y: y, width: cw - 2, height: ch - 2, fill: fill, stroke: "#ffffff", cssClass: "shmoo-cell",
                         tooltip: cell?.tooltip ?? "not in the sweep")
                doc.text(Self.label(cell?.yield, passYield: passYield), x: x + (cw - 2) / 2, y: y + ch / 2 + 3, size: 10,
                         anchor: "middle", fill: ColourScale.textColour(on: fill), cssClass: "shmoo-label")
            }
        }
        for (col, v) in vdds.enumerated() {
            doc.text(String(format: "%.2g V", v), x: left + Double(col) * cw + cw / 2, y: top + ch * Double(rows.count) + 14,
                     size: 10, anchor: "middle")
        }
        doc.text("VDD", x: left + cw * Double(vdds.count) / 2, y: height - 8, size: 11, anchor: "middle")
        // Colour bar.
        let bx = left + cw * Double(vdds.count) + 24, bh = ch * Double(rows.count)
        for i in 0..<20 {
            let t = 1 - Double(i) / 20
            doc.rect(x: bx, y: top + Double(i) * bh / 20, width: 14, height: bh / 20 + 0.5, fill: ColourScale.sequential(t))
        }
        doc.text("100%", x: bx + 18, y: top + 8, size: 10)
        doc.text("0%", x: bx + 18, y: top + bh, size: 10)
        doc.text(quantity, x: bx, y: top - 6, size: 10)
        return doc.svg
    }
}
