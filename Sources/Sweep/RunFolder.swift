import Analysis
import Foundation

/// A results folder read back: its manifest, spec, trials and timings (docs/sweeps.md).
public struct RunFolder: Sendable {
    public let directory: String
    public let manifest: RunManifest
    public let spec: SweepSpec
    public let rows: [TrialRow]
    /// Sum of the trials' wall seconds and the distinct hosts in timings.csv.
    public let cpuSeconds: Double
    public let hosts: Int
    /// Seconds from the manifest's start to the last trial's finish (nil without timings).
    public let wallSeconds: Double?

    public init(_ directory: String) throws {
        self.directory = directory
        manifest = try RunManifest.read(directory + "/manifest.json")
        let text = try String(contentsOfFile: directory + "/sweep.toml", encoding: .utf8)
        spec = try SweepFile.parse(text, file: directory + "/sweep.toml", defaultName: manifest.sweepName)
        rows = try TrialJournal.read(path: directory + "/trials.csv", header: TrialRow.header).sorted { $0.trial < $1.trial }
        var seconds = 0.0, hostSet = Set<Substring>(), last: Date? = nil
        let iso = ISO8601DateFormatter()
        for (_, l) in TimingLog.lines(path: directory + "/timings.csv") {
            let f = l.split(separator: ",")
            if f.count >= 3, let s = Double(f[1]) { seconds += s; hostSet.insert(f[2]) }
            if f.count >= 4, let d = iso.date(from: String(f[3])) { last = max(last ?? d, d) }
        }
        cpuSeconds = seconds
        hosts = hostSet.count
        let started = iso.date(from: manifest.started)
        if let l = last, let s = started { wallSeconds = l.timeIntervalSince(s) } else { wallSeconds = nil }
    }

    /// True when every trial of the sweep is in the folder.
    public var isComplete: Bool { rows.count == spec.trialCount && manifest.shard == "0/1" }

    /// The aggregate of the folder's trials.
    public var summary: SweepSummary {
        SweepSummary(rows.map(\.outcome), macros: spec.macros.map(\.name), corners: spec.corners, criterion: spec.yieldCriterion)
    }
}
