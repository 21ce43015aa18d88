import Macros

/// Max- or mean-pooling over `size × size` windows moved by `stride`, per channel, in FP32 (the
/// digital periphery between macros). Max: the gradient goes to the first maximum of each window;
/// mean: each window's gradient is spread evenly over its size² inputs.
final class PoolingLayer: NetworkLayer {
    enum Kind { case max, mean }
    let kind: Kind
    let inputShape: TensorShape
    let outputShape: TensorShape
    let size: Int
    let stride: Int
    /// For max-pooling: the input index (within the image) of every output's maximum, from the last forward.
    private var argmax = [Int32]()

    init(_ kind: Kind, input: TensorShape, size: Int, stride: Int) {
        self.kind = kind
        inputShape = input
        self.size = size
        self.stride = stride
        outputShape = TensorShape(channels: input.channels, height: (input.height - size) / stride + 1,
                                  width: (input.width - size) / stride + 1)
    }

    func forward(_ x: UnsafePointer<Float>, batch: Int, into y: UnsafeMutablePointer<Float>, sample: Bool,
                 errors: inout MACErrorAccumulator) throws
    {
        let c = inputShape.channels, w = inputShape.width, oh = outputShape.height, ow = outputShape.width
        let outCount = outputShape.count
        if kind == .max && argmax.count < batch * outCount { argmax = [Int32](repeating: 0, count: batch * outCount) }
        let scale = 1 / Float(size * size)
        argmax.withUnsafeMutableBufferPointer { am in
            for n in 0..<batch {
                let image = x + n * inputShape.count, out = y + n * outCount
                for oy in 0..<oh { for ox in 0..<ow { for ch in 0..<c {
                    let o = (oy * ow + ox) * c + ch
                    switch kind {
                    case .max:
                        var best = -Float.infinity, at = -1
                        for ky in 0..<size { for kx in 0..<size {
                            let i = ((oy * stride + ky) * w + ox * stride + kx) * c + ch
                            if at < 0 || image[i] > best { best = image[i]; at = i }
                        } }
                        out[o] = best
                        am[n * outCount + o] = Int32(at)
                    case .mean:
                        var sum: Float = 0
                        for ky in 0..<size { for kx in 0..<size { sum += image[((oy * stride + ky) * w + ox * stride + kx) * c + ch] } }
                        out[o] = sum * scale
                    }
                } } }
            }
        }
    }

    func backward(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, batch: Int, into dx: UnsafeMutablePointer<Float>?,
                  sample: Bool, errors: inout MACErrorAccumulator) throws
    {
        guard let dx else { return }
        let c = inputShape.channels, w = inputShape.width, oh = outputShape.height, ow = outputShape.width
        let outCount = outputShape.count, inCount = inputShape.count
        dx.update(repeating: 0, count: batch * inCount)
        let scale = 1 / Float(size * size)
        argmax.withUnsafeBufferPointer { am in
            for n in 0..<batch {
                let d = dx + n * inCount, g = dy + n * outCount
                switch kind {
                case .max:
                    for o in 0..<outCount { d[Int(am[n * outCount + o])] += g[o] }
                case .mean:
                    for oy in 0..<oh { for ox in 0..<ow { for ch in 0..<c {
                        let share = g[(oy * ow + ox) * c + ch] * scale
                        for ky in 0..<size { for kx in 0..<size { d[((oy * stride + ky) * w + ox * stride + kx) * c + ch] += share } }
                    } } }
                }
            }
        }
    }
}
