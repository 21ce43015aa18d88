/// The (device, temperature, |V_GS|, |V_DS|) points a fit and its report use: the saturation wedge of
/// the I–V grid, |V_GS| from 0.3 to 1.1 V, |V_DS| ≥ max(0.2 V, |V_GS| − 0.25 V).
///
/// The engine's currents are all saturated (on-currents at |V_DS| = |V_GS| = VDD, off-currents at
/// |V_DS| = VDD) and its model has no linear region, so the fit stays where |V_DS| exceeds the
/// saturation voltage: above the overdrive minus 0.25 V (V_DSAT of a velocity-saturated 30 nm channel
/// is well below its overdrive; in weak inversion 0.2 V is ≫ 4·φt). The wedge holds the on-current
/// diagonal (|V_DS| = |V_GS|), the I_D–V_GS curve at every |V_DS| and the I_D–V_DS curve at every |V_GS|
/// — so subthreshold slope, DIBL, the alpha-power law and the temperature terms all count.
public struct FitPoint: Sendable, Hashable {
    public let device: Int
    public let temperature: Int
    public let gate: Int
    public let drain: Int
    public var vgs: Double { IVCurves.gateVolts(gate) }
    public var vds: Double { IVCurves.drainVolts(drain) }
    public var celsius: Double { CharacterisationDeck.temperaturesC[temperature] }
    /// ngspice's |I_D| at this point, A.
    public func measured(in curves: IVCurves) -> Double { curves.current[temperature][device][gate][drain] }

    public static let lowGateVolts = 0.3
    public static let highGateVolts = 1.1
    public static let minDrainVolts = 0.2
    public static let saturationMarginVolts = 0.25

    /// Every point of the wedge for `devices` devices at every temperature.
    public static func wedge(devices: Int) -> [FitPoint] {
        var out: [FitPoint] = []
        let lo = IVCurves.gateIndex(lowGateVolts), hi = IVCurves.gateIndex(highGateVolts)
        for t in CharacterisationDeck.temperaturesC.indices { for d in 0..<devices { for g in lo...hi {
            for v in 0..<CharacterisationDeck.drainPoints {
                let vds = IVCurves.drainVolts(v), vgs = IVCurves.gateVolts(g)
                if vds >= minDrainVolts - 1e-9, vds >= vgs - saturationMarginVolts - 1e-9 {
                    out.append(FitPoint(device: d, temperature: t, gate: g, drain: v))
                }
            }
        } } }
        return out
    }
}
