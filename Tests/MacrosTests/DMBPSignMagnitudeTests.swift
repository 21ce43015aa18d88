import Testing
import Variation
import Macros

/// The sign-magnitude approximate MAC (the default): a hand-worked case, an independent
/// re-implementation, the bulk path bit for bit, and its error statistics.
@Suite struct DMBPSignMagnitudeTests {
    /// x = [3, −5], w = [6, 7], B = 4 (docs/digital-macro.md, worked example). Multiplier inputs 2|m|:
    /// a = [6, 10], b = [12, 14]; signs [+, −].
    /// M(6, 12) = 72 − (a1·(b&3)·2 + a2·(b&1)·4 = 0 + 0; a0 = 0) = 72; M(10, 14) = 140 − 2·a1·(14&3 = 2) = 140 − 4 = 136.
    /// Leaves +72, −136: bit 3 of 72 = 1, of −136 (…101111000) = 1 → LOA +8: tree −56 (exact −64).
    /// X = 18 − 35 = −17; S4 − 4X = −56 + 68 = 12.
    /// Bias: nonzero b = [12, 14]: u7 = round(8·(4 + 6)/2) = 40, u3 = round(8·(0 + 2)/2) = 8, u1 = 0.
    /// D = (+1)·(a = 6: 2·a1·u3 + 4·a2·u1 = 16) + (−1)·(a = 10: 2·a1·u3 = 16) = 0.
    /// P(a): bit 3 of M(6, 12) = 72 → 1, M(6, 14) = 84 − 2·(14&3 = 2)·… = 84 − 4 − 0 = 80 → 0 → P16(6) = 8;
    /// M(10, 12) = 120 − 0 = 120 → 1, M(10, 14) = 136 → 1 → P16(10) = 16. E = 8·16 = 128 → E/32 = 4.
    /// e = (8·12 + 0)/8 − 4 = 8; result −17 + 8/4 = −15 (without the bias: −17 + 12/4 = −14).
    @Test func handWorkedGroupSum() {
        #expect(DMBPSignMagnitude.nibbles(-5, mantissaBits: 4) == [10])
        #expect(DMBPSignMagnitude.nibbles(-100, mantissaBits: 8) == [12, 8])  // 200 = 0xC8
        #expect(DMBP.approximateProduct(6, 12) == 72)
        #expect(DMBP.approximateProduct(10, 14) == 136)
        #expect(DMBP.loaAdd(72, -136) == -56)
        let stats = DMBPColumnStatistics(weightNibbles: [12, 14])
        #expect(stats.u7 == 40 && stats.u3 == 8 && stats.u1 == 0)
        #expect(stats.bit3Sixteenths[6] == 8 && stats.bit3Sixteenths[10] == 16)
        #expect(DMBPSignMagnitude.groupSum(x: [3, -5], w: [6, 7], mantissaBits: 4, withBias: false) == -14)
        #expect(DMBPSignMagnitude.groupSum(x: [3, -5], w: [6, 7], mantissaBits: 4) == -15)
    }

