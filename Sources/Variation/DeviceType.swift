/// MOSFET polarity.
public enum DeviceType: String, Sendable, CaseIterable, Codable {
    /// n-channel.
    case n
    /// p-channel.
    case p
}

/// Drawn device size, in nanometres.
public struct DeviceGeometry: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Width W in nm.
    public var widthNM: Double
    /// Length L in nm.
    public var lengthNM: Double

    public init(widthNM: Double, lengthNM: Double) {
        self.widthNM = widthNM
        self.lengthNM = lengthNM
    }

    /// Gate area W·L in µm².
    public var areaUM2: Double { widthNM * lengthNM * 1e-6 }

    /// Parses "W/L" in nm, for example "70/30".
    public init?(parsing text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let w = Double(parts[0]), let l = Double(parts[1]), w > 0, l > 0,
              w.isFinite, l.isFinite else { return nil }
        self.init(widthNM: w, lengthNM: l)
    }

    public var description: String { "\(Self.trim(widthNM))/\(Self.trim(lengthNM))" }

    public static func trim(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(x)
    }
}
