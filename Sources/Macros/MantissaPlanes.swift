/// A stored block of integer mantissas (K rows × N columns) laid out for the MAC: the full values,
/// each 4-bit nibble, and for the approximate mode the nibble's low-bit masks, as Float matrices ready
/// for sgemm, plus bit-3 masks for the approximate adder tree's first stage.
struct MantissaPlanes {
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

    var nibbleCount: Int { mantissaBits <= 4 ? 1 : 2 }

    /// Builds the planes from integer mantissas read by `value(row, col)`.
    init(k: Int, n: Int, mantissaBits: Int, value: (Int, Int) -> Int32) {
        self.k = k
        self.n = n
        self.mantissaBits = mantissaBits
        let count = mantissaBits <= 4 ? 1 : 2
        full = [Float](repeating: 0, count: k * n)
        nibble = Array(repeating: [Float](repeating: 0, count: k * n), count: count)
        stacked = Array(repeating: [Float](repeating: 0, count: 4 * k * n), count: count)
        combined = [Float](repeating: 0, count: 4 * k * n)
        bit3Mask = Array(repeating: Array(repeating: [UInt8](repeating: 0, count: 2 * k * n), count: 2), count: count)
        for r in 0..<k { for c in 0..<n {
            let m = Int(value(r, c))
            let i = r * n + c
            full[i] = Float(m)
            combined[i] = Float(m)
            let parts: [Int] = count == 1 ? [m] : [m >> 4, m & 15]
            for q in 0..<count {
                let v = parts[q], bits = v & 15
                nibble[q][i] = Float(v)
                let weightSigned = count == 1 || q == 0
                for inputSigned in 0..<2 {
                    let mask = DMBP.bit3MaskTable[inputSigned * 2 + (weightSigned ? 1 : 0)][bits]
                    bit3Mask[q][inputSigned][i] = UInt8(mask & 0xFF)
                    bit3Mask[q][inputSigned][k * n + i] = UInt8(mask >> 8)
                }
                stacked[q][i] = Float(v)
                stacked[q][k * n + i] = Float(bits & 7)
                stacked[q][2 * k * n + i] = Float(bits & 3)
                stacked[q][3 * k * n + i] = Float(bits & 1)
                let c = Float(1 << (4 * (count - 1 - q)))
                combined[k * n + i] += c * Float(bits & 7)
                combined[2 * k * n + i] += c * Float(bits & 3)
                combined[3 * k * n + i] += c * Float(bits & 1)
            }
        } }
    }
}
