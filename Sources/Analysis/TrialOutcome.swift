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
    /// Adder-tree bits sensitised on a path slower than the clock (digital; 0 otherwise).
    public var timingErrorEvents: Int
    /// The digital macro's clock, MHz, and its smallest path slack, ns (nil for analog and ideal).
    public var clockMHz: Double?
    public var worstSlackNS: Double?
    /// The analog macro's conversion time, ns, and ADC clip rate in [0, 1] (nil for digital and ideal).
    public var conversionNS: Double?
    public var adcClipRate: Double?
    /// The trial's energy on the macro, J; its efficiency, TOPS/W; the macro's throughput, GOPS (nil for ideal).
    public var energyJ: Double?
    public var topsPerW: Double?
    public var gops: Double?

    public init(macro: String, kind: String, corner: Corner, die: Int, accuracy: Double, degradationPP: Double,
                diverged: Bool, forwardMACRMS: Double, backwardMACRMS: Double, timingErrorEvents: Int = 0,
                clockMHz: Double? = nil, worstSlackNS: Double? = nil, conversionNS: Double? = nil, adcClipRate: Double? = nil,
                energyJ: Double? = nil, topsPerW: Double? = nil, gops: Double? = nil)
    {
        self.energyJ = energyJ
        self.topsPerW = topsPerW
        self.gops = gops
        self.conversionNS = conversionNS
        self.adcClipRate = adcClipRate
        self.timingErrorEvents = timingErrorEvents
        self.clockMHz = clockMHz
        self.worstSlackNS = worstSlackNS
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
