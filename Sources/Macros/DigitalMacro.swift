import BLAS
import CAlign
import CDMBP
import Variation

/// One layer on the transpose digital 6T-SRAM CIM macro of ISSCC 2025 paper 14.5.
///
/// Geometry: a macro instance holds a 64 × 64 tile of B-bit weights (two blocks of 64×64 cells × 4
/// bits; INT8/BF16 mantissas split into MSB and LSB nibbles across the blocks). A layer larger than one
/// tile is tiled over instances; instance (g, c) holds rows 64g… and columns 64c… of W and has its own
/// device draws (its own MAC timing paths and its own cells), all on the same die.
///
/// Arithmetic (docs/digital-macro.md): inputs and weights are rounded to the format and pre-aligned in
/// groups of 64 along the reduction dimension (``PreAlignment``); each group's integer sum is exact
/// (accurate mode, computed with OpenBLAS sgemm, exact because every partial sum stays below 2^24) or
/// the DMBP approximation (``DMBP``); sums are scaled by the two quanta and accumulated over groups in
/// FP32, in group order.
///
/// Transpose (cyclic weight mapping): the backward product δ·Wᵀ reads the same cells through the same
/// MAC instance, so it shares that instance's timing paths. Each column's weight quantum is folded into
/// δ (an exponent add, exact for power-of-two quanta) before δ is aligned in groups of 64 along the
/// columns.
///
/// PVT: an output bit of an instance's adder tree whose path is slower than the clock is wrong when
/// sensitised (probability `p_sensitize` per evaluation): it takes a random value from the run-time
/// stream. Hold-failing cells hold a fixed value; write-failing cells keep the old bit on every write.
public final class DigitalMacro: CIMMacro {
    public let inputs: Int
    public let outputs: Int
    public let config: DigitalMacroConfig
    public internal(set) var counters = MacroCounters()
    /// Timing of each instance, indexed [g * columnTiles + c].
    public private(set) var timing: [TimingPaths]
    let arrays: [SRAMArray]
    let runtime: RandomStream
    let align: PreAlignment
    let groups: Int
    let columnTiles: Int
    static let tile = 64

    /// Failing adder-tree output bits per instance, and per forward output column of each group.
    private(set) var instanceFailing: [UInt16] = []
    private(set) var forwardFailing: [[UInt16]] = []

    /// Stored mantissas (inputs × outputs), as the cells hold them.
    private(set) var stored: [Int32]
    /// Weight quanta, groups × outputs.
    private(set) var weightQuanta: [Float]
    private var forwardPlanes: [MantissaPlanes] = []
    private var backwardPlanes: [MantissaPlanes] = []
    /// Working arrays of ``forward`` and ``backward`` (mantissas, quanta, sums), kept between calls:
    /// a conv layer's are megabytes, and arrays that large allocated per call page-fault on every call.
    /// A call takes its arrays out and puts them back; contents are not kept (each call writes before
    /// it reads, or zeroes).
    private var workArrays = [[Float]](repeating: [], count: 7)

    /// Work array `slot` with at least `count` elements.
    private func takeWork(_ slot: Int, count: Int) -> [Float] {
        var a = workArrays[slot]
        workArrays[slot] = []
        if a.count < count { a = [Float](repeating: 0, count: count) }
        return a
    }

    private func putWork(_ slot: Int, _ a: [Float]) { workArrays[slot] = a }

    /// Nonzero stored mantissas per row of each forward and transposed block (the energy model's activity).
    private var forwardRowNonzeros: [[Int32]] = []
    private var backwardRowNonzeros: [[Int32]] = []
    /// The energy model, and the macro's leakage power on this die at its operating point, µW.
    let energy: DigitalEnergyModel
    let leakageUW: Double
    let vdd: Double

