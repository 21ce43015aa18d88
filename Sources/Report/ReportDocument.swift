import Analysis
import Foundation
import Variation

/// The report of a complete sweep: `report.html` (self-contained: inline SVG and CSS, no scripts, no
/// fonts or files fetched) and `report.md` (the same findings as tables, charts as SVG files beside
/// it). Sections in docs/reports.md.
public struct ReportDocument: Sendable {
    public let input: ReportInput
    public let charts: [ReportCharts.Chart]

    public init(_ input: ReportInput) {
        self.input = input
        charts = ReportCharts.build(input)
    }

    var s: SweepSummary { input.summary }

    static func pct(_ x: Double) -> String { x.isFinite ? String(format: "%.0f %%", 100 * x) : "–" }
    static func pp(_ x: Double) -> String { x.isFinite ? String(format: "%.2f", x) : "–" }
    static func sci(_ x: Double) -> String { x > 0 ? String(format: "%.2e", x) : "0" }

    /// Lowest VDD at each temperature from which every process corner of the sweep passes (yield ≥
    /// ReportCharts.passYield) at that VDD and every higher one visited; nil when no VDD does.
    public func lowestPassingVDD(macro: String) -> [(temperatureC: Double, vdd: Double?)] {
        let cells = s.cells.filter { $0.macro == macro }
        let temps = Array(Set(s.corners.map(\.temperatureC))).sorted()
        return temps.map { t in
            let vdds = Array(Set(s.corners.filter { $0.temperatureC == t }.map(\.vdd))).sorted()
            func passes(_ v: Double) -> Bool {
                let here = cells.filter { $0.corner.temperatureC == t && $0.corner.vdd == v }
                return !here.isEmpty && here.allSatisfy { $0.yield.estimate >= ReportCharts.passYield }
            }
            var lowest: Double? = nil
            for v in vdds.reversed() { if passes(v) { lowest = v } else { break } }
            return (t, lowest)
        }
    }

    /// The corner cost is quoted at: TT (or the sweep's reference process) nearest 0.9 V and 27 °C.
    public var referenceCorner: Corner? {
        let p = ReportCharts.referenceProcess(s)
        return s.corners.filter { $0.process == p }.min {
            (abs($0.vdd - 0.9), abs($0.temperatureC - 27)) < (abs($1.vdd - 0.9), abs($1.temperatureC - 27))
        }
    }

