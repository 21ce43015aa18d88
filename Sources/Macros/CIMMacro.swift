/// What a trial reports about a macro's hardware events.
public struct MacroCounters: Sendable, Hashable, Codable {
    /// Adder-tree output bits that were sensitised on a path slower than the clock.
    public var timingErrorEvents = 0
    /// Cells failing a stability margin that matters to this macro.
    public var failingCells = 0
    /// 64-row MAC evaluations (one adder-tree result each).
    public var macEvaluations = 0
    /// ADC conversions made (analog macro), and those whose noiseless code fell outside the ADC range.
    public var adcConversions = 0
    public var adcClips = 0
    /// Multiply-accumulates done on the macro (forward and transposed reads; 1 MAC = 2 operations).
    public var macs = 0
    /// Energy of the macro's work so far — MAC reads (dynamic and leakage) and weight writes — fJ
    /// (docs/energy.md).
    public var energyFJ = 0.0
    /// Time the 32 kb macro spends on the MACs, ns (the throughput's denominator).
    public var busyNS = 0.0

    public init() {}

    /// Average efficiency of the work so far, TOPS/W (nil before any).
    public var topsPerW: Double? { energyFJ > 0 ? 2e3 * Double(macs) / energyFJ : nil }
    /// Average throughput of the 32 kb macro over its MACs, GOPS (nil before any).
    public var gops: Double? { busyNS > 0 ? 2 * Double(macs) / busyNS : nil }
}

/// One layer's weight matrix held in CIM macro instances: the interface the analog and digital
/// macros share and the trainer drives.
///
/// Weights are `inputs × outputs`, row-major (W[r][j]). The forward product is y = x·W for a batch of
/// input rows; the backward product is g = δ·Wᵀ, read through the transposed path of the same array.
public protocol CIMMacro: AnyObject {
    /// Rows of W: the forward reduction dimension.
    var inputs: Int { get }
    /// Columns of W.
    var outputs: Int { get }
    /// Writes (or rewrites after an update) the weight matrix into the cells.
    func write(weights: [Float]) throws
    /// y (batch × outputs) = x (batch × inputs) · W.
    func forward(_ x: UnsafePointer<Float>, batch: Int, into y: UnsafeMutablePointer<Float>) throws
    /// g (batch × inputs) = δ (batch × outputs) · Wᵀ, through the transposed read.
    func backward(_ delta: UnsafePointer<Float>, batch: Int, into g: UnsafeMutablePointer<Float>) throws
    /// Hardware events so far.
    var counters: MacroCounters { get }
}
