import Variation

/// Static (leakage) power of a macro from the device model's off-current (MODELS §9; docs/energy.md).
///
///     P_leak = VDD · Σ_devices W_i · i_off,i(VDD, T, die)
///     i_off = I(|Vgs| = 0) / I_on,nominal(n) · ``nmosOnCurrentUAperUM``   (µA per µm of width)
///
/// Each 6T cell in hold leaks through one off pull-down (n), one off pull-up (p) and one off pass gate
/// (n, its bitline precharged high); a logic transistor leaks through its off network, taken as half
/// of the macro's logic transistors, each a `logic` device, reduced by ``logicStackFactor`` for stacks.
/// Currents come from ``DevicePhysics`` (its Vth carries the corner, the die residual and the
/// temperature; without DIBL the off-current does not depend on VDD, so P_leak ∝ VDD). The absolute
/// scale is one number, the n-device on-current of the card at TT / nominal VDD / 27 °C per µm
/// (**estimate**, 28 nm HKMG class). The card's 72 mV/decade subthreshold slope and missing DIBL make
/// this off-current low for 28 nm bulk (docs/energy.md says by how much).
public struct MacroLeakage: Sendable, Hashable {
    /// 6T cells of the macro.
    public var cells: Double
    /// Logic transistors of the macro's periphery and compute logic.
    public var logicTransistors: Double

    /// n-device on-current at TT / nominal VDD / 27 °C, µA per µm (estimate, 28 nm HKMG class).
    public static let nmosOnCurrentUAperUM = 1000.0
    /// Leakage of a logic transistor's off network relative to one off device (stack effect; estimate).
    public static let logicStackFactor = 0.5

    public init(cells: Double, logicTransistors: Double) {
        self.cells = cells
        self.logicTransistors = logicTransistors
    }

    /// Off-current of one device per µm of width, µA.
    public static func offCurrentUAperUM(_ type: DeviceType, die: Die, at op: OperatingPoint, card: TechnologyCard) -> Double {
        let physics = DevicePhysics(card: card)
        let unit = DeviceGeometry(widthNM: 1000, lengthNM: card.logicDevice.lengthNM)
        let nominal = physics.onCurrent(.n, geometry: unit, die: .typical, at: .nominal(card))
        return physics.current(type, geometry: unit, die: die, vgs: 0, at: op) / nominal * nmosOnCurrentUAperUM
    }

    /// Leakage current of the macro, µA.
    public func currentUA(die: Die, at op: OperatingPoint, card: TechnologyCard) -> Double {
        let n = Self.offCurrentUAperUM(.n, die: die, at: op, card: card)
        let p = Self.offCurrentUAperUM(.p, die: die, at: op, card: card)
        let cellWidthN = (card.cellPullDown.widthNM + card.cellPassGate.widthNM) * 1e-3
        let cellWidthP = card.cellPullUp.widthNM * 1e-3
        let logicWidth = card.logicDevice.widthNM * 1e-3
        let perCell = cellWidthN * n + cellWidthP * p
        // Half of the logic transistors are off at a time, as many n as p.
        let perLogic = 0.5 * logicWidth * Self.logicStackFactor * (n + p) / 2
        return cells * perCell + logicTransistors * perLogic
    }

    /// Leakage power, µW (µW · ns = fJ).
    public func powerUW(die: Die, at op: OperatingPoint, card: TechnologyCard) -> Double {
        op.vdd * currentUA(die: die, at: op, card: card)
    }
}
