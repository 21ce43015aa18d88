import Foundation
import Testing
import Variation
import Macros

/// The analog macro: its ideal limit, and errors that follow the sampled devices and conditions.
@Suite struct AnalogMacroTests {
    func macro(_ config: AnalogMacroConfig, _ corner: Corner, die: Int = 0, card: TechnologyCard = TechnologyCard()) -> AnalogMacro {
        AnalogMacro.onDie(inputs: 64, outputs: 64, config: config, corner: corner, seed: 31, dieIndex: die, card: card)
    }

    /// The macro on a TT die without its die-to-die residual (the ideal-limit tests: with mismatch off
    /// every cell is then exactly the nominal cell).
    func typicalDieMacro(_ config: AnalogMacroConfig) -> AnalogMacro {
        AnalogMacro(inputs: 64, outputs: 64, config: config, die: .typical, at: tt.operatingPoint, card: TechnologyCard(),
                    silicon: RandomStream(seed: StreamSeed(31)), runtime: RandomStream(seed: StreamSeed(32)))
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

    /// A batch of more than 256 input vectors is read in slices of 32 (AnalogReadPath.batchSlice): with
    /// the read noise off (nothing drawn at run time) its outputs, forward and transposed, are those of
    /// the same vectors read as two batches of at most 256, bit for bit, and so is its conversion count;
    /// a slicing that dropped, repeated or misplaced a vector would change them.
    @Test func aLargeBatchReadsLikeItsParts() throws {
        var c = AnalogMacroConfig()
        c.readNoise = false
        let (n, k, o) = (300, 40, 12)
        let stream = RandomStream(seed: StreamSeed(77))
        let w = (0..<(k * o)).map { _ in Float(stream.gaussian(sigma: 0.2)) }
        let x = (0..<(n * k)).map { _ in abs(Float(stream.gaussian(sigma: 1))) }
        let delta = (0..<(n * o)).map { _ in Float(stream.gaussian(sigma: 0.01)) }
        func reads(_ parts: [Range<Int>]) throws -> (y: [Float], g: [Float], conversions: Int) {
            let m = AnalogMacro.onDie(inputs: k, outputs: o, config: c, corner: tt, seed: 9, dieIndex: 0, card: TechnologyCard())
            try m.write(weights: w)
            var y: [Float] = [], g: [Float] = []
            for r in parts {
                var yp = [Float](repeating: .nan, count: r.count * o), gp = [Float](repeating: .nan, count: r.count * k)
                try m.forward(Array(x[(r.lowerBound * k)..<(r.upperBound * k)]), batch: r.count, into: &yp)
                try m.backward(Array(delta[(r.lowerBound * o)..<(r.upperBound * o)]), batch: r.count, into: &gp)
                y += yp; g += gp
            }
            return (y, g, m.counters.adcConversions)
        }
        let whole = try reads([0..<n]), parts = try reads([0..<150, 150..<n])
        #expect(whole.y.map(\.bitPattern) == parts.y.map(\.bitPattern))
        #expect(whole.g.map(\.bitPattern) == parts.g.map(\.bitPattern))
        #expect(whole.conversions == parts.conversions && whole.conversions > 0)
        #expect(Set(whole.y).count > n * o / 2 && Set(whole.g).count > n * k / 2)  // outputs that tell vectors apart
    }

    /// Mismatch, noise and offsets off, `design` calibration at TT / 0.9 V / 27 °C: every cell reads one
    /// nominal cell (2 LSB at 7 bits over 64 cells), so the macro returns the exact product of the
    /// quantised integers — forward and transposed, unsigned and signed inputs, in every weight encoding.
    /// Vectors carry their max-abs value (127, or 255 for unsigned inputs), so quantising leaves the
    /// integers themselves.
    @Test(arguments: AnalogWeightEncoding.allCases)
    func idealLimitIsTheExactIntegerProduct(encoding: AnalogWeightEncoding) throws {
        var c = AnalogMacroConfig()
        c.mismatchScale = 0; c.readNoise = false; c.calibration = .design; c.adcOffset = ADCOffsetMode.ideal
        c.weightEncoding = encoding
        let m = typicalDieMacro(c)
        let stream = RandomStream(seed: StreamSeed(6))
        var xs = [[Float]](), ws = [[Float]](), us = [[Float]]()
        for i in 0..<64 {
            var x = (0..<64).map { _ in Float(stream.uniformInt(255) - 127) }; x[0] = 127
            var w = (0..<64).map { _ in Float(stream.uniformInt(255) - 127) }; w[i] = 127
            var u = (0..<64).map { _ in Float(stream.uniformInt(256)) }; u[1] = 255
            xs.append(x); ws.append(w); us.append(u)
        }
        for (inputs, what) in [(xs, "signed"), (us, "unsigned")] {
            let exact = DotProductCharacterisation.exact(x: inputs, w: ws)
            let f = try DotProductCharacterisation.evaluate(m, x: inputs, w: ws, transpose: false)
            let t = try DotProductCharacterisation.evaluate(m, x: inputs, w: ws, transpose: true)
            #expect(f == exact, "\(what) forward: \(zip(f, exact).filter { $0 != $1 }.prefix(4))")
            #expect(t == exact, "\(what) transposed: \(zip(t, exact).filter { $0 != $1 }.prefix(4))")
        }
        #expect(m.counters.failingCells == 0 && m.adcClipRate == 0)
        // Whole outputs, not only the diagonal the characterisation reads: W (64 × 64, column j = ws[j])
        // against a batch of 64 inputs, every one of the 4096 outputs forward, and δ·Wᵀ backward.
        var wm = [Float](repeating: 0, count: 64 * 64)
        for j in 0..<64 { for r in 0..<64 { wm[r * 64 + j] = ws[j][r] } }
        try m.write(weights: wm)
        for inputs in [xs, us] {
            var y = [Float](repeating: 0, count: 64 * 64), g = y
            try m.forward(inputs.flatMap { $0 }, batch: 64, into: &y)
            try m.backward(inputs.flatMap { $0 }, batch: 64, into: &g)
            var forwardExact = [Float](), backwardExact = [Float]()
            for b in 0..<64 {
                forwardExact += (0..<64).map { j in Float((0..<64).reduce(0.0) { $0 + Double(inputs[b][$1]) * Double(wm[$1 * 64 + j]) }) }
                backwardExact += (0..<64).map { r in Float((0..<64).reduce(0.0) { $0 + Double(inputs[b][$1]) * Double(wm[r * 64 + $1]) }) }
            }
            #expect(y == forwardExact && g == backwardExact, "\(zip(y, forwardExact).filter { $0 != $1 }.count) forward and \(zip(g, backwardExact).filter { $0 != $1 }.count) backward outputs differ")
        }
    }

    /// A forward call of one input vector on the ideal macro: output 0 of `weights` (64 rows, output 0
    /// only) against input `x`, with the ADC options of `c`; returns the output and the macro.
    func oneColumn(_ c: AnalogMacroConfig, x: [Float], w: [Float]) throws -> (y: Float, macro: AnalogMacro) {
        var c = c
        c.mismatchScale = 0; c.readNoise = false; c.calibration = .design
        if c.adcOffset == nil { c.adcOffset = ADCOffsetMode.ideal }
        let m = typicalDieMacro(c)
        var weights = [Float](repeating: 0, count: 64 * 64)
        for r in 0..<64 { weights[r * 64] = w[r] }
        try m.write(weights: weights)
        var y = [Float](repeating: 0, count: 64)
        try m.forward(x, batch: 1, into: &y)
        return (y[0], m)
    }

    /// The ADC's range and resolution, by hand. LSB = adc_range / 2^adc_bits nominal cells; codes clip at
    /// both rails. Unsigned inputs of value max (all 8 planes on) in rows 0 ..< m, weights +max there
    /// (127: stored bits 0–6 set, bit 7 clear): each plane's conversion of column bit k < 7 sees m cells.
    @Test func adcRangeAndResolutionByHand() throws {
        // x = 255 and w = 127 in rows 0 ..< m: both scales are 1, so an output is 255·127 × the cells read.
        func x(_ m: Int) -> [Float] { (0..<64).map { $0 < m ? 255 : 0 } }
        func w(_ m: Int) -> [Float] { (0..<64).map { $0 < m ? 127 : 0 } }
        let unit: Float = 255 * 127
        // 5 bits over 64 cells: LSB = 2 cells. m = 5 → round-half-even(2.5) = 2 codes = 4 cells; m = 7 →
        // round(3.5) = 4 codes = 8 cells.
        var c5 = AnalogMacroConfig(); c5.adcBits = 5
        #expect(try oneColumn(c5, x: x(5), w: w(5)).y == 4 * unit)
        #expect(try oneColumn(c5, x: x(7), w: w(7)).y == 8 * unit)
        // 7 bits: LSB = 0.5 cell, exact.
        #expect(try oneColumn(AnalogMacroConfig(), x: x(7), w: w(7)).y == 7 * unit)
        // 4 bits over 16 cells: LSB = 1 cell, top code 15: 64 cells read 15. Of the 8 × 8 conversions per
        // output, the 8 × 7 of column bits 0–6 clip (bit 7 reads 0).
        var c4 = AnalogMacroConfig(); c4.adcBits = 4; c4.adcRange = 16
        let (y, m) = try oneColumn(c4, x: x(64), w: w(64))
        #expect(y == 15 * unit)
        // Every output column converts (the other 63 hold weight 0: no clip there); all planes are on.
        #expect(m.counters.adcConversions == 8 * 64 * 8 && m.counters.adcClips == 8 * 7)
    }

    /// `rows_on` = 16: four chunks per 64-row reduction, each its own conversions, summed digitally. With
    /// `adc_range` = 16 cells over 7 bits (LSB 1/8 cell), inputs of 255 and weights of 127 in rows 0–11
    /// and 16–19 put 12 cells on chunk 0's bitlines and 4 on chunk 1's: 16 cells in all; chunks 2 and 3
    /// have no input bit set and are skipped, so 2 chunks × 8 planes × 64 · 8 columns convert.
    @Test func rowsOnSplitsTheReductionIntoChunks() throws {
        var c = AnalogMacroConfig(); c.rowsOn = 16; c.adcRange = 16
        let on = (0..<64).map { ($0 < 12 || (16..<20).contains($0)) }
        let (y, m) = try oneColumn(c, x: on.map { $0 ? 255 : 0 }, w: on.map { $0 ? 127 : 0 })
        #expect(y == 16 * 255 * 127 && m.counters.adcConversions == 2 * 8 * 64 * 8 && m.counters.adcClips == 0)
        // 16 cells in one chunk is full scale: code 128 clips to 127 (one LSB short): 15.875 cells.
        let full = (0..<64).map { $0 < 16 }
        let (yFull, mFull) = try oneColumn(c, x: full.map { $0 ? 255 : 0 }, w: full.map { $0 ? 127 : 0 })
        #expect(yFull == 15.875 * 255 * 127 && mFull.counters.adcClips == 8 * 7)
    }

    /// Input encoding: a call with no negative operand runs `input_bits` unsigned planes, one with any
    /// negative operand two passes of `input_bits − 1` magnitude planes; a plane with no bit set in a
    /// chunk is skipped (no conversion); an all-zero input converts nothing and returns exactly 0 even
    /// with untrimmed offsets.
    @Test func inputPlanesAndSkipping() throws {
        var c = AnalogMacroConfig(); c.adcOffset = .untrimmed
        let ramp = (0..<64).map { Float($0) }  // 63 → 255 unsigned: every bit of 8 set somewhere
        let signedRamp = (0..<64).map { Float($0 - 32) }  // −32 → −127 and 31 → 123: 7 magnitude bits each
        let w = (0..<64).map { _ in Float(127) }
        let unsigned = try oneColumn(c, x: ramp, w: w).macro
        #expect(unsigned.counters.adcConversions == 8 * 64 * 8)
        let signed = try oneColumn(c, x: signedRamp, w: w).macro
        #expect(signed.counters.adcConversions == 2 * 7 * 64 * 8)
        // One input of 1 → 255 (all planes), the rest 0: still 8 planes; one of 1 → 127 with a −1 beside:
        // both passes have all 7 planes.
        var one = [Float](repeating: 0, count: 64); one[5] = 1
        #expect(try oneColumn(c, x: one, w: w).macro.counters.adcConversions == 8 * 64 * 8)
        // The largest magnitude always sets every plane of its pass (255 unsigned, 127 signed), so sparse
        // planes show in the other pass: −127 (negative pass: 7 planes) beside 64 = 0b1000000 (positive
        // pass: plane 6 alone).
        var sparse = [Float](repeating: 0, count: 64); sparse[0] = -127; sparse[1] = 64
        #expect(try oneColumn(c, x: sparse, w: w).macro.counters.adcConversions == (7 + 1) * 64 * 8)
        let zero = try oneColumn(c, x: [Float](repeating: 0, count: 64), w: w)
        #expect(zero.y == 0 && zero.macro.counters.adcConversions == 0)
        // With real untrimmed offsets (σ ≈ 2.7 LSB: about 4 in 10 below −½ LSB) a converted empty plane would
        // read round(o) and clip at the bottom rail; skipped planes are never converted, so nothing clips.
        var real = AnalogMacroConfig(); real.adcOffset = .untrimmed; real.readNoise = false
        let m = typicalDieMacro(real)
        #expect(m.forwardOffsetsLSB.filter { $0 < -0.5 }.count > 100)
        try m.write(weights: (0..<(64 * 64)).map { Float($0 % 7) - 3 })
        var y = [Float](repeating: 0, count: 64)
        #expect(m.counters.adcClips == 0 && m.counters.adcConversions == 0)
        var sparseRow = [Float](repeating: 0, count: 64); sparseRow[0] = -127; sparseRow[1] = 64
        try m.forward(sparseRow, batch: 1, into: &y)
        #expect(y.allSatisfy(\.isFinite) && m.counters.adcConversions == (7 + 1) * 64 * 8)
        let before = m.counters.adcClips
        try m.forward([Float](repeating: 0, count: 64), batch: 1, into: &y)
        #expect(m.counters.adcClips == before && y.allSatisfy { $0 == 0 })
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
        // Mismatch, read noise and offsets off: what remains is the global drift the design-time reference
        // and fixed integration time cannot follow (the cell current moves ≈ −15 % / +18 % at 125 / −40 °C).
        var c = AnalogMacroConfig(); c.calibration = .design; c.mismatchScale = 0; c.readNoise = false; c.adcOffset = .ideal
        let at = { (p: ProcessCorner, v: Double, t: Double) in try measure(macro(c, Corner(process: p, vdd: v, temperatureC: t))) }
        let nominal = try at(.TT, 0.9, 27), hot = try at(.TT, 0.9, 125), cold = try at(.TT, 0.9, -40)
        #expect(abs(nominal.gain - 1) < 0.005, "nominal gain \(nominal.gain)")
        #expect(hot.stats.rmse > 3 * nominal.stats.rmse && cold.stats.rmse > 3 * nominal.stats.rmse,
                "0.9 V: 27 °C \(nominal.stats.rmse), 125 °C \(hot.stats.rmse), -40 °C \(cold.stats.rmse)")
        // Hot is slower (less current) at 0.9 V: gain below 1; cold above.
        #expect(hot.gain < 0.95 && cold.gain > 1.05, "gains hot \(hot.gain) cold \(cold.gain)")
        // Near the temperature-inversion crossover (≈ 0.7 V) the temperature drift nearly vanishes.
        let crossover = try at(.TT, 0.7, 125), crossover27 = try at(.TT, 0.7, 27)
        #expect(abs(crossover.gain / crossover27.gain - 1) < 0.3 * abs(hot.gain - 1), "0.7 V gain drift \(crossover.gain / crossover27.gain)")
        // FF and SS give gain errors of opposite sign.
        let ff = try at(.FF, 0.9, 27), ss = try at(.SS, 0.9, 27)
        #expect(ff.gain > 1.02 && ss.gain < 0.98, "FF \(ff.gain) SS \(ss.gain)")
    }

