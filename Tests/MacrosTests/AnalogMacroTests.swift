import Foundation
import Testing
import Variation
import Macros

/// The analog macro: its ideal limit, and errors that follow the sampled devices and conditions.
@Suite struct AnalogMacroTests {
    func macro(_ config: AnalogMacroConfig, _ corner: Corner, die: Int = 0, card: TechnologyCard = TechnologyCard()) -> AnalogMacro {
        AnalogMacro.onDie(inputs: 64, outputs: 64, config: config, corner: corner, seed: 31, dieIndex: die, card: card)
    }

    static let pairs = DotProductCharacterisation.randomPairs(count: 640, stream: RandomStream(seed: StreamSeed(404)))
    static let exact = DotProductCharacterisation.exact(x: pairs.x, w: pairs.w)

    /// Error statistics of the fixed sample set through a macro, plus its gain (least-squares slope).
    func measure(_ m: CIMMacro, transpose: Bool = false) throws -> (stats: DotProductCharacterisation.Stats, gain: Double, values: [Double]) {
        let y = try DotProductCharacterisation.evaluate(m, x: Self.pairs.x, w: Self.pairs.w, transpose: transpose)
        let gain = zip(y, Self.exact).reduce(0) { $0 + $1.0 * $1.1 } / Self.exact.reduce(0) { $0 + $1 * $1 }
        return (DotProductCharacterisation.Stats(macro: y, exact: Self.exact), gain, y)
    }

    func rms(_ config: AnalogMacroConfig, _ corner: Corner, dies: Int = 3, card: TechnologyCard = TechnologyCard()) throws -> Double {
        try (0..<dies).map { try measure(macro(config, corner, die: $0, card: card)).stats.rmse }.reduce(0, +) / Double(dies)
    }

    let tt = Corner(process: .TT, vdd: 0.9, temperatureC: 27)

    @Test func idealLimitIsTheExactIntegerProduct() throws {
        var c = AnalogMacroConfig()
        c.mismatchScale = 0; c.readNoise = false; c.calibration = .design
        let m = macro(c, tt)
        let stream = RandomStream(seed: StreamSeed(6))
        // Integer vectors with a 127 in each (scale 1): the quantised values are the integers themselves.
        var xs = [[Float]](), ws = [[Float]]()
        for i in 0..<64 {
            var x = (0..<64).map { _ in Float(stream.uniformInt(255) - 127) }; x[0] = 127
            var w = (0..<64).map { _ in Float(stream.uniformInt(255) - 127) }; w[i] = 127
            xs.append(x); ws.append(w)
        }
        let exact = DotProductCharacterisation.exact(x: xs, w: ws)
        #expect(try DotProductCharacterisation.evaluate(m, x: xs, w: ws, transpose: false) == exact)
        #expect(try DotProductCharacterisation.evaluate(m, x: xs, w: ws, transpose: true) == exact)
        #expect(m.counters.failingCells == 0)
        // Non-negative inputs (ReLU activations, pixels): the empty sign plane is skipped, still exact.
        let positive = xs.map { $0.map { abs($0) } }
        let exactPositive = DotProductCharacterisation.exact(x: positive, w: ws)
        #expect(try DotProductCharacterisation.evaluate(m, x: positive, w: ws, transpose: false) == exactPositive)
        #expect(try DotProductCharacterisation.evaluate(m, x: positive, w: ws, transpose: true) == exactPositive)
    }

    @Test func errorGrowsWithAVT() throws {
        let errors = try [1.0, 2.0, 3.5].map { avt -> Double in
            var card = TechnologyCard(); card.aVTn = avt
            return try rms(AnalogMacroConfig(), tt, card: card)
        }
        #expect(errors[0] < errors[1] && errors[1] < errors[2], "RMS error vs A_VT 1.0, 2.0, 3.5: \(errors)")
    }

    @Test func errorGrowsAsVddFalls() throws {
        let errors = try [1.0, 0.8, 0.6].map { try rms(AnalogMacroConfig(), Corner(process: .TT, vdd: $0, temperatureC: 27)) }
        #expect(errors[0] < errors[1] && errors[1] < errors[2], "RMS error at 1.0, 0.8, 0.6 V: \(errors)")
    }

