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
        /// A results folder holding the merged earlier rounds of this sweep (`--plan-from`): a shard of
        /// an adaptive sweep plans its next round from those rows and its own.
        public var planFrom: String? = nil
        public init() {}
    }

    /// How a run ended.
    public struct Outcome: Sendable {
        /// Trials of the shard finished (before and during this run), and planned (all of the shard's
        /// trials with fixed dies; those the rounds have planned so far with adaptive die counts).
        public let completed: Int
        public let total: Int
        /// Trials computed by this run.
        public let computedNow: Int
        public let seconds: Double
        /// The aggregate, when the folder holds every trial of the sweep.
        public let summary: SweepSummary?
        /// Whether the sweep has adaptive die counts, and whether every one of its cells is settled with
        /// every planned trial finished, as far as this run can see (its rows and `--plan-from`'s).
        public let adaptive: Bool
        public let sweepExhausted: Bool
        /// True when the shard holds every trial planned for it.
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
        let manifest = RunManifest(spec: spec, shard: options.shard, trialsInShard: planner.count(in: options.shard))
        let earlier = try options.planFrom.map { try roundsFolderRows($0, manifest: manifest) } ?? []
        try prepareDirectory(manifest)
        let rows = try TrialJournal.read(path: trialsPath, spec: spec, shard: options.shard)
        let criterion = try AdaptivePlan.criterion(for: spec)
        if options.shard.count == 1 && options.planFrom == nil {
            let unplanned = AdaptivePlan(spec, rows: rows, criterion: criterion).unplanned
            if let first = unplanned.first {
                throw SweepError("\(trialsPath) holds \(unplanned.count) trials no round of the adaptive die counts plans (first: trial \(first)); the journal was edited or comes from elsewhere — nothing was changed (move the folder away or rerun with --fresh)")
            }
        }
        let journal = TrialJournal(path: trialsPath)
        try journal.open(keeping: rows)
        let timings = try TimingLog(path: timingsPath, keeping: Set(rows.map(\.trial)))
        let state = RunState(rows: rows)
        let earlierOnly = { (own: [TrialRow]) -> [TrialRow] in
            let mine = Set(own.map(\.trial))
            return earlier.filter { !mine.contains($0.trial) } + own
        }
        var plan = AdaptivePlan(spec, rows: earlierOnly(rows), criterion: criterion)
        var cache: WorkloadCache? = nil
        var budget = options.stopAfter ?? Int.max
        let progress = ProgressLine(total: plan.plannedCount(in: options.shard), alreadyDone: rows.count,
                                    enabled: options.progress && isatty(2) == 1)
        // Rounds: run what the plan holds for this shard, then plan again from every finished row.
        while budget > 0 {
            let seen = Set(state.rows.map(\.trial))
            let todo = Array(plan.planned(in: options.shard).filter { !seen.contains($0.id) }.prefix(budget))
            if todo.isEmpty { break }
            if cache == nil {
                cache = WorkloadCache(spec: spec.workload, data: try Dataset.shipped(spec.workload.workload),
                                      store: PretrainingFiles(directory: directory))
            }
            progress.extend(total: plan.plannedCount(in: options.shard))
            try runTrials(todo, cache: cache!, journal: journal, timings: timings, state: state, progress: progress)
            budget -= todo.count
            plan = AdaptivePlan(spec, rows: earlierOnly(state.rows), criterion: criterion)
        }
        progress.finish()
        let all = state.rows
        try timings.close()
        let mine = Set(all.map(\.trial))
        let complete = plan.planned(in: options.shard).allSatisfy { mine.contains($0.id) }
        var summary: SweepSummary? = nil
        if complete {
            try journal.finalize(rows: all)
            if options.shard.count == 1 && plan.isExhausted {
                summary = try SummaryFiles.write(all, spec: spec, directory: directory)
            }
        } else {
            try journal.close()
        }
        return Outcome(completed: all.count, total: plan.plannedCount(in: options.shard), computedNow: all.count - rows.count,
                       seconds: Date().timeIntervalSince(start), summary: summary, adaptive: spec.adaptiveDies != nil,
                       sweepExhausted: plan.isExhausted)
    }

    /// Runs `todo` on the workers, each finished trial appended to the journal and timings.
    private func runTrials(_ todo: [PlannedTrial], cache: WorkloadCache, journal: TrialJournal, timings: TimingLog,
                           state: RunState, progress: ProgressLine) throws
    {
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
        try ParallelLoop.run(count: todo.count, jobs: options.jobs, body: work)
    }

    /// The rows of `--plan-from`'s folder (the merged earlier rounds of a sharded adaptive sweep),
    /// which must hold the same computation.
    private func roundsFolderRows(_ path: String, manifest: RunManifest) throws -> [TrialRow] {
        let folder = try RunFolder(path)
        guard folder.manifest.sameComputation(as: manifest) else {
            throw SweepError("--plan-from \(path) holds a run of a different sweep (spec \(folder.manifest.specHash), cimpvt \(folder.manifest.version)); this one is spec \(manifest.specHash), cimpvt \(manifest.version). Nothing was changed.")
        }
        return folder.rows
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
        if let t = spec.technologyFileText { try AtomicFile.write(t, to: directory + "/" + RunManifest.technologyCopy) }
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
