import Macros

/// y = max(x, 0) in FP32; the gradient passes where x > 0.
final class ReLULayer: NetworkLayer {
    let inputShape: TensorShape
    var outputShape: TensorShape { inputShape }

    init(input: TensorShape) { inputShape = input }

    func forward(_ x: UnsafePointer<Float>, batch: Int, into y: UnsafeMutablePointer<Float>, sample: Bool,
                 errors: inout MACErrorAccumulator) throws
    {
        for i in 0..<(batch * inputShape.count) { y[i] = max(x[i], 0) }
    }

    func backward(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, batch: Int, into dx: UnsafeMutablePointer<Float>?,
                  sample: Bool, errors: inout MACErrorAccumulator) throws
    {
        guard let dx else { return }
        for i in 0..<(batch * inputShape.count) { dx[i] = x[i] > 0 ? dy[i] : 0 }
    }
}
