import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import Analysis
import Report
import Sweep
import Variation

/// Rare-event estimators against the analytic value; SVG and HTML well-formed and self-contained.
@Suite struct RareEventTests {
    /// A margin with the bitcell's read sensitivities and σs, its mean set for a target μ/σ_M.
    func margin(sigmas: Double) -> LinearGaussianMargin {
        let base = BitcellSurvey.margin(.read, corner: Corner(process: .TT, vdd: 0.9, temperatureC: 27), card: TechnologyCard())
        return LinearGaussianMargin(mean: sigmas * base.sigma, sensitivities: base.sensitivities, sigmas: base.sigmas)
    }

    @Test func importanceSamplingMatchesAnalyticAt1e9() {
        let m = margin(sigmas: 6.0)
        let exact = m.analyticFailureProbability
        #expect(abs(exact - 9.8659e-10) / 9.8659e-10 < 1e-3, "Q(6) = \(exact)")
        let e = m.estimate(.importanceSampling, samples: 100_000, stream: RandomStream(seed: StreamSeed(91)))
        #expect(abs(e.pFail / exact - 1) < 0.10, "IS \(e.pFail) vs \(exact)")
        #expect(e.ciLow <= exact && exact <= e.ciHigh, "[\(e.ciLow), \(e.ciHigh)] vs \(exact)")
        #expect(e.samples == 100_000)
    }

    @Test func plainMonteCarloMatchesAnalyticAt1e3() {
        let m = margin(sigmas: 3.09)
        let exact = m.analyticFailureProbability
        #expect(abs(exact - 1.0e-3) < 0.02e-3)
        let e = m.estimate(.monteCarlo, samples: 1_000_000, stream: RandomStream(seed: StreamSeed(92)))
        #expect(abs(e.pFail / exact - 1) < 0.10, "MC \(e.pFail) vs \(exact)")
        #expect(e.ciLow <= exact && exact <= e.ciHigh, "[\(e.ciLow), \(e.ciHigh)] vs \(exact)")
    }

    @Test func realBitcellCornerAgreesAcrossMethods() {
        // TT / 0.75 V / 27 °C read margin: between the 1e-8 (0.7 V) and 1e-12 (0.9 V) calibration points.
        let m = BitcellSurvey.margin(.read, corner: Corner(process: .TT, vdd: 0.75, temperatureC: 27), card: TechnologyCard())
        let exact = m.analyticFailureProbability
        #expect(exact > 1e-11 && exact < 1e-8, "\(exact)")
        let e = m.estimate(.importanceSampling, samples: 50_000, stream: RandomStream(seed: StreamSeed(93)))
        #expect(abs(e.pFail / exact - 1) < 0.10 && e.ciLow <= exact && exact <= e.ciHigh, "IS \(e.pFail) vs \(exact)")
        // A 32 Kb macro at 99 % needs p_cell ≤ 3.07e-7 (MODELS §6).
        #expect(abs(BitcellCornerYield.cellTarget(macroYield: 0.99, cells: 32768) - 3.067e-7) < 0.01e-7)
        #expect(abs(LinearGaussianMargin.macroYield(cellFailure: 3.067e-7, cells: 32768) - 0.99) < 1e-4)
    }
}

/// A small synthetic sweep summary to draw.
enum Fixture {
    static let corners = [0.6, 0.8, 1.0].flatMap { v in [-40.0, 125].map { Corner(process: .SS, vdd: v, temperatureC: $0) } }
        + [Corner(process: .TT, vdd: 0.9, temperatureC: 27)]

    static var input: ReportInput {
        var trials = [TrialOutcome]()
        for (ci, c) in corners.enumerated() { for (m, kind) in [("analog-int8", "analog"), ("digital-bf16", "digital")] { for d in 0..<4 {
            let deg = kind == "analog" ? Double(ci) * 0.4 + Double(d) * 0.3 : (c.vdd < 0.7 ? 80 : 0)
            // analog: conversion time 2 + corner index + die/2 ns, clip rate die/1000
            trials.append(TrialOutcome(macro: m, kind: kind, corner: c, die: d, accuracy: 0.98 - deg / 100, degradationPP: deg,
                                       diverged: deg > 50, forwardMACRMS: kind == "analog" ? 0.2 : 0.016, backwardMACRMS: 0.1,
                                       conversionNS: kind == "analog" ? 2 + Double(ci) + Double(d) / 2 : nil,
                                       adcClipRate: kind == "analog" ? Double(d) / 1000 : nil))
        } } }
        let summary = SweepSummary(trials, macros: ["analog-int8", "digital-bf16"], corners: corners, criterion: YieldCriterion())
        return ReportInput(sweepName: "fixture <&>", sweepFile: "x.toml", seed: 1, version: "test", specHash: "abc", started: "now",
                           trials: trials.count, cpuSeconds: 12, hosts: 1, summary: summary,
                           bitcell: BitcellSurvey.run(corners: corners, card: TechnologyCard(), seed: 1, samples: 2000))
    }
}

