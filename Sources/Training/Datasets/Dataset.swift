import Foundation

/// A labelled image dataset with pixels scaled to [0, 1].
///
/// Files (package resources, provenance and licences in docs/training.md): CSV without a header, one
/// image per line, the pixel values first and the class label last, gzip-compressed.
public struct Dataset: Sendable {
    /// The workload the data belongs to.
    public let workload: Workload
    /// Pixels, row-major: count × features, each in [0, 1].
    public let pixels: [Float]
    /// Class of each image, 0 … classes − 1.
    public let labels: [Int]

    public var count: Int { labels.count }
    public var features: Int { workload.features }

    public init(workload: Workload, pixels: [Float], labels: [Int]) {
        precondition(pixels.count == labels.count * workload.features, "pixels and labels disagree")
        self.workload = workload
        self.pixels = pixels
        self.labels = labels
    }

    /// The dataset of `workload`: the file shipped with cimpvt, for `fashion` the IDX files of
    /// Debian's `dataset-fashion-mnist`, or a user's files (training images first, then test images).
    public static func shipped(_ workload: Workload) throws -> Dataset {
        if workload == .fashion { return try fashion(directory: Workload.fashionDirectory) }
        if let custom = workload.customData {
            let (pixels, labels) = try custom.load()
            return Dataset(workload: workload, pixels: pixels, labels: labels)
        }
        guard let url = Bundle.module.url(forResource: workload.resourceName, withExtension: "gz") else {
            throw DatasetError(file: workload.resourceName + ".gz", "is missing from the cimpvt_Training resource bundle")
        }
        return try load(path: url.path, workload: workload)
    }

    /// Fashion-MNIST from the four IDX files in `directory` (train-images-idx3-ubyte.gz,
    /// train-labels-idx1-ubyte.gz, t10k-…): 60,000 training images, then 10,000 test images; each
    /// images file must agree with its labels file and hold its split's count.
    public static func fashion(directory: String) throws -> Dataset {
        var pixels = [Float](), labels = [Int]()
        pixels.reserveCapacity(70_000 * 784)
        for (part, expected) in [("train", 60_000), ("t10k", 10_000)] {
            let imagesPath = "\(directory)/\(part)-images-idx3-ubyte.gz", labelsPath = "\(directory)/\(part)-labels-idx1-ubyte.gz"
            for p in [imagesPath, labelsPath] where !FileManager.default.fileExists(atPath: p) {
                throw DatasetError(file: p, "is missing: the fashion workload reads Debian's dataset-fashion-mnist package (bash scripts/deps.sh installs it; or apt-get install dataset-fashion-mnist)")
            }
            let images = try IDXFile.images(path: imagesPath, rows: 28, columns: 28)
            let l = try IDXFile.labels(path: labelsPath, classes: 10)
            guard images.count == l.count else {
                throw DatasetError(file: labelsPath, "holds \(l.count) labels, but \(imagesPath) holds \(images.count) images")
            }
            guard images.count == expected else {
                throw DatasetError(file: imagesPath, "holds \(images.count) images; Fashion-MNIST's \(part == "train" ? "training" : "test") split has \(expected)")
            }
            pixels += images.pixels.map { Float($0) / 255 }
            labels += l
        }
        return Dataset(workload: .fashion, pixels: pixels, labels: labels)
    }

    /// Reads and checks a gzip-compressed dataset file of `workload`'s shape.
    public static func load(path: String, workload: Workload) throws -> Dataset {
        try parse(GzipFile.read(path: path), file: path, workload: workload)
    }

    /// Parses CSV text (``CSVImages``): exactly `workload.rows` lines of `features` pixels in
    /// 0 … maxPixel and a label in 0 … classes − 1. Any other content is a ``DatasetError`` naming the line.
    public static func parse(_ bytes: [UInt8], file: String, workload: Workload) throws -> Dataset {
        let parsed = try CSVImages.parse(bytes, file: file, values: workload.features, maxValue: Int(workload.maxPixel),
                                         classes: workload.classes, expectedRows: workload.rows)
        guard parsed.labels.count == workload.rows else {
            throw DatasetError(file: file, "\(parsed.labels.count) images, expected \(workload.rows) for workload \(workload.rawValue)")
        }
        return Dataset(workload: workload, pixels: parsed.values.map { Float($0) / workload.maxPixel }, labels: parsed.labels)
    }

    /// The images at `indices`, in that order.
    public func subset(_ indices: [Int]) -> Dataset {
        var p = [Float](); p.reserveCapacity(indices.count * features)
        for i in indices { p.append(contentsOf: pixels[(i * features)..<((i + 1) * features)]) }
        return Dataset(workload: workload, pixels: p, labels: indices.map { labels[$0] })
    }
}
