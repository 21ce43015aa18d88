/// The operating conditions of a die: supply voltage and junction temperature. Not random draws.
public struct OperatingPoint: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Supply voltage VDD, V.
    public var vdd: Double
    /// Temperature, °C.
    public var temperatureC: Double

    public init(vdd: Double, temperatureC: Double) {
        self.vdd = vdd
        self.temperatureC = temperatureC
    }

    /// Temperature in kelvin.
    public var temperatureK: Double { temperatureC + 273.15 }

    /// The nominal point of a technology card (`vdd_nominal`, `t_nominal`).
    public static func nominal(_ card: TechnologyCard) -> OperatingPoint {
        OperatingPoint(vdd: card.vddNominal, temperatureC: card.tNominalC)
    }

    public var description: String { "\(formatVolts(vdd)) V / \(formatCelsius(temperatureC)) °C" }
}

/// A PVT corner: a process corner at an operating point.
public struct Corner: Hashable, Sendable, Codable, CustomStringConvertible {
    public var process: ProcessCorner
    public var operatingPoint: OperatingPoint

    public init(process: ProcessCorner, vdd: Double, temperatureC: Double) {
        self.process = process
        self.operatingPoint = OperatingPoint(vdd: vdd, temperatureC: temperatureC)
    }

    public var vdd: Double { operatingPoint.vdd }
    public var temperatureC: Double { operatingPoint.temperatureC }

    /// A stable label such as `SS_0.6V_-40C`.
    public var label: String { "\(process.rawValue)_\(formatVolts(vdd))V_\(formatCelsius(temperatureC))C" }

    public var description: String { "\(process.rawValue) \(operatingPoint)" }
}

/// Shortest decimal form of a voltage ("0.9", "0.65").
public func formatVolts(_ v: Double) -> String { shortDecimal(v) }
/// Shortest decimal form of a temperature ("-40", "27", "85.5").
public func formatCelsius(_ t: Double) -> String { shortDecimal(t) }

/// Shortest round-trip decimal, with integers printed without a fractional part.
public func shortDecimal(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
    return "\(x)"
}
