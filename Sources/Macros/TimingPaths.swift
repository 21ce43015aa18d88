import Variation

/// The timing of one digital MAC instance: a path per output bit of its 14-bit adder tree.
///
/// Output bit k (0…13) has `baseDepth + k` stages (default 8 multiplier + 12 tree, plus one per bit of
/// carry). Stage s is a logic stage of type n when s is even, p when odd, with its own local (Pelgrom)
/// draw, of σ that of one `logic` device over √`logic_stage_devices` (``TechnologyCard/logicStageSigma(_:)``);
/// its delay is C·VDD/I_on from the device model at the die's corner, VDD and T. Delays are in ns: one
/// unit of C·VDD/I is scaled so that the critical path (bit 13) of a TT die at nominal VDD and
/// temperature without mismatch is 1.0 ns, the reported INT4 access time at 0.9 V.
public struct TimingPaths: Sendable {
    /// Output bits of the adder tree.
    public static let outputBits = 14
    /// Stages of bit 0's path (8 multiplier + 12 tree).
    public static let baseDepth = 20
    /// Reported access time of the critical path at TT / 0.9 V / 27 °C, ns.
    public static let nominalCriticalPathNS = 1.0

    /// Path delay of each output bit, ns (at the die's operating point).
    public let delayNS: [Double]
    /// Path delay of each output bit at the speed-binning test point (the operating VDD at the
    /// policy's test temperature), ns; nil unless the policy is `binned`.
    public let testDelayNS: [Double]?
    /// The clock period, ns.
    public let clockNS: Double

    /// Stages of output bit k in the accurate mode.
    public static func depth(bit k: Int) -> Int { baseDepth + k }

    /// Stages of output bit k in `mode`. The approximate mode's paths are the accurate ones less the
    /// stages its circuits remove (an **estimate** from the structure, docs/digital-macro.md): the
    /// broken-array multiplier has no cells in partial-product columns 0–2, so its carry-save array
    /// starts two cells later (−2: the two first-row cells of columns 1 and 2); bits 0–2 of every
    /// product are then constant 0, so no carry ever ripples through them in any tree stage (−1 per
    /// carry bit below bit 3: −min(k, 3)); bits 0–2 of the result have no path (0 stages).
    public static func depth(bit k: Int, mode: MACMode) -> Int {
        (0..<depth(bit: k)).filter { stageIsOnPath($0, bit: k, mode: mode) }.count
    }

    /// Output bits with a path in `mode` (the approximate mode's bits 0–2 are constant 0).
    public static func pathCount(mode: MACMode) -> Int { mode == .accurate ? outputBits : outputBits - 3 }

    /// Whether stage s of the accurate path of bit k is on the path in `mode` (see ``depth(bit:mode:)``).
    static func stageIsOnPath(_ s: Int, bit k: Int, mode: MACMode) -> Bool {
        guard mode == .approximate else { return true }
        if k < 3 { return false }
        return s >= 2 && !(baseDepth..<(baseDepth + 3)).contains(s)
    }

    /// Draws the stages' local variation from `stream` (bit 0's stages first, then bit 1's, …; ΔVth then
    /// Δβ per stage) and evaluates every path at `op` on `die`, with the clock of `policy` for `mode` (for
    /// `binned`, the bin of this instance alone: ``reclocked(periodNS:)`` sets a die-wide bin). The
    /// draws are those of the accurate paths whatever the mode (the modes share the silicon); the
    /// approximate mode's paths leave out the stages its circuits do not have.
    public init(die: Die, at op: OperatingPoint, card: TechnologyCard, policy: ClockPolicy, stream: RandomStream,
                mismatchScale: Double = 1, mode: MACMode = .accurate)
    {
        let physics = DevicePhysics(card: card)
        let unit = Self.nsPerUnit(physics)
        var testOp: OperatingPoint?
        if case .binned(_, _, let t, _, _) = policy { testOp = OperatingPoint(vdd: op.vdd, temperatureC: t) }
        var delays = [Double](), test = [Double]()
        let sigma = [DeviceType.n, .p].map { card.logicStageSigma($0) }
        for k in 0..<Self.outputBits {
            var d = 0.0, dt = 0.0
            for s in 0..<Self.depth(bit: k) {
                let type: DeviceType = s % 2 == 0 ? .n : .p
                let sv = sigma[s % 2]
                let local = DeviceVariation(dVth: stream.gaussian(sigma: sv.vth * mismatchScale),
                                            dBeta: stream.gaussian(sigma: sv.beta * mismatchScale))
                guard Self.stageIsOnPath(s, bit: k, mode: mode) else { continue }
                d += physics.gateDelay(type, geometry: card.logicDevice, die: die, local: local, at: op)
                if let t = testOp { dt += physics.gateDelay(type, geometry: card.logicDevice, die: die, local: local, at: t) }
            }
            delays.append(d * unit)
            if testOp != nil { test.append(dt * unit) }
        }
        delayNS = delays
        testDelayNS = testOp == nil ? nil : test
        if case .binned = policy {
            clockNS = SignoffClock.binnedPeriodNS(policy: policy, slowestTestPathNS: test.max()!, vdd: op.vdd, card: card, mode: mode)
        } else {
            clockNS = SignoffClock.periodNS(policy: policy, vdd: op.vdd, card: card, mode: mode)
        }
    }

    private init(delayNS: [Double], testDelayNS: [Double]?, clockNS: Double) {
        self.delayNS = delayNS
        self.testDelayNS = testDelayNS
        self.clockNS = clockNS
    }

    /// The same paths run at another clock period (ns).
    public func reclocked(periodNS: Double) -> TimingPaths {
        TimingPaths(delayNS: delayNS, testDelayNS: testDelayNS, clockNS: periodNS)
    }

    /// Delay of a path of `depth` stages on a die without local mismatch, in units of C·VDD/I.
    static func pathDelay(depth: Int, physics: DevicePhysics, die: Die, at op: OperatingPoint) -> Double {
        (0..<depth).reduce(0) { acc, s in
            acc + physics.gateDelay(s % 2 == 0 ? .n : .p, geometry: physics.card.logicDevice, die: die, at: op)
        }
    }

    /// ns per unit of C·VDD/I.
    static func nsPerUnit(_ physics: DevicePhysics) -> Double {
        nominalCriticalPathNS / pathDelay(depth: depth(bit: outputBits - 1), physics: physics, die: .typical,
                                          at: .nominal(physics.card))
    }

    /// The slowest path, ns.
    public var criticalDelayNS: Double { delayNS.max()! }

    /// Output bits whose path is slower than the clock, as a mask (bit k set = bit k fails).
    public var failingBits: UInt16 {
        var m: UInt16 = 0
        for (k, d) in delayNS.enumerated() where d > clockNS { m |= 1 << UInt16(k) }
        return m
    }

    /// Slack of each bit's path, ns (clock − delay; negative fails).
    public var slackNS: [Double] { delayNS.map { clockNS - $0 } }

    /// The smallest slack of any path, ns (negative: at least one path fails).
    public var worstSlackNS: Double { clockNS - criticalDelayNS }
}
