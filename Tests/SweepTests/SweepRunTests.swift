import Foundation
import Testing
import Analysis
import Sweep

/// The runner and merge on a tiny sweep (8 trials, 2 epochs, a 64-16-10 network): identical bytes for
/// any number of jobs or shards, resumption, refusal of a changed spec, and merge's checks.
@Suite struct SweepRunTests {
    static let text = """
        name = "tiny"
        seed = 3
        dies = 2
        [corners]
        process = ["TT", "SS"]
        vdd = [0.8]
        temperature = [27]
        [workload]
        epochs = 2
        widths = [64, 16, 10]
        [[macro]]
        name = "a8"
        kind = "analog"
        [[macro]]
        name = "bf16"
        kind = "digital"
        """

    static func scratch(_ tag: String) -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("cimpvt-sweep-\(tag)-\(getpid())").path
        try? FileManager.default.removeItem(atPath: d)
        return d
    }

    static func run(_ dir: String, text: String = text, jobs: Int = 1, shard: Shard = .whole, fresh: Bool = false,
                    stopAfter: Int? = nil) throws -> SweepRunner.Outcome
    {
        var o = SweepRunner.Options()
        o.jobs = jobs; o.shard = shard; o.fresh = fresh; o.progress = false; o.stopAfter = stopAfter
        let spec = try SweepFile.parse(text, file: "tiny.toml", defaultName: "tiny")
        return try SweepRunner(spec: spec, sweepText: text, directory: dir, options: o).run()
    }

    static func bytes(_ path: String) -> Data { FileManager.default.contents(atPath: path) ?? Data() }

    /// The reference run: one job, whole sweep.
    static let reference: (dir: String, trials: Data) = {
        let d = scratch("ref")
        _ = try! run(d)
        return (d, bytes(d + "/trials.csv"))
    }()

    @Test func oneJobTwoJobsAndThreeShardsGiveIdenticalTrials() throws {
        let ref = Self.reference
        let lines = String(decoding: ref.trials, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 9 && lines[0] == Substring(TrialRow.header))
        #expect(lines.dropFirst().enumerated().allSatisfy { $0.element.hasPrefix("\($0.offset),") }, "trial-id order")

        let two = Self.scratch("jobs2")

        defer { try? FileManager.default.removeItem(atPath: two) }
        let o = try Self.run(two, jobs: 2)
        #expect(o.isComplete && o.computedNow == 8)
        #expect(Self.bytes(two + "/trials.csv") == ref.trials)
        #expect(Self.bytes(two + "/summary.csv") == Self.bytes(ref.dir + "/summary.csv"))

        let shards = (0..<3).map { Self.scratch("shard\($0)") }
        defer { for d in shards { try? FileManager.default.removeItem(atPath: d) } }
        for (i, d) in shards.enumerated() {
            let s = try Self.run(d, jobs: 2, shard: Shard(index: i, count: 3))
            #expect(s.isComplete && s.summary == nil)
        }
        let merged = Self.scratch("merged")
        defer { try? FileManager.default.removeItem(atPath: merged) }
        let report = try SweepMerge.merge(shards, into: merged)
        #expect(report.missing.isEmpty && report.trials == 8)
        #expect(Self.bytes(merged + "/trials.csv") == ref.trials)
        #expect(Self.bytes(merged + "/summary.csv") == Self.bytes(ref.dir + "/summary.csv"))
        #expect(Self.bytes(merged + "/summary.json") == Self.bytes(ref.dir + "/summary.json"))
    }

    @Test func stoppedRunResumesToTheSameBytesAndDropsATornLine() throws {
        let d = Self.scratch("resume")
        defer { try? FileManager.default.removeItem(atPath: d) }
        let first = try Self.run(d, jobs: 2, stopAfter: 3)
        #expect(first.completed == 3 && !first.isComplete)
        // A kill mid-write leaves a partial last line.
        let h = FileHandle(forWritingAtPath: d + "/trials.csv")!
        try h.seekToEnd(); try h.write(contentsOf: Data("7,bf16,digital,SS,0.8,27.0,1,0.9".utf8)); try h.close()
        let second = try Self.run(d, jobs: 2)
        #expect(second.isComplete && second.computedNow == 5, "computed \(second.computedNow)")
        #expect(Self.bytes(d + "/trials.csv") == Self.reference.trials)
        let timings = String(decoding: Self.bytes(d + "/timings.csv"), as: UTF8.self).split(separator: "\n")
        #expect(timings.count == 9 && Set(timings.dropFirst().map { $0.split(separator: ",")[0] }).count == 8)
        // Running a complete sweep again computes nothing and changes nothing.
        let third = try Self.run(d)
        #expect(third.computedNow == 0 && Self.bytes(d + "/trials.csv") == Self.reference.trials)
    }

    @Test func changedSpecIsRefusedUnlessFresh() throws {
        let d = Self.scratch("changed")
        defer { try? FileManager.default.removeItem(atPath: d) }
        _ = try Self.run(d, stopAfter: 2)
        let before = Self.bytes(d + "/trials.csv")
        let changed = Self.text.replacingOccurrences(of: "seed = 3", with: "seed = 4")
        #expect(throws: SweepError.self) { try Self.run(d, text: changed) }
        #expect(Self.bytes(d + "/trials.csv") == before)
        let fresh = try Self.run(d, text: changed, fresh: true, stopAfter: 1)
        #expect(fresh.completed == 1)
    }

    @Test func mergeRejectsMismatchedManifestsAndDuplicates() throws {
        let a = Self.scratch("mA"), b = Self.scratch("mB")
        defer { for d in [a, b] { try? FileManager.default.removeItem(atPath: d) } }
        _ = try Self.run(a, shard: Shard(index: 0, count: 2), stopAfter: 1)
        _ = try Self.run(b, text: Self.text.replacingOccurrences(of: "seed = 3", with: "seed = 5"), shard: Shard(index: 1, count: 2), stopAfter: 1)
        let into = Self.scratch("mInto")
        defer { try? FileManager.default.removeItem(atPath: into) }
        #expect(throws: SweepError.self) { try SweepMerge.merge([a, b], into: into) }
        #expect(!FileManager.default.fileExists(atPath: into))
        // The same shard twice: its trials appear in both folders.
        let a2 = Self.scratch("mA2")
        defer { try? FileManager.default.removeItem(atPath: a2) }
        _ = try Self.run(a2, shard: Shard(index: 0, count: 2), stopAfter: 1)
        do {
            _ = try SweepMerge.merge([a, a2], into: into)
            Issue.record("duplicate trials were merged")
        } catch let e as SweepError {
            #expect(e.description.contains("trial 0 is in both"), "\(e)")
        }
        #expect(!FileManager.default.fileExists(atPath: into))
        // One shard alone merges with the rest reported missing.
        let partial = try SweepMerge.merge([a], into: into)
        #expect(partial.trials == 1 && partial.missing.count == 7 && partial.summary == nil)
    }

    /// A sweep on a technology file: the folder keeps a copy, resumes and merges from it after the original
    /// is gone, and the card changes the trials (a different computation) while the default card's
    /// trials stay those of the plain sweep.
    @Test func technologyFileTravelsWithTheRunFolder() throws {
        let root = Self.scratch("tf"), a = root + "/a", b = root + "/b", into = root + "/m"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let card = "[technology]\nvth0_n = 0.40\ndibl = 0.08\nsubthreshold_n_n = 1.5\n"
        try card.write(toFile: root + "/fab.toml", atomically: true, encoding: .utf8)
        let text = "technology_file = \"fab.toml\"\n" + Self.text
        func run(_ dir: String, shard: Shard, stopAfter: Int? = nil) throws -> SweepRunner.Outcome {
            var o = SweepRunner.Options()
            o.shard = shard; o.progress = false; o.stopAfter = stopAfter
            let spec = try SweepFile.parse(text, file: root + "/tiny.toml", defaultName: "tiny")
            return try SweepRunner(spec: spec, sweepText: text, directory: dir, options: o).run()
        }
        _ = try run(a, shard: Shard(index: 0, count: 2), stopAfter: 1)
        _ = try run(b, shard: Shard(index: 1, count: 2))
        #expect(String(decoding: Self.bytes(a + "/technology.toml"), as: UTF8.self) == card)
        // The original goes away: resuming shard 0 and merging read the folders' copies.
        try FileManager.default.removeItem(atPath: root + "/fab.toml")
        do {
            var o = SweepRunner.Options()
            o.shard = Shard(index: 0, count: 2); o.progress = false
            let spec = try SweepFile.parse(String(decoding: Self.bytes(a + "/sweep.toml"), as: UTF8.self), file: a + "/sweep.toml",
                                           defaultName: "tiny", technologyFile: a + "/technology.toml")
            _ = try SweepRunner(spec: spec, sweepText: text, directory: a, options: o).run()
        }
        let merged = try SweepMerge.merge([a, b], into: into)
        #expect(merged.trials == 8 && merged.missing.isEmpty)
        #expect(String(decoding: Self.bytes(into + "/technology.toml"), as: UTF8.self) == card)
        // The fitted card is another computation: its trials differ from the built-in card's.
        #expect(Self.bytes(into + "/trials.csv") != Self.reference.trials)
    }

    /// Trial ids: (corner · macros + macro) · dies + die, worked by hand for 2 corners × 2 macros × 2
    /// dies; shard i of N holds the ids ≡ i (mod N), every id in exactly one shard.
    @Test func trialIdsAndRoundRobinShardsFollowTheFormula() throws {
        let spec = try SweepFile.parse(Self.text, file: "tiny.toml")
        let plan = SweepPlan(spec)
        let t5 = plan.trial(5)  // 5 = (1·2 + 0)·2 + 1: corner 1 (SS), macro 0 (a8), die 1
        #expect(t5.cornerIndex == 1 && t5.macroIndex == 0 && t5.die == 1)
        let t2 = plan.trial(2)  // 2 = (0·2 + 1)·2 + 0: corner 0, macro 1, die 0
        #expect(t2.cornerIndex == 0 && t2.macroIndex == 1 && t2.die == 0)
        for n in 1...5 {
            var all = [Int]()
            for i in 0..<n {
                let ids = plan.trials(in: Shard(index: i, count: n)).map(\.id)
                #expect(ids.allSatisfy { $0 % n == i } && ids == ids.sorted() && ids.count == plan.count(in: Shard(index: i, count: n)))
                all += ids
            }
            #expect(all.sorted() == Array(0..<8))
        }
        #expect(plan.count(in: Shard(index: 7, count: 10)) == 1 && plan.count(in: Shard(index: 8, count: 10)) == 0)
    }

    /// The spec hash ignores comments and formatting, not values: a reformatted file resumes a run,
    /// a changed value, another cimpvt version or another shard is refused.
    @Test func resumeFollowsTheSpecHashVersionAndShard() throws {
        let d = Self.scratch("hash")
        defer { try? FileManager.default.removeItem(atPath: d) }
        _ = try Self.run(d, stopAfter: 1)
        let reformatted = "# the same sweep, written differently\n" + Self.text.replacingOccurrences(of: "seed = 3", with: "seed    =   3   # master")
            .replacingOccurrences(of: "vdd = [0.8]", with: "vdd = [ 0.80 ]")
        let resumed = try Self.run(d, text: reformatted, stopAfter: 1)
        #expect(resumed.completed == 2 && resumed.computedNow == 1)
        do { _ = try Self.run(d, text: Self.text.replacingOccurrences(of: "epochs = 2", with: "epochs = 3")); Issue.record("changed value resumed") }
        catch let e as SweepError { #expect(e.description.contains("different sweep")) }
        do { _ = try Self.run(d, shard: Shard(index: 1, count: 2)); Issue.record("another shard resumed") }
        catch let e as SweepError { #expect(e.description.contains("shard 0/1") && e.description.contains("shard 1/2"), "\(e)") }
        let manifest = d + "/manifest.json"
        let text = String(decoding: Self.bytes(manifest), as: UTF8.self)
        try text.replacingOccurrences(of: "\"version\" : \"\(RunManifest.cimpvtVersion)\"", with: "\"version\" : \"0.7.0\"")
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        #expect(String(decoding: Self.bytes(manifest), as: UTF8.self).contains("0.7.0"))
        do { _ = try Self.run(d); Issue.record("an older version's folder resumed") }
        catch let e as SweepError { #expect(e.description.contains("cimpvt 0.7.0"), "\(e)") }
    }
}
