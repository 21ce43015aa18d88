import Foundation

/// A user's own dataset (`[workload] dataset = {…}`; docs/sweep-files.md): a training and a test
/// file, IDX (images, with a labels file beside it) or CSV (one image per line: the C·H·W pixel values
/// in CHW order, 0 … 255, then the label), of images of `shape` and labels 0 … classes − 1.
///
/// Reading it (``load()``) checks every value and returns the images channel-last; its fingerprint
/// (SHA-256 of each file, in order) is part of the spec, so a run resumed or merged on changed data is
/// refused as a different sweep. Paths are absolute; they are not part of the fingerprint, so moving
/// the same files does not change the run.
public struct CustomDataset: Sendable, Hashable, CustomDebugStringConvertible {
    public enum Format: String, Sendable, Hashable, CaseIterable { case idx, csv }

    public let format: Format
    public let shape: TensorShape
    public let classes: Int
    /// Images, and for IDX labels, files: training then test.
    public let trainPath: String
    public let testPath: String
    public let trainLabelsPath: String?
    public let testLabelsPath: String?
    public let trainImages: Int
    public let testImages: Int
    /// SHA-256 of every file read, in the order train images, (train labels), test images, (test labels).
    public let sha256: [String]
    /// The folder relative paths were resolved against (the sweep file's); a run's manifest keeps it so
    /// the run folder's copy of the sweep file finds the same files.
    public let directory: String

    /// Reads and checks the files (through ``load(format:shape:classes:train:test:trainLabels:testLabels:)``)
    /// and records their counts and fingerprints.
    public init(format: Format, shape: TensorShape, classes: Int, train: String, test: String, trainLabels: String? = nil,
                testLabels: String? = nil, directory: String = "") throws
    {
        self.directory = directory
        self.format = format
        self.shape = shape
        self.classes = classes
        trainPath = train
        testPath = test
        trainLabelsPath = format == .idx ? trainLabels ?? Self.labelsPath(forImages: train) : nil
        testLabelsPath = format == .idx ? testLabels ?? Self.labelsPath(forImages: test) : nil
        let parts = try Self.read(format: format, shape: shape, classes: classes, images: train, labels: trainLabelsPath)
        let testParts = try Self.read(format: format, shape: shape, classes: classes, images: test, labels: testLabelsPath)
        trainImages = parts.labels.count
        testImages = testParts.labels.count
        sha256 = parts.sha256 + testParts.sha256
    }

    /// The labels file of an IDX images file by the MNIST naming: "…images-idx3…" → "…labels-idx1…"
    /// (also "-idx4-"), else "images" → "labels" in the file name.
    public static func labelsPath(forImages path: String) -> String {
        let dir = (path as NSString).deletingLastPathComponent, name = (path as NSString).lastPathComponent
        var labels = name
        for d in ["idx3", "idx4"] { labels = labels.replacingOccurrences(of: "images-\(d)", with: "labels-idx1") }
        if labels == name { labels = name.replacingOccurrences(of: "images", with: "labels") }
        return dir.isEmpty ? labels : dir + "/" + labels
    }

    /// The whole dataset: training images then test images, pixels / 255, channel-last.
    public func load() throws -> (pixels: [Float], labels: [Int]) {
        let a = try Self.read(format: format, shape: shape, classes: classes, images: trainPath, labels: trainLabelsPath)
        let b = try Self.read(format: format, shape: shape, classes: classes, images: testPath, labels: testLabelsPath)
        guard a.sha256 + b.sha256 == sha256 else {
            throw DatasetError(file: trainPath, "changed since the sweep file was read (SHA-256 differs); rerun the command")
        }
        return (a.pixels + b.pixels, a.labels + b.labels)
    }

    /// One split's images (CHW in the file, HWC out, / 255) and labels, checked, with the files' SHA-256.
    static func read(format: Format, shape: TensorShape, classes: Int, images: String, labels: String?) throws
        -> (pixels: [Float], labels: [Int], sha256: [String])
    {
        let bytes = try GzipFile.read(path: images)
        let raw: [UInt8], labelValues: [Int], hashes: [String]
        switch format {
        case .idx:
            let labelsFile = labels!
            let l = try GzipFile.read(path: labelsFile)
            let i = try IDXFile.images(bytes: bytes, file: images, shape: shape)
            labelValues = try IDXFile.labels(bytes: l, file: labelsFile, classes: classes)
            guard i.count == labelValues.count else {
                throw DatasetError(file: labelsFile, "holds \(labelValues.count) labels, but \(images) holds \(i.count) images")
            }
            raw = i.pixels
            hashes = [SHA256.hex(bytes), SHA256.hex(l)]
        case .csv:
            let parsed = try CSVImages.parse(bytes, file: images, values: shape.count, maxValue: 255, classes: classes)
            raw = parsed.values
            labelValues = parsed.labels
            hashes = [SHA256.hex(bytes)]
        }
        guard !labelValues.isEmpty else { throw DatasetError(file: images, "holds no images") }
        // CHW → HWC, / 255.
        let c = shape.channels, plane = shape.height * shape.width, n = shape.count
        var pixels = [Float](repeating: 0, count: raw.count)
        for img in 0..<labelValues.count {
            for ch in 0..<c { for p in 0..<plane { pixels[img * n + p * c + ch] = Float(raw[img * n + ch * plane + p]) / 255 } }
        }
        return (pixels, labelValues, hashes)
    }

    /// Format, shape, classes, counts and fingerprints — not paths.
    public var debugDescription: String {
        "\(format.rawValue) \(shape) classes \(classes) train \(trainImages) test \(testImages) sha256 \(sha256.joined(separator: ","))"
    }
}
