import Foundation
import Testing
import Sweep

/// A sweep on a user's files: relative paths resolve against the sweep file, the manifest records
/// the files' SHA-256, the run folder's copy of the sweep file reads back (report, merge), and a
/// resume on changed data is refused with nothing overwritten.
@Suite struct CustomDataSweepTests {
    static let text = """
        name = "own"
        seed = 4
        dies = 1
        [corners]
        process = ["TT"]
        vdd = [0.9]
        temperature = [27]
        [workload]
        dataset = {train = "data/train.csv", test = "data/test.csv", format = "csv", shape = [1, 4, 4], classes = 2}
        epochs = 2
        widths = [16, 8, 2]
        [[macro]]
        name = "bf16"
        kind = "digital"
        [yield]
        noise_runs = 2
        """

    /// Class 0: bright top half; class 1: bright bottom half; 60 training and 20 test images.
    static func writeData(_ dir: String, brightness: Int = 200) throws {
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        func lines(_ n: Int) -> String {
            (0..<n).map { i in
                let c = i % 2
                return (0..<16).map { p in String((p < 8) == (c == 0) ? brightness - i % 7 : 10 + i % 5) }.joined(separator: ",") + ",\(c)"
            }.joined(separator: "\n") + "\n"
        }
        try lines(60).write(toFile: dir + "/data/train.csv", atomically: true, encoding: .utf8)
        try lines(20).write(toFile: dir + "/data/test.csv", atomically: true, encoding: .utf8)
    }

    @Test func relativePathsFingerprintsAndChangedDataRefused() throws {
        let root = SweepRunTests.scratch("own-data")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.writeData(root)
        try Self.text.write(toFile: root + "/own.toml", atomically: true, encoding: .utf8)
        let spec = try SweepFile.load(path: root + "/own.toml")
        let out = root + "/results"
        var o = SweepRunner.Options(); o.progress = false; o.stopAfter = 0
        _ = try SweepRunner(spec: spec, sweepText: Self.text, directory: out, options: o).run()
        o.stopAfter = nil
        let outcome = try SweepRunner(spec: spec, sweepText: Self.text, directory: out, options: o).run()
        #expect(outcome.summary != nil && outcome.completed == 1)
        let manifest = try JSONSerialization.jsonObject(with: SweepRunTests.bytes(out + "/manifest.json")) as! [String: Any]
        let sha = try #require(manifest["data_sha256"] as? [String])
        #expect(sha.count == 2 && sha.allSatisfy { $0.count == 64 })
        #expect(manifest["data_directory"] as? String == root)
        // The folder's copy of the sweep file reads back against the recorded folder.
        let folder = try RunFolder(out)
        let folderSummary = try folder.summary()
        #expect(folder.rows.count == 1 && folderSummary.noise?.runs == 2)

        // Changed data: the same sweep file is a different computation now; nothing is overwritten.
        let trials = SweepRunTests.bytes(out + "/trials.csv")
        try Self.writeData(root, brightness: 190)
        let changed = try SweepFile.load(path: root + "/own.toml")
        #expect(throws: SweepError.self) { try SweepRunner(spec: changed, sweepText: Self.text, directory: out, options: o).run() }
        #expect(SweepRunTests.bytes(out + "/trials.csv") == trials)
    }

    /// Bad data named by its sweep-file key and the file's line.
    @Test func badDataNamesTheKeyFileAndLine() throws {
        let root = SweepRunTests.scratch("own-bad")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.writeData(root)
        try "1,2,3\n".write(toFile: root + "/data/test.csv", atomically: true, encoding: .utf8)
        do { _ = try SweepFile.parse(Self.text, file: root + "/own.toml"); Issue.record("accepted a bad test file") } catch let e as SpecError {
            #expect(e.key == "workload.dataset.test" && e.description.contains("data/test.csv: line 1: 3 fields, expected 16 pixels and a label"), "\(e)")
        }
        for (edit, key, fragment) in [
            ("classes = 2}", "workload.dataset.classes", "1 is out of range; allowed [2, 1000]"),
            ("shape = [1, 4, 4]", "workload.dataset.shape", "must be [channels, height, width]"),
            ("format = \"csv\"", "workload.dataset.format", "'npy' is not allowed; allowed: idx, csv"),
        ] {
            let replacement = key.hasSuffix("classes") ? "classes = 1}" : key.hasSuffix("shape") ? "shape = [4, 4]" : "format = \"npy\""
            let text = Self.text.replacingOccurrences(of: edit, with: replacement)
            do { _ = try SweepFile.parse(text, file: root + "/own.toml"); Issue.record("accepted \(replacement)") } catch let e as SpecError {
                #expect(e.key == key && e.description.contains(fragment), "\(e)")
            }
        }
        let both = Self.text.replacingOccurrences(of: "epochs = 2", with: "name = \"digits\"\nepochs = 2")
        #expect(throws: SpecError.self) { try SweepFile.parse(both, file: root + "/own.toml") }
    }
}
