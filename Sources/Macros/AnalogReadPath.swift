import BLAS
import CADC
import Foundation
import Variation

/// One read direction of the analog array: the forward read (bitlines along weight columns, summing
/// over rows) or the transposed read (summing over columns), each with its own access devices and its
/// own ADCs (MODELS §4).
///
/// Per conversion (one input bit-plane, one read column, one chunk of `rows_on` rows, one ADC), in LSB
/// (one LSB = `adc_range` / 2^adc_bits nominal cells):
///
///     v    = h(Σ_on x_bit · w_bit · I_cell / I_ref) / LSB + offset + n,  n ~ N(0, σ_read)
///     code = clamp(round-half-even(v), 0, 2^adc_bits − 1)
///
/// A conversion whose input plane has no bit set in the chunk (no word line on) is skipped, as a
/// bit-serial controller skips an all-zero plane: it contributes 0 and costs no conversion time.
/// h is the bitline's headroom compression (``BitlineHeadroom``), σ_read the read noise
/// (``BitlineReadNoise``). The digital back end shift-adds codes × LSB as counts of nominal cells:
/// Σ_t Σ_k (±2^t)(±2^k) · code, with input-plane weights +2^t (the negative part of a signed input:
/// −2^t) and read-column weights from the weight encoding (``AnalogWeightEncoding``).
struct AnalogReadPath {
    /// Rows summed per output (the reduction length) and outputs.
    let reduction: Int
    let outputs: Int
    /// Read columns per output (weight bits converted, by the encoding).
    let readBits: Int
    let config: AnalogMacroConfig
    /// I_cell(op) / I_ref / LSB per position: reduction × (readBits · outputs), column = k · outputs + output
    /// (bit-major, so the digital shift-add over read columns runs on contiguous vectors).
    let currentRatio: [Float]
    /// Comparator offset of each ADC, LSB: chunks × (outputs · readBits).
    private(set) var offsetLSB: [Float]
    /// σ of the read noise, LSB (0 when switched off).
    let noiseSigmaLSB: Double
    /// The conversions' noisy rounding (exact Gaussian noise, bits drawn as needed).
    let readNoise: ADCReadNoise
    /// The cell whose bit each position reads, and the sign cell that gates it (−1: none) with the value
    /// that lets it through (sign-magnitude steering).
    let cellOfPosition: [Int32]
    let gateOfPosition: [Int32]
    let gateOpensOn: [UInt8]
    /// Weight of each read column k in the shift-add.
    let readWeight: [Float]
    /// Headroom compression in LSB: linear up to `compressionFrom`, then toward `compressionTop`
    /// with scale `compressionScale` (all LSB); nil when no code in range can be compressed.
    let compression: (from: Float, top: Float, scale: Float)?
    /// currentRatio × effective stored bit (rebuilt on every write).
    private(set) var gain: [Float]
    /// Σ over a row's read columns of `gain`, LSB: the bitline swing the row adds when its word line
    /// pulses (the energy model's actual swing).
    private(set) var rowSwingLSB: [Double] = []
    /// Working memory of ``evaluate``: input bit-planes, one block of bitline values, partial sums.
    let planeBuffer = ScratchBuffer<Float>(lane: 0), blockBuffer = ScratchBuffer<Float>(lane: 1)
    let partialBuffer = ScratchBuffer<Float>(lane: 2)

    var chunks: Int { (reduction + config.rowsOn - 1) / config.rowsOn }
    var columns: Int { outputs * readBits }

