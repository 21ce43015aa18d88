import Variation

/// Where the device models come from in a deck: a model file included whole, or one section of a
/// corner library (`.lib 'FILE' SECTION`).
public struct SpiceSource: Sendable, Hashable {
    public let file: String
    /// nil: `.include` the whole file.
    public let section: String?
    public let nmos: String
    public let pmos: String
    public let nmosKind: SpiceModelFile.InstanceKind
    public let pmosKind: SpiceModelFile.InstanceKind

    public init(file: String, section: String?, nmos: String, pmos: String,
                nmosKind: SpiceModelFile.InstanceKind, pmosKind: SpiceModelFile.InstanceKind) {
        self.file = file; self.section = section; self.nmos = nmos; self.pmos = pmos
        self.nmosKind = nmosKind; self.pmosKind = pmosKind
    }

    /// The deck line that brings the models in.
    var includeLine: String {
        let quoted = "'" + file.replacingOccurrences(of: "'", with: "") + "'"
        if let section { return ".lib \(quoted) \(section)" }
        return ".include \(quoted)"
    }

    /// One MOSFET instance: `name` (without its M/X letter), terminals d g s b, type, W/L in nm.
    func instance(_ name: String, d: String, g: String, s: String, b: String, type: DeviceType, w: Double, l: Double) -> String {
        let (model, kind) = type == .n ? (nmos, nmosKind) : (pmos, pmosKind)
        let letter = kind == .primitive ? "M" : "X"
        return "\(letter)\(name) \(d) \(g) \(s) \(b) \(model) w=\(Self.nm(w)) l=\(Self.nm(l))"
    }

    static func nm(_ x: Double) -> String {
        x == x.rounded() ? "\(Int(x))n" : "\(x)n"
    }
}
