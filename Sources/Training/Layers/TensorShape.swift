/// The shape of one image's activations between two layers: `channels` feature maps of
/// `height × width` pixels, stored channel-last (HWC: element (y, x, c) at (y·width + x)·channels + c),
/// so a batch is NHWC and a convolution's output rows (one per output pixel) are already in place.
/// A flat vector of n features is (n, 1, 1).
public struct TensorShape: Sendable, Hashable, Codable, CustomStringConvertible {
    public var channels: Int
    public var height: Int
    public var width: Int

    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
    }

    /// A flat vector of `features` values.
    public static func flat(_ features: Int) -> TensorShape { TensorShape(channels: features, height: 1, width: 1) }

    /// Values per image.
    public var count: Int { channels * height * width }

    /// True for a flat vector (height and width 1).
    public var isFlat: Bool { height == 1 && width == 1 }

    /// "[C, H, W]" as in a sweep file's `shape`.
    public var description: String { isFlat ? "[\(channels)]" : "[\(channels), \(height), \(width)]" }
}
