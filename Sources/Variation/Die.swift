/// One die's global process state: its process corner plus a die-to-die residual draw.
///
/// The die is silicon: it is fixed for a whole training run and does not depend on the operating
/// point. Local (per-device) mismatch is drawn separately per macro by ``LocalMismatch``.
public struct Die: Hashable, Sendable, Codable {
    /// The process corner the die belongs to.
    public var process: ProcessCorner
    /// Die index within its corner (0-based).
    public var index: Int
    /// Die-to-die residual of |Vth| for n- and p-devices, V.
    public var residualVthN: Double
    public var residualVthP: Double
    /// Die-to-die residual of mobility for n- and p-devices, relative.
    public var residualMuN: Double
    public var residualMuP: Double
    /// A population die's own global shift of |Vth| (V) and mobility (relative), drawn from the card's
    /// global distributions; 0 for a die at a named corner.
    public var globalVthN = 0.0
    public var globalVthP = 0.0
    public var globalMuN = 0.0
    public var globalMuP = 0.0

    public init(process: ProcessCorner, index: Int, residualVthN: Double = 0, residualVthP: Double = 0,
                residualMuN: Double = 0, residualMuP: Double = 0)
    {
        self.process = process
        self.index = index
        self.residualVthN = residualVthN
        self.residualVthP = residualVthP
        self.residualMuN = residualMuN
        self.residualMuP = residualMuP
    }

    /// A TT die exactly at the typical point (no residual).
    public static let typical = Die(process: .TT, index: 0)

    /// Total global |Vth| shift of a device type on this die, V: corner shift (or a population die's
    /// own global draw) + residual.
    public func vthShift(_ type: DeviceType, card: TechnologyCard) -> Double {
        process.vthShift(type, card: card) + (type == .n ? globalVthN + residualVthN : globalVthP + residualVthP)
    }

    /// Global mobility factor (1 + Δμ) of a device type on this die.
    public func mobilityFactor(_ type: DeviceType, card: TechnologyCard) -> Double {
        1 + process.mobilityShift(type, card: card) + (type == .n ? globalMuN + residualMuN : globalMuP + residualMuP)
    }
}
