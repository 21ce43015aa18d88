import Analysis
import Foundation

/// Batch scripts that run a sweep as a Slurm job array, one shard per array task, followed by a
/// merge job that starts only when every shard succeeded (docs/cluster.md).
///
/// Layout under `directory`: `shard-i/` (one results folder per task, resumable on its own),
/// `merged/` (the combined run), `slurm/array.sbatch`, `slurm/merge.sbatch`, `slurm/submit.sh` and
/// `slurm/logs/`.
public struct SlurmJob: Sendable, Equatable {
    /// Absolute paths: the cimpvt executable, the sweep file, the folder for everything.
    public var executable: String
    public var sweepFile: String
    public var directory: String
    public var shards: Int
    public var jobName: String
    public var partition: String?
    /// Slurm time limit per array task (`--time`, e.g. "02:00:00"), or nil for the partition default.
    public var timeLimit: String?
    /// Slurm account to charge (`--account`), or nil.
    public var account: String?
    public var cpusPerTask: Int
    /// For a sweep with adaptive die counts, the most rounds the merge job chains (nil: a fixed sweep,
    /// one array and one merge). Each round is the array again, every task planning its share of the
    /// next round from `merged/` (`--plan-from`), then the merge, which resubmits both while trials
    /// are still planned (exit 3) — see docs/cluster.md.
    public var adaptiveRounds: Int?

    public init(executable: String, sweepFile: String, directory: String, shards: Int, jobName: String,
                partition: String? = nil, timeLimit: String? = nil, account: String? = nil, cpusPerTask: Int = 1,
                adaptiveRounds: Int? = nil)
    {
        self.adaptiveRounds = adaptiveRounds
        self.account = account
        self.executable = executable
        self.sweepFile = sweepFile
        self.directory = directory
        self.shards = shards
        self.jobName = jobName
        self.partition = partition
        self.timeLimit = timeLimit
        self.cpusPerTask = cpusPerTask
    }

    public var slurmDirectory: String { directory + "/slurm" }
    public var arrayScriptPath: String { slurmDirectory + "/array.sbatch" }
    public var mergeScriptPath: String { slurmDirectory + "/merge.sbatch" }
    public var submitScriptPath: String { slurmDirectory + "/submit.sh" }
    public var mergedDirectory: String { directory + "/merged" }
    public func shardDirectory(_ i: Int) -> String { directory + "/shard-\(i)" }

    /// Single-quoted for the shell.
    static func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Why a partition, account or time limit is not in Slurm's syntax, or nil (docs/cluster.md):
    /// partitions and accounts are comma-separated names of letters, digits, `-_.`; a time limit is
    /// M, M:S, H:M:S, D-H, D-H:M or D-H:M:S in digits. Nothing else reaches a script.
    public static func problem(partition: String?, account: String?, timeLimit: String?) -> String? {
        let name = #"^[A-Za-z0-9_.-]{1,64}(,[A-Za-z0-9_.-]{1,64})*$"#
        if let p = partition, p.range(of: name, options: .regularExpression) == nil {
            return "--partition '\(SafeName.printable(p))' is not a Slurm partition name (letters, digits, '-', '_', '.', comma-separated)"
        }
        if let a = account, a.range(of: #"^[A-Za-z0-9_.-]{1,64}$"#, options: .regularExpression) == nil {
            return "--account '\(SafeName.printable(a))' is not a Slurm account name (letters, digits, '-', '_', '.')"
        }
        let time = #"^([0-9]{1,4}(:[0-9]{1,2}){0,2}|[0-9]{1,4}-[0-9]{1,2}(:[0-9]{1,2}){0,2})$"#
        if let t = timeLimit, t.range(of: time, options: .regularExpression) == nil {
            return "--time '\(SafeName.printable(t))' is not a Slurm time limit (M, M:S, H:M:S, D-H, D-H:M or D-H:M:S)"
        }
        return nil
    }

