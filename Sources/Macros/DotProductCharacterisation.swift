import Variation

/// 64-element dot products pushed through a macro at a corner and die, and their error statistics
/// against the exact FP64 dot product (what `cimpvt mac` and `mac-stats` print).
public enum DotProductCharacterisation {
    /// Error statistics of n dot products: e_i = macro_i − exact_i.
    public struct Stats: Sendable, Codable, Hashable {
        /// mean|e| / max|exact|.
        public var nmed: Double
        /// √mean(e²).
        public var rmse: Double
        /// mean(e).
        public var meanError: Double
        /// max|e|.
        public var maxError: Double
        /// Standard deviation of e.
        public var sdError: Double
        public var samples: Int
        /// Least-squares slope of macro output against the exact product (through the origin): the
        /// macro's gain, 1 for a macro that neither reads high nor low.
        public var gain: Double

        public init(macro: [Double], exact: [Double]) {
            let e = zip(macro, exact).map { $0 - $1 }
            let n = Double(e.count)
            samples = e.count
            let mean = e.reduce(0, +) / n
            meanError = mean
            rmse = (e.reduce(0) { $0 + $1 * $1 } / n).squareRoot()
            maxError = e.map(abs).max() ?? 0
            let maxExact = exact.map(abs).max() ?? 0
            nmed = maxExact > 0 ? e.reduce(0) { $0 + abs($1) } / n / maxExact : 0
            sdError = (e.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / max(n - 1, 1)).squareRoot()
            let power = exact.reduce(0) { $0 + $1 * $1 }
            gain = power > 0 ? zip(macro, exact).reduce(0) { $0 + $1.0 * $1.1 } / power : 1
        }
    }

    /// Dot products of pairs (x_i, w_i), each 64 long, through a 64×64 `macro` in chunks of 64 pairs:
    /// forward (W columns = w_i, batch rows = x_i) or, with `transpose`, the backward path
    /// (W rows = w_i, δ rows = x_i). Returns the diagonal: one result per pair.
    public static func evaluate(_ macro: CIMMacro, x: [[Float]], w: [[Float]], transpose: Bool) throws -> [Double] {
        let n = 64
        precondition(macro.inputs == n && macro.outputs == n)
        var out = [Double]()
        out.reserveCapacity(x.count)
        var start = 0
        while start < x.count {
            let m = min(n, x.count - start)
            var wm = [Float](repeating: 0, count: n * n)
            var xm = [Float](repeating: 0, count: m * n)
            for i in 0..<m {
                for k in 0..<n {
                    if transpose { wm[i * n + k] = w[start + i][k] } else { wm[k * n + i] = w[start + i][k] }
                    xm[i * n + k] = x[start + i][k]
                }
            }
            try macro.write(weights: wm)
            var y = [Float](repeating: 0, count: m * n)
            if transpose { try macro.backward(xm, batch: m, into: &y) } else { try macro.forward(xm, batch: m, into: &y) }
            for i in 0..<m { out.append(Double(y[i * n + i])) }
            start += m
        }
        return out
    }

    /// Exact FP64 dot products.
    public static func exact(x: [[Float]], w: [[Float]]) -> [Double] {
        zip(x, w).map { a, b in zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) } }
    }

    /// Distributions of the operands of ``randomPairs(count:stream:operands:)``.
    public enum Operands: String, Sendable, CaseIterable {
        /// x, w ~ N(0, 1) i.i.d.
        case signed
        /// x = |N(0, 1)| (half-normal: ReLU-like activations), w ~ N(0, 1).
        case unsigned
        /// x, w ~ U(−1, 1) i.i.d. (GSL flat).
        case uniform
    }

    /// `count` random pairs of 64-element vectors from a GSL stream (x then w of each pair).
    public static func randomPairs(count: Int, stream: RandomStream, operands: Operands = .signed) -> (x: [[Float]], w: [[Float]]) {
        var x = [[Float]](), w = [[Float]]()
        func draw() -> Float {
            operands == .uniform ? Float(2 * stream.uniform01() - 1) : Float(stream.gaussian(sigma: 1))
        }
        for _ in 0..<count {
            x.append((0..<64).map { _ in operands == .unsigned ? abs(draw()) : draw() })
            w.append((0..<64).map { _ in draw() })
        }
        return (x, w)
    }
}
