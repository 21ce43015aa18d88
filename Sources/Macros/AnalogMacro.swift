import Variation

/// One layer on a current-domain transpose SRAM CIM macro: the prior-work style the seed paper argues
/// against (MODELS §4, §6; docs/analog-macro.md).
///
/// Weights are signed INT with a per-column symmetric scale, stored one bit per 6T cell in the chosen
/// encoding (``AnalogWeightEncoding``). Inputs are quantised digitally with a per-vector max-abs scale
/// and applied bit-serially: as unsigned `input_bits`-bit integers when no operand of the call is
/// negative (pixels, ReLU outputs), else as sign-magnitude in two passes, the positive part's
/// magnitudes then the negative part's, whose codes the back end subtracts (δ in the transposed read).
/// Every conversion's error comes from the sampled devices: each cell's read current from its own
/// pass-gate and pull-down draws at the die's corner, VDD and temperature; each ADC's offset from its
/// comparator input pair or its calibration residual (``ADCOffsetMode``); the read noise from the
/// run-time stream (``BitlineReadNoise``).
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
    /// The die's integration and conversion time and the block throughput.
    public let speed: AnalogConversionTime
    let array: SRAMArray
    var forwardPath: AnalogReadPath
    var transposedPath: AnalogReadPath
    let runtime: RandomStream
    /// Refinement bits of the read noise for the rare conversions 8 bits do not decide (``ADCReadNoise``).
    let refine: RandomStream
    /// Stored bits, one per cell: index (r · cellsPerWeight + bit) · outputs + j (row r of W, stored bit
    /// `bit`, column j).
    private(set) var bits: [UInt8]
    /// Per-column weight scale.
    private(set) var weightScale: [Float]
    /// Cells per weight in the encoding.
    let cellsPerWeight: Int
    /// The energy model, and the macro's leakage power on this die at its operating point, µW.
    let energy: AnalogEnergyModel
    let leakageUW: Double
    let vdd: Double

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
        speed = AnalogConversionTime(config: config, die: die, at: op, card: card)
        energy = AnalogEnergyModel(config: config, card: card)
        leakageUW = energy.leakageUW(die: die, at: op)
        vdd = op.vdd
        let b = config.weightEncoding.cellsPerWeight(bits: config.weightBits)
        cellsPerWeight = b
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
        let wb = config.weightBits, cpw = cellsPerWeight, m = wb - 1
        let limit = Float((1 << (wb - 1)) - 1)
        var scale = [Float](repeating: 0, count: outputs)
        for r in 0..<inputs { for j in 0..<outputs {
            let w = weights[r * outputs + j]
            guard w.isFinite else { throw MacroError.nonFiniteValue(w) }
            scale[j] = max(scale[j], abs(w))
        } }
        for j in 0..<outputs { scale[j] /= limit }
        let old = keepsOldBit.map { bits[$0] }
        let encoding = config.weightEncoding
        var pattern = [Int32](repeating: 0, count: outputs)
        bits.withUnsafeMutableBufferPointer { bp in
            weights.withUnsafeBufferPointer { w in
                pattern.withUnsafeMutableBufferPointer { p in
                    for r in 0..<inputs {
                        for j in 0..<outputs {
                            let s = scale[j]
                            p[j] = s > 0 ? Int32(min(max((w[r * outputs + j] / s).rounded(.toNearestOrEven), -limit), limit)) : 0
                        }
                        let base = bp.baseAddress! + r * cpw * outputs
                        switch encoding {
                        case .twosComplement:
                            for bit in 0..<wb {
                                let row = base + bit * outputs
                                for j in 0..<outputs { row[j] = UInt8(truncatingIfNeeded: (p[j] &>> Int32(bit)) & 1) }
                            }
                        case .signMagnitude:
                            for bit in 0..<m {
                                let row = base + bit * outputs
                                for j in 0..<outputs { row[j] = UInt8(truncatingIfNeeded: (abs(p[j]) &>> Int32(bit)) & 1) }
                            }
                            let sign = base + m * outputs
                            for j in 0..<outputs { sign[j] = p[j] < 0 ? 1 : 0 }
                        case .differential:
                            for bit in 0..<m {
                                let positive = base + bit * outputs, negative = base + (m + bit) * outputs
                                for j in 0..<outputs {
                                    let v = UInt8(truncatingIfNeeded: (abs(p[j]) &>> Int32(bit)) & 1)
                                    positive[j] = p[j] > 0 ? v : 0
                                    negative[j] = p[j] < 0 ? v : 0
                                }
                            }
                        }
                    }
                }
            }
        }
        for (c, v) in zip(keepsOldBit, old) { bits[c] = v }
        counters.energyFJ += Double(bits.count) * energy.writeFJPerBit(vdd: vdd)
        weightScale = scale
        reload()
    }

    /// Quantises each row of `x` (rows × cols, times `columnScale` per column) with its own max-abs
    /// scale: to unsigned `inputBits` integers when no value of the call is negative, else to signed
    /// integers of `inputBits − 1` magnitude bits. Returns the input passes (``AnalogReadPath/evaluate``):
    /// one unsigned pass, or the positive part's and the negative part's magnitudes.
    func quantiseRows(_ x: UnsafePointer<Float>, rows: Int, cols: Int, columnScale: [Float]?)
        throws -> (passes: [(x: [Float], bits: Int, sign: Float)], scale: [Float])
    {
        var scaled = [Float](repeating: 0, count: rows * cols)
        var negative = false
        let factor = columnScale ?? [Float](repeating: 1, count: cols)
        var badIndex: Int?
        scaled.withUnsafeMutableBufferPointer { dst in
            factor.withUnsafeBufferPointer { f in
                var nonFinite: UInt32 = 0  // exponent all ones: ±∞ or NaN (branch-free, vectorisable)
                var anyNegative: UInt32 = 0
                for r in 0..<rows {
                    for c in 0..<cols {
                        let v = x[r * cols + c] * f[c]
                        dst[r * cols + c] = v
                        nonFinite |= (v.bitPattern & 0x7F80_0000) == 0x7F80_0000 ? 1 : 0
                        anyNegative |= v < 0 ? 1 : 0
                    }
                }
                if nonFinite != 0 { badIndex = (0..<(rows * cols)).first { !dst[$0].isFinite } }
                negative = anyNegative != 0
            }
        }
        if let i = badIndex { throw MacroError.nonFiniteValue(x[i]) }
        let bx = config.inputBits
        let limit = Float(negative ? (1 << (bx - 1)) - 1 : (1 << bx) - 1)
        var scales = [Float](repeating: 0, count: rows)
        var positive = [Float](repeating: 0, count: rows * cols)
        var negativePart = [Float](repeating: 0, count: negative ? rows * cols : 0)
        scaled.withUnsafeBufferPointer { src in
            positive.withUnsafeMutableBufferPointer { pos in
                negativePart.withUnsafeMutableBufferPointer { neg in
                    for r in 0..<rows {
                        let row = src.baseAddress! + r * cols, p = pos.baseAddress! + r * cols
                        var mx: Float = 0
                        for c in 0..<cols { mx = max(mx, abs(row[c])) }
                        let s = mx / limit
                        scales[r] = s
                        guard s > 0 else { continue }
                        if !negative {
                            for c in 0..<cols { p[c] = min((row[c] / s).rounded(.toNearestOrEven), limit) }
                            continue
                        }
                        let n = neg.baseAddress! + r * cols
                        for c in 0..<cols {
                            let q = min(max((row[c] / s).rounded(.toNearestOrEven), -limit), limit)
                            p[c] = max(q, 0)
                            n[c] = max(-q, 0)
                        }
                    }
                }
            }
        }
        if !negative { return ([(positive, bx, 1)], scales) }
        return ([(positive, bx - 1, 1), (negativePart, bx - 1, -1)], scales)
    }

    public func forward(_ x: UnsafePointer<Float>, batch: Int, into y: UnsafeMutablePointer<Float>) throws {
        let (passes, sx) = try quantiseRows(x, rows: batch, cols: inputs, columnScale: nil)
        var acc = [Float](repeating: 0, count: batch * outputs)
        count(forwardPath.evaluate(passes: passes, batch: batch, runtime: runtime, refine: refine, into: &acc), macs: batch * inputs * outputs)
        for b in 0..<batch { for j in 0..<outputs { y[b * outputs + j] = sx[b] * weightScale[j] * acc[b * outputs + j] } }
    }

    public func backward(_ delta: UnsafePointer<Float>, batch: Int, into g: UnsafeMutablePointer<Float>) throws {
        // Each column's weight scale is folded into δ before δ is quantised (done digitally).
        if !transposedPathIsCurrent {
            transposedPath.load(presentedBits)
            transposedPathIsCurrent = true
        }
        let (passes, sd) = try quantiseRows(delta, rows: batch, cols: outputs, columnScale: weightScale)
        var acc = [Float](repeating: 0, count: batch * inputs)
        count(transposedPath.evaluate(passes: passes, batch: batch, runtime: runtime, refine: refine, into: &acc), macs: batch * inputs * outputs)
        for b in 0..<batch { for r in 0..<inputs { g[b * inputs + r] = sd[b] * acc[b * inputs + r] } }
    }

    /// Books one read's conversions, and its energy and busy time (``AnalogEnergyModel``): every
    /// conversion's ADC, shift-add and calibration overhead, the bitline charge of the actual swing,
    /// the word-line pulses, and leakage over the time the 32 kb macro's 512 column ADCs take for them.
    private func count(_ c: AnalogReadPath.Conversions, macs: Int) {
        counters.macEvaluations += c.count
        counters.adcConversions += c.count
        counters.adcClips += c.clipped
        let busy = Double(c.count) / AnalogEnergyModel.columns * speed.conversionNS
        counters.macs += macs
        counters.busyNS += busy
        counters.energyFJ += Double(c.count) * energy.conversionFJ(vdd: vdd)
            + energy.bitlineFJ(swingVolts: c.swingLSB * config.lsbVolts, vdd: vdd)
            + Double(c.wordLinePulses) * energy.wordLineFJ(vdd: vdd) + busy * leakageUW
    }

    /// Share of conversions so far whose noiseless code fell outside the ADC range (0 before any).
    public var adcClipRate: Double {
        counters.adcConversions > 0 ? Double(counters.adcClips) / Double(counters.adcConversions) : 0
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

    /// σ of the read noise of this macro's conversions (``BitlineReadNoise``), LSB.
    public var readNoiseSigmaLSB: Double { forwardPath.noiseSigmaLSB }

    /// ADC codes (before clipping) of bitline values `v` (LSB) with read noise of σ `sigmaLSB`, drawn
    /// exactly as a conversion draws it (``ADCReadNoise``), with zero offsets.
    public static func noisyCodes(_ v: [Float], sigmaLSB: Double, bulk: RandomStream, refine: RandomStream) -> [Float] {
        var out = v
        let zeros = [Float](repeating: 0, count: v.count)
        let noise = ADCReadNoise(sigmaLSB: sigmaLSB)
        out.withUnsafeMutableBufferPointer { o in
            noise.convert(o.baseAddress!, rows: 1, cols: v.count, offsets: zeros, bulk: bulk, refine: refine)
        }
        return out
    }

    /// Every comparator offset of the forward read, LSB (for tests: one per ADC, chunk-major).
    public var forwardOffsetsLSB: [Float] { forwardPath.offsetLSB }

    /// Negates every comparator offset of both reads (for tests of the model's
    /// symmetry: its error must not depend on the offsets' signs).
    public func negateOffsets() {
        forwardPath.negateOffsets()
        transposedPath.negateOffsets()
    }
}