    /// Headline lines: one per macro (where it fails and by how much, what it costs at the reference
    /// corner, its chip-level yield, lowest passing VDD and clock or conversion time), one per compared
    /// pair (the paired difference at the reference corner and where it is resolved), and the bitcell's
    /// lowest VDD.
    public var headline: [String] {
        let ref = referenceCorner
        var lines = s.macros.map { m -> String in
            let mine = s.cells.filter { $0.macro == m }
            let failing = mine.filter { $0.yield.estimate < ReportCharts.passYield }.sorted { $0.degradation.mean > $1.degradation.mean }
            let worst = mine.max { $0.degradation.mean < $1.degradation.mean }
            let meanAll = mine.map(\.degradation.mean).reduce(0, +) / Double(max(mine.count, 1))
            var line = "**\(m)**: "
            line += failing.isEmpty ? "passes at all \(mine.count) corners" : "fails at \(failing.count) of \(mine.count) corners ("
                + failing.prefix(4).map { "\($0.corner.label) \(Self.pp($0.degradation.mean)) pp" }.joined(separator: ", ")
                + (failing.count > 4 ? ", …" : "") + ")"
            line += "; mean degradation \(Self.pp(meanAll)) pp over the corners"
            if let w = worst { line += ", worst \(Self.pp(w.degradation.mean)) pp at \(w.corner.label)" }
            let diverged = mine.reduce(0) { $0 + $1.diverged }
            if diverged > 0 { line += "; ⚠ \(diverged) trials diverged" }
            if let ref, let c = mine.first(where: { $0.corner == ref }), let e = c.topsPerWMean {
                line += String(format: ". Cost at %@: %.3g TOPS/W, %.3g GOPS", ref.label, e, c.gopsMean ?? .nan)
                    + (c.clockMHzMin.map { String(format: " at %.0f MHz", $0) } ?? "")
                    + (c.conversionNSMax.map { String(format: ", %.3g ns per conversion", $0) } ?? "")
            }
            if let y = s.overallYield[m] {
                line += ". \(y.successes) of \(y.trials) dies within spec at every corner of their process = \(Self.pct(y.estimate)) [\(Self.pct(y.low)), \(Self.pct(y.high))]"
            }
            let vmin = lowestPassingVDD(macro: m).map { t, v in
                String(format: "%.0f °C: ", t) + (v.map { String(format: "%.2g V", $0) } ?? "none")
            }.joined(separator: ", ")
            return line + "; lowest passing VDD — \(vmin)." + clockLine(m) + conversionLine(m)
        }
        for pair in s.pairs {
            let mine = s.paired.filter { $0.first == pair[0] && $0.second == pair[1] }
            guard !mine.isEmpty else { continue }
            let resolved = mine.filter { ($0.low ?? -.infinity) > 0 }.count, reversed = mine.filter { ($0.high ?? .infinity) < 0 }.count
            var line = "**\(pair[0]) − \(pair[1])** on the same dies, each at its own clock: "
            if let ref, let p = mine.first(where: { $0.corner == ref }) {
                line += "\(Self.pp(p.mean)) pp at \(ref.label) " + (p.low.map { "[\(Self.pp($0)), \(Self.pp(p.high!))]" } ?? "(too few dies for an interval)") + "; "
            }
            line += "\(pair[0]) loses more at \(resolved) of \(mine.count) corners (interval above 0)"
            line += reversed > 0 ? ", \(pair[1]) at \(reversed)" : ", \(pair[1]) at none"
            if mine.allSatisfy({ $0.low == nil }) { line += "; fewer than \(PairedDifference.minimumPairs) dies per corner: no intervals" }
            lines.append(line + ".")
        }
        if let b = bitcellVmin { lines.append(b) }
        return lines
    }

    /// "Bitcell (32 Kb at 99 %): lowest VDD with every temperature passing — TT 0.6 V, SS 0.7 V, …", or nil.
    var bitcellVmin: String? {
        guard let first = input.bitcell.first else { return nil }
        let byProcess = Dictionary(grouping: input.bitcell, by: \.corner.process)
        let parts = ProcessCorner.allCases.compactMap { p -> String? in
            guard let rows = byProcess[p] else { return nil }
            let vdds = Array(Set(rows.map(\.corner.vdd))).sorted()
            var lowest: Double? = nil
            for v in vdds.reversed() {
                if rows.filter({ $0.corner.vdd == v }).allSatisfy({ $0.macroYield.estimate >= 0.99 }) { lowest = v } else { break }
            }
            return "\(p.rawValue) " + (lowest.map { String(format: "%.2g V", $0) } ?? "none")
        }
        return "**Bitcell** (\(first.cells / 1024) Kb macro at 99 % yield, every temperature, analytic margin model): lowest VDD — " + parts.joined(separator: ", ") + "."
    }

    /// The slowest die's value at each VDD of a macro's cells that have one — `slowest` picks it from the
    /// cells at a VDD — as "<value> at <VDD> V, …" with `format` for the value; nil when no cell has one.
    func perVDD(_ m: String, _ value: (CornerSummary) -> Double?, slowest: ([Double]) -> Double, format: String)
        -> (text: String, cells: [CornerSummary])?
    {
        let cells = s.cells.filter { $0.macro == m && value($0) != nil }
        guard !cells.isEmpty else { return nil }
        let vdds = Array(Set(cells.map(\.corner.vdd))).sorted()
        let parts = vdds.map { v in
            String(format: format + " at %.2g V", slowest(cells.filter { $0.corner.vdd == v }.compactMap(value)), v)
        }
        return (parts.joined(separator: ", "), cells)
    }

    /// " Conversion (slowest die): 37.2 ns at 0.6 V, …; ADC clip rate ≤ 0.1 %." for an analog macro (the
    /// slowest die's time per conversion at each VDD); "" otherwise.
    func conversionLine(_ m: String) -> String {
        guard let (text, cells) = perVDD(m, \.conversionNSMax, slowest: { $0.max()! }, format: "%.3g ns") else { return "" }
        let clips = cells.compactMap(\.adcClipRateMean).max() ?? 0
        return " Conversion (slowest die): " + text + String(format: "; ADC clip rate at most %.2g %% (corner mean).", 100 * clips)
    }

