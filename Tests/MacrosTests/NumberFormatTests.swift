import Testing
import Variation
import Macros

/// Hand-worked rounding and alignment cases.
@Suite struct NumberFormatTests {
    @Test func e4m3RoundsTiesToEvenAndSaturates() {
        let f = NumberFormat.fp8E4M3
        // [1, 2) has quantum 1/8: 1.0625 is a tie between 1.0 (even) and 1.125 → 1.0; 1.1875 → 1.25 (even).
        #expect(f.round(1.0625) == 1.0)
        #expect(f.round(1.1875) == 1.25)
        #expect(f.round(-1.0625) == -1.0)
        // Saturation at ±448; 464 (a tie between 448 and 480) also saturates.
        #expect(f.round(1000) == 448)
        #expect(f.round(-464) == -448)
        // Subnormals: quantum 2^-9 below 2^-6. 3·2^-10 is a tie between 2^-9 and 2^-8 → 2^-8 (mantissa 2, even).
        #expect(f.round(0x1.8p-9) == 0x1p-8)
        #expect(f.round(0x1p-11) == 0)
        #expect(f.round(0) == 0)
    }

    @Test func e5m2RoundsTiesToEvenAndSaturates() {
        let f = NumberFormat.fp8E5M2
        // [1, 2) has quantum 1/4: 1.125 ties → 1.0; 1.375 ties → 1.5.
        #expect(f.round(1.125) == 1.0)
        #expect(f.round(1.375) == 1.5)
        #expect(f.round(1e6) == 57344)
        #expect(f.round(-60000) == -57344)
        // Smallest subnormal 2^-16.
        #expect(f.round(0x1p-16) == 0x1p-16)
    }

    @Test func bf16TiesToEven() {
        // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: even is 1.0; 1 + 3·2^-8 ties → 1 + 2^-6.
        #expect(NumberFormat.roundBF16(1 + 0x1p-8) == 1)
        #expect(NumberFormat.roundBF16(1 + 0x1.8p-7) == 1 + 0x1p-6)
        #expect(NumberFormat.roundBF16(1 + 0x1.1p-8) == 1 + 0x1p-7)
        #expect(NumberFormat.roundBF16(-3.0) == -3.0)
    }

    func align(_ v: [Float], _ a: PreAlignment) throws -> ([Float], Float) {
        var m = [Float](repeating: 0, count: v.count), q: [Float] = [0]
        try a.align(v, rows: 1, cols: v.count, alongRows: false, mantissas: &m, quanta: &q)
        return (m, q[0])
    }

    @Test func preAlignmentHandWorkedGroup() throws {
        // BF16, B = 8: max = 3.0 → E = 1, q = 2^(1+2-8) = 1/32. 3.0 → 96; -0.5 → -16; 1/64 → ⌊0.5⌋ = 0
        // (shifted out entirely); 0.1 (BF16 0.10009765625) → ⌊3.203⌋ = 3.
        let (m, q) = try align([3.0, -0.5, 1.0 / 64, 0.1], PreAlignment(format: .bf16))
        #expect(q == 1.0 / 32)
        #expect(m == [96, -16, 0, 3])
        // Negative values truncate toward zero: -0.1 → -3 (two's complement 0b11111101).
        let (n, _) = try align([3.0, -0.1], PreAlignment(format: .bf16))
        #expect(n == [96, -3])
        #expect(UInt8(bitPattern: Int8(n[1])) == 0b1111_1101)
        // All-zero group: quantum 0, mantissas 0.
        let (z, qz) = try align([0, 0, 0], PreAlignment(format: .fp8E4M3))
        #expect(z == [0, 0, 0] && qz == 0)
        // FP8, B = 4: max 1.5 → E = 0, q = 2^-2: 1.5 → 6, 0.3 (E4M3: 0.3125) → 1.
        let (f, qf) = try align([1.5, 0.3], PreAlignment(format: .fp8E4M3))
        #expect(qf == 0.25 && f == [6, 1])
        // INT8: s = max/127, round half even.
        let (i, qi) = try align([127, -63.5, 0.5], PreAlignment(format: .int8))
        #expect(qi == 1 && i == [127, -64, 0])
    }

    /// A group of BF16 subnormals, as the δ of a confidently classified image reaches the transposed
    /// read late in training: max 2^−130 → E = −130, q = 2^(−130 + 2 − 8) = 2^−136 (whose reciprocal
    /// overflows FP32). 2^−130 → 64, −3·2^−133 → −24, 5·2^−133 → 40, 0 → 0: finite, by hand.
    @Test func subnormalGroupAlignsToFiniteMantissas() throws {
        let unit = Float(sign: .plus, exponent: -133, significand: 1)
        let (m, q) = try align([8 * unit, -3 * unit, 5 * unit, 0], PreAlignment(format: .bf16))
        #expect(q == Float(sign: .plus, exponent: -136, significand: 1))
        #expect(m == [64, -24, 40, 0])
        // Through a whole digital macro: δ = [2^−122, −3·2^−125, 5·2^−125, 0] times the identity's weight
        // quantum 2^−6 is a group with max 2^−128, q = 2^−134 (reciprocal overflows): the transposed read
        // returns δ exactly (mantissas 64, −24, 40, 0 times the weights' 64, times 2^−134).
        let u = Float(sign: .plus, exponent: -125, significand: 1)
        let macro = DigitalMacro.onDie(inputs: 4, outputs: 4, config: DigitalMacroConfig(), corner: Corner(process: .TT, vdd: 0.9, temperatureC: 27),
                                       seed: 1, dieIndex: 0, card: TechnologyCard())
        try macro.write(weights: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])
        var g = [Float](repeating: .nan, count: 4)
        try macro.backward([8 * u, -3 * u, 5 * u, 0], batch: 1, into: &g)
        #expect(g == [8 * u, -3 * u, 5 * u, 0], "\(g)")
    }

    @Test func nonFiniteInputIsAnError() {
        #expect(throws: MacroError.nonFiniteValue(.infinity)) { try align([1, .infinity], PreAlignment(format: .bf16)) }
        #expect(throws: MacroError.self) { try align([.nan], PreAlignment(format: .int8)) }
        // FP8 saturates large finite values but never turns ±∞ into ±448.
        #expect(throws: MacroError.nonFiniteValue(-.infinity)) { try align([1, -.infinity], PreAlignment(format: .fp8E4M3)) }
    }
}