/// Collects elements while parsing, and fails on malformed XML.
final class SVGInspector: NSObject, XMLParserDelegate {
    var elements = [(name: String, attributes: [String: String])]()
    var texts = [(cssClass: String?, text: String)]()
    private var currentClass: String?
    private var currentText = ""
    private var inText = false
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:])
    {
        elements.append((name, attributes))
        if name == "text" { inText = true; currentClass = attributes["class"]; currentText = "" }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { currentText += string } }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { texts.append((currentClass, currentText)); inText = false }
    }
    static func parse(_ svg: String) -> SVGInspector? {
        let p = XMLParser(data: Data(svg.utf8)), d = SVGInspector()
        p.delegate = d
        return p.parse() ? d : nil
    }
}

@Suite struct ReportDocumentTests {
    static let doc = ReportDocument(Fixture.input)

    @Test func everySVGParsesAsXML() {
        #expect(Self.doc.charts.count == 2 * 2 + 4)  // shmoo per macro and process, paired, boxes, MAC error, bitcell
        for c in Self.doc.charts {
            let parsed = SVGInspector.parse(c.svg)
            #expect(parsed != nil, "\(c.file) is not well-formed XML")
            #expect(parsed?.elements.first?.name == "svg")
        }
    }

    @Test func shmooMapHasOneLabelledCellPerVDDAndTemperature() throws {
        let c = try #require(Self.doc.charts.first { $0.file == "shmoo-digital-bf16-SS.svg" })
        let p = try #require(SVGInspector.parse(c.svg))
        #expect(p.elements.filter { $0.attributes["class"] == "shmoo-cell" }.count == 3 * 2)
        let labels = p.texts.filter { $0.cssClass == "shmoo-label" }.map(\.text)
        let values = p.texts.filter { $0.cssClass == "shmoo-value" }.map(\.text)
        // Digital: every SS die loses 80 pp at 0.6 V (both temperatures; all 4 diverged), none at 0.8 and
        // 1.0 V. Yield 0 of 4: Wilson [0, 49 %]; 4 of 4: low = 4/(4 + z²) = 51 %.
        #expect(labels.count == 6)
        #expect(labels.filter { $0 == "0% [0, 49]" }.count == 2 && labels.filter { $0 == "100% [51, 100]" }.count == 4, "\(labels)")
        #expect(values.filter { $0 == "80.00 pp, 4 div" }.count == 2 && values.filter { $0 == "0.00 pp" }.count == 4, "\(values)")
        // The colour follows the degradation: 0 pp is the scale's light end, 80 pp near its dark end.
        #expect(ShmooMap.degradationShade(0) == 1 && abs(ShmooMap.degradationShade(1) - (1 - log10(11) / log10(1001))) < 1e-12)
        #expect(ShmooMap.degradationShade(100) == 0 && ShmooMap.degradationShade(-2) == 1)
        #expect(ShmooMap.label(0.875, passYield: 0.9) == "88%" && ShmooMap.label(nil, passYield: 0.9) == "–")
    }

    @Test func htmlIsSelfContained() {
        let h = Self.doc.html
        for banned in ["<script", "src=", "<link", "@import", "url(", "href=\"http", "<iframe"] {
            #expect(!h.contains(banned), "report.html contains \(banned)")
        }
        #expect(h.contains("fixture &lt;&amp;&gt;"))
        // Every inline SVG in the HTML is one of the charts, verbatim.
        #expect(Self.doc.charts.allSatisfy { h.contains($0.svg) })
        #expect(h.contains("Headline") && h.contains("Statistical caveats") && h.contains("High-sigma bitcell yield"))
        // The Markdown names every chart file beside it.
        #expect(Self.doc.charts.allSatisfy { Self.doc.markdown.contains("(\($0.file))") })
    }

    /// The report's numbers by hand. Fixture analog corner 2 (SS / 0.8 V / −40 °C): degradations 0.8 + 0.3·die
    /// = 0.8, 1.1, 1.4, 1.7 pp → mean 1.25; type-7 p95 = 1.4 + 0.85·0.3 = 1.655; 1 of 4 dies ≤ 1 pp →
    /// 25 %, Wilson 95 %: centre (0.25 + z²/8)/(1 + z²/4) = 0.3725, half-width 0.3269 → [5 %, 70 %]; fail.
    /// Digital at 0.6 V: 80 pp on every die → 0 %, Wilson [0 %, 49 %], 4 diverged.
    @Test func cornerTableNumbersByHand() {
        let row = Self.doc.cornerRows("analog-int8")[2]
        #expect(row[0] == "SS_0.8V_-40C" && row[1] == "4" && row[2] == "1.25" && ["1.65", "1.66"].contains(row[3]), "\(row)")
        #expect(row[4] == "25 % [5 %, 70 %]" && row[5] == "0" && row.last == "fail", "\(row)")
        let digital = Self.doc.cornerRows("digital-bf16")[0]
        #expect(digital[2] == "80.00" && digital[4] == "0 % [0 %, 49 %]" && digital[5] == "4 ⚠", "\(digital)")
    }

