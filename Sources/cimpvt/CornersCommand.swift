import ArgumentParser
import Sweep
import Variation

/// `cimpvt corners FILE`: the expanded corner list of a sweep file.
struct CornersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corners",
        abstract: "List the PVT corners a sweep file expands to.",
        discussion: "Reads a sweep file (TOML), validates it, and prints one line per corner: process corner, VDD in volts and temperature in °C, with the dies per corner and the master seed. A bad file is reported with its key and the allowed values, exit status 2."
    )

    @Argument(help: "Sweep file, e.g. corners/default.toml.")
    var file: String

    @Flag(help: "Print CSV (index,process,vdd_v,temp_c) instead of a table.")
    var csv = false

    func run() throws {
        let spec = try reportingUserErrors { try SweepFile.load(path: file) }
        if csv {
            emit("index,process,vdd_v,temp_c")
            for (i, c) in spec.corners.enumerated() {
                emit("\(i),\(c.process.rawValue),\(formatVolts(c.vdd)),\(formatCelsius(c.temperatureC))")
            }
            return
        }
        let dies = spec.adaptiveDies.map { "\($0.minDies)…\($0.maxDies) dies (adaptive, to a yield half-width of \($0.targetHalfWidth))" } ?? "\(spec.diesPerCorner) dies"
        emit("sweep '\(spec.name)': \(spec.corners.count) corners × \(dies), seed \(spec.seed)")
        emit(" index  process  VDD (V)  T (°C)  label")
        for (i, c) in spec.corners.enumerated() {
            emit(pad(String(i), 6) + "  " + pad(c.process.rawValue, 7) + "  " + pad(formatVolts(c.vdd), 7)
                + "  " + pad(formatCelsius(c.temperatureC), 6) + "  " + c.label)
        }
    }
}

/// Right-aligns `s` in a field of `width` characters.
func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
}
