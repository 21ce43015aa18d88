import Analysis
import Macros
import Sweep
import Training
import Variation

/// What a sweep ran, in the words of its sweep file: the report header's rows (workload, network,
/// scenario, epochs, data, test resolution, sampling, dies, and every macro's configuration).
public enum RunSetup {
    /// One line per macro: "analog-int8: analog, 8-bit weights (two's complement) × 8-bit inputs, 7-bit ADC over 64 rows, …".
    public static func describe(_ m: NamedMacro) -> String {
        switch m.choice {
        case .ideal:
            return "\(m.name): ideal (exact FP32 products)"
        case .digital(let c):
            return "\(m.name): digital \(c.format.rawValue) \(c.mode.rawValue), \(c.bits)-bit mantissa (\(c.encoding.rawValue)), \(c.alignment.rawValue) alignment, clock \(c.clock.name)"
                + (c.mismatchScale != 1 ? ", mismatch × \(c.mismatchScale)" : "")
        case .analog(let c):
            return "\(m.name): analog, \(c.weightBits)-bit weights (\(c.weightEncoding.rawValue)) × \(c.inputBits)-bit inputs, \(c.adcBits)-bit ADC over "
                + (c.adcRange.map { String(format: "%g", $0) } ?? "\(c.rowsOn)") + " of \(c.rowsOn) rows, calibration \(c.calibration.rawValue), offsets \(c.offsets.rawValue)"
                + (c.readNoise ? "" : ", no read noise") + (c.mismatchScale != 1 ? ", mismatch × \(c.mismatchScale)" : "")
        }
    }

    /// Which technology card the dies were built from: a technology file (its first comment line says
    /// what it was fitted to), the built-in card with overrides, or the built-in card.
    static func technology(_ spec: SweepSpec) -> String {
        if let text = spec.technologyFileText {
            let first = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            let origin = first.hasPrefix("#") ? first.drop { $0 == "#" || $0 == " " } : ""
            return "technology file" + (origin.isEmpty ? "" : " (\(origin))")
                + (spec.technology != TechnologyCard() ? "" : ", equal to the built-in card")
        }
        return spec.technology == TechnologyCard() ? "built-in 28 nm-class card (docs/models.md)"
            : "built-in 28 nm-class card with the sweep file's [technology] overrides"
    }

    /// The header rows; `testImages` from the training-noise floor when measured.
    public static func rows(_ spec: SweepSpec, testImages: Int?) -> [(String, String)] {
        let w = spec.workload, t = w.training
        var rows: [(String, String)] = [
            ("workload", "\(w.workload.rawValue) (\(w.workload.inputShape.height)×\(w.workload.inputShape.width)\(w.workload.inputShape.channels > 1 ? "×\(w.workload.inputShape.channels)" : "") images, \(w.workload.rows) in all\(w.workload.customData.map { ", your files, SHA-256 " + $0.sha256.map { String($0.prefix(8)) }.joined(separator: " ") } ?? "")), scenario \(w.scenario.rawValue)"
                + (w.trainImages.map { ", a stratified \($0) training images" } ?? "") + (w.testImages.map { ", \($0) test images" } ?? "")
                + (w.variesPerDie ? ", its own split and order per die" : "")),
            ("network", w.network.summary(input: w.workload.inputShape) + ", ReLU, softmax cross-entropy"),
            ("training", (w.scenario == .finetune
                ? "FP32 pre-training \(t.epochs) epochs on clean images, then \(w.dieEpochs) epoch\(w.dieEpochs == 1 ? "" : "s") on the die on shifted images"
                    + (w.finetuneImages.map { " (a stratified \($0))" } ?? "")
                : "\(t.epochs) epochs")
                + ", batch \(t.batchSize), SGD learning rate \(t.learningRate), momentum \(t.momentum); forward, backward (transposed read) and weight writes on the die's macros"),
        ]
        if let n = testImages { rows.append(("test set", "\(n) images: one image = \(String(format: "%.2f", 100 / Double(n))) pp")) }
        let sampling = spec.corners.contains { $0.process == .population }
            ? (spec.corners.allSatisfy { $0.process == .population } ? "population (each die its own global draw)" : "process corners and the population")
            : "process corners (±3σ global, plus die residual and local mismatch)"
        rows.append(("sampling", sampling))
        rows.append(("technology", technology(spec)))
        rows.append(("dies", spec.adaptiveDies.map { "adaptive: \($0.minDies) to \($0.maxDies) per corner, until the yield interval is ±\(String(format: "%g", $0.targetHalfWidth))" }
            ?? "\(spec.diesPerCorner) per corner"))
        rows += spec.macros.map { ("macro", describe($0)) }
        return rows
    }
}
