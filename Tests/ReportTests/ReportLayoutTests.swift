import Foundation
import Testing
import Analysis
import Report
import Sweep
import Variation

/// The report's layout and comparisons on two synthetic sweeps: the default grid (75 corners × 2
/// macros) and a custom one of 4 macros × 8 corners with 2 dies (too few for paired intervals).
@Suite struct ReportLayoutTests {
    static let defaultCorners: [Corner] = ProcessCorner.allCases.filter { $0 != .population }.flatMap { p in
        [0.6, 0.7, 0.8, 0.9, 1.0].flatMap { v in [-40.0, 27, 125].map { Corner(process: p, vdd: v, temperatureC: $0) } }
    }
    static let customCorners: [Corner] = [ProcessCorner.TT, .SS].flatMap { p in
        [0.6, 0.9].flatMap { v in [-40.0, 125].map { Corner(process: p, vdd: v, temperatureC: $0) } }
    }

    /// Trials with costs and clocks: analog macros lose 0.5·i + die/3 pp at corner i, digital ones 0 except
    /// 85 pp (diverged) at SS / 0.6 V.
    static func input(macros: [(String, String)], corners: [Corner], dies: Int) -> ReportInput {
        var trials = [TrialOutcome]()
        for (ci, c) in corners.enumerated() { for (m, kind) in macros { for d in 0..<dies {
            let analog = kind == "analog"
            let deg = analog ? 0.5 * Double(ci % 9) + Double(d) / 3 : (c.process == .SS && c.vdd < 0.7 ? 85 : 0)
            trials.append(TrialOutcome(macro: m, kind: kind, corner: c, die: d, accuracy: 0.97 - deg / 100, degradationPP: deg,
                                       diverged: deg > 50, forwardMACRMS: analog ? 0.2 : 0.01, backwardMACRMS: 0.3,
                                       timingErrorEvents: deg > 50 ? 5 : 0,
                                       clockMHz: analog ? nil : 1000 * c.vdd - 500, worstSlackNS: analog ? nil : 0.1,
                                       conversionNS: analog ? 3 / c.vdd : nil, adcClipRate: analog ? 0.001 : nil,
                                       energyJ: 1e-4, topsPerW: analog ? 1.5 / c.vdd : 15 / c.vdd, gops: analog ? 170 * c.vdd : 24 * c.vdd))
        } } }
        let summary = SweepSummary(trials, macros: macros.map(\.0), corners: corners, criterion: YieldCriterion())
        return ReportInput(sweepName: "layout", sweepFile: "l.toml", seed: 1, version: "test", specHash: "h", started: "now",
                           trials: trials.count, cpuSeconds: 1, hosts: 1, summary: summary,
                           bitcell: BitcellSurvey.run(corners: corners, card: TechnologyCard(), seed: 1, samples: 500))
    }

    static let defaultDoc = ReportDocument(input(macros: [("analog-int8", "analog"), ("digital-bf16", "digital")],
                                                 corners: defaultCorners, dies: 3))
    static let customMacros = [("analog-int8", "analog"), ("analog-5b-adc", "analog"), ("digital-bf16", "digital"),
                               ("digital-fp8-approximate", "digital")]
    static let customDoc = ReportDocument(input(macros: customMacros, corners: customCorners, dies: 2))

    /// Every text of every chart lies inside its drawing, by the width table the layout uses.
    @Test(arguments: [0, 1])
    func noTextLeavesItsChart(which: Int) {
        let doc = which == 0 ? Self.defaultDoc : Self.customDoc
        #expect(doc.charts.count > 8)
        for c in doc.charts {
            #expect(c.textOutside.isEmpty, "\(c.file): \(c.textOutside.prefix(3).map { "'\($0.text)' [\(Int($0.minX)), \(Int($0.minY)), \(Int($0.maxX)), \(Int($0.maxY))]" })")
        }
        // Nothing scrolls sideways: the widest chart stays within a page of about 1,100 px.
        let widths = doc.charts.compactMap { c -> Double? in
            guard let r = c.svg.range(of: "width=\""), let e = c.svg[r.upperBound...].firstIndex(of: "\"") else { return nil }
            return Double(c.svg[r.upperBound..<e])
        }
        #expect(widths.count == doc.charts.count && widths.allSatisfy { $0 <= 1_000 }, "\(widths.max() ?? 0)")
    }

