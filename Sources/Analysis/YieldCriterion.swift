/// What counts as a passing die and how sure the yield statement is (MODELS §8).
public struct YieldCriterion: Sendable, Hashable, Codable {
    /// A die passes when its degradation is at most this many percentage points (default 1.0).
    public var maxDegradationPP = 1.0
    /// Two-sided confidence of the yield interval (default 0.95).
    public var confidence = 0.95
    /// Interval method (default Wilson score).
    public var interval: BinomialInterval.Method = .wilson

    public init() {}

    /// True when a trial with this degradation passes. A diverged trial is judged by its measured
    /// accuracy like any other.
    public func passes(degradationPP: Double) -> Bool { degradationPP <= maxDegradationPP }
}
