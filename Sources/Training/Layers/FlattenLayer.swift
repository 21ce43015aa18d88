import Macros

/// The activations as one flat vector: a copy, since NHWC activations are already in flat (HWC) order.
final class FlattenLayer: NetworkLayer {
    let inputShape: TensorShape
    var outputShape: TensorShape { .flat(inputShape.count) }

    init(input: TensorShape) { inputShape = input }

    func forward(_ x: UnsafePointer<Float>, batch: Int, into y: UnsafeMutablePointer<Float>, sample: Bool,
                 errors: inout MACErrorAccumulator) throws
    {
        y.update(from: x, count: batch * inputShape.count)
    }

    func backward(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, batch: Int, into dx: UnsafeMutablePointer<Float>?,
                  sample: Bool, errors: inout MACErrorAccumulator) throws
    {
        dx?.update(from: dy, count: batch * inputShape.count)
    }
}
