import Macros
import Variation

/// Which product a trial's layers run on.
public enum MacroChoice: Sendable, Hashable {
    /// FP32 sgemm: the baseline's product.
    case ideal
    /// The seed's digital CIM macro (MODELS §5).
    case digital(DigitalMacroConfig)
    /// The current-domain analog CIM macro (MODELS §4).
    case analog(AnalogMacroConfig)

    /// "ideal", "digital" or "analog".
    public var kind: String {
        switch self {
        case .ideal: "ideal"
        case .digital: "digital"
        case .analog: "analog"
        }
    }

    /// One macro per weight layer of (inputs, outputs) `shapes` on die `dieIndex` of `corner`. Every
    /// weight layer is its own macro instance with its own local draws (stream key: kind + "/L" + weight
    /// layer index) on the same die. A `binned` digital die is binned as a whole: every layer runs at
    /// the bin of its slowest layer.
    public func macros(shapes: [(inputs: Int, outputs: Int)], corner: Corner, seed: UInt64, dieIndex: Int,
                       card: TechnologyCard) -> [CIMMacro]
    {
        let built = buildLayers(shapes: shapes, corner: corner, seed: seed, dieIndex: dieIndex, card: card)
        if case .digital(let c) = self, case .binned = c.clock {
            let digital = built.compactMap { $0 as? DigitalMacro }
            if let period = digital.map(\.clockNS).max() { digital.forEach { $0.reclock(periodNS: period) } }
        }
        return built
    }

    /// The macros of the MLP of `widths` (input first).
    public func macros(widths: [Int], corner: Corner, seed: UInt64, dieIndex: Int, card: TechnologyCard) -> [CIMMacro] {
        macros(shapes: zip(widths, widths.dropFirst()).map { ($0, $1) }, corner: corner, seed: seed, dieIndex: dieIndex, card: card)
    }

    private func buildLayers(shapes: [(inputs: Int, outputs: Int)], corner: Corner, seed: UInt64, dieIndex: Int,
                             card: TechnologyCard) -> [CIMMacro]
    {
        shapes.enumerated().map { l, shape -> CIMMacro in
            let key = "/L\(l)"
            switch self {
            case .ideal:
                return IdealMacro(inputs: shape.inputs, outputs: shape.outputs)
            case .digital(let c):
                return DigitalMacro.onDie(inputs: shape.inputs, outputs: shape.outputs, config: c, corner: corner, seed: seed,
                                          dieIndex: dieIndex, card: card, instanceKey: key)
            case .analog(let c):
                return AnalogMacro.onDie(inputs: shape.inputs, outputs: shape.outputs, config: c, corner: corner, seed: seed,
                                         dieIndex: dieIndex, card: card, instanceKey: key)
            }
        }
    }
}
