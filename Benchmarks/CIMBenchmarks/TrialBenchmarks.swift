import Benchmark
import Foundation
import Macros
import Sweep
import Training
import Variation

/// One digits trial (scratch, 64-64-10, 20 epochs, batch 32, one thread, TT / 0.9 V / 27 °C, die 0):
/// building the die's layer macros, training 900 steps on them and testing on 359 images. The FP32
/// baseline is prepared outside the measurement (a sweep shares it across trials); "ideal" is the
/// baseline's own training.
let trialBenchmarks: @Sendable () -> Void = {
    let corner = Corner(process: .TT, vdd: 0.9, temperatureC: 27)
    var fp8 = DigitalMacroConfig(); fp8.format = .fp8E4M3; fp8.mode = .approximate
    let choices: [(String, MacroChoice)] = [("ideal", .ideal), ("digital bf16 accurate", .digital(DigitalMacroConfig())),
                                            ("digital fp8-e4m3 approximate", .digital(fp8)), ("analog int8", .analog(AnalogMacroConfig()))]
    for (name, choice) in choices {
        Benchmark("trial digits \(name)", configuration: .init(scalingFactor: .one, maxDuration: .seconds(10), maxIterations: 8)) { benchmark in
            let spec = WorkloadSpec()
            let workload = try PreparedWorkload(spec: spec, seed: spec.workloadSeed(master: 1, dieIndex: 0), data: Dataset.shipped(.digits))
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try DieTrial(corner: corner, dieIndex: 0, macro: choice, masterSeed: 1).run(workload))
            }
        }
    }
}

/// One LeNet-5 fine-tune trial on Fashion-MNIST as corners/fashion-lenet.toml runs it (TT / 0.9 V /
/// 27 °C, die 0, one thread): building the die's five macros, fine-tuning on 2,000 shifted images for
/// one epoch (63 steps) and testing on the 10,000 shifted test images. The FP32 pre-training and the
/// baseline are prepared outside the measurement (a sweep shares them across trials).
let lenetBenchmarks: @Sendable () -> Void = {
    let corner = Corner(process: .TT, vdd: 0.9, temperatureC: 27)
    for (name, choice) in [("ideal", MacroChoice.ideal), ("digital bf16 accurate", .digital(DigitalMacroConfig())),
                           ("analog int8", .analog(AnalogMacroConfig()))] {
        Benchmark("trial fashion lenet5 finetune \(name)",
                  configuration: .init(scalingFactor: .one, maxDuration: .seconds(20), maxIterations: 3)) { benchmark in
            var spec = WorkloadSpec()
            spec.workload = .fashion
            spec.scenario = .finetune
            spec.training.network = .lenet5(classes: 10)
            spec.training.epochs = 1
            spec.trainImages = 6000
            spec.finetuneImages = 2000
            spec.finetuneEpochs = 1
            spec.training.learningRate = 0.02
            let workload = try PreparedWorkload(spec: spec, seed: spec.workloadSeed(master: 1, dieIndex: 0), data: Dataset.shipped(.fashion))
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try DieTrial(corner: corner, dieIndex: 0, macro: choice, masterSeed: 1).run(workload))
            }
        }
    }
}

/// corners/quick.toml (42 trials) into a fresh folder, with 1 and 2 jobs: trials per second = 42 / time.
let sweepBenchmarks: @Sendable () -> Void = {
    for jobs in [1, 2] {
        Benchmark("sweep quick.toml jobs \(jobs)", configuration: .init(scalingFactor: .one, maxDuration: .seconds(60), maxIterations: 2)) { benchmark in
            let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("corners/quick.toml").path
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let spec = try SweepFile.parse(text, file: path)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cimpvt-bench-\(getpid())-\(jobs)").path
            var o = SweepRunner.Options(); o.jobs = jobs; o.fresh = true; o.progress = false
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try SweepRunner(spec: spec, sweepText: text, directory: dir, options: o).run())
            }
            benchmark.stopMeasurement()
            try? FileManager.default.removeItem(atPath: dir)
        }
    }
}
