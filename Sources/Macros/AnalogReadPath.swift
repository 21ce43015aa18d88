import BLAS
import CADC
import Variation

/// One read direction of the analog array: the forward read (bitlines along weight columns, summing
/// over rows) or the transposed read (summing over columns), each with its own access devices and its
/// own ADCs (MODELS §4).
///
/// Per conversion (one input bit-plane, one weight bit, one chunk of `rows_on` rows, one ADC):
///
///     v   = Σ_on x_bit · w_bit · I_cell / I_ref + offset + n,    in LSB (one nominal cell = 1 LSB)
///     code = clamp(round-half-even(v), 0, 2^adc_bits − 1),        n ~ N(0, √(kT/C_BL) / LSB)
///
/// and the digital back end shift-adds codes as counts of nominal cells:
/// Σ_t Σ_b (±2^t)(±2^b) · code, the sign bits weighted negatively (two's complement).
struct AnalogReadPath {
    /// Rows summed per output (the reduction length) and outputs.
    let reduction: Int
    let outputs: Int
    let weightBits: Int
    let config: AnalogMacroConfig
    /// I_cell(op) / I_ref per cell, reduction × (weightBits · outputs), column = bit · outputs + output
    /// (bit-major, so the digital shift-add over weight bits runs on contiguous vectors).
    let currentRatio: [Float]
    /// Comparator offset of each ADC, LSB: chunks × (outputs · weightBits).
    let offsetLSB: [Float]
    /// σ of the kT/C read noise, LSB (0 when switched off).
    let noiseSigmaLSB: Double
    /// The conversions' noisy rounding (exact Gaussian noise, bits drawn as needed).
    let readNoise: ADCReadNoise
    /// The layer's cell index at each position (reduction index × column) of this path.
    let cellOfPosition: [Int32]
    /// True when position i is cell i (the forward read): loading is then a contiguous select.
    let positionIsCell: Bool
    /// currentRatio × effective stored bit (rebuilt on every write).
    private(set) var gain: [Float]
    /// Working memory of ``evaluate``: input bit-planes, one block of bitline values, partial sums.
    let planeBuffer = ScratchBuffer<Float>(lane: 0), blockBuffer = ScratchBuffer<Float>(lane: 1)
    let partialBuffer = ScratchBuffer<Float>(lane: 2)

    var chunks: Int { (reduction + config.rowsOn - 1) / config.rowsOn }
    var columns: Int { outputs * weightBits }

