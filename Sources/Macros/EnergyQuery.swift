import Variation

/// A point query of either macro's energy and speed at an operating point, for random data of a given
/// sparsity (`cimpvt energy`; docs/energy.md). Defaults are the paper's measurement conditions: a
/// typical die (mismatch-free TT), 27 °C, the die's own maximum clock.
public struct EnergyQuery: Sendable {
    /// Which macro, and the options its energy depends on.
    public enum Macro: Sendable {
        case digital(format: NumberFormat, mode: MACMode, bits: Int)
        case analog(AnalogMacroConfig)
    }

    /// The digital macro's clock: the die's own critical path (`max`, what a measurement at the chip's
    /// highest passing frequency runs at), or a ``ClockPolicy`` (for `binned`, the bin of the
    /// mismatch-free die).
    public enum Clock: Sendable {
        case maximum
        case policy(ClockPolicy)
    }

    public var macro: Macro
    public var process: ProcessCorner = .TT
    public var temperatureC: Double = 27
    /// Share of zero weights and of zero inputs, [0, 1).
    public var weightSparsity = 0.0
    public var inputSparsity = 0.0
    public var clock: Clock = .maximum
    public var card = TechnologyCard()

    public init(macro: Macro) { self.macro = macro }

    /// One row of the answer: the point, and the digital clock or the analog conversion time.
    public struct Answer: Sendable {
        public let vdd: Double
        public let point: MacroEnergyPoint
        /// Digital: the clock, MHz; analog: nil.
        public let clockMHz: Double?
        /// Analog: integration + ADC per conversion, ns; digital: nil.
        public let conversionNS: Double?
    }

    /// The figures at `vdd`.
    public func answer(vdd: Double) -> Answer {
        let op = OperatingPoint(vdd: vdd, temperatureC: temperatureC)
        let die = Die(process: process, index: 0)
        switch macro {
        case .digital(let format, let mode, let bits):
            let period = clockNS(vdd: vdd, mode: mode)
            let model = DigitalEnergyModel(card: card)
            let p = model.operating(format: format, mode: mode, bits: bits, die: die, at: op, clockNS: period,
                                    density: (1 - weightSparsity) * (1 - inputSparsity))
            return Answer(vdd: vdd, point: p, clockMHz: 1000 / period, conversionNS: nil)
        case .analog(let config):
            let model = AnalogEnergyModel(config: config, card: card)
            let p = model.operating(die: die, at: op, weightSparsity: weightSparsity, inputSparsity: inputSparsity)
            return Answer(vdd: vdd, point: p, clockMHz: nil,
                          conversionNS: AnalogConversionTime(config: config, die: die, at: op, card: card).conversionNS)
        }
    }

    /// The digital clock period at `vdd`, ns.
    func clockNS(vdd: Double, mode: MACMode) -> Double {
        let op = OperatingPoint(vdd: vdd, temperatureC: temperatureC)
        switch clock {
        case .maximum:
            return DigitalEnergyCalibration.maximumClockNS(process: process, at: op, mode: mode, card: card)
        case .policy(let policy):
            if case .binned(_, _, let test, _, _) = policy {
                let atTest = DigitalEnergyCalibration.maximumClockNS(process: process, at: OperatingPoint(vdd: vdd, temperatureC: test),
                                                                     mode: mode, card: card)
                return SignoffClock.binnedPeriodNS(policy: policy, slowestTestPathNS: atTest, vdd: vdd, card: card, mode: mode)
            }
            return SignoffClock.periodNS(policy: policy, vdd: vdd, card: card, mode: mode)
        }
    }

    /// The minimum-energy point over VDD in [`lowest`, `highest`] in steps of 5 mV: the VDD of the
    /// highest efficiency (on a bound when the curve is monotone there). Only with the `max` clock
    /// (digital) — a fixed or signed-off clock is not the circuit's energy-optimal speed.
    public func minimumEnergyPoint(lowest: Double = 0.2, highest: Double = 1.0) -> Answer {
        let steps = Int(((highest - lowest) / 0.005).rounded())
        return (0...steps).map { answer(vdd: ((lowest + Double($0) * 0.005) * 1000).rounded() / 1000) }.max { $0.point.topsPerW < $1.point.topsPerW }!
    }
}
