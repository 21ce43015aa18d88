import Foundation
import Variation

/// Energy of the digital macro (ISSCC 2025 14.5) per MAC and per write (MODELS §9; docs/energy.md).
///
/// One MAC of a B-bit format is `nibbleProducts` 4b×4b products (1 for B ≤ 4, 4 for B = 5…8: the
/// INT8/BF16 MSB/LSB halves). The dynamic energy of one nibble product at VDD, fJ:
///
///     E = E_nib · (VDD/VDD_nom)² · [ s + (1 − s)·(f_mul·r_mul·d + f_tree·A_tree(d)) + a·[FP] ]
///
/// - `s` (**calibrated**): the share that neither the data nor the mode changes — the weight read of
///   the array (4 cells per nibble product, differential bitlines: one side swings whatever the bit),
///   input drivers, clock and control;
/// - the multiplier and adder-tree share 1 − s, split by transistor count (``multiplierTransistors``,
///   ``treeTransistors``): f_mul = 376 / (376 + 273), f_tree = 273 / (376 + 273) for the accurate
///   circuits (estimates from the structure: a 4×4 array multiplier of 16 AND2, 8 full and 4 half
///   adders; a 6-stage tree of 624 full-adder bits per 64 products);
/// - the approximate circuits switch fewer transistors: r_mul = 270/376 (the broken array has no AND
///   gates or adder cells in partial-product columns 0–2), and the tree's bits 0–2 never toggle (every
///   product's are 0) while its first-stage bit 3 is an OR instead of a full adder (``treeTransistors``);
/// - d, the share of nonzero products (a multiplier whose operand is zero and held does not switch),
///   A_tree(d) the tree's active share: an adder of stage s (fed by 2^s products) is idle when all its
///   products are zero, probability (1 − d)^(2^s);
/// - a (**calibrated**): the floating-point pre-alignment (exponent compare, mantissa shift and
///   rotate), per nibble product, switching whatever the data;
/// - E_nib (**calibrated**): the nibble product's energy at VDD_nom, dense random operands, accurate.
///
/// Leakage: ``MacroLeakage`` of the 32 kb macro (32,768 cells, ``logicTransistors``) over the clock
/// period, shared by the MACs of one cycle (``macsPerCycle``). Writes: ``writeBitlineFF`` · VDD² per
/// written bit (estimate). Dynamic energy does not depend on process or temperature.
public struct DigitalEnergyModel: Sendable, Hashable {
    /// The calibrated constants.
    public struct Constants: Sendable, Hashable, Codable {
        /// E_nib: one 4b×4b product at nominal VDD, dense random operands, accurate mode, fJ.
        public var nibbleFJ: Double
        /// s: the data- and mode-independent share.
        public var sharedShare: Double
        /// a: the floating-point pre-alignment, relative to E_nib.
        public var alignmentShare: Double

        public init(nibbleFJ: Double, sharedShare: Double, alignmentShare: Double) {
            self.nibbleFJ = nibbleFJ
            self.sharedShare = sharedShare
            self.alignmentShare = alignmentShare
        }
    }

    public let constants: Constants
    public let card: TechnologyCard

    /// The model with the constants calibrated to the paper for `card` (``DigitalEnergyCalibration``).
    public init(card: TechnologyCard) {
        self.card = card
        constants = DigitalEnergyCalibration.constants(card: card)
    }

    /// The model with given constants.
    public init(constants: Constants, card: TechnologyCard) {
        self.constants = constants
        self.card = card
    }

    /// Transistors of one 4b×4b multiplier: accurate 16·6 (AND2) + 8·28 (FA) + 4·14 (HA) = 376;
    /// approximate 376 − 6·6 − 2·28 − 14 = 270 (columns 0–2: six AND2, two full and one half adder).
    public static func multiplierTransistors(_ mode: MACMode) -> Double { mode == .accurate ? 376 : 270 }