    /// " Clock: 51 MHz at 0.6 V, …" for a digital macro (the slowest die's clock at each VDD); "" otherwise.
    func clockLine(_ m: String) -> String {
        guard let (text, cells) = perVDD(m, \.clockMHzMin, slowest: { $0.min()! }, format: "%.0f MHz") else { return "" }
        let clean = cells.reduce(0) { $0 + $1.timingCleanDies }, total = cells.reduce(0) { $0 + $1.count }
        return " Clock (slowest die): " + text + "; \(clean) of \(total) trials free of timing errors."
    }

    /// Rows of one macro's corner table: degradation, yield, diverged dies, then efficiency and
    /// throughput, then the digital clock and timing-failing dies or the analog conversion time and
    /// ADC clip rate; the last column is "pass" or "fail".
    public func cornerRows(_ m: String) -> [[String]] {
        let (cost, digital, analog) = optionalColumns(m)
        return s.cells.filter { $0.macro == m }.map { c in
            var row = [c.corner.label, "\(c.count)", Self.pp(c.degradation.mean), Self.pp(c.degradation.quantile(0.95)),
                       "\(Self.pct(c.yield.estimate)) [\(Self.pct(c.yield.low)), \(Self.pct(c.yield.high))]",
                       c.diverged > 0 ? "\(c.diverged) ⚠" : "0"]
            if cost {
                row += [c.topsPerWMean.map { String(format: "%.3g", $0) } ?? "–", c.gopsMean.map { String(format: "%.3g", $0) } ?? "–"]
            }
            if digital {
                let mean = c.clockMHzMean ?? .nan, low = c.clockMHzMin ?? .nan
                row += [mean == low ? String(format: "%.0f", mean) : String(format: "%.0f (min %.0f)", mean, low),
                        "\(c.count - c.timingCleanDies)"]
            }
            if analog {
                row += [c.conversionNSMax.map { String(format: "%.3g", $0) } ?? "–",
                        c.adcClipRateMean.map { String(format: "%.2g %%", 100 * $0) } ?? "–"]
            }
            return row + [c.yield.estimate >= ReportCharts.passYield ? "pass" : "fail"]
        }
    }

    /// Which optional column groups macro `m`'s corner table has: cost (TOPS/W, GOPS), the digital
    /// clock, the analog conversion.
    func optionalColumns(_ m: String) -> (cost: Bool, digital: Bool, analog: Bool) {
        let mine = s.cells.filter { $0.macro == m }
        return (mine.contains { $0.topsPerWMean != nil }, mine.contains { $0.clockMHzMean != nil }, mine.contains { $0.conversionNSMax != nil })
    }

    /// The corner table's header for a macro.
    public func cornerHeader(_ m: String) -> [String] {
        let (cost, digital, analog) = optionalColumns(m)
        return ["corner", "dies", "mean degradation (pp)", "p95 degradation (pp)", "yield [interval]", "diverged"]
            + (cost ? ["TOPS/W", "GOPS"] : [])
            + (digital ? ["clock (MHz)", "dies with timing errors"] : [])
            + (analog ? ["conversion (ns, slowest die)", "ADC clip rate"] : []) + [""]
    }

    /// Rows of a failing-corner or failing-die table shown before the fold.
    static let unfoldedRows = 10

    static let pairedHeader = ["pair", "corner", "dies", "mean difference (pp)", "interval (pp)"]

    var pairedRows: [[String]] {
        s.paired.map { p in
            ["\(p.first) − \(p.second)", p.corner.label, "\(p.pairs)", Self.pp(p.mean),
             p.low.map { "[\(Self.pp($0)), \(Self.pp(p.high!))]" } ?? "too few dies"]
        }
    }

