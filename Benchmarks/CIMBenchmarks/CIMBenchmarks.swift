import BLAS
import Benchmark
import CADC
import Macros
import Variation

/// Benchmarks: `swift package benchmark` (not run by CI). Each benchmark states its unit of work.
let benchmarks: @Sendable () -> Void = {
    // As the product does at start-up: the pinned kernel and no OpenBLAS worker threads (re-executes
    // this process once with OPENBLAS_CORETYPE and OPENBLAS_NUM_THREADS set, when they are unset).
    BLASKernel.ensureFastKernel()
    BLASKernel.useSingleThread()
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(3))

    // Local-mismatch draws: 100 devices (two GSL ziggurat Gaussians each) per iteration.
    Benchmark("sampler: 100 device draws (ΔVth, Δβ)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let card = TechnologyCard()
        let stream = RandomStream(seed: StreamSeed(42))
        for _ in benchmark.scaledIterations {
            blackHole(LocalMismatch.draw(.n, geometry: card.cellPassGate, count: 100, card: card, stream: stream))
        }
    }

    // Reference sgemm: batch 32 × 256 × 256 (the layer shape of the macro benchmarks), one thread.
    Benchmark("sgemm 32x256x256 fp32", configuration: .init(scalingFactor: .one)) { benchmark in
        timeSgemm(benchmark, m: 32, n: 256, k: 256, callsPerIteration: 1)
    }

    // The statistical signoff's work at one VDD and temperature: the SS critical path's delay
    // distribution (quadrature, FFTs; SignoffClock caches one per VDD and temperature in a process).
    Benchmark("signoff path-delay distribution SS 0.6 V -40 C", configuration: .init(scalingFactor: .one, maxIterations: 10)) { benchmark in
        let card = TechnologyCard()
        for _ in benchmark.scaledIterations {
            blackHole(PathDelayDistribution(depth: 33, process: .SS, at: OperatingPoint(vdd: 0.6, temperatureC: -40), card: card)
                .quantile(exceedance: SignoffClock.pathFailureProbability(macroYield: 0.999)))
        }
    }

    digitalBenchmarks()
    analogBenchmarks()
    convolutionBenchmarks()
    trialBenchmarks()
    lenetBenchmarks()
    sweepBenchmarks()
}

/// Forward + backward of a 256×256 layer, batch 32, on the digital macro (TT / 0.9 V / 27 °C, die 0),
/// for each format and mode; compare with "sgemm 32x256x256 fp32" ×2 (forward + backward) of the same run.
let digitalBenchmarks: @Sendable () -> Void = {
    let corner = Corner(process: .TT, vdd: 0.9, temperatureC: 27)
    for format in [NumberFormat.bf16, .int8, .fp8E4M3, .int4] { for mode in MACMode.allCases {
        // Setup (drawing 16 instances' cells) is outside the measurement and three warm-up passes precede
        // it; each sample then times 1000 passes, so the figures are steady-state per forward + backward pass.
        Benchmark("digital \(format.rawValue) \(mode.rawValue) fwd+bwd 32x256x256",
                  configuration: .init(scalingFactor: .kilo, maxDuration: .seconds(6), maxIterations: 3)) { benchmark in
            var config = DigitalMacroConfig()
            config.format = format
            config.mode = mode
            let macro = DigitalMacro.onDie(inputs: 256, outputs: 256, config: config, corner: corner, seed: 1, dieIndex: 0, card: TechnologyCard())
            try timeLayerPasses(benchmark, macro)
        }
    } }
}

/// Forward + backward of a 256×256 layer, batch 32, on the analog macro (INT8 weights, 8-bit inputs,
/// 7-bit ADC, 64 rows on, die calibration, TT / 0.9 V / 27 °C) as training drives it — forward on
/// ReLU-like unsigned inputs (8 planes), backward on signed δ (two passes of 7 planes) — beside the
/// bit-plane lower bound: plain sgemm doing the same flops (batch·8 and batch·14 input planes × 256
/// rows × 256·8 bit columns). On an AVX-512 CPU the layer is also timed on the AVX2 kernels (the same
/// output bits), as an AVX2-only CPU would run it.
let analogBenchmarks: @Sendable () -> Void = {
    let corner = Corner(process: .TT, vdd: 0.9, temperatureC: 27)
    let layer = Benchmark.Configuration(timeUnits: .microseconds, scalingFactor: .one, maxDuration: .seconds(6))
    Benchmark("analog int8 fwd+bwd 32x256x256", configuration: layer) { benchmark in
        let macro = AnalogMacro.onDie(inputs: 256, outputs: 256, config: AnalogMacroConfig(), corner: corner, seed: 1, dieIndex: 0, card: TechnologyCard())
        try timeLayerPasses(benchmark, macro, unsignedInputs: true)
    }
    if cimpvt_adc_vector_path() == 2 {
        Benchmark("analog int8 fwd+bwd 32x256x256 on the AVX2 kernels", configuration: layer) { benchmark in
            cimpvt_adc_cap_path(1)  // this thread only
            defer { cimpvt_adc_cap_path(2) }
            let macro = AnalogMacro.onDie(inputs: 256, outputs: 256, config: AnalogMacroConfig(), corner: corner, seed: 1, dieIndex: 0, card: TechnologyCard())
            try timeLayerPasses(benchmark, macro, unsignedInputs: true)
        }
    }
    Benchmark("bit-plane bound sgemm (256+448)x256x2048", configuration: .init(scalingFactor: .one)) { benchmark in
        timeSgemm(benchmark, m: 32 * (8 + 14), n: 256 * 8, k: 256, callsPerIteration: 1)
    }
}

/// Times `callsPerIteration` sgemm calls C = A·B (m × k times k × n, one thread) per iteration. Allocation,
/// first touch and one warm-up call stay outside the measurement, as the layer benchmarks' setup does.
func timeSgemm(_ benchmark: Benchmark, m: Int, n: Int, k: Int, callsPerIteration: Int) {
    let a = [Float](repeating: 1, count: m * k), b = [Float](repeating: 0.5, count: k * n)
    var c = [Float](repeating: 0, count: m * n)
    func product() { c.withUnsafeMutableBufferPointer { cp in sgemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: cp.baseAddress!, ldc: n) } }
    product()
    benchmark.startMeasurement()
    for _ in benchmark.scaledIterations {
        for _ in 0..<callsPerIteration { product() }
        blackHole(c)
    }
}

/// Writes N(0, 0.1²) weights into a 256×256 layer, runs warm-up passes, then times forward + backward
/// passes of a batch of 32 N(0, 1) inputs (setup and warm-up outside the measurement).
func timeLayerPasses(_ benchmark: Benchmark, _ macro: CIMMacro, warmUp: Int = 3, unsignedInputs: Bool = false) throws {
    let stream = RandomStream(seed: StreamSeed(3))
    try macro.write(weights: (0..<(256 * 256)).map { _ in Float(stream.gaussian(sigma: 0.1)) })
    let x = (0..<(32 * 256)).map { _ in
        let v = Float(stream.gaussian(sigma: 1))
        return unsignedInputs ? abs(v) : v
    }
    var y = [Float](repeating: 0, count: 32 * 256), g = y
    for _ in 0..<warmUp {
        try macro.forward(x, batch: 32, into: &y)
        try macro.backward(y, batch: 32, into: &g)
    }
    benchmark.startMeasurement()
    for _ in benchmark.scaledIterations {
        try macro.forward(x, batch: 32, into: &y)
        try macro.backward(y, batch: 32, into: &g)
        blackHole(g)
    }
}
