import Foundation
import Testing

/// `cimpvt calibrate` and `--technology FILE` as a user runs them: what is written, what is refused.
@Suite struct CalibrateCommandTests {
    static let fixture = CLI.repo.appendingPathComponent("Tests/CalibrationTests/Fixtures/bsim4-28nm.lib").path
    static var ngspice: Bool { ["/usr/bin/ngspice", "/usr/local/bin/ngspice"].contains { FileManager.default.isExecutableFile(atPath: $0) } }

    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cimpvt-cal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test(.enabled(if: CalibrateCommandTests.ngspice, "ngspice is not installed"))
    func calibrationWritesACardThatDeviceCommandsRead() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("tech.toml"), svg = dir.appendingPathComponent("iv.svg")
        let r = try CLI.run(["calibrate", "--spice-model", Self.fixture, "--nmos", "nch", "--pmos", "pch", "--out", out.path, "--svg", svg.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("on-current |V_GS| = |V_DS| = VDD") && r.stdout.contains("temperature-inversion VDD"))
        let card = try String(contentsOf: out, encoding: .utf8)
        #expect(card.contains("[technology]") && card.contains("dibl = ") && card.contains("subthreshold_n_p = "))
        #expect(try String(contentsOf: svg, encoding: .utf8).hasPrefix("<svg"))
        // A second run without --force leaves the card as it is.
        let again = try CLI.run(["calibrate", "--spice-model", Self.fixture, "--nmos", "nch", "--pmos", "pch", "--out", out.path])
        #expect(again.status == 2 && again.stderr.contains("exists; give --force"))
        #expect(try String(contentsOf: out, encoding: .utf8) == card)
        // device with the card: a different device than the built-in one, same layout.
        let builtIn = try CLI.run(["device", "--process", "SS", "--vdd", "0.7", "--temp", "125", "--csv"])
        let fitted = try CLI.run(["device", "--process", "SS", "--vdd", "0.7", "--temp", "125", "--csv", "--technology", out.path])
        #expect(builtIn.status == 0 && fitted.status == 0, "\(fitted.stderr)")
        #expect(fitted.stdout.hasPrefix("type,vth_v,ion_rel,delay_rel") && fitted.stdout != builtIn.stdout)
        // mac-stats takes it too, and every other device-level command: their outputs move with the card.
        let stats = try CLI.run(["mac-stats", "--macro", "analog", "--samples", "50", "--technology", out.path])
        #expect(stats.status == 0, "\(stats.stderr)")
        for args in [["energy", "--vdd", "0.6"], ["sample", "--devices", "20", "--csv"], ["shmoo", "--dies", "2", "--vdd", "0.7", "--frequency-mhz", "100:400:100"]] {
            let a = try CLI.run(args), b = try CLI.run(args + ["--technology", out.path])
            #expect(a.status == 0 && b.status == 0 && a.stdout != b.stdout, "\(args): \(b.stderr)")
        }
    }

    @Test func badCalibrationInputExitsTwoAndWritesNothing() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("tech.toml")
        // Missing model file.
        let missing = try CLI.run(["calibrate", "--spice-model", dir.appendingPathComponent("none.lib").path, "--nmos", "n", "--pmos", "p", "--out", out.path])
        #expect(missing.status == 2 && missing.stderr.contains("cannot read the SPICE model file"), "\(missing.stderr)")
        // A name not in the file.
        let name = try CLI.run(["calibrate", "--spice-model", Self.fixture, "--nmos", "nfet", "--pmos", "pch", "--out", out.path])
        #expect(name.status == 2 && name.stderr.contains("--nmos model 'nfet' is not in"), "\(name.stderr)")
        // ngspice missing: say how to install it.
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = "/nonexistent"
        env["CIMPVT_NGSPICE"] = nil
        let noSpice = try CLI.run(["calibrate", "--spice-model", Self.fixture, "--nmos", "nch", "--pmos", "pch", "--out", out.path], environment: env)
        #expect(noSpice.status == 2 && noSpice.stderr.contains("apt-get install ngspice"), "\(noSpice.stderr)")
        // Both sources, or a corner library without sections.
        let both = try CLI.run(["calibrate", "--spice-model", Self.fixture, "--corner-lib", Self.fixture, "tt", "--nmos", "nch", "--pmos", "pch"])
        #expect(both.status == 2 && both.stderr.contains("not both"))
        let bare = try CLI.run(["calibrate", "--corner-lib", Self.fixture, "--nmos", "nch", "--pmos", "pch"])
        #expect(bare.status == 2 && bare.stderr.contains("name its sections"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func badTechnologyFileNamesTheFileAndKey() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.toml")
        try "[technology]\nalpha = 2.5\n".write(to: bad, atomically: true, encoding: .utf8)
        let r = try CLI.run(["device", "--technology", bad.path])
        #expect(r.status == 2 && r.stderr.contains("bad.toml") && r.stderr.contains("technology.alpha"), "\(r.stderr)")
        try "[technology]\ndibll = 0.1\n".write(to: bad, atomically: true, encoding: .utf8)
        let typo = try CLI.run(["train", "--technology", bad.path])
        #expect(typo.status == 2 && typo.stderr.contains("did you mean 'dibl'"), "\(typo.stderr)")
        let none = try CLI.run(["mac-stats", "--technology", dir.appendingPathComponent("none.toml").path])
        #expect(none.status == 2 && none.stderr.contains("none.toml"), "\(none.stderr)")
    }
}
