import Foundation
import Testing
import Variation
import Macros
import Training

/// Convolution and pooling layers: the im2col product against a direct convolution, col2im against
/// its definition as the adjoint, and the trainer's gradients of a small CNN against finite
/// differences of an independent Double forward pass.
@Suite struct ConvolutionTests {
    /// Random values N(0, 1) from GSL.
    static func gaussians(_ n: Int, seed: UInt64) -> [Float] {
        let s = RandomStream(seed: StreamSeed(seed))
        return (0..<n).map { _ in Float(s.gaussian(sigma: 1)) }
    }

    /// conv(x) of an NHWC batch with a filter bank in PyTorch's OIHW layout, in Double, by the definition.
    static func directConvolution(_ x: [Float], batch: Int, input s: TensorShape, filters w: [[[[Double]]]], stride: Int,
                                  padding: Int) -> (values: [Double], height: Int, width: Int)
    {
        let k = w[0][0].count, oh = (s.height + 2 * padding - k) / stride + 1, ow = (s.width + 2 * padding - k) / stride + 1
        var y = [Double]()
        for n in 0..<batch { for oy in 0..<oh { for ox in 0..<ow { for o in 0..<w.count {
            var acc = 0.0
            for c in 0..<s.channels { for ky in 0..<k { for kx in 0..<k {
                let iy = oy * stride + ky - padding, ix = ox * stride + kx - padding
                if iy >= 0 && iy < s.height && ix >= 0 && ix < s.width {
                    acc += Double(x[n * s.count + (iy * s.width + ix) * s.channels + c]) * w[o][c][ky][kx]
                }
            } } }
            y.append(acc)
        } } } }
        return (y, oh, ow)
    }

    @Test(arguments: [(2, 7, 6, 3, 2, 1, 4), (1, 8, 8, 5, 1, 2, 3), (3, 5, 5, 1, 1, 0, 2), (2, 6, 9, 4, 3, 3, 5)])
    func im2colProductEqualsDirectConvolution(c: Int, h: Int, w: Int, k: Int, stride: Int, padding: Int, out: Int) {
        let shape = TensorShape(channels: c, height: h, width: w), batch = 3
        let x = Self.gaussians(batch * shape.count, seed: 5)
        let flat = Self.gaussians(out * c * k * k, seed: 6).map(Double.init)
        let filters = (0..<out).map { o in (0..<c).map { ch in (0..<k).map { ky in (0..<k).map { kx in
            flat[((o * c + ch) * k + ky) * k + kx] } } } }
        let direct = Self.directConvolution(x, batch: batch, input: shape, filters: filters, stride: stride, padding: padding)
        let u = Im2Col(input: shape, kernel: k, stride: stride, padding: padding)
        #expect(u.outputHeight == direct.height && u.outputWidth == direct.width)
        var cols = [Float](repeating: .nan, count: batch * u.positions * u.windowSize)
        x.withUnsafeBufferPointer { xp in cols.withUnsafeMutableBufferPointer { u.unfold(xp.baseAddress!, batch: batch, into: $0.baseAddress!) } }
        // The macro's matrix: row (ky·k + kx)·C + c, column o (docs: W is k²·C_in × C_out).
        var product = [Double]()
        for r in 0..<(batch * u.positions) { for o in 0..<out {
            var acc = 0.0
            for ky in 0..<k { for kx in 0..<k { for ch in 0..<c {
                acc += Double(cols[r * u.windowSize + (ky * k + kx) * c + ch]) * filters[o][ch][ky][kx]
            } } }
            product.append(acc)
        } }
        #expect(product.count == direct.values.count)
        var worst = 0.0
        for (a, b) in zip(product, direct.values) { worst = max(worst, abs(a - b)) }
        #expect(worst < 1e-12, "largest difference \(worst)")
    }

