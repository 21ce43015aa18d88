import Analysis
import Foundation
import Sweep

/// Writes `report.html`, `report.md` and the charts' SVG files into a complete results folder.
public enum ReportWriter {
    /// Samples of the importance-sampling estimate per corner in the bitcell section.
    public static let bitcellSamples = 20_000

    @discardableResult
    public static func write(directory: String) throws -> ReportDocument {
        let run = try RunFolder(directory)
        guard run.isComplete else {
            throw SweepError("\(directory) holds \(run.rows.count) of \(run.spec.trialCount) trials (shard \(run.manifest.shard)); a report needs the whole sweep — finish it or merge the shards first")
        }
        let input = ReportInput(
            sweepName: run.spec.name, sweepFile: directory + "/sweep.toml", seed: run.spec.seed, version: run.manifest.version,
            specHash: run.manifest.specHash, started: run.manifest.started, trials: run.rows.count, cpuSeconds: run.cpuSeconds,
            hosts: run.hosts, wallSeconds: run.wallSeconds, summary: run.summary,
            bitcell: BitcellSurvey.run(corners: run.spec.corners, card: run.spec.technology, seed: run.spec.seed, samples: bitcellSamples))
        let doc = ReportDocument(input)
        for c in doc.charts { try c.svg.write(toFile: directory + "/" + c.file, atomically: true, encoding: .utf8) }
        try doc.html.write(toFile: directory + "/report.html", atomically: true, encoding: .utf8)
        try doc.markdown.write(toFile: directory + "/report.md", atomically: true, encoding: .utf8)
        return doc
    }
}
