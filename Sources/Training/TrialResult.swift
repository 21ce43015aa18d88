/// What one trial computes: a network trained and tested on one die at one corner on one macro,
/// against the FP32 baseline of the same workload (docs/training.md, results/README.md).
public struct TrialResult: Sendable, Hashable, Codable {
    /// Test accuracy on the die, in [0, 1].
    public var accuracy: Double
    /// Test accuracy of the FP32 baseline (same initialisation, data order and epochs), in [0, 1].
    public var baselineAccuracy: Double
    /// (baseline − die) accuracy in percentage points: positive means the die lost accuracy.
    public var degradationPP: Double { (baselineAccuracy - accuracy) * 100 }
    public var status: TrainingStatus
    /// Relative RMS error of the forward products against the ideal product (dimensionless).
    public var forwardMACRMS: Double
    /// Relative RMS error of the transposed (backward) products (dimensionless).
    public var backwardMACRMS: Double
    /// Adder-tree output bits sensitised on a path slower than the clock (digital macro).
    public var timingErrorEvents: Int
    /// Cells failing a stability margin that matters to the macro, over all layers.
    public var failingCells: Int
    /// Mean training loss of the last completed epoch on the die (NaN if none completed).
    public var finalLoss: Double
    /// SGD steps completed on the die.
    public var steps: Int
    /// The digital macro's clock on the die, MHz (nil for analog and ideal macros).
    public var clockMHz: Double?
    /// The smallest timing slack of any path of the die's digital macro instances at its operating
    /// point, ns (negative: a path fails; nil for analog and ideal macros).
    public var worstSlackNS: Double?
    /// The analog macro's time per conversion on the die (integration + ADC), ns (nil for digital and
    /// ideal macros).
    public var conversionNS: Double?
    /// MAC/s of one 64×64 block of the die's analog macro, GMAC/s (nil for digital and ideal).
    public var blockGMACs: Double?
    /// Share of the analog macro's conversions in the trial whose noiseless code fell outside the ADC
    /// range, in [0, 1] (nil for digital and ideal).
    public var adcClipRate: Double?
    /// Energy of the trial's work on the macro — forward and transposed reads, weight writes, leakage
    /// while computing — J (nil for the ideal macro; docs/energy.md).
    public var energyJ: Double?
    /// The trial's average efficiency, TOPS/W (2 operations per MAC over ``energyJ``; nil for ideal).
    public var topsPerW: Double?
    /// Average throughput of the 32 kb macro over the trial's MACs, GOPS (nil for ideal).
    public var gops: Double?

    public init(accuracy: Double, baselineAccuracy: Double, status: TrainingStatus, forwardMACRMS: Double,
                backwardMACRMS: Double, timingErrorEvents: Int, failingCells: Int, finalLoss: Double, steps: Int,
                clockMHz: Double? = nil, worstSlackNS: Double? = nil, conversionNS: Double? = nil,
                blockGMACs: Double? = nil, adcClipRate: Double? = nil, energyJ: Double? = nil, topsPerW: Double? = nil,
                gops: Double? = nil)
    {
        self.energyJ = energyJ
        self.topsPerW = topsPerW
        self.gops = gops
        self.conversionNS = conversionNS
        self.blockGMACs = blockGMACs
        self.adcClipRate = adcClipRate
        self.clockMHz = clockMHz
        self.worstSlackNS = worstSlackNS
        self.accuracy = accuracy
        self.baselineAccuracy = baselineAccuracy
        self.status = status
        self.forwardMACRMS = forwardMACRMS
        self.backwardMACRMS = backwardMACRMS
        self.timingErrorEvents = timingErrorEvents
        self.failingCells = failingCells
        self.finalLoss = finalLoss
        self.steps = steps
    }
}

