/// A network: a named sequence of layers (docs/training.md "Networks").
///
/// Presets: `mlp` (dense layers of the given widths with ReLU between them — the workloads' default),
/// `lenet5` (LeCun et al. 1998 as the peer simulators run it, with ReLU and max-pooling:
/// conv 6@5×5 pad 2 – pool 2 – conv 16@5×5 – pool 2 – dense 120 – 84 – classes; 61,470 weights on
/// 28 × 28 inputs, 61,706 parameters with the biases) and `cnn-s` (a small VGG-style network: two 3×3 conv blocks of 16 and 32 channels,
/// each conv – conv – pool 2, then dense 128 – classes). Any other list is a custom network.
public struct NetworkSpec: Sendable, Hashable, Codable {
    /// "mlp", "lenet5", "cnn-s" or "custom".
    public var name: String
    public var layers: [LayerSpec]

    public init(name: String, layers: [LayerSpec]) {
        self.name = name
        self.layers = layers
    }

    /// Preset names a sweep file's `network` key and `cimpvt train --network` accept.
    public static let presetNames = ["mlp", "lenet5", "cnn-s"]

    /// The MLP of `widths` (input first): dense layers with ReLU between them, logits last.
    public static func mlp(widths: [Int]) -> NetworkSpec {
        var layers = [LayerSpec]()
        for (i, w) in widths.dropFirst().enumerated() {
            if i > 0 { layers.append(.relu) }
            layers.append(.dense(out: w))
        }
        return NetworkSpec(name: "mlp", layers: layers)
    }

    /// LeNet-5 for `classes` classes.
    public static func lenet5(classes: Int) -> NetworkSpec {
        NetworkSpec(name: "lenet5", layers: [
            .conv2d(out: 6, kernel: 5, stride: 1, padding: 2), .relu, .maxpool(size: 2, stride: 2),
            .conv2d(out: 16, kernel: 5, stride: 1, padding: 0), .relu, .maxpool(size: 2, stride: 2),
            .flatten, .dense(out: 120), .relu, .dense(out: 84), .relu, .dense(out: classes),
        ])
    }

    /// The small VGG-style CNN for `classes` classes.
    public static func cnnS(classes: Int) -> NetworkSpec {
        NetworkSpec(name: "cnn-s", layers: [
            .conv2d(out: 16, kernel: 3, stride: 1, padding: 1), .relu, .conv2d(out: 16, kernel: 3, stride: 1, padding: 1), .relu,
            .maxpool(size: 2, stride: 2),
            .conv2d(out: 32, kernel: 3, stride: 1, padding: 1), .relu, .conv2d(out: 32, kernel: 3, stride: 1, padding: 1), .relu,
            .maxpool(size: 2, stride: 2),
            .flatten, .dense(out: 128), .relu, .dense(out: classes),
        ])
    }

    /// The preset `name` (nil if there is none); `mlp` takes `mlpWidths`.
    public static func preset(_ name: String, mlpWidths: [Int], classes: Int) -> NetworkSpec? {
        switch name {
        case "mlp": mlp(widths: mlpWidths)
        case "lenet5": lenet5(classes: classes)
        case "cnn-s": cnnS(classes: classes)
        default: nil
        }
    }

    /// Largest output count of a weight layer, channels of a conv layer, and kernel, stride and padding.
    public static let maxWidth = 4096
    public static let maxKernel = 15
    public static let maxStride = 8
    /// Most values one image's im2col matrix of a conv layer may hold (the batch multiplies it).
    public static let maxUnfoldedValues = 1 << 20

