/// What the bias unit knows of one output's stored weight nibbles (one weight nibble position, one
/// output: a weight column of a 64-row group, or a row of a transposed block), computed when the
/// weights are written (MODELS §5, "sparsity-aware bias").
public struct DMBPColumnStatistics: Sendable, Equatable {
    /// round(8 · mean of (b & 7), (b & 3), (b & 1)) over the nonzero nibbles b (0 when all are zero).
    public let u7: Int, u3: Int, u1: Int
    /// For each input magnitude nibble a (0…15): round(16 · share of the rows whose approximate product
    /// M(a, b) has bit 3 set), zero weights included (their product is 0).
    public let bit3Sixteenths: [Int]

    /// From the output's stored magnitude nibbles (0…15), one per row.
    public init(weightNibbles b: [Int]) {
        let nonzero = b.filter { $0 != 0 }
        let n = nonzero.count
        func eighths(_ sum: Int) -> Int { n == 0 ? 0 : (16 * sum + n) / (2 * n) }  // round half up
        u7 = eighths(nonzero.reduce(0) { $0 + ($1 & 7) })
        u3 = eighths(nonzero.reduce(0) { $0 + ($1 & 3) })
        u1 = eighths(nonzero.reduce(0) { $0 + ($1 & 1) })
        let rows = b.count
        bit3Sixteenths = (0..<16).map { a in
            let hits = b.reduce(0) { $0 + ((DMBP.approximateProduct(a, $1) >> 3) & 1) }
            return rows == 0 ? 0 : (32 * hits + rows) / (2 * rows)
        }
    }
}
