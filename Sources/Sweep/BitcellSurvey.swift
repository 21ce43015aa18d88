import Analysis
import Macros
import Variation

/// The high-sigma bitcell yield of every corner of a sweep, at the centre of each process corner
/// (no die residual): analytic p for hold, read and write, and a mean-shift importance-sampling
/// estimate of the worst margin (`samples` draws from a stream keyed by the corner).
public enum BitcellSurvey {
    /// Cells of the macro the functional yield refers to: 32 Kb (MODELS §6).
    public static let macroCells = 32 * 1024

    /// The linear margin model of one margin at a corner.
    public static func margin(_ k: BitcellMargin, corner: Corner, card: TechnologyCard) -> LinearGaussianMargin {
        let s = BitcellStability(card: card)
        return LinearGaussianMargin(mean: s.meanMargin(k, die: Die(process: corner.process, index: 0), at: corner.operatingPoint),
                                    sensitivities: BitcellStability.sensitivities(k), sigmas: s.deviceSigmas)
    }

    public static func run(corners: [Corner], card: TechnologyCard, seed: UInt64, samples: Int = 20_000) -> [BitcellCornerYield] {
        corners.map { c in
            let p = BitcellMargin.allCases.map { margin($0, corner: c, card: card).analyticFailureProbability }
            let worst = p.indices.max { p[$0] < p[$1] }!
            let k = BitcellMargin.allCases[worst]
            let stream = RandomStream(seed: StreamSeed(seed).absorbing("bitcell-is").absorbing(c.label).absorbing(k.rawValue))
            let e = margin(k, corner: c, card: card).estimate(.importanceSampling, samples: samples, stream: stream)
            return BitcellCornerYield(corner: c, hold: p[0], read: p[1], write: p[2], worstMargin: k.rawValue, estimate: e,
                                      cells: macroCells)
        }
    }
}
