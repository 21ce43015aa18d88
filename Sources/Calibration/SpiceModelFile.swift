import Foundation

/// A SPICE model file as the calibration reads it: which device names it defines, and how an
/// instance of each is written.
///
/// A name defined by `.model NAME` (or binned `.model NAME.1`, `.model NAME.2`, …) is a primitive
/// MOSFET, instantiated `M… d g s b NAME w=… l=…`; a name defined by `.subckt NAME` is a foundry
/// wrapper (mismatch or layout parameters around the model), instantiated `X… d g s b NAME w=… l=…`.
/// Files pulled in by `.include` and `.lib FILE SECTION` are scanned too (paths relative to the file
/// that names them). Only names are read: the file's numbers never leave ngspice.
public struct SpiceModelFile: Sendable {
    public enum InstanceKind: Sendable, Equatable { case primitive, subcircuit }

    public let path: String
    /// Lower-cased device name → how to instantiate it.
    public let devices: [String: InstanceKind]
    /// Section names of `.lib NAME` … `.endl` blocks in the file itself (corner libraries).
    public let sections: [String]

    /// Reads and scans `path`; throws when it cannot be read or holds no model or subcircuit.
    public init(path: String) throws {
        self.path = path
        var devices: [String: InstanceKind] = [:]
        var sections: [String] = []
        var seen = Set<String>()
        func scan(_ file: String, depth: Int) throws {
            let url = URL(fileURLWithPath: file).standardizedFileURL
            guard seen.insert(url.path).inserted, depth < 8 else { return }
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw CalibrationError(depth == 0 ? "cannot read the SPICE model file '\(file)'"
                                                  : "cannot read '\(file)', which the model file '\(path)' includes")
            }
            guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) else {
                throw CalibrationError("'\(file)' is not a text file")
            }
            let folder = url.deletingLastPathComponent()
            for raw in text.split(whereSeparator: \.isNewline) {
                let line = raw.trimmingCharacters(in: .whitespaces)
                guard line.hasPrefix(".") else { continue }
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                guard words.count >= 2 else { continue }
                let key = words[0].lowercased(), arg = Self.unquote(words[1])
                switch key {
                case ".model":
                    var name = arg.lowercased()
                    if let dot = name.lastIndex(of: "."), name[name.index(after: dot)...].allSatisfy(\.isNumber),
                       name.index(after: dot) < name.endIndex { name = String(name[..<dot]) }
                    if devices[name] == nil { devices[name] = .primitive }
                case ".subckt":
                    devices[arg.lowercased()] = .subcircuit
                case ".include", ".inc":
                    try scan(Self.resolve(arg, in: folder), depth: depth + 1)
                case ".lib":
                    if words.count >= 3 { try scan(Self.resolve(arg, in: folder), depth: depth + 1) }
                    else if depth == 0 { sections.append(arg.lowercased()) }
                default: break
                }
            }
        }
        try scan(path, depth: 0)
        guard !devices.isEmpty else {
            throw CalibrationError("'\(path)' defines no .model or .subckt: not a SPICE model file")
        }
        self.devices = devices
        self.sections = sections
    }

    /// How to instantiate `name`, or an error naming the file and the names it does define.
    public func kind(of name: String, role: String) throws -> InstanceKind {
        if let k = devices[name.lowercased()] { return k }
        let known = devices.keys.sorted().prefix(20).joined(separator: ", ")
        throw CalibrationError("\(role) model '\(name)' is not in '\(path)' (it defines: \(known))")
    }

    static func unquote(_ s: String) -> String {
        var t = s
        for q in ["'", "\""] where t.hasPrefix(q) && t.hasSuffix(q) && t.count >= 2 { t = String(t.dropFirst().dropLast()) }
        return t
    }

    static func resolve(_ file: String, in folder: URL) -> String {
        file.hasPrefix("/") ? file : folder.appendingPathComponent(file).path
    }
}