    /// col2im sums each window's gradient back onto the pixels it copied: on a 3 × 3 image with 2 × 2
    /// windows of stride 1, an all-ones gradient gives each pixel the number of windows covering it.
    @Test func foldOfOnesCountsTheWindowsOverEachPixel() {
        let u = Im2Col(input: TensorShape(channels: 1, height: 3, width: 3), kernel: 2, stride: 1, padding: 0)
        let ones = [Float](repeating: 1, count: u.positions * u.windowSize)
        var dx = [Float](repeating: .nan, count: 9)
        ones.withUnsafeBufferPointer { g in dx.withUnsafeMutableBufferPointer { u.fold(g.baseAddress!, batch: 1, into: $0.baseAddress!) } }
        #expect(dx == [1, 2, 1, 2, 4, 2, 1, 2, 1])
        // With padding 1 and stride 2, the four windows of a 3 × 3 image each hold one corner
        // neighbourhood; the centre pixel is in all four.
        let p = Im2Col(input: TensorShape(channels: 1, height: 3, width: 3), kernel: 2, stride: 2, padding: 1)
        #expect(p.positions == 4)
        var dp = [Float](repeating: .nan, count: 9)
        [Float](repeating: 1, count: 16).withUnsafeBufferPointer { g in dp.withUnsafeMutableBufferPointer { p.fold(g.baseAddress!, batch: 1, into: $0.baseAddress!) } }
        #expect(dp == [1, 1, 1, 1, 1, 1, 1, 1, 1])
    }

    /// ⟨unfold(x), G⟩ = ⟨x, fold(G)⟩ for random x and G: fold is unfold's adjoint, which is what makes
    /// col2im(δ·Wᵀ) the input gradient.
    @Test(arguments: [(2, 7, 6, 3, 2, 1), (3, 6, 6, 5, 1, 2), (1, 9, 4, 2, 3, 1)])
    func foldIsTheAdjointOfUnfold(c: Int, h: Int, w: Int, k: Int, stride: Int, padding: Int) {
        let u = Im2Col(input: TensorShape(channels: c, height: h, width: w), kernel: k, stride: stride, padding: padding)
        let batch = 2
        let x = Self.gaussians(batch * u.input.count, seed: 8), g = Self.gaussians(batch * u.positions * u.windowSize, seed: 9)
        var cols = [Float](repeating: 0, count: g.count), dx = [Float](repeating: 0, count: x.count)
        x.withUnsafeBufferPointer { xp in cols.withUnsafeMutableBufferPointer { u.unfold(xp.baseAddress!, batch: batch, into: $0.baseAddress!) } }
        g.withUnsafeBufferPointer { gp in dx.withUnsafeMutableBufferPointer { u.fold(gp.baseAddress!, batch: batch, into: $0.baseAddress!) } }
        var lhs = 0.0, rhs = 0.0, scale = 0.0
        for (a, b) in zip(cols, g) { lhs += Double(a) * Double(b); scale += abs(Double(a) * Double(b)) }
        for (a, b) in zip(x, dx) { rhs += Double(a) * Double(b) }
        #expect(abs(lhs - rhs) < 1e-6 * scale, "⟨unfold x, G⟩ = \(lhs), ⟨x, fold G⟩ = \(rhs)")
    }

    /// The CNN of the gradient check: conv 3@3×3 p1 – relu – maxpool 2 – conv 4@3×3 p1 – relu –
    /// avgpool 2 – flatten – dense 10, on 8 × 8 digits.
    static let smallCNN = NetworkSpec(name: "custom", layers: [
        .conv2d(out: 3, kernel: 3, stride: 1, padding: 1), .relu, .maxpool(size: 2, stride: 2),
        .conv2d(out: 4, kernel: 3, stride: 1, padding: 1), .relu, .avgpool(size: 2, stride: 2), .flatten, .dense(out: 10),
    ])

