import Foundation
import Variation

/// What a calibration found: the fitted card and how well it follows ngspice.
///
/// Errors of log-current are in decades (log10 of model / SPICE); on-current errors in % of SPICE's;
/// voltages in V; currents in µA.
public struct CalibrationResult: Sendable, Codable {
    public struct Fit: Sendable, Codable {
        public let iterations: Int
        public let points: Int
        public let rmsDecades: Double
    }
    /// Log-current error of one device at one temperature over the fit wedge (|V_GS| 0.3–1.1 V).
    public struct LogError: Sendable, Codable {
        public let device: String, temperatureC: Double, rmsDecades: Double, maxDecades: Double
    }
    /// On-current (|V_GS| = |V_DS| = VDD) of one device.
    public struct OnCurrent: Sendable, Codable {
        public let device: String, vdd: Double, temperatureC: Double, spiceUA: Double, modelUA: Double
        public var errorPercent: Double { (modelUA / spiceUA - 1) * 100 }
    }
    /// Temperature-inversion (zero-temperature-coefficient) VDD of a device: where its on-current at
    /// −40 °C equals that at 125 °C; nil when it does not cross within 0.3–1.1 V.
    public struct ZeroTemperatureCoefficient: Sendable, Codable {
        public let device: String, spiceV: Double?, modelV: Double?
    }
    /// FO4 stage delay at 0.6 V over that at 0.9 V.
    public struct DelayRatio: Sendable, Codable {
        public let temperatureC: Double, spice: Double, model: Double
    }

    /// I_D–V_GS at |V_DS| = VDD nominal of one device at one temperature: ngspice and the model, A.
    public struct Curve: Sendable, Codable {
        public let device: String, temperatureC: Double, vds: Double
        public let vgs: [Double], spiceA: [Double], modelA: [Double]
    }

    public let cimpvtVersion: String
    public let ngspiceVersion: String
    /// Base name of the model file (only the name: foundry content never leaves ngspice).
    public let modelFile: String
    public let nmos: String, pmos: String
    public let card: TechnologyCard
    /// n-device on-current per µm of width at TT, VDD nominal, T0, the card's logic length, µA/µm.
    public let ionNUAperUM: Double
    public let fit: Fit
    public let logErrors: [LogError]
    public let onCurrents: [OnCurrent]
    public let zeroTemperatureCoefficient: [ZeroTemperatureCoefficient]
    public let delayRatios: [DelayRatio]
    public let corners: [DeviceModelFit.CornerShift]
    /// Pelgrom coefficients from the mismatch Monte Carlo (nil without `--mismatch-model`).
    public let mismatch: MismatchEstimate?
    /// The curves of the overlay figure (simulated currents, no model-card content).
    public let curves: [Curve]
    /// What was kept from the base card and why (mismatch, corners).
    public let notes: [String]

    /// Supplies of the on-current table, V.
    public static let onCurrentSupplies: [Double] = [0.6, 0.7, 0.8, 0.9, 1.0]

    /// Worst |error| of the on-current table, %.
    public var worstOnCurrentErrorPercent: Double { onCurrents.map { abs($0.errorPercent) }.max() ?? 0 }
    /// Worst |SPICE − model| ZTC voltage, V (devices where both cross).
    public var worstZTCErrorVolts: Double {
        zeroTemperatureCoefficient.compactMap { z in z.spiceV.flatMap { s in z.modelV.map { abs($0 - s) } } }.max() ?? 0
    }
}