    var bitcellRows: [[String]] {
        input.bitcell.map { b in
            let y = b.macroYield
            return [b.corner.label, Self.sci(b.hold), Self.sci(b.read), Self.sci(b.write), b.worstMargin,
                    "\(Self.sci(b.estimate.pFail)) [\(Self.sci(b.estimate.ciLow)), \(Self.sci(b.estimate.ciHigh))]",
                    "\(Self.pct(y.estimate)) [\(Self.pct(y.low)), \(Self.pct(y.high))]"]
        }
    }

    static let bitcellHeader = ["corner", "p hold", "p read", "p write", "worst", "p worst (IS) [95 %]", "32 Kb yield [interval]"]

    var metadata: [(String, String)] {
        [("sweep", input.sweepName)] + input.setup + [("sweep file", input.sweepFile), ("seed", "\(input.seed)"), ("cimpvt", input.version),
         ("spec hash", input.specHash), ("started", input.started), ("trials", "\(input.trials)"),
         ("corners × macros", "\(s.corners.count) × \(s.macros.count)"),
         ("wall time", input.wallSeconds.map { String(format: "%.0f s (start to last trial)", $0) } ?? "–"),
         ("compute", String(format: "%.0f s of trial time on %d host(s)", input.cpuSeconds, input.hosts)),
         ("yield criterion", String(format: "degradation ≤ %.2g pp", s.criterion.thresholdPP)
            + (s.criterion.relativeToNoise ? " (the training-noise band's upper edge)" : "")
            + String(format: "; %.0f %% ", 100 * s.criterion.confidence) + s.criterion.interval.rawValue + " interval"),
         ("training noise", s.noise.map { n in
             String(format: "sd %.2f pp over %d FP32 runs with other data orders", n.sdPP, n.runs)
                 + (n.band.map { String(format: ", %.0f %% band [%.2f, %.2f] pp", 100 * n.confidence, $0.low, $0.high) } ?? "")
                 + String(format: "; one test image = %.2f pp", n.imagePP)
         } ?? "not measured (noise_runs = 0)")]
    }

    static let howToRead = [
        "Degradation is the FP32 baseline's test accuracy minus the die's, in percentage points (positive = lost). A die passes when it loses at most the criterion; a corner's yield is the share of its dies that pass.",
        "A shmoo map shows one process corner: columns are supply voltages, rows temperatures (hottest on top). Each cell is coloured by yield — dark purple 0 %, yellow 100 % (viridis, which keeps its order in greyscale) — and labelled with the yield; \"pass\" marks cells at or above 90 %. Grey cells were not in the sweep.",
        "The paired difference compares two macros on the same dies (common random numbers), so its interval is much narrower than the two yields' intervals suggest; every analog macro is compared with every digital one. An interval above zero means the first macro (analog) loses more on this silicon. Its axis is symmetric-log, so a 0.3 pp and an 85 pp difference both read.",
        "Cost against robustness places each corner at its efficiency (TOPS/W, each macro at its own clock or conversion rate) and its mean degradation: a macro that is both cheaper and as robust dominates there.",
        "Box plots show how accuracy spreads over dies: a tall box means die-to-die variation matters at that corner, a low whisker a single bad die.",
    ]

    var caveats: [String] {
        let n = s.cells.map(\.count).min() ?? 0
        let noise = s.criterion.relativeToNoise ? [] : (s.noise?.cautions(maxDegradationPP: s.criterion.maxDegradationPP) ?? [])
            .map { "Training noise: \($0). Set [yield] relative_to_noise = true to judge dies against the noise band." }
        let most = s.cells.map(\.count).max() ?? 0
        let adaptive = most > n ? ["Dies per corner range from \(n) to \(most): with adaptive die counts each corner ran dies until its yield interval's half-width reached the target or the die limit, so the corners whose yield is least certain hold the most dies."] : []
        return noise + adaptive + temperatureInversion + [
            "With \(n) dies\(most > n ? " (the fewest any corner has)" : "") per corner, a corner where every die passes has a \(Int(100 * s.criterion.confidence)) % yield interval of [\(Self.pct(BinomialInterval(successes: n, trials: n, confidence: s.criterion.confidence, method: s.criterion.interval).low)), 100 %]: zero failures in n dies bound the failure rate only to about 3/n. Yield statements near 99 % need hundreds of dies per corner.",
            "Intervals are per corner; across 75 corners some intervals will miss their true value by chance (about 1 in 20 at 95 %).",
            "The bitcell section is a separate, analytic-model estimate: per-cell failure probabilities at the process-corner centre from the linear margin model (MODELS §6). Plain Monte Carlo needs ≈ 100/p samples for 10 % relative error, so p ≈ 3e-7 (a 32 Kb macro at 99 %) is estimated by mean-shift importance sampling and checked against the analytic value.",
            "Degradation reflects this workload (network, data, epochs) and the models' estimated defaults (docs/models.md); it is a comparison under stated assumptions, not a silicon measurement.",
        ]
    }

