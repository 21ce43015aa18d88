/// A global process corner: where the lot's n- and p-devices sit relative to typical.
///
/// A fast device has its threshold lowered by `cornerSigmas`·σ_global(Vth) and its mobility raised by
/// `cornerSigmas`·σ_global(μ); a slow device the opposite. FS: n fast, p slow; SF: n slow, p fast.
/// `POP` is not a corner but the population: centred at typical, each die draws its own global shift
/// from the card's global distributions (``DieSampler``, MODELS §11).
public enum ProcessCorner: String, Sendable, CaseIterable, Codable {
    case TT, FF, SS, FS, SF
    case population = "POP"

    /// Direction of the corner for one device type: −1 slow, 0 typical, +1 fast.
    public func speed(_ type: DeviceType) -> Double {
        switch (self, type) {
        case (.TT, _), (.population, _): 0
        case (.FF, _): 1
        case (.SS, _): -1
        case (.FS, .n), (.SF, .p): 1
        case (.FS, .p), (.SF, .n): -1
        }
    }

    /// Threshold shift of this corner for a type, V (|Vth| for p): −speed·k·σ_global(Vth).
    public func vthShift(_ type: DeviceType, card: TechnologyCard) -> Double {
        -speed(type) * card.cornerSigmas * card.sigmaVthGlobal(type)
    }

    /// Relative mobility shift of this corner for a type: +speed·k·σ_global(μ).
    public func mobilityShift(_ type: DeviceType, card: TechnologyCard) -> Double {
        speed(type) * card.cornerSigmas * card.sigmaMuGlobal
    }

    /// Case-insensitive parse ("tt", "SS", …).
    public init?(name: String) { self.init(rawValue: name.uppercased()) }
}