    /// Builds the path. `cell(r, o, b)` maps a (reduction index, output index, bit) to the cell
    /// index of the layer's array; `pg`/`pd` are this path's access-device draws per cell; the
    /// comparator pairs and trim residuals are drawn from `silicon` (pair ΔVth a, b per ADC, then one
    /// uniform residual per ADC).
    init(reduction: Int, outputs: Int, config: AnalogMacroConfig, die: Die, at op: OperatingPoint, card: TechnologyCard,
         pg: [DeviceVariation], pd: [DeviceVariation], cell: (Int, Int, Int) -> Int, silicon: RandomStream)
    {
        self.reduction = reduction
        self.outputs = outputs
        self.weightBits = config.weightBits
        self.config = config
        let bits = config.weightBits
        let physics = DevicePhysics(card: card)
        let nominalPG = physics.onCurrent(.n, geometry: card.cellPassGate, die: .typical, at: .nominal(card))
        let nominalPD = physics.onCurrent(.n, geometry: card.cellPullDown, die: .typical, at: .nominal(card))
        let iNominal = 1 / (1 / nominalPG + 1 / nominalPD)
        let trimPoint = OperatingPoint(vdd: op.vdd, temperatureC: card.tNominalC)
        func cellCurrent(_ c: Int, _ at: OperatingPoint) -> Double {
            let ipg = physics.onCurrent(.n, geometry: card.cellPassGate, die: die, local: pg[c], at: at)
            let ipd = physics.onCurrent(.n, geometry: card.cellPullDown, die: die, local: pd[c], at: at)
            return 1 / (1 / ipg + 1 / ipd)
        }
        let cols = outputs * bits
        let rowsOn = config.rowsOn
        let chunkCount = (reduction + rowsOn - 1) / rowsOn
        var ratio = [Float](repeating: 0, count: reduction * cols)
        var current = [Double](repeating: 0, count: reduction * cols)
        var map = [Int32](repeating: 0, count: reduction * cols)
        for r in 0..<reduction { for o in 0..<outputs { for b in 0..<bits {
            let c = cell(r, o, b)
            map[r * cols + b * outputs + o] = Int32(c)
            current[r * cols + b * outputs + o] = cellCurrent(c, op)
        } } }
        cellOfPosition = map
        positionIsCell = map.indices.allSatisfy { Int(map[$0]) == $0 }
        // Reference current per ADC (chunk, column).
        for ch in 0..<chunkCount {
            let r0 = ch * rowsOn, r1 = min(reduction, r0 + rowsOn)
            for col in 0..<cols {
                let o = col % outputs, b = col / outputs
                let reference: Double
                switch config.calibration {
                case .design:
                    reference = iNominal
                case .die:
                    reference = (r0..<r1).reduce(0) { $0 + cellCurrent(cell($1, o, b), trimPoint) } / Double(r1 - r0)
                case .tracking:
                    reference = (r0..<r1).reduce(0) { $0 + current[$1 * cols + col] } / Double(r1 - r0)
                }
                for r in r0..<r1 { ratio[r * cols + col] = Float(current[r * cols + col] / reference) }
            }
        }
        currentRatio = ratio
        // Comparator offsets: input-pair mismatch (V) in LSB, or the trim residual.
        let lsb = config.lsbVolts
        let sigma = card.sigmaVthLocal(.n, card.comparatorDevice) * config.mismatchScale
        var offsets = [Float](repeating: 0, count: chunkCount * cols)
        for i in 0..<offsets.count {
            let a = silicon.gaussian(sigma: sigma), b = silicon.gaussian(sigma: sigma)
            let residual = silicon.uniform(-0.125, 0.125) * config.mismatchScale
            offsets[i] = Float(config.calibration == .design ? (a - b) / lsb : residual)
        }
        offsetLSB = offsets
        noiseSigmaLSB = config.readNoise ? AnalogMacro.readNoiseSigmaLSB(kelvin: op.temperatureK, config: config) : 0
        readNoise = ADCReadNoise(sigmaLSB: noiseSigmaLSB)
        gain = [Float](repeating: 0, count: reduction * cols)
    }

    /// Sets the bits the cells present to this read: `presented[cell]` ∈ {0, 1} for every cell of the
    /// layer's array.
    mutating func load(_ presented: [UInt8]) {
        let count = gain.count
        if positionIsCell {
            presented.withUnsafeBufferPointer { p in
                currentRatio.withUnsafeBufferPointer { ratio in
                    gain.withUnsafeMutableBufferPointer { g in
                        for i in 0..<count { g[i] = ratio[i] * Float(p[i]) }  // branch-free: bits are 0 or 1
                    }
                }
            }
            return
        }
        presented.withUnsafeBufferPointer { p in
            cellOfPosition.withUnsafeBufferPointer { map in
                currentRatio.withUnsafeBufferPointer { ratio in
                    gain.withUnsafeMutableBufferPointer { g in
                        for i in 0..<count { g[i] = ratio[i] * Float(p[Int(map[i])]) }
                    }
                }
            }
        }
    }