    /// Builds the instances of an `inputs × outputs` layer on `die` at `op`. Silicon draws (timing
    /// stages, then cells, instance by instance) come from `silicon`; run-time draws from `runtime`.
    public init(inputs: Int, outputs: Int, config: DigitalMacroConfig, die: Die, at op: OperatingPoint,
                card: TechnologyCard, silicon: RandomStream, runtime: RandomStream)
    {
        precondition(config.validationProblem() == nil, "invalid digital macro config")
        self.inputs = inputs
        self.outputs = outputs
        self.config = config
        self.runtime = runtime
        energy = DigitalEnergyModel(card: card)
        leakageUW = energy.leakageUW(die: die, at: op)
        vdd = op.vdd
        align = PreAlignment(format: config.format, mantissaBits: config.bits, alignment: config.alignment)
        groups = (inputs + Self.tile - 1) / Self.tile
        columnTiles = (outputs + Self.tile - 1) / Self.tile
        var t = [TimingPaths](), a = [SRAMArray]()
        for _ in 0..<(groups * columnTiles) {
            t.append(TimingPaths(die: die, at: op, card: card, policy: config.clock, stream: silicon,
                                 mismatchScale: config.mismatchScale, mode: config.mode))
            a.append(SRAMArray(count: Self.tile * Self.tile * config.bits, die: die, at: op, card: card,
                               stream: silicon, mismatchScale: config.mismatchScale))
        }
        if case .binned = config.clock {  // one bin for the macro: its slowest instance's
            let period = t.map(\.clockNS).max()!
            t = t.map { $0.reclocked(periodNS: period) }
        }
        timing = t
        arrays = a
        stored = [Int32](repeating: 0, count: inputs * outputs)
        weightQuanta = [Float](repeating: 0, count: groups * outputs)
        counters.failingCells = a.reduce(0) { $0 + $1.failingCellCount(includeRead: false) }
        updateFailingPaths()
        applyStuckCells()
        rebuildPlanes()
    }

    /// The clock period every instance runs at, ns.
    public var clockNS: Double { timing[0].clockNS }

    /// The smallest slack of any path of any instance, ns (negative: a path fails).
    public var worstSlackNS: Double { timing.map(\.worstSlackNS).min()! }

    /// Runs every instance at another clock period (ns): a die-wide speed bin (``MacroChoice``) or a
    /// frequency of a shmoo. The cells and their contents are unchanged.
    public func reclock(periodNS: Double) {
        timing = timing.map { $0.reclocked(periodNS: periodNS) }
        let before = planeLayouts
        updateFailingPaths()
        if planeLayouts != before { rebuildPlanes() }
    }

    private func updateFailingPaths() {
        let failing = timing.map(\.failingBits)
        let tiles = columnTiles
        instanceFailing = failing
        forwardFailing = (0..<groups).map { g in (0..<outputs).map { failing[g * tiles + $0 / Self.tile] } }
    }

    func instance(group g: Int, column j: Int) -> Int { g * columnTiles + j / Self.tile }

    /// Index of the cell holding bit `b` of W[r][j] within its instance.
    func cellIndex(row r: Int, column j: Int, bit b: Int) -> Int {
        ((r % Self.tile) * Self.tile + j % Self.tile) * config.bits + b
    }

    private func applyStuckCells() {
        let bits = config.bits
        for r in 0..<inputs { for j in 0..<outputs {
            let arr = arrays[instance(group: r / Self.tile, column: j)]
            guard !arr.holdStuck.isEmpty else { continue }
            var pattern = config.encoding.pattern(of: stored[r * outputs + j], bits: bits)
            for b in 0..<bits { if let v = arr.holdStuck[cellIndex(row: r, column: j, bit: b)] {
                pattern = v ? pattern | (1 << b) : pattern & ~(1 << b)
            } }
            stored[r * outputs + j] = config.encoding.value(of: pattern, bits: bits)
        } }
    }

    public func write(weights: [Float]) throws {
        guard weights.count == inputs * outputs else {
            throw MacroError.shapeMismatch("weights have \(weights.count) values, the layer holds \(inputs)×\(outputs)")
        }
        var mant = [Float](repeating: 0, count: weights.count)
        try weights.withUnsafeBufferPointer { w in
            try mant.withUnsafeMutableBufferPointer { m in
                try weightQuanta.withUnsafeMutableBufferPointer { q in
                    try align.align(w.baseAddress!, rows: inputs, cols: outputs, alongRows: true,
                                    mantissas: m.baseAddress!, quanta: q.baseAddress!)
                }
            }
        }
        let bits = config.bits, encoding = config.encoding
        let faulty = arrays.map { !$0.writeFailing.isEmpty || !$0.holdStuck.isEmpty }
        for r in 0..<inputs { for j in 0..<outputs {
            let i = r * outputs + j
            var pattern = encoding.pattern(of: Int32(mant[i]), bits: bits)
            let a = instance(group: r / Self.tile, column: j)
            if faulty[a] {
                let arr = arrays[a]
                let old = encoding.pattern(of: stored[i], bits: bits)
                for b in 0..<bits {
                    let c = cellIndex(row: r, column: j, bit: b)
                    if let v = arr.holdStuck[c] {
                        pattern = v ? pattern | (1 << b) : pattern & ~(1 << b)
                    } else if arr.writeFailing.contains(c) {
                        pattern = (pattern & ~(1 << b)) | (old & (1 << b))
                    }
                }
            }
            stored[i] = encoding.value(of: pattern, bits: bits)
        } }
        counters.energyFJ += Double(inputs * outputs * bits) * energy.writeFJPerBit(vdd: vdd)
        rebuildPlanes()
    }

