import Testing
import Variation
import Macros
import Training

/// Training on a die against the FP32 baseline (MODELS §7).
@Suite struct TrainingTests {
    static let digits = try! Dataset.shipped(.digits)
    static let tt = Corner(process: .TT, vdd: 0.9, temperatureC: 27)

    static func prepared(epochs: Int = 20, learningRate: Float = 0.05, scenario: Scenario = .scratch) throws -> PreparedWorkload {
        var spec = WorkloadSpec()
        spec.training.epochs = epochs
        spec.training.learningRate = learningRate
        spec.scenario = scenario
        return try PreparedWorkload(spec: spec, seed: spec.workloadSeed(master: 11, dieIndex: 0), data: digits)
    }

    static let standard = try! prepared()

    @Test func baselineReaches95PercentOnDigits() {
        #expect(Self.standard.baseline.accuracy >= 0.95, "baseline \(Self.standard.baseline.accuracy)")
        #expect(Self.standard.baseline.status == .ok && Self.standard.baseline.steps == 20 * 45)
    }

    @Test func idealMacroReproducesTheBaselineExactly() throws {
        let w = Self.standard
        let r = try DieTrial(corner: Self.tt, dieIndex: 3, macro: .ideal, masterSeed: 11).run(w)
        #expect(r.accuracy == w.baseline.accuracy && r.degradationPP == 0)
        #expect(r.forwardMACRMS == 0 && r.backwardMACRMS == 0)
        let layers = MacroChoice.ideal.macros(widths: w.spec.widths, corner: Self.tt, seed: 11, dieIndex: 0, card: TechnologyCard())
        let again = try TrainingSummary.train(macros: layers, spec: w.spec, start: w.start, train: w.train, test: w.test, seed: w.seed)
        #expect(again.parameters == w.baseline.parameters)
    }

    @Test func digitalBF16AccurateAtNominalStaysWithin1pp() throws {
        let r = try DieTrial(corner: Self.tt, dieIndex: 0, macro: .digital(DigitalMacroConfig()), masterSeed: 11).run(Self.standard)
        #expect(r.status == .ok)
        #expect(abs(r.degradationPP) <= 1, "degradation \(r.degradationPP) pp")
        // BF16 products: relative error of the order of BF16's 2^-8 rounding, well below 5 %.
        #expect(r.forwardMACRMS > 0 && r.forwardMACRMS < 0.05 && r.backwardMACRMS < 0.05, "\(r.forwardMACRMS) \(r.backwardMACRMS)")
    }

    @Test func sameTrialTwiceIsIdentical() throws {
        let w = try Self.prepared(epochs: 3)
        let t = DieTrial(corner: Corner(process: .SS, vdd: 0.7, temperatureC: 125), dieIndex: 2, macro: .analog(AnalogMacroConfig()), masterSeed: 11)
        #expect(try t.run(w) == t.run(w))
        let d = DieTrial(corner: Self.tt, dieIndex: 1, macro: .digital(DigitalMacroConfig()), masterSeed: 11)
        #expect(try d.run(w) == d.run(w))
    }

    @Test func absurdLearningRateDivergesWithoutCrashing() throws {
        var spec = WorkloadSpec()
        spec.training.epochs = 2
        let w = try PreparedWorkload(spec: spec, seed: spec.workloadSeed(master: 11, dieIndex: 0), data: Self.digits)
        // The baseline is fine; the die trial reuses its data with an absurd step size.
        var wild = spec; wild.training.learningRate = 1e30
        let layers = MacroChoice.digital(DigitalMacroConfig()).macros(widths: spec.widths, corner: Self.tt, seed: 11, dieIndex: 0, card: TechnologyCard())
        let s = try TrainingSummary.train(macros: layers, spec: wild, start: w.start, train: w.train, test: w.test, seed: w.seed)
        #expect(s.status == .diverged)
        #expect(s.accuracy >= 0 && s.accuracy <= 0.3, "accuracy \(s.accuracy)")
        #expect(s.steps < 90)
    }

    /// Analog macro, 5 epochs: the design-time calibration (reference and integration time fixed at
    /// TT / 0.9 V / 27 °C, auto-zeroed offsets) trains as well as per-die trim at its own design point
    /// (mean over 3 dies ≤ 5 pp), and loses where the cells have moved away from it: at 0.6 V its reference
    /// reads every cell at ≈ 0.23 of full scale, and it falls far behind `die`, which retrims there.
    @Test func designCalibrationHoldsAtItsDesignPointAndFailsAwayFromIt() throws {
        let w = try Self.prepared(epochs: 5)
        func mean(_ cal: AnalogCalibration, vdd: Double, dies: Int) throws -> Double {
            var c = AnalogMacroConfig(); c.calibration = cal
            return try (0..<dies).map {
                try DieTrial(corner: Corner(process: .TT, vdd: vdd, temperatureC: 27), dieIndex: $0, macro: .analog(c), masterSeed: 11)
                    .run(w).degradationPP
            }.reduce(0, +) / Double(dies)
        }
        let design = try mean(.design, vdd: 0.9, dies: 3)
        #expect(design <= 5, "design at TT / 0.9 V / 27 °C: \(design) pp")
        let designLow = try mean(.design, vdd: 0.6, dies: 2), dieLow = try mean(.die, vdd: 0.6, dies: 2)
        #expect(designLow > dieLow + 10, "0.6 V: design \(designLow) pp, die \(dieLow) pp")
    }

    @Test func finetuneStartsFromThePretrainedNetwork() throws {
        let w = try Self.prepared(epochs: 4, scenario: .finetune)
        // Pre-trained parameters differ from the initialisation; the baseline fine-tunes on shifted data.
        let scratch = try Self.prepared(epochs: 4)
        #expect(w.start != scratch.start)
        #expect(w.test.pixels != scratch.test.pixels && w.test.count == scratch.test.count)
        #expect(w.baseline.accuracy > 0.9, "fine-tune baseline \(w.baseline.accuracy)")
        let r = try DieTrial(corner: Self.tt, dieIndex: 0, macro: .digital(DigitalMacroConfig()), masterSeed: 11).run(w)
        #expect(r.status == .ok && abs(r.degradationPP) <= 2, "fine-tune on digital: \(r.degradationPP) pp")
    }
}
