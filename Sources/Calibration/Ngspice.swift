import Foundation

/// ngspice in batch mode (`ngspice -b deck`), run in a private temporary folder.
///
/// The folder holds a `.spiceinit` of its own (`set num_threads=1`: one thread per run, and a user's
/// `~/.spiceinit` does not apply). The binary is `$CIMPVT_NGSPICE` if set, else `ngspice` on `PATH` (Debian: `apt-get install ngspice`;
/// `scripts/deps.sh` installs it). A deck ends its `.control` block with `quit 0`, so ngspice's exit
/// status says little: a run counts only when every file it was asked to write is there, and ngspice's
/// own error lines are quoted when it is not.
public struct Ngspice: Sendable {
    public let executable: String

    /// Finds ngspice or throws saying how to install it.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        if let given = environment["CIMPVT_NGSPICE"], !given.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: given) else {
                throw CalibrationError("CIMPVT_NGSPICE='\(given)' is not an executable file")
            }
            executable = given
            return
        }
        for dir in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/ngspice"
            if FileManager.default.isExecutableFile(atPath: candidate) { executable = candidate; return }
        }
        throw CalibrationError("ngspice is not installed (not on PATH, CIMPVT_NGSPICE unset): install it with `sudo apt-get install ngspice` (Debian/Ubuntu) or `bash scripts/deps.sh`")
    }

    /// Output of one run: ngspice's console text and the files it wrote.
    public struct Run: Sendable {
        public let log: String
        public let files: [String: String]
    }

    /// Runs `deck`, then reads back `outputs` (file names the deck writes in its folder).
    public func run(deck: String, outputs: [String], timeoutSeconds: Double = 300) throws -> Run {
        let fm = FileManager.default
        let folder = fm.temporaryDirectory.appendingPathComponent("cimpvt-ngspice-\(UUID().uuidString)")
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: folder) }
        // One OpenMP thread per ngspice (the model evaluation of a small deck gains nothing from more,
        // and two multi-threaded runs on two cores spin-wait each other for minutes); a .spiceinit of
        // our own also keeps a user's ~/.spiceinit out of the characterisation.
        try "set num_threads=1\nset ngbehavior=hsa\n".write(to: folder.appendingPathComponent(".spiceinit"), atomically: true, encoding: .utf8)
        let deckURL = folder.appendingPathComponent("deck.cir")
        try deck.write(to: deckURL, atomically: true, encoding: .utf8)
        let logURL = folder.appendingPathComponent("ngspice.log")
        guard fm.createFile(atPath: logURL.path, contents: nil) else { throw CalibrationError("cannot create a temporary file in \(folder.path)") }
        let logHandle = try FileHandle(forWritingTo: logURL)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = ["-b", "deck.cir"]
        p.currentDirectoryURL = folder
        p.standardOutput = logHandle
        p.standardError = logHandle
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch {
            throw CalibrationError("cannot start ngspice ('\(executable)'): \(error.localizedDescription)")
        }
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while p.isRunning {
            if Date() > deadline { p.terminate(); p.waitUntilExit()
                throw CalibrationError("ngspice did not finish within \(Int(timeoutSeconds)) s") }
            usleep(5_000)
        }
        try? logHandle.close()
        let log = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        var files: [String: String] = [:]
        for name in outputs {
            guard let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8), !text.isEmpty else {
                throw CalibrationError("ngspice did not produce its results (\(name)); it said:\n" + Self.errorLines(log))
            }
            files[name] = text
        }
        return Run(log: log, files: files)
    }

    /// ngspice's error and warning lines (or its last lines when it printed none).
    static func errorLines(_ log: String) -> String {
        let lines = log.split(whereSeparator: \.isNewline).map(String.init)
        let errors = lines.filter { $0.lowercased().contains("error") || $0.lowercased().contains("unable") || $0.lowercased().contains("could not") }
        let shown = (errors.isEmpty ? Array(lines.suffix(12)) : Array(errors.prefix(12)))
        return shown.map { "  " + $0 }.joined(separator: "\n")
    }
}
