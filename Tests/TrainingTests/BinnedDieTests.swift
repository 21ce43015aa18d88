import Testing
import Macros
import Training
import Variation

/// Speed binning of a whole die (``MacroChoice/layers(widths:corner:seed:dieIndex:card:)``).
@Suite struct BinnedDieTests {
    let card = TechnologyCard()

    /// A whole die is binned to one clock: the bin of its slowest layer.
    @Test func aBinnedDieRunsEveryLayerAtOneClock() {
        var c = DigitalMacroConfig()
        c.clock = .binned()
        let layers = MacroChoice.digital(c).macros(widths: [128, 64, 10], corner: Corner(process: .TT, vdd: 0.7, temperatureC: 27),
                                                   seed: 3, dieIndex: 2, card: card).map { $0 as! DigitalMacro }
        let clocks = Set(layers.map(\.clockNS))
        #expect(clocks.count == 1)
        let own = layers.map { m in m.timing.map { $0.testDelayNS!.max()! }.max()! }
        let need = SignoffClock.binGuardFactor(policy: c.clock, vdd: 0.7, card: card) * own.max()!
        #expect(clocks.first! >= need)
    }
}
