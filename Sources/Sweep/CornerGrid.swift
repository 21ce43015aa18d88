import TOMLKit
import Variation

/// The corners of a sweep file: a `[corners]` grid (process × vdd × temperature, expanded in that
/// nesting order) and/or explicit `[[corner]]` entries. At least one corner; no duplicates.
///
/// `sampling = "population"` in `[corners]` makes the grid's process the population (`POP`: every die
/// draws its own global shift, MODELS §11) and refuses a `process` list beside it; `"corners"` (the
/// default) reads the `process` list, which may name `POP` beside the corners.
enum CornerGrid {
    static func read(_ r: inout TableReader) throws -> [Corner] {
        var corners = [Corner]()
        let explicit = try r.tables("corner")
        if var g = try r.table("corners") {
            let sampling = try g.string("sampling", default: "corners", allowed: ["corners", "population"])
            if sampling == "population", g.value("process") != nil {
                throw g.error("process", "not allowed with sampling = \"population\": population dies draw their own global shift; remove the list, or use sampling = \"corners\" (a process list may name POP beside the corners)")
            }
            let processes = sampling == "population" ? [ProcessCorner.population]
                : try g.array("process") { v, key in try process(v, key: key, file: r.file) } ?? []
            let vdds = try g.array("vdd") { v, key in try vdd(v, key: key, file: r.file) } ?? []
            let temps = try g.array("temperature") { v, key in try temperature(v, key: key, file: r.file) } ?? []
            for (key, list) in [("process", processes.count), ("vdd", vdds.count), ("temperature", temps.count)] where list == 0 {
                throw g.error(key, "the corner grid needs a non-empty list here")
            }
            try g.finish(allowed: ["sampling", "process", "vdd", "temperature"])
            for p in processes { for v in vdds { for t in temps {
                corners.append(Corner(process: p, vdd: v, temperatureC: t))
            } } }
        }
        for var c in explicit ?? [] {
            guard let pv = c.value("process") else { throw c.error("process", "missing; required, one of \(processNames)") }
            let p = try process(pv, key: c.keyPath("process"), file: r.file)
            guard let vv = c.value("vdd") else { throw c.error("vdd", "missing; required, a number in [0.3, 1.5] V") }
            let v = try vdd(vv, key: c.keyPath("vdd"), file: r.file)
            guard let tv = c.value("temperature") else {
                throw c.error("temperature", "missing; required, a number in [-55, 150] °C")
            }
            let t = try temperature(tv, key: c.keyPath("temperature"), file: r.file)
            try c.finish(allowed: ["process", "vdd", "temperature"])
            corners.append(Corner(process: p, vdd: v, temperatureC: t))
        }
        if corners.isEmpty {
            throw SpecError(file: r.file, key: "corners",
                            "the sweep has no corners; give a [corners] grid (process, vdd, temperature lists) or [[corner]] entries")
        }
        var seen = Set<Corner>()
        for c in corners where !seen.insert(c).inserted {
            throw SpecError(file: r.file, key: "corner", "corner \(c) appears twice")
        }
        return corners
    }

    static let processNames = ProcessCorner.allCases.map(\.rawValue).joined(separator: ", ")

    static func process(_ v: TOMLValueConvertible, key: String, file: String) throws -> ProcessCorner {
        guard let s = v.string else {
            throw SpecError(file: file, key: key, "expected a process-corner name, found \(TableReader.typeName(v)); allowed: \(processNames)")
        }
        guard let p = ProcessCorner(name: s) else {
            throw SpecError(file: file, key: key, "unknown process corner '\(s)'; allowed: \(processNames)")
        }
        return p
    }

    static func vdd(_ v: TOMLValueConvertible, key: String, file: String) throws -> Double {
        guard let x = TableReader.number(v) else {
            throw SpecError(file: file, key: key, "expected a voltage in V, found \(TableReader.typeName(v))")
        }
        try TableReader.check(x, range: SweepSpec.vddRange, lowOpen: false, unit: "V") { SpecError(file: file, key: key, $0) }
        return x
    }

    static func temperature(_ v: TOMLValueConvertible, key: String, file: String) throws -> Double {
        guard let x = TableReader.number(v) else {
            throw SpecError(file: file, key: key, "expected a temperature in °C, found \(TableReader.typeName(v))")
        }
        try TableReader.check(x, range: SweepSpec.temperatureRange, lowOpen: false, unit: "°C") { SpecError(file: file, key: key, $0) }
        return x
    }
}
