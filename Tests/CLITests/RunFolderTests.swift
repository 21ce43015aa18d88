import Foundation
import Testing

/// What the run folder guarantees (docs/sweeps.md), one test per defect of the audit: a lock (1),
/// ownership (2), safe names (3), a verified journal and spec (4), no crash on accepted input (5),
/// errors as messages (6), Slurm values (7) and validation messages (8).
@Suite(.serialized) struct RunFolderTests {
    static let sweep = """
        name = "lockme"
        seed = 7
        dies = 3
        [corners]
        process = ["TT", "SS"]
        vdd = [0.9]
        temperature = [27]
        [workload]
        epochs = 3
        widths = [64, 16, 10]
        [[macro]]
        kind = "analog"
        [[macro]]
        kind = "digital"
        """

    static func folder(_ tag: String) throws -> URL { try SweepCommandTests.folder("rf-" + tag) }

    static func write(_ text: String, _ url: URL) throws { try text.write(to: url, atomically: true, encoding: .utf8) }

    static func snapshot(_ dir: URL) throws -> [String: Data] {
        var s = [String: Data]()
        for f in try FileManager.default.contentsOfDirectory(atPath: dir.path) { s[f] = FileManager.default.contents(atPath: dir.appendingPathComponent(f).path) }
        return s
    }

    // 1. Two sweeps into one folder: one runs, the other exits 2 naming the holder and writes nothing.
    @Test func aSecondSweepIntoAFolderInUseIsRefused() throws {
        let dir = try Self.folder("lock")
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.toml"), b = dir.appendingPathComponent("b.toml"), out = dir.appendingPathComponent("run")
        try Self.write(Self.sweep, a)
        try Self.write(Self.sweep.replacingOccurrences(of: "seed = 7", with: "seed = 8"), b)
        let p = Process()
        p.executableURL = CLI.executable
        p.arguments = ["sweep", a.path, "--out", out.path, "--jobs", "1"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let lockFile = out.appendingPathComponent(".cimpvt.lock"), trials = out.appendingPathComponent("trials.csv")
        let deadline = Date().addingTimeInterval(60)
        while !(FileManager.default.fileExists(atPath: trials.path)) && Date() < deadline && p.isRunning { usleep(2_000) }
        #expect(p.isRunning, "the first sweep ended before the second started")
        let seedOf = { () -> Int? in
            (try? JSONSerialization.jsonObject(with: FileManager.default.contents(atPath: out.appendingPathComponent("manifest.json").path) ?? Data()) as? [String: Any])?["seed"] as? Int
        }
        #expect(seedOf() == 7)
        for other in [b, a] {  // a different seed (refused before the lock, as a different sweep), and the very same sweep
            let r = try CLI.run(["sweep", other.path, "--out", out.path, "--jobs", "1"])
            #expect(r.status == 2, "\(r.stderr)")
            #expect(r.stderr.contains("is in use by pid \(p.processIdentifier)") || (other == b && r.stderr.contains("different sweep")), "\(r.stderr)")
        }
        // the very same sweep started alongside: the lock alone refuses it
        let same = try CLI.run(["sweep", a.path, "--out", out.path, "--jobs", "1"])
        #expect(same.status == 2 && same.stderr.contains("is in use by pid \(p.processIdentifier)"), "\(same.stderr)")
        let pid = String(decoding: FileManager.default.contents(atPath: lockFile.path) ?? Data(), as: UTF8.self)
        #expect(pid == "\(p.processIdentifier)\n")
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(seedOf() == 7)
        // the lock of a finished (or killed) process is taken over: a resume runs and finds all done
        let again = try CLI.run(["sweep", a.path, "--out", out.path])
        #expect(again.status == 0 && again.stdout.contains("12/12 trials") && again.stdout.contains("0 computed now"), "\(again.stdout)")
        let report = try CLI.run(["report", out.path])
        #expect(report.status == 0, "\(report.stderr)")
    }

    // 2. A folder that is not a cimpvt run is refused (sweep --out, merge --into); --fresh removes only
    //    the files the manifest lists.
    @Test func foreignFoldersAreRefusedAndFreshRemovesOnlyEngineFiles() throws {
        let dir = try Self.folder("own")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("s.toml")
        try Self.write(Self.sweep.replacingOccurrences(of: "dies = 3", with: "dies = 1"), file)
        let user = dir.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: user, withIntermediateDirectories: true)
        try Self.write("keep", user.appendingPathComponent("sweep.toml"))
        try Self.write("keep", user.appendingPathComponent("notes.txt"))
        let before = try Self.snapshot(user)
        let r = try CLI.run(["sweep", file.path, "--out", user.path])
        #expect(r.status == 2 && r.stderr.contains("holds no cimpvt run") && r.stderr.contains("notes.txt, sweep.toml"), "\(r.stderr)")
        let m = try CLI.run(["merge", user.path, "--into", user.path])
        #expect(m.status == 2, "\(m.stderr)")
        #expect(try Self.snapshot(user) == before)
        // a real run, then a user file beside it, then --fresh: the user's file stays
        let run = dir.appendingPathComponent("run")
        #expect(try CLI.run(["sweep", file.path, "--out", run.path]).status == 0)
        try Self.write("<svg/>", run.appendingPathComponent("logo.svg"))
        let manifest = try JSONSerialization.jsonObject(with: FileManager.default.contents(atPath: run.appendingPathComponent("manifest.json").path)!) as? [String: Any]
        let files = Set(manifest?["files"] as? [String] ?? [])
        #expect(files.isSuperset(of: ["trials.csv", "report.html", "report.md", "summary.csv", "shmoo-analog-TT.svg"]) && !files.contains("logo.svg"))
        let fresh = try CLI.run(["sweep", file.path, "--out", run.path, "--fresh"])
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(FileManager.default.contents(atPath: run.appendingPathComponent("logo.svg").path) == Data("<svg/>".utf8))
        let merged = try CLI.run(["merge", run.path, "--into", user.path])
        #expect(merged.status == 2 && merged.stderr.contains("holds no cimpvt run"), "\(merged.stderr)")
    }

