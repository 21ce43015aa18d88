import CADC
import Foundation
import Testing
import Macros
import Variation

/// The C conversion kernels behind the analog read path: hand-worked cases, and the AVX2 path equal
/// to the scalar path bit for bit.
@Suite struct ADCConversionTests {
    /// Runs `body` on the scalar path and on each vector path the CPU has (AVX2, AVX-512), and returns
    /// the scalar result and the vector results (empty on a CPU without AVX2). The switch is per
    /// thread, and `body` runs synchronously on this one.
    func onEveryPath<T>(_ body: () throws -> T) rethrows -> (scalar: T, vector: [T]) {
        defer { cimpvt_adc_cap_path(2) }
        cimpvt_adc_cap_path(0)
        let scalar = try body()
        var vector: [T] = []
        for level in 1...2 {
            cimpvt_adc_cap_path(Int32(level))
            if cimpvt_adc_vector_path() == level { vector.append(try body()) }
        }
        return (scalar, vector)
    }

    @Test func bitPlanesHoldTwosComplementBits() {
        // Two inputs of 9 values (one full AVX2 group and a scalar tail), 8 bits: −1 = 1111 1111,
        // 5 = 0000 0101, −128 = 1000 0000, 127 = 0111 1111.
        let x: [Float] = [-1, 5, -128, 127, 0, 0, 0, 0, 5,
                          5, 5, 5, 5, 5, 5, 5, 5, 0]
        let (k, batch, bits) = (9, 2, 8)
        let (scalar, vector) = onEveryPath { () -> ([Float], UInt32) in
            var planes = [Float](repeating: -1, count: bits * batch * k)
            let any = cimpvt_adc_bit_planes(&planes, x, k, batch, k, bits)
            return (planes, any)
        }
        #expect(vector.allSatisfy { $0.0 == scalar.0 && $0.1 == scalar.1 })
        let planes = scalar.0
        func bit(_ t: Int, _ b: Int, _ i: Int) -> Float { planes[(t * batch + b) * k + i] }
        #expect((0..<8).map { bit($0, 0, 0) } == [1, 1, 1, 1, 1, 1, 1, 1])  // −1
        #expect((0..<8).map { bit($0, 0, 1) } == [1, 0, 1, 0, 0, 0, 0, 0])  // 5
        #expect((0..<8).map { bit($0, 0, 2) } == [0, 0, 0, 0, 0, 0, 0, 1])  // −128
        #expect((0..<8).map { bit($0, 0, 3) } == [1, 1, 1, 1, 1, 1, 1, 0])  // 127
        #expect((0..<8).map { bit($0, 0, 8) } == [1, 0, 1, 0, 0, 0, 0, 0])  // 5, scalar tail
        #expect(scalar.1 == 0xFF)
        // Non-negative inputs leave the sign plane empty: its bit is clear in the mask.
        let positive = onEveryPath { () -> UInt32 in
            var planes = [Float](repeating: 0, count: bits * k)
            return cimpvt_adc_bit_planes(&planes, Array(x[9...]), k, 1, k, bits)
        }
        #expect(positive.scalar == 0b101 && positive.vector.allSatisfy { $0 == 0b101 })
    }

