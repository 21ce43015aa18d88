import Foundation
import Training

/// Reads a sweep file's `[workload]` table (docs/sweep-files.md).
enum WorkloadTable {
    static let keys = ["name", "scenario", "epochs", "batch", "learning_rate", "momentum", "widths", "seed", "vary_per_die",
                       "mac_sample_interval", "train_images", "test_images", "network", "layers", "finetune_images", "finetune_epochs", "dataset"]
    static let datasetKeys = ["train", "test", "format", "shape", "classes", "train_labels", "test_labels"]

    /// Reads the table; a `dataset`'s relative paths resolve against `dataDirectory`.
    static func read(_ r: inout TableReader, dataDirectory: String) throws -> WorkloadSpec {
        var w = WorkloadSpec()
        if r.has("dataset") {
            if r.has("name") { throw r.error("dataset", "give either name (a shipped dataset) or dataset (your own files), not both") }
            guard var t = try r.table("dataset") else { throw r.error("dataset", "missing") }
            w.workload = .custom(try readDataset(&t, directory: dataDirectory))
        } else {
            w.workload = Workload(rawValue: try r.string("name", default: w.workload.rawValue, allowed: Workload.allCases.map(\.rawValue)))!
        }
        w.scenario = Scenario(rawValue: try r.string("scenario", default: w.scenario.rawValue, allowed: Scenario.allCases.map(\.rawValue)))!
        w.training.epochs = try r.int("epochs", default: w.training.epochs, range: 1...10_000)
        w.training.batchSize = try r.int("batch", default: w.training.batchSize, range: 1...4096)
        w.training.learningRate = Float(try r.double("learning_rate", default: Double(w.training.learningRate), range: 1e-8...10))
        w.training.momentum = Float(try r.double("momentum", default: Double(w.training.momentum), range: 0...0.999))
        w.training.macSampleInterval = try r.int("mac_sample_interval", default: w.training.macSampleInterval, range: 1...1_000_000)
        let file = r.file
        w.training.widths = try r.array("widths") { v, key in
            guard let i = v.int else { throw SpecError(file: file, key: key, "expected an integer layer width") }
            return i
        }
        w.training.network = try readNetwork(&r, workload: w.workload, widths: w.training.widths)
        if r.has("seed") { w.seed = UInt64(try r.int("seed", range: 0...Int.max)) }
        w.variesPerDie = try r.bool("vary_per_die", default: false)
        // Subsets: at least one image per class, at most the split's size (digits and mnist5k split 80/20).
        let trainSplit = w.workload.officialTrainImages ?? Int((DataSplit.trainShare * Double(w.workload.rows)).rounded())
        let testSplit = w.workload.rows - trainSplit
        if r.has("train_images") { w.trainImages = try r.int("train_images", range: w.workload.classes...trainSplit) }
        if r.has("test_images") { w.testImages = try r.int("test_images", range: w.workload.classes...testSplit) }
        if let network = w.training.network, network.name == "custom" {
            do { _ = try network.shapes(input: w.workload.inputShape, classes: w.workload.classes) } catch {
                let key = error.layer.map { "layers[\($0)]" } ?? "layers"
                throw r.error(key, "\(error.typeName.map { "type '\($0)': " } ?? "")\(error.message) (input \(w.workload.inputShape) for \(w.workload.rawValue))")
            }
        }
        for key in ["finetune_images", "finetune_epochs"] where r.has(key) && w.scenario != .finetune {
            throw r.error(key, "applies to scenario = \"finetune\" only (this workload's scenario is \(w.scenario.rawValue))")
        }
        if r.has("finetune_images") { w.finetuneImages = try r.int("finetune_images", range: w.workload.classes...(w.trainImages ?? trainSplit)) }
        if r.has("finetune_epochs") { w.finetuneEpochs = try r.int("finetune_epochs", range: 1...10_000) }
        if let (key, message) = w.training.validationProblem(workload: w.workload) { throw r.error(key, message) }
        try r.finish(allowed: keys)
        return w
    }

