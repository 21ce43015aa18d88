import Training

/// Reads a sweep file's `[workload]` table (docs/sweep-files.md).
enum WorkloadTable {
    static let keys = ["name", "scenario", "epochs", "batch", "learning_rate", "momentum", "widths", "seed", "vary_per_die",
                       "mac_sample_interval", "train_images", "test_images"]

    static func read(_ r: inout TableReader) throws -> WorkloadSpec {
        var w = WorkloadSpec()
        w.workload = Workload(rawValue: try r.string("name", default: w.workload.rawValue, allowed: Workload.allCases.map(\.rawValue)))!
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
        if r.has("seed") { w.seed = UInt64(try r.int("seed", range: 0...Int.max)) }
        w.variesPerDie = try r.bool("vary_per_die", default: false)
        // Subsets: at least one image per class, at most the split's size (digits and mnist5k split 80/20).
        let trainSplit = w.workload.officialTrainImages ?? Int((DataSplit.trainShare * Double(w.workload.rows)).rounded())
        let testSplit = w.workload.rows - trainSplit
        if r.has("train_images") { w.trainImages = try r.int("train_images", range: w.workload.classes...trainSplit) }
        if r.has("test_images") { w.testImages = try r.int("test_images", range: w.workload.classes...testSplit) }
        if let (key, message) = w.training.validationProblem(workload: w.workload) { throw r.error(key, message) }
        try r.finish(allowed: keys)
        return w
    }
}
