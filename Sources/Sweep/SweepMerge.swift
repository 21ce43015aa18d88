import Analysis
import Foundation

/// `cimpvt merge`: combines the folders of shards (or of any partial runs of one sweep) into one run
/// (docs/sweeps.md, "Shards").
public enum SweepMerge {
    public struct Report {
        /// The lock of the merged folder, held until the caller releases it (after writing the report).
        public let lock: RunFolderLock
        public let trials: Int
        public let total: Int
        /// Planned trial ids no folder holds, ascending: trials a shard has not finished, or with
        /// adaptive die counts also the next round the finished ones call for.
        public let missing: [Int]
        /// Whether the sweep has adaptive die counts (then missing trials are run by the shards again
        /// with `--plan-from` the merged folder, and merged once more).
        public let adaptive: Bool
        public let summary: SweepSummary?
    }

    /// Checks that every folder's manifest describes the same computation, rejects a trial present
    /// in two folders, and writes the combined run into `into`, which must not hold a run already —
    /// unless it holds an earlier merge of the same sweep whose every trial the inputs still hold (the
    /// previous round of a sharded adaptive sweep, or a merge done before a failed shard was rerun):
    /// that one is replaced.
    public static func merge(_ dirs: [String], into: String) throws -> Report {
        guard !dirs.isEmpty else { throw SweepError("merge needs at least one folder") }
        let fm = FileManager.default
        let canonical = { (p: String) in URL(fileURLWithPath: p).standardizedFileURL.resolvingSymlinksInPath().path }
        if let d = dirs.first(where: { canonical($0) == canonical(into) }) { throw SweepError("\(d) is both an input and --into; merge into a new folder") }
        guard Set(dirs.map(canonical)).count == dirs.count else { throw SweepError("a folder is named twice; nothing was written") }
        let manifests = try dirs.map { d -> RunManifest in
            guard fm.fileExists(atPath: d + "/manifest.json") else { throw SweepError("\(d): no manifest.json; not a cimpvt run folder") }
            return try RunManifest.read(d + "/manifest.json")
        }
        // No shard may still be written while it is merged (a folder this process cannot write, such as
        // a read-only archive, cannot be written by a sweep either, and is read without its lock).
        let inputLocks = try dirs.compactMap { d -> RunFolderLock? in
            if access(d, W_OK) != 0 { return nil }
            return try RunFolderLock(directory: d)
        }
        defer { inputLocks.forEach { $0.release() } }
        for (d, m) in zip(dirs, manifests).dropFirst() where !m.sameComputation(as: manifests[0]) {
            throw SweepError("""
                \(d) does not match \(dirs[0]): spec \(m.specHash) vs \(manifests[0].specHash), seed \(m.seed) vs \(manifests[0].seed), \
                cimpvt \(m.version) vs \(manifests[0].version), \(m.trialsTotal) vs \(manifests[0].trialsTotal) trials; nothing was written
                """)
        }
        var specs = [SweepSpec]()
        for (d, m) in zip(dirs, manifests) { specs.append(try RunFolder.verifySweepFile(d, manifest: m)) }
        let spec = specs[0]
        var byId = [Int: (row: TrialRow, dir: String)]()
        for (d, m) in zip(dirs, manifests) {
            let shard = try Shard(parsing: m.shard)
            for r in try TrialJournal.read(path: d + "/trials.csv", spec: spec, shard: shard) {
                if let other = byId[r.trial] {
                    throw SweepError("trial \(r.trial) is in both \(other.dir) and \(d); merge takes each trial from one folder only; nothing was written")
                }
                byId[r.trial] = (r, d)
            }
        }
        let claim = try ResultsFolder.claim(into)
        var manifest = RunManifest(spec: spec, shard: .whole, trialsInShard: spec.trialCount, mergedFrom: dirs)
        if let old = claim.manifest {
            let replaceable = !old.mergedFrom.isEmpty && old.sameComputation(as: manifest) && old.shard == "0/1"
                && (try? TrialJournal.read(path: into + "/trials.csv", spec: spec, shard: .whole))?.allSatisfy({ byId[$0.trial] != nil }) == true
            guard replaceable else {
                claim.lock.release()
                throw SweepError("\(into) already holds a run that is not an earlier merge of these folders; merge into a new folder (nothing was written)")
            }
            ResultsFolder.removeEngineFiles(into, manifest: old)
        }
        let rows = byId.values.map(\.row).sorted { $0.trial < $1.trial }
        let plan = AdaptivePlan(spec, rows: rows, criterion: try AdaptivePlan.criterion(for: spec))
        if let first = plan.unplanned.first {
            claim.lock.release()
            throw SweepError("\(byId[first]!.dir) holds trial \(first), which no round of the adaptive die counts plans; it was edited or comes from elsewhere — nothing was written")
        }
        let sweepText = try String(contentsOfFile: dirs[0] + "/sweep.toml", encoding: .utf8)
        try AtomicFile.write(sweepText, to: into + "/sweep.toml")
        if let t = spec.technologyFileText { try AtomicFile.write(t, to: into + "/" + RunManifest.technologyCopy) }
        manifest.started = manifests.map(\.started).min() ?? manifest.started
        try manifest.write(into + "/manifest.json")
        try TrialJournal.write(rows, to: into + "/trials.csv")
        // Timings: every folder's lines for the trials taken from it, in trial order.
        var timing = [Int: String]()
        for d in dirs {
            for (id, l) in TimingLog.lines(path: d + "/timings.csv") where byId[id]?.dir == d { timing[id] = String(l) }
        }
        try AtomicFile.write(([TimingLog.header] + timing.keys.sorted().map { timing[$0]! }).map { $0 + "\n" }.joined(),
                             to: into + "/timings.csv")
        // A fine-tune's FP32 pre-training: the same content key in every folder, so the first copy serves
        // (the merged summary's noise floor and later reports load it instead of training it again).
        var copied = Set<String>()
        for d in dirs {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: d)) ?? []).filter {
                $0.hasPrefix("pretrained-") && $0.hasSuffix(".txt") && ResultsFolder.isPlainName($0)
            }
            for name in names.sorted() where !copied.contains(name) {
                guard let text = try? String(contentsOfFile: d + "/" + name, encoding: .utf8) else { continue }
                try AtomicFile.write(text, to: into + "/" + name)
                copied.insert(name)
            }
        }
        if !copied.isEmpty { try ResultsFolder.record(files: copied.sorted(), in: into) }
        let missing = plan.pending.map(\.id)
        let summary = missing.isEmpty ? try SummaryFiles.write(rows, spec: spec, directory: into) : nil
        return Report(lock: claim.lock, trials: rows.count, total: plan.plannedCount, missing: missing,
                      adaptive: spec.adaptiveDies != nil, summary: summary)
    }
}
