import Variation

/// One layer on a current-domain transpose SRAM CIM macro: the prior-work style the seed paper argues
/// against (MODELS §4, §6; docs/analog-macro.md).
///
/// Weights are signed INT with a per-column symmetric scale, stored one bit per 6T cell (the sign bit
/// weighted negatively). Inputs are quantised digitally with a per-vector max-abs scale to signed INT
/// and applied bit-serially. Every conversion's error comes from the sampled devices: each cell's read
/// current from its own pass-gate and pull-down draws at the die's corner, VDD and temperature; each
/// ADC's offset from its comparator input pair; kT/C noise from the run-time stream.
///
/// The transposed read (backward pass, δ·Wᵀ) reads the same stored bits through its own access
/// devices and its own ADCs, drawn independently, so its errors differ from the forward ones.
/// Stability: hold-failing cells hold a fixed bit, write-failing cells keep the old bit, and when more
/// than one row is on, read-failing cells flip (read disturb) and present the complement.
public final class AnalogMacro: CIMMacro {
    public let inputs: Int
    public let outputs: Int
    public let config: AnalogMacroConfig
    public private(set) var counters = MacroCounters()
    let array: SRAMArray
    var forwardPath: AnalogReadPath
    var transposedPath: AnalogReadPath
    let runtime: RandomStream
    /// Refinement bits of the read noise for the rare conversions 8 bits do not decide (``ADCReadNoise``).
    let refine: RandomStream
    /// Stored bits, one per cell: index (r · weightBits + bit) · outputs + j (row r of W, weight bit
    /// `bit`, column j), which is also the forward read's position order.
    private(set) var bits: [UInt8]
    /// Per-column weight scale.
    private(set) var weightScale: [Float]

    /// Builds the layer on `die` at `op`. Silicon draws, in order: the cells (forward access devices and
    /// stability), the transposed access devices, the forward ADCs, the transposed ADCs.
    public init(inputs: Int, outputs: Int, config: AnalogMacroConfig, die: Die, at op: OperatingPoint,
                card: TechnologyCard, silicon: RandomStream, runtime: RandomStream)
    {
        precondition(config.validationProblem() == nil, "invalid analog macro config")
        self.inputs = inputs
        self.outputs = outputs
        self.config = config
        self.runtime = runtime
        refine = RandomStream(seed: runtime.seed.absorbing("adc-noise-refine"))
        let b = config.weightBits
        let cells = inputs * outputs * b
        array = SRAMArray(count: cells, die: die, at: op, card: card, stream: silicon, mismatchScale: config.mismatchScale)
        let tpg = LocalMismatch.draw(.n, geometry: card.cellPassGate, count: cells, card: card, stream: silicon, scale: config.mismatchScale)
        let tpd = LocalMismatch.draw(.n, geometry: card.cellPullDown, count: cells, card: card, stream: silicon, scale: config.mismatchScale)
        let n = outputs
        forwardPath = AnalogReadPath(reduction: inputs, outputs: outputs, config: config, die: die, at: op, card: card,
                                     pg: array.passGate, pd: array.pullDown, cell: { r, j, bit in (r * b + bit) * n + j },
                                     silicon: silicon)
        transposedPath = AnalogReadPath(reduction: outputs, outputs: inputs, config: config, die: die, at: op, card: card,
                                        pg: tpg, pd: tpd, cell: { j, r, bit in (r * b + bit) * n + j }, silicon: silicon)
        bits = [UInt8](repeating: 0, count: cells)
        weightScale = [Float](repeating: 0, count: outputs)
        counters.failingCells = array.failingCellCount(includeRead: config.rowsOn > 1)
        for (c, v) in array.holdStuck { bits[c] = v ? 1 : 0 }
        keepsOldBit = Set(array.holdStuck.keys).union(array.writeFailing).sorted()
        presentsComplement = config.rowsOn > 1 ? array.readFailing.sorted() : []
        reload()
    }

    /// Cells a write cannot change: hold-failing (stuck) and write-failing cells, ascending.
    private let keepsOldBit: [Int]
    /// Cells a read presents complemented (read disturb, rows_on > 1), ascending.
    private let presentsComplement: [Int]

    /// The bits reads present: the stored bits, complemented for read-failing cells when rows_on > 1.
    private var presentedBits: [UInt8] {
        var presented = bits
        for c in presentsComplement { presented[c] ^= 1 }
        return presented
    }

    /// Loads the forward read after a write; the transposed read loads when a backward pass first
    /// needs it (training never reads the first layer backwards).
    private func reload() {
        forwardPath.load(presentedBits)
        transposedPathIsCurrent = false
    }

    private var transposedPathIsCurrent = false

    public func write(weights: [Float]) throws {
        guard weights.count == inputs * outputs else {
            throw MacroError.shapeMismatch("weights have \(weights.count) values, the layer holds \(inputs)×\(outputs)")
        }
        let b = config.weightBits
        let limit = Float((1 << (b - 1)) - 1)
        var scale = [Float](repeating: 0, count: outputs)
        for r in 0..<inputs { for j in 0..<outputs {
            let w = weights[r * outputs + j]
            guard w.isFinite else { throw MacroError.nonFiniteValue(w) }
            scale[j] = max(scale[j], abs(w))
        } }
        for j in 0..<outputs { scale[j] /= limit }
        let old = keepsOldBit.map { bits[$0] }
        var pattern = [Int32](repeating: 0, count: outputs)
        bits.withUnsafeMutableBufferPointer { bp in
            weights.withUnsafeBufferPointer { w in
                pattern.withUnsafeMutableBufferPointer { p in
                    for r in 0..<inputs {
                        for j in 0..<outputs {
                            let s = scale[j]
                            p[j] = s > 0 ? Int32(min(max((w[r * outputs + j] / s).rounded(.toNearestOrEven), -limit), limit)) : 0
                        }
                        for bit in 0..<b {
                            let row = bp.baseAddress! + (r * b + bit) * outputs
                            for j in 0..<outputs { row[j] = UInt8(truncatingIfNeeded: (p[j] &>> Int32(bit)) & 1) }
                        }
                    }
                }
            }
        }
        for (c, v) in zip(keepsOldBit, old) { bits[c] = v }
        weightScale = scale
        reload()
    }

