import Foundation
import Testing

/// Runs the built `cimpvt` executable as a user would.
enum CLI {
    static var executable: URL {
        // The test bundle sits in the build products directory beside the executable.
        let products = Bundle.main.bundleURL
        let candidates = [products.appendingPathComponent("cimpvt"),
                          products.deletingLastPathComponent().appendingPathComponent("cimpvt")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    static func run(_ args: [String], cwd: URL? = nil, environment: [String: String]? = nil) throws -> Result {
        let p = Process()
        p.executableURL = executable
        p.arguments = args
        if let environment { p.environment = environment }
        p.currentDirectoryURL = cwd ?? repo
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}

@Suite struct CommandLineTests {
    /// Started without any OPENBLAS_* variable, cimpvt re-executes itself once with the pinned kernel
    /// (on AVX2/FMA machines) and no OpenBLAS worker threads: one thread in the whole process.
    @Test func startsOnThePinnedKernelWithOneThread() throws {
        let env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("OPENBLAS_") }
        let r = try CLI.run(["--version"], environment: env)
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("cimpvt 0.16.0 (OpenBLAS "), "\(r.stdout)")
        #expect(r.stdout.contains("1 thread in the process"), "\(r.stdout)")
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        if cpu.contains(" avx2") && cpu.contains(" fma") {
            #expect(r.stdout.contains("Haswell kernel"), "\(r.stdout)")
        }
        // A user's own choice stands: no re-execution, the variables as given (OpenBLAS caps its
        // threads at the core count).
        if ProcessInfo.processInfo.activeProcessorCount >= 2 {
            var own = env; own["OPENBLAS_NUM_THREADS"] = "2"; own["OPENBLAS_CORETYPE"] = "Haswell"
            #expect(try CLI.run(["--version"], environment: own).stdout.contains("2 threads in the process"))
        }
    }

    @Test func deviceCSVHasExactColumnsAndReferenceValues() throws {
        let r = try CLI.run(["device", "--process", "TT", "--vdd", "0.9", "--temp", "27", "--csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "type,vth_v,ion_rel,delay_rel")
        #expect(lines.dropFirst().map(String.init) == ["n,0.4500,1.0000,1.0000", "p,0.4700,1.0000,1.0000"])
    }

    @Test func deviceAtSlowColdLowVoltageIsSlower() throws {
        let r = try CLI.run(["device", "--process", "SS", "--vdd", "0.7", "--temp", "-40", "--csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == 2 && rows.map { $0.prefix(2) } == ["n,", "p,"], "\(r.stdout)")
        for line in rows {
            let f = line.split(separator: ",").compactMap { Double($0) }
            #expect(f.count == 3 && f[1] < 1 && f[2] > 1, "\(line)")
        }
    }

    @Test func sampleCSVColumnsAndRowCount() throws {
        let r = try CLI.run(["sample", "--process", "SS", "--vdd", "0.6", "--temp", "-40", "--seed", "3", "--die", "1",
                             "--devices", "5", "--type", "p", "--wl", "50/30", "--csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "device,dvth_v,dbeta_rel,vth_v,ion_rel,die_dvth_v,die_dmu_rel")
        #expect(lines.count == 6)
        let again = try CLI.run(["sample", "--process", "SS", "--vdd", "0.6", "--temp", "-40", "--seed", "3", "--die", "1",
                                 "--devices", "5", "--type", "p", "--wl", "50/30", "--csv"])
        #expect(again.stdout == r.stdout)
    }

    @Test func cornersListsTheQuickFile() throws {
        let r = try CLI.run(["corners", "corners/quick.toml", "--csv"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").first == "index,process,vdd_v,temp_c")
        #expect(r.stdout.contains("6,SS,0.6,-40"))
    }

    @Test func badSweepFileExitsWithStatus2AndNamesTheKey() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cimpvt-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.toml")
        try "seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[2.0]\ntemperature=[27]\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["corners", file.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.toml: key 'corners.vdd[0]': 2 is out of range; allowed [0.3, 1.5] V"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    /// A network that does not fit the data, an unknown preset and unreadable data files: exit 2, the
    /// layer or the file named, nothing printed on stdout.
    @Test func badNetworksAndDataExitWithStatus2() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cimpvt-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "1,2,3,4,0\n".write(to: dir.appendingPathComponent("train.csv"), atomically: true, encoding: .utf8)
        try "1,2,3,4,11\n".write(to: dir.appendingPathComponent("test.csv"), atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["train", "--network", "lenet5", "--epochs", "1"],
             "--network layer 3 (conv2d): kernel 5×5 is larger than its padded input 4×4 (input [6, 4, 4], padding 0)"),
            (["train", "--network", "resnet18"], "--network 'resnet18' is not allowed; allowed: mlp, lenet5, cnn-s"),
            (["train", "--dataset-train", dir.appendingPathComponent("train.csv").path, "--dataset-test",
              dir.appendingPathComponent("test.csv").path, "--dataset-format", "csv", "--dataset-shape", "1,2,2"],
             "test.csv: line 1: label 11 outside 0…9"),
            (["train", "--dataset-train", dir.appendingPathComponent("missing.idx").path, "--dataset-test",
              dir.appendingPathComponent("test.csv").path], "missing.idx: cannot be opened"),
        ]
        for (args, fragment) in cases {
            let r = try CLI.run(args)
            #expect(r.status == 2 && r.stderr.contains(fragment) && r.stdout.isEmpty, "\(args): \(r.status) \(r.stderr)")
        }
    }

    @Test func badOptionIsRejected() throws {
        let r = try CLI.run(["device", "--process", "XX"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("allowed: TT, FF, SS, FS, SF"))
    }
}

@Suite struct MACCommandTests {
    @Test func macComputesExactIntegerDotProductsAndStatsHaveTheirKeys() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cimpvt-mac-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // INT8 with a 127 in every vector: scale 1, so the accurate MAC returns the exact integer sum.
        let x = [127] + (1..<64).map { $0 % 5 - 2 }, w = [127] + (1..<64).map { $0 % 3 - 1 }
        let exact = zip(x, w).reduce(0) { $0 + $1.0 * $1.1 }
        let file = dir.appendingPathComponent("pairs.csv")
        try ((x + w).map(String.init).joined(separator: ",") + "\n").write(to: file, atomically: true, encoding: .utf8)
        for extra in [[String]()] {
            let r = try CLI.run(["mac", "--format", "int8", "--mode", "accurate", "--process", "TT", "--vdd", "0.9", "--temp", "27",
                                 "--seed", "1", "--die", "0", "--input", file.path] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout == "y\n\(Float(exact))\n")
        }
        let s = try CLI.run(["mac-stats", "--samples", "500", "--json"])
        #expect(s.status == 0, "\(s.stderr)")
        for key in ["\"nmed\"", "\"rmse\"", "\"mean_error\"", "\"max_error\""] { #expect(s.stdout.contains(key)) }
        let bad = try CLI.run(["mac-stats", "--format", "fp16"])
        #expect(bad.status != 0 && bad.stderr.contains("allowed: int4, int8, fp8-e4m3, fp8-e5m2, bf16"))
        // The approximate mode: its error against the accurate MAC (FP8: 1.9 % against 6.4 % against FP64,
        // docs/digital-macro.md), and its own faster clock (732.4 MHz against 622.5 MHz at 0.9 V).
        let approx = try CLI.run(["mac-stats", "--format", "fp8-e4m3", "--mode", "approximate", "--samples", "2000", "--json"])
        let a = try #require(try JSONSerialization.jsonObject(with: Data(approx.stdout.utf8)) as? [String: Double])
        let nmed = a["nmed"] ?? 0, circuit = a["nmed_vs_accurate"] ?? 1
        #expect(circuit > 0.01 && circuit < 0.03 && nmed > 0.05 && nmed < 0.08, "\(approx.stdout)")
        #expect(abs((a["clock_mhz"] ?? 0) - 732.4) < 0.1, "\(approx.stdout)")
        #expect(s.stdout.contains("\"clock_mhz\": 622.4") && !s.stdout.contains("nmed_vs_accurate"), "\(s.stdout)")
        let badEncoding = try CLI.run(["mac-stats", "--mantissa-encoding", "ones-complement"])
        #expect(badEncoding.status == 2 && badEncoding.stderr.contains("allowed: sign-magnitude, twos-complement"), "\(badEncoding.stderr)")
    }
}

@Suite struct AnalogCommandTests {
    @Test func analogMacStatsReportsErrorAndRejectsBadCalibration() throws {
        let r = try CLI.run(["mac-stats", "--macro", "analog", "--samples", "300", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let data = Data(r.stdout.utf8)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Double])
        // die 0 at TT / 0.9 V / 27 °C, `die` calibration, signed N(0, 1) inputs: RMSE ≈ 2.6 (2.58 over
        // 2 000 samples: docs/analog-macro.md), gain ≈ 1, no clipping, σ_read 0.324 LSB, 2.96 ns per
        // conversion (1 ns integration + an 8-cycle SAR), 21.6 GMAC/s per block.
        #expect((2.0...3.2).contains(json["rmse"] ?? 0) && abs((json["gain"] ?? 0) - 1) < 0.05, "\(r.stdout)")
        #expect(json["adc_clip_rate"] == 0 && abs((json["read_noise_lsb"] ?? 0) - 0.324) < 0.002, "\(r.stdout)")
        #expect(abs((json["conversion_ns"] ?? 0) - 2.96) < 0.01 && abs((json["block_gmacs"] ?? 0) - 21.6) < 0.1, "\(r.stdout)")
        let unsignedInputs = try CLI.run(["mac-stats", "--macro", "analog", "--inputs", "unsigned", "--adc-bits", "4",
                                          "--adc-range", "16", "--samples", "300", "--json"])
        let u = try #require(try JSONSerialization.jsonObject(with: Data(unsignedInputs.stdout.utf8)) as? [String: Double])
        #expect((u["adc_clip_rate"] ?? 0) > 0.2, "a 16-cell range clips: \(unsignedInputs.stdout)")
        let badEncoding = try CLI.run(["mac-stats", "--macro", "analog", "--weight-encoding", "gray"])
        #expect(badEncoding.status == 2 && badEncoding.stderr.contains("allowed: twos-complement, sign-magnitude, differential"))
        let badRange = try CLI.run(["mac-stats", "--macro", "analog", "--adc-range", "80"])
        #expect(badRange.status == 2 && badRange.stderr.contains("--adc-range") && badRange.stderr.contains("(0, rows_on = 64]"),
                "\(badRange.stderr)")
        let bad = try CLI.run(["mac-stats", "--macro", "analog", "--calibration", "factory"])
        #expect(bad.status != 0 && bad.stderr.contains("allowed: design, die, tracking"))
        let unknown = try CLI.run(["mac-stats", "--macro", "optical"])
        #expect(unknown.status != 0 && unknown.stderr.contains("allowed: digital, analog"))
    }
}

@Suite struct ClockCommandTests {
    @Test func shmooPrintsAMonotoneMapAndWritesCSVJSONAndSVG() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cimpvt-shmoo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let svg = dir.appendingPathComponent("s.svg").path
        let r = try CLI.run(["shmoo", "--process", "SS", "--temp", "-40", "--vdd", "0.6:0.9:0.1", "--frequency-mhz", "100,300,600",
                             "--dies", "4", "--csv", "--svg", svg])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.count == 12)
        let share = Dictionary(uniqueKeysWithValues: rows.map { ("\($0[0])|\($0[1])", Double($0[4])!) })
        for v in ["0.6", "0.7", "0.8", "0.9"] {
            #expect(share["\(v)|100.0"]! >= share["\(v)|300.0"]! && share["\(v)|300.0"]! >= share["\(v)|600.0"]!)
        }
        #expect(share["0.9|100.0"] == 1 && share["0.6|600.0"] == 0)
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.hasPrefix("<svg") && text.contains("600 MHz") && text.contains("0.9 V"))
        let table = try CLI.run(["shmoo", "--vdd", "0.6,0.9", "--frequency-mhz", "100", "--dies", "2"])
        #expect(table.status == 0 && table.stdout.contains("MHz \\ V") && table.stdout.contains("  0.60  0.90"), "\(table.stdout)")
    }

    @Test(arguments: [
        (["--frequency-mhz", "0:100:10"], "--frequency-mhz '0:100:10'"),
        (["--frequency-mhz", "-5"], "(0, 10000] MHz"),
        (["--vdd", "0.5:1.0:0.00001"], "--vdd"),
        (["--vdd", "0.3:1.5:0.01", "--frequency-mhz", "1:1000:1"], "at most 10000"),
        (["--dies", "0"], "[1, 100000]"),
        (["--process", "XY"], "allowed: TT, FF, SS, FS, SF"),
        (["--vdd", "0.6,,0.7"], "--vdd '0.6,,0.7'"),
    ])
    func shmooRejectsBadGridsWithStatus2(args: [String], fragment: String) throws {
        let r = try CLI.run(["shmoo"] + args)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("cimpvt: error: ") && r.stderr.contains(fragment), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func macStatsAndTrainReportTheClock() throws {
        let s = try CLI.run(["mac-stats", "--process", "SS", "--vdd", "0.7", "--temp", "-40", "--samples", "64", "--json"])
        #expect(s.status == 0, "\(s.stderr)")
        let j = try JSONSerialization.jsonObject(with: Data(s.stdout.utf8)) as? [String: Double]
        #expect(abs((j?["clock_mhz"] ?? 0) - 278.2) < 1 && (j?["worst_slack_ns"] ?? -1) > 0, "\(s.stdout)")
        let b = try CLI.run(["mac-stats", "--process", "TT", "--vdd", "0.9", "--temp", "27", "--samples", "64", "--json", "--clock", "binned"])
        let jb = try JSONSerialization.jsonObject(with: Data(b.stdout.utf8)) as? [String: Double]
        #expect((jb?["clock_mhz"] ?? 0) >= 622 && (jb?["timing_error_events"] ?? 1) == 0, "\(b.stdout)")
        let bad = try CLI.run(["mac-stats", "--clock", "binned", "--bin-ladder-mhz", "300,200"])
        #expect(bad.status != 0 && bad.stderr.contains("ascending"), "\(bad.stderr)")
        let badYield = try CLI.run(["mac-stats", "--signoff-yield", "1"])
        #expect(badYield.status != 0 && badYield.stderr.contains("(0, 1)"), "\(badYield.stderr)")
        let t = try CLI.run(["train", "--macro", "analog", "--epochs", "1", "--json"])
        let jt = try JSONSerialization.jsonObject(with: Data(t.stdout.utf8)) as? [String: Any]
        #expect(jt?["clock_mhz"] is NSNull && jt?["worst_slack_ns"] is NSNull, "\(t.stdout)")
    }
}

@Suite struct EnergyCommandTests {
    /// The paper's peak condition, the curve over VDD with its minimum-energy point, the trial columns,
    /// and bad input with exit 2.
    @Test func energyPointCurveAndErrors() throws {
        let p = try CLI.run(["energy", "--format", "fp8-e4m3", "--mode", "approximate", "--vdd", "0.55", "--temp", "27", "--sparsity", "0.5", "--json"])
        #expect(p.status == 0, "\(p.stderr)")
        let j = try JSONSerialization.jsonObject(with: Data(p.stdout.utf8)) as? [String: Any]
        let tops = j?["tops_per_w"] as? Double ?? 0, pj = j?["pj_per_op"] as? Double ?? 0
        #expect(abs(tops / 192.3 - 1) < 0.1, "\(p.stdout)")  // the paper's 192.3 TFLOPS/W peak
        #expect(abs(pj * tops - 1) < 1e-9)  // 1 pJ/op = 1 TOPS/W
        #expect((j?["leakage_share"] as? Double).map { $0 >= 0 && $0 < 1 } == true && (j?["clock_mhz"] as? Double ?? 0) > 0)
        let curve = try CLI.run(["energy", "--format", "int8", "--temp", "125", "--csv"])
        let rows = curve.stdout.split(separator: "\n")
        #expect(rows.first == "vdd,clock_mhz,conversion_ns,tops_per_w,pj_per_op,gops,power_mw,leakage_share" && rows.count == 18, "\(curve.stdout)")
        let eff = rows.dropFirst().map { Double($0.split(separator: ",", omittingEmptySubsequences: false)[3])! }
        let best = eff.indices.max { eff[$0] < eff[$1] }!
        #expect(best > 0 && best < eff.count - 1, "hot, the minimum-energy point lies inside 0.2–1.0 V: \(eff)")
        let analog = try CLI.run(["energy", "--macro", "analog", "--adc-bits", "5", "--json"])
        let ja = try JSONSerialization.jsonObject(with: Data(analog.stdout.utf8)) as? [String: Any]
        #expect((ja?["conversion_ns"] as? Double ?? 0) > 0 && (ja?["tops_per_w"] as? Double ?? 0) > 0, "\(analog.stdout)")
        let table = try CLI.run(["energy", "--published"])
        #expect(table.stdout.split(separator: "\n").count == 10 && table.stdout.contains("fp8-e4m3,high,192.3,"), "\(table.stdout)")
        for (args, fragment) in [(["--sparsity", "1"], "--sparsity"), (["--vdd", "0.1"], "--vdd"), (["--macro", "optical"], "--macro"),
                                 (["--clock", "fixed"], "--frequency-mhz"), (["--macro", "analog", "--adc-fom-fj", "0"], "--adc-fom-fj")] {
            let bad = try CLI.run(["energy"] + args)
            #expect(bad.status == 2 && bad.stderr.contains(fragment), "\(args): \(bad.stderr)")
        }
        let t = try CLI.run(["train", "--macro", "digital", "--format", "int8", "--epochs", "1", "--json"])
        let jt = try JSONSerialization.jsonObject(with: Data(t.stdout.utf8)) as? [String: Any]
        let e = jt?["energy_j"] as? Double ?? 0, te = jt?["tops_per_w"] as? Double ?? 0, g = jt?["gops"] as? Double ?? 0
        // A digits epoch at TT / 0.9 V: micro-joules; sparse data run above the dense 17.5 TOPS/W; below the 40-GOPS peak.
        #expect(e > 1e-7 && e < 1e-3 && te > 17.5 && te < 40 && g > 0 && g <= 64 * 0.6225 + 1e-9, "\(t.stdout)")
    }
}

@Suite struct PopulationCommandTests {
    /// `--process POP --die k` is die k of the population: its own silicon, not TT's die k; `device`
    /// (a corner's centre) and `energy` (a mismatch-free corner die) refuse it with exit 2.
    @Test func populationDieTrainsAndCentreCommandsRefuseIt() throws {
        func clock(_ process: String) throws -> Double {
            let r = try CLI.run(["mac-stats", "--process", process, "--vdd", "0.7", "--temp", "27", "--die", "3", "--samples", "16", "--json"])
            #expect(r.status == 0, "\(r.stderr)")
            return (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["worst_slack_ns"] as? Double ?? .nan
        }
        let pop = try clock("POP"), tt = try clock("TT")
        #expect(pop.isFinite && tt.isFinite && pop != tt, "population die 3 slack \(pop) vs TT die 3 \(tt)")
        #expect(try clock("pop") == pop)
        let device = try CLI.run(["device", "--process", "POP"])
        #expect(device.status == 2 && device.stderr.contains("no centre"), "\(device.stderr)")
        let energy = try CLI.run(["energy", "--process", "POP"])
        #expect(energy.status == 2 && energy.stderr.contains("--process"), "\(energy.stderr)")
    }
}
