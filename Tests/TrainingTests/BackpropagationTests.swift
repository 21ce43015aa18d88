import Foundation
import Testing
import Variation
import Macros
import Training

/// The trainer's gradients against central finite differences of the loss, on a tiny network with
/// the ideal product: one SGD step with μ = 0 moves every parameter by −η·∂L/∂θ.
@Suite struct BackpropagationTests {
    @Test func oneStepMatchesFiniteDifferenceGradient() throws {
        let data = try Dataset.shipped(.digits).subset(Array(0..<8))
        var config = TrainingConfig()
        config.batchSize = 8; config.momentum = 0; config.learningRate = 1e-3; config.widths = [64, 5, 10]
        let start = NetworkParameters(heInitialised: [(64, 5), (5, 10)], stream: RandomStream(seed: StreamSeed(77)))
        let layers: [CIMMacro] = [IdealMacro(inputs: 64, outputs: 5), IdealMacro(inputs: 5, outputs: 10)]
        let trainer = try Trainer(network: .mlp(widths: [64, 5, 10]), input: Workload.digits.inputShape, classes: 10, macros: layers,
                                  parameters: start, config: config)
        #expect(trainer.train(on: data, epochs: 1, order: RandomStream(seed: StreamSeed(1))) == .ok)
        let stepped = trainer.parameters

        /// Mean cross-entropy over the 8 images, in Double.
        func loss(_ p: NetworkParameters) -> Double {
            var total = 0.0
            for n in 0..<8 {
                var a = (0..<64).map { Double(data.pixels[n * 64 + $0]) }
                for l in 0..<2 {
                    let nIn = p.inputs[l], nOut = p.outputs[l]
                    var z = (0..<nOut).map { Double(p.biases[l][$0]) }
                    for i in 0..<nIn { for j in 0..<nOut { z[j] += a[i] * Double(p.weights[l][i * nOut + j]) } }
                    a = l == 0 ? z.map { max($0, 0) } : z
                }
                let m = a.max()!
                total += (log(a.map { exp($0 - m) }.reduce(0, +)) + m) - a[data.labels[n]]
            }
            return total / 8
        }
        var worst = 0.0
        for l in 0..<2 { for i in stride(from: 0, to: start.weights[l].count, by: 7) {
            var plus = start, minus = start
            let h: Float = 1e-2
            plus.weights[l][i] += h; minus.weights[l][i] -= h
            let g = (loss(plus) - loss(minus)) / Double(2 * h)
            let step = Double(start.weights[l][i] - stepped.weights[l][i]) / 1e-3
            worst = max(worst, abs(step - g))
        } }
        // Float32 training arithmetic against a Double finite difference with h = 0.01.
        #expect(worst < 2e-3, "largest gradient mismatch \(worst)")
    }

    @Test func heInitialisationHasVariance2OverFanIn() {
        let p = NetworkParameters(heInitialised: [(400, 300), (300, 10)], stream: RandomStream(seed: StreamSeed(3)))
        let w = p.weights[0].map(Double.init)
        let n = Double(w.count), v = w.reduce(0) { $0 + $1 * $1 } / n
        // Sample variance of 120,000 normals: relative SE √(2/n) = 0.41 %; allow 5 SE.
        #expect(abs(v / (2.0 / 400) - 1) < 5 * (2 / n).squareRoot(), "variance \(v)")
        #expect(p.biases.allSatisfy { $0.allSatisfy { $0 == 0 } })
    }

    /// SGD with momentum, v ← μ·v + g, θ ← θ − η·v, checked on full-batch steps: after two steps the
    /// runs with μ = 0.9 and μ = 0 share the first step (θ₁ = θ₀ − η·g₀) and so the second gradient g₁;
    /// they differ by exactly −η·μ·g₀ = μ·(θ₁ − θ₀).
    @Test func momentumCarriesThePreviousStep() throws {
        let data = try Dataset.shipped(.digits).subset(Array(0..<8))
        let start = NetworkParameters(heInitialised: [(64, 5), (5, 10)], stream: RandomStream(seed: StreamSeed(78)))
        func run(momentum: Float, epochs: Int) throws -> NetworkParameters {
            var config = TrainingConfig()
            config.batchSize = 8; config.momentum = momentum; config.learningRate = 0.05; config.widths = [64, 5, 10]
            let layers: [CIMMacro] = [IdealMacro(inputs: 64, outputs: 5), IdealMacro(inputs: 5, outputs: 10)]
            let trainer = try Trainer(network: .mlp(widths: [64, 5, 10]), input: Workload.digits.inputShape, classes: 10, macros: layers,
                                  parameters: start, config: config)
            #expect(trainer.train(on: data, epochs: epochs, order: RandomStream(seed: StreamSeed(2))) == .ok)
            return trainer.parameters
        }
        let one = try run(momentum: 0.9, epochs: 1), withMomentum = try run(momentum: 0.9, epochs: 2)
        let without = try run(momentum: 0, epochs: 2)
        var worst: Float = 0, largest: Float = 0
        for l in 0..<2 { for i in start.weights[l].indices {
            let expected = 0.9 * (one.weights[l][i] - start.weights[l][i])
            let got = withMomentum.weights[l][i] - without.weights[l][i]
            worst = max(worst, abs(got - expected))
            largest = max(largest, abs(expected))
        } }
        // float rounding of the per-image sums only (the batch order differs between epochs)
        #expect(largest > 1e-3 && worst < 1e-3 * largest, "largest μ·Δθ₁ \(largest), worst mismatch \(worst)")
    }
}
