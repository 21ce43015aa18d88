import ArgumentParser
import Foundation
import Report
import Sweep

/// `cimpvt report`: the HTML and Markdown report of a complete results folder.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write report.html (self-contained) and report.md (+ SVG charts) for a complete results folder.",
        discussion: "Sections: run metadata, headline, corner tables, shmoo maps, paired analog − digital differences, accuracy distributions, MAC error, high-sigma bitcell yield, how to read it and the statistical caveats (docs/reports.md). `cimpvt sweep` and `cimpvt merge` write it when a run completes."
    )

    @Argument(help: "Results folder of a complete sweep (or a merged one).") var dir: String

    func run() throws {
        try reportingUserErrors {
            let lock = try RunFolderLock(directory: dir)
            defer { lock.release() }
            try ReportWriter.write(directory: dir)
        }
        emit("wrote \(dir)/report.html and \(dir)/report.md")
    }
}