    // 4. Journal lines are checked against the plan; the spec copy against its hash.
    @Test func aTamperedJournalOrSpecIsRefusedAndLeftAsItIs() throws {
        let dir = try Self.folder("journal")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("s.toml"), run = dir.appendingPathComponent("run")
        try Self.write(Self.sweep, file)
        #expect(try CLI.run(["sweep", file.path, "--out", run.path]).status == 0)
        let trials = run.appendingPathComponent("trials.csv")
        let good = String(decoding: FileManager.default.contents(atPath: trials.path)!, as: UTF8.self)
        var lines = good.split(separator: "\n").map(String.init)
        let tampered: [(String, [String], String)] = [
            ("malformed middle line", { var l = lines; l[3] = "3,broken"; return l }(), "line 4: not a trial line"),
            ("edited accuracy", { var l = lines; l[2] = l[2].replacingOccurrences(of: ",ok,", with: ",ok,").replacingOccurrences(of: l[2].split(separator: ",")[7], with: "0.5"); return l }(), "line 3"),
            ("swapped ids", { var l = lines; let a = l[1].split(separator: ",", maxSplits: 1), b = l[4].split(separator: ",", maxSplits: 1); l[1] = b[0] + "," + a[1]; l[4] = a[0] + "," + b[1]; return l }(), "line 2: trial 3 is macro"),
            ("binary bytes in kind", { var l = lines; l[5] = l[5].replacingOccurrences(of: ",analog,", with: ",ana\u{1}log,").replacingOccurrences(of: ",digital,", with: ",dig\u{1}ital,"); return l }(), "line 6"),
            ("a trial twice", lines + [lines[1]], "appears a second time"),
            ("a trial from outside the sweep", lines + ["9999" + lines[1].drop { $0 != "," }], "trial 9999 is not in this sweep"),
        ]
        for (what, l, fragment) in tampered {
            let text = l.joined(separator: "\n") + "\n"
            try Self.write(text, trials)
            let r = try CLI.run(["sweep", file.path, "--out", run.path])
            #expect(r.status == 2 && r.stderr.contains("trials.csv") && r.stderr.contains(fragment), "\(what): \(r.stderr)")
            #expect(String(decoding: FileManager.default.contents(atPath: trials.path)!, as: UTF8.self) == text, "\(what): rewritten")
            let rep = try CLI.run(["report", run.path])
            #expect(rep.status == 2 && rep.stderr.contains(fragment), "\(what): report \(rep.stderr)")
        }
        // merge applies the same check to every input
        try Self.write(lines.joined(separator: "\n") + "\n" + "9999" + lines[1].drop { $0 != "," } + "\n", trials)
        let m = try CLI.run(["merge", run.path, "--into", dir.appendingPathComponent("merged").path])
        #expect(m.status == 2 && m.stderr.contains("trial 9999"), "\(m.stderr)")
        // a torn last line is still dropped, and the run resumes to the same bytes
        lines.removeLast()
        try Self.write(lines.joined(separator: "\n") + "\n" + "11,digital,dig", trials)
        let resumed = try CLI.run(["sweep", file.path, "--out", run.path])
        #expect(resumed.status == 0 && resumed.stdout.contains("1 computed now"), "\(resumed.stdout) \(resumed.stderr)")
        #expect(String(decoding: FileManager.default.contents(atPath: trials.path)!, as: UTF8.self) == good)
        // an edited [yield] in the folder's sweep.toml no longer relabels the run
        let copy = run.appendingPathComponent("sweep.toml")
        try Self.write(Self.sweep + "\n[yield]\nmax_degradation_pp = 50\n", copy)
        for args in [["report", run.path], ["sweep", file.path, "--out", run.path]] {
            let r = try CLI.run(args)
            #expect(r.status == 2 && r.stderr.contains("does not match the manifest's spec hash"), "\(args[0]): \(r.stderr)")
        }
    }

