import Variation

/// The die and the two random streams a macro on it uses (docs/models.md, "Random numbers"):
/// silicon (local mismatch, keyed by process, die and macro kind) and run-time (read noise, timing
/// values; keyed also by the operating point).
public struct DieStreams {
    public let die: Die
    public let silicon: RandomStream
    public let runtime: RandomStream

    /// Die `dieIndex` of the corner's process, from the master `seed`, for a macro of kind `kind`.
    public init(seed: UInt64, corner: Corner, dieIndex: Int, card: TechnologyCard, kind: String) {
        let sampler = DieSampler(card: card, masterSeed: seed)
        die = sampler.die(process: corner.process, index: dieIndex)
        silicon = sampler.localStream(for: die, macro: kind)
        runtime = RandomStream(seed: .forDie(master: seed, role: .runtime, process: corner.process.rawValue, die: dieIndex,
                                             macro: kind, operatingPoint: (corner.vdd, corner.temperatureC)))
    }
}
