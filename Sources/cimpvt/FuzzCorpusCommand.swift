import ArgumentParser
import Foundation
import Sweep

/// `cimpvt fuzz-corpus` (not listed in --help): writes mutated sweep files for
/// `scripts/fuzz-sweep-files.sh`, which feeds each to `cimpvt corners` and checks the exit status.
struct FuzzCorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz-corpus",
        abstract: "Write mutated sweep files (fuzzing the validator).",
        shouldDisplay: false
    )

    @Option(help: "Files to write [1, 1000000].") var count: Int = 1000
    @Option(help: "Seed of the mutations.") var seed: UInt64 = 1
    @Option(help: "Folder to write fuzz-N.toml into (created).") var out: String

    func run() throws {
        guard (1...1_000_000).contains(count) else { throw ValidationError("--count must be in [1, 1000000]") }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var m = SweepFileMutator(seed: seed)
        for i in 0..<count {
            try reportingUserErrors { try AtomicFile.write(m.nextFile(), to: "\(out)/fuzz-\(i).toml") }
        }
        emit("wrote \(count) files to \(out)")
    }
}
