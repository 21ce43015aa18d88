import Testing
import Variation
import Macros

/// The two's-complement approximate MAC (`mantissa_encoding = twos-complement`, the scheme of cimpvt ≤ 0.9):
/// hand-worked cases and its error statistics.
@Suite struct DMBPTests {
    @Test func handWorkedNibbleProducts() {
        // 7 × 7 = 49 = 0b110001; dropped bits with i+j ≤ 2 of a = b = 0b0111: 1+2+2+4+4+4 = 17 → 32.
        #expect(DMBP.approximateProduct(7, 7) == 32)
        // 5 × 3: a = 0b0101, b = 0b0011: dropped a0b0 (1) + a0b1 (2) + a2b0 (4) = 7 → 15 − 7 = 8.
        #expect(DMBP.approximateProduct(5, 3) == 8)
        // Signed: −8 × 7: raw a = 0b1000 has no low bits → exact −56.
        #expect(DMBP.approximateProduct(-8, 7) == -56)
        // −1 × −1: raw 0b1111 each, dropped 17 → 1 − 17 = −16.
        #expect(DMBP.approximateProduct(-1, -1) == -16)
        // Every approximate product is a multiple of 8.
        for a in -8...15 { for b in -8...15 { #expect(DMBP.approximateProduct(a, b) % 8 == 0) } }
    }

    @Test func handWorkedAdderTree() {
        // LOA width 4: 8 + 8 → upper (0 + 0 + carry 1) << 4 | (8|8) = 16 + 8 = 24 (exact 16: +8).
        #expect(DMBP.loaAdd(8, 8) == 24)
        #expect(DMBP.loaAdd(16, 8) == 24)
        #expect(DMBP.loaAdd(-8, 8) == 8)   // −8 = …11111000: carry 1, upper −1+0+1 = 0, low 8 → 8 (exact 0)
        // Tree of 4 leaves [8, 8, 16, 40]: first stage 24 and 56 (40 = 0b101000: 16|40 low = 8, carry 0, upper 16+32 = 48 → 56), then exact 80.
        #expect(DMBP.loaTreeSum([8, 8, 16, 40]) == 80)
        #expect(DMBP.loaError(leafBit3: 0b1011) == 8)
        // The reference group sum agrees with the tree on a hand case: x = [7, 7], w = [7, 7], B = 4, no bias:
        // products 32, 32 (bit 3 clear) → 64.
        #expect(DMBP.groupSum(x: [7, 7], w: [7, 7], mantissaBits: 4, withBias: false) == 64)
    }

    func macro(_ config: DigitalMacroConfig, corner: Corner = Corner(process: .TT, vdd: 0.9, temperatureC: 27), die: Int = 0) -> DigitalMacro {
        DigitalMacro.onDie(inputs: 64, outputs: 64, config: config, corner: corner, seed: 11, dieIndex: die, card: TechnologyCard())
    }

    /// The bias unit's expectation of the dropped partial products, from first principles: for input
    /// nibble a and a weight nibble b of fair-coin bits, E[Σ_{i+j≤2} a_i·b_j·2^(i+j)] by enumerating the 16
    /// weight nibbles — (7·a₀ + 6·a₁ + 4·a₂)/2 — against the table the macro uses.
    @Test func droppedExpectationFromFirstPrinciples() {
        for a in 0..<16 {
            var total = 0
            for b in 0..<16 { for i in 0..<3 { for j in 0..<(3 - i) where (a >> i) & 1 == 1 && (b >> j) & 1 == 1 { total += 1 << (i + j) } } }
            #expect(DMBP.droppedExpectation(a) == Float(total) / 16, "a = \(a): \(DMBP.droppedExpectation(a)) vs \(Float(total) / 16)")
        }
    }

    @Test func macroApproximateModeMatchesReferenceBitExactly() throws {
        for bits in [4, 8] {
            var c = DigitalMacroConfig()
            c.format = .int8; c.mantissaBits = bits; c.mode = .approximate; c.encoding = .twosComplement
            let m = macro(c)
            let stream = RandomStream(seed: StreamSeed(5))
            let lim = bits == 8 ? 127 : 7
            // Integer-valued inputs with max |v| = lim give scale 1: the mantissas are the values themselves.
            var xs = [[Int]](), ws = [[Int]]()
            // x_i[0] = lim sets each input group's scale; w_i[i] = lim sets every stored column's scale
            // in both the forward layout (column i = w_i) and the transposed one (column k = w_·[k]).
            for i in 0..<64 {
                var x = (0..<64).map { _ in stream.uniformInt(2 * lim + 1) - lim }; x[0] = lim
                var w = (0..<64).map { _ in stream.uniformInt(2 * lim + 1) - lim }; w[i] = lim
                xs.append(x); ws.append(w)
            }
            let y = try DotProductCharacterisation.evaluate(m, x: xs.map { $0.map(Float.init) }, w: ws.map { $0.map(Float.init) }, transpose: false)
            let yt = try DotProductCharacterisation.evaluate(m, x: xs.map { $0.map(Float.init) }, w: ws.map { $0.map(Float.init) }, transpose: true)
            for i in 0..<64 {
                let ref = Double(DMBP.groupSum(x: xs[i], w: ws[i], mantissaBits: bits))
                #expect(y[i] == ref, "B=\(bits) row \(i)")
                #expect(yt[i] == ref, "transpose B=\(bits) row \(i)")
            }
        }
    }

    func stats(bias: Bool, samples: Int = 50_000) throws -> DotProductCharacterisation.Stats {
        var c = DigitalMacroConfig()
        c.mode = .approximate; c.bias = bias; c.encoding = .twosComplement
        let (x, w) = DotProductCharacterisation.randomPairs(count: samples, stream: RandomStream(seed: StreamSeed(77)))
        var a = DigitalMacroConfig(); a.mode = .accurate; a.encoding = .twosComplement
        let approx = try DotProductCharacterisation.evaluate(macro(c), x: x, w: w, transpose: false)
        let accurate = try DotProductCharacterisation.evaluate(macro(a), x: x, w: w, transpose: false)
        return DotProductCharacterisation.Stats(macro: approx, exact: accurate)
    }

    @Test func biasCancelsTheMeanError() throws {
        let with = try stats(bias: true), without = try stats(bias: false)
        #expect(with.sdError > 0)
        #expect(abs(with.meanError) < 0.1 * with.sdError, "mean \(with.meanError) sd \(with.sdError)")
        #expect(abs(without.meanError) > 1.0 * without.sdError, "without bias: mean \(without.meanError) sd \(without.sdError)")
        // NMED of the approximate MAC against the accurate one, reported beside the paper's 5.3 %.
        print("two's-complement approximate BF16 NMED vs accurate: \(100 * with.nmed) % (paper: 5.3 %)")
    }

    @Test func accurateModeIsExactOnIntegers() throws {
        var c = DigitalMacroConfig(); c.format = .int8
        let xs = [[Float]](repeating: (0..<64).map { Float($0 % 9) - 4 } + [], count: 3).enumerated().map { i, v in v.map { $0 * Float(i + 1) } }
        let ws = (0..<3).map { i in (0..<64).map { Float(($0 * 7 + i) % 11) - 5 } }
        var xs2 = xs; for i in 0..<3 { xs2[i][0] = 127 }
        var ws2 = ws; for i in 0..<3 { ws2[i][0] = 127 }
        let y = try DotProductCharacterisation.evaluate(macro(c), x: xs2, w: ws2, transpose: false)
        #expect(y == DotProductCharacterisation.exact(x: xs2, w: ws2))
    }
}