    @Test func cellPatternsOfBothEncodings() {
        #expect(MantissaEncoding.signMagnitude.pattern(of: -3, bits: 4) == 0b1011)
        #expect(MantissaEncoding.twosComplement.pattern(of: -3, bits: 4) == 0b1101)
        #expect(MantissaEncoding.signMagnitude.value(of: 0b1000, bits: 4) == 0)  // −0
        #expect(MantissaEncoding.signMagnitude.value(of: 0b1111_1111, bits: 8) == -127)
        for e in MantissaEncoding.allCases { for bits in [4, 8] {
            let lim = Int32((1 << (bits - 1)) - 1)
            for m in -lim...lim { #expect(e.value(of: e.pattern(of: m, bits: bits), bits: bits) == m) }
        } }
    }

    /// The scheme typed out again from docs/digital-macro.md with plain integer arithmetic (no DMBP
    /// helper): ripple of the lower-part-OR adder written bit by bit.
    static func independent(x: [Int], w: [Int], bits: Int, bias: Bool) -> Float {
        func nib(_ m: Int) -> [Int] { bits == 4 ? [2 * abs(m)] : [(2 * abs(m)) / 16, (2 * abs(m)) % 16] }
        func bit(_ v: Int, _ i: Int) -> Int { (v >> i) & 1 }
        func product(_ a: Int, _ b: Int) -> Int {
            var p = 0
            for i in 0..<4 { for j in 0..<4 where i + j > 2 { p += bit(a, i) * bit(b, j) << (i + j) } }
            return p
        }
        let count = bits == 4 ? 1 : 2
        let exact = zip(x, w).map { $0 * $1 }.reduce(0, +)
        var quarters = 0, d8 = 0, e256 = 0
        for p in 0..<count { for q in 0..<count {
            let c = count == 1 ? 1 : [[256, 16], [16, 1]][p][q]
            let a = x.map { nib($0)[p] }, b = w.map { nib($0)[q] }
            let leaves = (0..<x.count).map { ((x[$0] < 0) != (w[$0] < 0) ? -1 : 1) * product(a[$0], b[$0]) }
            var tree = 0
            for k in stride(from: 0, to: leaves.count, by: 2) {
                let l = leaves[k], r = k + 1 < leaves.count ? leaves[k + 1] : 0
                // OR of bits 0–3, carry-in = AND of the two bit 3s, exact above.
                let low = (l & 15) | (r & 15)
                tree += (l - (l & 15)) + (r - (r & 15)) + (bit(l & 15, 3) & bit(r & 15, 3)) * 16 + low
            }
            quarters += c * tree
            guard bias else { continue }
            let nz = b.filter { $0 != 0 }
            let mean = { (f: (Int) -> Int) -> Int in nz.isEmpty ? 0 : Int((8.0 * Double(nz.map(f).reduce(0, +)) / Double(nz.count)).rounded(.toNearestOrAwayFromZero)) }
            let u = [mean { $0 & 7 }, mean { $0 & 3 }, mean { $0 & 1 }]
            for r in 0..<x.count where b[r] != 0 {
                let s = (x[r] < 0) != (w[r] < 0) ? -1 : 1
                d8 += c * s * (bit(a[r], 0) * u[0] + 2 * bit(a[r], 1) * u[1] + 4 * bit(a[r], 2) * u[2])
            }
            func p16(_ av: Int) -> Int {
                let hits = b.filter { bit(product(av, $0), 3) == 1 }.count
                return Int((16.0 * Double(hits) / Double(b.count)).rounded(.toNearestOrAwayFromZero))
            }
            for k in stride(from: 0, to: x.count - 1, by: 2) { e256 += c * p16(a[k]) * p16(a[k + 1]) }
        } }
        let e = Float(8 * (quarters - 4 * exact) + d8) / 8 - Float(e256) / 32
        return Float(exact) + e / 4
    }

    @Test func referenceAgreesWithAnIndependentImplementation() {
        let stream = RandomStream(seed: StreamSeed(31))
        for bits in [4, 8] { for bias in [true, false] { for trial in 0..<200 {
            let lim = (1 << (bits - 1)) - 1
            let n = trial % 3 == 0 ? 64 : 2 + 2 * stream.uniformInt(31)
            // Sparse and dense operands alike.
            let x = (0..<n).map { _ in stream.uniformInt(3) == 0 ? 0 : stream.uniformInt(2 * lim + 1) - lim }
            let w = (0..<n).map { _ in stream.uniformInt(4) == 0 ? 0 : stream.uniformInt(2 * lim + 1) - lim }
            let got = DMBPSignMagnitude.groupSum(x: x, w: w, mantissaBits: bits, withBias: bias)
            let want = Self.independent(x: x, w: w, bits: bits, bias: bias)
            #expect(got == want, "B=\(bits) bias \(bias): \(x) · \(w): \(got) vs \(want)")
        } } }
    }

    func macro(_ config: DigitalMacroConfig) -> DigitalMacro {
        DigitalMacro.onDie(inputs: 64, outputs: 64, config: config, corner: Corner(process: .TT, vdd: 0.9, temperatureC: 27),
                           seed: 11, dieIndex: 0, card: TechnologyCard())
    }

    /// The bulk path (GEMMs, vectorised LOA counts) against the reference, every output, forward and
    /// transposed; also through the timing-error path (every path failing at 5 GHz, never sensitised).
    @Test func bulkPathMatchesReferenceBitExactly() throws {
        for bits in [4, 8] { for bias in [true, false] { for timingPath in [false, true] {
            var c = DigitalMacroConfig()
            c.format = .int8; c.mantissaBits = bits; c.mode = .approximate; c.bias = bias
            if timingPath { c.clock = .fixed(frequencyMHz: 5000); c.pSensitize = 0 }
            let m = macro(c)
            if timingPath { #expect(m.worstSlackNS < 0) }
            let stream = RandomStream(seed: StreamSeed(5))
            let lim = bits == 8 ? 127 : 7
            var xs = [[Int]](), ws = [[Int]]()
            for i in 0..<64 {
                var x = (0..<64).map { _ in stream.uniformInt(4) == 0 ? 0 : stream.uniformInt(2 * lim + 1) - lim }; x[0] = lim
                var w = (0..<64).map { _ in stream.uniformInt(2 * lim + 1) - lim }; w[i] = lim
                xs.append(x); ws.append(w)
            }
            let xf = xs.map { $0.map(Float.init) }, wf = ws.map { $0.map(Float.init) }
            let y = try DotProductCharacterisation.evaluate(m, x: xf, w: wf, transpose: false)
            let yt = try DotProductCharacterisation.evaluate(m, x: xf, w: wf, transpose: true)
            let ref = (0..<64).map { Double(DMBPSignMagnitude.groupSum(x: xs[$0], w: ws[$0], mantissaBits: bits, withBias: bias)) }
            #expect(y == ref, "forward B=\(bits) bias \(bias) timing path \(timingPath)")
            #expect(yt == ref, "transposed B=\(bits) bias \(bias) timing path \(timingPath)")
        } } }
    }

    func stats(_ format: NumberFormat, bias: Bool = true, operands: DotProductCharacterisation.Operands = .signed,
               samples: Int = 20_000) throws -> DotProductCharacterisation.Stats
    {
        var c = DigitalMacroConfig()
        c.format = format; c.mode = .approximate; c.bias = bias
        var a = c; a.mode = .accurate
        let (x, w) = DotProductCharacterisation.randomPairs(count: samples, stream: RandomStream(seed: StreamSeed(78)), operands: operands)
        let approx = try DotProductCharacterisation.evaluate(macro(c), x: x, w: w, transpose: false)
        let accurate = try DotProductCharacterisation.evaluate(macro(a), x: x, w: w, transpose: false)
        return DotProductCharacterisation.Stats(macro: approx, exact: accurate)
    }

    /// Zero mean within sampling error (the standard error of the mean is sd/√20000 ≈ 0.007 sd) for
    /// signed, ReLU-like and uniform operands in BF16 and FP8; without the bias unit the lower-part-OR
    /// error (always ≥ 0) leaves a positive mean.
    @Test func biasUnitMakesTheErrorZeroMean() throws {
        for format in [NumberFormat.bf16, .fp8E4M3] { for operands in DotProductCharacterisation.Operands.allCases {
            let s = try stats(format, operands: operands)
            #expect(s.sdError > 0)
            #expect(abs(s.meanError) < 0.1 * s.sdError, "\(format) \(operands): mean \(s.meanError) sd \(s.sdError)")
        } }
        let without = try stats(.bf16, bias: false)
        #expect(without.meanError > 0.3 * without.sdError, "without bias: mean \(without.meanError) sd \(without.sdError)")
    }
}