    /// Quantises each row of `x` (rows × cols) to signed `inputBits` integers with its own max-abs scale.
    func quantiseRows(_ x: UnsafePointer<Float>, rows: Int, cols: Int, columnScale: [Float]?) throws -> (q: [Float], scale: [Float]) {
        let limit = Float((1 << (config.inputBits - 1)) - 1)
        var q = [Float](repeating: 0, count: rows * cols)
        var scales = [Float](repeating: 0, count: rows)
        let unit = [Float](repeating: 1, count: cols)
        let factor = columnScale ?? unit
        var badRow: Int?
        q.withUnsafeMutableBufferPointer { qp in
            factor.withUnsafeBufferPointer { f in
                for r in 0..<rows {
                    let src = x + r * cols, dst = qp.baseAddress! + r * cols
                    var mx: Float = 0
                    var nonFinite: UInt32 = 0  // exponent all ones: ±∞ or NaN (branch-free, vectorisable)
                    for c in 0..<cols {
                        let v = src[c] * f[c]
                        dst[c] = v
                        mx = max(mx, abs(v))
                        nonFinite |= (v.bitPattern & 0x7F80_0000) == 0x7F80_0000 ? 1 : 0
                    }
                    if nonFinite != 0 { badRow = r; return }
                    let s = mx / limit
                    scales[r] = s
                    if s > 0 {
                        for c in 0..<cols { dst[c] = min(max((dst[c] / s).rounded(.toNearestOrEven), -limit), limit) }
                    } else {
                        for c in 0..<cols { dst[c] = 0 }
                    }
                }
            }
        }
        if let r = badRow, let c = (0..<cols).first(where: { !(x[r * cols + $0] * factor[$0]).isFinite }) {
            throw MacroError.nonFiniteValue(x[r * cols + c])
        }
        return (q, scales)
    }

    public func forward(_ x: UnsafePointer<Float>, batch: Int, into y: UnsafeMutablePointer<Float>) throws {
        let (xq, sx) = try quantiseRows(x, rows: batch, cols: inputs, columnScale: nil)
        var acc = [Float](repeating: 0, count: batch * outputs)
        counters.macEvaluations += forwardPath.evaluate(xq, batch: batch, runtime: runtime, refine: refine, into: &acc)
        for b in 0..<batch { for j in 0..<outputs { y[b * outputs + j] = sx[b] * weightScale[j] * acc[b * outputs + j] } }
    }

    public func backward(_ delta: UnsafePointer<Float>, batch: Int, into g: UnsafeMutablePointer<Float>) throws {
        // Each column's weight scale is folded into δ before δ is quantised (done digitally).
        if !transposedPathIsCurrent {
            transposedPath.load(presentedBits)
            transposedPathIsCurrent = true
        }
        let (dq, sd) = try quantiseRows(delta, rows: batch, cols: outputs, columnScale: weightScale)
        var acc = [Float](repeating: 0, count: batch * inputs)
        counters.macEvaluations += transposedPath.evaluate(dq, batch: batch, runtime: runtime, refine: refine, into: &acc)
        for b in 0..<batch { for r in 0..<inputs { g[b * inputs + r] = sd[b] * acc[b * inputs + r] } }
    }

    /// The analog macro of die `dieIndex` of a corner (macro kind "analog" + `instanceKey` in the
    /// stream keys: distinct instances on one die get distinct local draws).
    public static func onDie(inputs: Int, outputs: Int, config: AnalogMacroConfig, corner: Corner, seed: UInt64,
                             dieIndex: Int, card: TechnologyCard, instanceKey: String = "") -> AnalogMacro
    {
        let s = DieStreams(seed: seed, corner: corner, dieIndex: dieIndex, card: card, kind: "analog" + instanceKey)
        return AnalogMacro(inputs: inputs, outputs: outputs, config: config, die: s.die, at: corner.operatingPoint,
                           card: card, silicon: s.silicon, runtime: s.runtime)
    }

    /// σ of the kT/C read noise at a temperature, in LSB.
    public static func readNoiseSigmaLSB(kelvin: Double, config: AnalogMacroConfig) -> Double {
        (1.380_649e-23 * kelvin / (config.bitlineFF * 1e-15)).squareRoot() / config.lsbVolts
    }

    /// ADC codes (before clipping) of bitline values `v` (LSB) with read noise at `kelvin`, drawn exactly
    /// as a conversion draws it (``ADCReadNoise``), with zero offsets.
    public static func noisyCodes(_ v: [Float], kelvin: Double, config: AnalogMacroConfig, bulk: RandomStream,
                                  refine: RandomStream) -> [Float]
    {
        var out = v
        let zeros = [Float](repeating: 0, count: v.count)
        let noise = ADCReadNoise(sigmaLSB: readNoiseSigmaLSB(kelvin: kelvin, config: config))
        out.withUnsafeMutableBufferPointer { o in
            noise.convert(o.baseAddress!, rows: 1, cols: v.count, offsets: zeros, bulk: bulk, refine: refine)
        }
        return out
    }

}
