/// What counts as a passing die and how sure the yield statement is (MODELS §8).
public struct YieldCriterion: Sendable, Hashable, Codable {
    /// A die passes when its degradation is at most this many percentage points (default 1.0).
    public var maxDegradationPP = 1.0
    /// Two-sided confidence of the yield interval (default 0.95).
    public var confidence = 0.95
    /// Interval method (default Wilson score).
    public var interval: BinomialInterval.Method = .wilson
    /// FP32 runs with other data orders that measure the training-noise floor (`noise_runs`, default
    /// 8; 0 = none; ``TrainingNoise``).
    public var noiseRuns = 8
    /// Judge a die against the training-noise band instead of `max_degradation_pp` (`relative_to_noise`):
    /// it fails when its degradation lies above the band's upper edge.
    public var relativeToNoise = false
    /// The threshold in use when ``relativeToNoise``: the band's upper edge, pp (set by the aggregator).
    public var noiseThresholdPP: Double?

    public init() {}

    /// The degradation above which a die fails, pp.
    public var thresholdPP: Double { relativeToNoise ? noiseThresholdPP ?? maxDegradationPP : maxDegradationPP }

    /// True when a trial with this degradation passes. A diverged trial is judged by its measured
    /// accuracy like any other.
    public func passes(degradationPP: Double) -> Bool { degradationPP <= thresholdPP }
}