    /// `tracking` follows V and T (its replica column at the operating point): gain within ±3 % of 1 at
    /// 125 and −40 °C, where `die` (trimmed at 27 °C) drifts like `design`. A reference taken at 27 °C
    /// would fail the first check.
    @Test func trackingCalibrationRemovesTheTemperatureDrift() throws {
        var c = AnalogMacroConfig(); c.calibration = .tracking
        for t in [125.0, -40] {
            let g = try measure(macro(c, Corner(process: .TT, vdd: 0.9, temperatureC: t))).gain
            #expect(abs(g - 1) < 0.03, "tracking gain at \(t) °C: \(g)")
        }
        c.calibration = .die
        let hot = try measure(macro(c, Corner(process: .TT, vdd: 0.9, temperatureC: 125))).gain
        let cold = try measure(macro(c, Corner(process: .TT, vdd: 0.9, temperatureC: -40))).gain
        #expect(hot < 0.95 && cold > 1.05, "die gains hot \(hot) cold \(cold)")
        c.calibration = .tracking
        let e27 = try rms(c, tt), e125 = try rms(c, Corner(process: .TT, vdd: 0.9, temperatureC: 125))
        #expect(e125 < 1.25 * e27, "tracking: 125 °C \(e125) vs 27 °C \(e27)")
    }

