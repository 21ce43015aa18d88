/// A stored block of integer mantissas (K rows × N columns) laid out for the MAC: the full values,
/// each 4-bit nibble, and for the approximate mode the nibble's low-bit masks, as Float matrices ready
/// for sgemm, plus bit-3 masks for the approximate adder tree's first stage.
struct MantissaPlanes {
    /// Which layouts to build: the MAC of a given mode reads only some of them (an unbuilt layout is
    /// an empty array).
    struct Layouts: OptionSet {
        let rawValue: Int
        /// `full`: accurate mode without timing errors.
        static let full = Layouts(rawValue: 1)
        /// `nibble`: accurate mode with timing errors.
        static let nibble = Layouts(rawValue: 2)
        /// `stacked` and `bit3Mask`: approximate mode with timing errors.
        static let stacked = Layouts(rawValue: 4)
        /// `combined` and `bit3Mask`: approximate mode without timing errors.
        static let combined = Layouts(rawValue: 8)
        static let all: Layouts = [.full, .nibble, .stacked, .combined]
    }

    let k: Int
    let n: Int
    let mantissaBits: Int
    /// K × N full mantissas.
    var full: [Float]
    /// Per nibble (MS first): K × N values.
    var nibble: [[Float]]
    /// Per nibble: (4K) × N stacked [w; w&7; w&3; w&1] for the broken-array product as one GEMM.
    var stacked: [[Float]]
    /// (4K) × N [w; Σ_q c_q (w_q & 7); Σ_q c_q (w_q & 3); Σ_q c_q (w_q & 1)], c_q = 16^(shift of nibble q):
    /// the broken-array sums of all nibble pairs as one GEMM (see `DigitalMacro.groupSums`).
    var combined: [Float]
    /// Per nibble, per input signedness (0 unsigned, 1 signed): two K × N byte planes (input patterns
    /// 0–7, then 8–15) whose bit r is bit 3 of the approximate product of this weight nibble with the
    /// input nibble of raw pattern r (or r + 8), for the first-stage lower-part-OR adders. Bytes keep
    /// sixteen lanes per SIMD register in the counting loop.
    var bit3Mask: [[[UInt8]]]
    /// Sign-magnitude scheme with the bias unit only: per nibble, (3K) × N
    /// [Σ_q c_q s_w [b_q≠0] u7_q / 8; … u3_q …; … u1_q …], the dropped-product compensation as one GEMM
    /// (folded into `combined` for the path without timing errors).
    var compensation: [Float] = []
    /// Sign-magnitude scheme with the bias unit only: per nibble, 16 × N: for input magnitude nibble a
    /// and output j, round(16 · share of the output's rows whose approximate product has bit 3 set).
    var bit3Sixteenths: [[UInt16]] = []

    var nibbleCount: Int { mantissaBits <= 4 ? 1 : 2 }

    /// The planes of integer mantissas `values` (K × N, row-major) for a macro whose cells and
    /// multipliers use `encoding`; `bias` folds the sign-magnitude bias unit's coefficients in.
    static func build(k: Int, n: Int, mantissaBits: Int, values: [Int32], layouts: Layouts, encoding: MantissaEncoding,
                      bias: Bool) -> MantissaPlanes
    {
        if encoding == .signMagnitude && layouts != .full {
            return MantissaPlanes(signMagnitude: values, k: k, n: n, mantissaBits: mantissaBits, bias: bias, layouts: layouts)
        }
        return MantissaPlanes(k: k, n: n, mantissaBits: mantissaBits, values: values, layouts: layouts)
    }

