/// A training workload: which dataset, and the network it trains by default (MODELS §7).
public enum Workload: String, Sendable, CaseIterable, Codable {
    /// UCI optical digits: 1,797 images of 8 × 8 pixels (0–16), 10 classes.
    case digits
    /// 5,000 MNIST images of 28 × 28 pixels (0–255), 500 per class.
    case mnist5k
    /// Fashion-MNIST (Zalando): 60,000 training and 10,000 test images of 28 × 28 pixels (0–255),
    /// 10 classes of clothing, from Debian's `dataset-fashion-mnist` (IDX files).
    case fashion

    /// The resource file the dataset is read from.
    var resourceName: String {
        switch self {
        case .digits: "digits.csv"
        case .mnist5k: "mnist_5k.csv"
        case .fashion: "fashion-mnist"
        }
    }

    /// Where Debian's `dataset-fashion-mnist` puts its files.
    public static let fashionDirectory = "/usr/share/datasets/fashion-mnist"

    /// Images of the dataset's own training split, which come first; the rest are its test split
    /// (nil: the dataset has none, and cimpvt splits it 80/20 by class — ``DataSplit``).
    public var officialTrainImages: Int? {
        switch self {
        case .digits, .mnist5k: nil
        case .fashion: 60_000
        }
    }

    /// Image side in pixels (images are square).
    public var side: Int {
        switch self {
        case .digits: 8
        case .mnist5k, .fashion: 28
        }
    }

    /// Pixels per image.
    public var features: Int { side * side }

    /// Largest raw pixel value; pixels are divided by it to lie in [0, 1].
    public var maxPixel: Float {
        switch self {
        case .digits: 16
        case .mnist5k, .fashion: 255
        }
    }

    /// Number of classes.
    public var classes: Int { 10 }

    /// Rows the file must hold.
    public var rows: Int {
        switch self {
        case .digits: 1_797
        case .mnist5k: 5_000
        case .fashion: 70_000
        }
    }

    /// Default layer widths, input first: [64, 64, 10] for digits, [784, 128, 10] for mnist5k and fashion.
    public var defaultWidths: [Int] {
        switch self {
        case .digits: [64, 64, 10]
        case .mnist5k, .fashion: [784, 128, 10]
        }
    }

    /// Pixels a domain-shifted image is translated by, right and down (``DomainShift``).
    public var shiftPixels: Int {
        switch self {
        case .digits: 1
        case .mnist5k, .fashion: 2
        }
    }
}
