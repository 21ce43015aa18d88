import Foundation
import Variation

/// The technology card's device terms as the fit sees them, and the model current they give.
///
/// Seventeen parameters: per type vth0, the narrow-width k_W, n, dVth/dT, the mobility and saturation-
/// velocity temperature exponents and the current per square (K_n in A, and K_p/K_n); shared α, V_c and
/// DIBL η. The model is
/// the engine's own ``DevicePhysics`` on a card carrying these values — the fit and the engine cannot
/// differ. K_n, absent from the card (whose currents are ratios), sets the absolute scale: A per square
/// of an n-device at the card's zero overdrive reference.
public struct FittedDeviceModel: Sendable, Codable, Equatable {
    public var card: TechnologyCard
    /// K_n: the n-device current per square that the card's unit current stands for, A.
    public var ampsPerSquare: Double

    public init(card: TechnologyCard, ampsPerSquare: Double) {
        self.card = card; self.ampsPerSquare = ampsPerSquare
    }

    /// |I_D| in A of a device of type `type`, W/L `geometry`, with threshold shift `vthShift` V and
    /// current-factor scale `betaScale`, at |V_GS|, |V_DS| V and `celsius`.
    public func current(_ type: DeviceType, geometry: DeviceGeometry, vgs: Double, vds: Double, celsius: Double,
                        vthShift: Double = 0, betaScale: Double = 1) -> Double {
        let physics = DevicePhysics(card: card)
        let k = celsius + 273.15
        let vth = physics.thresholdVoltage(type, geometry: geometry, shift: vthShift, kelvin: k)
        return ampsPerSquare * physics.current(type, vgs: vgs, vds: vds, vth: vth,
                                               betaFactor: geometry.widthNM / geometry.lengthNM * betaScale, kelvin: k)
    }

    /// |I_D| in A of the device and bias of a fit point.
    func current(at p: FitPoint, of curves: IVCurves, vthShift: Double = 0, betaScale: Double = 1) -> Double {
        let d = curves.devices[p.device]
        return current(d.type, geometry: d.geometry, vgs: p.vgs, vds: p.vds, celsius: p.celsius,
                       vthShift: vthShift, betaScale: betaScale)
    }

    /// Parameter vector in unconstrained coordinates, so every value the optimiser tries is a valid card:
    /// n = 1 + e^u, α = 1 + 1/(1 + e^−u) ∈ (1, 2), V_c = e^u, K_n and K_p/K_n as logarithms; the rest in
    /// the card's units.
    static let parameterCount = 17
    var vector: [Double] {
        let c = card
        return [c.vth0N, c.vth0P, log(c.subthresholdNN - 1), log(c.subthresholdNP - 1), log(ampsPerSquare), log(c.pCurrentFactor),
                -log(1 / (c.alpha - 1) - 1), c.dvthDTn, c.mobilityExponentN, c.vsatExponent(.n),
                log(c.vsatVoltage), c.dibl, c.dvthDTp, c.vthWidthN, c.vthWidthP, c.mobilityExponentP, c.vsatExponent(.p)]
    }

    init(vector x: UnsafePointer<Double>, base: TechnologyCard) {
        var c = base
        c.vth0N = x[0]; c.vth0P = x[1]
        c.subthresholdNN = 1 + exp(x[2]); c.subthresholdNP = 1 + exp(x[3])
        c.pCurrentFactor = exp(x[5])
        c.alpha = 1 + 1 / (1 + exp(-x[6]))
        c.dvthDTn = x[7]; c.dvthDTp = x[12]; c.mobilityExponentN = x[8]; c.vsatExponentN = x[9]
        c.mobilityExponentP = x[15]; c.vsatExponentP = x[16]
        c.vsatVoltage = exp(x[10]); c.dibl = x[11]; c.vthWidthN = x[13]; c.vthWidthP = x[14]
        self.init(card: c, ampsPerSquare: exp(x[4]))
    }

    /// Terms a fitted card holds at the edge of what the model allows ("alpha = 1.000"): the curves
    /// ask for more than the model's range gives.
    var termsAtEdges: [String] {
        var out: [String] = []
        if card.alpha < 1.005 { out.append(String(format: "alpha = %.3f", card.alpha)) }
        if card.alpha > 1.995 { out.append(String(format: "alpha = %.3f", card.alpha)) }
        if card.vsatVoltage < 0.01 { out.append(String(format: "vsat_voltage = %.4f V", card.vsatVoltage)) }
        if card.subthresholdNN < 1.01 { out.append("subthreshold_n_n ≈ 1") }
        if card.subthresholdNP < 1.01 { out.append("subthreshold_n_p ≈ 1") }
        return out
    }

    /// The starting point: 28 nm-class textbook values, K_n from the logic n-device's measured
    /// on-current at VDD nominal and T0, K_p/K_n from the logic devices' ratio.
    static func start(base: TechnologyCard, curves: IVCurves) -> FittedDeviceModel {
        var c = base
        c.vth0N = 0.4; c.vth0P = 0.4; c.subthresholdNN = 1.4; c.subthresholdNP = 1.4
        c.alpha = 1.3; c.dvthDTn = -0.8; c.dvthDTp = -0.8; c.vthWidthN = 0; c.vthWidthP = 0; c.mobilityExponentN = 1.5; c.mobilityExponentP = 1.5; c.vsatExponentN = 0.5; c.vsatExponentP = 0.5
        c.vsatVoltage = 0.5; c.dibl = 0.08; c.pCurrentFactor = 1
        let t0 = CharacterisationDeck.temperaturesC.firstIndex(of: 27) ?? 1
        let g = IVCurves.gateIndex(c.vddNominal), v = IVCurves.drainIndex(c.vddNominal)
        func measured(_ name: String) -> Double? {
            curves.devices.firstIndex { $0.name == name }.map { curves.current[t0][$0][g][v] }
        }
        var m = FittedDeviceModel(card: c, ampsPerSquare: 1)
        if let i = measured("logic_n"), i > 0 {
            m.ampsPerSquare = i / m.current(.n, geometry: c.logicDevice, vgs: c.vddNominal, vds: c.vddNominal, celsius: 27)
        } else { m.ampsPerSquare = 1e-4 }
        if let ip = measured("logic_p"), let inn = measured("logic_n"), ip > 0, inn > 0 { m.card.pCurrentFactor = ip / inn }
        return m
    }
}
