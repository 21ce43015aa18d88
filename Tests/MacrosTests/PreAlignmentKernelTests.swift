import CAlign
import CVectorPath
import Foundation
import Testing
import Macros
import Variation

/// The pre-alignment of input rows and weight columns (the vector kernels of CAlign behind
/// ``PreAlignment``) against a reference written here from the model's definition (MODELS §5), on
/// every vector path the CPU has, over whole matrices whose values span the formats' range (zeros, −0,
/// subnormals, saturating ones).
@Suite struct PreAlignmentKernelTests {
    /// Values of 37 rows × 150 columns (groups of 64, 64 and 22 per row): N(0, 1) times 2^k with k
    /// uniform in [lowExponent, 12], one row all zero, one holding −0, a subnormal (2^−133) and −2.5.
    static func matrix(lowExponent: Int, seed: UInt64) -> [Float] {
        let stream = RandomStream(seed: StreamSeed(seed))
        var v = (0..<(37 * 150)).map { _ -> Float in
            let k = lowExponent + Int(stream.uniform(0, Double(13 - lowExponent)))
            return Float(stream.gaussian(sigma: 1) * pow(2, Double(k)))
        }
        for c in 0..<150 { v[5 * 150 + c] = 0 }
        for c in 0..<150 { v[9 * 150 + c] = c == 3 ? -0.0 : (c == 70 ? Float(bitPattern: 0x0001_0000) : (c == 71 ? -2.5 : 0)) }
        return v
    }

    /// The model's alignment of one matrix, from its definition, in this file's own arithmetic: groups
    /// of 64 along each row (input vectors; quanta rows × groups) or, `downColumns`, down each column
    /// (weight columns; quanta groups × cols).
    static func reference(_ x: [Float], rows: Int, cols: Int, _ a: PreAlignment, downColumns: Bool) -> (m: [Float], q: [Float]) {
        let g = PreAlignment.groupSize
        let length = downColumns ? rows : cols, lines = downColumns ? cols : rows, groups = (length + g - 1) / g
        let r = x.map { a.format.round($0) }
        let lim = Double((1 << (a.mantissaBits - 1)) - 1)
        func quantum(_ maxAbs: Float) -> Float {
            guard maxAbs > 0 else { return 0 }
            if a.format.isInteger { return maxAbs / Float(lim) }
            let e = frexp(Double(maxAbs)).1 - 1  // ⌊log2 M⌋: M = f·2^e with f in [0.5, 1)
            return Float(pow(2.0, Double(e + 2 - a.mantissaBits)))  // Float rounds 2^k below 2^−149 to 0 or 2^−149
        }
        let tensorQ = quantum(r.map { abs($0) }.max()!)
        var m = [Float](repeating: .nan, count: x.count), q = [Float](repeating: .nan, count: lines * groups)
        for line in 0..<lines {
            for gi in 0..<groups {
                let idx = ((gi * g)..<min(length, (gi + 1) * g)).map { downColumns ? $0 * cols + line : line * cols + $0 }
                let qq = a.alignment == .vector ? quantum(idx.map { abs(r[$0]) }.max()!) : tensorQ
                q[downColumns ? gi * cols + line : line * groups + gi] = qq
                for i in idx {
                    if qq == 0 { m[i] = 0; continue }
                    if a.format.isInteger {
                        m[i] = Float(max(-lim, min(lim, Double((r[i] / qq).rounded(.toNearestOrEven)))))
                    } else {
                        let f = min((Double(abs(r[i])) / Double(qq)).rounded(.down), lim)
                        m[i] = r[i] < 0 ? -Float(f) : Float(f)
                    }
                }
            }
        }
        return (m, q)
    }

    func aligned(_ x: [Float], rows: Int, cols: Int, _ a: PreAlignment, downColumns: Bool) throws -> (m: [Float], q: [Float]) {
        let g = PreAlignment.groupSize
        let count = downColumns ? (rows + g - 1) / g * cols : rows * ((cols + g - 1) / g)
        var m = [Float](repeating: .nan, count: x.count), q = [Float](repeating: .nan, count: count)
        try a.align(x, rows: rows, cols: cols, alongRows: downColumns, mantissas: &m, quanta: &q)
        return (m, q)
    }

    static let cases: [(PreAlignment, Int)] = [
        (PreAlignment(format: .bf16), -150), (PreAlignment(format: .bf16, alignment: .tensor), -40),
        (PreAlignment(format: .bf16, mantissaBits: 12), -150), (PreAlignment(format: .fp8E4M3), -12),
        (PreAlignment(format: .fp8E5M2, alignment: .tensor), -20), (PreAlignment(format: .int8), -30),
        (PreAlignment(format: .int4, alignment: .tensor), -6), (PreAlignment(format: .fp32), -155),
    ]

