/// The unfolding that turns a convolution into a matrix product, and its adjoint.
///
/// For an NHWC batch of `input` images and a `kernel × kernel` window with `stride` and zero `padding`,
/// row (n, oy, ox) of the unfolded matrix holds the window's values in (ky, kx, c) order:
///
///     cols[((n·OH + oy)·OW + ox)·K + (ky·k + kx)·C + c] = x[n, oy·s + ky − p, ox·s + kx − p, c]   (0 outside)
///
/// with K = k²·C. Then conv(x) = cols·W for W of K × out_channels, and the input gradient is
/// col2im(δ·Wᵀ): every unfolded value's gradient added back to the pixel it was copied from.
public struct Im2Col: Sendable, Hashable {
    public let input: TensorShape
    public let kernel: Int
    public let stride: Int
    public let padding: Int

    public var outputHeight: Int { (input.height + 2 * padding - kernel) / stride + 1 }
    public var outputWidth: Int { (input.width + 2 * padding - kernel) / stride + 1 }
    /// Output pixels per image: the unfolded matrix's rows per image.
    public var positions: Int { outputHeight * outputWidth }
    /// Values per window: the unfolded matrix's columns.
    public var windowSize: Int { kernel * kernel * input.channels }

    public init(input: TensorShape, kernel: Int, stride: Int, padding: Int) {
        self.input = input
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
    }

    /// Writes the unfolded matrix of `batch` images (batch·positions × windowSize).
    public func unfold(_ x: UnsafePointer<Float>, batch: Int, into cols: UnsafeMutablePointer<Float>) {
        let c = input.channels, h = input.height, w = input.width, oh = outputHeight, ow = outputWidth, k = kernel
        var out = cols
        for n in 0..<batch {
            let image = x + n * input.count
            for oy in 0..<oh { for ox in 0..<ow {
                for ky in 0..<k {
                    let iy = oy * stride + ky - padding
                    if iy < 0 || iy >= h {
                        out.update(repeating: 0, count: k * c); out += k * c
                        continue
                    }
                    let ix0 = ox * stride - padding
                    if ix0 >= 0 && ix0 + k <= w {  // the window's row inside the image: k·c contiguous values
                        out.update(from: image + (iy * w + ix0) * c, count: k * c)
                        out += k * c
                        continue
                    }
                    for kx in 0..<k {
                        let ix = ix0 + kx
                        if ix < 0 || ix >= w { out.update(repeating: 0, count: c) }
                        else { out.update(from: image + (iy * w + ix) * c, count: c) }
                        out += c
                    }
                }
            } }
        }
    }

    /// The adjoint of ``unfold``: dx = Σ over the windows that copied each pixel of the windows'
    /// gradients (`gcols`, batch·positions × windowSize); dx is overwritten.
    public func fold(_ gcols: UnsafePointer<Float>, batch: Int, into dx: UnsafeMutablePointer<Float>) {
        let c = input.channels, h = input.height, w = input.width, oh = outputHeight, ow = outputWidth, k = kernel
        dx.update(repeating: 0, count: batch * input.count)
        var g = gcols
        for n in 0..<batch {
            let image = dx + n * input.count
            for oy in 0..<oh { for ox in 0..<ow {
                for ky in 0..<k {
                    let iy = oy * stride + ky - padding
                    if iy < 0 || iy >= h { g += k * c; continue }
                    let ix0 = ox * stride - padding
                    if ix0 >= 0 && ix0 + k <= w {  // k·c contiguous pixels' values, each added once, in order
                        let d = image + (iy * w + ix0) * c
                        for j in 0..<(k * c) { d[j] += g[j] }
                        g += k * c
                        continue
                    }
                    for kx in 0..<k {
                        let ix = ix0 + kx
                        if ix >= 0 && ix < w {
                            let d = image + (iy * w + ix) * c
                            for ch in 0..<c { d[ch] += g[ch] }
                        }
                        g += c
                    }
                }
            } }
        }
    }
}
