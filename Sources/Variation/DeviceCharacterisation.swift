/// Threshold, on-current and gate delay of the corner's centre devices at an operating point,
/// relative to the same device at TT, nominal VDD and temperature (what `cimpvt device` prints).
public struct DeviceCharacterisation: Sendable, Hashable {
    public var type: DeviceType
    /// |Vth| at the operating temperature, V.
    public var vth: Double
    /// On-current relative to TT / nominal VDD / nominal temperature.
    public var ionRelative: Double
    /// Gate delay C·VDD/I_on relative to the same reference.
    public var delayRelative: Double

    /// Both device types of a process corner's centre (no die residual, no mismatch) at `op`,
    /// for the technology's logic device size.
    public static func characterise(process: ProcessCorner, at op: OperatingPoint,
                                    card: TechnologyCard) -> [DeviceCharacterisation]
    {
        let physics = DevicePhysics(card: card)
        let die = Die(process: process, index: 0)
        let nominal = OperatingPoint.nominal(card)
        return DeviceType.allCases.map { type in
            let g = card.logicDevice
            let vth = physics.thresholdVoltage(type, geometry: g, shift: die.vthShift(type, card: card), kelvin: op.temperatureK)
            let ion = physics.onCurrent(type, geometry: g, die: die, at: op) / physics.nominalOnCurrent(type, geometry: g)
            let delay = physics.gateDelay(type, geometry: g, die: die, at: op)
                / physics.gateDelay(type, geometry: g, die: .typical, at: nominal)
            return DeviceCharacterisation(type: type, vth: vth, ionRelative: ion, delayRelative: delay)
        }
    }
}