    // 3, 5, 6, 8. Names, sizes, paths and messages of bad input: status 2 with the key, nothing written.
    @Test func badInputEndsWithAMessageNeverATrap() throws {
        let dir = try Self.folder("input")
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = "seed = 1\ndies = 1\n[corners]\nprocess = [\"TT\"]\nvdd = [0.9]\ntemperature = [27]\n"
        let cases: [(String, String, String)] = [
            ("name = \"..\"\n" + base, "key 'name'", "names a folder itself"),
            ("name = \".\"\n" + base, "key 'name'", "names a folder itself"),
            ("name = \"ok\\u0000evil\"\n" + base, "key 'name'", "control character"),
            ("name = \"\\u001b[31mred\"\n" + base, "key 'name'", "control character"),
            ("name = \"\(String(repeating: "n", count: 300))\"\n" + base, "key 'name'", "at most 100"),
            (base.replacingOccurrences(of: "[\"TT\"]", with: "[\"TT\\u0000junk\"]"), "key 'process'", "control character"),
            ("seed = 1\ndie = 8\n[corners]\nprocess = [\"TT\"]\nvdd = [0.9]\ntemperature = [27]\n", "key 'die'", "did you mean 'dies'?"),
            ("[sweep]\n" + base, "key 'sweep'", "unknown key"),
            (base + "[[macro]]\nkind = \"digital\"\nmantissa_bits = 12\n", "mantissa_bits", "allowed [2, 8]"),
            (base + "[[macro]]\nkind = \"digital\"\nmantissa_bits = 17\n", "mantissa_bits", "allowed [2, 8]"),
            (base + "[workload]\nlearning_rate = 1e-300\n", "learning_rate", "1e-300 is out of range; allowed [1e-08, 10]"),
            (base.replacingOccurrences(of: "[0.9]", with: "[1e-300]"), "vdd[0]", "allowed [0.3, 1.5] V"),
            (base.replacingOccurrences(of: "temperature = [27]", with: "temperature = [" + (0..<20501).map { String(format: "%.3f", -40 + Double($0) * 0.008) }.joined(separator: ", ") + "]").replacingOccurrences(of: "dies = 1", with: "dies = 100000"), "", "more than 1000000000 trials"),
            (base + "[workload]\nwidths = [64" + String(repeating: ", 4096", count: 50) + ", 10]\n", "widths", "at most 4194304"),
            ("[\n[macro]]\n" + base, "", "not a table header"),
        ]
        for (i, (text, key, fragment)) in cases.enumerated() {
            let f = dir.appendingPathComponent("bad\(i).toml")
            try Self.write(text, f)
            let r = try CLI.run(["corners", f.path])
            #expect(r.status == 2, "case \(i): status \(r.status) \(r.stderr.prefix(300))")
            #expect(r.stderr.hasPrefix("cimpvt: error: \(f.path)") && (key.isEmpty || r.stderr.contains(key)) && r.stderr.contains(fragment), "case \(i): \(r.stderr.prefix(400))")
            #expect(!r.stderr.unicodeScalars.contains { $0.value == 0x1b || $0.value == 0 }, "case \(i): raw control characters echoed")
        }
        // invalid UTF-8, a folder, /dev/null
        let latin = dir.appendingPathComponent("latin.toml")
        try Data("seed = 1\nname = \"caf\u{e9}".utf8.dropLast(2) + [0xE9, 0x22, 0x0A]).write(to: latin)
        let u = try CLI.run(["corners", latin.path])
        #expect(u.status == 2 && u.stderr.contains("invalid byte at line 2, column 12"), "\(u.stderr)")
        for p in ["/dev/null", dir.path] {
            let r = try CLI.run(["corners", p])
            #expect(r.status == 2 && r.stderr.contains("is not a regular file"), "\(p): \(r.stderr)")
        }
        // stderr and stdout that cannot be written: a status, never a trap
        let good = dir.appendingPathComponent("good.toml")
        try Self.write(base, good)
        let full = FileHandle(forWritingAtPath: "/dev/full")!
        for args in [["corners", good.path], ["sample", "--devices", "10", "--csv"], ["train", "--epochs", "1", "--json"]] {
            let p = Process()
            p.executableURL = CLI.executable
            p.arguments = args
            p.standardOutput = full
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            #expect(p.terminationReason == .exit && p.terminationStatus == 1, "\(args[0]) > /dev/full: \(p.terminationStatus)")
        }
        let p = Process()
        p.executableURL = CLI.executable
        p.arguments = ["corners", dir.appendingPathComponent("bad0.toml").path]
        p.standardError = full
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 2)
        // paths: under a file, empty, in /proc
        for (out, fragment) in [(good.path + "/x", "cannot create the results folder"), ("", "empty path"), ("/proc/cimpvt-x", "cannot create the results folder")] {
            let r = try CLI.run(["sweep", good.path, "--out", out])
            #expect(r.status == 2 && r.stderr.contains(fragment) && !r.stderr.contains("NSCocoaErrorDomain"), "\(out): \(r.stderr)")
        }
        let big = try CLI.run(["sweep", good.path, "--out", dir.appendingPathComponent("r").path, "--max-trials", "1"])
        #expect(big.status == 2 && big.stderr.contains("plans 2 trials") && big.stderr.contains("--max-trials"), "\(big.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("r").path))
        // CLI values
        for (args, fragment) in [(["train", "--widths", "64,,10"], "--widths"), (["train", "--seed", "18446744073709551615"], "9223372036854775807"),
                                 (["device", "--vdd", "1e-300"], "[0.3, 1.5] V")] {
            let r = try CLI.run(args)
            #expect(r.status == 2 && r.stderr.hasPrefix("cimpvt: error: ") && r.stderr.contains(fragment), "\(args): \(r.stderr)")
        }
        let pairs = dir.appendingPathComponent("pairs.csv")
        try Self.write((Array(repeating: "1", count: 70) + ["nan"] + Array(repeating: "1", count: 57)).joined(separator: ",") + "\n", pairs)
        let mac = try CLI.run(["mac", "--input", pairs.path])
        #expect(mac.status == 2 && mac.stderr.contains("line 1, field 71 (w[6]) is not a finite number"), "\(mac.stderr)")
    }

    /// `cimpvt merge` as a user runs it: shards combine to the bytes of a whole run (status 0); a shard
    /// missing is reported with status 3 and no summary; shards of another seed are refused (status 2).
    @Test func mergeFromTheCommandLine() throws {
        let dir = try Self.folder("merge")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("s.toml"), other = dir.appendingPathComponent("o.toml")
        let small = Self.sweep.replacingOccurrences(of: "dies = 3", with: "dies = 1")
        try Self.write(small, file)
        try Self.write(small.replacingOccurrences(of: "seed = 7", with: "seed = 9"), other)
        let whole = dir.appendingPathComponent("whole")
        #expect(try CLI.run(["sweep", file.path, "--out", whole.path]).status == 0)
        var shards = [String]()
        for i in 0..<2 {
            let out = dir.appendingPathComponent("s\(i)").path
            #expect(try CLI.run(["sweep", file.path, "--shard", "\(i)/2", "--out", out]).status == 0)
            shards.append(out)
        }
        let partial = try CLI.run(["merge", shards[0], "--into", dir.appendingPathComponent("partial").path])
        #expect(partial.status == 3 && partial.stderr.contains("2 trials missing (ids 1, 3)"), "\(partial.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("partial/summary.csv").path))
        let merged = dir.appendingPathComponent("merged")
        let ok = try CLI.run(["merge"] + shards + ["--into", merged.path])
        #expect(ok.status == 0 && ok.stdout.contains("merged 4/4 trials from 2 folders"), "\(ok.stderr)")
        #expect(FileManager.default.contents(atPath: merged.appendingPathComponent("trials.csv").path)
                == FileManager.default.contents(atPath: whole.appendingPathComponent("trials.csv").path))
        let foreign = dir.appendingPathComponent("f1").path
        #expect(try CLI.run(["sweep", other.path, "--shard", "1/2", "--out", foreign]).status == 0)
        let mixed = try CLI.run(["merge", shards[0], foreign, "--into", dir.appendingPathComponent("mixed").path])
        #expect(mixed.status == 2 && mixed.stderr.contains("does not match") && mixed.stderr.contains("seed 9 vs 7"), "\(mixed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("mixed").path))
    }

    // 5. An ideal-only sweep (every MAC error 0) writes its report.
    @Test func anIdealOnlySweepWritesItsReport() throws {
        let dir = try Self.folder("ideal")
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = dir.appendingPathComponent("ideal.toml")
        try Self.write("seed = 1\ndies = 2\n[corners]\nprocess = [\"TT\"]\nvdd = [0.9]\ntemperature = [27]\n[workload]\nepochs = 1\n[[macro]]\nkind = \"ideal\"\n", f)
        let r = try CLI.run(["sweep", f.path, "--out", dir.appendingPathComponent("run").path])
        #expect(r.status == 0 && r.stdout.contains("report:"), "\(r.stderr)")
        let again = try CLI.run(["report", dir.appendingPathComponent("run").path])
        #expect(again.status == 0, "\(again.stderr)")
    }

    // 7. Slurm values are validated; paths in commands are quoted.
    @Test func slurmValuesAreValidatedAndPathsQuoted() throws {
        let dir = try Self.folder("slurm")
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = dir.appendingPathComponent("s.toml")
        try Self.write(Self.sweep, f)
        for (flag, value) in [("--partition", "gpu\nrm -rf /"), ("--time", "2h; reboot"), ("--account", "a b"), ("--partition", "$(id)")] {
            let r = try CLI.run(["slurm", f.path, "--shards", "2", "--out", dir.appendingPathComponent("x").path, flag, value])
            #expect(r.status == 2 && r.stderr.contains(flag) && !r.stderr.contains("\n" + "rm -rf"), "\(flag) \(value): \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x").path))
        let ok = try CLI.run(["slurm", f.path, "--shards", "2", "--out", dir.appendingPathComponent("y").path,
                              "--partition", "gpu,cpu", "--time", "1-02:00:00", "--account", "proj_1"])
        #expect(ok.status == 0, "\(ok.stderr)")
        let script = try String(contentsOfFile: dir.appendingPathComponent("y/slurm/array.sbatch").path, encoding: .utf8)
        #expect(script.contains("#SBATCH --partition=gpu,cpu\n#SBATCH --time=1-02:00:00\n#SBATCH --account=proj_1\n") || script.contains("#SBATCH --account=proj_1"))
        #expect(script.contains("sweep '\(f.path)' --shard"))
        let spaced = try CLI.run(["slurm", f.path, "--shards", "2", "--out", dir.appendingPathComponent("with space").path])
        #expect(spaced.status == 2 && spaced.stderr.contains("#SBATCH"), "\(spaced.stderr)")
    }
}
