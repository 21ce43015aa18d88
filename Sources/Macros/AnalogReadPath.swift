import BLAS
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
    /// Per chunk of `rows_on` rows: one sgemm of the stacked input bit-planes (batch·Bx × rows) with the
    /// cells' gains (rows × B·outputs) gives every bitline value; kT/C noise is added (one tabulated
    /// normal draw per conversion, in row-major order of that product); then one vectorised pass rounds,
    /// clips and shift-adds over input bits, and a second over weight bits.
    func evaluate(_ xq: [Float], batch: Int, runtime: RandomStream, refine: RandomStream, into out: inout [Float]) -> Int {
        let bx = config.inputBits, bits = weightBits, cols = columns, rowsOn = config.rowsOn, n = outputs
        let maxCode = Float(config.maxCode)
        for i in 0..<(batch * outputs) { out[i] = 0 }
        var planes = [Float](repeating: 0, count: batch * bx * rowsOn)
        var v = [Float](repeating: 0, count: batch * bx * cols)
        var partial = [Float](repeating: 0, count: cols)
        let inputWeight = (0..<bx).map { t in Float(t == bx - 1 ? -(1 << t) : (1 << t)) }
        let weightWeight = (0..<bits).map { b in Float(b == bits - 1 ? -(1 << b) : (1 << b)) }
        let mask = (1 << bx) - 1
        var conversions = 0
        for ch in 0..<chunks {
            let r0 = ch * rowsOn, k = min(reduction, r0 + rowsOn) - r0
            // Input bit-planes: row (b·Bx + t) holds bit t of each input's two's-complement pattern.
            planes.withUnsafeMutableBufferPointer { pl in
                for b in 0..<batch { for i in 0..<k {
                    let pattern = Int(xq[b * reduction + r0 + i]) & mask
                    for t in 0..<bx { pl[(b * bx + t) * k + i] = Float((pattern &>> t) & 1) }
                } }
            }
            gain.withUnsafeBufferPointer { g in
                v.withUnsafeMutableBufferPointer { vp in
                    sgemm(m: batch * bx, n: cols, k: k, a: planes, lda: k, b: g.baseAddress! + r0 * cols, ldb: cols,
                          c: vp.baseAddress!, ldc: cols)
                }
            }
            offsetLSB.withUnsafeBufferPointer { off in
                v.withUnsafeMutableBufferPointer { vp in
                    readNoise.convert(vp.baseAddress!, rows: batch * bx, cols: cols, offsets: off.baseAddress! + ch * cols,
                                      bulk: runtime, refine: refine)
                }
            }
            offsetLSB.withUnsafeBufferPointer { off in
                out.withUnsafeMutableBufferPointer { op in
                    v.withUnsafeBufferPointer { vp in
                        partial.withUnsafeMutableBufferPointer { pp in
                            let acc = pp.baseAddress!
                            for b in 0..<batch {
                                // ADC codes, shift-added over input bits: acc[c] = Σ_t (±2^t)·code(b, t, c).
                                for c in 0..<cols { acc[c] = 0 }
                                for t in 0..<bx {
                                    let r = vp.baseAddress! + (b * bx + t) * cols, xw = inputWeight[t]
                                    for c in 0..<cols { acc[c] += xw * min(max(r[c], 0), maxCode) }
                                }
                                // Then over weight bits: column (bit · outputs + o).
                                let dst = op.baseAddress! + b * n
                                for bit in 0..<bits {
                                    let ww = weightWeight[bit], src = acc + bit * n
                                    for o in 0..<n { dst[o] += ww * src[o] }
                                }
                            }
                        }
                    }
                }
            }
            conversions += batch * bx * cols
        }
        return conversions
    }
}