    /// Builds the two's-complement planes from integer mantissas `values` (K × N, row-major).
    init(k: Int, n: Int, mantissaBits: Int, values: [Int32], layouts: Layouts = .all) {
        precondition(values.count == k * n, "mantissa block shape")
        if layouts == .full {
            self.k = k
            self.n = n
            self.mantissaBits = mantissaBits
            full = values.map { Float($0) }
            nibble = []; stacked = []; combined = []; bit3Mask = []
            return
        }
        self.k = k
        self.n = n
        self.mantissaBits = mantissaBits
        let count = mantissaBits <= 4 ? 1 : 2
        let kn = k * n
        full = values.map { Float($0) }
        var combined = [Float](repeating: 0, count: 4 * kn)
        var nibble = [[Float]](), stacked = [[Float]](), masks = [[[UInt8]]]()
        combined.withUnsafeMutableBufferPointer { cb in
            let comb = cb.baseAddress!
            for i in 0..<kn { comb[i] = Float(values[i]) }
            for q in 0..<count {
                var nib = [Float](repeating: 0, count: kn)
                var st = [Float](repeating: 0, count: 4 * kn)
                var mk0 = [UInt8](repeating: 0, count: 2 * kn), mk1 = mk0
                let weightSigned = count == 1 || q == 0
                let shift = Int32(count == 1 ? 0 : (q == 0 ? 4 : 0))
                let c = Float(1 << (4 * (count - 1 - q)))
                let t0 = DMBP.bit3MaskTable[weightSigned ? 1 : 0], t1 = DMBP.bit3MaskTable[2 + (weightSigned ? 1 : 0)]
                values.withUnsafeBufferPointer { vals in
                    nib.withUnsafeMutableBufferPointer { nb in
                        st.withUnsafeMutableBufferPointer { sb in
                            mk0.withUnsafeMutableBufferPointer { m0 in
                                mk1.withUnsafeMutableBufferPointer { m1 in
                                    for i in 0..<kn {
                                        let m = vals[i]
                                        // Nibble q: the signed high part (m >> 4) or the low four bits.
                                        let v = count == 1 ? m : (q == 0 ? m &>> shift : m & 15)
                                        let bits = Int(v & 15)
                                        nb[i] = Float(v)
                                        sb[i] = Float(v)
                                        sb[kn + i] = Float(bits & 7)
                                        sb[2 * kn + i] = Float(bits & 3)
                                        sb[3 * kn + i] = Float(bits & 1)
                                        comb[kn + i] += c * Float(bits & 7)
                                        comb[2 * kn + i] += c * Float(bits & 3)
                                        comb[3 * kn + i] += c * Float(bits & 1)
                                        let a = t0[bits], b = t1[bits]
                                        m0[i] = UInt8(a & 0xFF); m0[kn + i] = UInt8(a >> 8)
                                        m1[i] = UInt8(b & 0xFF); m1[kn + i] = UInt8(b >> 8)
                                    }
                                }
                            }
                        }
                    }
                }
                nibble.append(nib); stacked.append(st); masks.append([mk0, mk1])
            }
        }
        self.combined = combined
        self.nibble = nibble
        self.stacked = stacked
        bit3Mask = masks
    }

