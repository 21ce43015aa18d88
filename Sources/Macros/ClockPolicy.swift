/// How the digital macro's clock period is set at a supply voltage (MODELS §5 (a)).
public enum ClockPolicy: Sendable, Hashable, Codable {
    /// T_clk(VDD) = (1 + margin) · critical-path delay at SS, at the slower end of the signoff
    /// temperature range, at that VDD, without local mismatch: what a real design signs off.
    case signoff(margin: Double = 0.05, tMinC: Double = -40, tMaxC: Double = 125)
    /// One clock for every VDD: the TT / nominal VDD / nominal T critical path plus margin.
    case nominal(margin: Double = 0.05)
    /// A user-set frequency, MHz.
    case fixed(frequencyMHz: Double)

    /// Names in files and flags.
    public var name: String {
        switch self {
        case .signoff: "signoff"
        case .nominal: "nominal"
        case .fixed: "fixed"
        }
    }
}