    /// Builds the path. `cell(r, o, b)` maps a (reduction index, output index, stored bit) to the cell
    /// index of the layer's array; `pg`/`pd` are this path's access-device draws per cell; the
    /// comparator draws come from `silicon` (per ADC: the pair's ΔVth a, b, a uniform trim residual, a
    /// Gaussian auto-zero residual, whatever the offset mode).
    init(reduction: Int, outputs: Int, config: AnalogMacroConfig, die: Die, at op: OperatingPoint, card: TechnologyCard,
         pg: [DeviceVariation], pd: [DeviceVariation], cell: (Int, Int, Int) -> Int, silicon: RandomStream)
    {
        self.reduction = reduction
        self.outputs = outputs
        self.config = config
        let encoding = config.weightEncoding, bits = config.weightBits
        let rb = encoding.readColumnsPerWeight(bits: bits)
        readBits = rb
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
        let cols = outputs * rb
        let rowsOn = config.rowsOn
        let chunkCount = (reduction + rowsOn - 1) / rowsOn
        var current = [Double](repeating: 0, count: reduction * cols)
        var map = [Int32](repeating: 0, count: reduction * cols)
        var gate = [Int32](repeating: -1, count: reduction * cols)
        var opensOn = [UInt8](repeating: 0, count: reduction * cols)
        for r in 0..<reduction { for o in 0..<outputs { for k in 0..<rb {
            let read = encoding.readColumn(k, bits: bits)
            let i = r * cols + k * outputs + o, c = cell(r, o, read.storedBit)
            map[i] = Int32(c)
            if let g = read.gateBit { gate[i] = Int32(cell(r, o, g)); opensOn[i] = read.gateOpensOn }
            current[i] = cellCurrent(c, op)
        } } }
        cellOfPosition = map
        gateOfPosition = gate
        gateOpensOn = opensOn
        readWeight = (0..<rb).map { Float(encoding.readWeight($0, bits: bits)) }
        // Reference current per ADC (chunk, column), and the ratio in LSB.
        let perLSB = 1 / config.lsbCells
        var ratio = [Float](repeating: 0, count: reduction * cols)
        for ch in 0..<chunkCount {
            let r0 = ch * rowsOn, r1 = min(reduction, r0 + rowsOn)
            for col in 0..<cols {
                let reference: Double
                switch config.calibration {
                case .design:
                    reference = iNominal
                case .die:
                    reference = (r0..<r1).reduce(0) { $0 + cellCurrent(Int(map[$1 * cols + col]), trimPoint) } / Double(r1 - r0)
                case .tracking:
                    reference = (r0..<r1).reduce(0) { $0 + current[$1 * cols + col] } / Double(r1 - r0)
                }
                for r in r0..<r1 { ratio[r * cols + col] = Float(current[r * cols + col] / reference * perLSB) }
            }
        }
        currentRatio = ratio
        // Comparator offsets, LSB: every draw made whatever the mode, so modes share the silicon.
        let lsb = config.lsbVolts
        let sigma = card.sigmaVthLocal(.n, card.comparatorDevice) * config.mismatchScale
        var offsets = [Float](repeating: 0, count: chunkCount * cols)
        for i in 0..<offsets.count {
            let a = silicon.gaussian(sigma: sigma), b = silicon.gaussian(sigma: sigma)
            let trim = silicon.uniform(-0.125, 0.125) * config.mismatchScale
            let autozero = silicon.gaussian(sigma: ADCOffsetMode.autozeroSigmaLSB) * config.mismatchScale
            switch config.offsets {
            case .untrimmed: offsets[i] = Float((a - b) / lsb)
            case .autozero: offsets[i] = Float(autozero)
            case .trimmed: offsets[i] = Float(trim)
            case .ideal: offsets[i] = 0
            }
        }
        offsetLSB = offsets
        noiseSigmaLSB = config.readNoise ? BitlineReadNoise(config: config, die: die, at: op, card: card).totalVolts / lsb : 0
        readNoise = ADCReadNoise(sigmaLSB: noiseSigmaLSB)
        let headroom = BitlineHeadroom(die: die, at: op, card: card)
        let from = headroom.linearLimitVolts / lsb
        compression = from < Double(config.maxCode) + 1 + 8 * max(noiseSigmaLSB, 1) + offsets.map { Double(abs($0)) }.max()!
            ? (Float(from), Float(headroom.vdd / lsb), Float(headroom.saturationVolts / lsb)) : nil
        gain = [Float](repeating: 0, count: reduction * cols)
    }

    /// Negates every comparator offset (tests of the model's symmetry).
    mutating func negateOffsets() { offsetLSB = offsetLSB.map { -$0 } }