    /// The sign-magnitude planes: each weight's multiplier input nibbles b_q (of 2|w|, see
    /// ``DMBPSignMagnitude``) carrying the weight's sign; the bias unit's coefficients come from each
    /// output's column. `full` gives the exact product X; `combined` ((3K) × N) the approximation's
    /// error with the dropped-product compensation folded in, in quarter units:
    /// [Σ_q c_q s (b_q&7 − [b_q≠0] u7_q); Σ_q c_q s (b_q&3 − [b_q≠0] u3_q); Σ_q c_q s (b_q&1 − [b_q≠0] u1_q)].
    /// Only the planes `layouts` asks for are built (`nibble`: accurate with timing errors; `combined`,
    /// `stacked`: approximate without / with timing errors; masks and the bias unit's tables with either).
    init(signMagnitude values: [Int32], k: Int, n: Int, mantissaBits: Int, bias wantsBias: Bool, layouts: Layouts = .all) {
        precondition(values.count == k * n, "mantissa block shape")
        let approximate = !layouts.isDisjoint(with: [.combined, .stacked])
        let bias = wantsBias && approximate
        let buildNibble = layouts.contains(.nibble), buildStacked = layouts.contains(.stacked)
        let buildCombined = layouts.contains(.combined)
        self.k = k
        self.n = n
        self.mantissaBits = mantissaBits
        let count = mantissaBits <= 4 ? 1 : 2
        let kn = k * n
        full = values.map { Float($0) }
        var combined = [Float](repeating: 0, count: buildCombined ? 3 * kn : 0)
        var compensation = [Float](repeating: 0, count: bias && buildStacked ? 3 * kn : 0)
        var nibble = [[Float]](), stacked = [[Float]](), masks = [[[UInt8]]](), sixteenths = [[UInt16]]()
        let table = DMBP.bit3MaskTable[0]  // unsigned × unsigned
        var b = [Int](repeating: 0, count: kn), sign = [Float](repeating: 1, count: kn)
        var hist = [Int](repeating: 0, count: 16 * n)
        var u = [Float](repeating: 0, count: 3 * n)
        for q in 0..<count {
            let c = Float(1 << (4 * (count - 1 - q)))
            // Input nibble q of the multiplier (of 2|w|) for every cell, and the weight's sign.
            for i in 0..<kn {
                let m = Int(values[i]), justified = 2 * abs(m)
                b[i] = count == 1 ? justified : (q == 0 ? justified >> 4 : justified & 15)
                sign[i] = m < 0 ? -1 : 1
            }
            // The bias unit's coefficients per output column j, from the column's histogram of nibbles.
            var p16 = [UInt16](repeating: 0, count: bias ? 16 * n : 0)
            if bias {
                for i in 0..<(16 * n) { hist[i] = 0 }
                for r in 0..<k { for j in 0..<n { hist[b[r * n + j] * n + j] += 1 } }
                for j in 0..<n {
                    var nonzero = 0, s7 = 0, s3 = 0, s1 = 0
                    for v in 1..<16 {
                        let h = hist[v * n + j]
                        nonzero += h; s7 += h * (v & 7); s3 += h * (v & 3); s1 += h * (v & 1)
                    }
                    if nonzero > 0 {
                        u[j] = Float((16 * s7 + nonzero) / (2 * nonzero)) / 8
                        u[n + j] = Float((16 * s3 + nonzero) / (2 * nonzero)) / 8
                        u[2 * n + j] = Float((16 * s1 + nonzero) / (2 * nonzero)) / 8
                    } else {
                        u[j] = 0; u[n + j] = 0; u[2 * n + j] = 0
                    }
                    // hits[a]: rows whose product with input nibble a has bit 3 set (bit a of table[v]).
                    var hits = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
                    withUnsafeMutableBytes(of: &hits) { raw in
                        let h = raw.bindMemory(to: Int.self)
                        for v in 1..<16 {
                            let rows = hist[v * n + j]
                            guard rows != 0 else { continue }
                            var mask = table[v]
                            while mask != 0 {
                                h[mask.trailingZeroBitCount] += rows
                                mask &= mask - 1
                            }
                        }
                        for a in 0..<16 { p16[a * n + j] = UInt16((32 * h[a] + k) / (2 * k)) }
                    }
                }
            }
            var nib = [Float](repeating: 0, count: buildNibble ? kn : 0)
            var st = [Float](repeating: 0, count: buildStacked ? 4 * kn : 0)
            var mk = [UInt8](repeating: 0, count: approximate ? 2 * kn : 0)
            nib.withUnsafeMutableBufferPointer { nibP in
            st.withUnsafeMutableBufferPointer { stP in
            mk.withUnsafeMutableBufferPointer { mkP in
            combined.withUnsafeMutableBufferPointer { coP in
            compensation.withUnsafeMutableBufferPointer { cpP in
            u.withUnsafeBufferPointer { uP in
                for i in 0..<kn {
                    let v = b[i], s = sign[i], nonzero: Float = v != 0 ? 1 : 0
                    let f7 = Float(v & 7), f3 = Float(v & 3), f1 = Float(v & 1)
                    if buildNibble { nibP[i] = s * Float(v) }
                    if buildStacked {
                        stP[i] = s * Float(v)
                        stP[kn + i] = s * f7
                        stP[2 * kn + i] = s * f3
                        stP[3 * kn + i] = s * f1
                    }
                    guard approximate else { continue }
                    let j = i % n
                    let w7 = bias ? nonzero * uP[j] : 0, w3 = bias ? nonzero * uP[n + j] : 0, w1 = bias ? nonzero * uP[2 * n + j] : 0
                    if buildCombined {
                        coP[i] += c * s * (f7 - w7)
                        coP[kn + i] += c * s * (f3 - w3)
                        coP[2 * kn + i] += c * s * (f1 - w1)
                    }
                    if bias && buildStacked {
                        cpP[i] += c * s * w7
                        cpP[kn + i] += c * s * w3
                        cpP[2 * kn + i] += c * s * w1
                    }
                    let mask = table[v]
                    mkP[i] = UInt8(truncatingIfNeeded: mask); mkP[kn + i] = UInt8(truncatingIfNeeded: mask >> 8)
                }
            } } } } } }
            nibble.append(nib); stacked.append(st); masks.append([mk]); sixteenths.append(p16)
        }
        self.combined = combined
        self.nibble = nibble
        self.stacked = stacked
        bit3Mask = masks
        self.compensation = compensation
        bit3Sixteenths = bias ? sixteenths : []
    }
}
