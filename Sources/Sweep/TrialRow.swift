import Analysis
import Training
import Variation

/// One line of `trials.csv`: which trial (id, macro, corner, die) and what it computed
/// (results/README.md lists every column with its unit).
public struct TrialRow: Sendable, Hashable {
    public let trial: Int
    public let macro: String
    public let kind: String
    public let corner: Corner
    public let die: Int
    public let result: TrialResult

    /// Column names, in order.
    public static let header = (["trial", "macro", "kind", "process", "vdd", "temperature", "die"] + TrialResult.fieldNames)
        .joined(separator: ",")

    public init(trial: Int, macro: String, kind: String, corner: Corner, die: Int, result: TrialResult) {
        self.trial = trial
        self.macro = macro
        self.kind = kind
        self.corner = corner
        self.die = die
        self.result = result
    }

    /// The CSV line (no newline). Numbers in Swift's shortest round-trip form: identical bytes on
    /// every machine for identical results.
    public var line: String {
        ([String(trial), macro, kind, corner.process.rawValue, "\(corner.vdd)", "\(corner.temperatureC)", String(die)]
            + result.fields.map(\.value)).joined(separator: ",")
    }

    /// Parses a line written by ``line``; nil for anything else (a torn or foreign line).
    public init?(line: Substring) {
        let f = line.split(separator: ",", omittingEmptySubsequences: false)
        // degradation_pp is derived: the line must carry exactly the value the result computes
        guard f.count == 7 + TrialResult.fieldNames.count, let id = Int(f[0]), id >= 0, !f[1].isEmpty,
              let p = ProcessCorner(rawValue: String(f[3])), let v = Double(f[4]), let t = Double(f[5]), let d = Int(f[6]),
              let r = TrialResult(fieldValues: Array(f[7...])), f[9] == Substring("\(r.degradationPP)") else { return nil }
        self.init(trial: id, macro: String(f[1]), kind: String(f[2]), corner: Corner(process: p, vdd: v, temperatureC: t),
                  die: d, result: r)
    }

    /// Why this row is not a trial of `spec`'s `shard` as the engine computes it, or nil: the id must
    /// be in the shard, its macro, kind, corner and die those the plan gives the id, and every number
    /// finite and in its range (accuracies in [0, 1], degradation = (baseline − accuracy) × 100 to the
    /// bit, counts ≥ 0, MAC errors and loss ≥ 0 or NaN, a clock exactly when the macro is digital).
    public func problem(spec: SweepSpec, shard: Shard) -> String? {
        let dies = spec.diesPerCorner, macros = spec.macros.count
        guard trial >= 0, trial < spec.trialCount else { return "trial \(trial) is not in this sweep of \(spec.trialCount) trials" }
        guard shard.contains(trial) else { return "trial \(trial) does not belong to shard \(shard)" }
        let d = trial % dies, m = (trial / dies) % macros, c = trial / (dies * macros)
        let macro = spec.macros[m], corner = spec.corners[c]
        guard self.macro == macro.name, kind == macro.choice.kind else {
            return "trial \(trial) is macro \(macro.name) (\(macro.choice.kind)), the line says \(String(SafeName.printable(self.macro).prefix(60))) (\(String(SafeName.printable(kind).prefix(60))))"
        }
        guard self.corner == corner, die == d else {
            return "trial \(trial) is die \(d) at \(corner.label), the line says die \(die) at \(self.corner.label)"
        }
        let r = result
        guard (0...1).contains(r.accuracy), (0...1).contains(r.baselineAccuracy) else { return "an accuracy outside [0, 1]" }
        // A diverged trial may end with a NaN MAC error or an infinite loss; nothing is negative.
        let nonNegativeOrNaN = { (x: Double) in x.isNaN || x >= 0 }
        guard nonNegativeOrNaN(r.forwardMACRMS), nonNegativeOrNaN(r.backwardMACRMS), nonNegativeOrNaN(r.finalLoss) else {
            return "a negative MAC error or loss"
        }
        guard r.status == .diverged || [r.forwardMACRMS, r.backwardMACRMS, r.finalLoss].allSatisfy({ $0.isNaN || $0.isFinite }) else {
            return "an infinite MAC error or loss on a trial that did not diverge"
        }
        guard r.timingErrorEvents >= 0, r.failingCells >= 0, r.steps >= 0 else { return "a negative count" }
        guard (r.clockMHz != nil) == (kind == "digital") else { return "a clock on a \(kind) macro, or none on a digital one" }
        guard (r.conversionNS != nil) == (kind == "analog") else {
            return "a conversion time on a \(kind) macro, or none on an analog one"
        }
        guard (r.energyJ != nil) == (kind != "ideal") else { return "an energy on an ideal macro, or none on a \(kind) one" }
        return nil
    }

    /// What the aggregator needs.
    public var outcome: TrialOutcome {
        TrialOutcome(macro: macro, kind: kind, corner: corner, die: die, accuracy: result.accuracy,
                     degradationPP: result.degradationPP, diverged: result.status == .diverged,
                     forwardMACRMS: result.forwardMACRMS, backwardMACRMS: result.backwardMACRMS,
                     timingErrorEvents: result.timingErrorEvents, clockMHz: result.clockMHz, worstSlackNS: result.worstSlackNS,
                     conversionNS: result.conversionNS, adcClipRate: result.adcClipRate, energyJ: result.energyJ,
                     topsPerW: result.topsPerW, gops: result.gops)
    }
}