    /// The plane layouts this macro's MAC reads (see ``MantissaPlanes/Layouts``).
    var planeLayouts: MantissaPlanes.Layouts {
        let timingErrors = instanceFailing.contains { $0 != 0 }
        switch config.mode {
        case .accurate: return timingErrors ? [.full, .nibble] : .full
        case .approximate: return timingErrors ? [.combined, .stacked] : .combined
        }
    }

    private func rebuildPlanes() {
        let t = Self.tile, n = outputs, layouts = planeLayouts
        // Nonzero mantissas per stored row (forward blocks) and per column within each 64-row group
        // (the transposed blocks' rows), in one pass.
        var rowCount = [Int32](repeating: 0, count: inputs), columnCount = [Int32](repeating: 0, count: groups * n)
        stored.withUnsafeBufferPointer { w in
            rowCount.withUnsafeMutableBufferPointer { rc in
                columnCount.withUnsafeMutableBufferPointer { cc in
                    for r in 0..<inputs {
                        let row = w.baseAddress! + r * n, col = cc.baseAddress! + (r / t) * n
                        var count: Int32 = 0
                        for j in 0..<n {
                            let nz: Int32 = row[j] != 0 ? 1 : 0
                            count &+= nz
                            col[j] &+= nz
                        }
                        rc[r] = count
                    }
                }
            }
        }
        forwardRowNonzeros = (0..<groups).map { g in Array(rowCount[(g * t)..<min(inputs, g * t + t)]) }
        backwardRowNonzeros = (0..<groups).flatMap { g in
            (0..<columnTiles).map { c in Array(columnCount[(g * n + c * t)..<(g * n + min(n, c * t + t))]) }
        }
        forwardPlanes = (0..<groups).map { g in
            let r0 = g * t, k = min(inputs, r0 + t) - r0
            return MantissaPlanes.build(k: k, n: n, mantissaBits: config.bits, values: Array(stored[(r0 * n)..<((r0 + k) * n)]),
                                        layouts: layouts, encoding: config.encoding, bias: config.bias)
        }
        backwardPlanes = (0..<groups).flatMap { g in
            (0..<columnTiles).map { c in
                let r0 = g * t, rows = min(inputs, r0 + t) - r0
                let c0 = c * t, cols = min(outputs, c0 + t) - c0
                // The transposed block: row j, column r holds W[r0 + r][c0 + j].
                var block = [Int32](repeating: 0, count: cols * rows)
                stored.withUnsafeBufferPointer { w in
                    for j in 0..<cols { for r in 0..<rows { block[j * rows + r] = w[(r0 + r) * n + c0 + j] } }
                }
                return MantissaPlanes.build(k: cols, n: rows, mantissaBits: config.bits, values: block, layouts: layouts,
                                            encoding: config.encoding, bias: config.bias)
            }
        }
    }

    public func forward(_ x: UnsafePointer<Float>, batch: Int, into y: UnsafeMutablePointer<Float>) throws {
        let t = Self.tile
        var xm = takeWork(0, count: batch * inputs), qx = takeWork(1, count: batch * groups)
        try align.align(x, rows: batch, cols: inputs, alongRows: false, mantissas: &xm, quanta: &qx)
        y.update(repeating: 0, count: batch * outputs)
        var s = takeWork(2, count: batch * outputs)
        defer { putWork(0, xm); putWork(1, qx); putWork(2, s) }
        let wq = weightQuanta  // a local copy: no exclusivity check per element in the loop below
        for g in 0..<groups {
            let r0 = g * t
            xm.withUnsafeBufferPointer { xp in
                groupSums(a: xp.baseAddress! + r0, lda: inputs, batch: batch, planes: forwardPlanes[g],
                          failing: forwardFailing[g], into: &s)
                recordMACWork(a: xp.baseAddress! + r0, lda: inputs, batch: batch, n: outputs, rowNonzeros: forwardRowNonzeros[g])
            }
            // y += (q_x · q_w) · s per input row (rows with q_x = 0 unchanged).
            s.withUnsafeBufferPointer { sp in
                qx.withUnsafeBufferPointer { qp in
                    wq.withUnsafeBufferPointer { wp in
                        cimpvt_align_scale_rows(y, outputs, sp.baseAddress!, outputs, qp.baseAddress! + g, groups,
                                                wp.baseAddress! + g * outputs, batch, outputs, 1)
                    }
                }
            }
        }
    }

