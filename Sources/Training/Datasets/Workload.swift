/// A training workload: which dataset, its image shape and classes, and the network it trains by
/// default (MODELS §7; docs/training.md). The shipped ones are ``digits``, ``mnist5k`` and ``fashion``;
/// a user's own files are ``custom(_:)``.
public struct Workload: Sendable, Hashable, CustomDebugStringConvertible {
    /// "digits", "mnist5k", "fashion" or "custom": the sweep file's `name` and a random-stream component.
    public let rawValue: String
    /// One image as a network's input.
    public let inputShape: TensorShape
    /// Number of classes; labels are 0 … classes − 1.
    public let classes: Int
    /// Images in all (training and test).
    public let rows: Int
    /// Images of the dataset's own training split, which come first; the rest are its test split
    /// (nil: the dataset has none, and cimpvt splits it 80/20 by class — ``DataSplit``).
    public let officialTrainImages: Int?
    /// Largest raw pixel value; pixels are divided by it to lie in [0, 1].
    public let maxPixel: Float
    /// Pixels a domain-shifted image is translated by, right and down (``DomainShift``).
    public let shiftPixels: Int
    /// A user's files (nil for the shipped datasets).
    public let customData: CustomDataset?

    /// UCI optical digits: 1,797 images of 8 × 8 pixels (0–16), 10 classes.
    public static let digits = Workload(rawValue: "digits", side: 8, rows: 1_797, official: nil, maxPixel: 16, shift: 1)
    /// 5,000 MNIST images of 28 × 28 pixels (0–255), 500 per class.
    public static let mnist5k = Workload(rawValue: "mnist5k", side: 28, rows: 5_000, official: nil, maxPixel: 255, shift: 2)
    /// Fashion-MNIST (Zalando): 60,000 training and 10,000 test images of 28 × 28 pixels (0–255),
    /// 10 classes of clothing, from Debian's `dataset-fashion-mnist` (IDX files).
    public static let fashion = Workload(rawValue: "fashion", side: 28, rows: 70_000, official: 60_000, maxPixel: 255, shift: 2)

    /// The shipped workloads, by name.
    public static let allCases = [digits, mnist5k, fashion]

    /// The shipped workload named `rawValue` (nil for any other name).
    public init?(rawValue: String) {
        guard let w = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = w
    }

    private init(rawValue: String, side: Int, rows: Int, official: Int?, maxPixel: Float, shift: Int) {
        self.rawValue = rawValue
        inputShape = TensorShape(channels: 1, height: side, width: side)
        classes = 10
        self.rows = rows
        officialTrainImages = official
        self.maxPixel = maxPixel
        shiftPixels = shift
        customData = nil
    }

    /// A user's dataset: its training split first, then its test split; pixels 0 … 255; shifted by
    /// one pixel per 14 of the smaller image side (2 for 28 × 28, as for MNIST).
    public static func custom(_ data: CustomDataset) -> Workload { Workload(data) }

    private init(_ data: CustomDataset) {
        rawValue = "custom"
        inputShape = data.shape
        classes = data.classes
        rows = data.trainImages + data.testImages
        officialTrainImages = data.trainImages
        maxPixel = 255
        shiftPixels = max(1, min(data.shape.height, data.shape.width) / 14)
        customData = data
    }

    /// Where Debian's `dataset-fashion-mnist` puts its files.
    public static let fashionDirectory = "/usr/share/datasets/fashion-mnist"

    /// The resource file a shipped CSV dataset is read from.
    var resourceName: String { rawValue == "mnist5k" ? "mnist_5k.csv" : rawValue + ".csv" }

    /// Values per image.
    public var features: Int { inputShape.count }

    /// Default layer widths of the mlp, input first: [64, 64, 10] for digits, [features, 128, classes] otherwise.
    public var defaultWidths: [Int] { rawValue == "digits" ? [64, 64, 10] : [features, 128, classes] }

    /// The name, and for a user's dataset its content (not its paths): what a spec's hash sees.
    public var debugDescription: String { customData.map { "custom(\($0.debugDescription))" } ?? rawValue }
}