    @Test func designCalibrationDriftsWithTemperatureAndProcess() throws {
        // Mismatch and read noise off: what remains is the global drift the design-time reference cannot
        // follow. (Noise is off because one flipped sign-bit × sign-bit conversion weighs 2^14 and makes a
        // 640-sample gain estimate wander by a few per cent at 0.7 V, where a cell is only 0.46 LSB.)
        var c = AnalogMacroConfig(); c.calibration = .design; c.mismatchScale = 0; c.readNoise = false
        let at = { (p: ProcessCorner, v: Double, t: Double) in try measure(macro(c, Corner(process: p, vdd: v, temperatureC: t))) }
        let nominal = try at(.TT, 0.9, 27), hot = try at(.TT, 0.9, 125), cold = try at(.TT, 0.9, -40)
        #expect(hot.stats.rmse > 3 * nominal.stats.rmse && cold.stats.rmse > 3 * nominal.stats.rmse,
                "0.9 V: 27 °C \(nominal.stats.rmse), 125 °C \(hot.stats.rmse), -40 °C \(cold.stats.rmse)")
        // Hot is slower (less current) at 0.9 V: gain below 1; cold above.
        #expect(hot.gain < 0.95 && cold.gain > 1.05, "gains hot \(hot.gain) cold \(cold.gain)")
        // Near the temperature-inversion crossover the drift nearly vanishes.
        let crossover = try at(.TT, 0.7, 125), crossover27 = try at(.TT, 0.7, 27)
        #expect(abs(crossover.gain / crossover27.gain - 1) < 0.3 * abs(hot.gain - 1), "0.7 V gain drift \(crossover.gain / crossover27.gain)")
        // FF and SS give gain errors of opposite sign.
        let ff = try at(.FF, 0.9, 27), ss = try at(.SS, 0.9, 27)
        #expect(ff.gain > 1.02 && ss.gain < 0.98, "FF \(ff.gain) SS \(ss.gain)")
    }

    @Test func trackingCalibrationRemovesTheTemperatureDrift() throws {
        var c = AnalogMacroConfig(); c.calibration = .tracking
        let e27 = try rms(c, tt), e125 = try rms(c, Corner(process: .TT, vdd: 0.9, temperatureC: 125))
        #expect(e125 < 1.25 * e27, "tracking: 125 °C \(e125) vs 27 °C \(e27)")
        c.calibration = .design
        let design125 = try rms(c, Corner(process: .TT, vdd: 0.9, temperatureC: 125))
        #expect(design125 > e125, "design \(design125) vs tracking \(e125) at 125 °C")
    }

    @Test func forwardAndBackwardErrorsAreDifferentDrawsOfSimilarSize() throws {
        let m = macro(AnalogMacroConfig(), tt)
        let f = try measure(m), b = try measure(m, transpose: true)
        #expect(f.values != b.values)
        let ratio = f.stats.rmse / b.stats.rmse
        #expect(ratio > 0.67 && ratio < 1.5, "forward \(f.stats.rmse) backward \(b.stats.rmse)")
        // The two errors are far from identical: their correlation is well below 1.
        let ef = zip(f.values, Self.exact).map { $0 - $1 }, eb = zip(b.values, Self.exact).map { $0 - $1 }
        let corr = zip(ef, eb).reduce(0) { $0 + $1.0 * $1.1 } / (ef.reduce(0) { $0 + $1 * $1 } * eb.reduce(0) { $0 + $1 * $1 }).squareRoot()
        #expect(corr < 0.9, "correlation \(corr)")
    }

    /// Read noise alone (no offset): the ADC codes of a fixed bitline value follow continuous Gaussian
    /// noise of σ = √(kT/C): P(code up) = Q(d/σ) at distance d below a rounding boundary, ½ exactly on
    /// one (zero mean), and the σ implied by the flip rate matches √(kT/C).
    @Test(arguments: [233.15, 398.15])
    func readNoiseIsZeroMeanWithKTOverC(kelvin: Double) {
        let c = AnalogMacroConfig()
        let expected = (1.380_649e-23 * kelvin / 20e-15).squareRoot() / (0.3 / 64)
        #expect(abs(expected - (kelvin < 300 ? 0.08559 : 0.11185)) < 0.0001)
        #expect(abs(AnalogMacro.readNoiseSigmaLSB(kelvin: kelvin, config: c) - expected) < 1e-12)
        let n = 100_000
        let bulk = RandomStream(seed: StreamSeed(UInt64(kelvin))), refine = RandomStream(seed: StreamSeed(UInt64(kelvin) + 1))
        func share(at v: Double, code: Float) -> Double {
            let codes = AnalogMacro.noisyCodes([Float](repeating: Float(v), count: n), kelvin: kelvin, config: c, bulk: bulk, refine: refine)
            #expect(codes.allSatisfy { $0 >= 9 && $0 <= 11 })
            return Double(codes.filter { $0 == code }.count) / Double(n)
        }
        let se = { (p: Double) in 5 * (p * (1 - p) / Double(n)).squareRoot() }
        // On a boundary: up or down with probability ½ each (zero-mean noise).
        let half = share(at: 10.5, code: 11)
        #expect(abs(half - 0.5) < se(0.5), "P(up) on the boundary \(half)")
        // One and two σ below the upper boundary, and two σ above the lower one.
        let one = share(at: 10.5 - expected, code: 11), two = share(at: 10.5 - 2 * expected, code: 11)
        let down = share(at: 9.5 + 2 * expected, code: 9)
        #expect(abs(one - Gaussian.upperTail(1)) < se(0.1587), "Q(1): \(one)")
        #expect(abs(two - Gaussian.upperTail(2)) < se(0.0228) && abs(down - Gaussian.upperTail(2)) < se(0.0228), "Q(2): \(two) \(down)")
        // 3.5 σ from a boundary the conversion is "far" (the central range of the noise ends at
        // Φ⁻¹(1 − 1/1024) = 3.10 σ): only the outer 2/1024 of the noise (its tail events) can move it.
        // Q(3.5) = 0.000233 on both sides, over 4× the samples.
        func share4(at v: Double, code: Float) -> Double {
            (0..<4).map { _ in share(at: v, code: code) }.reduce(0, +) / 4
        }
        let se4 = { (p: Double) in 5 * (p * (1 - p) / Double(4 * n)).squareRoot() }
        let farUp = share4(at: 10.5 - 3.5 * expected, code: 11), farDown = share4(at: 9.5 + 3.5 * expected, code: 9)
        let q35 = Gaussian.upperTail(3.5)
        #expect(abs(farUp - q35) < se4(q35) && abs(farDown - q35) < se4(q35), "Q(3.5): \(farUp) \(farDown)")
        // Across the whole near range and past it, on a grid of 57 distances d ∈ [−3.5σ, 3.5σ] from the
        // boundary (so the boundary's point Φ(d/σ) of U falls in many different 1/16 and 1/256 bins of
        // the noise's stages, and in the tails): P(up) = Q(d/σ) at every point, within 5 standard errors
        // of 20 000 conversions.
        let grid = (0...56).map { Double($0 - 28) / 8 }
        let m = 20_000
        let gridCodes = AnalogMacro.noisyCodes(grid.flatMap { [Float](repeating: Float(10.5 - $0 * expected), count: m) },
                                               kelvin: kelvin, config: c, bulk: bulk, refine: refine)
        for (g, z) in grid.enumerated() {
            let up = Double(gridCodes[(g * m)..<((g + 1) * m)].filter { $0 == 11 }.count) / Double(m)
            let q = Gaussian.upperTail(z)
            #expect(abs(up - q) < 5 * (q * (1 - q) / Double(m)).squareRoot() + 1e-9, "P(up) at d = \(z)σ: \(up) vs Q = \(q)")
        }
        // The σ the flip rate implies.
        let implied = expected / Gaussian.quantile(1 - one)
        #expect(abs(implied / expected - 1) < 0.03, "implied σ \(implied) vs \(expected)")
    }
}
