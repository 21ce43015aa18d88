import Foundation
import Testing

/// `cimpvt sweep` and `cimpvt merge` as a user runs them: killed with SIGKILL part-way and resumed,
/// bad sweep files refused with exit status 2 and nothing written.
@Suite(.serialized) struct SweepCommandTests {
    static let sweep = """
        name = "killme"
        seed = 21
        dies = 4
        [corners]
        process = ["TT", "FF"]
        vdd = [0.9]
        temperature = [27]
        [workload]
        epochs = 6
        widths = [64, 16, 10]
        [[macro]]
        kind = "analog"
        [[macro]]
        kind = "digital"
        """

    static func folder(_ tag: String) throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("cimpvt-cli-\(tag)-\(getpid())")
        try? FileManager.default.removeItem(at: d)
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    static func dataLines(_ url: URL) -> Int {
        guard let d = FileManager.default.contents(atPath: url.path) else { return 0 }
        return max(0, String(decoding: d, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).count - 2)
    }

    @Test func killedSweepResumesToTheUninterruptedBytes() throws {
        let dir = try Self.folder("kill")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("killme.toml")
        try Self.sweep.write(to: file, atomically: true, encoding: .utf8)
        let whole = try CLI.run(["sweep", file.path, "--out", dir.appendingPathComponent("whole").path, "--jobs", "1"])
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(whole.stdout.contains("16/16 trials") && whole.stdout.contains("TT_0.9V_27C"), "\(whole.stdout)")

        // Start the same sweep as a child, SIGKILL it once a few trials are in the journal.
        let out = dir.appendingPathComponent("killed")
        let p = Process()
        p.executableURL = CLI.executable
        p.arguments = ["sweep", file.path, "--out", out.path, "--jobs", "2"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let trials = out.appendingPathComponent("trials.csv")
        let deadline = Date().addingTimeInterval(60)
        while Self.dataLines(trials) < 3 && Date() < deadline && p.isRunning { usleep(2_000) }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal, "the run finished before it could be killed")
        let before = Self.dataLines(trials)
        #expect(before >= 3 && before < 16, "\(before) trials at the kill")

        let resumed = try CLI.run(["sweep", file.path, "--out", out.path, "--jobs", "2"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("16/16 trials") && resumed.stdout.contains("(\(16 - before) computed now"), "\(resumed.stdout)")
        let a = FileManager.default.contents(atPath: trials.path)
        let b = FileManager.default.contents(atPath: dir.appendingPathComponent("whole/trials.csv").path)
        #expect(a != nil && a == b)
        #expect(FileManager.default.contents(atPath: out.appendingPathComponent("summary.csv").path) ==
                FileManager.default.contents(atPath: dir.appendingPathComponent("whole/summary.csv").path))
    }

    @Test func badSweepFilesExit2AndLeaveTheRunUntouched() throws {
        let dir = try Self.folder("bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.toml")
        try Self.sweep.replacingOccurrences(of: "dies = 4", with: "dies = 1").write(to: good, atomically: true, encoding: .utf8)
        let run = dir.appendingPathComponent("run")
        let first = try CLI.run(["sweep", good.path, "--out", run.path, "--jobs", "2"])
        #expect(first.status == 0, "\(first.stderr)")
        let snapshot = try FileManager.default.contentsOfDirectory(atPath: run.path).sorted().map {
            ($0, FileManager.default.contents(atPath: run.appendingPathComponent($0).path))
        }
        let bad: [(String, String, String)] = [
            ("[[macro]]\nname = \"x\"\n", "macro[0].kind", "analog, digital, ideal"),
            ("[[macro]]\nkind = \"digital\"\nformat = \"fp16\"\n", "macro[0].format", "int4"),
            ("[workload]\nname = \"imagenet\"\n", "workload.name", "digits, mnist5k"),
        ]
        for (i, (table, key, allowed)) in bad.enumerated() {
            let f = dir.appendingPathComponent("bad\(i).toml")
            try ("seed = 1\ndies = 1\n[corners]\nprocess = [\"TT\"]\nvdd = [0.9]\ntemperature = [27]\n" + table)
                .write(to: f, atomically: true, encoding: .utf8)
            let r = try CLI.run(["sweep", f.path, "--out", run.path])
            #expect(r.status == 2, "\(key): status \(r.status)")
            #expect(r.stderr.contains(f.path) && r.stderr.contains("'\(key)'") && r.stderr.contains(allowed), "\(r.stderr)")
        }
        // A valid but different sweep is refused too, with status 2.
        let other = dir.appendingPathComponent("other.toml")
        try Self.sweep.replacingOccurrences(of: "dies = 4", with: "dies = 2").write(to: other, atomically: true, encoding: .utf8)
        let changed = try CLI.run(["sweep", other.path, "--out", run.path])
        #expect(changed.status == 2 && changed.stderr.contains("different sweep"), "\(changed.stderr)")
        let after = try FileManager.default.contentsOfDirectory(atPath: run.path).sorted().map {
            ($0, FileManager.default.contents(atPath: run.appendingPathComponent($0).path))
        }
        #expect(after.map(\.0) == snapshot.map(\.0) && after.map(\.1) == snapshot.map(\.1))
    }