    /// Mean cross-entropy of `smallCNN` with parameters `p` over the first `count` images, in Double,
    /// written from the definitions (direct convolution, pooling windows) without the library's layers.
    static func referenceLoss(_ p: NetworkParameters, _ data: Dataset, count: Int) -> Double {
        func filters(_ l: Int, cIn: Int, out: Int) -> [[[[Double]]]] {
            (0..<out).map { o in (0..<cIn).map { c in (0..<3).map { ky in (0..<3).map { kx in
                Double(p.weights[l][((ky * 3 + kx) * cIn + c) * out + o]) } } } }
        }
        func pool(_ a: [Double], side: Int, channels: Int, max useMax: Bool) -> [Double] {
            var out = [Double]()
            for oy in 0..<(side / 2) { for ox in 0..<(side / 2) { for c in 0..<channels {
                let v = [(0, 0), (0, 1), (1, 0), (1, 1)].map { a[((2 * oy + $0.0) * side + 2 * ox + $0.1) * channels + c] }
                out.append(useMax ? v.max()! : v.reduce(0, +) / 4)
            } } }
            return out
        }
        var total = 0.0
        for n in 0..<count {
            let image = Array(data.pixels[(n * 64)..<((n + 1) * 64)])
            var a = directConvolution(image, batch: 1, input: TensorShape(channels: 1, height: 8, width: 8),
                                      filters: filters(0, cIn: 1, out: 3), stride: 1, padding: 1).values
            a = a.enumerated().map { max($0.element + Double(p.biases[0][$0.offset % 3]), 0) }
            a = pool(a, side: 8, channels: 3, max: true)
            var b = directConvolution(a.map { Float($0) }, batch: 1, input: TensorShape(channels: 3, height: 4, width: 4),
                                      filters: filters(1, cIn: 3, out: 4), stride: 1, padding: 1).values
            b = b.enumerated().map { max($0.element + Double(p.biases[1][$0.offset % 4]), 0) }
            b = pool(b, side: 4, channels: 4, max: false)
            var z = (0..<10).map { Double(p.biases[2][$0]) }
            for i in 0..<16 { for j in 0..<10 { z[j] += b[i] * Double(p.weights[2][i * 10 + j]) } }
            let m = z.max()!
            total += (log(z.map { exp($0 - m) }.reduce(0, +)) + m) - z[data.labels[n]]
        }
        return total / Double(count)
    }

    /// One SGD step with μ = 0 moves every parameter by −η·∂L/∂θ: the conv, pooling and dense
    /// gradients (conv input gradients by col2im of the transposed product) against central differences.
    @Test func smallCNNGradientMatchesFiniteDifferences() throws {
        let data = try Dataset.shipped(.digits).subset(Array(0..<8))
        var config = TrainingConfig()
        config.batchSize = 8; config.momentum = 0; config.learningRate = 1e-3
        let shapes = try Self.smallCNN.weightShapes(input: Workload.digits.inputShape, classes: 10)
        #expect(shapes.map(\.inputs) == [9, 27, 16] && shapes.map(\.outputs) == [3, 4, 10])
        var start = NetworkParameters(heInitialised: shapes, stream: RandomStream(seed: StreamSeed(41)))
        // Non-zero biases, so their gradients are tested away from the symmetric start.
        for l in 0..<3 { start.biases[l] = Self.gaussians(start.outputs[l], seed: UInt64(50 + l)).map { 0.1 * $0 } }
        let macros: [CIMMacro] = shapes.map { IdealMacro(inputs: $0.inputs, outputs: $0.outputs) }
        let trainer = try Trainer(network: Self.smallCNN, input: Workload.digits.inputShape, classes: 10, macros: macros,
                                  parameters: start, config: config)
        #expect(trainer.train(on: data, epochs: 1, order: RandomStream(seed: StreamSeed(1))) == .ok)
        let stepped = trainer.parameters
        var worst = 0.0, largest = 0.0, checked = 0
        let h: Float = 1e-4
        /// The SGD step's gradient of one parameter (reached by `at`) against the central difference.
        func check(_ at: WritableKeyPath<NetworkParameters, Float>) {
            var plus = start, minus = start
            plus[keyPath: at] += h; minus[keyPath: at] -= h
            let g = (Self.referenceLoss(plus, data, count: 8) - Self.referenceLoss(minus, data, count: 8))
                / (Double(plus[keyPath: at]) - Double(minus[keyPath: at]))
            let step = Double(start[keyPath: at] - stepped[keyPath: at]) / 1e-3
            worst = max(worst, abs(step - g)); largest = max(largest, abs(g)); checked += 1
        }
        for l in 0..<3 {
            for i in 0..<start.weights[l].count { check(\NetworkParameters.weights[l][i]) }
            for j in 0..<start.biases[l].count { check(\NetworkParameters.biases[l][j]) }
        }
        #expect(checked == 9 * 3 + 3 + 27 * 4 + 4 + 16 * 10 + 10)
        #expect(largest > 0.05, "the check must see real gradients (largest \(largest))")
        // Float32 training arithmetic against a Double central difference over the actual Float step
        // (h = 1e-4: small enough that no ReLU or max-pool kink is crossed; with h = 1e-2 kinks give 8e-3).
        #expect(worst < 2e-4, "largest gradient mismatch \(worst) of \(largest)")
    }

