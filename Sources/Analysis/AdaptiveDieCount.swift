/// Adaptive die counts (`[yield] target_half_width`, `min_dies`, `max_dies`; docs/sweeps.md, "Adaptive
/// die counts"): each (macro, corner) cell starts with `min_dies` dies and grows in rounds until its
/// yield interval's half-width is at most the target or it holds `max_dies` dies.
///
/// The rule for one cell is a pure function of its own finished dies, so the dies a sweep ends with do
/// not depend on how many jobs, shards or resumptions computed them. With x of n dies within the
/// criterion and half-width h = (high − low)/2 of the sweep's interval (Wilson or Clopper–Pearson at
/// its confidence) above the target, the next count is the smallest m with
///
///     h(round(p̂·m), m) ≤ target,   p̂ = x/n held,
///
/// bounded to ⌈1.25·n⌉ ≤ m ≤ min(4·n, max_dies): at least a quarter more dies per round (so a cell
/// needs at most ⌈log₁.₂₅(max/min)⌉ rounds) and at most four times as many (so a p̂ read from few dies
/// cannot commit hundreds of dies at once). Stopping on the interval's width, which depends on p̂ only
/// through p̂(1 − p̂), moves the nominal coverage far less than stopping on where the interval lies.
public struct AdaptiveDieCount: Sendable, Hashable, Codable {
    /// Stop a cell once its yield interval's half-width is at most this (0 < target < 0.5).
    public var targetHalfWidth: Double
    /// Dies every cell starts with (≥ 1), and the most any cell gets (≥ `minDies`).
    public var minDies: Int
    public var maxDies: Int

    public static let defaultMinDies = 8
    public static let defaultMaxDies = 400
    /// Bounds on one round's growth (see the type's description).
    public static let smallestGrowth = 1.25
    public static let largestGrowth = 4

    public init(targetHalfWidth: Double, minDies: Int = defaultMinDies, maxDies: Int = defaultMaxDies) {
        precondition(targetHalfWidth > 0 && targetHalfWidth < 0.5 && minDies >= 1 && maxDies >= minDies)
        self.targetHalfWidth = targetHalfWidth
        self.minDies = minDies
        self.maxDies = maxDies
    }

    /// Half the width of the interval of x passing of n.
    public static func halfWidth(passing x: Int, of n: Int, criterion: YieldCriterion) -> Double {
        let i = BinomialInterval(successes: x, trials: n, confidence: criterion.confidence, method: criterion.interval)
        return (i.high - i.low) / 2
    }

    /// The die count of the cell's next round after `x` of its first `n` dies passed, or nil when the
    /// cell is settled (half-width ≤ target, or `n` ≥ `maxDies`).
    public func nextDieCount(passing x: Int, of n: Int, criterion: YieldCriterion) -> Int? {
        precondition(n >= 1 && x >= 0 && x <= n)
        guard n < maxDies, Self.halfWidth(passing: x, of: n, criterion: criterion) > targetHalfWidth else { return nil }
        let low = min(maxDies, Int((Double(n) * Self.smallestGrowth).rounded(.up)))
        let high = min(maxDies, Self.largestGrowth * n)
        let p = Double(x) / Double(n)
        for m in low..<high {
            let xm = min(m, max(0, Int((p * Double(m)).rounded())))
            if Self.halfWidth(passing: xm, of: m, criterion: criterion) <= targetHalfWidth { return m }
        }
        return high
    }
}