    /// Without noise (σ = 0: low = high = 0, nothing is near) the first pass is the whole conversion:
    /// acc[b, c] += Σ_t w_t · clip(round(v + o)), worked by hand for 2 input bits × 2 inputs × 9 columns.
    /// The rows are stored with a padded stride of 11; the padding (1000) must never be read.
    @Test func sumOfCodesMatchesAHandWorkedBlock() {
        let width = 9, batch = 2
        // Row t·batch + b. Column c has offset o_c = 0.25·(c mod 3) − 0.25 ∈ {−0.25, 0, 0.25}.
        let offsets = (0..<width).map { Float($0 % 3) * 0.25 - 0.25 }
        let v: [Float] = [0.3, 1.6, 2.5, 3.74, -0.8, 7.9, 126.6, 5.2, 0.5,   // t = 0, b = 0
                          1, 1, 1, 1, 1, 1, 1, 1, 1,                          // t = 0, b = 1
                          2.2, 0, 0, 0, 0, 0, 0, 0, 9.4,                      // t = 1, b = 0
                          0, 0, 0, 0, 0, 0, 0, 0, 0]                          // t = 1, b = 1
        let weight: [Float] = [1, -2]
        let (scalar, vector) = onEveryPath { () -> ([Float], Int, Int) in
            var acc = [Float](repeating: 100, count: batch * 10)  // stride 10: one spare column per row
            var tags = [Int32](repeating: 0, count: 2 * batch * width + 16), us = [Float](repeating: 0, count: tags.count)
            let noTails = [UInt8](repeating: 0, count: 2 * batch * width / 8 + 2)
            let padded: [Float] = stride(from: 0, to: v.count, by: width).flatMap { Array(v[$0..<($0 + width)]) + [1000, 1000] }
            var clips = 0
            let near = cimpvt_adc_sum_codes(&acc, 10, padded, width + 2, offsets, batch, 2, width, weight, 0, 7, 0, 0,
                                            noTails, &tags, &us, &clips)
            return (acc, near, clips)
        }
        #expect(scalar.1 == 0 && vector.allSatisfy { $0.0 == scalar.0 && $0.1 == 0 })
        // Clipped (noiseless code outside [0, 7]): t=0,b=0 −0.8 → −1, 8.15 → 8, 126.35 → 126; t=1,b=0
        // 9.65 → 10. (−0.25 rounds to −0: inside.)
        #expect(scalar.2 == 4 && vector.allSatisfy { $0.2 == 4 }, "clips \(scalar.2) \(vector.map(\.2))")
        // u = v + o; codes round-half-even, clipped to [0, 7]:
        // t=0,b=0: u = 0.05, 1.6, 2.75, 3.49, −0.8, 8.15, 126.35, 5.2, 0.75 → 0, 2, 3, 3, 0, 7, 7, 5, 1
        // t=1,b=0: u = 1.95, 0, 0.25, −0.25, 0, 0.25, −0.25, 0, 9.65 → 2, 0, 0, 0, 0, 0, 0, 0, 7
        // t=0,b=1: u = 0.75, 1, 1.25 (×3) → 1, 1, 1; t=1,b=1: u = −0.25, 0, 0.25 → 0.
        let row0: [Float] = [0 - 4, 2, 3, 3, 0, 7, 7, 5, 1 - 14].map { 100 + $0 }
        let row1 = [Float](repeating: 101, count: 9)
        #expect(Array(scalar.0[0..<9]) == row0, "\(scalar.0[0..<9])")
        #expect(Array(scalar.0[10..<19]) == row1 && scalar.0[9] == 100 && scalar.0[19] == 100)
    }

    /// A skipped conversion (an input plane with no word line on) is presented as −∞: it adds 0 to
    /// the sums, is never near and is not counted as clipped, on every path. Two input bits × 17 columns
    /// (two vector strips and a scalar tail), weights 1 and 2, offsets 0.3, low/high ∓0.6 (every finite
    /// conversion near).
    @Test func skippedConversionsAddNothing() {
        let width = 17
        let v: [Float] = (0..<width).map { Float($0 % 5) } + [Float](repeating: -.infinity, count: width)
        let (scalar, vector) = onEveryPath { () -> ([Float], [Int32], Int) in
            var acc = [Float](repeating: 0, count: width)
            var tags = [Int32](repeating: -1, count: 2 * width + 16), us = [Float](repeating: 0, count: tags.count)
            var clips = 0
            let near = cimpvt_adc_sum_codes(&acc, width, v, width, [Float](repeating: 0.3, count: width), 1, 2, width, [1, 2],
                                            0, 3, -0.6, 0.6, [UInt8](repeating: 0, count: 8), &tags, &us, &clips)
            return (acc, Array(tags[0..<near]), clips)
        }
        // bit 0: u = (c mod 5) + 0.3 → codes 0, 1, 2, 3, 4 → clipped to 3 for c mod 5 = 4 (one clip each);
        // bit 1: all skipped.
        let expected: [Float] = (0..<width).map { Float(min($0 % 5, 3)) }
        #expect(scalar.0 == expected && vector.allSatisfy { $0.0 == expected })
        #expect(scalar.1 == (0..<width).map { Int32($0 << 3) } && vector.allSatisfy { $0.1 == scalar.1 })
        #expect(scalar.2 == 3 && vector.allSatisfy { $0.2 == 3 })
    }