    /// The presets on 28 × 28 inputs: LeNet-5's 61,706 parameters (the figure quoted for this variant),
    /// and each layer's output shape.
    @Test func lenet5ShapesAndParameterCount() throws {
        let net = NetworkSpec.lenet5(classes: 10), input = TensorShape(channels: 1, height: 28, width: 28)
        let shapes = try net.shapes(input: input, classes: 10)
        #expect(shapes.map(\.description) == ["[1, 28, 28]", "[6, 28, 28]", "[6, 28, 28]", "[6, 14, 14]", "[16, 10, 10]",
                                              "[16, 10, 10]", "[16, 5, 5]", "[400]", "[120]", "[120]", "[84]", "[84]", "[10]"])
        let w = try net.weightShapes(input: input, classes: 10)
        #expect(w.map(\.inputs) == [25, 150, 400, 120, 84] && w.map(\.outputs) == [6, 16, 120, 84, 10])
        #expect(w.reduce(0) { $0 + $1.inputs * $1.outputs + $1.outputs } == 61_706)
        let s = try NetworkSpec.cnnS(classes: 10).shapes(input: input, classes: 10)
        #expect(s[5].description == "[16, 14, 14]" && s[10].description == "[32, 7, 7]" && s.last!.description == "[10]")
        #expect(throws: NetworkError(layer: 3, typeName: "conv2d", "kernel 5×5 is larger than its padded input 4×4 (input [6, 4, 4], padding 0)")) {
            try net.shapes(input: Workload.digits.inputShape, classes: 10)
        }
    }

    /// The mlp preset is the MLP the workloads always trained: dense layers with ReLU between them.
    @Test func mlpPresetIsDenseReluDense() {
        #expect(NetworkSpec.mlp(widths: [64, 32, 16, 10]).layers == [.dense(out: 32), .relu, .dense(out: 16), .relu, .dense(out: 10)])
    }

    /// On the ideal macro a LeNet trial is its own FP32 baseline, bit for bit (same start, same order).
    @Test func idealMacroReproducesTheBaselineOnLeNet() throws {
        var spec = WorkloadSpec()
        spec.workload = .fashion
        spec.training.network = .lenet5(classes: 10)
        spec.training.epochs = 1
        spec.trainImages = 300
        spec.testImages = 100
        let prepared = try PreparedWorkload(spec: spec, seed: StreamSeed(3), data: try Dataset.shipped(.fashion))
        let r = try DieTrial(corner: Corner(process: .TT, vdd: 0.9, temperatureC: 27), dieIndex: 0, macro: .ideal, masterSeed: 3)
            .run(prepared)
        #expect(r.accuracy == r.baselineAccuracy && r.status == .ok && r.steps == 10)
        #expect(r.forwardMACRMS == 0 && r.backwardMACRMS == 0)
        #expect(r.finalLoss == Double(prepared.baseline.lastEpochLoss))
        #expect(r.accuracy > 0.3, "one epoch of 300 images learns something (\(r.accuracy))")
    }
}
