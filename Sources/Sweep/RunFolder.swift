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
        guard FileManager.default.fileExists(atPath: directory + "/manifest.json") else {
            throw SweepError("\(directory): no manifest.json; not a cimpvt results folder")
        }
        manifest = try RunManifest.read(directory + "/manifest.json")
        spec = try Self.verifySweepFile(directory, manifest: manifest)
        let shard = try Shard(parsing: manifest.shard)
        rows = try TrialJournal.read(path: directory + "/trials.csv", spec: spec, shard: shard).sorted { $0.trial < $1.trial }
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

    /// The folder's `sweep.toml`, parsed and checked against the manifest's spec hash (an edited copy
    /// would relabel the trials computed under the old one).
    @discardableResult
    public static func verifySweepFile(_ directory: String, manifest: RunManifest) throws -> SweepSpec {
        let path = directory + "/sweep.toml"
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw SweepError("\(path): missing or not UTF-8 text; the folder is incomplete (nothing was changed)")
        }
        let spec: SweepSpec
        let copy = directory + "/" + RunManifest.technologyCopy
        do {
            spec = try SweepFile.parse(text, file: path, defaultName: manifest.sweepName, dataDirectory: manifest.dataDirectory,
                                       technologyFile: FileManager.default.fileExists(atPath: copy) ? copy : nil)
        }
        catch let e as SpecError {
            throw SweepError("\(e.description) — the folder's copy of the sweep file was edited; nothing was changed")
        }
        guard RunManifest.specHash(spec) == manifest.specHash else {
            throw SweepError("\(path) does not match the manifest's spec hash \(manifest.specHash): it was edited after the run started; nothing was changed (restore it, or rerun with --fresh)")
        }
        return spec
    }

    /// What the sweep still needs given the folder's trials (every trial id with fixed dies; the
    /// rounds so far with adaptive die counts).
    public func plan() throws -> AdaptivePlan {
        AdaptivePlan(spec, rows: rows, criterion: try AdaptivePlan.criterion(for: spec))
    }

    /// True when the folder holds the whole sweep: every planned trial, every cell settled.
    public func isComplete() throws -> Bool { try manifest.shard == "0/1" && plan().isExhausted }

    /// The aggregate of the folder's trials, with the sweep's training-noise floor.
    public func summary() throws -> SweepSummary { try TrainingNoiseFloor.summary(rows, spec: spec, directory: directory) }
}
