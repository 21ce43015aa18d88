import ArgumentParser
import BLAS
import Foundation
import Sweep
import Training

/// The `cimpvt` root command.
struct CimpvtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cimpvt",
        abstract: "Monte Carlo of how much on-device training accuracy SRAM compute-in-memory macros lose across process, voltage and temperature.",
        version: versionLine,
        subcommands: [CornersCommand.self, DeviceCommand.self, SampleCommand.self, MACCommand.self, MACStatsCommand.self, TrainCommand.self, SweepCommand.self, MergeCommand.self, SlurmCommand.self, ReportCommand.self, BitcellCommand.self, ShmooCommand.self, EnergyCommand.self, CalibrateCommand.self, FuzzCorpusCommand.self]
    )

    /// `cimpvt --version`: the version and the BLAS the process runs on, e.g.
    /// "cimpvt 0.8.0 (OpenBLAS 0.3.21, Haswell kernel, 1 thread in the process)".
    static var versionLine: String {
        let library = BLASKernel.config.split(separator: " ").prefix(2).joined(separator: " ")
        let threads = BLASKernel.processThreadCount
        return "cimpvt \(RunManifest.cimpvtVersion) (\(library), \(BLASKernel.coreName) kernel, \(threads) thread\(threads == 1 ? "" : "s") in the process)"
    }
}

/// Runs `body`, turning a user error in a sweep file or an option into a message on stderr and exit status 2.
@discardableResult
func reportingUserErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as SpecError {
        warn("cimpvt: error: \(e.description)")
        throw ExitCode(2)
    } catch let e as SweepError {
        warn("cimpvt: error: \(e.description)")
        throw ExitCode(2)
    } catch let e as DatasetError {
        warn("cimpvt: error: \(e.description)")
        throw ExitCode(2)
    }
}

/// The first failed write to stdout (its errno), reported when the command ends (``finishOutput()``).
nonisolated(unsafe) var stdoutWriteError: Int32 = 0

/// Seeds are 63-bit: a sweep file's TOML integers stop at 2^63 − 1, and every command takes the same range.
func checkSeed(_ seed: UInt64?, flag: String = "--seed") throws {
    if let seed, seed > UInt64(Int64.max) {
        throw ValidationError("\(flag) \(seed) is out of range; allowed [0, 9223372036854775807] (as in sweep files)")
    }
}

/// Writes a line to stdout (unbuffered; a failed write ends the command with status 1: ``finishOutput()``).
func emit(_ s: String) { emitRaw(s + "\n") }

/// Writes text to stdout as it is.
func emitRaw(_ s: String) {
    guard stdoutWriteError == 0 else { return }
    stdoutWriteError = AtomicFile.writeAll(s, to: 1)
}

/// Writes a line to stderr, control characters escaped; never traps when stderr cannot be written.
func warn(_ s: String) {
    let safe = s.split(separator: "\n", omittingEmptySubsequences: false).map { SafeName.printable(String($0)) }.joined(separator: "\n")
    _ = AtomicFile.writeAll(safe + "\n", to: 2)
}

/// 1 with a message when a write to stdout failed (a full disk, a closed pipe, /dev/full), else 0.
func finishOutput() -> Int32 {
    guard stdoutWriteError != 0 else { return 0 }
    warn("cimpvt: error: cannot write to standard output: \(String(cString: strerror(stdoutWriteError)))")
    return 1
}

extension CimpvtCommand {
    /// Parses and runs the command. Every failure ends with one `cimpvt: error:` line on stderr: status 2
    /// for what the user can fix (a bad option or file, a refused folder), 1 for anything else, and
    /// 1 too when stdout could not be written.
    static func runAndExit() -> Never {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let e as ExitCode {
            let out = finishOutput()
            Foundation.exit(e.rawValue == 0 ? out : e.rawValue)
        } catch let e as ValidationError {
            _ = finishOutput()
            warn("cimpvt: error: \(e.message)")
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .success {  // --help, --version
                emitRaw(fullMessage(for: error) + "\n")
                Foundation.exit(finishOutput())
            }
            _ = finishOutput()
            let message = fullMessage(for: error)
            if code.rawValue == 64 {  // a usage error: unknown option, missing value, bad number
                warn("cimpvt: error: " + message.replacingOccurrences(of: "Error: ", with: "").trimmingCharacters(in: .whitespacesAndNewlines))
                Foundation.exit(2)
            }
            warn("cimpvt: error: internal: \(message.isEmpty ? String(describing: error) : message)")
            Foundation.exit(1)
        }
        Foundation.exit(finishOutput())
    }
}