    /// Cells that pass at a lower VDD and fail at a higher one at the same process and temperature:
    /// explained as temperature inversion rather than left looking like a bug.
    var temperatureInversion: [String] {
        var found = [String]()
        for m in s.macros {
            let mine = s.cells.filter { $0.macro == m }
            for (key, g) in Dictionary(grouping: mine, by: { "\($0.corner.process.rawValue) \(Int($0.corner.temperatureC))" }).sorted(by: { $0.key < $1.key }) {
                let byV = g.sorted { $0.corner.vdd < $1.corner.vdd }
                if let lowPass = byV.first(where: { $0.yield.estimate >= ReportCharts.passYield }),
                   let highFail = byV.last(where: { $0.yield.estimate < ReportCharts.passYield && $0.corner.vdd > lowPass.corner.vdd }) {
                    found.append("\(m) at \(key) °C passes at \(String(format: "%.2g", lowPass.corner.vdd)) V but fails at \(String(format: "%.2g", highFail.corner.vdd)) V")
                }
            }
        }
        guard !found.isEmpty else { return [] }
        return ["Not monotone in VDD: " + found.prefix(4).joined(separator: "; ") + (found.count > 4 ? "; …" : "")
            + ". Hot, this can be temperature inversion: below the zero-temperature-coefficient point heat speeds transistors up (Vth falls faster than mobility), above it heat slows them, so a hot die can work at a low VDD and fail at a higher one (docs/models.md). With few dies per corner it can also be sampling noise: compare the two yields' intervals."]
    }

    /// The shmoo maps of one macro, by exact file name (a macro's name may be the prefix of another's).
    func shmooCharts(_ m: String) -> [ReportCharts.Chart] {
        ProcessCorner.allCases.compactMap { p in charts.first { $0.file == "shmoo-\(m)-\(p.rawValue).svg" } }
    }

    // MARK: HTML

    static func htmlTable(_ header: [String], _ rows: [[String]], passColumn: Int? = nil) -> String {
        var o = "<table><thead><tr>" + header.map { "<th>\(SVGDocument.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for r in rows {
            let cls = passColumn.map { r[$0] == "pass" ? " class=\"pass\"" : r[$0] == "fail" ? " class=\"fail\"" : "" } ?? ""
            o += "<tr\(cls)>" + r.map { "<td>\(SVGDocument.escape($0))</td>" }.joined() + "</tr>"
        }
        return o + "</tbody></table>"
    }

    /// One process's die × corner matrix of a macro: a row per die (its index, its pass count, a cell per
    /// corner of the process in sweep order).
    public struct DieTable: Sendable {
        public struct Cell: Sendable { public let text: String, pass: Bool }
        public struct Row: Sendable { public let die: String, summary: String, cells: [Cell] }
        public let header: [String]
        public let rows: [Row]
    }

    /// The die tables of macro `m`, one per process it was measured at, in ``ProcessCorner`` order.
    public func dieTables(_ m: String) -> [(ProcessCorner, DieTable)] {
        let records = s.dies[m] ?? []
        return ProcessCorner.allCases.compactMap { p in
            let mine = records.filter { $0.process == p }
            guard !mine.isEmpty else { return nil }
            let corners = s.corners.filter { $0.process == p }
            let header = ["die", "passes"] + corners.map { "\(formatVolts($0.vdd)) V \(formatCelsius($0.temperatureC)) °C" }
            let rows = mine.map { d in
                DieTable.Row(die: "\(d.index)", summary: "\(d.passingCorners)/\(d.corners)", cells: corners.map { c in
                    guard let x = d.degradationPP[c.label] else { return .init(text: "–", pass: true) }
                    return .init(text: String(format: "%.2f", x) + (d.divergedCorners.contains(c.label) ? " ⚠" : ""),
                                 pass: s.criterion.passes(degradationPP: x))
                })
            }
            return (p, DieTable(header: header, rows: rows))
        }
    }

