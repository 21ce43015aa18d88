import ArgumentParser
import Calibration
import Foundation
import Report
import Sweep
import Variation

/// `cimpvt calibrate`: fit the technology card's device terms to a SPICE model through ngspice.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit the technology card's device terms to your SPICE models (runs ngspice).",
        discussion: """
        ngspice sweeps I_D over |V_GS| and |V_DS| (0-1.1 V) at -40, 27 and 125 °C for the card's SRAM pull-down, pass gate, pull-up and logic devices, and an FO4 inverter chain at 0.6 and 0.9 V. The card's device terms (per type: vth0, narrow-width term, subthreshold slope, dVth/dT, mobility and saturation-velocity temperature exponents; alpha, DIBL, the p/n current factor) are fitted by least squares on log-current; with --corner-lib the corner sections' shifts set the global sigmas; with --mismatch-model an ngspice Monte Carlo gives A_VT and A_beta. Prints the fit report (or --json) and writes the [technology] table to --out (fitted numbers only; nothing of the model file). docs/calibration.md.
        """
    )

    @Option(help: ArgumentHelp("SPICE model file holding the n and p models (.include'd whole).", valueName: "file"))
    var spiceModel: String?
    @Option(help: ArgumentHelp("n-device model (or subcircuit) name in the model file.", valueName: "name"))
    var nmos: String
    @Option(help: ArgumentHelp("p-device model (or subcircuit) name in the model file.", valueName: "name"))
    var pmos: String
    @Option(parsing: .upToNextOption, help: ArgumentHelp("Corner library and its sections: FILE tt ff ss fs sf (tt is fitted, the others give the corner shifts).", valueName: "file section"))
    var cornerLib: [String] = []
    @Option(help: ArgumentHelp("Model file whose n and p devices (the same names) draw per-instance mismatch (a foundry wrapper's agauss): A_VT and A_beta from an ngspice Monte Carlo of it.", valueName: "file"))
    var mismatchModel: String?
    @Option(help: ArgumentHelp("Write the fitted [technology] table here (atomically; refused if it exists unless --force).", valueName: "file"))
    var out: String?
    @Option(help: ArgumentHelp("Write the SVG overlay of ngspice and model I-V curves here.", valueName: "file"))
    var svg: String?
    @Flag(help: "Overwrite --out and --svg if they exist.") var force = false
    @Flag(help: "Print the report as JSON.") var json = false
    @OptionGroup var technology: TechnologyOptions

    func run() throws {
        let base = try technology.card()
        guard spiceModel != nil || !cornerLib.isEmpty else {
            throw ValidationError("give --spice-model FILE, or --corner-lib FILE tt ff ss fs sf")
        }
        if spiceModel != nil && !cornerLib.isEmpty {
            throw ValidationError("give either --spice-model or --corner-lib (whose tt section is the typical model), not both")
        }
        if !cornerLib.isEmpty && cornerLib.count < 2 {
            throw ValidationError("--corner-lib \(cornerLib[0]): name its sections after the file, e.g. --corner-lib \(cornerLib[0]) tt ff ss fs sf")
        }
        for (flag, path) in [("--out", out), ("--svg", svg)] {
            guard let path else { continue }
            if !force && FileManager.default.fileExists(atPath: path) {
                throw ValidationError("\(flag) \(path) exists; give --force to replace it")
            }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
                throw ValidationError("\(flag) \(path): the folder \(folder) does not exist")
            }
        }
        let request = Calibrator.Request(
            modelFile: spiceModel, nmos: nmos, pmos: pmos,
            cornerLibrary: cornerLib.isEmpty ? nil : (cornerLib[0], Array(cornerLib.dropFirst())),
            mismatchModel: mismatchModel, base: base, cimpvtVersion: RunManifest.cimpvtVersion)
        let result: CalibrationResult
        do {
            result = try Calibrator(ngspice: try Ngspice()).run(request)
        } catch let e as CalibrationError {
            throw ValidationError(e.description)
        }
        // Everything is computed before anything is written.
        if let svg { try AtomicFile.write(CalibrationFigure.svg(result), to: svg) }
        if let out { try AtomicFile.write(TechnologyFileText.render(result), to: out) }
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            emitRaw(String(decoding: try enc.encode(result), as: UTF8.self) + "\n")
        } else {
            emitRaw(CalibrationText.render(result))
            if out == nil { emit(""); emitRaw(TechnologyFileText.render(result)) }
        }
    }
}
