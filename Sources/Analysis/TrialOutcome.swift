import Variation

/// What the aggregator needs of one finished trial.
public struct TrialOutcome: Sendable, Hashable {
    /// Macro name (from the sweep file) and kind (analog, digital, ideal).
    public var macro: String
    public var kind: String
    public var corner: Corner
    public var die: Int
    /// Test accuracy in [0, 1].
    public var accuracy: Double
    /// Degradation against the baseline, percentage points.
    public var degradationPP: Double
    public var diverged: Bool
    /// Relative RMS MAC errors (dimensionless).
    public var forwardMACRMS: Double
    public var backwardMACRMS: Double

    public init(macro: String, kind: String, corner: Corner, die: Int, accuracy: Double, degradationPP: Double,
                diverged: Bool, forwardMACRMS: Double, backwardMACRMS: Double)
    {
        self.macro = macro
        self.kind = kind
        self.corner = corner
        self.die = die
        self.accuracy = accuracy
        self.degradationPP = degradationPP
        self.diverged = diverged
        self.forwardMACRMS = forwardMACRMS
        self.backwardMACRMS = backwardMACRMS
    }
}