    /// At 0.6 V the design-time reference (set at 0.9 V) reads every cell low (gain ≈ 0.2): `design` is
    /// clearly worse than `die`, which retrims at the operating VDD.
    @Test func designIsWorseThanDieAtLowVoltage() throws {
        let low = Corner(process: .TT, vdd: 0.6, temperatureC: 27)
        var c = AnalogMacroConfig(); c.calibration = .design
        let design = try measure(macro(c, low))
        c.calibration = .die
        let die = try measure(macro(c, low))
        #expect(design.gain < 0.5 && abs(die.gain - 1) < 0.05, "gains design \(design.gain) die \(die.gain)")
        #expect(design.stats.rmse > 1.5 * die.stats.rmse, "RMSE design \(design.stats.rmse) die \(die.stats.rmse)")
    }

    /// Fewer ADC bits over the same range: a coarser LSB and a larger error (5 bits: LSB = 2 cells).
    @Test func fewerADCBitsCostAccuracy() throws {
        var c = AnalogMacroConfig()
        let seven = try rms(c, tt)
        c.adcBits = 5
        let five = try rms(c, tt)
        c.adcBits = 4
        let four = try rms(c, tt)
        #expect(five > 1.4 * seven && four > 1.4 * five, "RMSE 7, 5, 4 bits: \(seven) \(five) \(four)")
    }