    public func backward(_ delta: UnsafePointer<Float>, batch: Int, into out: UnsafeMutablePointer<Float>) throws {
        let t = Self.tile
        var scaled = takeWork(3, count: batch * outputs), dm = takeWork(4, count: batch * outputs)
        var qd = takeWork(5, count: batch * columnTiles), s = takeWork(6, count: batch * t)
        defer { putWork(3, scaled); putWork(4, dm); putWork(5, qd); putWork(6, s) }
        let wq = weightQuanta
        for g in 0..<groups {
            let r0 = g * t, rows = min(inputs, r0 + t) - r0
            scaled.withUnsafeMutableBufferPointer { sp in
                wq.withUnsafeBufferPointer { wp in
                    let w = wp.baseAddress! + g * outputs
                    for b in 0..<batch {
                        let dst = sp.baseAddress! + b * outputs, src = delta + b * outputs
                        for j in 0..<outputs { dst[j] = src[j] * w[j] }
                    }
                }
            }
            try align.align(scaled, rows: batch, cols: outputs, alongRows: false, mantissas: &dm, quanta: &qd)
            for c in 0..<columnTiles {
                let c0 = c * t
                let failing = [UInt16](repeating: instanceFailing[g * columnTiles + c], count: rows)
                dm.withUnsafeBufferPointer { dp in
                    groupSums(a: dp.baseAddress! + c0, lda: outputs, batch: batch, planes: backwardPlanes[g * columnTiles + c],
                              failing: failing, into: &s)
                    recordMACWork(a: dp.baseAddress! + c0, lda: outputs, batch: batch, n: rows,
                                  rowNonzeros: backwardRowNonzeros[g * columnTiles + c])
                }
                // The first column tile writes the group's rows of `out` (0 + x: the bits of adding onto
                // a zeroed output, without a pass that zeroes it), later tiles add.
                s.withUnsafeBufferPointer { sp in
                    qd.withUnsafeBufferPointer { qp in
                        cimpvt_align_scale_rows(out + r0, inputs, sp.baseAddress!, rows, qp.baseAddress! + c, columnTiles, nil,
                                                batch, rows, c == 0 ? 0 : 1)
                    }
                }
            }
        }
    }

