/// A macro's energy and speed at one operating point: what `cimpvt energy` prints.
public struct MacroEnergyPoint: Sendable, Hashable {
    /// Dynamic and leakage energy per MAC, fJ.
    public let dynamicFJPerMAC: Double
    public let leakageFJPerMAC: Double
    /// MACs per second of the 32 kb macro.
    public let macsPerSecond: Double

    /// Energy per operation (a MAC is two: one multiply, one add), pJ.
    public var pjPerOp: Double { (dynamicFJPerMAC + leakageFJPerMAC) / 2e3 }
    /// Operations per joule in TOPS/W (1 op/fJ = 1000 TOPS/W).
    public var topsPerW: Double { 2e3 / (dynamicFJPerMAC + leakageFJPerMAC) }
    /// Throughput, GOPS.
    public var gops: Double { 2 * macsPerSecond / 1e9 }
    /// Leakage's share of the energy.
    public var leakageShare: Double { leakageFJPerMAC / (dynamicFJPerMAC + leakageFJPerMAC) }
    /// Power, mW.
    public var powerMW: Double { (dynamicFJPerMAC + leakageFJPerMAC) * macsPerSecond * 1e-12 }
}
