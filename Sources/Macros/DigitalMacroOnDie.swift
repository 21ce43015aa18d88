import Variation

extension DigitalMacro {
    /// The digital macro of die `dieIndex` of a corner, with its silicon and run-time streams derived
    /// from the master seed (docs/models.md, "Random numbers"): macro kind "digital".
    public static func onDie(inputs: Int, outputs: Int, config: DigitalMacroConfig, corner: Corner, seed: UInt64,
                             dieIndex: Int, card: TechnologyCard, instanceKey: String = "") -> DigitalMacro
    {
        let s = DieStreams(seed: seed, corner: corner, dieIndex: dieIndex, card: card, kind: "digital" + instanceKey)
        return DigitalMacro(inputs: inputs, outputs: outputs, config: config, die: s.die, at: corner.operatingPoint,
                            card: card, silicon: s.silicon, runtime: s.runtime)
    }
}
