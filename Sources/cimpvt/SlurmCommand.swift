import ArgumentParser
import Foundation
import Sweep

/// `cimpvt slurm`: write (and optionally submit) a Slurm job array for a sweep.
struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Write a Slurm job array (one shard per task) and a dependent merge job for a sweep; --submit calls sbatch.",
        discussion: "Writes DIR/slurm/array.sbatch, merge.sbatch and submit.sh. Task i runs `cimpvt sweep FILE --shard i/N --out DIR/shard-i`; the merge job (--dependency=afterok) runs `cimpvt merge` into DIR/merged. A failed task can be resubmitted alone (sbatch --array=i DIR/slurm/array.sbatch) and resumes from its journal. See docs/cluster.md."
    )

    @Argument(help: "Sweep file.") var file: String
    @Option(help: "Array tasks (shards), 1…100000.") var shards: Int
    @Option(help: "Folder for the shards, the merged run and the scripts (default results/NAME-slurm).") var out: String?
    @Option(help: "Slurm partition.") var partition: String?
    @Option(help: "Time limit per task, Slurm format (e.g. 02:00:00).") var time: String?
    @Option(help: "Slurm account to charge.") var account: String?
    @Option(help: "CPUs per task (each task runs that many trials in parallel).") var cpusPerTask: Int = 1
    @Flag(help: "Submit with sbatch and print the job ids.") var submit = false

    func run() throws {
        guard (1...100_000).contains(shards) else { throw ValidationError("--shards must be in 1…100000, got \(shards)") }
        guard (1...1024).contains(cpusPerTask) else { throw ValidationError("--cpus-per-task must be in 1…1024") }
        if let problem = SlurmJob.problem(partition: partition, account: account, timeLimit: time) { throw ValidationError(problem) }
        let spec = try reportingUserErrors { try SweepFile.load(path: file) }
        let fm = FileManager.default
        let cwd = fm.currentDirectoryPath
        func absolute(_ p: String) -> String { p.hasPrefix("/") ? p : cwd + "/" + p }
        let dir = absolute(out ?? "results/\(spec.name)-slurm")
        // Find sbatch before writing anything when asked to submit.
        let sbatch = submit ? try reportingUserErrors { try Self.findOnPath("sbatch") } : nil
        let job = SlurmJob(executable: Self.executablePath(), sweepFile: absolute(file), directory: dir, shards: shards,
                           jobName: "cimpvt-\(spec.name)", partition: partition, timeLimit: time, account: account, cpusPerTask: cpusPerTask,
                           adaptiveRounds: SlurmJob.rounds(for: spec))
        if let problem = job.pathProblem { throw ValidationError(problem) }
        try fm.createDirectory(atPath: job.slurmDirectory + "/logs", withIntermediateDirectories: true)
        try job.arrayScript.write(toFile: job.arrayScriptPath, atomically: true, encoding: .utf8)
        try job.mergeScript.write(toFile: job.mergeScriptPath, atomically: true, encoding: .utf8)
        try job.submitScript.write(toFile: job.submitScriptPath, atomically: true, encoding: .utf8)
        for p in [job.arrayScriptPath, job.mergeScriptPath, job.submitScriptPath] {
            try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: p)
        }
        emit("wrote \(job.arrayScriptPath) (\(shards) tasks), \(job.mergeScriptPath), \(job.submitScriptPath)")
        guard let sbatch else {
            emit("submit with: bash \(job.submitScriptPath)")
            return
        }
        let array = try Self.sbatch(sbatch, [job.arrayScriptPath])
        let merge = try Self.sbatch(sbatch, ["--dependency=afterok:\(array)", job.mergeScriptPath])
        emit("array job \(array) (\(shards) tasks), merge job \(merge)")
    }

    /// The running executable's absolute path.
    static func executablePath() -> String {
        let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        return link ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }

    static func findOnPath(_ name: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for d in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(d)/\(name)") {
            return "\(d)/\(name)"
        }
        throw SweepError("--submit needs '\(name)' on the PATH, and it is not there (PATH=\(path)); the scripts were not written. Run without --submit to write them, then submit on a machine with Slurm.")
    }

    /// Runs sbatch --parsable; returns the job id.
    static func sbatch(_ exe: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = ["--parsable"] + args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw SweepError("sbatch \(args.joined(separator: " ")) failed (\(p.terminationStatus)): \(e)") }
        return String(o.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ";").first ?? "")
    }
}
