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
        subcommands: [CornersCommand.self, DeviceCommand.self, SampleCommand.self, MACCommand.self, MACStatsCommand.self, TrainCommand.self, SweepCommand.self, MergeCommand.self, SlurmCommand.self, ReportCommand.self, BitcellCommand.self, ShmooCommand.self]
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
        FileHandle.standardError.write(Data("cimpvt: error: \(e.description)\n".utf8))
        throw ExitCode(2)
    } catch let e as SweepError {
        FileHandle.standardError.write(Data("cimpvt: error: \(e.description)\n".utf8))
        throw ExitCode(2)
    } catch let e as DatasetError {
        FileHandle.standardError.write(Data("cimpvt: error: \(e.description)\n".utf8))
        throw ExitCode(2)
    }
}

/// Writes a line to stdout.
func emit(_ s: String) { print(s) }