    /// The activation shape after every layer, input first (`layers.count + 1` shapes), checking that
    /// each layer fits what reaches it and that the output is `classes` logits.
    public func shapes(input: TensorShape, classes: Int) throws(NetworkError) -> [TensorShape] {
        guard !layers.isEmpty else { throw NetworkError(layer: nil, typeName: nil, "the network has no layers") }
        guard layers.contains(where: \.hasWeights) else {
            throw NetworkError(layer: nil, typeName: nil, "the network has no dense or conv2d layer, so nothing runs on the macro")
        }
        var shapes = [input]
        var s = input
        for (i, layer) in layers.enumerated() {
            func fail(_ message: String) -> NetworkError { NetworkError(layer: i, typeName: layer.typeName, message) }
            switch layer {
            case .dense(let out):
                guard (1...Self.maxWidth).contains(out) else { throw fail("out = \(out); allowed 1…\(Self.maxWidth)") }
                s = .flat(out)
            case .conv2d(let out, let k, let stride, let p):
                guard (1...Self.maxWidth).contains(out) else { throw fail("out = \(out); allowed 1…\(Self.maxWidth)") }
                guard (1...Self.maxKernel).contains(k) else { throw fail("kernel = \(k); allowed 1…\(Self.maxKernel)") }
                guard (1...Self.maxStride).contains(stride) else { throw fail("stride = \(stride); allowed 1…\(Self.maxStride)") }
                guard (0..<k).contains(p) else { throw fail("padding = \(p); allowed 0…\(k - 1) (below the kernel)") }
                guard k <= s.height + 2 * p && k <= s.width + 2 * p else {
                    throw fail("kernel \(k)×\(k) is larger than its padded input \(s.height + 2 * p)×\(s.width + 2 * p) (input \(s), padding \(p))")
                }
                let h = (s.height + 2 * p - k) / stride + 1, w = (s.width + 2 * p - k) / stride + 1
                guard h * w * k * k * s.channels <= Self.maxUnfoldedValues else {
                    throw fail("unfolds to \(h * w) × \(k * k * s.channels) values per image; at most \(Self.maxUnfoldedValues) fit a trial's memory")
                }
                s = TensorShape(channels: out, height: h, width: w)
            case .maxpool(let size, let stride), .avgpool(let size, let stride):
                guard (1...Self.maxKernel).contains(size) else { throw fail("size = \(size); allowed 1…\(Self.maxKernel)") }
                guard (1...Self.maxStride).contains(stride) else { throw fail("stride = \(stride); allowed 1…\(Self.maxStride)") }
                guard size <= s.height && size <= s.width else {
                    throw fail("window \(size)×\(size) is larger than its input \(s)")
                }
                s = TensorShape(channels: s.channels, height: (s.height - size) / stride + 1, width: (s.width - size) / stride + 1)
            case .flatten:
                s = .flat(s.count)
            case .relu:
                break
            }
            shapes.append(s)
        }
        guard s.isFlat && s.count == classes else {
            throw NetworkError(layer: layers.count - 1, typeName: layers.last!.typeName,
                               "the network ends with \(s) values; it must end with the dataset's \(classes) class logits")
        }
        return shapes
    }

    /// (inputs, outputs) of every weight layer's matrix, in order: the macros the die holds.
    public func weightShapes(input: TensorShape, classes: Int) throws(NetworkError) -> [(inputs: Int, outputs: Int)] {
        let shapes = try shapes(input: input, classes: classes)
        return layers.enumerated().compactMap { i, layer in
            switch layer {
            case .dense(let out): (shapes[i].count, out)
            case .conv2d(let out, let k, _, _): (k * k * shapes[i].channels, out)
            default: nil
            }
        }
    }

    /// For reports: "MLP 64-64-10" for an mlp on `input`, else the name and the layers without ReLU
    /// and flatten, e.g. "lenet5: conv 6@5×5 p2 – maxpool 2 – conv 16@5×5 – maxpool 2 – dense 120 – dense 84 – dense 10".
    public func summary(input: TensorShape) -> String {
        let shown = layers.filter { $0 != .relu && $0 != .flatten }
        if name == "mlp" {
            return "MLP " + ([input.count] + shown.compactMap { if case .dense(let o) = $0 { o } else { nil } })
                .map(String.init).joined(separator: "-")
        }
        return "\(name): " + shown.map(\.shortDescription).joined(separator: " – ")
    }
}
