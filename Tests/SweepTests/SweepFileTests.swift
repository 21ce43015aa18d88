import Foundation
import Testing
import Analysis
import Macros
import Sweep
import Variation

/// Sweep-file parsing and the strict validation every bad file meets.
@Suite struct SweepFileTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let good = """
    seed = 5
    dies = 2
    [corners]
    process = ["TT", "SS"]
    vdd = [0.7, 0.9]
    temperature = [-40, 27]
    """

    @Test func shippedCornerFilesParse() throws {
        let d = try SweepFile.load(path: Self.repo.appendingPathComponent("corners/default.toml").path)
        #expect(d.corners.count == 75)
        #expect(Set(d.corners.map(\.process)) == [.TT, .FF, .SS, .FS, .SF])
        #expect(Set(d.corners.map(\.vdd)) == [0.6, 0.7, 0.8, 0.9, 1.0])
        #expect(Set(d.corners.map(\.temperatureC)) == [-40, 27, 125])
        let p = try SweepFile.load(path: Self.repo.appendingPathComponent("corners/population.toml").path)
        #expect(p.corners.count == 15 && p.corners.allSatisfy { $0.process == .population } && p.trialCount == 1200)
        let q = try SweepFile.load(path: Self.repo.appendingPathComponent("corners/quick.toml").path)
        #expect(q.corners.count <= 10 && q.diesPerCorner <= 4)
        // corners/adaptive.toml is quick.toml with adaptive die counts (defaults 8 … 400): the same corners.
        let a = try SweepFile.load(path: Self.repo.appendingPathComponent("corners/adaptive.toml").path)
        #expect(a.corners == q.corners && a.seed == q.seed && a.adaptiveDies == AdaptiveDieCount(targetHalfWidth: 0.1, minDies: 8, maxDies: 400))
        #expect(a.diesPerCorner == 400 && a.trialCount == q.corners.count * 2 * 400)
        #expect(q.adaptiveDies == nil)
    }

    @Test func gridExpandsProcessThenVddThenTemperature() throws {
        let s = try SweepFile.parse(good, file: "g.toml")
        #expect(s.corners.map(\.label) == ["TT_0.7V_-40C", "TT_0.7V_27C", "TT_0.9V_-40C", "TT_0.9V_27C",
                                           "SS_0.7V_-40C", "SS_0.7V_27C", "SS_0.9V_-40C", "SS_0.9V_27C"])
        #expect(s.seed == 5 && s.diesPerCorner == 2 && s.name == "sweep")
    }

    /// `sampling = "population"`: the grid's process is the population; a process list may also name POP.
    @Test func populationSamplingExpandsVddThenTemperature() throws {
        let s = try SweepFile.parse("seed = 1\ndies = 3\n[corners]\nsampling = \"population\"\nvdd = [0.6, 0.9]\ntemperature = [-40, 125]\n", file: "p.toml")
        #expect(s.corners.map(\.label) == ["POP_0.6V_-40C", "POP_0.6V_125C", "POP_0.9V_-40C", "POP_0.9V_125C"] && s.trialCount == 24)
        let mixed = try SweepFile.parse("seed = 1\ndies = 1\n[corners]\nprocess = [\"SS\", \"pop\"]\nvdd = [0.9]\ntemperature = [27]\n", file: "m.toml")
        #expect(mixed.corners.map(\.label) == ["SS_0.9V_27C", "POP_0.9V_27C"])
    }

    @Test func technologyOverridesApply() throws {
        let s = try SweepFile.parse(good + "\n[technology]\na_vt_n = 3.5\ncell_pg = \"80/30\"\n", file: "t.toml")
        #expect(s.technology.aVTn == 3.5)
        #expect(s.technology.cellPassGate == DeviceGeometry(widthNM: 80, lengthNM: 30))
        #expect(s.technology.aVTp == TechnologyCard().aVTp)
    }

    @Test func technologyFileIsTheBaseAndTheTableOverridesIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cimpvt-techfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "[technology]\nvth0_n = 0.41\ndibl = 0.08\nsubthreshold_n_n = 1.6\nmobility_exponent_p = 1.1\na_vt_n = 2.5\n"
            .write(to: dir.appendingPathComponent("fab.toml"), atomically: true, encoding: .utf8)
        let sweep = dir.appendingPathComponent("s.toml").path
        let s = try SweepFile.parse("technology_file = \"fab.toml\"\n" + good + "\n[technology]\na_vt_n = 3.0\n", file: sweep)
        let c = s.technology
        #expect(c.vth0N == 0.41 && c.dibl == 0.08 && c.subthresholdNN == 1.6 && c.subthresholdNP == 1.2)
        #expect(c.mobilityExponentP == 1.1 && c.mobilityExponentN == 1.5)
        #expect(c.aVTn == 3.0, "the sweep file's [technology] wins over the file")
        #expect(c.vth0P == TechnologyCard().vth0P, "keys the file leaves out keep the built-in card's values")
        // The spec hash sees the card: the same sweep without the file is another sweep.
        let plain = try SweepFile.parse(good + "\n[technology]\na_vt_n = 3.0\n", file: sweep)
        #expect(String(reflecting: plain.technology) != String(reflecting: s.technology))
        // A missing file or a bad key in it: the error names the file, the key and the sweep file.
        do { _ = try SweepFile.parse("technology_file = \"none.toml\"\n" + good, file: sweep); Issue.record("accepted") }
        catch let e as SpecError { #expect(e.description.contains("none.toml") && e.description.contains("technology_file"), "\(e)") }
        try "[technology]\ndibl = 0.9\n".write(to: dir.appendingPathComponent("fab.toml"), atomically: true, encoding: .utf8)
        do { _ = try SweepFile.parse("technology_file = \"fab.toml\"\n" + good, file: sweep); Issue.record("accepted") }
        catch let e as SpecError {
            #expect(e.key == "technology_file" && e.message.contains("fab.toml: key 'technology.dibl'") && e.message.contains("[0, 0.5]"), "\(e)")
        }
        try "name = \"x\"\n[technology]\n".write(to: dir.appendingPathComponent("fab.toml"), atomically: true, encoding: .utf8)
        do { _ = try SweepFile.parse("technology_file = \"fab.toml\"\n" + good, file: sweep); Issue.record("accepted") }
        catch let e as SpecError { #expect(e.message.contains("only a [technology] table"), "\(e)") }
    }

    /// (file text, expected key, a fragment the message must contain).
    static let badFiles: [(String, String, String)] = [
        ("seed = 1\ndies = 1\ncolour = 3\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]", "colour", "unknown key: 'colour' (allowed here: name, seed, dies"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\nvoltage=[1]", "corners.voltage", "unknown key"),
        ("seed = 1\ndies = \"two\"\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]", "dies", "expected an integer, found string"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.0]\ntemperature=[27]", "corners.vdd[0]", "allowed [0.3, 1.5] V"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9, 1.6]\ntemperature=[27]", "corners.vdd[1]", "1.6 is out of range; allowed [0.3, 1.5] V"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[160]", "corners.temperature[0]", "allowed [-55, 150] °C"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[-60]", "corners.temperature[0]", "allowed [-55, 150] °C"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[]\nvdd=[0.9]\ntemperature=[27]", "corners.process", "non-empty list"),
        ("seed = 1\ndies = 1\n", "corners", "the sweep has no corners"),
        ("seed = 1\ndies = 0\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]", "dies", "0 is out of range; allowed [1, 100000]"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[technology]\nsigma_vth_global_n = -3", "technology.sigma_vth_global_n", "allowed [0, 100] mV"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[technology]\na_vt_n = -1", "technology.a_vt_n", "allowed [0, 20] mV·µm"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\", \"ZZ\"]\nvdd=[0.9]\ntemperature=[27]", "corners.process[1]", "unknown process corner 'ZZ'; allowed: TT, FF, SS, FS, SF, POP"),
        ("seed = 1\ndies = 1\n[corners]\nsampling=\"population\"\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]", "corners.process", "not allowed with sampling = \"population\""),
        ("seed = 1\ndies = 1\n[corners]\nsampling=\"lots\"\nvdd=[0.9]\ntemperature=[27]", "corners.sampling", "allowed: corners, population"),
        ("seed = 1\ndies = 1\n[[corner]]\nprocess=\"TT\"\nvdd=0.9\n", "corner[0].temperature", "missing"),
        ("seed = 1\ndies = 1\n[[corner]]\nprocess=\"TT\"\nvdd=0.9\ntemperature=27\n[[corner]]\nprocess=\"TT\"\nvdd=0.9\ntemperature=27", "corner", "appears twice"),
        ("dies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]", "seed", "missing"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[technology]\ncell_pg = \"70x30\"", "technology.cell_pg", "expected \"W/L\" in nm"),
        // Adaptive die counts: the half-width strictly inside (0, 0.5), min ≤ max, no fixed dies beside them.
        ("seed = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[yield]\ntarget_half_width = 0", "yield.target_half_width", "out of range; allowed (0, 0.5)"),
        ("seed = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[yield]\ntarget_half_width = 0.5", "yield.target_half_width", "out of range; allowed (0, 0.5)"),
        ("seed = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[yield]\ntarget_half_width = -0.1", "yield.target_half_width", "-0.1 is out of range; allowed (0, 0.5)"),
        ("seed = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[yield]\ntarget_half_width = 0.1\nmin_dies = 50\nmax_dies = 20", "yield.min_dies", "is 50, above max_dies = 20"),
        ("seed = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[yield]\ntarget_half_width = 0.1\nmax_dies = 0", "yield.max_dies", "allowed [1, 100000]"),
        ("seed = 1\ndies = 8\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[yield]\ntarget_half_width = 0.1", "dies", "remove dies and bound the count with [yield] min_dies / max_dies"),
        ("seed = 1\ndies = 8\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[yield]\nmax_dies = 100", "yield.max_dies", "only applies with adaptive die counts"),
        // Networks: the layer named by its place in the list, the shape that reached it.
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[workload]\nnetwork = \"lenet5\"", "workload.network", "layer 3 (conv2d): kernel 5×5 is larger than its padded input 4×4 (input [6, 4, 4], padding 0) (input [1, 8, 8] for digits)"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[workload]\nnetwork = \"resnet18\"", "workload.network", "'resnet18' is not allowed; allowed: mlp, lenet5, cnn-s"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[workload]\nname = \"fashion\"\nlayers = [{type = \"conv2d\", out = 6, kernel = 5}, {type = \"pool\", size = 2}]", "workload.layers[1].type", "'pool' is not allowed; allowed: dense, conv2d, maxpool, avgpool, flatten, relu"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[workload]\nlayers = [{type = \"conv2d\", out = 4, kernel = 9}, {type = \"dense\", out = 10}]", "workload.layers[0]", "type 'conv2d': kernel 9×9 is larger than its padded input 8×8"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[workload]\nlayers = [{type = \"maxpool\", size = 9}, {type = \"dense\", out = 10}]", "workload.layers[0]", "type 'maxpool': window 9×9 is larger than its input [1, 8, 8]"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[workload]\nlayers = [{type = \"conv2d\", out = 4, kernel = 3}, {type = \"relu\"}]", "workload.layers[1]", "ends with [4, 6, 6] values; it must end with the dataset's 10 class logits"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[workload]\nlayers = [{type = \"relu\"}, {type = \"flatten\"}]", "workload.layers", "no dense or conv2d layer"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[workload]\nlayers = [{type = \"dense\", out = 10, kernel = 3}]", "workload.layers[0].kernel", "unknown key"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[workload]\nlayers = [{type = \"conv2d\", out = 4, kernel = 3, padding = 3}, {type = \"dense\", out = 10}]", "workload.layers[0].padding", "3 is out of range; allowed [0, 2]"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[workload]\nlayers = [{type = \"dense\"}]", "workload.layers[0].out", "missing"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[workload]\nlayers = []", "workload.layers", "is empty"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[workload]\nnetwork = \"lenet5\"\nlayers = [{type = \"dense\", out = 10}]", "workload.layers", "either network (a preset) or layers"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[workload]\nname = \"fashion\"\nnetwork = \"lenet5\"\nwidths = [784, 10]", "workload.widths", "applies to the mlp network only"),
    ]

    @Test(arguments: badFiles)
    func badFileNamesFileKeyAndAllowedValues(text: String, key: String, fragment: String) {
        do {
            _ = try SweepFile.parse(text, file: "bad.toml")
            Issue.record("accepted a bad file (expected key \(key))")
        } catch let e as SpecError {
            #expect(e.file == "bad.toml")
            #expect(e.key == key, "\(e)")
            #expect(e.description.contains(fragment), "\(e)")
            #expect(e.description.hasPrefix("bad.toml: "))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func invalidTOMLGivesLineNumber() {
        #expect(throws: SpecError.self) { try SweepFile.parse("seed = = 1", file: "x.toml") }
        do {
            _ = try SweepFile.parse("seed = 1\ndies = [", file: "x.toml")
            Issue.record("a file ending inside an array was accepted")
        } catch let e as SpecError {
            #expect(e.description.contains("line 2"))
        } catch { Issue.record("\(error)") }
    }

    @Test func missingFileIsASpecError() {
        #expect(throws: SpecError.self) { try SweepFile.load(path: "/nonexistent/sweep.toml") }
    }
}

/// The `[workload]`, `[[macro]]` and `[yield]` tables.
@Suite struct SweepFileTrainingTableTests {
    let base = "seed = 1\ndies = 2\n[corners]\nprocess = [\"TT\"]\nvdd = [0.9]\ntemperature = [27]\n"

    func error(_ extra: String) -> SpecError? {
        do { _ = try SweepFile.parse(base + extra, file: "bad.toml"); return nil } catch let e as SpecError { return e } catch { return nil }
    }

    @Test func defaultsAreAnalogAndDigitalOnDigits() throws {
        let s = try SweepFile.parse(base, file: "ok.toml")
        #expect(s.macros.map(\.name) == ["analog-int8", "digital-bf16"])
        #expect(s.workload.workload == .digits && s.workload.training.epochs == 20 && s.trialCount == 4)
        #expect(s.yieldCriterion.maxDegradationPP == 1 && s.yieldCriterion.confidence == 0.95)
    }

    @Test func tablesAreRead() throws {
        let s = try SweepFile.parse(base + """
            [workload]
            name = "mnist5k"
            scenario = "finetune"
            epochs = 3
            [[macro]]
            name = "fp8"
            kind = "digital"
            format = "fp8-e4m3"
            mode = "approximate"
            [[macro]]
            kind = "analog"
            adc_bits = 5
            adc_range = 32
            calibration = "tracking"
            adc_offset = "untrimmed"
            weight_encoding = "differential"
            bitline_ff = 40
            full_scale_v = 0.2
            [yield]
            max_degradation_pp = 2.5
            interval = "clopper-pearson"
            """, file: "ok.toml")
        #expect(s.workload.workload == .mnist5k && s.workload.scenario == .finetune && s.workload.training.epochs == 3)
        #expect(s.macros.map(\.name) == ["fp8", "analog"])
        guard case .digital(let d) = s.macros[0].choice, case .analog(let a) = s.macros[1].choice else {
            Issue.record("kinds"); return
        }
        #expect(d.format == .fp8E4M3 && d.mode == .approximate && a.adcBits == 5 && a.calibration == .tracking)
        #expect(a.adcRange == 32 && a.offsets == .untrimmed && a.weightEncoding == .differential && a.bitlineFF == 40 && a.fullScaleV == 0.2)
        #expect(a.lsbCells == 1 && abs(a.lsbVolts - 0.2 / 64) < 1e-15)
        #expect(s.yieldCriterion.maxDegradationPP == 2.5 && s.yieldCriterion.interval == .clopperPearson)
    }

    @Test func badTablesNameTheFileKeyAndAllowedValues() throws {
        let noKind = error("[[macro]]\nname = \"x\"\n")
        #expect(noKind?.key == "macro[0].kind" && noKind!.message.contains("analog, digital, ideal"), "\(String(describing: noKind))")
        let format = error("[[macro]]\nkind = \"digital\"\nformat = \"fp16\"\n")
        #expect(format?.key == "macro[0].format" && format!.message.contains("bf16"), "\(String(describing: format))")
        let workload = error("[workload]\nname = \"cifar\"\n")
        #expect(workload?.key == "workload.name" && workload!.message.contains("digits, mnist5k"), "\(String(describing: workload))")
        let dup = error("[[macro]]\nkind = \"analog\"\n[[macro]]\nkind = \"analog\"\n")
        #expect(dup?.key == "macro[1].name")
        let tooMany = error("[workload]\nname = \"fashion\"\ntrain_images = 60001\n")
        #expect(tooMany?.key == "workload.train_images" && tooMany!.message.contains("allowed [10, 60000]"), "\(String(describing: tooMany))")
        let tooFew = error("[workload]\nname = \"fashion\"\ntest_images = 9\n")
        #expect(tooFew?.key == "workload.test_images" && tooFew!.message.contains("allowed [10, 10000]"), "\(String(describing: tooFew))")
        let fashion = try SweepFile.parse(base + "[workload]\nname = \"fashion\"\ntrain_images = 5000\ntest_images = 2000\n", file: "f.toml")
        #expect(fashion.workload.workload == .fashion && fashion.workload.trainImages == 5000 && fashion.workload.testImages == 2000
                && fashion.workload.widths == [784, 128, 10])
        let widths = error("[workload]\nwidths = [32, 10]\n")
        #expect(widths?.key == "workload.widths" && widths!.message.contains("64"))
        let conf = error("[yield]\nconfidence = 1.5\n")
        #expect(conf?.key == "yield.confidence")
        let stray = error("[[macro]]\nkind = \"analog\"\nformat = \"bf16\"\n")
        #expect(stray?.key == "macro[0].format" && stray!.message.contains("unknown key"))
        #expect(noKind?.file == "bad.toml")
    }
}

/// The digital macro's clock keys: every policy, its parameters, the frequency axis and bad values.
@Suite struct SweepFileClockTests {
    let base = "seed = 1\ndies = 2\n[corners]\nprocess = [\"TT\"]\nvdd = [0.9]\ntemperature = [27]\n[[macro]]\nkind = \"digital\"\n"

    func clocks(_ extra: String) throws -> [(String, ClockPolicy)] {
        try SweepFile.parse(base + extra, file: "c.toml").macros.map { m in
            guard case .digital(let c) = m.choice else { preconditionFailure("digital") }
            return (m.name, c.clock)
        }
    }

    func error(_ extra: String) -> SpecError? {
        do { _ = try SweepFile.parse(base + extra, file: "bad.toml"); return nil } catch let e as SpecError { return e } catch { return nil }
    }

    @Test func everyPolicyAndItsKeysAreRead() throws {
        #expect(try clocks("").map(\.1) == [.signoff(yield: 0.999, margin: 0.05)])
        #expect(try clocks("signoff_yield = 0.99\nsignoff_margin = 0.1\n").map(\.1) == [.signoff(yield: 0.99, margin: 0.1)])
        #expect(try clocks("clock = \"signoff-nominal\"\n").map(\.1) == [.signoffNominal(margin: 0.05)])
        #expect(try clocks("clock = \"nominal\"\nsignoff_margin = 0\n").map(\.1) == [.nominal(margin: 0)])
        #expect(try clocks("clock = \"binned\"\n").map(\.1) == [.binned()])
        #expect(try clocks("clock = \"binned\"\nbin_ladder_mhz = [100, 200.5]\nbin_guard_band = 0.1\n").map(\.1)
            == [.binned(ladderMHz: [100, 200.5], guardBand: 0.1)])
        #expect(try clocks("clock = \"fixed\"\nfrequency_mhz = 250\n").map(\.1) == [.fixed(frequencyMHz: 250)])
    }

    @Test func aFrequencyListIsAnAxisOfNamedMacros() throws {
        let c = try clocks("name = \"d\"\nclock = \"fixed\"\nfrequency_mhz = [100, 250.5, 400]\n")
        #expect(c.map(\.0) == ["d-100MHz", "d-250.5MHz", "d-400MHz"])
        #expect(c.map(\.1) == [.fixed(frequencyMHz: 100), .fixed(frequencyMHz: 250.5), .fixed(frequencyMHz: 400)])
        let dup = error("name = \"d\"\nclock = \"fixed\"\nfrequency_mhz = [100]\n[[macro]]\nname = \"d-100MHz\"\nkind = \"digital\"\n")
        #expect(dup?.key == "macro[1].name", "\(String(describing: dup))")
    }

    @Test(arguments: [
        ("signoff_yield = 1\n", "macro[0].signoff_yield", "(0, 1)"),
        ("signoff_yield = 0\n", "macro[0].signoff_yield", "(0, 1]"),
        ("signoff_yield = 1.5\n", "macro[0].signoff_yield", "out of range"),
        ("signoff_margin = -0.1\n", "macro[0].signoff_margin", "[0, 10]"),
        ("clock = \"binned\"\nbin_ladder_mhz = []\n", "macro[0].bin_ladder_mhz", "is empty"),
        ("clock = \"binned\"\nbin_ladder_mhz = [200, 100]\n", "macro[0].bin_ladder_mhz", "ascending"),
        ("clock = \"binned\"\nbin_ladder_mhz = [0, 100]\n", "macro[0].bin_ladder_mhz[0]", "(0, 10000] MHz"),
        ("clock = \"binned\"\nbin_guard_band = -1\n", "macro[0].bin_guard_band", "[0, 10]"),
        ("clock = \"fixed\"\nfrequency_mhz = 0\n", "macro[0].frequency_mhz", "(0, 10000] MHz"),
        ("clock = \"fixed\"\nfrequency_mhz = 20000\n", "macro[0].frequency_mhz", "(0, 10000] MHz"),
        ("clock = \"fixed\"\nfrequency_mhz = []\n", "macro[0].frequency_mhz", "1 to 50 distinct"),
        ("clock = \"fixed\"\nfrequency_mhz = [100, 100]\n", "macro[0].frequency_mhz", "repeats"),
        ("clock = \"fixed\"\n", "macro[0].frequency_mhz", "missing"),
        ("frequency_mhz = 100\n", "macro[0].frequency_mhz", "applies to clock = \"fixed\""),
        ("clock = \"fixed\"\nfrequency_mhz = 100\nbin_guard_band = 0.1\n", "macro[0].bin_guard_band", "\"binned\""),
        ("clock = \"turbo\"\n", "macro[0].clock", "signoff, signoff-nominal, binned, nominal, fixed"),
    ])
    func badClockKeysNameTheKeyAndRange(extra: String, key: String, fragment: String) {
        guard let e = error(extra) else { Issue.record("accepted: \(extra)"); return }
        #expect(e.key == key, "\(e)")
        #expect(e.description.contains(fragment), "\(e)")
    }

    @Test func logicStageDevicesIsATechnologyKey() throws {
        let s = try SweepFile.parse(base + "[technology]\nlogic_stage_devices = 4\n", file: "t.toml")
        #expect(s.technology.logicStageDevices == 4)
        // The analog periphery's keys: names and ranges (the base text holds one macro already).
        let encoding = error("[[macro]]\nkind = \"analog\"\nweight_encoding = \"ones-complement\"\n")
        #expect(encoding?.key == "macro[1].weight_encoding" && encoding!.message.contains("twos-complement, sign-magnitude, differential"),
                "\(String(describing: encoding))")
        let offset = error("[[macro]]\nkind = \"analog\"\nadc_offset = \"calibrated\"\n")
        #expect(offset?.key == "macro[1].adc_offset" && offset!.message.contains("untrimmed, autozero, trimmed, none"))
        let range = error("[[macro]]\nkind = \"analog\"\nrows_on = 32\nadc_range = 48\n")
        #expect(range?.key == "macro[1].adc_range" && range!.message.contains("(0, 32]"), "\(String(describing: range))")
        let zero = error("[[macro]]\nkind = \"analog\"\nadc_range = 0\n")
        #expect(zero?.key == "macro[1].adc_range")
        let bits = error("[[macro]]\nkind = \"analog\"\nadc_bits = 11\n")
        #expect(bits?.key == "macro[1].adc_bits" && bits!.message.contains("[1, 10]"))
        let bad = error("[technology]\nlogic_stage_devices = 0.5\n")
        #expect(bad?.key == "technology.logic_stage_devices" && bad!.message.contains("[1, 1000]"))
    }
}

/// One message for every part of a file: unknown keys first (all of them, with suggestions), else
/// the first problem of each part.
@Suite struct SweepFileAllProblemsTests {
    @Test func everyPartsFirstProblemIsInOneMessage() {
        let text = "seed = -1\ndies = 0\n[corners]\nprocess = [\"TT\"]\nvdd = [2.0]\ntemperature = [27]\n[workload]\nepochs = 0\n"
            + "[[macro]]\nkind = \"digital\"\nformat = \"fp16\"\n[[macro]]\nkind = \"analog\"\nadc_bits = 99\n"
        do { _ = try SweepFile.parse(text, file: "m.toml"); Issue.record("accepted") } catch let e as SpecError {
            #expect(e.key == "seed")
            for fragment in ["-1 is out of range", "key 'dies': 0 is out of range", "key 'corners.vdd[0]': 2 is out of range",
                             "key 'workload.epochs'", "key 'macro[0].format': 'fp16'", "key 'macro[1].adc_bits': 99"] {
                #expect(e.message.contains(fragment), "\(fragment) missing from \(e.message)")
            }
        } catch { Issue.record("\(error)") }
        // unknown keys come first and together, whatever else is wrong
        do { _ = try SweepFile.parse("seed = -1\ndie = 8\n[corners]\nproces = [\"TT\"]\n", file: "u.toml") } catch let e as SpecError {
            #expect(e.key == "die" && e.message == "unknown keys: 'die' — did you mean 'dies'?; 'corners.proces' — did you mean 'process'?", "\(e.message)")
        } catch { Issue.record("\(error)") }
    }
}