    static func dieHTML(_ header: [String], _ rows: [DieTable.Row]) -> String {
        var o = "<table><thead><tr>" + header.map { "<th>\(SVGDocument.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for r in rows {
            o += "<tr><td>\(r.die)</td><td>\(r.summary)</td>" + r.cells.map { "<td\($0.pass ? "" : " class=\"f\"")>\($0.text)</td>" }.joined() + "</tr>"
        }
        return o + "</tbody></table>"
    }

    static func inline(_ md: String) -> String {
        // **bold** only.
        var out = "", bold = false
        var rest = Substring(SVGDocument.escape(md))
        while let r = rest.range(of: "**") {
            out += rest[..<r.lowerBound] + (bold ? "</strong>" : "<strong>")
            bold.toggle()
            rest = rest[r.upperBound...]
        }
        return out + rest + (bold ? "</strong>" : "")
    }

    public var html: String {
        let chart = { (prefix: String) in self.charts.filter { $0.file.hasPrefix(prefix) } }
        var o = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>cimpvt report — \(SVGDocument.escape(input.sweepName))</title>
            <style>
            body{font-family:sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;color:#111;line-height:1.45}
            h1{font-size:1.6em}h2{margin-top:1.8em;border-bottom:1px solid #ccc}
            table{border-collapse:collapse;margin:8px 0 16px;font-size:0.9em}
            th,td{border:1px solid #bbb;padding:3px 8px;text-align:right}table.meta td,table.meta th{text-align:left}th{background:#eee}td:first-child{text-align:left}
            tr.pass td:last-child{background:\(ColourScale.pass)}tr.fail td:last-child{background:\(ColourScale.fail);font-weight:bold}
            td.f{background:\(ColourScale.fail);font-weight:bold}
            .scroll{overflow-x:auto}.shmoo{display:inline-block;margin:4px 8px 12px 0;vertical-align:top}
            figure{margin:12px 0}figcaption{font-size:0.85em;color:#444}summary{cursor:pointer;color:#0b4f8a}
            </style></head><body>
            <h1>cimpvt report — \(SVGDocument.escape(input.sweepName))</h1>
            <table class="meta">
            """
        o += metadata.map { "<tr><th>\(SVGDocument.escape($0.0))</th><td>\(SVGDocument.escape($0.1))</td></tr>" }.joined() + "</table>"
        o += "<h2 id=\"headline\">Headline</h2><ul>" + headline.map { "<li>\(Self.inline($0))</li>" }.joined() + "</ul>"
        o += "<h2 id=\"shmoo\">Shmoo maps</h2><p>Per supply voltage (columns) and temperature (rows) for each process corner: the colour is the mean degradation on a symmetric-log scale (light = none, dark = 100 pp), the labels the mean degradation and the yield with its interval; under the grid, the slowest die's clock (digital) or conversion time (analog) at each VDD. A corner passes at a yield of \(Int(100 * ReportCharts.passYield)) % or more.</p>"
        for m in s.macros {
            o += "<h3>\(SVGDocument.escape(m))</h3>" + shmooCharts(m).map { "<div class=\"shmoo\">\($0.svg)</div>" }.joined()
        }
        let fshmoo = chart("fshmoo-")
        if !fshmoo.isEmpty {
            o += "<h2 id=\"frequency-shmoo\">Frequency shmoo</h2><p>Yield per supply voltage (columns) and clock frequency (rows, fastest on top) of each fixed-clock frequency axis, per process corner; a cell shows the lowest yield over the sweep's temperatures.</p>"
                + fshmoo.map { "<div class=\"shmoo\">\($0.svg)</div>" }.joined()
        }
        let eff = chart("efficiency-")
        if !eff.isEmpty {
            o += "<h2 id=\"efficiency\">Efficiency</h2><p>TOPS/W per VDD and temperature at \(ReportCharts.referenceProcess(s)?.rawValue ?? "–"), mean over dies, with the throughput in GOPS; the colour is log-scaled per macro.</p>"
                + eff.map { "<div class=\"shmoo\">\($0.svg)</div>" }.joined()
        }
        let cost = chart("cost-robustness-")
        if !cost.isEmpty {
            o += "<h2 id=\"cost\">Cost against robustness</h2><p>Every corner of every macro at (efficiency, mean degradation), one chart per temperature: the trade-off a designer decides on. Down and right is better.</p>"
                + cost.map { "<figure>\($0.svg)<figcaption>\(SVGDocument.escape($0.caption))</figcaption></figure>" }.joined()
        }
        for m in s.macros {
            let rows = cornerRows(m), failing = rows.filter { $0.last == "fail" }, header = cornerHeader(m), pass = header.count - 1
            o += "<h2 id=\"corners-\(SVGDocument.escape(m))\">\(SVGDocument.escape(m)): corners</h2>"
            if failing.isEmpty {
                o += "<p>All \(rows.count) corners pass.</p>"
            } else {
                // The worst failing corners (by mean degradation) unfolded, every failing one under a fold.
                let worst = failing.sorted { (Double($0[2]) ?? .infinity) > (Double($1[2]) ?? .infinity) }
                o += "<p>\(rows.count - failing.count) of \(rows.count) corners pass. Failing corners\(failing.count > Self.unfoldedRows ? ", the \(Self.unfoldedRows) with the highest mean degradation" : ""):</p>"
                o += "<div class=\"scroll\">" + Self.htmlTable(header, Array(worst.prefix(Self.unfoldedRows)), passColumn: pass) + "</div>"
                if failing.count > Self.unfoldedRows {
                    o += "<details><summary>All \(failing.count) failing corners</summary><div class=\"scroll\">"
                        + Self.htmlTable(header, failing, passColumn: pass) + "</div></details>"
                }
            }
            o += "<details><summary>All \(rows.count) corners</summary><div class=\"scroll\">"
                + Self.htmlTable(header, rows, passColumn: pass) + "</div></details>"
        }
        o += "<h2 id=\"dies\">Dies</h2><p>Each die across the corners of its process (the same silicon at every VDD, temperature and macro): degradation in pp, failing cells marked. The dies that fail somewhere are listed; the full matrices are folded.</p>"
        for m in s.macros {
            for (process, table) in dieTables(m) {
                let failing = table.rows.filter { $0.cells.contains { !$0.pass } }
                let everywhere = table.rows.filter { !$0.cells.contains { $0.text == "–" } }
                let partial = table.rows.count - everywhere.count
                o += "<h3>\(SVGDocument.escape(m)) — \(process.rawValue): \(everywhere.count - everywhere.filter { $0.cells.contains { !$0.pass } }.count) of \(everywhere.count) dies measured at every corner pass every corner\(partial > 0 ? " (\(partial) more ran only at the corners whose adaptive die count reached them)" : "")</h3>"
                if !failing.isEmpty {
                    o += "<div class=\"scroll\">" + Self.dieHTML(table.header, Array(failing.prefix(Self.unfoldedRows))) + "</div>"
                    if failing.count > Self.unfoldedRows { o += "<p>… and \(failing.count - Self.unfoldedRows) more failing dies, in the full matrix below.</p>" }
                }
                o += "<details><summary>All \(table.rows.count) dies</summary><div class=\"scroll\">" + Self.dieHTML(table.header, table.rows) + "</div></details>"
            }
        }
        if !s.paired.isEmpty {
            o += "<h2 id=\"paired\">Paired differences on the same dies</h2><p>Compared: " + SVGDocument.escape(s.pairs.map { "\($0[0]) − \($0[1])" }.joined(separator: ", ")) + ".</p>"
            o += chart("paired").map { "<figure>\($0.svg)<figcaption>\(SVGDocument.escape($0.caption))</figcaption></figure>" }.joined()
            o += "<details><summary>Table</summary><div class=\"scroll\">"
                + Self.htmlTable(Self.pairedHeader, pairedRows) + "</div></details>"
        }
        o += "<h2 id=\"distributions\">Accuracy distributions</h2>"
        o += chart("accuracy").map { "<figure>\($0.svg)<figcaption>\(SVGDocument.escape($0.caption))</figcaption></figure>" }.joined()
        o += "<h2 id=\"mac-error\">MAC error against corner</h2>"
        o += chart("mac-error").map { "<figure>\($0.svg)<figcaption>\(SVGDocument.escape($0.caption))</figcaption></figure>" }.joined()
        if !input.bitcell.isEmpty {
            o += "<h2 id=\"bitcell\">High-sigma bitcell yield</h2>"
            o += chart("bitcell").map { "<figure>\($0.svg)<figcaption>\(SVGDocument.escape($0.caption))</figcaption></figure>" }.joined()
            o += "<details><summary>Table of all corners</summary><div class=\"scroll\">" + Self.htmlTable(Self.bitcellHeader, bitcellRows) + "</div></details>"
        }
        o += "<h2 id=\"how-to-read\">How to read this</h2><ul>" + Self.howToRead.map { "<li>\(Self.inline($0))</li>" }.joined() + "</ul>"
        o += "<h2 id=\"caveats\">Statistical caveats</h2><ul>" + caveats.map { "<li>\(Self.inline($0))</li>" }.joined() + "</ul>"
        return o + "</body></html>\n"
    }

    // MARK: Markdown

    static func mdTable(_ header: [String], _ rows: [[String]]) -> String {
        let esc = { (s: String) in s.replacingOccurrences(of: "|", with: "\\|") }
        return (["| " + header.map(esc).joined(separator: " | ") + " |", "|" + header.map { _ in "---" }.joined(separator: "|") + "|"]
            + rows.map { "| " + $0.map(esc).joined(separator: " | ") + " |" }).joined(separator: "\n") + "\n"
    }

    public var markdown: String {
        let figure = { (prefix: String) in self.charts.filter { $0.file.hasPrefix(prefix) }.map { "![\($0.caption)](\($0.file))\n" }.joined() }
        var o = "# cimpvt report — \(input.sweepName)\n\n"
        o += Self.mdTable(["", ""], metadata.map { [$0.0, $0.1] }) + "\n## Headline\n\n" + headline.map { "- \($0)\n" }.joined()
        for m in s.macros {
            o += "\n## \(m): corners\n\n" + Self.mdTable(cornerHeader(m), cornerRows(m)) + "\n### Shmoo maps\n\n" + shmooCharts(m).map { "![\($0.caption)](\($0.file))\n" }.joined()
        }
        let fshmoo = figure("fshmoo-")
        if !fshmoo.isEmpty { o += "\n## Frequency shmoo\n\n" + fshmoo }
        let eff = figure("efficiency-")
        if !eff.isEmpty { o += "\n## Efficiency\n\n" + eff }
        let cost = figure("cost-robustness-")
        if !cost.isEmpty { o += "\n## Cost against robustness\n\n" + cost }
        o += "\n## Dies\n\nEach die across the corners of its process: degradation in pp, failing cells marked ✗.\n"
        for m in s.macros { for (process, table) in dieTables(m) {
            o += "\n### \(m) — \(process.rawValue)\n\n" + Self.mdTable(table.header, table.rows.map { r in
                [r.die, r.summary] + r.cells.map { $0.text + ($0.pass ? "" : " ✗") }
            })
        } }
        if !s.paired.isEmpty {
            o += "\n## Paired differences on the same dies\n\n" + figure("paired") + "\n"
                + Self.mdTable(Self.pairedHeader, pairedRows)
        }
        o += "\n## Accuracy distributions\n\n" + figure("accuracy") + "\n## MAC error against corner\n\n" + figure("mac-error")
        if !input.bitcell.isEmpty {
            o += "\n## High-sigma bitcell yield\n\n" + figure("bitcell") + "\n" + Self.mdTable(Self.bitcellHeader, bitcellRows)
        }
        o += "\n## How to read this\n\n" + Self.howToRead.map { "- \($0)\n" }.joined()
        o += "\n## Statistical caveats\n\n" + caveats.map { "- \($0)\n" }.joined()
        return o
    }
}
