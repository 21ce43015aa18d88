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
        guard f.count == 7 + TrialResult.fieldNames.count, let id = Int(f[0]), id >= 0, !f[1].isEmpty,
              let p = ProcessCorner(rawValue: String(f[3])), let v = Double(f[4]), let t = Double(f[5]), let d = Int(f[6]),
              let r = TrialResult(fieldValues: Array(f[7...])) else { return nil }
        self.init(trial: id, macro: String(f[1]), kind: String(f[2]), corner: Corner(process: p, vdd: v, temperatureC: t),
                  die: d, result: r)
    }

    /// What the aggregator needs.
    public var outcome: TrialOutcome {
        TrialOutcome(macro: macro, kind: kind, corner: corner, die: die, accuracy: result.accuracy,
                     degradationPP: result.degradationPP, diverged: result.status == .diverged,
                     forwardMACRMS: result.forwardMACRMS, backwardMACRMS: result.backwardMACRMS,
                     timingErrorEvents: result.timingErrorEvents, clockMHz: result.clockMHz, worstSlackNS: result.worstSlackNS)
    }
}