    /// The model's error does not depend on the offsets' signs. Per die, negating every comparator offset
    /// changes the error RMS only through the cross term of the offsets with the other errors (offsets
    /// are fixed per ADC, so one die's ratio wanders by several per cent); over 8 dies the mean
    /// log-ratio must lie within 3 standard errors of 0 — for unsigned (ReLU-like) and signed inputs,
    /// auto-zeroed and trimmed offsets. An ADC whose bottom rail clipped negative offsets and passed
    /// positive ones shifts every die the same way and fails.
    @Test(arguments: [ADCOffsetMode.autozero, .trimmed])
    func offsetsAreSignSymmetric(mode: ADCOffsetMode) throws {
        var c = AnalogMacroConfig(); c.adcOffset = mode
        let pairs = DotProductCharacterisation.randomPairs(count: 256, stream: RandomStream(seed: StreamSeed(405)))
        let unsignedX = pairs.x.map { $0.map { abs($0) } }
        for (x, what) in [(pairs.x, "signed"), (unsignedX, "unsigned")] {
            let exact = DotProductCharacterisation.exact(x: x, w: pairs.w)
            let logRatios = try (0..<8).map { die -> Double in
                let m = macro(c, tt, die: die)
                let before = DotProductCharacterisation.Stats(macro: try DotProductCharacterisation.evaluate(m, x: x, w: pairs.w, transpose: false), exact: exact)
                m.negateOffsets()
                let after = DotProductCharacterisation.Stats(macro: try DotProductCharacterisation.evaluate(m, x: x, w: pairs.w, transpose: false), exact: exact)
                return log(after.rmse / before.rmse)
            }
            let mean = logRatios.reduce(0, +) / 8
            let sd = (logRatios.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 7).squareRoot()
            #expect(abs(mean) < 3 * sd / 8.0.squareRoot() + 1e-3, "\(mode) \(what): log ratios \(logRatios)")
        }
    }

