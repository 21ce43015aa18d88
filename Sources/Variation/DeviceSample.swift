/// N local draws of one device type and size on one die, with each device's threshold and
/// on-current at a corner (what `cimpvt sample` prints).
public struct DeviceSample: Sendable {
    public struct Device: Sendable {
        public var variation: DeviceVariation
        /// |Vth| at the corner's temperature including every shift, V.
        public var vth: Double
        /// On-current relative to the nominal device at TT / nominal VDD / nominal temperature.
        public var ionRelative: Double
    }

    /// The die's global |Vth| shift for this type (corner + residual), V.
    public var dieVthShift: Double
    /// The die's global mobility shift for this type, relative.
    public var dieMobilityShift: Double
    /// σ(ΔVth) of one device, V.
    public var sigmaVth: Double
    /// σ(Δβ/β) of one device.
    public var sigmaBeta: Double
    public var devices: [Device]

    /// Draws `count` devices on die `die` of `corner.process` from the master `seed`. The draws come
    /// from the stream `StreamSeed.forDie(seed, .deviceSample, process, die, macro: "type W/L")`.
    public static func draw(corner: Corner, seed: UInt64, die index: Int, type: DeviceType, geometry: DeviceGeometry,
                            count: Int, card: TechnologyCard) -> DeviceSample
    {
        let die = DieSampler(card: card, masterSeed: seed).die(process: corner.process, index: index)
        let stream = RandomStream(seed: .forDie(master: seed, role: .deviceSample, process: corner.process.rawValue,
                                                die: index, macro: "\(type.rawValue) \(geometry)"))
        let draws = LocalMismatch.draw(type, geometry: geometry, count: count, card: card, stream: stream)
        let physics = DevicePhysics(card: card)
        let nominal = physics.nominalOnCurrent(type, geometry: geometry)
        let k = corner.operatingPoint.temperatureK
        let devices = draws.map { d in
            Device(variation: d,
                   vth: physics.thresholdVoltage(type, geometry: geometry, shift: die.vthShift(type, card: card) + d.dVth, kelvin: k),
                   ionRelative: physics.onCurrent(type, geometry: geometry, die: die, local: d, at: corner.operatingPoint) / nominal)
        }
        return DeviceSample(dieVthShift: die.vthShift(type, card: card), dieMobilityShift: die.mobilityFactor(type, card: card) - 1,
                            sigmaVth: card.sigmaVthLocal(type, geometry), sigmaBeta: card.sigmaBetaLocal(geometry), devices: devices)
    }
}
