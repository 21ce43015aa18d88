/// How the digital macro's clock period is set at a supply voltage (MODELS §5 (a), docs/digital-macro.md, "Clock").
public enum ClockPolicy: Sendable, Hashable, Codable {
    /// Statistical signoff (`signoff`, the default): T_clk(VDD) = (1 + margin) · the delay of the
    /// critical path (output bit 13) that a die of the SS corner exceeds with probability
    /// 1 − yield^(1/14), at the slower of `tMinC` and `tMaxC`, with local mismatch and the die-to-die
    /// residual (``PathDelayDistribution``): every one of a MAC's 14 paths then passes with macro
    /// timing yield ≥ `yield` (Šidák over the paths, conservative because they share the residual
    /// and the others are shorter). `margin` covers jitter, IR drop and aging.
    case signoff(yield: Double = 0.999, margin: Double = 0.05, tMinC: Double = -40, tMaxC: Double = 125)
    /// The older rule (`signoff-nominal`): (1 + margin) · the SS critical path without any mismatch
    /// or residual, at the slower signoff temperature. Kept for comparison: it is optimistic.
    case signoffNominal(margin: Double = 0.05, tMinC: Double = -40, tMaxC: Double = 125)
    /// Speed binning (`binned`): each die is tested at `testTemperatureC` and its operating VDD, and runs
    /// at the fastest frequency of `ladderMHz` (ascending) whose period is at least the guard-banded
    /// slowest path there; a die slower than every bin runs at the slowest bin. It then operates at the
    /// corner's temperature without re-binning (the partner of the analog `die` calibration). The guard
    /// band: `guardBand` when given (a fixed fraction: what a test at one temperature without temperature
    /// coverage does); nil (the default) = 1.05 × the temperature guard band at that VDD, the largest
    /// ratio over the process corners of the critical path's delay at `tMinC` or `tMaxC` to its delay
    /// at the test temperature (how product engineers cover the operating range from a room-temperature test).
    case binned(ladderMHz: [Double] = ClockPolicy.defaultLadderMHz, guardBand: Double? = nil, testTemperatureC: Double = 27,
                tMinC: Double = -40, tMaxC: Double = 125)
    /// One clock for every VDD (`nominal`): the TT / nominal VDD / nominal T critical path plus margin.
    case nominal(margin: Double = 0.05)
    /// A user-set frequency (`fixed`), MHz.
    case fixed(frequencyMHz: Double)

    /// The default speed-bin ladder: 25 MHz steps from 25 to 2000 MHz.
    public static let defaultLadderMHz: [Double] = (1...80).map { Double($0) * 25 }

    /// Names in files and flags.
    public static let names = ["signoff", "signoff-nominal", "binned", "nominal", "fixed"]

    /// The name in files and flags.
    public var name: String {
        switch self {
        case .signoff: "signoff"
        case .signoffNominal: "signoff-nominal"
        case .binned: "binned"
        case .nominal: "nominal"
        case .fixed: "fixed"
        }
    }

    /// A problem with the policy's parameters: (key, message naming the allowed range), or nil.
    public var validationProblem: (key: String, message: String)? {
        switch self {
        case .signoff(let y, let m, let lo, let hi):
            if !(y > 0 && y < 1) { return ("signoff_yield", "\(y) is out of range; allowed (0, 1)") }
            if !(m >= 0 && m <= 10) { return ("signoff_margin", "\(m) is out of range; allowed [0, 10]") }
            if !(lo <= hi) { return ("signoff_temperatures", "\(lo) > \(hi)") }
        case .signoffNominal(let m, let lo, let hi):
            if !(m >= 0 && m <= 10) { return ("signoff_margin", "\(m) is out of range; allowed [0, 10]") }
            if !(lo <= hi) { return ("signoff_temperatures", "\(lo) > \(hi)") }
        case .nominal(let m):
            if !(m >= 0 && m <= 10) { return ("signoff_margin", "\(m) is out of range; allowed [0, 10]") }
        case .binned(let ladder, let g, _, _, _):
            if ladder.isEmpty { return ("bin_ladder_mhz", "is empty; give at least one frequency in (0, 10000] MHz") }
            if let bad = ladder.first(where: { !($0 > 0 && $0 <= 10_000) }) {
                return ("bin_ladder_mhz", "\(bad) is out of range; allowed (0, 10000] MHz")
            }
            if zip(ladder, ladder.dropFirst()).contains(where: { $0 >= $1 }) {
                return ("bin_ladder_mhz", "must be strictly ascending")
            }
            if let g, !(g >= 0 && g <= 10) { return ("bin_guard_band", "\(g) is out of range; allowed [0, 10]") }
        case .fixed(let f):
            if !(f > 0 && f <= 10_000) { return ("frequency_mhz", "\(f) is out of range; allowed (0, 10000] MHz") }
        }
        return nil
    }
}
