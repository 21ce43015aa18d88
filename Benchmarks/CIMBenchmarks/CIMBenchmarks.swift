import BLAS
import Benchmark
import Variation

/// Benchmarks: `swift package benchmark` (not run by CI). Each benchmark states its unit of work.
let benchmarks: @Sendable () -> Void = {
    BLASKernel.useSingleThread()
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(3))

    // Local-mismatch draws per second: 100k devices (two GSL ziggurat Gaussians each) per iteration.
    Benchmark("sampler: 100k device draws", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let card = TechnologyCard()
        let stream = RandomStream(seed: StreamSeed(42))
        for _ in benchmark.scaledIterations {
            blackHole(LocalMismatch.draw(.n, geometry: card.cellPassGate, count: 100, card: card, stream: stream))
        }
    }

    // Reference sgemm: batch 32 × 256 × 256 (the layer shape of the macro benchmarks), one thread.
    Benchmark("sgemm 32x256x256 fp32", configuration: .init(scalingFactor: .one)) { benchmark in
        let m = 32, n = 256, k = 256
        let a = [Float](repeating: 0.5, count: m * k), b = [Float](repeating: 0.25, count: k * n)
        var c = [Float](repeating: 0, count: m * n)
        for _ in benchmark.scaledIterations {
            c.withUnsafeMutableBufferPointer { cp in
                sgemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: cp.baseAddress!, ldc: n)
            }
            blackHole(c)
        }
    }
}