    @Test func trainPrintsJSONWithTheDocumentedKeys() throws {
        let r = try CLI.run(["train", "--macro", "analog", "--epochs", "2", "--widths", "64,16,10", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        for k in ["accuracy", "baseline_accuracy", "degradation_pp", "status", "fwd_mac_rms", "bwd_mac_rms"] {
            #expect(obj?[k] != nil, "missing \(k)")
        }
        #expect((obj?["status"] as? String) == "ok")
        let acc = obj?["accuracy"] as? Double ?? -1, base = obj?["baseline_accuracy"] as? Double ?? -1
        #expect(abs((obj?["degradation_pp"] as? Double ?? .nan) - 100 * (base - acc)) < 1e-9)
        let bad = try CLI.run(["train", "--workload", "cifar"])
        #expect(bad.status != 0 && bad.stderr.contains("digits, mnist5k"))
    }
}

/// `cimpvt slurm` writes the scripts; `--submit` without sbatch is a clear error that writes nothing.
@Suite struct SlurmCommandTests {
    @Test func writesScriptsAndRefusesSubmitWithoutSbatch() throws {
        let dir = try SweepCommandTests.folder("slurm")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("run")
        let r = try CLI.run(["slurm", "corners/quick.toml", "--shards", "3", "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let array = try String(contentsOf: out.appendingPathComponent("slurm/array.sbatch"), encoding: .utf8)
        #expect(array.contains("#SBATCH --array=0-2") && array.contains("--shard \"$i/3\""))
        #expect(array.contains(CLI.repo.appendingPathComponent("corners/quick.toml").path))
        let noSbatch = dir.appendingPathComponent("nosbatch")
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = "/nonexistent-bin"
        let s = try CLI.run(["slurm", "corners/quick.toml", "--shards", "3", "--out", noSbatch.path, "--submit"], environment: env)
        #expect(s.status == 2 && s.stderr.contains("sbatch") && s.stderr.contains("PATH"), "\(s.status) \(s.stderr)")
        #expect(!FileManager.default.fileExists(atPath: noSbatch.path))
    }
}

/// `cimpvt bitcell` and `cimpvt report` from the command line.
@Suite struct ReportCommandTests {
    @Test func bitcellJSONAgreesWithAnalytic() throws {
        let r = try CLI.run(["bitcell", "--process", "SS", "--vdd", "0.6", "--temp", "-40", "--margin", "read", "--method", "is",
                             "--samples", "20000", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let p = o?["p_fail"] as? Double ?? -1, a = o?["analytic"] as? Double ?? -2
        #expect(abs(p / a - 1) < 0.1 && (o?["ci_low"] as? Double ?? 1) <= a && a <= (o?["ci_high"] as? Double ?? 0), "\(r.stdout)")
        #expect((o?["samples"] as? Int) == 20000)
        let bad = try CLI.run(["bitcell", "--margin", "retention"])
        #expect(bad.status != 0 && bad.stderr.contains("hold, read, write"))
    }

    @Test func completedSweepWritesTheReport() throws {
        let dir = try SweepCommandTests.folder("report")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("r.toml")
        try SweepCommandTests.sweep.replacingOccurrences(of: "dies = 4", with: "dies = 2").write(to: file, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("run")
        let r = try CLI.run(["sweep", file.path, "--out", out.path, "--jobs", "2"])
        #expect(r.status == 0 && r.stdout.contains("report.html"), "\(r.stderr)")
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("<svg") && !html.contains("<script"))
        let md = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(md.contains("![Shmoo map, analog, process TT](shmoo-analog-TT.svg)"), "\(md.prefix(600))")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("shmoo-analog-TT.svg").path))
        // A shard folder is not a whole sweep: report refuses it with status 2.
        let shard = dir.appendingPathComponent("shard")
        _ = try CLI.run(["sweep", file.path, "--out", shard.path, "--shard", "0/2"])
        let refused = try CLI.run(["report", shard.path])
        #expect(refused.status == 2 && refused.stderr.contains("merge the shards"), "\(refused.stderr)")
    }
}