    /// The integer (or DMBP-approximate) sums of one group: s (batch × N) = A (batch × K, row stride
    /// `lda`) · planes, with timing errors on output columns whose `failing` mask is non-zero.
    ///
    /// Order of operations (the engine's definition, shared with ``DMBP/groupSum(x:w:mantissaBits:withBias:)``):
    /// the shift-added adder-tree sums form an exact integer; the bias unit's terms are then added in
    /// nibble-pair order. Timing errors corrupt each pair's 14-bit tree output, before the bias.
    func groupSums(a: UnsafePointer<Float>, lda: Int, batch: Int, planes: MantissaPlanes, failing: [UInt16],
                   into s: inout [Float])
    {
        let k = planes.k, n = planes.n
        let count = planes.nibbleCount
        let anyFailing = failing.contains { $0 != 0 }
        let approx = config.mode == .approximate
        counters.macEvaluations += batch * n * count * count
        if !approx && !anyFailing {
            s.withUnsafeMutableBufferPointer { sp in
                sgemm(m: batch, n: n, k: k, a: a, lda: lda, b: planes.full, ldb: n, c: sp.baseAddress!, ldc: n)
            }
            return
        }
        // The paths below accumulate into s: it starts at zero (the caller's array is reused).
        s.withUnsafeMutableBufferPointer { $0.baseAddress!.update(repeating: 0, count: batch * n) }
        if config.encoding == .signMagnitude {
            signMagnitudeSums(a: a, lda: lda, batch: batch, planes: planes, failing: failing, anyFailing: anyFailing, into: &s)
            return
        }
        // Raw input nibbles, flat: nibble p of input (b, i) at p·batch·k + b·k + i. In the approximate
        // path without timing errors, the same pass builds the GEMM's left operand
        // [x, −Σ c_p x_p0, −2 Σ c_p x_p1, −4 Σ c_p x_p2] (see below). Integer mantissas are read from
        // their float form with the 1.5·2^23 bit trick (exact for |m| < 2^22, branch-free).
        let plane = batch * k
        var rawA = [UInt8](repeating: 0, count: count * plane)
        let fused = approx && !anyFailing
        let width = 4 * k
        var an = [Float](repeating: 0, count: fused ? batch * width : 0)
        rawA.withUnsafeMutableBufferPointer { rp in
            an.withUnsafeMutableBufferPointer { ap in
                for b in 0..<batch {
                    let src = a + b * lda
                    for i in 0..<k {
                        let m = Int32(bitPattern: (src[i] + 12_582_912).bitPattern) &- 0x4B40_0000
                        let hi = (m &>> 4) & 15, lo = m & 15
                        if count == 1 { rp[b * k + i] = UInt8(truncatingIfNeeded: lo) } else {
                            rp[b * k + i] = UInt8(truncatingIfNeeded: hi)
                            rp[plane + b * k + i] = UInt8(truncatingIfNeeded: lo)
                        }
                        if fused {
                            // Σ_p c_p · bit_j(nibble p): c = 16 for the MSB nibble when there are two.
                            let top = count == 1 ? lo : hi, low = count == 1 ? 0 : lo
                            let shift: Int32 = count == 1 ? 0 : 4
                            let d0 = ((top & 1) << shift) + (low & 1)
                            let d1 = (((top >> 1) & 1) << shift) + ((low >> 1) & 1)
                            let d2 = (((top >> 2) & 1) << shift) + ((low >> 2) & 1)
                            let row = ap.baseAddress! + b * width
                            row[i] = src[i]
                            row[k + i] = -Float(d0)
                            row[2 * k + i] = -2 * Float(d1)
                            row[3 * k + i] = -4 * Float(d2)
                        }
                    }
                }
            }
        }
        let scale = { (p: Int, q: Int) -> Int in 1 << (4 * ((count - 1 - p) + (count - 1 - q))) }
        if fused {
            // Approximate, no timing errors: the broken-array products of all nibble pairs are bilinear
            // in the bit planes, so Σ_pq c_p c_q (x_p·w_q − dropped) is one GEMM with K' = 4K:
            // [x, −Σ c_p x_p0, −2 Σ c_p x_p1, −4 Σ c_p x_p2] · [w; Σ c_q (w_q & 7); Σ c_q (w_q & 3); Σ c_q (w_q & 1)].
            s.withUnsafeMutableBufferPointer { sp in
                sgemm(m: batch, n: n, k: width, a: an, lda: width, b: planes.combined, ldb: n, c: sp.baseAddress!, ldc: n)
            }
            for p in 0..<count { for q in 0..<count {
                addLOAError(&s, scale: Float(scale(p, q)), rawA: rawA, offset: p * plane, batch: batch, k: k, n: n,
                            masks: planes.bit3Mask[q][count == 1 || p == 0 ? 1 : 0])
            } }
        } else {
            // Timing errors: every pair's tree output separately, corrupted, then shift-added.
            for i in 0..<(batch * n) { s[i] = 0 }
            let width = approx ? 4 * k : k
            var an = [Float](repeating: 0, count: batch * width)
            var t = [Float](repeating: 0, count: batch * n)
            for p in 0..<count {
                let signedA = count == 1 || p == 0
                for b in 0..<batch { for i in 0..<k {
                    let bits = Int(rawA[p * plane + b * k + i])
                    an[b * width + i] = Float(signedA && bits >= 8 ? bits - 16 : bits)
                    if approx {
                        an[b * width + k + i] = -Float(bits & 1)
                        an[b * width + 2 * k + i] = -2 * Float((bits >> 1) & 1)
                        an[b * width + 3 * k + i] = -4 * Float((bits >> 2) & 1)
                    }
                } }
                for q in 0..<count {
                    t.withUnsafeMutableBufferPointer { tp in
                        sgemm(m: batch, n: n, k: width, a: an, lda: width, b: approx ? planes.stacked[q] : planes.nibble[q],
                              ldb: n, c: tp.baseAddress!, ldc: n)
                    }
                    if approx {
                        addLOAError(&t, scale: 1, rawA: rawA, offset: p * plane, batch: batch, k: k, n: n,
                                    masks: planes.bit3Mask[q][signedA ? 1 : 0])
                    }
                    corruptTimingBits(&t, batch: batch, n: n, failing: failing)
                    let c = Float(scale(p, q))
                    for i in 0..<(batch * n) { s[i] += c * t[i] }
                }
            }
        }
        if approx && config.bias {
            // Per input row, the bias of each nibble pair (c_pq · bias), added pair by pair in order.
            var biases = [Float](repeating: 0, count: count * count)
            s.withUnsafeMutableBufferPointer { sp in
                for b in 0..<batch {
                    for p in 0..<count {
                        rawA.withUnsafeBufferPointer { ap in
                            let row = UnsafeBufferPointer(rebasing: ap[(p * plane + b * k)..<(p * plane + b * k + k)])
                            for q in 0..<count {
                                biases[p * count + q] = Float(scale(p, q))
                                    * DMBP.bias(raw: row, inputSigned: count == 1 || p == 0, weightSigned: count == 1 || q == 0)
                            }
                        }
                    }
                    let out = sp.baseAddress! + b * n
                    for bias in biases { for j in 0..<n { out[j] += bias } }
                }
            }
        }
    }

