import Calibration
import Foundation

/// The calibration's overlay figure: for each device, I_D–V_GS at |V_DS| = VDD nominal on a log axis,
/// ngspice as markers and the fitted model as lines, one colour per temperature — one chart per
/// device, stacked into a single standalone SVG.
public enum CalibrationFigure {
    public static func charts(_ r: CalibrationResult) -> [SeriesChart] {
        var seen = Set<String>()
        let devices = r.curves.map(\.device).filter { seen.insert($0).inserted }
        return devices.map { d in
            let curves = r.curves.filter { $0.device == d }
            var series: [SeriesChart.Series] = []
            for c in curves {
                let t = String(format: "%.0f °C", c.temperatureC)
                series.append(.init(name: "model \(t)", points: zip(c.vgs, c.modelA).map { .init(x: $0, y: $1 * 1e6) }, connect: true))
                series.append(.init(name: "ngspice \(t)", points: zip(c.vgs, c.spiceA).map { .init(x: $0, y: $1 * 1e6) }, connect: false))
            }
            let vds = curves.first?.vds ?? 0
            var chart = SeriesChart(title: "\(d): I_D vs |V_GS| at |V_DS| = \(String(format: "%.2f", vds)) V (\(r.modelFile), \(r.nmos)/\(r.pmos))",
                                    xLabel: "|V_GS| (V)", yLabel: "|I_D| (µA)", series: series)
            chart.yKind = .log10
            chart.plotHeight = 260
            chart.plotWidth = 560
            if let e = r.logErrors.filter({ $0.device == d }).map(\.rmsDecades).max() {
                chart.notes = [String(format: "log-current RMS error ≤ %.3f decades at every temperature", e)]
            }
            return chart
        }
    }

    /// Every device's chart stacked in one SVG.
    public static func svg(_ r: CalibrationResult) -> String {
        let docs = charts(r).map(\.document)
        let width = docs.map(\.width).max() ?? 0, height = docs.map(\.height).reduce(0, +)
        var y = 0.0
        var body = ""
        for d in docs {
            body += "<g transform=\"translate(0,\(SVGDocument.n(y)))\">" + d.svg + "</g>"
            y += d.height
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(SVGDocument.n(width))\" height=\"\(SVGDocument.n(height))\" viewBox=\"0 0 \(SVGDocument.n(width)) \(SVGDocument.n(height))\" font-family=\"sans-serif\" role=\"img\"><title>cimpvt calibrate: ngspice and fitted model I-V curves</title>" + body + "</svg>"
    }
}
