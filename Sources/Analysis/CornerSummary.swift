import Variation

/// One (macro, corner) cell of a sweep: the spread of accuracy over its dies and its yield.
public struct CornerSummary: Sendable {
    public let macro: String
    public let kind: String
    public let corner: Corner
    /// Dies (trials) in the cell.
    public let count: Int
    /// Test accuracy over dies, in [0, 1].
    public let accuracy: SampleStatistics
    /// Degradation over dies, percentage points.
    public let degradation: SampleStatistics
    /// Share of dies with degradation ≤ spec, with its interval.
    public let yield: BinomialInterval
    /// Trials that ended as diverged.
    public let diverged: Int
    /// Mean relative RMS MAC error, forward and backward.
    public let forwardMACRMS: Double
    public let backwardMACRMS: Double
    /// The digital macro's clock over the dies, MHz: mean and slowest (nil for analog and ideal).
    public let clockMHzMean: Double?
    public let clockMHzMin: Double?
    /// The smallest path slack of any die, ns (nil for analog and ideal).
    public let worstSlackNS: Double?
    /// Dies without a timing-error event.
    public let timingCleanDies: Int
    /// The analog macro's slowest conversion over the dies, ns, and its mean ADC clip rate (nil for
    /// digital and ideal).
    public let conversionNSMax: Double?
    public let adcClipRateMean: Double?
    /// Means over the dies of the trial energy (J), efficiency (TOPS/W) and throughput (GOPS) (nil for ideal).
    public let energyJMean: Double?
    public let topsPerWMean: Double?
    public let gopsMean: Double?

    public init(_ trials: [TrialOutcome], criterion: YieldCriterion) {
        precondition(!trials.isEmpty, "a corner summary needs trials")
        macro = trials[0].macro
        kind = trials[0].kind
        corner = trials[0].corner
        count = trials.count
        accuracy = SampleStatistics(trials.map(\.accuracy))
        degradation = SampleStatistics(trials.map(\.degradationPP))
        let pass = trials.filter { criterion.passes(degradationPP: $0.degradationPP) }.count
        yield = BinomialInterval(successes: pass, trials: trials.count, confidence: criterion.confidence, method: criterion.interval)
        diverged = trials.filter(\.diverged).count
        forwardMACRMS = trials.map(\.forwardMACRMS).reduce(0, +) / Double(trials.count)
        backwardMACRMS = trials.map(\.backwardMACRMS).reduce(0, +) / Double(trials.count)
        let clocks = trials.compactMap(\.clockMHz)
        clockMHzMean = clocks.isEmpty ? nil : clocks.reduce(0, +) / Double(clocks.count)
        clockMHzMin = clocks.min()
        worstSlackNS = trials.compactMap(\.worstSlackNS).min()
        timingCleanDies = trials.filter { $0.timingErrorEvents == 0 }.count
        conversionNSMax = trials.compactMap(\.conversionNS).max()
        let clips = trials.compactMap(\.adcClipRate)
        adcClipRateMean = clips.isEmpty ? nil : clips.reduce(0, +) / Double(clips.count)
        func mean(_ v: [Double]) -> Double? { v.isEmpty ? nil : v.reduce(0, +) / Double(v.count) }
        energyJMean = mean(trials.compactMap(\.energyJ))
        topsPerWMean = mean(trials.compactMap(\.topsPerW))
        gopsMean = mean(trials.compactMap(\.gops))
    }
}
