import Foundation
import Testing
import Sweep

/// A fine-tune sweep keeps its FP32 pre-training in the run folder: written once, listed in the
/// manifest, reused by a resumed run (the file untouched, the trials the same bytes), and a damaged
/// copy is ignored and rewritten.
@Suite struct FinetuneSweepTests {
    static let text = SweepRunTests.text.replacingOccurrences(of: "epochs = 2\n", with: """
        epochs = 2
        scenario = "finetune"
        finetune_images = 300
        finetune_epochs = 1

        """) + "\n[yield]\nnoise_runs = 2\n"

    static func pretrainedFiles(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasPrefix("pretrained-") }
    }

    @Test func thePretrainingIsWrittenOnceAndReusedOnResume() throws {
        let ref = SweepRunTests.scratch("ft-ref"), resumed = SweepRunTests.scratch("ft-resume")
        defer { for d in [ref, resumed] { try? FileManager.default.removeItem(atPath: d) } }
        let full = try SweepRunTests.run(ref, text: Self.text)
        #expect(full.summary != nil)
        let files = Self.pretrainedFiles(ref)
        #expect(files.count == 1)
        let manifest = String(decoding: SweepRunTests.bytes(ref + "/manifest.json"), as: UTF8.self)
        #expect(manifest.contains(files[0]), "the manifest lists the pre-training file")

        _ = try SweepRunTests.run(resumed, text: Self.text, stopAfter: 3)
        let path = resumed + "/" + files[0]
        let before = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as! Date
        #expect(SweepRunTests.bytes(path) == SweepRunTests.bytes(ref + "/" + files[0]), "same content key, same bits")
        Thread.sleep(forTimeInterval: 0.05)
        _ = try SweepRunTests.run(resumed, text: Self.text)
        let after = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as! Date
        #expect(before == after, "the resumed run loaded the pre-training instead of writing it again")
        #expect(SweepRunTests.bytes(resumed + "/trials.csv") == SweepRunTests.bytes(ref + "/trials.csv"))
        #expect(SweepRunTests.bytes(resumed + "/summary.json") == SweepRunTests.bytes(ref + "/summary.json"))
    }

    @Test func aDamagedPretrainingFileIsRecomputed() throws {
        let ref = SweepRunTests.scratch("ft-ref2"), damaged = SweepRunTests.scratch("ft-damaged")
        defer { for d in [ref, damaged] { try? FileManager.default.removeItem(atPath: d) } }
        _ = try SweepRunTests.run(ref, text: Self.text)
        _ = try SweepRunTests.run(damaged, text: Self.text, stopAfter: 2)
        let name = try #require(Self.pretrainedFiles(damaged).first)
        let good = SweepRunTests.bytes(damaged + "/" + name)
        try good.prefix(good.count / 2).write(to: URL(fileURLWithPath: damaged + "/" + name))
        _ = try SweepRunTests.run(damaged, text: Self.text)
        #expect(SweepRunTests.bytes(damaged + "/" + name) == good, "rewritten whole")
        #expect(SweepRunTests.bytes(damaged + "/trials.csv") == SweepRunTests.bytes(ref + "/trials.csv"))
    }

    /// Two shards each compute the pre-training (same key, same bits); the merge keeps one copy and its
    /// summary equals the whole run's.
    @Test func shardsAndTheirMergeCarryThePretraining() throws {
        let ref = SweepRunTests.scratch("ft-ref3"), a = SweepRunTests.scratch("ft-a"), b = SweepRunTests.scratch("ft-b")
        let merged = SweepRunTests.scratch("ft-merged")
        defer { for d in [ref, a, b, merged] { try? FileManager.default.removeItem(atPath: d) } }
        _ = try SweepRunTests.run(ref, text: Self.text)
        _ = try SweepRunTests.run(a, text: Self.text, shard: Shard(index: 0, count: 2))
        _ = try SweepRunTests.run(b, text: Self.text, shard: Shard(index: 1, count: 2))
        let name = try #require(Self.pretrainedFiles(ref).first)
        #expect(SweepRunTests.bytes(a + "/" + name) == SweepRunTests.bytes(ref + "/" + name))
        #expect(SweepRunTests.bytes(b + "/" + name) == SweepRunTests.bytes(ref + "/" + name))
        _ = try SweepMerge.merge([a, b], into: merged)
        #expect(Self.pretrainedFiles(merged) == [name])
        #expect(SweepRunTests.bytes(merged + "/" + name) == SweepRunTests.bytes(ref + "/" + name))
        #expect(String(decoding: SweepRunTests.bytes(merged + "/manifest.json"), as: UTF8.self).contains(name))
        #expect(SweepRunTests.bytes(merged + "/trials.csv") == SweepRunTests.bytes(ref + "/trials.csv"))
        #expect(SweepRunTests.bytes(merged + "/summary.json") == SweepRunTests.bytes(ref + "/summary.json"))
    }
}
