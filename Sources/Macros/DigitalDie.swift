import Variation

extension DigitalMacro {
    /// The digital macro of die `dieIndex` of a corner, with its silicon and run-time streams derived
    /// from the master seed (docs/models.md, "Random numbers"): macro kind "digital".
    public static func onDie(inputs: Int, outputs: Int, config: DigitalMacroConfig, corner: Corner, seed: UInt64,
                             dieIndex: Int, card: TechnologyCard, instanceKey: String = "") -> DigitalMacro
    {
        let sampler = DieSampler(card: card, masterSeed: seed)
        let die = sampler.die(process: corner.process, index: dieIndex)
        let kind = "digital" + instanceKey
        let silicon = sampler.localStream(for: die, macro: kind)
        let runtime = RandomStream(seed: .forDie(master: seed, role: .runtime, process: corner.process.rawValue, die: dieIndex,
                                                 macro: kind, operatingPoint: (corner.vdd, corner.temperatureC)))
        return DigitalMacro(inputs: inputs, outputs: outputs, config: config, die: die, at: corner.operatingPoint,
                            card: card, silicon: silicon, runtime: runtime)
    }
}
