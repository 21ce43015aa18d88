import ArgumentParser
import Foundation
import Report
import Sweep

/// `cimpvt sweep`: the main job — every (corner, macro, die) trial of a sweep file, trained and
/// tested, aggregated into degradation and yield per macro and corner.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a sweep file: train on every die at every corner on every macro, then aggregate degradation and yield.",
        discussion: "Results go to results/NAME (NAME from the sweep file; NAME-shard-i-of-N with --shard) unless --out is given. Running the same command again resumes a killed run. Trials are appended to trials.csv as they finish; the folder format is in docs/sweeps.md and results/README.md."
    )

    @Argument(help: "Sweep file (TOML; format in docs/sweep-files.md).") var file: String
    @Option(help: "Results folder (default results/NAME).") var out: String?
    @Option(help: "Trials run in parallel (default: all cores).") var jobs: Int?
    @Option(help: "Run shard i of N only (i = 0…N−1, a Slurm array index), e.g. 0/4.") var shard: String?
    @Flag(help: "Discard what the results folder holds instead of refusing a changed sweep.") var fresh = false
    @Option(help: "The most trials this run (or shard) may plan (default 2000000); split larger sweeps with --shard.") var maxTrials: Int?
    @Option(help: "With --shard on a sweep with adaptive die counts: the merged folder of the rounds so far, to plan this shard's next round from (docs/cluster.md).") var planFrom: String?

    func run() throws {
        let spec = try reportingUserErrors { try SweepFile.load(path: file) }
        let text = try String(contentsOfFile: file, encoding: .utf8)
        var options = SweepRunner.Options()
        if let jobs {
            guard (1...1024).contains(jobs) else { throw ValidationError("--jobs must be in 1…1024, got \(jobs)") }
            options.jobs = jobs
        }
        if let shard { options.shard = try reportingUserErrors { try Shard(parsing: shard) } }
        options.fresh = fresh
        if let maxTrials {
            guard maxTrials >= 1 else { throw ValidationError("--max-trials must be at least 1, got \(maxTrials)") }
            options.maxTrials = maxTrials
        }
        if let planFrom {
            guard options.shard.count > 1 else { throw ValidationError("--plan-from is for the shards of a sweep (--shard i/N); a whole run plans its rounds itself") }
            guard spec.adaptiveDies != nil else { throw ValidationError("--plan-from is for sweeps with adaptive die counts ([yield] target_half_width); \(file) has a fixed dies") }
            options.planFrom = planFrom
        }
        let s = options.shard
        let dir = out ?? (s.count == 1 ? "results/\(spec.name)" : "results/\(spec.name)-shard-\(s.index)-of-\(s.count)")
        let runner = SweepRunner(spec: spec, sweepText: text, directory: dir, options: options)
        let outcome = try reportingUserErrors { try runner.run() }
        emit("\(spec.name): \(outcome.completed)/\(outcome.total) trials\(outcome.adaptive ? " planned so far" : "") in \(dir) (\(outcome.computedNow) computed now, \(fmt(outcome.seconds, 1)) s, \(options.jobs) jobs\(s.count > 1 ? ", shard \(s)" : ""))")
        if let summary = outcome.summary {
            emit("")
            emitRaw(CornerTable.render(summary))
            try reportingUserErrors { try ReportWriter.write(directory: dir) }
            emit("report: \(dir)/report.html, \(dir)/report.md")
        } else if outcome.isComplete && outcome.adaptive && s.count > 1 {
            emit("this shard's part of the planned rounds is done; merge the shards (cimpvt merge DIR... --into MERGED), then run every shard again with --plan-from MERGED until the merge reports no trial missing")
        } else if outcome.isComplete {
            emit("shard complete; combine the shards with: cimpvt merge DIR... --into DIR")
        }
    }
}

/// `cimpvt merge`: combine shard folders into one run.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the results folders of a sweep's shards into one run and aggregate it.",
        discussion: "Checks that the manifests describe the same sweep (spec hash, seed, version), rejects a trial found in two folders, reports missing trials, and writes trials.csv in trial-id order (plus the summaries when no trial is missing) into --into."
    )

    @Argument(help: "Shard results folders.") var dirs: [String]
    @Option(help: "Folder to write the combined run into (must not hold a run, other than an earlier merge of the same folders).") var into: String

    func run() throws {
        let report = try reportingUserErrors { try SweepMerge.merge(dirs, into: into) }
        defer { report.lock.release() }
        emit("merged \(report.trials)/\(report.total) trials from \(dirs.count) folders into \(into)")
        if !report.missing.isEmpty && report.adaptive {
            warn("cimpvt: \(report.missing.count) planned trials not in any folder yet — the next round of the adaptive die counts, or trials a shard has not finished; run the shards again with --plan-from \(into), then merge again")
            throw ExitCode(3)
        }
        if !report.missing.isEmpty {
            let shown = report.missing.prefix(20).map(String.init).joined(separator: ", ")
            warn("cimpvt: warning: \(report.missing.count) trials missing (ids \(shown)\(report.missing.count > 20 ? ", …" : "")); no summary written")
            throw ExitCode(3)
        }
        if let s = report.summary {
            emit("")
            emitRaw(CornerTable.render(s))
            try reportingUserErrors { try ReportWriter.write(directory: into) }
            emit("report: \(into)/report.html, \(into)/report.md")
        }
    }
}
