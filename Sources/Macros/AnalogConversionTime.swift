import Variation

/// The speed of the analog macro on a die: integration plus ADC conversion per conversion, and the
/// throughput of one 64×64 block (MODELS §4; docs/analog-macro.md, "Speed").
///
///     t_int = t_int,nom · I_nom / I_cell
///
/// the word-line pulse that lets `rows_on` cells of current I_cell discharge C_BL by `full_scale_v`,
/// with I_cell the cell read current without local mismatch: the nominal cell's (TT / nominal VDD /
/// 27 °C) under `design` — the integration time is fixed, so a slow die reads low; the die's at its VDD
/// and 27 °C under `die`; the die's at its VDD and temperature under `tracking` (the replica column
/// re-times it) — a slow die is slower. t_int,nom = ``nominalIntegrationNS`` (estimate): at a 6T
/// cell's full read current (≈ 20 µA in 28 nm) 64 cells would discharge 20 fF by 0.3 V in ≈ 5 ps, a
/// pulse no word-line driver makes, so designs lower the cell current (word-line underdrive) to a
/// nanosecond-scale pulse. The model keeps the cells' current ratios at a full word line (underdrive,
/// which makes the current more sensitive to Vth, is not modelled).
///
///     t_ADC = (adc_bits + 1) · ``sarCycleStages`` · t_stage
///
/// a SAR conversion (one sampling cycle, one per bit), a cycle being a chain of logic stages at the die's
/// corner, VDD and temperature (t_stage from the digital macro's timing model: 1 ns over its 33-stage
/// critical path at TT / 0.9 V / 27 °C). One ADC per column converts every `rows_on` rows in parallel.
public struct AnalogConversionTime: Sendable, Hashable {
    /// Integration time, ns.
    public let integrationNS: Double
    /// ADC conversion time, ns.
    public let adcNS: Double
    /// MAC operations per second of one 64×64 block of cells, GMAC/s (unsigned inputs: `input_bits`
    /// conversions per input vector; 64 / rows_on chunks in sequence).
    public let blockGMACs: Double

    /// Integration time of the nominal die, ns (estimate).
    public static let nominalIntegrationNS = 1.0
    /// Logic stages per SAR bit cycle: comparator regeneration, SAR logic, DAC settling (estimate).
    public static let sarCycleStages = 8

    public init(config: AnalogMacroConfig, die: Die, at op: OperatingPoint, card: TechnologyCard) {
        let physics = DevicePhysics(card: card)
        func cell(_ d: Die, _ at: OperatingPoint) -> Double {
            let pg = physics.onCurrent(.n, geometry: card.cellPassGate, die: d, at: at)
            let pd = physics.onCurrent(.n, geometry: card.cellPullDown, die: d, at: at)
            return 1 / (1 / pg + 1 / pd)
        }
        let nominal = cell(.typical, .nominal(card))
        let current: Double
        switch config.calibration {
        case .design: current = nominal
        case .die: current = cell(die, OperatingPoint(vdd: op.vdd, temperatureC: card.tNominalC))
        case .tracking: current = cell(die, op)
        }
        integrationNS = Self.nominalIntegrationNS * nominal / current
        let stage = TimingPaths.pathDelay(depth: Self.sarCycleStages, physics: physics, die: die, at: op)
            * TimingPaths.nsPerUnit(physics)
        adcNS = Double(config.adcBits + 1) * stage
        let weightsPerRow = 64 / Double(config.weightEncoding.readColumnsPerWeight(bits: config.weightBits))
        let chunks = (64 + config.rowsOn - 1) / config.rowsOn
        blockGMACs = 64 * weightsPerRow / (Double(config.inputBits * chunks) * (integrationNS + adcNS))
    }

    /// Time of one conversion, ns.
    public var conversionNS: Double { integrationNS + adcNS }
}
