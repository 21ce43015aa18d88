import Analysis
import BLAS
import Foundation
import Training
import Variation

/// Runs a sweep (or one shard of it) into a results folder: trials in parallel, each appended to the
/// journal as it finishes, resumable after a kill at any moment (docs/sweeps.md).
///
/// Folder contents: `sweep.toml` (a copy of the sweep file), `manifest.json`, `trials.csv` (only what
/// trials compute; byte-identical for any number of jobs or shards once complete), `timings.csv`
/// (wall time and host per trial), and when the folder holds the whole sweep, `summary.csv`,
/// `summary.json` and `paired.csv`.
public final class SweepRunner {
    public struct Options: Sendable {
        public var jobs = max(1, ProcessInfo.processInfo.activeProcessorCount)
        public var shard = Shard.whole
        /// Discard whatever the folder holds instead of refusing a changed spec.
        public var fresh = false
        /// Print a progress line on stderr (only when it is a terminal).
        public var progress = true
        /// Stop (without error) after this many new trials: for tests of resumption.
        public var stopAfter: Int? = nil
        /// The most trials this run (the shard) may plan (`--max-trials`).
        public var maxTrials = SweepPlan.defaultMaxTrials
        public init() {}
    }

    /// How a run ended.
    public struct Outcome: Sendable {
        /// Trials of the shard finished (before and during this run) and in total.
        public let completed: Int
        public let total: Int
        /// Trials computed by this run.
        public let computedNow: Int
        public let seconds: Double
        /// The aggregate, when the folder holds every trial of the sweep.
        public let summary: SweepSummary?
        public var isComplete: Bool { completed == total }
    }

    public let spec: SweepSpec
    public let sweepText: String
    public let directory: String
    public let options: Options
    /// The folder's lock, held from the start of ``run()`` until this runner is released (the command
    /// keeps it while it writes the report).
    public private(set) var lock: RunFolderLock?

    public init(spec: SweepSpec, sweepText: String, directory: String, options: Options) {
        self.spec = spec
        self.sweepText = sweepText
        self.directory = directory
        self.options = options
    }

    var manifestPath: String { directory + "/manifest.json" }
    var trialsPath: String { directory + "/trials.csv" }
    var timingsPath: String { directory + "/timings.csv" }

    public func run() throws -> Outcome {
        let start = Date()
        let planner = SweepPlan(spec)
        try planner.checkSize(of: options.shard, maxTrials: options.maxTrials)
        let plan = planner.trials(in: options.shard)
        let manifest = RunManifest(spec: spec, shard: options.shard, trialsInShard: plan.count)
        try prepareDirectory(manifest)
        let rows = try TrialJournal.read(path: trialsPath, spec: spec, shard: options.shard)
        let seen = Set(rows.map(\.trial))
        let journal = TrialJournal(path: trialsPath)
        try journal.open(keeping: rows)
        let timings = try TimingLog(path: timingsPath, keeping: seen)
        let todo = plan.filter { !seen.contains($0.id) }
        let limit = min(todo.count, options.stopAfter ?? todo.count)
        let state = RunState(rows: rows)
        if limit > 0 {
            let data = try Dataset.shipped(spec.workload.workload)
            let cache = WorkloadCache(spec: spec.workload, data: data)
            let progress = ProgressLine(total: plan.count, alreadyDone: rows.count, enabled: options.progress && isatty(2) == 1)
            let host = ProcessInfo.processInfo.hostName
            let work: @Sendable (Int) throws -> Void = { [spec] i in
                let t = todo[i]
                let corner = spec.corners[t.cornerIndex], macro = spec.macros[t.macroIndex]
                let began = Date()
                let workload = try cache.workload(seed: spec.workload.workloadSeed(master: spec.seed, dieIndex: t.die))
                let result = try DieTrial(corner: corner, dieIndex: t.die, macro: macro.choice, masterSeed: spec.seed,
                                          card: spec.technology).run(workload)
                let row = TrialRow(trial: t.id, macro: macro.name, kind: macro.choice.kind, corner: corner, die: t.die, result: result)
                try state.record(row) {
                    try journal.append(row)
                    timings.append(trial: t.id, seconds: Date().timeIntervalSince(began), host: host)
                }
                progress.advance()
            }
            try ParallelLoop.run(count: limit, jobs: options.jobs, body: work)
            progress.finish()
        }
        let all = state.rows
        try timings.close()
        let complete = all.count == plan.count
        var summary: SweepSummary? = nil
        if complete {
            try journal.finalize(rows: all)
            if options.shard.count == 1 {
                summary = try SummaryFiles.write(all, spec: spec, directory: directory)
            }
        } else {
            try journal.close()
        }
        return Outcome(completed: all.count, total: plan.count, computedNow: all.count - rows.count,
                       seconds: Date().timeIntervalSince(start), summary: summary)
    }

    /// Claims the folder (lock, ownership), then starts it, resumes it or refuses it (a different
    /// computation), or with `fresh` removes what the engine wrote there before.
    private func prepareDirectory(_ manifest: RunManifest) throws {
        // A different computation is refused before the lock is touched, so a refused run writes nothing.
        if !options.fresh, let old = try? RunManifest.read(manifestPath) { try refuseDifferent(old, manifest) }
        let claim = try ResultsFolder.claim(directory)
        lock = claim.lock
        if let old = claim.manifest {
            if options.fresh {
                ResultsFolder.removeEngineFiles(directory, manifest: old)
            } else {
                try refuseDifferent(old, manifest)
                try RunFolder.verifySweepFile(directory, manifest: old)
                return
            }
        }
        try AtomicFile.write(sweepText, to: directory + "/sweep.toml")
        try manifest.write(manifestPath)
    }

    /// Throws unless trials of `old`'s run can be continued under `manifest`.
    private func refuseDifferent(_ old: RunManifest, _ manifest: RunManifest) throws {
        guard old.sameComputation(as: manifest), old.shard == manifest.shard else {
            throw SweepError("""
                \(directory) holds a run of a different sweep (spec \(old.specHash), shard \(old.shard), \
                cimpvt \(old.version)); this one is spec \(manifest.specHash), shard \(manifest.shard), cimpvt \(manifest.version). \
                Nothing was changed. Use another --out folder, or --fresh to discard that run.
                """)
        }
    }
}

/// The rows of a run, guarded for the workers.
final class RunState: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [TrialRow]
    init(rows: [TrialRow]) { storage = rows }
    var rows: [TrialRow] { lock.withLock { storage } }
    /// Adds a row and runs `persist` (the journal append) under the same lock, so lines never interleave.
    func record(_ row: TrialRow, persist: () throws -> Void) throws {
        try lock.withLock {
            try persist()
            storage.append(row)
        }
    }
}