extension TrialResult {
    /// The result as named fields, in a fixed order: the columns of `trials.csv` and the keys of
    /// `cimpvt train --json` (results/README.md). Numbers use Swift's shortest round-trip form, so the
    /// text is identical on every machine for the same bits.
    public var fields: [(name: String, value: String)] {
        // NaN is written "nan" whatever its sign bit (a diverged trial's MAC error can be −NaN).
        func text(_ x: Double) -> String { x.isNaN ? "nan" : "\(x)" }
        return [("accuracy", "\(accuracy)"), ("baseline_accuracy", "\(baselineAccuracy)"), ("degradation_pp", "\(degradationPP)"),
         ("status", status.rawValue), ("fwd_mac_rms", text(forwardMACRMS)), ("bwd_mac_rms", text(backwardMACRMS)),
         ("timing_error_events", "\(timingErrorEvents)"), ("failing_cells", "\(failingCells)"),
         ("final_loss", text(finalLoss)), ("steps", "\(steps)"),
         ("clock_mhz", clockMHz.map { "\($0)" } ?? ""), ("worst_slack_ns", worstSlackNS.map { "\($0)" } ?? ""),
         ("conversion_ns", conversionNS.map { "\($0)" } ?? ""), ("block_gmacs", blockGMACs.map { "\($0)" } ?? ""),
         ("adc_clip_rate", adcClipRate.map { "\($0)" } ?? ""), ("energy_j", energyJ.map { "\($0)" } ?? ""),
         ("tops_per_w", topsPerW.map { "\($0)" } ?? ""), ("gops", gops.map { "\($0)" } ?? "")]
    }

    /// The field names of ``fields``.
    public static let fieldNames = ["accuracy", "baseline_accuracy", "degradation_pp", "status", "fwd_mac_rms", "bwd_mac_rms",
                                    "timing_error_events", "failing_cells", "final_loss", "steps", "clock_mhz", "worst_slack_ns",
                                    "conversion_ns", "block_gmacs", "adc_clip_rate", "energy_j", "tops_per_w", "gops"]

    /// Reads a result back from its field values (in ``fieldNames`` order); nil if any is malformed.
    public init?(fieldValues v: [Substring]) {
        guard v.count == Self.fieldNames.count, let acc = Double(v[0]), let base = Double(v[1]),
              let status = TrainingStatus(rawValue: String(v[3])), let f = Double(v[4]), let b = Double(v[5]),
              let t = Int(v[6]), let c = Int(v[7]), let loss = Double(v[8]), let steps = Int(v[9]) else { return nil }
        // clock and slack: both empty (analog, ideal) or both finite numbers (digital)
        let clock = v[10].isEmpty ? nil : Double(v[10]), slack = v[11].isEmpty ? nil : Double(v[11])
        guard (clock == nil) == v[10].isEmpty, (slack == nil) == v[11].isEmpty, (clock == nil) == (slack == nil),
              clock.map({ $0.isFinite && $0 > 0 }) ?? true, slack?.isFinite ?? true else { return nil }
        // conversion time, throughput and clip rate: all empty (digital, ideal) or all numbers (analog)
        let analog = v[12...14].map { $0.isEmpty ? nil : Double($0) }
        guard analog.allSatisfy({ $0 == nil }) && v[12...14].allSatisfy(\.isEmpty)
                || analog.allSatisfy({ $0 != nil && $0!.isFinite && $0! >= 0 }),
              analog[2].map({ $0 <= 1 }) ?? true, analog[0].map({ $0 > 0 }) ?? true else { return nil }
        // energy, efficiency, throughput: all empty (ideal) or all finite numbers ≥ 0
        let cost = v[15...17].map { $0.isEmpty ? nil : Double($0) }
        guard cost.allSatisfy({ $0 == nil }) && v[15...17].allSatisfy(\.isEmpty)
                || cost.allSatisfy({ $0 != nil && $0!.isFinite && $0! >= 0 }) else { return nil }
        self.init(accuracy: acc, baselineAccuracy: base, status: status, forwardMACRMS: f, backwardMACRMS: b,
                  timingErrorEvents: t, failingCells: c, finalLoss: loss, steps: steps, clockMHz: clock, worstSlackNS: slack,
                  conversionNS: analog[0], blockGMACs: analog[1], adcClipRate: analog[2], energyJ: cost[0], topsPerW: cost[1],
                  gops: cost[2])
    }
}