    /// Near conversions are listed in the first pass's order, except those with a tail event, whose bit
    /// in the block's map keeps them off the list (their noise comes from the tails instead). One input
    /// bit, one input, 9 columns (the last in the scalar strip), low/high = ∓0.3 around u:
    /// near iff round(u − 0.3) ≠ round(u + 0.3).
    @Test func nearListSkipsConversionsWithATailEvent() {
        let v: [Float] = [0.1, 0.4, 0.6, 1.0, 1.45, 2.2, 2.8, 3.0, 3.5]
        let offsets = [Float](repeating: 0, count: 9)
        // far: 0.1 (0, 0), 1.0 (1, 1), 2.2 (2, 2.5 → 2 half-even), 3.0 (3, 3); near: columns 1, 2, 4, 6, 8.
        var hits: [UInt8] = [0, 0, 0]
        func listed(_ hits: [UInt8]) -> (scalar: [Int32], vector: [[Int32]]) {
            onEveryPath { () -> [Int32] in
                var acc = [Float](repeating: 0, count: 9)
                var tags = [Int32](repeating: -1, count: 9 + 16), us = [Float](repeating: 0, count: 9 + 16)
                var clips = 0
                let near = cimpvt_adc_sum_codes(&acc, 9, v, 9, offsets, 1, 1, 9, [1], 0, 7, -0.3, 0.3, hits, &tags, &us, &clips)
                #expect(clips == 0)
                #expect(acc == [0, 0, 1, 1, 1, 2, 3, 3, 4])
                #expect(zip(tags[0..<near], us[0..<near]).allSatisfy { v[Int($0.0 >> 3)] == $0.1 })
                return Array(tags[0..<near])
            }
        }
        let all = listed(hits)
        #expect(all.scalar == [1, 2, 4, 6, 8].map { Int32($0 << 3) } && all.vector.allSatisfy { $0 == all.scalar })
        hits[0] = 0b0000_0100  // position 2
        hits[1] = 0b0000_0001  // position 8
        let some = listed(hits)
        #expect(some.scalar == [1, 4, 6].map { Int32($0 << 3) } && some.vector.allSatisfy { $0 == some.scalar })
    }

    /// The tail-event map has one row of ⌈width/8⌉ bytes per block row: with two rows of 9 columns (2 bytes
    /// each), byte 2 bit 4 is row 1, column 4 — only that conversion leaves the near list.
    @Test func tailMapRowsStartOnAByte() {
        let v: [Float] = [0.4, 0.6, 1.45, 2.8, 3.5, 0.4, 0.6, 1.45, 2.8,   // row 0 (t = 0, b = 0): all near
                          0.4, 0.6, 1.45, 2.8, 3.5, 0.4, 0.6, 1.45, 2.8]   // row 1 (t = 0, b = 1)
        let hits: [UInt8] = [0, 0, 0b0001_0000, 0, 0, 0]
        let listed = onEveryPath { () -> [Int32] in
            var acc = [Float](repeating: 0, count: 2 * 9)
            var tags = [Int32](repeating: -1, count: 2 * 9 + 16), us = [Float](repeating: 0, count: tags.count)
            var clips = 0
            let near = cimpvt_adc_sum_codes(&acc, 9, v, 9, [Float](repeating: 0, count: 9), 2, 1, 9, [1], 0, 7, -0.3, 0.3,
                                            hits, &tags, &us, &clips)
            return Array(tags[0..<near])
        }
        // Order (input b, strip, bit, column): row 0's nine, then row 1's without column 4 (acc position 9 + 4).
        let expected = (0..<9).map { Int32($0 << 3) } + [0, 1, 2, 3, 5, 6, 7, 8].map { Int32((9 + $0) << 3) }
        #expect(listed.scalar == expected)
        #expect(listed.vector.allSatisfy { $0 == expected })
    }

