import Testing
import Analysis
import Variation

/// The training-noise floor and the criterion judged against it (docs/sweeps.md, "Training noise").
@Suite struct TrainingNoiseTests {
    /// Runs' degradations [0, 0.5, 1, −0.5] pp: mean 0.25, sd √(1.25/3) = 0.645497; band half-width
    /// t(0.975, 3) · sd · √(1 + 1/4) = 3.182446 · 0.645497 · 1.118034 = 2.296727.
    @Test func bandAndCautionsByHand() throws {
        let n = TrainingNoise(degradationsPP: [0, 0.5, 1, -0.5], testImages: 359, confidence: 0.95)
        #expect(n.runs == 4 && abs(n.meanPP - 0.25) < 1e-15)
        #expect(abs(n.sdPP - (1.25 / 3).squareRoot()) < 1e-15)
        let half = 3.182446305284263 * (1.25 / 3).squareRoot() * 1.25.squareRoot()
        let band = try #require(n.band)
        #expect(abs(band.low - (0.25 - half)) < 1e-9 && abs(band.high - (0.25 + half)) < 1e-9)
        #expect(abs(n.imagePP - 100.0 / 359) < 1e-15)
        // 1 pp < 3 × 0.645 (noise) but ≥ 3 × 0.279 (images): one caution; 0.5 pp: both.
        #expect(n.cautions(maxDegradationPP: 1).count == 1 && n.cautions(maxDegradationPP: 1)[0].contains("3× the training-noise sd"))
        #expect(n.cautions(maxDegradationPP: 0.5).count == 2)
        #expect(n.cautions(maxDegradationPP: 2).isEmpty)
        #expect(TrainingNoise(degradationsPP: [0.3], testImages: 100, confidence: 0.95).band == nil)
    }

    /// relative_to_noise: a die fails above the band's upper edge, whatever max_degradation_pp says.
    @Test func criterionRelativeToNoiseUsesTheBandsUpperEdge() {
        let corner = Corner(process: .TT, vdd: 0.9, temperatureC: 27)
        let trials = [0.1, 1.5, 2.5, 3.0].enumerated().map { i, d in
            TrialOutcome(macro: "a", kind: "analog", corner: corner, die: i, accuracy: 0.9, degradationPP: d, diverged: false,
                         forwardMACRMS: 0.1, backwardMACRMS: 0.1)
        }
        let noise = TrainingNoise(degradationsPP: [0, 0.5, 1, -0.5], testImages: 359, confidence: 0.95)  // band high 2.5467
        var criterion = YieldCriterion()
        let plain = SweepSummary(trials, macros: ["a"], corners: [corner], criterion: criterion, noise: noise)
        #expect(plain.cells[0].yield.successes == 1 && plain.criterion.thresholdPP == 1)
        criterion.relativeToNoise = true
        let relative = SweepSummary(trials, macros: ["a"], corners: [corner], criterion: criterion, noise: noise)
        #expect(relative.cells[0].yield.successes == 3)
        #expect(abs(relative.criterion.thresholdPP - noise.band!.high) < 1e-15 && relative.noise == noise)
    }
}
