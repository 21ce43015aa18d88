import Analysis
import Foundation
import Variation

/// `summary.csv`, `summary.json` and `paired.csv` of a complete run (columns in results/README.md).
public enum SummaryFiles {
    public static let summaryHeader = "macro,kind,corner,process,vdd,temperature,n,accuracy_mean,accuracy_sd,accuracy_min,accuracy_p5,accuracy_p50,accuracy_p95,degradation_mean,degradation_p95,yield,yield_low,yield_high,diverged,fwd_mac_rms,bwd_mac_rms,clock_mhz_mean,clock_mhz_min,worst_slack_ns,timing_clean,conversion_ns_max,adc_clip_rate,energy_j_mean,tops_per_w_mean,gops_mean"
    public static let pairedHeader = "corner,process,vdd,temperature,first,second,pairs,difference_mean,difference_low,difference_high"

    /// Aggregates `rows` and writes the three files atomically.
    @discardableResult
    public static func write(_ rows: [TrialRow], spec: SweepSpec, directory: String) throws -> SweepSummary {
        let s = try TrainingNoiseFloor.summary(rows, spec: spec, directory: directory)
        try AtomicFile.write(csv(s), to: directory + "/summary.csv")
        try AtomicFile.write(pairedCSV(s), to: directory + "/paired.csv")
        try AtomicFile.write(json(s), to: directory + "/summary.json")
        try ResultsFolder.record(files: ["summary.csv", "paired.csv", "summary.json"], in: directory)
        return s
    }

    static func cornerFields(_ c: Corner) -> [String] { [c.label, c.process.rawValue, "\(c.vdd)", "\(c.temperatureC)"] }

    public static func csv(_ s: SweepSummary) -> String {
        var lines = [summaryHeader]
        for c in s.cells {
            let a = c.accuracy, d = c.degradation
            lines.append(([c.macro, c.kind] + cornerFields(c.corner) + [
                "\(c.count)", "\(a.mean)", "\(a.standardDeviation)", "\(a.min)", "\(a.quantile(0.05))", "\(a.quantile(0.5))",
                "\(a.quantile(0.95))", "\(d.mean)", "\(d.quantile(0.95))", "\(c.yield.estimate)", "\(c.yield.low)", "\(c.yield.high)",
                "\(c.diverged)", "\(c.forwardMACRMS)", "\(c.backwardMACRMS)",
                c.clockMHzMean.map { "\($0)" } ?? "", c.clockMHzMin.map { "\($0)" } ?? "", c.worstSlackNS.map { "\($0)" } ?? "",
                "\(c.timingCleanDies)", c.conversionNSMax.map { "\($0)" } ?? "", c.adcClipRateMean.map { "\($0)" } ?? "",
                c.energyJMean.map { "\($0)" } ?? "", c.topsPerWMean.map { "\($0)" } ?? "", c.gopsMean.map { "\($0)" } ?? "",
            ]).joined(separator: ","))
        }
        return lines.map { $0 + "\n" }.joined()
    }

    public static func pairedCSV(_ s: SweepSummary) -> String {
        var lines = [pairedHeader]
        for p in s.paired {
            lines.append((cornerFields(p.corner) + [p.first, p.second, "\(p.pairs)", "\(p.mean)", p.low.map { "\($0)" } ?? "", p.high.map { "\($0)" } ?? ""])
                .joined(separator: ","))
        }
        return lines.map { $0 + "\n" }.joined()
    }

