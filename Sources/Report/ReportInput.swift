import Analysis

/// Everything a report shows, gathered from a complete results folder.
public struct ReportInput: Sendable {
    public var sweepName: String
    public var sweepFile: String
    public var seed: UInt64
    public var version: String
    public var specHash: String
    public var started: String
    public var trials: Int
    /// Sum of the trials' wall times (s) and the number of hosts that ran them.
    public var cpuSeconds: Double
    public var hosts: Int
    /// From the run's start to its last trial (s), when known.
    public var wallSeconds: Double?
    public var summary: SweepSummary
    public var bitcell: [BitcellCornerYield]
    /// What ran, as header rows (``RunSetup``); empty when not known.
    public var setup: [(String, String)] = []

    public init(sweepName: String, sweepFile: String, seed: UInt64, version: String, specHash: String, started: String,
                trials: Int, cpuSeconds: Double, hosts: Int, wallSeconds: Double? = nil, summary: SweepSummary,
                bitcell: [BitcellCornerYield])
    {
        self.sweepName = sweepName; self.sweepFile = sweepFile; self.seed = seed; self.version = version
        self.specHash = specHash; self.started = started; self.trials = trials; self.cpuSeconds = cpuSeconds
        self.hosts = hosts; self.wallSeconds = wallSeconds; self.summary = summary; self.bitcell = bitcell
    }
}
