import Foundation
import Variation

/// The clock period each ``ClockPolicy`` gives at a supply voltage (MODELS §5 (a), docs/digital-macro.md, "Clock").
///
/// Statistical signoff computes a ``PathDelayDistribution`` per signoff temperature (≈ 0.1–0.3 s each);
/// periods are cached per (card, policy, VDD, mismatch scale) for the life of the process, so a sweep
/// pays for each VDD once.
public enum SignoffClock {
    private static let cache = PeriodCache()

    private final class PeriodCache: @unchecked Sendable {
        private let lock = NSLock()
        private var periods: [Key: Double] = [:]
        func withLock<R>(_ body: (inout [Key: Double]) -> R) -> R {
            lock.lock()
            defer { lock.unlock() }
            return body(&periods)
        }
    }

    private struct Key: Hashable {
        let card: TechnologyCard, policy: ClockPolicy, vdd: Double, mismatchScale: Double, mode: MACMode
    }

    /// The per-path exceedance probability of `signoff` for a macro timing yield: 1 − yield^(1/paths)
    /// (14 paths in the accurate mode: 7.146e-5 for 0.999, i.e. the path's 3.80σ point were it Gaussian;
    /// 11 in the approximate mode).
    public static func pathFailureProbability(macroYield: Double, mode: MACMode = .accurate) -> Double {
        -expm1(log(macroYield) / Double(TimingPaths.pathCount(mode: mode)))
    }

    /// Stages of the critical path (output bit 13) in `mode`.
    static func criticalDepth(_ mode: MACMode) -> Int { TimingPaths.depth(bit: TimingPaths.outputBits - 1, mode: mode) }

    /// The period of a die-independent policy at `vdd`, ns (`binned` is per die: see ``binnedPeriodNS``).
    public static func periodNS(policy: ClockPolicy, vdd: Double, card: TechnologyCard, mismatchScale: Double = 1,
                                mode: MACMode = .accurate) -> Double
    {
        let key = Key(card: card, policy: policy, vdd: vdd, mismatchScale: mismatchScale, mode: mode)
        if let p = cache.withLock({ $0[key] }) { return p }
        let p = computePeriodNS(policy: policy, vdd: vdd, card: card, mismatchScale: mismatchScale, mode: mode)
        cache.withLock { $0[key] = p }
        return p
    }

    /// The critical path's signoff delay (before margin) at one temperature, ns: the SS-die delay
    /// exceeded with the per-path probability of `macroYield`.
    public static func statisticalCriticalPathNS(macroYield: Double, vdd: Double, temperatureC: Double, card: TechnologyCard,
                                                 mismatchScale: Double = 1, mode: MACMode = .accurate) -> Double
    {
        let dist = PathDelayDistribution(depth: criticalDepth(mode), process: .SS,
                                         at: OperatingPoint(vdd: vdd, temperatureC: temperatureC), card: card,
                                         mismatchScale: mismatchScale)
        return dist.quantile(exceedance: pathFailureProbability(macroYield: macroYield, mode: mode))
    }

    /// The SS critical path without mismatch or residual at one temperature, ns.
    public static func nominalCriticalPathNS(process: ProcessCorner = .SS, vdd: Double, temperatureC: Double,
                                             card: TechnologyCard, mode: MACMode = .accurate) -> Double
    {
        let physics = DevicePhysics(card: card)
        return TimingPaths.pathDelay(depth: criticalDepth(mode), physics: physics,
                                     die: Die(process: process, index: 0),
                                     at: OperatingPoint(vdd: vdd, temperatureC: temperatureC)) * TimingPaths.nsPerUnit(physics)
    }

    static func computePeriodNS(policy: ClockPolicy, vdd: Double, card: TechnologyCard, mismatchScale: Double, mode: MACMode) -> Double {
        switch policy {
        case .signoff(let y, let margin, let lo, let hi):
            let worst = [lo, hi].map {
                statisticalCriticalPathNS(macroYield: y, vdd: vdd, temperatureC: $0, card: card, mismatchScale: mismatchScale, mode: mode)
            }.max()!
            return (1 + margin) * worst
        case .signoffNominal(let margin, let lo, let hi):
            return (1 + margin) * [lo, hi].map { nominalCriticalPathNS(vdd: vdd, temperatureC: $0, card: card, mode: mode) }.max()!
        case .nominal(let margin):
            // The mode's critical path at TT / nominal VDD / 27 °C (1.0 ns in the accurate mode).
            guard mode == .approximate else { return (1 + margin) * TimingPaths.nominalCriticalPathNS }
            let op = OperatingPoint.nominal(card)
            return (1 + margin) * nominalCriticalPathNS(process: .TT, vdd: op.vdd, temperatureC: op.temperatureC, card: card, mode: mode)
        case .fixed(let f):
            return 1000 / f
        case .binned:
            preconditionFailure("binned clocks are per die: use binnedPeriodNS")
        }
    }

    /// The guard-band factor of a `binned` policy at `vdd`: 1 + guard band when it is given, else
    /// 1.05 × the temperature guard band: the largest ratio, over the five process corners, of the
    /// mismatch-free critical path's delay at either end of the temperature range to its delay at the
    /// test temperature (never below 1.05). A tester at one temperature must cover every part it bins.
    public static func binGuardFactor(policy: ClockPolicy, vdd: Double, card: TechnologyCard, mode: MACMode = .accurate) -> Double {
        guard case .binned(_, let guardBand, let test, let lo, let hi) = policy else { preconditionFailure("not a binned policy") }
        if let guardBand { return 1 + guardBand }
        let ratio = ProcessCorner.allCases.map { p in
            let atTest = nominalCriticalPathNS(process: p, vdd: vdd, temperatureC: test, card: card, mode: mode)
            return [lo, hi].map { nominalCriticalPathNS(process: p, vdd: vdd, temperatureC: $0, card: card, mode: mode) / atTest }.max()!
        }.max()!
        return 1.05 * max(1, ratio)
    }

    /// The period of the bin a die falls into, ns: the fastest ladder frequency f with
    /// 1000/f ≥ guard factor · `slowestTestPathNS`, or the slowest bin if none passes.
    public static func binnedPeriodNS(policy: ClockPolicy, slowestTestPathNS: Double, vdd: Double, card: TechnologyCard,
                                      mode: MACMode = .accurate) -> Double
    {
        guard case .binned(let ladder, _, _, _, _) = policy else { preconditionFailure("not a binned policy") }
        let need = binGuardFactor(policy: policy, vdd: vdd, card: card, mode: mode) * slowestTestPathNS
        let f = ladder.last(where: { 1000 / $0 >= need }) ?? ladder[0]
        return 1000 / f
    }
}