    /// The comparator offsets of each mode, by their moments over the 4 × 512 ADCs of 4 dies' forward
    /// reads (7 bits: LSB = 2.344 mV): untrimmed σ = √2 · 2.0 mV·µm / √(2 · 0.1 µm²) = 6.325 mV = 2.698 LSB;
    /// auto-zero residual σ = 0.12 LSB; trimmed uniform on ±1/8 LSB (σ = 0.0722, |o| ≤ 1/8); none 0.
    /// Means within 5 standard errors of 0, σ within 5 standard errors (SE(sd) ≈ σ/√(2n); a uniform's is
    /// smaller).
    @Test func offsetsHaveTheirModesMoments() {
        func offsets(_ mode: ADCOffsetMode) -> [Double] {
            var c = AnalogMacroConfig(); c.adcOffset = mode
            return (0..<4).flatMap { macro(c, tt, die: $0).forwardOffsetsLSB.map(Double.init) }
        }
        for (mode, sigma) in [(ADCOffsetMode.untrimmed, 2.698), (.autozero, 0.12), (.trimmed, 0.25 / 12.0.squareRoot())] {
            let o = offsets(mode), n = Double(o.count)
            let mean = o.reduce(0, +) / n, sd = (o.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
            #expect(o.count == 2048 && abs(mean) < 5 * sigma / n.squareRoot() && abs(sd - sigma) < 5 * sigma / (2 * n).squareRoot(),
                    "\(mode): mean \(mean), sd \(sd) vs \(sigma)")
            if mode == .trimmed { #expect(o.allSatisfy { abs($0) <= 0.125 }) }
        }
        #expect(offsets(.ideal).allSatisfy { $0 == 0 })
    }

    /// What offsets do by encoding. Auto-zeroed offsets on unsigned inputs cost little against none
    /// (within 1.5×). Untrimmed offsets (σ ≈ 2.7 LSB) add up over the input planes of an unsigned input:
    /// Σ_t 2^t · o = 255·o per column, a fixed error per output; the two passes of a signed input subtract
    /// the same ADC's offset, so it cancels there.
    @Test func offsetsAddUpOnUnsignedInputsAndCancelOnSigned() throws {
        let unsignedX = Self.pairs.x.map { $0.map { abs($0) } }
        func rmse(_ mode: ADCOffsetMode, _ x: [[Float]]) throws -> Double {
            var c = AnalogMacroConfig(); c.adcOffset = mode; c.calibration = .design
            let y = try DotProductCharacterisation.evaluate(macro(c, tt), x: x, w: Self.pairs.w, transpose: false)
            return DotProductCharacterisation.Stats(macro: y, exact: DotProductCharacterisation.exact(x: x, w: Self.pairs.w)).rmse
        }
        let none = try rmse(.ideal, unsignedX), autozero = try rmse(.autozero, unsignedX), untrimmed = try rmse(.untrimmed, unsignedX)
        #expect(autozero < 1.5 * none && untrimmed > 3 * none, "unsigned: none \(none) autozero \(autozero) untrimmed \(untrimmed)")
        let signedNone = try rmse(.ideal, Self.pairs.x), signedUntrimmed = try rmse(.untrimmed, Self.pairs.x)
        #expect(signedUntrimmed < 1.5 * signedNone, "signed: none \(signedNone) untrimmed \(signedUntrimmed)")
    }

    /// Two's complement stores −1 as all ones: every column's cell conducts and the MSB column's
    /// mismatch weighs 2^7, so a small negative weight reads with the error of a large one. Sign-magnitude
    /// stores ±1 in one cell either way. Mismatch only (no noise, no offsets), unsigned inputs all at
    /// max, one weight value in all 64 rows of a column, averaged over the 64 columns of 3 dies.
    @Test func twosComplementAmplifiesMismatchOnSmallNegativeWeights() throws {
        func rms(_ encoding: AnalogWeightEncoding, weight: Float) throws -> Double {
            var c = AnalogMacroConfig(); c.readNoise = false; c.adcOffset = .ideal; c.weightEncoding = encoding
            var total = 0.0
            for die in 0..<3 {
                let m = macro(c, tt, die: die)
                // Column j holds `weight` in every row, and +127·weight-sign in row 63 of column 0 … so the
                // scale is |weight|/127 = 1/127 per column: the stored integer is ±1.
                var weights = [Float](repeating: weight, count: 64 * 64)
                for j in 0..<64 { weights[63 * 64 + j] = 127 }
                try m.write(weights: weights)
                let x = [Float](repeating: 1, count: 64)
                var y = [Float](repeating: 0, count: 64)
                try m.forward(x, batch: 1, into: &y)
                let exact = 63 * Double(weight) + 127
                total += y.reduce(0) { $0 + (Double($1) - exact) * (Double($1) - exact) } / 64
            }
            return (total / 3).squareRoot()
        }
        let twosNeg = try rms(.twosComplement, weight: -1), twosPos = try rms(.twosComplement, weight: 1)
        let smNeg = try rms(.signMagnitude, weight: -1), smPos = try rms(.signMagnitude, weight: 1)
        #expect(twosNeg > 3 * twosPos, "two's complement: −1 \(twosNeg), +1 \(twosPos)")
        #expect(smNeg < 1.5 * smPos && smPos < 1.5 * smNeg, "sign-magnitude: −1 \(smNeg), +1 \(smPos)")
        #expect(twosNeg > 3 * smNeg)
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

    /// The read noise's σ by hand at TT / 0.9 V / 27 °C (300.15 K), C_BL = 20 fF:
    /// kT/C = √(1.380649e-23 · 300.15 / 20e-15) = 0.455193 mV; cell current noise
    /// F = 2 · (2/3) · 1.3 · 0.0258649 / (0.9 − 0.45) = 0.0996279, √(F · q · 0.15 V / 20 fF) = 0.346000 mV;
    /// comparator 0.5 mV · √(300.15/300) = 0.500125 mV; total 0.759633 mV = 0.324110 LSB (LSB 0.3/64/2 V).
    /// Hotter is noisier.
    @Test func readNoiseSigmaByHand() {
        let n = BitlineReadNoise(config: AnalogMacroConfig(), die: .typical, at: OperatingPoint(vdd: 0.9, temperatureC: 27), card: TechnologyCard())
        #expect(abs(n.kTCVolts - 0.455193e-3) < 1e-9 && abs(n.cellCurrentVolts - 0.346000e-3) < 1e-9 && abs(n.comparatorVolts - 0.500125e-3) < 1e-9,
                "\(n.kTCVolts) \(n.cellCurrentVolts) \(n.comparatorVolts)")
        #expect(abs(n.totalVolts - 0.759633e-3) < 1e-9)
        #expect(abs(typicalDieMacro(AnalogMacroConfig()).readNoiseSigmaLSB - 0.324110) < 1e-6)
        // bitline_ff = 80 fF: kT/C and the cell noise (both σ² ∝ 1/C) halve, the comparator's does not.
        var big = AnalogMacroConfig(); big.bitlineFF = 80
        let b = BitlineReadNoise(config: big, die: .typical, at: OperatingPoint(vdd: 0.9, temperatureC: 27), card: TechnologyCard())
        #expect(abs(b.kTCVolts - 0.455193e-3 / 2) < 1e-9 && abs(b.cellCurrentVolts - 0.346000e-3 / 2) < 1e-9 && b.comparatorVolts == n.comparatorVolts)
        let hot = BitlineReadNoise(config: AnalogMacroConfig(), die: .typical, at: OperatingPoint(vdd: 0.9, temperatureC: 125), card: TechnologyCard())
        #expect(hot.totalVolts > n.totalVolts && hot.kTCVolts > n.kTCVolts && hot.comparatorVolts > n.comparatorVolts)
    }

    /// The bitline's headroom by hand at TT / 0.9 V / 27 °C (pass-gate Vth 0.45 V, V_d = 0.45 V): linear up to
    /// 0.45 V of swing; at a linear swing of 0.5 V, 0.9 − 0.9 / (1 + e^0.22222) = 0.49979 V; continuous
    /// and of slope 1 at the knee, increasing, below VDD. At FF / 125 °C (Vth 0.45 − 0.045 − 0.098 =
    /// 0.307 V) the knee is at 0.307 V.
    @Test func bitlineHeadroomByHand() {
        let h = BitlineHeadroom(die: .typical, at: OperatingPoint(vdd: 0.9, temperatureC: 27), card: TechnologyCard())
        #expect(abs(h.linearLimitVolts - 0.45) < 1e-12 && h.swing(linear: 0.3) == 0.3)
        #expect(abs(h.swing(linear: 0.5) - 0.499_79) < 1e-5, "\(h.swing(linear: 0.5))")
        let e = 1e-6
        #expect(abs((h.swing(linear: 0.45 + e) - h.swing(linear: 0.45)) / e - 1) < 1e-4)
        let grid = stride(from: 0.0, through: 3.0, by: 0.01).map { h.swing(linear: $0) }
        #expect(zip(grid, grid.dropFirst()).allSatisfy { $0 < $1 } && grid.last! < 0.9)
        let ff = BitlineHeadroom(die: Die(process: .FF, index: 0), at: OperatingPoint(vdd: 0.9, temperatureC: 125), card: TechnologyCard())
        #expect(abs(ff.linearLimitVolts - 0.307) < 1e-9, "\(ff.linearLimitVolts)")
    }

    /// Conversion time = integration + SAR conversion. `design` integrates for the fixed 1 ns; `die` and
    /// `tracking` stretch it by I_nominal / I_die. The SAR takes (bits + 1) cycles of 8 logic stages
    /// (4 n + 4 p): (7 + 1) · (4·d_n + 4·d_p) / (17·d_n + 16·d_p) ns at the nominal point (the digital
    /// macro's 33-stage critical path is 1 ns). A 64×64 block of 8-bit weights (8 per row) with 8-bit
    /// unsigned inputs does 512 MACs in 8 conversions.
    @Test func conversionTimeFollowsTheCells() {
        let card = TechnologyCard(), physics = DevicePhysics(card: card)
        let dn = physics.gateDelay(.n, geometry: card.logicDevice, die: .typical, at: .nominal(card))
        let dp = physics.gateDelay(.p, geometry: card.logicDevice, die: .typical, at: .nominal(card))
        let adc = 8 * (4 * dn + 4 * dp) / (17 * dn + 16 * dp)
        var c = AnalogMacroConfig(); c.calibration = .design
        let nominal = AnalogConversionTime(config: c, die: .typical, at: .nominal(card), card: card)
        #expect(nominal.integrationNS == 1 && abs(nominal.adcNS - adc) < 1e-12)
        #expect(abs(nominal.blockGMACs - 512 / (8 * nominal.conversionNS)) < 1e-9)
        let slow = Corner(process: .SS, vdd: 0.6, temperatureC: -40)
        let slowDie = AnalogMacro.onDie(inputs: 64, outputs: 64, config: AnalogMacroConfig(), corner: slow, seed: 31, dieIndex: 0, card: card)
        #expect(slowDie.speed.integrationNS > 5, "\(slowDie.speed.integrationNS)")
        let typical = AnalogMacro.onDie(inputs: 64, outputs: 64, config: AnalogMacroConfig(), corner: tt, seed: 31, dieIndex: 0, card: card)
        #expect(slowDie.speed.conversionNS >= 3 * typical.speed.conversionNS, "\(slowDie.speed.conversionNS) vs \(typical.speed.conversionNS)")
        c.calibration = .design
        #expect(AnalogConversionTime(config: c, die: Die(process: .SS, index: 0), at: slow.operatingPoint, card: card).integrationNS == 1)
        // tracking re-times hot (weaker cells at 0.9 V); die keeps its 27 °C time.
        let hot = OperatingPoint(vdd: 0.9, temperatureC: 125)
        c.calibration = .tracking
        let tracking = AnalogConversionTime(config: c, die: .typical, at: hot, card: card).integrationNS
        c.calibration = .die
        let die = AnalogConversionTime(config: c, die: .typical, at: hot, card: card).integrationNS
        #expect(tracking > 1.1 && abs(die - 1) < 1e-12, "tracking \(tracking) die \(die)")
    }

    /// The sampler of the conversions' noise: the ADC codes of a fixed bitline value follow continuous
    /// Gaussian noise of σ: P(code up) = Q(d/σ) at distance d below a rounding boundary, ½ exactly on one
    /// (zero mean), and the σ implied by the flip rate matches σ. Small σ (most conversions "far") and
    /// the default macro's σ ≈ 0.32 LSB (every conversion "near").
    @Test(arguments: [0.08559, 0.11185, 0.32411])
    func readNoiseIsZeroMeanGaussian(expected: Double) {
        let seed = UInt64(expected * 1e5)  // distinct streams per case
        let n = 100_000
        let bulk = RandomStream(seed: StreamSeed(seed)), refine = RandomStream(seed: StreamSeed(seed + 1))
        func share(at v: Double, code: Float) -> Double {
            let codes = AnalogMacro.noisyCodes([Float](repeating: Float(v), count: n), sigmaLSB: expected, bulk: bulk, refine: refine)
            #expect(codes.allSatisfy { abs($0 - 10) <= Float(6 * expected) + 1 })
            return Double(codes.filter { code > 10 ? $0 >= code : $0 <= code }.count) / Double(n)
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
                                               sigmaLSB: expected, bulk: bulk, refine: refine)
        for (g, z) in grid.enumerated() {
            let up = Double(gridCodes[(g * m)..<((g + 1) * m)].filter { $0 >= 11 }.count) / Double(m)
            let q = Gaussian.upperTail(z)
            #expect(abs(up - q) < 5 * (q * (1 - q) / Double(m)).squareRoot() + 1e-9, "P(up) at d = \(z)σ: \(up) vs Q = \(q)")
        }
        // The σ the flip rate implies.
        let implied = expected / Gaussian.quantile(1 - one)
        #expect(abs(implied / expected - 1) < 0.03, "implied σ \(implied) vs \(expected)")
    }
}