    /// `network = "lenet5"` (a preset) or `layers = [{type = "conv2d", out = 6, kernel = 5}, …]` (a custom
    /// network); nil for neither (the mlp of `widths`).
    private static func readNetwork(_ r: inout TableReader, workload: Workload, widths: [Int]?) throws -> NetworkSpec? {
        if r.has("network") && r.has("layers") {
            throw r.error("layers", "give either network (a preset) or layers (your own list), not both")
        }
        if r.has("network") {
            let name = try r.string("network", allowed: NetworkSpec.presetNames)
            return name == "mlp" ? nil : NetworkSpec.preset(name, mlpWidths: widths ?? workload.defaultWidths, classes: workload.classes)
        }
        guard let tables = try r.tables("layers") else { return nil }
        guard !tables.isEmpty else { throw r.error("layers", "is empty; list at least one dense or conv2d layer") }
        return NetworkSpec(name: "custom", layers: try tables.map { t in
            var t = t
            return try LayerTable.read(&t)
        })
    }

    /// The absolute folder of a sweep file's path.
    static func folder(of file: String) -> String {
        let dir = (file as NSString).deletingLastPathComponent
        if dir.hasPrefix("/") { return dir }
        let cwd = FileManager.default.currentDirectoryPath
        return dir.isEmpty ? cwd : cwd + "/" + dir
    }

    /// `dataset = {train = "…", test = "…", format = "idx" | "csv", shape = [C, H, W], classes = 10}`:
    /// the files are read and checked now, so a problem names the file and the line or byte offset.
    static func readDataset(_ t: inout TableReader, directory: String) throws -> CustomDataset {
        let format = CustomDataset.Format(rawValue: try t.string("format", allowed: CustomDataset.Format.allCases.map(\.rawValue)))!
        let file = t.file
        let dims = try t.array("shape") { v, key -> Int in
            guard let i = v.int, (1...1024).contains(i) else {
                throw SpecError(file: file, key: key, "expected an integer in 1…1024 (channels, height, width)")
            }
            return i
        }
        guard let dims, dims.count == 3 else { throw t.error("shape", "must be [channels, height, width], e.g. [1, 28, 28]") }
        let shape = TensorShape(channels: dims[0], height: dims[1], width: dims[2])
        guard shape.count <= 1 << 20 else { throw t.error("shape", "\(shape) is \(shape.count) values per image; at most \(1 << 20)") }
        let classes = try t.int("classes", default: 10, range: 2...1000)
        func path(_ key: String) throws -> String? {
            guard t.has(key) else { return nil }
            let p = try t.string(key)
            guard !p.isEmpty else { throw t.error(key, "is empty; give a file path") }
            return p.hasPrefix("/") ? p : directory + "/" + p
        }
        guard let train = try path("train") else { throw t.error("train", "missing; required, the training file's path") }
        guard let test = try path("test") else { throw t.error("test", "missing; required, the test file's path") }
        let trainLabels = try path("train_labels"), testLabels = try path("test_labels")
        if format == .csv, let key = ["train_labels", "test_labels"].first(where: { t.has($0) }) {
            throw t.error(key, "applies to format = \"idx\" only (a CSV line holds its label)")
        }
        try t.finish(allowed: datasetKeys)
        do {
            return try CustomDataset(format: format, shape: shape, classes: classes, train: train, test: test,
                                     trainLabels: trainLabels, testLabels: testLabels, directory: directory)
        } catch let e as DatasetError {
            // The key of the file the problem is in.
            let labelsOfTrain: String = trainLabels ?? CustomDataset.labelsPath(forImages: train)
            let labelsOfTest: String = testLabels ?? CustomDataset.labelsPath(forImages: test)
            var key = "train"
            if e.file == test { key = "test" }
            if format == .idx && e.file == labelsOfTrain { key = "train_labels" }
            if format == .idx && e.file == labelsOfTest { key = "test_labels" }
            throw t.error(key, e.description)
        }
    }
}
