import Analysis
import Foundation
import Sweep

/// Writes `report.html`, `report.md` and the charts' SVG files into a complete results folder.
public enum ReportWriter {
    /// Samples of the importance-sampling estimate per corner in the bitcell section.
    public static let bitcellSamples = 20_000

    /// Writes the report of `directory`; the caller holds the folder's ``RunFolderLock``. Every file
    /// written is recorded in the manifest (what `--fresh` may remove).
    @discardableResult
    public static func write(directory: String) throws -> ReportDocument {
        let run = try RunFolder(directory)
        guard try run.isComplete() else {
            throw SweepError("\(directory) holds \(run.rows.count) of \(try run.plan().plannedCount) trials planned (shard \(run.manifest.shard)); a report needs the whole sweep — finish it or merge the shards first")
        }
        let summary = try run.summary()
        var input = ReportInput(
            sweepName: run.spec.name, sweepFile: directory + "/sweep.toml", seed: run.spec.seed, version: run.manifest.version,
            specHash: run.manifest.specHash, started: run.manifest.started, trials: run.rows.count, cpuSeconds: run.cpuSeconds,
            hosts: run.hosts, wallSeconds: run.wallSeconds, summary: summary,
            bitcell: BitcellSurvey.run(corners: run.spec.corners, card: run.spec.technology, seed: run.spec.seed, samples: bitcellSamples))
        input.setup = RunSetup.rows(run.spec, testImages: summary.noise?.testImages)
        let doc = ReportDocument(input)
        let files = doc.charts.map { ($0.file, $0.svg) } + [("report.html", doc.html), ("report.md", doc.markdown)]
        // recorded first: a kill between the two leaves at most a listed file that does not exist yet
        try ResultsFolder.record(files: files.map(\.0), in: directory)
        for (name, text) in files { try AtomicFile.write(text, to: directory + "/" + name) }
        return doc
    }
}
