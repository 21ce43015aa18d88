import Foundation
import Testing
import Analysis
import Sweep

/// Adaptive die counts on the tiny sweep (2 corners × 2 macros, 2 epochs): every cell stops where the
/// rule says, and trials.csv is the same bytes for one job, two jobs, a run stopped and resumed twice
/// mid-round, and two shards planned round by round from their merge.
@Suite struct AdaptiveSweepTests {
    /// min 2, max 6 dies, target 0.3: 2 of 2 passing is ±0.329 (one more round), 3 of 3 ±0.281 (settled).
    static let text = SweepRunTests.text.replacingOccurrences(of: "dies = 2\n", with: "") + """

        [yield]
        noise_runs = 0
        max_degradation_pp = 3.5
        target_half_width = 0.3
        min_dies = 2
        max_dies = 6
        """

    static func run(_ dir: String, jobs: Int = 1, shard: Shard = .whole, stopAfter: Int? = nil,
                    planFrom: String? = nil) throws -> SweepRunner.Outcome
    {
        var o = SweepRunner.Options()
        o.jobs = jobs; o.shard = shard; o.progress = false; o.stopAfter = stopAfter; o.planFrom = planFrom
        let spec = try SweepFile.parse(text, file: "tiny.toml", defaultName: "tiny")
        return try SweepRunner(spec: spec, sweepText: text, directory: dir, options: o).run()
    }

    static let reference: (dir: String, trials: Data, outcome: SweepRunner.Outcome) = {
        let d = SweepRunTests.scratch("adaptive-ref")
        let o = try! run(d)
        return (d, SweepRunTests.bytes(d + "/trials.csv"), o)
    }()

    /// Wilson half-width at 95 %, written out independently of the library.
    static func halfWidth(_ x: Int, _ n: Int) -> Double {
        let z = 1.959963984540054, nn = Double(n), p = Double(x) / nn, z2 = z * z
        let centre = (p + z2 / (2 * nn)) / (1 + z2 / nn)
        let half = z / (1 + z2 / nn) * (p * (1 - p) / nn + z2 / (4 * nn * nn)).squareRoot()
        return (min(1, centre + half) - max(0, centre - half)) / 2
    }

    @Test func everyCellStopsAtTheTargetOrTheLimitWithAPrefixOfDies() throws {
        let ref = Self.reference
        #expect(ref.outcome.summary != nil && ref.outcome.sweepExhausted && ref.outcome.adaptive)
        let rows = String(decoding: ref.trials, as: UTF8.self).split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        // Trial ids leave room for max_dies = 6 per cell: id = cell · 6 + die.
        let byCell = Dictionary(grouping: rows) { Int($0[0])! / 6 }
        #expect(byCell.count == 4)
        for (cell, r) in byCell {
            let dies = r.map { Int($0[6])! }.sorted()
            #expect(dies == Array(0..<dies.count), "cell \(cell): dies \(dies) are not a prefix")
            #expect(r.allSatisfy { Int($0[0])! % 6 == Int($0[6])! })
            let n = dies.count
            let pass = r.filter { Double($0[9])! <= 3.5 }.count
            #expect(n >= 3, "2 dies are never enough for ±0.3 (cell \(cell))")
            #expect(n == 6 || Self.halfWidth(pass, n) <= 0.3, "cell \(cell): \(pass)/\(n)")
            // The round before the last did not meet the target (else it would have stopped there).
            let summary = try #require(ref.outcome.summary)
            let c = summary.cells.first { $0.count == n && $0.yield.successes == pass }
            #expect(c != nil, "cell \(cell) in the summary with \(pass)/\(n)")
        }
        let folder = try RunFolder(ref.dir)
        #expect(try folder.isComplete())
        #expect(try folder.plan().plannedCount == rows.count)
    }

