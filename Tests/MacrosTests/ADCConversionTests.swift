import CADC
import Foundation
import Testing
import Macros
import Variation

/// The C conversion kernels behind the analog read path: hand-worked cases, and the AVX2 path equal
/// to the scalar path bit for bit.
@Suite struct ADCConversionTests {
    /// Runs `body` once on the scalar path and once on the vector path (the same path twice on a CPU
    /// without AVX2). The switch is per thread, and `body` runs synchronously on this one.
    func onBothPaths<T>(_ body: () throws -> T) rethrows -> (scalar: T, vector: T) {
        cimpvt_adc_force_scalar(1)
        let scalar = try body()
        cimpvt_adc_force_scalar(0)
        return (scalar, try body())
    }

    @Test func bitPlanesHoldTwosComplementBits() {
        // Two inputs of 9 values (one full AVX2 group and a scalar tail), 8 bits: −1 = 1111 1111,
        // 5 = 0000 0101, −128 = 1000 0000, 127 = 0111 1111.
        let x: [Float] = [-1, 5, -128, 127, 0, 0, 0, 0, 5,
                          5, 5, 5, 5, 5, 5, 5, 5, 0]
        let (k, batch, bits) = (9, 2, 8)
        let (scalar, vector) = onBothPaths { () -> ([Float], UInt32) in
            var planes = [Float](repeating: -1, count: bits * batch * k)
            let any = cimpvt_adc_bit_planes(&planes, x, k, batch, k, bits)
            return (planes, any)
        }
        #expect(scalar.0 == vector.0 && scalar.1 == vector.1)
        let planes = scalar.0
        func bit(_ t: Int, _ b: Int, _ i: Int) -> Float { planes[(t * batch + b) * k + i] }
        #expect((0..<8).map { bit($0, 0, 0) } == [1, 1, 1, 1, 1, 1, 1, 1])  // −1
        #expect((0..<8).map { bit($0, 0, 1) } == [1, 0, 1, 0, 0, 0, 0, 0])  // 5
        #expect((0..<8).map { bit($0, 0, 2) } == [0, 0, 0, 0, 0, 0, 0, 1])  // −128
        #expect((0..<8).map { bit($0, 0, 3) } == [1, 1, 1, 1, 1, 1, 1, 0])  // 127
        #expect((0..<8).map { bit($0, 0, 8) } == [1, 0, 1, 0, 0, 0, 0, 0])  // 5, scalar tail
        #expect(scalar.1 == 0xFF)
        // Non-negative inputs leave the sign plane empty: its bit is clear in the mask.
        let positive = onBothPaths { () -> UInt32 in
            var planes = [Float](repeating: 0, count: bits * k)
            return cimpvt_adc_bit_planes(&planes, Array(x[9...]), k, 1, k, bits)
        }
        #expect(positive.scalar == 0b101 && positive.vector == 0b101)
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
        let (scalar, vector) = onBothPaths { () -> ([Float], Int) in
            var acc = [Float](repeating: 100, count: batch * 10)  // stride 10: one spare column per row
            var tags = [Int32](repeating: 0, count: 2 * batch * width + 8), us = [Float](repeating: 0, count: tags.count)
            let noTails = [UInt8](repeating: 0, count: 2 * batch * width / 8 + 2)
            let padded: [Float] = stride(from: 0, to: v.count, by: width).flatMap { Array(v[$0..<($0 + width)]) + [1000, 1000] }
            let near = cimpvt_adc_sum_codes(&acc, 10, padded, width + 2, offsets, batch, 2, width, weight, 0, 7, 0, 0,
                                            noTails, &tags, &us)
            return (acc, near)
        }
        #expect(scalar.0 == vector.0 && scalar.1 == 0 && vector.1 == 0)
        // u = v + o; codes round-half-even, clipped to [0, 7]:
        // t=0,b=0: u = 0.05, 1.6, 2.75, 3.49, −0.8, 8.15, 126.35, 5.2, 0.75 → 0, 2, 3, 3, 0, 7, 7, 5, 1
        // t=1,b=0: u = 1.95, 0, 0.25, −0.25, 0, 0.25, −0.25, 0, 9.65 → 2, 0, 0, 0, 0, 0, 0, 0, 7
        // t=0,b=1: u = 0.75, 1, 1.25 (×3) → 1, 1, 1; t=1,b=1: u = −0.25, 0, 0.25 → 0.
        let row0: [Float] = [0 - 4, 2, 3, 3, 0, 7, 7, 5, 1 - 14].map { 100 + $0 }
        let row1 = [Float](repeating: 101, count: 9)
        #expect(Array(scalar.0[0..<9]) == row0, "\(scalar.0[0..<9])")
        #expect(Array(scalar.0[10..<19]) == row1 && scalar.0[9] == 100 && scalar.0[19] == 100)
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
        func listed(_ hits: [UInt8]) -> (scalar: [Int32], vector: [Int32]) {
            onBothPaths { () -> [Int32] in
                var acc = [Float](repeating: 0, count: 9)
                var tags = [Int32](repeating: -1, count: 17), us = [Float](repeating: 0, count: 17)
                let near = cimpvt_adc_sum_codes(&acc, 9, v, 9, offsets, 1, 1, 9, [1], 0, 7, -0.3, 0.3, hits, &tags, &us)
                #expect(acc == [0, 0, 1, 1, 1, 2, 3, 3, 4])
                #expect(zip(tags[0..<near], us[0..<near]).allSatisfy { v[Int($0.0 >> 3)] == $0.1 })
                return Array(tags[0..<near])
            }
        }
        let all = listed(hits)
        #expect(all.scalar == [1, 2, 4, 6, 8].map { Int32($0 << 3) } && all.vector == all.scalar)
        hits[0] = 0b0000_0100  // position 2
        hits[1] = 0b0000_0001  // position 8
        let some = listed(hits)
        #expect(some.scalar == [1, 4, 6].map { Int32($0 << 3) } && some.vector == some.scalar)
    }

    /// A whole layer's forward and backward products with mismatch, offsets and read noise at 125 °C
    /// (the largest σ, the most refinements): equal, bit for bit, on the scalar and vector paths, over
    /// two passes (so the random streams advanced identically too).
    @Test func vectorAndScalarPathsAgreeBitForBit() throws {
        let corner = Corner(process: .SS, vdd: 0.8, temperatureC: 125)
        let stream = RandomStream(seed: StreamSeed(77))
        let weights = (0..<(96 * 40)).map { _ in Float(stream.gaussian(sigma: 0.1)) }
        let x = (0..<(12 * 96)).map { _ in Float(stream.gaussian(sigma: 1)) }
        let (scalar, vector) = try onBothPaths { () -> [Float] in
            let m = AnalogMacro.onDie(inputs: 96, outputs: 40, config: AnalogMacroConfig(), corner: corner, seed: 5,
                                      dieIndex: 2, card: TechnologyCard())
            try m.write(weights: weights)
            var out = [Float]()
            for _ in 0..<2 {
                var y = [Float](repeating: 0, count: 12 * 40), g = [Float](repeating: 0, count: 12 * 96)
                try m.forward(x, batch: 12, into: &y)
                try m.backward(y, batch: 12, into: &g)
                out += y + g
            }
            return out
        }
        #expect(scalar.count == 2 * 12 * (40 + 96))
        let differing = zip(scalar, vector).filter { $0.bitPattern != $1.bitPattern }.count
        #expect(differing == 0, "\(differing) of \(scalar.count) outputs differ between the scalar and vector paths")
        #expect(Set(scalar).count > 100)  // a real product, not zeros
    }
}
