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
}
