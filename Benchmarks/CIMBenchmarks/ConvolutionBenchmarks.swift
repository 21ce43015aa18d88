import BLAS
import Benchmark
import Macros
import Training
import Variation

/// LeNet-5's second conv layer (6 × 14 × 14 → 16 filters of 5 × 5 → 16 × 10 × 10), batch 32, as training
/// runs it: im2col of the batch (3,200 rows of 150 values), the forward read on the macro, the
/// transposed read of δ (3,200 × 16) and col2im of its result. Yardsticks of the same run: the analog
/// layer's bit-plane sgemm bound (3,200 × (8 + 14) planes × 150 rows × 16·8 bit columns) and two FP32
/// sgemm of the layer's shape (forward and backward).
let convolutionBenchmarks: @Sendable () -> Void = {
    let corner = Corner(process: .TT, vdd: 0.9, temperatureC: 27)
    let unfolding = Im2Col(input: TensorShape(channels: 6, height: 14, width: 14), kernel: 5, stride: 1, padding: 0)
    let rows = 32 * unfolding.positions, k = unfolding.windowSize
    let layer = Benchmark.Configuration(timeUnits: .microseconds, scalingFactor: .one, maxDuration: .seconds(6))
    Benchmark("conv lenet5-c2 analog int8 fwd+bwd b32", configuration: layer) { benchmark in
        let macro = AnalogMacro.onDie(inputs: k, outputs: 16, config: AnalogMacroConfig(), corner: corner, seed: 1, dieIndex: 0,
                                      card: TechnologyCard())
        try timeConvolutionPasses(benchmark, macro, unfolding)
    }
    Benchmark("conv lenet5-c2 digital bf16 accurate fwd+bwd b32", configuration: layer) { benchmark in
        let macro = DigitalMacro.onDie(inputs: k, outputs: 16, config: DigitalMacroConfig(), corner: corner, seed: 1, dieIndex: 0,
                                       card: TechnologyCard())
        try timeConvolutionPasses(benchmark, macro, unfolding)
    }
    Benchmark("conv lenet5-c2 bit-plane bound sgemm 70400x128x150", configuration: layer) { benchmark in
        timeSgemm(benchmark, m: rows * (8 + 14), n: 16 * 8, k: k, callsPerIteration: 1)
    }
    Benchmark("conv lenet5-c2 2 sgemm 3200x16x150", configuration: layer) { benchmark in
        timeSgemm(benchmark, m: rows, n: 16, k: k, callsPerIteration: 2)
    }
}

/// Writes He-scaled weights, then times unfold → forward → backward → fold on a batch of 32 ReLU-like
/// (|N(0, 1)|) input maps with N(0, 0.01²) output gradients (setup and three warm-up passes outside).
func timeConvolutionPasses(_ benchmark: Benchmark, _ macro: CIMMacro, _ u: Im2Col) throws {
    let stream = RandomStream(seed: StreamSeed(4))
    let sigma = (2 / Double(u.windowSize)).squareRoot()
    try macro.write(weights: (0..<(u.windowSize * macro.outputs)).map { _ in Float(stream.gaussian(sigma: sigma)) })
    let batch = 32, rows = batch * u.positions
    let x = (0..<(batch * u.input.count)).map { _ in abs(Float(stream.gaussian(sigma: 1))) }
    let delta = (0..<(rows * macro.outputs)).map { _ in Float(stream.gaussian(sigma: 0.01)) }
    var cols = [Float](repeating: 0, count: rows * u.windowSize), gcols = cols
    var y = [Float](repeating: 0, count: rows * macro.outputs), dx = [Float](repeating: 0, count: x.count)
    func pass() throws {
        x.withUnsafeBufferPointer { xp in cols.withUnsafeMutableBufferPointer { u.unfold(xp.baseAddress!, batch: batch, into: $0.baseAddress!) } }
        try macro.forward(cols, batch: rows, into: &y)
        try macro.backward(delta, batch: rows, into: &gcols)
        gcols.withUnsafeBufferPointer { g in dx.withUnsafeMutableBufferPointer { u.fold(g.baseAddress!, batch: batch, into: $0.baseAddress!) } }
    }
    for _ in 0..<3 { try pass() }
    benchmark.startMeasurement()
    for _ in benchmark.scaledIterations {
        try pass()
        blackHole(dx)
    }
}