    static func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }
    static func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }

    public static func json(_ s: SweepSummary) -> String {
        var out = "{\n"
        out += "  \"criterion\": {\"max_degradation_pp\": \(number(s.criterion.maxDegradationPP)), \"confidence\": \(number(s.criterion.confidence)), \"interval\": \(quoted(s.criterion.interval.rawValue)), \"relative_to_noise\": \(s.criterion.relativeToNoise), \"threshold_pp\": \(number(s.criterion.thresholdPP))},\n"
        out += "  \"training_noise\": " + (s.noise.map { n in
            "{\"runs\": \(n.runs), \"degradation_pp\": [\(n.degradationsPP.map(number).joined(separator: ", "))], \"mean_pp\": \(number(n.meanPP)), \"sd_pp\": \(number(n.sdPP)), \"band_low_pp\": \(number(n.band?.low ?? .nan)), \"band_high_pp\": \(number(n.band?.high ?? .nan)), \"test_images\": \(n.testImages), \"image_pp\": \(number(n.imagePP)), \"cautions\": [\(n.cautions(maxDegradationPP: s.criterion.maxDegradationPP).map(quoted).joined(separator: ", "))]}"
        } ?? "null") + ",\n"
        out += "  \"cells\": [\n"
        out += s.cells.map { c in
            let a = c.accuracy, d = c.degradation
            return "    {\"macro\": \(quoted(c.macro)), \"kind\": \(quoted(c.kind)), \"corner\": \(quoted(c.corner.label)), \"process\": \(quoted(c.corner.process.rawValue)), \"vdd\": \(number(c.corner.vdd)), \"temperature\": \(number(c.corner.temperatureC)), \"n\": \(c.count), \"accuracy\": {\"mean\": \(number(a.mean)), \"sd\": \(number(a.standardDeviation)), \"min\": \(number(a.min)), \"p5\": \(number(a.quantile(0.05))), \"p50\": \(number(a.quantile(0.5))), \"p95\": \(number(a.quantile(0.95)))}, \"degradation_pp\": {\"mean\": \(number(d.mean)), \"p95\": \(number(d.quantile(0.95)))}, \"yield\": {\"estimate\": \(number(c.yield.estimate)), \"low\": \(number(c.yield.low)), \"high\": \(number(c.yield.high)), \"passing\": \(c.yield.successes)}, \"diverged\": \(c.diverged), \"fwd_mac_rms\": \(number(c.forwardMACRMS)), \"bwd_mac_rms\": \(number(c.backwardMACRMS)), \"clock_mhz\": \(c.clockMHzMean.map { "{\"mean\": \(number($0)), \"min\": \(number(c.clockMHzMin!))}" } ?? "null"), \"worst_slack_ns\": \(number(c.worstSlackNS ?? .nan)), \"timing_clean\": \(c.timingCleanDies), \"conversion_ns_max\": \(c.conversionNSMax.map { number($0) } ?? "null"), \"adc_clip_rate\": \(c.adcClipRateMean.map { number($0) } ?? "null"), \"energy_j_mean\": \(c.energyJMean.map { number($0) } ?? "null"), \"tops_per_w_mean\": \(c.topsPerWMean.map { number($0) } ?? "null"), \"gops_mean\": \(c.gopsMean.map { number($0) } ?? "null")}"
        }.joined(separator: ",\n")
        out += "\n  ],\n  \"paired\": [\n"
        out += s.paired.map { p in
            "    {\"corner\": \(quoted(p.corner.label)), \"first\": \(quoted(p.first)), \"second\": \(quoted(p.second)), \"pairs\": \(p.pairs), \"difference_pp\": {\"mean\": \(number(p.mean)), \"low\": \(p.low.map(number) ?? "null"), \"high\": \(p.high.map(number) ?? "null")}}"
        }.joined(separator: ",\n")
        out += "\n  ],\n  \"macros\": [\n"
        out += s.macros.map { m in
            let w = s.worstCorner[m], y = s.overallYield[m]
            let dies = (s.dies[m] ?? []).map { "{\"process\": \(quoted($0.process.rawValue)), \"die\": \($0.index), \"passing_corners\": \($0.passingCorners), \"corners\": \($0.corners)}" }
            return "    {\"macro\": \(quoted(m)), \"worst_corner\": \(w.map { quoted($0.corner.label) } ?? "null"), \"worst_corner_yield\": \(number(w?.yield.estimate ?? .nan)), \"overall_yield\": {\"estimate\": \(number(y?.estimate ?? .nan)), \"low\": \(number(y?.low ?? .nan)), \"high\": \(number(y?.high ?? .nan)), \"passing_dies\": \(y?.successes ?? 0), \"dies\": \(y?.trials ?? 0)}, \"dies\": [\(dies.joined(separator: ", "))]}"
        }.joined(separator: ",\n")
        out += "\n  ]\n}\n"
        return out
    }
}
