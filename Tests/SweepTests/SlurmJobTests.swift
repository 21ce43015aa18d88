import Foundation
import Testing
import Sweep

/// The generated Slurm scripts, checked line by line.
@Suite struct SlurmJobTests {
    let job = SlurmJob(executable: "/opt/cimpvt/bin/cimpvt", sweepFile: "/home/u/corners/default.toml",
                       directory: "/scratch/run", shards: 4, jobName: "cimpvt-default", partition: "compute",
                       timeLimit: "01:30:00", cpusPerTask: 2)

    @Test func arrayScriptRunsOneShardPerTask() {
        let lines = job.arrayScript.split(separator: "\n").map(String.init)
        #expect(lines.first == "#!/bin/bash")
        #expect(lines.contains("#SBATCH --array=0-3"))
        #expect(lines.contains("#SBATCH --job-name=cimpvt-default"))
        #expect(lines.contains("#SBATCH --partition=compute") && lines.contains("#SBATCH --time=01:30:00"))
        #expect(lines.contains("#SBATCH --cpus-per-task=2"))
        #expect(lines.contains("#SBATCH --output=/scratch/run/slurm/logs/%x-%A_%a.out"))
        #expect(lines.last == "exec '/opt/cimpvt/bin/cimpvt' sweep '/home/u/corners/default.toml' --shard \"$i/4\" --out '/scratch/run'/shard-\"$i\" --jobs \"${SLURM_CPUS_PER_TASK:-2}\"")
    }

    @Test func mergeWaitsForEveryTaskAndReadsEveryShard() {
        let merge = job.mergeScript.split(separator: "\n").map(String.init)
        #expect(merge.last == "exec '/opt/cimpvt/bin/cimpvt' merge '/scratch/run/shard-0' '/scratch/run/shard-1' '/scratch/run/shard-2' '/scratch/run/shard-3' --into '/scratch/run/merged'")
        let submit = job.submitScript
        #expect(submit.contains("array=$(sbatch --parsable '/scratch/run/slurm/array.sbatch')"))
        #expect(submit.contains("sbatch --parsable --dependency=afterok:\"$array\" '/scratch/run/slurm/merge.sbatch'"))
    }

    @Test func optionalSettingsAreLeftOutAndPathsAreQuoted() {
        let j = SlurmJob(executable: "/x/cimpvt", sweepFile: "/it's here/s.toml", directory: "/r", shards: 1, jobName: "n")
        #expect(!j.arrayScript.contains("--partition") && !j.arrayScript.contains("--time="))
        #expect(j.arrayScript.contains("#SBATCH --array=0-0"))
        #expect(j.arrayScript.contains("'/it'\\''s here/s.toml'"))
    }

    /// Adaptive die counts: tasks plan from merged/ once it exists; the merge job resubmits the next
    /// round on exit 3, at most ⌈log₁.₂₅(max/min)⌉ + 2 rounds (8 → 400 dies: ⌈17.53⌉ + 2 = 20).
    @Test func adaptiveRoundsChainThroughTheMergeJob() throws {
        let spec = try SweepFile.parse("seed = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[yield]\ntarget_half_width = 0.05\n", file: "a.toml")
        #expect(SlurmJob.rounds(for: spec) == 20)
        #expect(SlurmJob.rounds(for: try SweepFile.parse("seed = 1\ndies = 4\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n", file: "f.toml")) == nil)
        var j = job
        j.adaptiveRounds = 20
        let array = j.arrayScript.split(separator: "\n").map(String.init)
        #expect(array.contains("if [ -f '/scratch/run/merged'/manifest.json ]; then"))
        #expect(array.contains("  exec '/opt/cimpvt/bin/cimpvt' sweep '/home/u/corners/default.toml' --shard \"$i/4\" --out '/scratch/run'/shard-\"$i\" --jobs \"${SLURM_CPUS_PER_TASK:-2}\" --plan-from '/scratch/run/merged'"))
        #expect(array.last == "exec '/opt/cimpvt/bin/cimpvt' sweep '/home/u/corners/default.toml' --shard \"$i/4\" --out '/scratch/run'/shard-\"$i\" --jobs \"${SLURM_CPUS_PER_TASK:-2}\"")
        let merge = j.mergeScript.split(separator: "\n").map(String.init)
        #expect(merge.contains("'/opt/cimpvt/bin/cimpvt' merge '/scratch/run/shard-0' '/scratch/run/shard-1' '/scratch/run/shard-2' '/scratch/run/shard-3' --into '/scratch/run/merged' || rc=$?"))
        #expect(merge.contains("[ \"$rc\" -eq 3 ] || exit \"$rc\""))
        #expect(merge.contains { $0.contains("wc -l < '/scratch/run/slurm/rounds.log'") && $0.contains("-ge 20") })
        #expect(merge.last == "exec bash '/scratch/run/slurm/submit.sh'")
        // Both scripts parse as bash.
        for (name, text) in [("array", j.arrayScript), ("merge", j.mergeScript)] {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("cimpvt-\(name)-\(getpid()).sbatch").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/bash")
            p.arguments = ["-n", path]
            try p.run(); p.waitUntilExit()
            #expect(p.terminationStatus == 0, "\(name) script does not parse")
        }
        // A fixed sweep's scripts are unchanged by the adaptive branch.
        #expect(!job.arrayScript.contains("--plan-from") && !job.mergeScript.contains("rounds.log"))
    }
}
