import Foundation
import Testing
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
        #expect(Set(d.corners.map(\.process)) == Set(ProcessCorner.allCases))
        #expect(Set(d.corners.map(\.vdd)) == [0.6, 0.7, 0.8, 0.9, 1.0])
        #expect(Set(d.corners.map(\.temperatureC)) == [-40, 27, 125])
        let q = try SweepFile.load(path: Self.repo.appendingPathComponent("corners/quick.toml").path)
        #expect(q.corners.count <= 10 && q.diesPerCorner <= 4)
    }

    @Test func gridExpandsProcessThenVddThenTemperature() throws {
        let s = try SweepFile.parse(good, file: "g.toml")
        #expect(s.corners.map(\.label) == ["TT_0.7V_-40C", "TT_0.7V_27C", "TT_0.9V_-40C", "TT_0.9V_27C",
                                           "SS_0.7V_-40C", "SS_0.7V_27C", "SS_0.9V_-40C", "SS_0.9V_27C"])
        #expect(s.seed == 5 && s.diesPerCorner == 2 && s.name == "sweep")
    }

    @Test func technologyOverridesApply() throws {
        let s = try SweepFile.parse(good + "\n[technology]\na_vt_n = 3.5\ncell_pg = \"80/30\"\n", file: "t.toml")
        #expect(s.technology.aVTn == 3.5)
        #expect(s.technology.cellPassGate == DeviceGeometry(widthNM: 80, lengthNM: 30))
        #expect(s.technology.aVTp == TechnologyCard().aVTp)
    }

    /// (file text, expected key, a fragment the message must contain).
    static let badFiles: [(String, String, String)] = [
        ("seed = 1\ndies = 1\ncolour = 3\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]", "colour", "unknown key; allowed keys here: name, seed, dies"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\nvoltage=[1]", "corners.voltage", "unknown key"),
        ("seed = 1\ndies = \"two\"\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]", "dies", "expected an integer, found string"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.0]\ntemperature=[27]", "corners.vdd[0]", "allowed (0, 1.5] V"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9, 1.6]\ntemperature=[27]", "corners.vdd[1]", "1.6 is out of range; allowed (0, 1.5] V"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[160]", "corners.temperature[0]", "allowed [-55, 150] °C"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[-60]", "corners.temperature[0]", "allowed [-55, 150] °C"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[]\nvdd=[0.9]\ntemperature=[27]", "corners.process", "non-empty list"),
        ("seed = 1\ndies = 1\n", "corners", "the sweep has no corners"),
        ("seed = 1\ndies = 0\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]", "dies", "0 is out of range; allowed [1, 100000]"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[technology]\nsigma_vth_global_n = -3", "technology.sigma_vth_global_n", "allowed [0, 100] mV"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[technology]\na_vt_n = -1", "technology.a_vt_n", "allowed [0, 20] mV·µm"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\", \"ZZ\"]\nvdd=[0.9]\ntemperature=[27]", "corners.process[1]", "unknown process corner 'ZZ'; allowed: TT, FF, SS, FS, SF"),
        ("seed = 1\ndies = 1\n[[corner]]\nprocess=\"TT\"\nvdd=0.9\n", "corner[0].temperature", "missing"),
        ("seed = 1\ndies = 1\n[[corner]]\nprocess=\"TT\"\nvdd=0.9\ntemperature=27\n[[corner]]\nprocess=\"TT\"\nvdd=0.9\ntemperature=27", "corner", "appears twice"),
        ("dies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]", "seed", "missing"),
        ("seed = 1\ndies = 1\n[corners]\nprocess=[\"TT\"]\nvdd=[0.9]\ntemperature=[27]\n[technology]\ncell_pg = \"70x30\"", "technology.cell_pg", "expected \"W/L\" in nm"),
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
        do { _ = try SweepFile.parse("seed = 1\ndies = [", file: "x.toml") } catch let e as SpecError {
            #expect(e.description.contains("line 2"))
        } catch { Issue.record("\(error)") }
    }

    @Test func missingFileIsASpecError() {
        #expect(throws: SpecError.self) { try SweepFile.load(path: "/nonexistent/sweep.toml") }
    }
}
