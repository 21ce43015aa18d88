import Analysis
import Foundation

/// `cimpvt merge`: combines the folders of shards (or of any partial runs of one sweep) into one run
/// (docs/sweeps.md, "Shards").
public enum SweepMerge {
    public struct Report: Sendable {
        public let trials: Int
        public let total: Int
        /// Trial ids of the sweep no folder holds, ascending.
        public let missing: [Int]
        public let summary: SweepSummary?
    }

    /// Checks that every folder's manifest describes the same computation, rejects a trial present
    /// in two folders, and writes the combined run into `into` (which must not hold a run already).
    public static func merge(_ dirs: [String], into: String) throws -> Report {
        guard !dirs.isEmpty else { throw SweepError("merge needs at least one folder") }
        let fm = FileManager.default
        let manifests = try dirs.map { d -> RunManifest in
            guard fm.fileExists(atPath: d + "/manifest.json") else { throw SweepError("\(d): no manifest.json; not a cimpvt run folder") }
            return try RunManifest.read(d + "/manifest.json")
        }
        for (d, m) in zip(dirs, manifests).dropFirst() where !m.sameComputation(as: manifests[0]) {
            throw SweepError("""
                \(d) does not match \(dirs[0]): spec \(m.specHash) vs \(manifests[0].specHash), seed \(m.seed) vs \(manifests[0].seed), \
                cimpvt \(m.version) vs \(manifests[0].version), \(m.trialsTotal) vs \(manifests[0].trialsTotal) trials; nothing was written
                """)
        }
        var byId = [Int: (row: TrialRow, dir: String)]()
        for d in dirs {
            for r in try TrialJournal.read(path: d + "/trials.csv", header: TrialRow.header) {
                if let other = byId[r.trial] {
                    throw SweepError("trial \(r.trial) is in both \(other.dir) and \(d); merge takes each trial from one folder only; nothing was written")
                }
                byId[r.trial] = (r, d)
            }
        }
        if fm.fileExists(atPath: into + "/manifest.json") || fm.fileExists(atPath: into + "/trials.csv") {
            throw SweepError("\(into) already holds a run; merge into a new folder (nothing was written)")
        }
        let sweepText = try String(contentsOfFile: dirs[0] + "/sweep.toml", encoding: .utf8)
        let spec = try SweepFile.parse(sweepText, file: dirs[0] + "/sweep.toml", defaultName: manifests[0].sweepName)
        guard RunManifest.specHash(spec) == manifests[0].specHash else {
            throw SweepError("\(dirs[0])/sweep.toml does not match its manifest's spec hash; was it edited?")
        }
        try fm.createDirectory(atPath: into, withIntermediateDirectories: true)
        try AtomicFile.write(sweepText, to: into + "/sweep.toml")
        var manifest = RunManifest(spec: spec, shard: .whole, trialsInShard: spec.trialCount, mergedFrom: dirs)
        manifest.started = manifests.map(\.started).min() ?? manifest.started
        try manifest.write(into + "/manifest.json")
        let rows = byId.values.map(\.row).sorted { $0.trial < $1.trial }
        try TrialJournal.write(rows, to: into + "/trials.csv")
        // Timings: every folder's lines for the trials taken from it, in trial order.
        var timing = [Int: String]()
        for d in dirs {
            for (id, l) in TimingLog.lines(path: d + "/timings.csv") where byId[id]?.dir == d { timing[id] = String(l) }
        }
        try AtomicFile.write(([TimingLog.header] + timing.keys.sorted().map { timing[$0]! }).map { $0 + "\n" }.joined(),
                             to: into + "/timings.csv")
        let missing = (0..<spec.trialCount).filter { byId[$0] == nil }
        let summary = missing.isEmpty ? try SummaryFiles.write(rows, spec: spec, directory: into) : nil
        return Report(trials: rows.count, total: spec.trialCount, missing: missing, summary: summary)
    }
}
