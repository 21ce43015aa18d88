import Foundation
import Variation

/// Energy of the analog (current-domain) macro per conversion, per word-line pulse and per write
/// (MODELS §9; docs/energy.md, "Analog").
///
/// A conversion is one column's bitline read for one input bit-plane of one chunk of `rows_on` rows:
///
///     E_BL   = C_BL · ΔV · VDD              the charge the precharge restores, ΔV the actual swing
///     E_ADC  = FoM_W · 2^adc_bits · (VDD / VDD_nom)²      Walden figure of merit (estimate, below)
///     E_add  = (adc_bits + input_bits) · e_FA             the digital shift-add of the code
///     E_cal  = E_ADC / (adc_bits + 1) with auto-zeroed comparators (one more comparator phase);
///              (E_BL + E_ADC) / 64 with `tracking` (a replica column per 64); 0 for trimmed offsets
///              (trim set at power-up) and the `die` calibration (run once at power-up)
///     E_WL   = C_WL · VDD² per word-line pulse (a row whose input bit is 1, one per 64-column block)
///
/// FoM_W = `adc_fom_fj` (default ``defaultWaldenFJ``) fJ per conversion step (**estimate** for a pitch-matched column SAR
/// ADC at a few hundred MS/s in 28 nm: the survey's best SAR designs reach ≈ 2 fJ/step at low speed,
/// Harpe et al. ISSCC 2013; column ADCs in CIM periphery trade efficiency for area). e_FA, the energy
/// of one full-adder bit, is the digital macro's calibrated tree energy per full-adder bit, so the two
/// macros' logic costs the same. C_BL = `bitline_ff` (20 fF); C_WL = ``wordLineFF`` (estimate: 128
/// pass-gate gates and the wire of 64 cells). Leakage: ``MacroLeakage`` of a 32 kb array (64 rows ×
/// 512 columns) and its 512 column ADCs and adders over the conversion time.
public struct AnalogEnergyModel: Sendable, Hashable {
    public let config: AnalogMacroConfig
    public let card: TechnologyCard
    /// Walden figure of merit of the column ADC, fJ per conversion step.
    public let waldenFJ: Double
    /// Energy of one full-adder bit at nominal VDD, fJ (from the digital calibration).
    public let fullAdderFJ: Double

    /// Default Walden FoM, fJ per conversion step (estimate; the config's `adc_fom_fj`).
    public static let defaultWaldenFJ = AnalogMacroConfig().adcWaldenFJ
    /// Word-line capacitance of one 64-column block, fF (estimate).
    public static let wordLineFF = 20.0
    /// Columns (ADCs) of the 32 kb macro the throughput refers to.
    public static let columns = 512.0
    /// Logic transistors per column: SAR logic, comparator, shift-add (estimate).
    public static let logicTransistorsPerColumn = 800.0
    /// The 32 kb macro's leakage.
    public static let leakage = MacroLeakage(cells: 32768, logicTransistors: columns * logicTransistorsPerColumn)

    public init(config: AnalogMacroConfig, card: TechnologyCard) {
        self.config = config
        self.card = card
        self.waldenFJ = config.adcWaldenFJ
        let d = DigitalEnergyCalibration.constants(card: card)
        let treeShare = DigitalEnergyModel.treeTransistors(.accurate)
            / (DigitalEnergyModel.multiplierTransistors(.accurate) + DigitalEnergyModel.treeTransistors(.accurate))
        // The tree's energy per product over its 624 / 64 full-adder bits per product.
        fullAdderFJ = d.nibbleFJ * (1 - d.sharedShare) * treeShare / (624.0 / 64)
    }

    private func scale(_ vdd: Double) -> Double { (vdd / card.vddNominal) * (vdd / card.vddNominal) }

    /// The ADC's energy per conversion, fJ.
    public func adcFJ(vdd: Double) -> Double { waldenFJ * Double(1 << config.adcBits) * scale(vdd) }

    /// Energy per conversion that does not depend on the swing: ADC, shift-add and calibration overhead, fJ.
    public func conversionFJ(vdd: Double) -> Double {
        let adc = adcFJ(vdd: vdd)
        let add = Double(config.adcBits + config.inputBits) * fullAdderFJ * scale(vdd)
        let autozero = config.offsets == .autozero ? adc / Double(config.adcBits + 1) : 0
        let replica = config.calibration == .tracking ? adc / 64 : 0
        return adc + add + autozero + replica
    }

    /// Bitline energy of conversions whose swings sum to `swingVolts`, fJ (fF · V · V).
    public func bitlineFJ(swingVolts: Double, vdd: Double) -> Double {
        config.bitlineFF * swingVolts * vdd * (config.calibration == .tracking ? 1 + 1.0 / 64 : 1)
    }

    /// Energy of one word-line pulse across a 64-column block, fJ.
    public func wordLineFJ(vdd: Double) -> Double { Self.wordLineFF * vdd * vdd }

    /// Energy of writing one bit, fJ (the bitline driven full swing).
    public func writeFJPerBit(vdd: Double) -> Double { config.bitlineFF * vdd * vdd }

    /// Leakage power of the macro on `die` at `op`, µW.
    public func leakageUW(die: Die, at op: OperatingPoint) -> Double { Self.leakage.powerUW(die: die, at: op, card: card) }

    /// The macro's figures at one operating point for random data: unsigned inputs with bits set with
    /// probability ½ (zero with probability `inputSparsity`), weights' stored bits ½ (zero weights with
    /// probability `weightSparsity`), the nominal cell swing per cell on.
    public func operating(die: Die, at op: OperatingPoint, weightSparsity: Double, inputSparsity: Double) -> MacroEnergyPoint {
        let c = config
        let speed = AnalogConversionTime(config: c, die: die, at: op, card: card)
        let readColumns = Double(c.weightEncoding.readColumnsPerWeight(bits: c.weightBits))
        let rows = Double(c.rowsOn)
        let inputBit = 0.5 * (1 - inputSparsity)
        // A read column's cell is on for a random weight: ½ of the stored bits (two's complement), or,
        // for the two-sided encodings, ½ of the magnitude bits on one of the two columns.
        let weightBit = (c.weightEncoding == .twosComplement ? 0.5 : 0.25) * (1 - weightSparsity)
        // Per conversion step of one chunk: conversions of every column; a plane whose bits are all
        // zero for a vector is skipped (probability (1 − p_x)^rows, negligible for 64 rows).
        let planeActive = 1 - pow(1 - inputBit, rows)
        let conversionsPerMAC = Double(c.inputBits) * readColumns / rows * planeActive
        let swing = rows * inputBit * weightBit * c.cellVolts  // volts per conversion
        // A row whose plane bit is 1 pulses its word line in every 64-column block: per MAC, p·(read columns)/64 per plane.
        let blockPulsesPerMAC = Double(c.inputBits) * inputBit * readColumns / 64
        let dynamic = conversionsPerMAC * (conversionFJ(vdd: op.vdd) + bitlineFJ(swingVolts: swing, vdd: op.vdd))
            + blockPulsesPerMAC * wordLineFJ(vdd: op.vdd)
        let macsPerSecond = Self.columns / readColumns * rows / (Double(c.inputBits) * speed.conversionNS) * 1e9
        let leakage = leakageUW(die: die, at: op) / macsPerSecond * 1e9  // µW / (MAC/ns) = fJ per MAC
        return MacroEnergyPoint(dynamicFJPerMAC: dynamic, leakageFJPerMAC: leakage, macsPerSecond: macsPerSecond)
    }
}