    /// A layer's forward and backward products, bit for bit on every path, over two passes (so the random
    /// streams advanced identically too). `config` shapes the blocks: the default (8 input bits, 8 weight
    /// bits) or odd input bits and a width that is not a multiple of 8 (the vector paths' odd-bit and
    /// partial-strip code).
    func productsOnEveryPath(_ config: AnalogMacroConfig, inputs: Int, outputs: Int, corner: Corner,
                             unsignedInputs: Bool = false) throws -> ([Float], [[Float]]) {
        let stream = RandomStream(seed: StreamSeed(77))
        let weights = (0..<(inputs * outputs)).map { _ in Float(stream.gaussian(sigma: 0.1)) }
        let x = (0..<(12 * inputs)).map { _ in
            let v = Float(stream.gaussian(sigma: 1))
            return unsignedInputs ? abs(v) : v
        }
        return try onEveryPath { () -> [Float] in
            let m = AnalogMacro.onDie(inputs: inputs, outputs: outputs, config: config, corner: corner, seed: 5,
                                      dieIndex: 2, card: TechnologyCard())
            try m.write(weights: weights)
            var out = [Float]()
            for _ in 0..<2 {
                var y = [Float](repeating: 0, count: 12 * outputs), g = [Float](repeating: 0, count: 12 * inputs)
                try m.forward(x, batch: 12, into: &y)
                try m.backward(y, batch: 12, into: &g)
                out += y + g
            }
            return out
        }
    }

    /// A whole layer's forward and backward products with mismatch, offsets and read noise at 125 °C
    /// (the largest σ, the most refinements): equal, bit for bit, on the scalar and vector paths, over
    /// two passes (so the random streams advanced identically too).
    @Test func vectorAndScalarPathsAgreeBitForBit() throws {
        let corner = Corner(process: .SS, vdd: 0.8, temperatureC: 125)
        let (scalar, vector) = try productsOnEveryPath(AnalogMacroConfig(), inputs: 96, outputs: 40, corner: corner)
        #expect(scalar.count == 2 * 12 * (40 + 96))
        #expect(vector.count == min(cimpvt_adc_vector_path(), 2))
        for (level, result) in vector.enumerated() {
            let differing = zip(scalar, result).filter { $0.bitPattern != $1.bitPattern }.count
            #expect(differing == 0, "\(differing) of \(scalar.count) outputs differ between the scalar path and vector path \(level + 1)")
        }
        #expect(Set(scalar).count > 100)  // a real product, not zeros
    }

    /// The same with 5 input bits (two pairs and an odd bit on the AVX-512 path) and 4-bit weights on
    /// 13 outputs (52 columns: a partial strip of 4 on the vector paths).
    @Test func vectorAndScalarPathsAgreeWithOddBitsAndPartialStrips() throws {
        var config = AnalogMacroConfig()
        config.inputBits = 5
        config.weightBits = 4
        let (scalar, vector) = try productsOnEveryPath(config, inputs: 70, outputs: 13,
                                                       corner: Corner(process: .SS, vdd: 0.8, temperatureC: 125))
        #expect(scalar.count == 2 * 12 * (13 + 70) && Set(scalar).count > 100)
        #expect(vector.count == min(cimpvt_adc_vector_path(), 2))
        for result in vector { #expect(zip(scalar, result).allSatisfy { $0.bitPattern == $1.bitPattern }) }
    }

    /// Unsigned forward inputs (8 planes, no sign) and the encodings with two read columns per magnitude
    /// bit, with the read noise both in the regime where every conversion is near (7 bits: σ ≈ 0.37 LSB,
    /// the fused first pass on AVX-512) and where most are far (5 bits: σ ≈ 0.09 LSB, listed then
    /// decided): equal bit for bit on every path.
    @Test(arguments: [(AnalogWeightEncoding.signMagnitude, 7), (.differential, 5), (.twosComplement, 5)])
    func vectorAndScalarPathsAgreeOnUnsignedInputsAndEveryEncoding(encoding: AnalogWeightEncoding, adcBits: Int) throws {
        var config = AnalogMacroConfig()
        config.weightEncoding = encoding
        config.adcBits = adcBits
        let (scalar, vector) = try productsOnEveryPath(config, inputs: 72, outputs: 20,
                                                       corner: Corner(process: .SS, vdd: 0.8, temperatureC: 125),
                                                       unsignedInputs: true)
        #expect(scalar.count == 2 * 12 * (20 + 72) && Set(scalar).count > 100)
        #expect(vector.count == min(cimpvt_adc_vector_path(), 2))
        for result in vector { #expect(zip(scalar, result).allSatisfy { $0.bitPattern == $1.bitPattern }) }
    }
}