    /// ``groupSums(a:lda:batch:planes:failing:into:)`` for sign-magnitude cells and multipliers
    /// (``DMBPSignMagnitude``), in the approximate mode or with timing errors.
    ///
    /// The exact product X is one sgemm on the full mantissas. Without timing errors, the
    /// approximation's error with the dropped-product compensation folded in is one GEMM of K' = 3K in
    /// quarter units (every partial sum a multiple of 1/8 below 2^21, so exact):
    /// [−Σ_p c_p s a_p0, −2 Σ_p c_p s a_p1, −4 Σ_p c_p s a_p2] · `combined`, plus the lower-part-OR
    /// errors (integer counts). With timing errors, every pair's tree output is computed, corrupted and
    /// shift-added into S4, the error is S4 − 4X and the compensation follows as its own GEMM. The bias
    /// unit's LOA term E/32 is subtracted from the error, and the result is X + error/4.
    private func signMagnitudeSums(a: UnsafePointer<Float>, lda: Int, batch: Int, planes: MantissaPlanes, failing: [UInt16],
                                   anyFailing: Bool, into s: inout [Float])
    {
        let k = planes.k, n = planes.n, count = planes.nibbleCount
        let approx = config.mode == .approximate, bias = approx && config.bias
        let plane = batch * k, bn = batch * n
        // The multiplier's input nibbles of 2|x| (nibble p of input (b, i) at p·plane + b·k + i) and signs.
        var rawA = [UInt8](repeating: 0, count: count * plane)
        var sign = [Float](repeating: 1, count: plane)
        rawA.withUnsafeMutableBufferPointer { rp in
            sign.withUnsafeMutableBufferPointer { sp in
                let raw = rp.baseAddress!, sg = sp.baseAddress!
                for b in 0..<batch {
                    let src = a + b * lda
                    for i in 0..<k {
                        let m = Int32(bitPattern: (src[i] + 12_582_912).bitPattern) &- 0x4B40_0000
                        let justified = 2 &* (m < 0 ? 0 &- m : m)
                        sg[b * k + i] = m < 0 ? -1 : 1
                        if count == 1 { raw[b * k + i] = UInt8(truncatingIfNeeded: justified) } else {
                            raw[b * k + i] = UInt8(truncatingIfNeeded: justified &>> 4)
                            raw[plane + b * k + i] = UInt8(truncatingIfNeeded: justified & 15)
                        }
                    }
                }
            }
        }
        let scale = { (p: Int, q: Int) -> Int in 1 << (4 * ((count - 1 - p) + (count - 1 - q))) }
        /// [f·Σ_p c_p s bit0, 2f·Σ_p c_p s bit1, 4f·Σ_p c_p s bit2] for every input: the left operand of
        /// the dropped-product GEMMs (3K wide).
        func bitPlanes(factor f: Float) -> [Float] {
            let width = 3 * k
            var left = [Float](repeating: 0, count: batch * width)
            left.withUnsafeMutableBufferPointer { lp in
                rawA.withUnsafeBufferPointer { rp in
                    sign.withUnsafeBufferPointer { sp in
                        let out = lp.baseAddress!, raw = rp.baseAddress!, sg = sp.baseAddress!
                        for b in 0..<batch { for i in 0..<k {
                            // Σ_p c_p · bit t of nibble p: the nibbles' bit t placed at 4·(count − 1 − p).
                            let hi = Int32(raw[b * k + i]), lo = count == 1 ? 0 : Int32(raw[plane + b * k + i])
                            let top: Int32 = count == 1 ? 0 : 4
                            let v0 = ((hi & 1) << top) | (lo & 1)
                            let v1 = (((hi >> 1) & 1) << top) | ((lo >> 1) & 1)
                            let v2 = (((hi >> 2) & 1) << top) | ((lo >> 2) & 1)
                            let g = f * sg[b * k + i]
                            out[b * width + i] = g * Float(count == 1 ? hi & 1 : v0)
                            out[b * width + k + i] = 2 * g * Float(count == 1 ? (hi >> 1) & 1 : v1)
                            out[b * width + 2 * k + i] = 4 * g * Float(count == 1 ? (hi >> 2) & 1 : v2)
                        } }
                    }
                }
            }
            return left
        }
        var exact = [Float](repeating: 0, count: bn)
        var error = [Float](repeating: 0, count: bn)
        // The bias unit's LOA estimate, Σ_pq c_pq Σ_pairs P·P in 1/256, gathered with the LOA counts.
        var expected = [Int32](repeating: 0, count: bias ? bn : 0)
        if approx {
            exact.withUnsafeMutableBufferPointer { ep in
                sgemm(m: batch, n: n, k: k, a: a, lda: lda, b: planes.full, ldb: n, c: ep.baseAddress!, ldc: n)
            }
        }
        if approx && !anyFailing {
            let left = bitPlanes(factor: -1)
            error.withUnsafeMutableBufferPointer { ep in
                sgemm(m: batch, n: n, k: 3 * k, a: left, lda: 3 * k, b: planes.combined, ldb: n, c: ep.baseAddress!, ldc: n)
            }
            for p in 0..<count { for q in 0..<count {
                addLOAError(&error, scale: Float(scale(p, q)), rawA: rawA, offset: p * plane, batch: batch, k: k, n: n,
                            masks: planes.bit3Mask[q][0], sixteenths: bias ? planes.bit3Sixteenths[q] : nil,
                            expected: &expected, expectedScale: Int32(scale(p, q)))
            } }
        } else {
            // Every pair's tree output (quarter units), corrupted, shift-added into S4.
            var quarters = [Float](repeating: 0, count: bn)
            let width = approx ? 4 * k : k
            var an = [Float](repeating: 0, count: batch * width)
            var t = [Float](repeating: 0, count: bn)
            for p in 0..<count {
                for b in 0..<batch { for i in 0..<k {
                    let bits = rawA[p * plane + b * k + i], sg = sign[b * k + i]
                    an[b * width + i] = sg * Float(bits)
                    if approx {
                        an[b * width + k + i] = -sg * Float(bits & 1)
                        an[b * width + 2 * k + i] = -2 * sg * Float((bits >> 1) & 1)
                        an[b * width + 3 * k + i] = -4 * sg * Float((bits >> 2) & 1)
                    }
                } }
                for q in 0..<count {
                    t.withUnsafeMutableBufferPointer { tp in
                        sgemm(m: batch, n: n, k: width, a: an, lda: width, b: approx ? planes.stacked[q] : planes.nibble[q],
                              ldb: n, c: tp.baseAddress!, ldc: n)
                    }
                    if approx {
                        addLOAError(&t, scale: 1, rawA: rawA, offset: p * plane, batch: batch, k: k, n: n, masks: planes.bit3Mask[q][0],
                                    sixteenths: bias ? planes.bit3Sixteenths[q] : nil, expected: &expected,
                                    expectedScale: Int32(scale(p, q)))
                    }
                    corruptTimingBits(&t, batch: batch, n: n, failing: failing)
                    let c = Float(scale(p, q))
                    for i in 0..<bn { quarters[i] += c * t[i] }
                }
            }
            guard approx else {
                for i in 0..<bn { s[i] = quarters[i] / 4 }
                return
            }
            for i in 0..<bn { error[i] = quarters[i] - 4 * exact[i] }
            if bias {
                let left = bitPlanes(factor: 1)
                t.withUnsafeMutableBufferPointer { tp in
                    sgemm(m: batch, n: n, k: 3 * k, a: left, lda: 3 * k, b: planes.compensation, ldb: n, c: tp.baseAddress!, ldc: n)
                }
                for i in 0..<bn { error[i] += t[i] }
            }
        }
        s.withUnsafeMutableBufferPointer { sp in
            exact.withUnsafeBufferPointer { xp in
                error.withUnsafeMutableBufferPointer { ep in
                    expected.withUnsafeBufferPointer { lp in
                        for i in 0..<bn {
                            if bias { ep[i] -= Float(lp[i]) / 32 }
                            sp[i] = xp[i] + ep[i] / 4
                        }
                    }
                }
            }
        }
    }