    /// The die × corner matrix: analog SS die d at corner i loses 0.4·i + 0.3·d pp (fixture): die 0
    /// [0, 0.4, 0.8, 1.2, 1.6, 2.0] passes 3 of 6; die 3 [0.9, 1.3, …] passes 1 of 6; TT dies fail.
    @Test func dieMatrixByHand() throws {
        let tables = Self.doc.dieTables("analog-int8")
        #expect(tables.map(\.0) == [.TT, .SS])  // in ProcessCorner order
        let ss = tables[1].1
        #expect(ss.header.count == 8 && ss.header[2] == "0.6 V -40 °C" && ss.rows.count == 4)
        #expect(ss.rows[0].summary == "3/6" && ss.rows[3].summary == "1/6")
        #expect(ss.rows[0].cells.map(\.text) == ["0.00", "0.40", "0.80", "1.20", "1.60", "2.00"])
        #expect(ss.rows[0].cells.map(\.pass) == [true, true, true, false, false, false])
        #expect(tables[0].1.rows.allSatisfy { $0.summary == "0/1" })
        #expect(Self.doc.html.contains("analog-int8 — SS: 0 of 4 dies measured at every corner pass every corner</h3>"))
        #expect(Self.doc.markdown.contains("| 0 | 3/6 | 0.00 | 0.40 | 0.80 | 1.20 ✗ | 1.60 ✗ | 2.00 ✗ |"))
        // digital: SS at 0.6 V loses 80 pp (4 of 6 pass), TT passes.
        #expect(Self.doc.dieTables("digital-bf16")[1].1.rows.allSatisfy { $0.summary == "4/6" })
        // its 0.6 V trials diverged (fixture: above 50 pp): flagged in the matrix
        #expect(Self.doc.dieTables("digital-bf16")[1].1.rows[0].cells.map(\.text) == ["80.00 ⚠", "80.00 ⚠", "0.00", "0.00", "0.00", "0.00"])
    }

    @Test func lowestPassingVDDPerTemperature() {
        let v = Self.doc.lowestPassingVDD(macro: "digital-bf16")
        #expect(v.map(\.temperatureC) == [-40, 27, 125])
        #expect(v[0].vdd == 0.8 && v[2].vdd == 0.8 && v[1].vdd == 0.9, "\(v)")
    }

    @Test func axisTicksAndColourScale() {
        let log = AxisScale(.log10, domain: (1e-12, 1), range: (300, 0))
        #expect(log.ticks().first == 1e-12 && log.ticks().last == 1)
        #expect(abs(log.position(1e-6) - 150) < 1e-9 && log.label(1e-9) == "1e-9")
        let lin = AxisScale(.linear, domain: (0, 0.97), range: (0, 100))
        #expect(lin.ticks() == [0, 0.2, 0.4, 0.6, 0.8])
        // Viridis gets lighter monotonically: the order survives greyscale printing.
        let l = stride(from: 0.0, through: 1.0, by: 0.05).map { ColourScale.luminance(ColourScale.sequential($0)) }
        #expect(zip(l, l.dropFirst()).allSatisfy { $0 < $1 }, "\(l)")
        #expect(ColourScale.sequential(0) == "#440154" && ColourScale.sequential(1) == "#fde725")
    }
}

/// The digital clock in the report: corner-table columns, the headline's clock line, and the frequency
/// shmoo of a fixed-clock frequency axis (yield = the lowest over temperatures at each VDD and clock).
@Suite struct ReportClockTests {
    static let corners = [0.6, 0.9].flatMap { v in [-40.0, 125].map { Corner(process: .SS, vdd: v, temperatureC: $0) } }

