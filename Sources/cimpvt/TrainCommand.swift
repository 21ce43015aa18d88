import ArgumentParser
import Foundation
import Macros
import Training
import Variation

/// `cimpvt train`: one trial — a network trained and tested on one die at one corner.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a network on one die at one corner through a macro, and compare it with the FP32 baseline.",
        discussion: "Forward and backward products run on the die's macro (backward through the transposed read); gradients and SGD with momentum run in FP32 on master weights, which are rewritten into the macro after every step. The baseline trains the same initialisation in the same data order with the ideal FP32 product. degradation_pp = (baseline - die accuracy) x 100. See docs/training.md."
    )

    @OptionGroup var corner: CornerOptions
    @OptionGroup var technology: TechnologyOptions
    @Option(help: "Product the layers run on: digital, analog or ideal (FP32).") var macro: String = "digital"
    @OptionGroup var digital: DigitalMacroOptions
    @OptionGroup var analog: AnalogMacroOptions
    @Option(help: "Master seed (die silicon and run-time noise; also the workload seed unless --workload-seed).") var seed: UInt64 = 1
    @Option(help: "Die index within the process corner (≥ 0).") var die: Int = 0
    @Option(help: "Workload: digits (UCI 8x8, default widths 64,64,10), mnist5k (28x28, 784,128,10) or fashion (Fashion-MNIST 28x28, 60000 + 10000 images, 784,128,10).") var workload: String = "digits"
    @Option(help: "Your own dataset instead of --workload: the training file (IDX images with the labels file beside it, or CSV: C*H*W pixel values 0-255 in CHW order, then the label).") var datasetTrain: String?
    @Option(help: "Your own dataset: the test file (as --dataset-train).") var datasetTest: String?
    @Option(help: "Your own dataset: idx or csv.") var datasetFormat: String = "idx"
    @Option(help: "Your own dataset: image shape channels,height,width.") var datasetShape: String = "1,28,28"
    @Option(help: "Your own dataset: number of classes (labels 0…classes-1), 2…1000.") var datasetClasses: Int = 10
    @Option(help: "Train on a stratified subset of this many training images (default: all).") var trainImages: Int?
    @Option(help: "Test on a stratified subset of this many test images (default: all).") var testImages: Int?
    @Option(help: "Scenario: scratch, or finetune (FP32 pre-training, then fine-tuning on the die on shifted data).") var scenario: String = "scratch"
    @Option(help: "Epochs (1…10000); with --scenario finetune, those of the FP32 pre-training.") var epochs: Int = 20
    @Option(help: "With --scenario finetune: fine-tune on a stratified subset of this many shifted training images (default: all).") var finetuneImages: Int?
    @Option(help: "With --scenario finetune: epochs on the die (default: --epochs).") var finetuneEpochs: Int?
    @Option(help: "Mini-batch size (1…4096).") var batch: Int = 32
    @Option(help: "SGD learning rate (> 0).") var learningRate: Float = 0.05
    @Option(help: "SGD momentum [0, 1).") var momentum: Float = 0.9
    @Option(help: "Network: mlp (dense layers of --widths), lenet5 (conv 6@5x5 pad 2, pool, conv 16@5x5, pool, dense 120, 84, 10) or cnn-s (small VGG: 2x conv 16@3x3, pool, 2x conv 32@3x3, pool, dense 128, 10).") var network: String = "mlp"
    @Option(help: "Layer widths of the mlp network, comma-separated, input first (default: the workload's).") var widths: String?
    @Option(help: "Workload seed (split, initialisation, data order); default derived from --seed.") var workloadSeed: UInt64?
    @Flag(help: "Give each die its own initialisation and data order.") var varyPerDie = false
    @Flag(help: "Print JSON with keys accuracy, baseline_accuracy, degradation_pp, status, fwd_mac_rms, bwd_mac_rms, timing_error_events, failing_cells, final_loss, steps, wall_seconds.") var json = false

    func run() throws {
        try checkSeed(seed)
        try checkSeed(workloadSeed, flag: "--workload-seed")
        guard die >= 0 else { throw ValidationError("--die must be ≥ 0") }
        let c = try corner.corner()
        let choice: MacroChoice
        switch macro {
        case "digital": choice = .digital(try digital.config())
        case "analog": choice = .analog(try analog.config())
        case "ideal": choice = .ideal
        default: throw ValidationError("--macro '\(macro)' is not allowed; allowed: digital, analog, ideal")
        }
        let w = try resolvedWorkload()
        guard let s = Scenario(rawValue: scenario) else { throw ValidationError("--scenario '\(scenario)' is not allowed; allowed: scratch, finetune") }
        var spec = WorkloadSpec()
        spec.workload = w
        spec.scenario = s
        spec.seed = workloadSeed
        spec.variesPerDie = varyPerDie
        spec.training.epochs = epochs
        spec.training.batchSize = batch
        spec.training.learningRate = learningRate
        spec.training.momentum = momentum
        if let widths {
            let parts = widths.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.allSatisfy({ $0 != nil }) else { throw ValidationError("--widths '\(widths)' must be comma-separated integers, e.g. 64,64,10") }
            spec.training.widths = parts.map { $0! }
        }
        guard NetworkSpec.presetNames.contains(network) else {
            throw ValidationError("--network '\(network)' is not allowed; allowed: \(NetworkSpec.presetNames.joined(separator: ", "))")
        }
        if network != "mlp" {
            spec.training.network = NetworkSpec.preset(network, mlpWidths: spec.widths, classes: w.classes)
        }
        let trainSplit = w.officialTrainImages ?? Int((DataSplit.trainShare * Double(w.rows)).rounded())
        for (flag, value, limit) in [("--train-images", trainImages, trainSplit), ("--test-images", testImages, w.rows - trainSplit)] {
            if let v = value, !(w.classes...limit).contains(v) {
                throw ValidationError("\(flag) must be in \(w.classes)…\(limit) for \(w.rawValue), got \(v)")
            }
        }
        spec.trainImages = trainImages
        spec.testImages = testImages
        if s != .finetune && (finetuneImages != nil || finetuneEpochs != nil) {
            throw ValidationError("--finetune-images and --finetune-epochs apply to --scenario finetune only")
        }
        if let n = finetuneImages, !(w.classes...(trainImages ?? trainSplit)).contains(n) {
            throw ValidationError("--finetune-images must be in \(w.classes)…\(trainImages ?? trainSplit), got \(n)")
        }
        if let e = finetuneEpochs, !(1...10_000).contains(e) { throw ValidationError("--finetune-epochs must be in 1…10000, got \(e)") }
        spec.finetuneImages = finetuneImages
        spec.finetuneEpochs = finetuneEpochs
        if let (key, message) = spec.training.validationProblem(workload: w) {
            throw ValidationError("--\(key.replacingOccurrences(of: "_", with: "-")) \(message)")
        }
        let start = Date()
        let data = try reportingUserErrors { try Dataset.shipped(w) }
        let prepared = try PreparedWorkload(spec: spec, seed: spec.workloadSeed(master: seed, dieIndex: die), data: data)
        let r = try DieTrial(corner: c, dieIndex: die, macro: choice, masterSeed: seed, card: try technology.card()).run(prepared)
        let wall = Date().timeIntervalSince(start)
        if json {
            let body = r.fields.map { f in
                f.name == "status" ? "\"\(f.name)\": \"\(f.value)\"" : "\"\(f.name)\": \(jsonNumber(f.value))"
            }
            emit("{" + (body + ["\"wall_seconds\": \(wall)"]).joined(separator: ", ") + "}")
            return
        }
        emit("\(choice.kind) on die \(die) at \(c), \(w.rawValue) \(s.rawValue), \(spec.network.summary(input: w.inputShape)), \(s == .finetune ? "\(epochs) epochs FP32 pre-training, \(spec.dieEpochs) on the die" : "\(epochs) epochs")")
        emit("accuracy           \(fmt(100 * r.accuracy, 2)) %   (baseline FP32 \(fmt(100 * r.baselineAccuracy, 2)) %)")
        emit("degradation        \(fmt(r.degradationPP, 2)) pp")
        emit("status             \(r.status.rawValue)")
        emit("MAC error (rel RMS) forward \(fmt(100 * r.forwardMACRMS, 3)) %, backward \(fmt(100 * r.backwardMACRMS, 3)) %")
        emit("timing-error events \(r.timingErrorEvents), failing cells \(r.failingCells), steps \(r.steps)")
        if let clock = r.clockMHz, let slack = r.worstSlackNS {
            emit("clock              \(fmt(clock, 1)) MHz, worst path slack \(fmt(slack, 3)) ns")
        }
        if let conversion = r.conversionNS, let block = r.blockGMACs, let clips = r.adcClipRate {
            emit("conversion         \(fmt(conversion, 3)) ns, \(fmt(block, 2)) GMAC/s per 64×64 block, ADC clip rate \(fmt(100 * clips, 3)) %")
        }
        if let e = r.energyJ, let tops = r.topsPerW, let gops = r.gops {
            emit("energy             \(fmt(e * 1e6, 3)) µJ on the macro, \(fmt(tops, 2)) TOPS/W, \(fmt(gops, 1)) GOPS (32 kb macro)")
        }
        emit("wall time          \(fmt(wall, 2)) s")
    }

    /// --workload, or with --dataset-train / --dataset-test the user's files, read and checked.
    private func resolvedWorkload() throws -> Workload {
        guard datasetTrain != nil || datasetTest != nil else {
            guard let w = Workload(rawValue: workload) else {
                throw ValidationError("--workload '\(workload)' is not allowed; allowed: \(Workload.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return w
        }
        guard let train = datasetTrain, let test = datasetTest else {
            throw ValidationError("--dataset-train and --dataset-test go together: give both files")
        }
        guard let format = CustomDataset.Format(rawValue: datasetFormat) else {
            throw ValidationError("--dataset-format '\(datasetFormat)' is not allowed; allowed: idx, csv")
        }
        let dims = datasetShape.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard dims.count == 3, dims.allSatisfy({ $0 != nil && (1...1024).contains($0!) }) else {
            throw ValidationError("--dataset-shape '\(datasetShape)' must be channels,height,width, each 1…1024, e.g. 1,28,28")
        }
        guard (2...1000).contains(datasetClasses) else { throw ValidationError("--dataset-classes must be in 2…1000, got \(datasetClasses)") }
        let shape = TensorShape(channels: dims[0]!, height: dims[1]!, width: dims[2]!)
        return .custom(try reportingUserErrors {
            try CustomDataset(format: format, shape: shape, classes: datasetClasses, train: train, test: test)
        })
    }

    /// JSON has no NaN or infinity: those become null.
    private func jsonNumber(_ s: String) -> String { Double(s).map { $0.isFinite ? s : "null" } ?? (s.isEmpty ? "null" : s) }
}