    /// Σ over the reduction of x_int · w_int as the array and ADCs see it, for signed integer inputs
    /// `xq` (batch × reduction, `inputBits` two's complement), into `out` (batch × outputs).
    /// Returns the number of conversions.
    ///
    /// Per chunk of `rows_on` rows: the stacked input bit-planes (Bx·batch × rows, bit-major) times the
    /// cells' gains (rows × B·outputs) by sgemm give every bitline value; that product is formed a few
    /// blocks of columns at a time (``blocksPerProduct`` blocks of ``conversionBlock`` values, so they,
    /// the noise bookkeeping and the sums stay in cache), each block's conversions are made and their
    /// codes clipped and shift-added over input bits into one partial sum per (input, column)
    /// (``ADCReadNoise/convertAndSum``, bits drawn block by block); the shift-add over weight bits
    /// follows per chunk.
    func evaluate(_ xq: [Float], batch: Int, runtime: RandomStream, refine: RandomStream, into out: inout [Float]) -> Int {
        let bx = config.inputBits, bits = weightBits, cols = columns, rowsOn = config.rowsOn, n = outputs
        let maxCode = Float(config.maxCode)
        let planeRows = batch * bx
        let block = min(cols, max(8, (Self.conversionBlock / planeRows) & ~7))
        for i in 0..<(batch * outputs) { out[i] = 0 }
        let inputWeight = (0..<bx).map { t in Float(t == bx - 1 ? -(1 << t) : (1 << t)) }
        let weightWeight = (0..<bits).map { b in Float(b == bits - 1 ? -(1 << b) : (1 << b)) }
        let pl = planeBuffer.reserve(planeRows * rowsOn)
        let span = min(cols, block * Self.blocksPerProduct)  // columns of one sgemm: whole conversion blocks
        let vb = blockBuffer.reserve(planeRows * (span + Self.rowPadding))
        let acc = partialBuffer.reserve(batch * cols)
        var conversions = 0
        for ch in 0..<chunks {
            let r0 = ch * rowsOn, k = min(reduction, r0 + rowsOn) - r0
            // Input bit-planes: row (t·batch + b) holds bit t of input b's two's-complement pattern.
            // A plane with no bit set (the sign plane of non-negative inputs) gives bitline values of
            // exactly 0: it is left out of the sgemm and its rows are zeroed instead.
            let planesWithBits = xq.withUnsafeBufferPointer { x in
                cimpvt_adc_bit_planes(pl, x.baseAddress! + r0, reduction, batch, k, bx)
            }
            func planeIsZero(_ t: Int) -> Bool { planesWithBits & (1 << t) == 0 }
            for i in 0..<(batch * cols) { acc[i] = 0 }
            for s0 in stride(from: 0, to: cols, by: span) {
                let w = min(span, cols - s0), ldv = w + Self.rowPadding
                var t0 = 0
                while t0 < bx {  // one sgemm per run of planes with bits set
                    if planeIsZero(t0) {
                        (vb + t0 * batch * ldv).initialize(repeating: 0, count: batch * ldv)
                        t0 += 1
                        continue
                    }
                    var t1 = t0 + 1
                    while t1 < bx, !planeIsZero(t1) { t1 += 1 }
                    gain.withUnsafeBufferPointer { g in
                        sgemm(m: (t1 - t0) * batch, n: w, k: k, a: UnsafePointer(pl + t0 * batch * k), lda: k,
                              b: g.baseAddress! + r0 * cols + s0, ldb: cols, c: vb + t0 * batch * ldv, ldc: ldv)
                    }
                    t0 = t1
                }
                // The blocks' conversions, their codes clipped and shift-added over input bits:
                // acc[b, c] += Σ_t (±2^t)·code(t, b, c).
                offsetLSB.withUnsafeBufferPointer { off in
                    for b0 in stride(from: 0, to: w, by: block) {
                        readNoise.convertAndSum(vb + b0, vStride: ldv, offsets: off.baseAddress! + ch * cols + s0 + b0,
                                                batch: batch, inputBits: bx, width: min(block, w - b0), into: acc + s0 + b0,
                                                accStride: cols, inputWeight: inputWeight, minCode: 0, maxCode: maxCode,
                                                bulk: runtime, refine: refine)
                    }
                }
            }
            // Then over weight bits: column (bit · outputs + o).
            out.withUnsafeMutableBufferPointer { op in
                for b in 0..<batch {
                    let dst = op.baseAddress! + b * n
                    for bit in 0..<bits {
                        let ww = weightWeight[bit], src = acc + b * cols + bit * n
                        for o in 0..<n { dst[o] += ww * src[o] }
                    }
                }
            }
            conversions += planeRows * cols
        }
        return conversions
    }

    /// Bitline values formed and converted per block (32 Ki floats: 128 KB, within a core's L2).
    static let conversionBlock = 32_768

    /// Conversion blocks formed by one sgemm (two: 64 Ki values, 256 KB, within a core's L2): wider
    /// products pack their operands fewer times (≈ 2–3 % of the layer's time here).
    static let blocksPerProduct = 2

    /// Floats of padding after each row of a block (row stride = width + padding): with a power-of-two
    /// stride the rows of successive input bits, which the first pass reads together, fall on the same
    /// L1 cache sets (worth ≈ 1 % of the layer's time here).
    static let rowPadding = 8
}