    /// The text metric by hand: "Ab1" at 10 px = (0.72 + 0.62 + 0.64) · 10; bold 8 % wider; a label
    /// rotated −90° about its baseline point spans its width upwards.
    @Test func widthTableByHand() {
        #expect(abs(TextMetrics.width("Ab1", size: 10) - 19.8) < 1e-12)
        #expect(abs(TextMetrics.width("Ab1", size: 10, bold: true) - 19.8 * 1.08) < 1e-12)
        #expect(abs(TextMetrics.width("i m°", size: 10) - (0.32 + 0.32 + 0.92 + 0.75) * 10) < 1e-12)
        var d = SVGDocument(width: 100, height: 100, title: "t")
        d.text("Ab1", x: 50, y: 60, size: 10, anchor: "middle", rotate: -90)
        let b = d.textBoxes[0]
        #expect(abs(b.minY - (60 - 9.9)) < 1e-9 && abs(b.maxY - (60 + 9.9)) < 1e-9 && abs(b.minX - (50 - 8)) < 1e-9, "\(b)")
        d.text("far too long a label for this drawing", x: 10, y: 20)
        #expect(d.textOutsideViewBox.map(\.text) == ["far too long a label for this drawing"])
    }

    /// Every macro appears in every chart legend that draws macros, and every pair in the paired chart.
    @Test func everyMacroIsInEveryLegend() throws {
        let doc = Self.customDoc
        let names = Self.customMacros.map(\.0)
        for file in ["accuracy-distributions.svg", "cost-robustness-m40C.svg", "cost-robustness-125C.svg"] {
            let c = try #require(doc.charts.first { $0.file == file }, "\(file)")
            for m in names { #expect(c.legend.contains(m), "\(m) not in the legend of \(file): \(c.legend)") }
        }
        let mac = try #require(doc.charts.first { $0.file == "mac-error.svg" })
        for m in names { #expect(mac.legend.contains("\(m) forward") && mac.legend.contains("\(m) backward")) }
        let paired = try #require(doc.charts.first { $0.file == "paired-difference.svg" })
        let pairs = ["analog-int8 − digital-bf16", "analog-int8 − digital-fp8-approximate", "analog-5b-adc − digital-bf16",
                     "analog-5b-adc − digital-fp8-approximate"]
        #expect(pairs.allSatisfy { paired.legend.contains($0) }, "\(paired.legend)")
        for c in doc.charts { for l in c.legend { #expect(c.svg.contains(">\(SVGDocument.escape(l))</text>"), "\(c.file): \(l)") } }
    }

    /// Every analog macro against every digital one: 2 × 2 pairs × 8 corners = 32 rows of paired.csv; with
    /// 2 dies a corner has no interval ("too few dies", empty fields); with 3 or more, none beyond ±100 pp.
    @Test func everyPairIsComparedAndIntervalsStayInRange() {
        let s = Self.customDoc.input.summary
        #expect(s.pairs == [["analog-int8", "digital-bf16"], ["analog-int8", "digital-fp8-approximate"],
                            ["analog-5b-adc", "digital-bf16"], ["analog-5b-adc", "digital-fp8-approximate"]])
        let lines = SummaryFiles.pairedCSV(s).split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(lines.count == 32)
        #expect(Set(lines.map { "\($0[4])|\($0[5])|\($0[0])" }).count == 32)
        #expect(lines.allSatisfy { $0[6] == "2" && $0[8].isEmpty && $0[9].isEmpty })
        #expect(Self.customDoc.html.contains("too few dies"))
        // 3 dies, one pair differing by −85 pp on two dies and +85 on one: the raw t-interval reaches
        // far beyond ±100 pp and is clipped to it.
        let c = Self.customCorners[0]
        func t(_ m: String, _ kind: String, _ d: Int, _ deg: Double) -> TrialOutcome {
            TrialOutcome(macro: m, kind: kind, corner: c, die: d, accuracy: 0.9, degradationPP: deg, diverged: false, forwardMACRMS: 0, backwardMACRMS: 0)
        }
        let wide = PairedDifference([t("a", "analog", 0, 0), t("a", "analog", 1, 0), t("a", "analog", 2, 85)],
                                    [t("d", "digital", 0, 85), t("d", "digital", 1, 85), t("d", "digital", 2, 0)], confidence: 0.95)!
        // d = −85, −85, 85: mean −28.33, s = 98.15, t(0.975, 2) = 4.3027 → ±243.8 pp raw
        #expect(abs(wide.mean + 85.0 / 3) < 1e-9 && wide.low == -100 && wide.high == 100)
        for p in Self.defaultDoc.input.summary.paired {
            #expect(p.low.map { $0 >= -100 } ?? false && p.high.map { $0 <= 100 } ?? false, "\(p.corner.label)")
        }
    }

    /// The header says what ran; the headline and tables give the clock (MHz) and the cost (TOPS/W).
    @Test func headerAndHeadlineSayWhatRanAndWhatItCosts() throws {
        let spec = try SweepFile.parse("""
            seed = 1
            dies = 2
            [corners]
            process = ["TT"]
            vdd = [0.9]
            temperature = [27]
            [workload]
            epochs = 7
            [[macro]]
            name = "a5"
            kind = "analog"
            adc_bits = 5
            calibration = "design"
            [[macro]]
            name = "fp8"
            kind = "digital"
            format = "fp8-e4m3"
            mode = "approximate"
            clock = "binned"
            """, file: "h.toml")
        let rows = RunSetup.rows(spec, testImages: 359)
        let text = rows.map { "\($0.0): \($0.1)" }
        #expect(text.contains("workload: digits (8×8 images, 1797 in all), scenario scratch"), "\(text)")
        #expect(text.contains("network: MLP 64-64-10, ReLU, softmax cross-entropy"))
        #expect(text.contains { $0.hasPrefix("training: 7 epochs, batch 32") })
        #expect(text.contains("test set: 359 images: one image = 0.28 pp"))
        #expect(text.contains("dies: 2 per corner"))
        #expect(text.contains("technology: built-in 28 nm-class card (docs/models.md)"), "\(text)")
        // A technology file is named by its first comment line; overrides are said.
        var fitted = spec
        fitted.technologyFileText = "# cimpvt technology card, fitted by `cimpvt calibrate` to x.lib\n[technology]\ndibl = 0.08\n"
        fitted.technology.dibl = 0.08
        #expect(RunSetup.rows(fitted, testImages: nil).contains { $0 == ("technology", "technology file (cimpvt technology card, fitted by `cimpvt calibrate` to x.lib)") })
        var overridden = spec
        overridden.technology.aVTn = 3
        #expect(RunSetup.rows(overridden, testImages: nil).contains { $0.1 == "built-in 28 nm-class card with the sweep file's [technology] overrides" })
        #expect(text.contains { $0.hasPrefix("macro: a5: analog, 8-bit weights") && $0.contains("5-bit ADC") && $0.contains("calibration design") && $0.contains("offsets autozero") }, "\(text)")
        #expect(text.contains("macro: fp8: digital fp8-e4m3 approximate, 4-bit mantissa (sign-magnitude), vector alignment, clock binned"), "\(text)")
        var input = Self.customDoc.input
        input.setup = rows
        let doc = ReportDocument(input)
        #expect(doc.html.contains("<th>workload</th><td>digits (8×8 images, 1797 in all), scenario scratch</td>"))
        // Reference corner TT / 0.9 V / −40 °C (nearest 27 °C: −40 and 125 are 67 and 98 away): digital
        // bf16 15/0.9 = 16.7 TOPS/W, 21.6 GOPS, clock 1000·0.9 − 500 = 400 MHz.
        #expect(doc.referenceCorner == Corner(process: .TT, vdd: 0.9, temperatureC: -40))
        let digital = try #require(doc.headline.first { $0.hasPrefix("**digital-bf16**") })
        #expect(digital.contains("Cost at TT_0.9V_-40C: 16.7 TOPS/W, 21.6 GOPS at 400 MHz"), "\(digital)")
        #expect(digital.contains("fails at 2 of 8 corners") && digital.contains("⚠ 4 trials diverged"), "\(digital)")
        #expect(doc.headline.contains { $0.hasPrefix("**analog-int8 − digital-bf16** on the same dies") && $0.contains("too few dies") })
        #expect(doc.headline.contains { $0.hasPrefix("**Bitcell**") })
        #expect(doc.cornerHeader("digital-bf16").contains("TOPS/W") && doc.cornerHeader("digital-bf16").contains("clock (MHz)"))
        #expect(doc.cornerHeader("analog-int8").contains("ADC clip rate"))
    }

    /// The symmetric-log axis: 0 in the middle of a symmetric domain, ±1 a third of the way to ±100 … by
    /// log10(2)/log10(101), ticks at 0, ±1, ±3, ±10, ±30, ±100.
    @Test func symmetricLogAxisByHand() {
        let a = AxisScale(.symlog, domain: (-100, 100), range: (0, 200))
        #expect(abs(a.position(0) - 100) < 1e-9)
        #expect(abs(a.position(1) - (100 + 100 * log10(2) / log10(101))) < 1e-9)
        #expect(a.ticks() == [-100, -30, -10, -3, -1, 0, 1, 3, 10, 30, 100])
        #expect(abs(a.position(-100)) < 1e-9 && abs(a.position(100) - 200) < 1e-9)
    }

    /// A long failing list is folded: the 10 corners with the highest mean degradation first, all of them
    /// under a fold (default grid: the analog macro fails wherever a die loses more than 1 pp).
    @Test func longFailingTablesAreFoldedWorstFirst() {
        let doc = Self.defaultDoc
        let failing = doc.cornerRows("analog-int8").filter { $0.last == "fail" }
        #expect(failing.count > 10)
        #expect(doc.html.contains("corners pass. Failing corners, the 10 with the highest mean degradation:"))
        #expect(doc.html.contains("<summary>All \(failing.count) failing corners</summary>"))
        // the first unfolded row is a corner with the highest mean degradation (0.5 · 8 + 1/3 = 4.33 pp)
        let section = doc.html.components(separatedBy: "Failing corners, the 10 with the highest mean degradation:")[1]
        let firstRow = section.components(separatedBy: "<tbody><tr")[1].components(separatedBy: "</tr>")[0]
        #expect(firstRow.contains("<td>4.33</td>"), "\(firstRow)")
    }
}
