import Macros

/// One layer of a network as training runs it, on a batch of images laid out NHWC (``TensorShape``).
///
/// The trainer walks a list of these and never knows their kinds: it calls `forward` in order and
/// `backward` in reverse, and updates the ones that are ``WeightLayer``s.
protocol NetworkLayer: AnyObject {
    var inputShape: TensorShape { get }
    var outputShape: TensorShape { get }
    /// y = f(x) for `batch` images. `sample`: weight layers add their product's error against the
    /// ideal FP32 product to `errors`.
    func forward(_ x: UnsafePointer<Float>, batch: Int, into y: UnsafeMutablePointer<Float>, sample: Bool,
                 errors: inout MACErrorAccumulator) throws
    /// Given the input `x` of the last `forward` and the loss gradient `dy` at its output, writes the
    /// gradient at its input into `dx` (skipped when nil: nothing below needs it) and, for weight
    /// layers, stores the gradients of its parameters. `sample` as for `forward`, for the transposed read.
    func backward(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, batch: Int, into dx: UnsafeMutablePointer<Float>?,
                  sample: Bool, errors: inout MACErrorAccumulator) throws
}

/// A layer whose product runs on a macro instance: FP32 master weights W (rows × columns of the
/// macro, row-major) and bias b, their gradients from the last `backward`, and SGD momentum state.
protocol WeightLayer: NetworkLayer {
    var macro: CIMMacro { get }
    var weights: [Float] { get }
    var bias: [Float] { get }
    /// v ← μ·v + ∇, θ ← θ − η·v for W then b; false when a result is not finite.
    func update(eta: Float, mu: Float) -> Bool
}

/// The FP32 master parameters and optimiser state of one weight layer, shared by dense and conv layers.
struct LayerParameters {
    var weights: [Float]
    var bias: [Float]
    var gradW: [Float]
    var gradB: [Float]
    private var velocityW: [Float]
    private var velocityB: [Float]

    init(weights: [Float], bias: [Float]) {
        self.weights = weights
        self.bias = bias
        gradW = [Float](repeating: 0, count: weights.count)
        gradB = [Float](repeating: 0, count: bias.count)
        velocityW = gradW
        velocityB = gradB
    }

    /// SGD with momentum on W then b; false when a result is not finite.
    mutating func update(eta: Float, mu: Float) -> Bool {
        let a = Self.update(&weights, &velocityW, gradW, eta: eta, mu: mu)
        let b = Self.update(&bias, &velocityB, gradB, eta: eta, mu: mu)
        return a && b
    }

    private static func update(_ theta: inout [Float], _ v: inout [Float], _ grad: [Float], eta: Float, mu: Float) -> Bool {
        var ok = true
        theta.withUnsafeMutableBufferPointer { t in
            v.withUnsafeMutableBufferPointer { vv in
                grad.withUnsafeBufferPointer { g in
                    for i in 0..<t.count {
                        vv[i] = mu * vv[i] + g[i]
                        t[i] -= eta * vv[i]
                        ok = ok && t[i].isFinite
                    }
                }
            }
        }
        return ok
    }

    /// y[r][j] += b[j] for `rows` rows.
    func addBias(_ y: UnsafeMutablePointer<Float>, rows: Int) {
        let n = bias.count
        bias.withUnsafeBufferPointer { b in
            for r in 0..<rows { for j in 0..<n { y[r * n + j] += b[j] } }
        }
    }

    /// ∇b = Σ_rows δ.
    mutating func accumulateBiasGradient(_ dy: UnsafePointer<Float>, rows: Int) {
        let n = gradB.count
        gradB.withUnsafeMutableBufferPointer { gb in
            for j in 0..<n { gb[j] = 0 }
            for r in 0..<rows { for j in 0..<n { gb[j] += dy[r * n + j] } }
        }
    }
}