    /// Sets the bits the cells present to this read: `presented[cell]` ∈ {0, 1} for every cell of the
    /// layer's array.
    mutating func load(_ presented: [UInt8]) {
        let count = gain.count
        presented.withUnsafeBufferPointer { p in
            cellOfPosition.withUnsafeBufferPointer { map in
                currentRatio.withUnsafeBufferPointer { ratio in
                    gain.withUnsafeMutableBufferPointer { g in
                        for i in 0..<count { g[i] = ratio[i] * Float(p[Int(map[i])]) }
                    }
                }
            }
            // Sign-magnitude: a magnitude cell reaches this bitline only when its sign cell steers it here.
            guard config.weightEncoding == .signMagnitude else { return }
            gateOfPosition.withUnsafeBufferPointer { gates in
                gateOpensOn.withUnsafeBufferPointer { opens in
                    gain.withUnsafeMutableBufferPointer { g in
                        for i in 0..<count where gates[i] >= 0 && p[Int(gates[i])] != opens[i] { g[i] = 0 }
                    }
                }
            }
        }
        sumRowSwings()
    }

    @inline(never)
    private mutating func sumRowSwings() {
        let cols = columns, rows = reduction
        var sums = [Double](repeating: 0, count: rows)
        gain.withUnsafeBufferPointer { g in
            sums.withUnsafeMutableBufferPointer { out in
                for r in 0..<rows {
                    // Eight lanes (the sum of ≤ 512 values of a few LSB: rounding far below the model's precision).
                    let row = UnsafeRawPointer(g.baseAddress! + r * cols)
                    var lanes = SIMD8<Float>()
                    var c = 0
                    while c + 8 <= cols {
                        lanes += row.loadUnaligned(fromByteOffset: c * 4, as: SIMD8<Float>.self)
                        c += 8
                    }
                    var acc = lanes.sum()
                    while c < cols { acc += row.load(fromByteOffset: c * 4, as: Float.self); c += 1 }
                    out[r] = Double(acc)
                }
            }
        }
        rowSwingLSB = sums
    }

    /// The energy activity of one chunk's input planes (`planeRows` × `k`, 0/1): word-line pulses per
    /// 64-column block summed over rows, and the swing they add, Σ_i ones(i) · rowSwingLSB[r0 + i], LSB.
    @inline(never)
    func planeActivity(_ pl: UnsafePointer<Float>, planeRows: Int, k: Int, r0: Int) -> (pulses: Int, swingLSB: Double) {
        var ones = [Float](repeating: 0, count: k)
        ones.withUnsafeMutableBufferPointer { o in
            for row in 0..<planeRows {
                let p = pl + row * k
                for i in 0..<k { o[i] += p[i] }
            }
        }
        var pulses = 0, swing = 0.0
        for i in 0..<k {
            pulses += Int(ones[i])
            swing += Double(ones[i]) * rowSwingLSB[r0 + i]
        }
        return (pulses, swing)
    }

    /// What one `evaluate` did: conversions made, and those whose noiseless code fell outside the ADC
    /// range (clipped at either rail); the sum of the conversions' bitline swings, LSB, and the
    /// word-line pulses (a row whose input bit is 1, in each 64-column block).
    struct Conversions { var count = 0, clipped = 0, swingLSB = 0.0, wordLinePulses = 0 }