    /// Why the paths cannot go into a job script, or nil: an `#SBATCH` line is not shell-quoted, so the
    /// folder may hold no whitespace, quote or control character; the paths in commands are quoted.
    public var pathProblem: String? {
        for (what, path) in [("the output folder", directory), ("the sweep file", sweepFile), ("the executable", executable)] {
            if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
                return "\(what) path '\(SafeName.printable(path))' contains a control character"
            }
        }
        if directory.unicodeScalars.contains(where: { " \t'\"\\$`".unicodeScalars.contains($0) }) {
            return "the output folder '\(directory)' contains a space, quote, '$', '`' or backslash, which #SBATCH lines cannot carry; choose a plain path with --out"
        }
        return nil
    }

    /// The `#SBATCH` lines of both jobs (values validated by ``problem`` and ``pathProblem``).
    private var commonHeader: [String] {
        var h = ["#SBATCH --output=\(slurmDirectory)/logs/%x-%A_%a.out", "#SBATCH --cpus-per-task=\(cpusPerTask)"]
        if let p = partition { h.append("#SBATCH --partition=\(p)") }
        if let t = timeLimit { h.append("#SBATCH --time=\(t)") }
        if let a = account { h.append("#SBATCH --account=\(a)") }
        return h
    }

    /// The rounds a sweep with adaptive die counts can take, with one to spare: from `min_dies`, each
    /// round grows a cell by at least a quarter (``AdaptiveDieCount``), so a cell settles within
    /// ⌈log₁.₂₅(max/min)⌉ + 1 rounds; nil for a fixed sweep.
    public static func rounds(for spec: SweepSpec) -> Int? {
        spec.adaptiveDies.map { a in Int((log(Double(a.maxDies) / Double(a.minDies)) / log(AdaptiveDieCount.smallestGrowth)).rounded(.up)) + 2 }
    }

    /// The array job: task i runs shard i/N into `shard-i/` with one job per allocated CPU (planning
    /// from `merged/` once a round has been merged, for adaptive die counts).
    public var arrayScript: String {
        let sweep = "\(Self.quoted(executable)) sweep \(Self.quoted(sweepFile)) --shard \"$i/\(shards)\" --out \(Self.quoted(directory))/shard-\"$i\" --jobs \"${SLURM_CPUS_PER_TASK:-\(cpusPerTask)}\""
        let run = adaptiveRounds == nil ? ["exec " + sweep] : [
            "# adaptive die counts: plan this task's share of the next round from the rounds merged so far",
            "if [ -f \(Self.quoted(mergedDirectory))/manifest.json ]; then",
            "  exec \(sweep) --plan-from \(Self.quoted(mergedDirectory))",
            "fi",
            "exec " + sweep,
        ]
        return ([
            "#!/bin/bash",
            "# cimpvt sweep as a Slurm job array: one shard per task. Resubmit a failed task alone with",
            "#   sbatch --array=I \(Self.quoted(arrayScriptPath))",
            "# it resumes from its journal in shard-I/.",
            "#SBATCH --job-name=\(jobName)",
            "#SBATCH --array=0-\(shards - 1)",
        ] + commonHeader + [
            "set -euo pipefail",
            "i=${SLURM_ARRAY_TASK_ID:?run this script with sbatch --array}",
        ] + run).joined(separator: "\n") + "\n"
    }

    /// The merge job (submitted with --dependency=afterok on the array): combines the shards; for
    /// adaptive die counts, resubmits the next round while the merge reports planned trials missing.
    public var mergeScript: String {
        let dirs = (0..<shards).map { Self.quoted(shardDirectory($0)) }.joined(separator: " ")
        let merge = "\(Self.quoted(executable)) merge \(dirs) --into \(Self.quoted(mergedDirectory))"
        let log = Self.quoted(slurmDirectory + "/rounds.log")
        let run = adaptiveRounds.map { r in [
            "echo \"round merged $(date -u +%FT%TZ)\" >> \(log)",
            "rc=0",
            "\(merge) || rc=$?",
            "[ \"$rc\" -eq 3 ] || exit \"$rc\"",
            "# exit 3: the merged rounds plan more trials; run the next round (at most \(r) in all)",
            "if [ \"$(wc -l < \(log))\" -ge \(r) ]; then echo \"cimpvt: \(r) rounds merged and trials still planned; stopping\" >&2; exit 3; fi",
            "exec bash \(Self.quoted(submitScriptPath))",
        ] } ?? ["exec " + merge]
        return ([
            "#!/bin/bash",
            "# Merges the shards once every array task succeeded (afterok).",
            "#SBATCH --job-name=\(jobName)-merge",
            "#SBATCH --output=\(slurmDirectory)/logs/%x-%j.out",
        ] + (partition.map { ["#SBATCH --partition=\($0)"] } ?? []) + (account.map { ["#SBATCH --account=\($0)"] } ?? []) + [
            "set -euo pipefail",
        ] + run).joined(separator: "\n") + "\n"
    }

    /// Submits both with the dependency; prints the two job ids.
    public var submitScript: String {
        [
            "#!/bin/bash",
            "# Submits the array, then the merge job that waits for every task to succeed.",
            "set -euo pipefail",
            "array=$(sbatch --parsable \(Self.quoted(arrayScriptPath)))",
            "array=${array%%;*}",
            "merge=$(sbatch --parsable --dependency=afterok:\"$array\" \(Self.quoted(mergeScriptPath)))",
            "merge=${merge%%;*}",
            "echo \"array job $array (\(shards) tasks), merge job $merge\"",
        ].joined(separator: "\n") + "\n"
    }
}