    /// Adds `scale` × the first-stage lower-part-OR error, 8 × #{neighbour pairs (2k, 2k+1) whose
    /// approximate products both have bit 3 set}, to the sums `t` (batch × n); `masks` is a
    /// ``MantissaPlanes/bit3Mask`` pair of byte planes. With `sixteenths` (16 × n), also adds
    /// `expectedScale` × Σ_pairs P(a_2k)·P(a_2k+1) (P in sixteenths) to `expected` (batch × n): the bias
    /// unit's estimate of that error, in 1/256. One pass over the pairs (`cimpvt_dmbp_loa_pairs`).
    func addLOAError(_ t: inout [Float], scale: Float, rawA: [UInt8], offset: Int, batch: Int, k: Int, n: Int, masks: [UInt8],
                     sixteenths: [UInt16]? = nil, expected: inout [Int32], expectedScale: Int32 = 0)
    {
        t.withUnsafeMutableBufferPointer { tp in
            rawA.withUnsafeBufferPointer { ap in
                masks.withUnsafeBufferPointer { mp in
                    expected.withUnsafeMutableBufferPointer { ep in
                        if let sixteenths {
                            sixteenths.withUnsafeBufferPointer { sp in
                                cimpvt_dmbp_loa_pairs(tp.baseAddress!, ep.baseAddress!, ap.baseAddress! + offset, batch, k, n,
                                                      mp.baseAddress!, sp.baseAddress!, 8 * scale, expectedScale)
                            }
                        } else {
                            cimpvt_dmbp_loa_pairs(tp.baseAddress!, nil, ap.baseAddress! + offset, batch, k, n, mp.baseAddress!, nil,
                                                  8 * scale, 0)
                        }
                    }
                }
            }
        }
    }

