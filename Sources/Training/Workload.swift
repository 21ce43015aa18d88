/// A training workload: which dataset, and the network it trains by default (MODELS §7).
public enum Workload: String, Sendable, CaseIterable, Codable {
    /// UCI optical digits: 1,797 images of 8 × 8 pixels (0–16), 10 classes.
    case digits
    /// 5,000 MNIST images of 28 × 28 pixels (0–255), 500 per class.
    case mnist5k

    /// The resource file the dataset is read from.
    var resourceName: String {
        switch self {
        case .digits: "digits.csv"
        case .mnist5k: "mnist_5k.csv"
        }
    }

    /// Image side in pixels (images are square).
    public var side: Int {
        switch self {
        case .digits: 8
        case .mnist5k: 28
        }
    }

    /// Pixels per image.
    public var features: Int { side * side }

    /// Largest raw pixel value; pixels are divided by it to lie in [0, 1].
    public var maxPixel: Float {
        switch self {
        case .digits: 16
        case .mnist5k: 255
        }
    }

    /// Number of classes.
    public var classes: Int { 10 }

    /// Rows the file must hold.
    public var rows: Int {
        switch self {
        case .digits: 1_797
        case .mnist5k: 5_000
        }
    }

    /// Default layer widths, input first: [64, 64, 10] for digits, [784, 128, 10] for mnist5k.
    public var defaultWidths: [Int] {
        switch self {
        case .digits: [64, 64, 10]
        case .mnist5k: [784, 128, 10]
        }
    }

    /// Pixels a domain-shifted image is translated by, right and down (``DomainShift``).
    public var shiftPixels: Int {
        switch self {
        case .digits: 1
        case .mnist5k: 2
        }
    }
}