    @Test func jobsAndStopResumeGiveTheSameBytes() throws {
        let ref = Self.reference
        let two = SweepRunTests.scratch("adaptive-jobs2")
        defer { try? FileManager.default.removeItem(atPath: two) }
        _ = try Self.run(two, jobs: 2)
        #expect(SweepRunTests.bytes(two + "/trials.csv") == ref.trials)
        #expect(SweepRunTests.bytes(two + "/summary.json") == SweepRunTests.bytes(ref.dir + "/summary.json"))

        let d = SweepRunTests.scratch("adaptive-resume")
        defer { try? FileManager.default.removeItem(atPath: d) }
        let first = try Self.run(d, jobs: 2, stopAfter: 3)  // inside round one (8 trials)
        #expect(first.completed == 3 && !first.isComplete && first.summary == nil)
        #expect(try !RunFolder(d).isComplete())
        let second = try Self.run(d, jobs: 2, stopAfter: 7)  // through round one into round two
        #expect(second.completed == 10 && second.summary == nil)
        let third = try Self.run(d, jobs: 1)
        #expect(third.summary != nil && SweepRunTests.bytes(d + "/trials.csv") == ref.trials)
        #expect(third.computedNow == ref.outcome.completed - 10)
    }

    /// The Slurm path run locally: each round every shard plans from the merged rounds so far, then
    /// the shards are merged again (into the same folder); the merge reports trials missing until
    /// the last round, then writes the reference's bytes.
    @Test func shardsPlannedFromMergedRoundsReachTheSameTrials() throws {
        let ref = Self.reference
        let shards = (0..<2).map { SweepRunTests.scratch("adaptive-shard\($0)") }
        let merged = SweepRunTests.scratch("adaptive-merged")
        defer { for d in shards + [merged] { try? FileManager.default.removeItem(atPath: d) } }
        var rounds = 0
        while true {
            rounds += 1
            let from = FileManager.default.fileExists(atPath: merged + "/manifest.json") ? merged : nil
            for (i, d) in shards.enumerated() { _ = try Self.run(d, shard: Shard(index: i, count: 2), planFrom: from) }
            let m = try SweepMerge.merge(shards, into: merged)
            m.lock.release()
            if m.missing.isEmpty { #expect(m.summary != nil); break }
            #expect(m.adaptive && m.summary == nil)
            #expect(rounds < 6, "the rounds do not converge")
            if rounds >= 6 { break }
        }
        #expect(rounds == 3, "rounds: dies 2, then 3, then 6 for the analog cells")
        #expect(SweepRunTests.bytes(merged + "/trials.csv") == ref.trials)
        #expect(SweepRunTests.bytes(merged + "/summary.json") == SweepRunTests.bytes(ref.dir + "/summary.json"))
    }

    /// A journal line for a die no round plans (an edit, or a row from elsewhere) is refused.
    @Test func aRowNoRoundPlansIsRefused() throws {
        let ref = Self.reference
        let d = SweepRunTests.scratch("adaptive-forged")
        defer { try? FileManager.default.removeItem(atPath: d) }
        _ = try Self.run(d, stopAfter: 1)  // trial 0: cell 0, die 0
        let lines = String(decoding: SweepRunTests.bytes(d + "/trials.csv"), as: UTF8.self).split(separator: "\n")
        var f = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        f[0] = "5"; f[6] = "5"  // die 5 of cell 0, which round one (dies 0, 1) does not plan
        try (lines.map(String.init) + [f.joined(separator: ",")]).map { $0 + "\n" }.joined()
            .write(toFile: d + "/trials.csv", atomically: true, encoding: .utf8)
        let before = SweepRunTests.bytes(d + "/trials.csv")
        do { _ = try Self.run(d); Issue.record("an unplanned row was accepted") }
        catch let e as SweepError { #expect(e.description.contains("no round of the adaptive die counts plans"), "\(e)") }
        #expect(SweepRunTests.bytes(d + "/trials.csv") == before)
        _ = ref
    }
}