    static var doc: ReportDocument {
        var trials = [TrialOutcome]()
        // d-100MHz passes everywhere; d-400MHz fails 3 of 4 dies at 0.6 V / -40 °C only, 1 at 0.6 V / 125 °C.
        for c in corners { for f in [100.0, 400] { for d in 0..<4 {
            let fails = f == 400 && c.vdd == 0.6 && (c.temperatureC == -40 ? d < 3 : d < 1)
            trials.append(TrialOutcome(macro: "d-\(Int(f))MHz", kind: "digital", corner: c, die: d, accuracy: fails ? 0.1 : 0.95,
                                       degradationPP: fails ? 85 : 0, diverged: false, forwardMACRMS: 0.01, backwardMACRMS: 0.01,
                                       timingErrorEvents: fails ? 9 : 0, clockMHz: f, worstSlackNS: fails ? -1 : 0.5))
        } } }
        let summary = SweepSummary(trials, macros: ["d-100MHz", "d-400MHz"], corners: corners, criterion: YieldCriterion())
        return ReportDocument(ReportInput(sweepName: "clock", sweepFile: "c.toml", seed: 1, version: "test", specHash: "h", started: "now",
                                          trials: trials.count, cpuSeconds: 1, hosts: 1, summary: summary, bitcell: []))
    }

    @Test func frequencyAxisGetsAShmooWithTheWorstTemperature() throws {
        let d = Self.doc
        let axes = ReportCharts.frequencyAxes(d.input.summary)
        #expect(axes.count == 1 && axes[0].base == "d" && axes[0].members.map(\.frequencyMHz) == [100, 400])
        let c = try #require(d.charts.first { $0.file == "fshmoo-d-SS.svg" })
        let p = try #require(SVGInspector.parse(c.svg))
        #expect(p.elements.filter { $0.attributes["class"] == "shmoo-cell" }.count == 4)
        // rows from the top: 400 MHz then 100 MHz; columns 0.6 V, 0.9 V
        #expect(p.texts.filter { $0.cssClass == "shmoo-label" }.map(\.text) == ["25%", "100% pass", "100% pass", "100% pass"])
        #expect(d.html.contains("Frequency shmoo") && d.markdown.contains("## Frequency shmoo"))
    }

    /// A macro whose name is the prefix of another's ("d-100MHz" vs "d-100MHz-x") shows its own maps only.
    @Test func eachMacroShowsOnlyItsOwnShmooMaps() {
        var trials = [TrialOutcome]()
        for m in ["sig", "sig-nominal"] { for d in 0..<2 {
            trials.append(TrialOutcome(macro: m, kind: "digital", corner: Self.corners[0], die: d, accuracy: 0.9, degradationPP: 0,
                                       diverged: false, forwardMACRMS: 0, backwardMACRMS: 0, clockMHz: 100, worstSlackNS: 1))
        } }
        let summary = SweepSummary(trials, macros: ["sig", "sig-nominal"], corners: [Self.corners[0]], criterion: YieldCriterion())
        let d = ReportDocument(ReportInput(sweepName: "p", sweepFile: "p.toml", seed: 1, version: "t", specHash: "h", started: "now",
                                           trials: 4, cpuSeconds: 1, hosts: 1, summary: summary, bitcell: []))
        #expect(d.markdown.components(separatedBy: "](shmoo-sig-nominal-SS.svg)").count == 2)
        #expect(d.markdown.components(separatedBy: "](shmoo-sig-SS.svg)").count == 2)
        #expect(d.html.components(separatedBy: "<div class=\"shmoo\">").count == 3)  // one map per macro
        // and an all-zero MAC error draws on a linear axis, with a note, instead of trapping
        let mac = d.charts.first { $0.file == "mac-error.svg" }
        #expect(mac?.svg.contains("no positive values: linear axis") == true)
    }

    @Test func cornerTablesAndHeadlineShowTheClock() {
        let d = Self.doc
        #expect(d.cornerHeader("d-400MHz") == ["corner", "dies", "mean degradation (pp)", "p95 degradation (pp)", "yield [interval]",
                                                "diverged", "clock (MHz)", "dies with timing errors", ""])
        let row = d.cornerRows("d-400MHz")[0]
        #expect(row[0] == "SS_0.6V_-40C" && row[6] == "400" && row[7] == "3" && row[8] == "fail", "\(row)")
        #expect(d.headline[1].contains("Clock (slowest die): 400 MHz at 0.6 V, 400 MHz at 0.9 V; 12 of 16 trials free of timing errors."),
                "\(d.headline[1])")
    }

    /// The analog macro's slowest conversion per VDD (fixture: 2 + corner index + die/2 ns; corners 0–1
    /// at 0.6 V, 2–3 at 0.8 V, 4–5 at 1.0 V, 6 at 0.9 V; dies 0–3) and its worst corner-mean clip rate
    /// (dies 0–3 at 0, 0.1, 0.2, 0.3 %: 0.15 %).
    @Test func headlineShowsTheAnalogConversionTime() {
        let h = ReportDocument(Fixture.input).headline
        #expect(h[0].hasSuffix(" Conversion (slowest die): 4.5 ns at 0.6 V, 6.5 ns at 0.8 V, 9.5 ns at 0.9 V, 8.5 ns at 1 V; ADC clip rate at most 0.15 % (corner mean)."),
                "\(h[0])")
        #expect(!h[1].contains("Conversion"))
    }
}