    /// Transistors of the adder tree per product (64 products, 6 stages; stage s has 64/2^s adders of
    /// 8 + s bits, 28 per full-adder bit, 6 per OR bit) when every adder is active:
    /// accurate 624 FA bits → 273; approximate: bits 0–2 of every adder idle, stage 1's bit 3 an OR.
    public static func treeTransistors(_ mode: MACMode) -> Double { treeTransistors(mode, density: 1) }

    /// The tree's switching transistors per product at nonzero-product share `d`: stage s's adders
    /// are active with probability 1 − (1 − d)^(2^s).
    public static func treeTransistors(_ mode: MACMode, density d: Double) -> Double {
        var t = 0.0
        for s in 1...6 {
            let adders = Double(64 >> s), active = 1 - pow(1 - d, Double(1 << s))
            let bits = Double(8 + s)
            let fa = mode == .accurate ? bits : bits - 3 - (s == 1 ? 1 : 0)
            let or = mode == .approximate && s == 1 ? 1.0 : 0
            t += adders * active * (fa * 28 + or * 6)
        }
        return t / 64
    }

    /// 4b×4b products per MAC: 1 for B ≤ 4, 4 for B = 5…8.
    public static func nibbleProducts(bits: Int) -> Int { bits <= 4 ? 1 : 4 }

    /// MACs per clock cycle of the 32 kb macro: two blocks of 64 multipliers; B ≤ 4 takes one cycle per
    /// 64-long dot product in each block (128), B = 5…8 takes both blocks for two cycles (32).
    public static func macsPerCycle(bits: Int) -> Double { bits <= 4 ? 128 : 32 }

    /// Logic transistors of the macro: 2 × (64 multipliers + tree) ≈ 83 k, plus alignment, rotation,
    /// bias unit and control (estimate: 100 k in all).
    public static let logicTransistors = 100_000.0
    /// The macro's leakage (32 kb of cells and its logic).
    public static let leakage = MacroLeakage(cells: 32768, logicTransistors: logicTransistors)
    /// Write-bitline capacitance per written bit, fF (a 64-row bitline pair, one side driven full
    /// swing; estimate).
    public static let writeBitlineFF = 10.0

    /// Dynamic energy of one MAC, fJ, at nonzero-product share `density`.
    public func dynamicFJPerMAC(format: NumberFormat, mode: MACMode, bits: Int, vdd: Double, density: Double) -> Double {
        let c = constants
        let accurateLogic = Self.multiplierTransistors(.accurate) + Self.treeTransistors(.accurate)
        let logic = (Self.multiplierTransistors(mode) * density + Self.treeTransistors(mode, density: density)) / accurateLogic
        let fp = format.isInteger ? 0 : c.alignmentShare
        let scale = (vdd / card.vddNominal) * (vdd / card.vddNominal)
        return Double(Self.nibbleProducts(bits: bits)) * c.nibbleFJ * scale * (c.sharedShare + (1 - c.sharedShare) * logic + fp)
    }

    /// Energy of writing one bit, fJ.
    public func writeFJPerBit(vdd: Double) -> Double { Self.writeBitlineFF * vdd * vdd }

    /// Leakage power of the macro on `die` at `op`, µW.
    public func leakageUW(die: Die, at op: OperatingPoint) -> Double {
        Self.leakage.powerUW(die: die, at: op, card: card)
    }

    /// The macro's figures at one operating point and clock.
    public func operating(format: NumberFormat, mode: MACMode, bits: Int, die: Die, at op: OperatingPoint,
                          clockNS: Double, density: Double) -> MacroEnergyPoint
    {
        let perCycle = Self.macsPerCycle(bits: bits)
        return MacroEnergyPoint(dynamicFJPerMAC: dynamicFJPerMAC(format: format, mode: mode, bits: bits, vdd: op.vdd, density: density),
                                leakageFJPerMAC: leakageUW(die: die, at: op) * clockNS / perCycle,
                                macsPerSecond: perCycle / clockNS * 1e9)
    }
}