    /// Σ over the reduction of x_int · w_int as the array and ADCs see it, in nominal cells, into `out`
    /// (batch × outputs). `passes` are the input passes: non-negative integer inputs (batch × reduction,
    /// below 2^bits) with their plane count and sign (+1: unsigned inputs or a signed input's positive
    /// part; −1: its negative part's magnitudes).
    ///
    /// Per chunk of `rows_on` rows and pass: the stacked input bit-planes (Bx·batch × rows, bit-major)
    /// times the cells' gains (rows × readBits·outputs) by sgemm give every bitline value; that product is
    /// formed a few blocks of columns at a time (``blocksPerProduct`` blocks of ``conversionBlock``
    /// values, so they, the noise bookkeeping and the sums stay in cache), compressed where the headroom
    /// runs out, and each block's conversions are made and their codes clipped and shift-added over input
    /// bits into one partial sum per (input, column) (``ADCReadNoise/convertAndSum``, bits drawn block by
    /// block); the shift-add over read columns follows per chunk.
    ///
    /// A batch of more than ``largestWholeBatch`` input vectors is read ``batchSlice`` vectors at a time
    /// (the last slice shorter), each slice as above: the array reads one vector at a time whatever the
    /// batch, so slicing changes only the order in which the conversions draw their noise bits, and keeps
    /// a slice's bit-planes and bitline values within a core's L2 however large the batch (an im2col
    /// batch of a conv layer is thousands of vectors).
    func evaluate(passes: [(x: [Float], bits: Int, sign: Float)], batch: Int, runtime: RandomStream, refine: RandomStream,
                  into out: inout [Float]) -> Conversions {
        guard batch > Self.largestWholeBatch else {
            return evaluateSlice(passes: passes, batch: batch, runtime: runtime, refine: refine, into: &out)
        }
        var done = Conversions(), part = [Float](repeating: 0, count: Self.batchSlice * outputs)
        for b0 in stride(from: 0, to: batch, by: Self.batchSlice) {
            let n = min(Self.batchSlice, batch - b0)
            let slice = passes.map { (x: Array($0.x[(b0 * reduction)..<((b0 + n) * reduction)]), bits: $0.bits, sign: $0.sign) }
            let c = evaluateSlice(passes: slice, batch: n, runtime: runtime, refine: refine, into: &part)
            for i in 0..<(n * outputs) { out[b0 * outputs + i] = part[i] }
            done.count += c.count
            done.clipped += c.clipped
            done.swingLSB += c.swingLSB
            done.wordLinePulses += c.wordLinePulses
        }
        return done
    }