    /// ``addLOAError(_:scale:rawA:offset:batch:k:n:masks:sixteenths:expected:expectedScale:)`` without the bias unit's term.
    func addLOAError(_ t: inout [Float], scale: Float, rawA: [UInt8], offset: Int, batch: Int, k: Int, n: Int, masks: [UInt8]) {
        var none = [Int32]()
        addLOAError(&t, scale: scale, rawA: rawA, offset: offset, batch: batch, k: k, n: n, masks: masks, expected: &none)
    }

    /// Replaces each failing output bit of the 14-bit tree results, when sensitised, by a random bit.
    func corruptTimingBits(_ t: inout [Float], batch: Int, n: Int, failing: [UInt16]) {
        let p = config.pSensitize
        // The adder tree's output: an integer in 14-bit two's complement (the bias comes after); with
        // sign-magnitude multipliers (unsigned 8-bit products, then the sign) the tree is 15 bits wide and
        // its top bit, the last adder's carry-out, shares the path of bit 13.
        let width = config.encoding == .signMagnitude ? 15 : 14
        let wordMask = (1 << width) - 1, top = 1 << (width - 1)
        for b in 0..<batch { for j in 0..<n where failing[j] != 0 {
            var word = Int(t[b * n + j]) & wordMask
            var mask = UInt32(failing[j])
            if width == 15 && mask & (1 << 13) != 0 { mask |= 1 << 14 }
            while mask != 0 {
                let bit = mask.trailingZeroBitCount
                mask &= mask - 1
                if runtime.uniform01() < p {
                    counters.timingErrorEvents += 1
                    word = runtime.bernoulli(0.5) ? word | (1 << bit) : word & ~(1 << bit)
                }
            }
            let signed = word >= top ? word - (1 << width) : word
            t[b * n + j] = Float(signed)
        } }
    }
}