    /// Input rows (37 × 150: groups of 64, 64, 22 per row) and weight columns (the same values as a
    /// 150 × 37 matrix: groups of 64, 64, 22 down each column).
    @Test(arguments: 0..<8, [false, true]) func groupsAlignAsTheModelDefinesOnEveryPath(_ index: Int, downColumns: Bool) throws {
        let (a, low) = Self.cases[index]
        let x = Self.matrix(lowExponent: low, seed: UInt64(40 + index))
        let (rows, cols) = downColumns ? (150, 37) : (37, 150)
        let expected = Self.reference(x, rows: rows, cols: cols, a, downColumns: downColumns)
        defer { cimpvt_cap_vector_path(2) }
        var paths = 0
        for level in 0...2 {
            cimpvt_cap_vector_path(Int32(level))
            guard cimpvt_vector_path() == level else { continue }
            paths += 1
            let got = try aligned(x, rows: rows, cols: cols, a, downColumns: downColumns)
            // Quanta bit for bit; mantissas by value (an integer mantissa of −0 is 0).
            let badQ = zip(got.q, expected.q).filter { $0.bitPattern != $1.bitPattern }.count
            let badM = zip(got.m, expected.m).filter { $0 != $1 }.count
            #expect(badQ == 0 && badM == 0, "path \(level), case \(index): \(badQ) quanta, \(badM) mantissas differ")
        }
        #expect(paths >= 1)
        // The cases reach what they are for: INT mantissas at the limit, FP ones in the top binade
        // [2^(B−2), 2^(B−1)); all-zero groups with q = 0 (vector alignment); FP values below one quantum.
        let lim = Float((1 << (a.mantissaBits - 1)) - 1)
        let top = expected.m.map(abs).max()!
        #expect(a.format.isInteger ? top == lim : top >= Float(1 << (a.mantissaBits - 2)))
        if a.alignment == .vector && !downColumns { #expect(expected.q.contains(0)) }
        if !a.format.isInteger { #expect(zip(x, expected.m).contains { $0 != 0 && $1 == 0 }) }
    }

    @Test func nonFiniteRowIsReportedWithItsValueOnEveryPath() {
        defer { cimpvt_cap_vector_path(2) }
        for level in 0...2 {
            cimpvt_cap_vector_path(Int32(level))
            var x = [Float](repeating: 1, count: 70)
            x[66] = .nan
            #expect(throws: MacroError.self) { try aligned(x, rows: 1, cols: 70, PreAlignment(format: .bf16), downColumns: false) }
            x[66] = 3.4e38  // finite, but rounds to +∞ in BF16
            #expect(throws: MacroError.nonFiniteValue(3.4e38)) { try aligned(x, rows: 2, cols: 35, PreAlignment(format: .bf16), downColumns: true) }
        }
    }
}

/// The other kernels of the digital macro's read-out (CAlign): the scaling of integer sums back by
/// their quanta and the nonzero counts of the energy model, against loops written here, on every path.
@Suite struct ReadOutKernelTests {
    @Test func sumsScaleBackByTheirQuantaOnEveryPath() {
        let rows = 9, n = 21, lds = 23, ldo = 25
        let stream = RandomStream(seed: StreamSeed(7))
        var s = (0..<(rows * lds)).map { _ in Float(Int(stream.uniform(-300, 300))) }
        s[3] = -0.0  // 0 + q·(−0) is +0: a written sum is never −0
        var q = (0..<(2 * rows)).map { _ in Float(sign: .plus, exponent: Int(stream.uniform(-20, 4)), significand: 1) }
        q[2 * 4] = 0  // row 4: an all-zero group
        let w = (0..<n).map { _ in Float(stream.gaussian(sigma: 1)) }
        let start = (0..<(rows * ldo)).map { _ in Float(stream.gaussian(sigma: 1)) }
        // The reference: the read-out as the macro defines it, in this file's own loops.
        func reference(withWeights: Bool, accumulate: Bool) -> [Float] {
            var out = start
            for b in 0..<rows {
                let qb = q[2 * b]
                for j in 0..<n {
                    let i = b * ldo + j
                    if qb == 0 { if !withWeights && !accumulate { out[i] = 0 }; continue }
                    if withWeights { out[i] += qb * w[j] * s[b * lds + j] }
                    else if accumulate { out[i] += qb * s[b * lds + j] }
                    else { out[i] = 0 + qb * s[b * lds + j] }
                }
            }
            return out
        }
        defer { cimpvt_cap_vector_path(2) }
        for level in 0...2 {
            cimpvt_cap_vector_path(Int32(level))
            guard cimpvt_vector_path() == level else { continue }
            for (withWeights, accumulate) in [(true, true), (false, true), (false, false)] {
                var out = start
                cimpvt_align_scale_rows(&out, ldo, s, lds, q, 2, withWeights ? w : nil, rows, n, accumulate ? 1 : 0)
                let expected = reference(withWeights: withWeights, accumulate: accumulate)
                #expect(out.map(\.bitPattern) == expected.map(\.bitPattern), "path \(level), weights \(withWeights), accumulate \(accumulate)")
                // Columns past n (the stride's padding) untouched.
                #expect((0..<rows).allSatisfy { b in (n..<ldo).allSatisfy { out[b * ldo + $0] == start[b * ldo + $0] } })
            }
        }
    }

    @Test func nonzeroCountsPerPositionOnEveryPath() {
        let rows = 37, k = 70, lda = 75
        let stream = RandomStream(seed: StreamSeed(8))
        let a = (0..<(rows * lda)).map { _ in stream.uniform01() < 0.4 ? Float(0) : Float(stream.gaussian(sigma: 3)) }
        var expected = [Int32](repeating: 5, count: k)
        for b in 0..<rows { for i in 0..<k where a[b * lda + i] != 0 { expected[i] += 1 } }
        defer { cimpvt_cap_vector_path(2) }
        for level in 0...2 {
            cimpvt_cap_vector_path(Int32(level))
            guard cimpvt_vector_path() == level else { continue }
            var counts = [Int32](repeating: 5, count: k)
            cimpvt_align_count_nonzero(a, lda, rows, k, &counts)
            #expect(counts == expected, "path \(level)")
        }
        #expect(expected.min()! > 5 + 10 && expected.max()! < 5 + 30)  // the draw has zeros and nonzeros everywhere
    }
}