    /// ``evaluate`` of one slice of a large batch, or of a whole batch of at most ``largestWholeBatch``.
    private func evaluateSlice(passes: [(x: [Float], bits: Int, sign: Float)], batch: Int, runtime: RandomStream,
                               refine: RandomStream, into out: inout [Float]) -> Conversions {
        let cols = columns, rowsOn = config.rowsOn, n = outputs
        let maxCode = Float(config.maxCode), lsbCells = Float(config.lsbCells)
        let maxPlanes = passes.map(\.bits).max()!
        let maxPlaneRows = batch * maxPlanes
        for i in 0..<(batch * outputs) { out[i] = 0 }
        let pl = planeBuffer.reserve(maxPlaneRows * rowsOn)
        let acc = partialBuffer.reserve(batch * cols)
        let blockFor = { (planeRows: Int) in min(cols, max(8, (Self.conversionBlock / planeRows) & ~7)) }
        let vb = blockBuffer.reserve(passes.map { pass -> Int in
            let planeRows = batch * pass.bits
            return planeRows * (min(cols, blockFor(planeRows) * Self.blocksPerProduct) + Self.rowPadding)
        }.max()!)
        var done = Conversions()
        for ch in 0..<chunks {
            let r0 = ch * rowsOn, k = min(reduction, r0 + rowsOn) - r0
            acc.update(repeating: 0, count: batch * cols)
            for pass in passes {
                let bx = pass.bits, planeRows = batch * bx
                let block = blockFor(planeRows)
                let span = min(cols, block * Self.blocksPerProduct)  // columns of one sgemm: whole conversion blocks
                let inputWeight = (0..<bx).map { t in pass.sign * Float(1 << t) }
                // Input bit-planes: row (t·batch + b) holds bit t of input b. A plane with no bit set gives
                // bitline values of exactly 0: it is left out of the sgemm and its rows are zeroed instead.
                let planesWithBits = pass.x.withUnsafeBufferPointer { x in
                    cimpvt_adc_bit_planes(pl, x.baseAddress! + r0, reduction, batch, k, bx)
                }
                func planeIsZero(_ t: Int) -> Bool { planesWithBits & (1 << t) == 0 }
                // Energy: the rows' pulses over all planes, and the swing they add to every column.
                let activity = planeActivity(pl, planeRows: planeRows, k: k, r0: r0)
                done.swingLSB += activity.swingLSB
                done.wordLinePulses += activity.pulses * ((cols + 63) / 64)
                // The planes each input vector sets in this chunk: the controller skips the conversions
                // of a plane whose word lines are all off.
                var rowPlanes = [UInt32](repeating: 0, count: batch)
                pass.x.withUnsafeBufferPointer { x in
                    for b in 0..<batch {
                        let row = x.baseAddress! + b * reduction + r0
                        var any: UInt32 = 0
                        for i in 0..<k { any |= UInt32(row[i]) }
                        rowPlanes[b] = any
                    }
                }
                let activeRows = rowPlanes.reduce(0) { $0 + $1.nonzeroBitCount }
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
                            if k <= Self.rowSumReduction {
                                cimpvt_adc_plane_rows(vb + t0 * batch * ldv, ldv, pl + t0 * batch * k, (t1 - t0) * batch, k,
                                                      g.baseAddress! + r0 * cols + s0, cols, w)
                            } else {
                                sgemm(m: (t1 - t0) * batch, n: w, k: k, a: UnsafePointer(pl + t0 * batch * k), lda: k,
                                      b: g.baseAddress! + r0 * cols + s0, ldb: cols, c: vb + t0 * batch * ldv, ldc: ldv)
                            }
                        }
                        t0 = t1
                    }
                    if let h = compression { Self.compress(vb, count: planeRows * ldv, h) }
                    // A skipped conversion is presented as −∞: code 0 at the bottom rail, no noise bits but
                    // a tail event's, not counted as clipped.
                    for t in 0..<bx { for b in 0..<batch where rowPlanes[b] >> UInt32(t) & 1 == 0 {
                        (vb + (t * batch + b) * ldv).update(repeating: -.infinity, count: w)
                    } }
                    // The blocks' conversions, their codes clipped and shift-added over input bits:
                    // acc[b, c] += Σ_t (±2^t)·code(t, b, c).
                    offsetLSB.withUnsafeBufferPointer { off in
                        for b0 in stride(from: 0, to: w, by: block) {
                            let width = min(block, w - b0), offsets = off.baseAddress! + ch * cols + s0 + b0
                            done.clipped += readNoise.convertAndSum(vb + b0, vStride: ldv, offsets: offsets, batch: batch, inputBits: bx,
                                                    width: width, into: acc + s0 + b0, accStride: cols,
                                                    inputWeight: inputWeight, minCode: 0, maxCode: maxCode,
                                                    bulk: runtime, refine: refine)
                        }
                    }
                }
                done.count += activeRows * cols
            }
            // Then over read columns (k · outputs + o), codes × LSB as nominal cells.
            out.withUnsafeMutableBufferPointer { op in
                for b in 0..<batch {
                    let dst = op.baseAddress! + b * n
                    for bit in 0..<readBits {
                        let ww = readWeight[bit] * lsbCells, src = acc + b * cols + bit * n
                        for o in 0..<n { dst[o] += ww * src[o] }
                    }
                }
            }
        }
        return done
    }

    /// Applies the headroom compression to `count` bitline values (LSB) in place.
    static func compress(_ v: UnsafeMutablePointer<Float>, count: Int, _ h: (from: Float, top: Float, scale: Float)) {
        for i in 0..<count where v[i] > h.from {
            v[i] = h.top - 2 * h.scale / (1 + exp(2 * (v[i] - h.from) / h.scale))
        }
    }

    /// Input vectors read per slice of a large batch (32: a slice's bit-planes of a 14-plane δ are
    /// 448 rows, whose bitline blocks of 72 columns stay in L2; 16 and 64 measured within 5 % of it on
    /// LeNet-5's second conv layer, 128 18 % slower, the whole 3,200-vector batch 2.7× slower).
    static let batchSlice = 32

    /// Batches up to this many vectors are read whole: the dense layers' training batches and the
    /// trainer's evaluation batches of 256, whose draw order (and so every MLP result) is that of
    /// earlier versions. Slicing them too would save ≈ 25 % of an analog MLP trial's time.
    static let largestWholeBatch = 256

    /// Reductions up to this many rows form their bitline values by summing gain rows
    /// (`cimpvt_adc_plane_rows`) instead of sgemm, whose packing dominates such short products.
    static let rowSumReduction = 16

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
