/// One layer of a network as a sweep file names it (docs/training.md "Networks").
///
/// Weight layers (`dense`, `conv2d`) each run their product on their own macro instance on the die;
/// the others are FP32 digital operations between macros.
public enum LayerSpec: Sendable, Hashable, Codable, CustomStringConvertible {
    /// y = x·W + b over the flattened input; `out` outputs. W is (input values) × out.
    case dense(out: Int)
    /// 2-D convolution, `out` channels of `kernel × kernel` filters over all input channels, with
    /// `stride` and zero `padding` on every side; computed as an im2col product on the macro.
    /// W is (kernel·kernel·in_channels) × out, rows ordered (ky, kx, c).
    case conv2d(out: Int, kernel: Int, stride: Int, padding: Int)
    /// Maximum over `size × size` windows moved by `stride`, per channel.
    case maxpool(size: Int, stride: Int)
    /// Mean over `size × size` windows moved by `stride`, per channel.
    case avgpool(size: Int, stride: Int)
    /// The activations as one flat vector (HWC order); dense layers flatten implicitly too.
    case flatten
    /// max(x, 0).
    case relu

    /// The `type` a sweep file gives it.
    public var typeName: String {
        switch self {
        case .dense: "dense"
        case .conv2d: "conv2d"
        case .maxpool: "maxpool"
        case .avgpool: "avgpool"
        case .flatten: "flatten"
        case .relu: "relu"
        }
    }

    /// Every `type` a sweep file may give.
    public static let typeNames = ["dense", "conv2d", "maxpool", "avgpool", "flatten", "relu"]

    /// True for layers whose product runs on a macro.
    public var hasWeights: Bool {
        switch self {
        case .dense, .conv2d: true
        default: false
        }
    }

    /// As in a sweep file: `{type = "conv2d", out = 6, kernel = 5, stride = 1, padding = 2}`.
    public var description: String {
        switch self {
        case .dense(let out): "{type = \"dense\", out = \(out)}"
        case .conv2d(let out, let k, let s, let p): "{type = \"conv2d\", out = \(out), kernel = \(k), stride = \(s), padding = \(p)}"
        case .maxpool(let size, let stride): "{type = \"maxpool\", size = \(size), stride = \(stride)}"
        case .avgpool(let size, let stride): "{type = \"avgpool\", size = \(size), stride = \(stride)}"
        case .flatten: "{type = \"flatten\"}"
        case .relu: "{type = \"relu\"}"
        }
    }

    /// Compact text for tables: "conv 6@5×5 p2", "maxpool 2", "dense 120", "relu".
    public var shortDescription: String {
        switch self {
        case .dense(let out): "dense \(out)"
        case .conv2d(let out, let k, let s, let p):
            "conv \(out)@\(k)×\(k)" + (s == 1 ? "" : " s\(s)") + (p == 0 ? "" : " p\(p)")
        case .maxpool(let size, let stride): "maxpool \(size)" + (stride == size ? "" : " s\(stride)")
        case .avgpool(let size, let stride): "avgpool \(size)" + (stride == size ? "" : " s\(stride)")
        case .flatten: "flatten"
        case .relu: "relu"
        }
    }
}
