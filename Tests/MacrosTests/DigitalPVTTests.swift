import Foundation
import Testing
import Variation
import Macros

/// Timing and bitcell physics of the digital macro, and pre-alignment statistics.
@Suite struct DigitalPVTTests {
    let card = TechnologyCard()

    func paths(_ corner: Corner, die: Int, policy: ClockPolicy) -> TimingPaths {
        let sampler = DieSampler(card: card, masterSeed: 3)
        let d = sampler.die(process: corner.process, index: die)
        return TimingPaths(die: d, at: corner.operatingPoint, card: card, policy: policy, stream: sampler.localStream(for: d, macro: "digital"))
    }

    @Test func nominalClockHitsTheWallAtSlowColdLowVoltage() {
        for die in 0..<8 {
            let p = paths(Corner(process: .SS, vdd: 0.6, temperatureC: -40), die: die, policy: .nominal())
            #expect(p.failingBits & (1 << 13) != 0, "die \(die): MSB path \(p.delayNS[13]) ns vs clock \(p.clockNS) ns")
        }
    }

    @Test func signoffClockGivesNoTimingErrorsOnTTDies() {
        for v in [0.6, 0.7, 0.8, 0.9, 1.0] { for t in [-40.0, 27, 125] { for die in 0..<4 {
            let p = paths(Corner(process: .TT, vdd: v, temperatureC: t), die: die, policy: .signoff())
            #expect(p.failingBits == 0, "TT \(v) V \(t) °C die \(die)")
        } } }
    }

    @Test func loweringTheFrequencyRemovesErrorsMonotonically() {
        let corner = Corner(process: .SS, vdd: 0.6, temperatureC: -40)
        var previous = Int.max
        for f in [1200.0, 1000, 800, 600, 400, 300, 200, 150, 100, 75, 50, 40, 30, 20, 10] {
            let n = paths(corner, die: 1, policy: .fixed(frequencyMHz: f)).failingBits.nonzeroBitCount
            #expect(n <= previous, "\(f) MHz: \(n) failing bits, more than at the higher frequency")
            previous = n
        }
        #expect(previous == 0)
        #expect(paths(corner, die: 1, policy: .fixed(frequencyMHz: 1200)).failingBits.nonzeroBitCount == 14)
    }

    @Test func accurateModeAtNominalCornerHasNoTimingErrorsOrFailingCells() throws {
        for die in 0..<4 {
            let m = DigitalMacro.onDie(inputs: 64, outputs: 64, config: DigitalMacroConfig(), corner: Corner(process: .TT, vdd: 0.9, temperatureC: 27),
                                       seed: 21, dieIndex: die, card: card)
            let (x, w) = DotProductCharacterisation.randomPairs(count: 128, stream: RandomStream(seed: StreamSeed(UInt64(die))))
            let forward = try DotProductCharacterisation.evaluate(m, x: x, w: w, transpose: false)
            let backward = try DotProductCharacterisation.evaluate(m, x: x, w: w, transpose: true)
            #expect(m.counters.timingErrorEvents == 0 && m.counters.failingCells == 0)
            #expect(m.counters.macEvaluations > 0)
            // The outputs: BF16 with 8-bit vector-aligned mantissas, no PVT error, against the FP64
            // product written out here: NMED ≈ 0.43 % (docs/digital-macro.md); not exact, not garbage.
            let exact = zip(x, w).map { a, b in zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) } }
            let scale = exact.map(abs).max()!
            for y in [forward, backward] {
                let nmed = zip(y, exact).reduce(0.0) { $0 + abs($1.0 - $1.1) } / Double(y.count) / scale
                #expect(nmed > 0.001 && nmed < 0.01, "die \(die): NMED \(nmed)")
            }
        }
    }

    /// Whole outputs of the accurate macro, forward and transposed, on a non-symmetric 64 × 64 W: every
    /// one of the 4096 outputs of y = x·W and g = δ·Wᵀ against its own FP64 product (relative to the
    /// largest), so a transposed or misplaced output cannot pass: BF16 with vector-aligned 8-bit
    /// mantissas errs ≈ 0.4 % on average; a swapped output errs by the size of the outputs themselves.
    @Test func everyOutputMatchesItsOwnProduct() throws {
        let m = DigitalMacro.onDie(inputs: 64, outputs: 64, config: DigitalMacroConfig(), corner: Corner(process: .TT, vdd: 0.9, temperatureC: 27),
                                   seed: 21, dieIndex: 0, card: card)
        let stream = RandomStream(seed: StreamSeed(5))
        let w = (0..<(64 * 64)).map { _ in Float(stream.gaussian(sigma: 1)) }
        let x = (0..<(64 * 64)).map { _ in Float(stream.gaussian(sigma: 1)) }
        try m.write(weights: w)
        var y = [Float](repeating: 0, count: 64 * 64), g = y
        try m.forward(x, batch: 64, into: &y)
        try m.backward(x, batch: 64, into: &g)
        for (out, transposed) in [(y, false), (g, true)] {
            var exact = [Double](repeating: 0, count: 64 * 64)
            for b in 0..<64 { for j in 0..<64 { for k in 0..<64 {
                exact[b * 64 + j] += Double(x[b * 64 + k]) * Double(transposed ? w[j * 64 + k] : w[k * 64 + j])
            } } }
            let scale = exact.map(abs).max()!
            let errors = zip(out, exact).map { abs(Double($0) - $1) / scale }
            let nmed = errors.reduce(0, +) / Double(errors.count)
            #expect(nmed > 0.001 && nmed < 0.01 && errors.max()! < 0.05, "transposed \(transposed): NMED \(nmed), max \(errors.max()!)")
        }
    }

    /// What failing bitcells do to the outputs: reading the stored weights back through one-hot inputs
    /// (x = the identity, so y = W) with weights k/8, |k| ≤ 15 (exact in BF16 and in 8-bit aligned
    /// mantissas) and a 1 MHz clock (no timing failure). A TT die (nominal mismatch: no failing cell)
    /// returns W exactly; an SS / 0.6 V /
    /// −40 °C die at twice the local mismatch (760 hold- or write-failing cells) returns W except at
    /// weights holding a failing cell: some differ, never more than there are failing cells.
    @Test func failingBitcellsCorruptOnlyTheirWeights() throws {
        let stream = RandomStream(seed: StreamSeed(9))
        let w = (0..<(64 * 64)).map { _ in Float(stream.uniformInt(31) - 15) / 8 }
        let identity = (0..<(64 * 64)).map { Float($0 / 64 == $0 % 64 ? 1 : 0) }
        func readBack(_ corner: Corner, mismatchScale: Double) throws -> (y: [Float], failing: Int) {
            var c = DigitalMacroConfig(); c.mismatchScale = mismatchScale; c.clock = .fixed(frequencyMHz: 1)
            let m = DigitalMacro.onDie(inputs: 64, outputs: 64, config: c, corner: corner, seed: 21, dieIndex: 0, card: card)
            try m.write(weights: w)
            var y = [Float](repeating: 0, count: 64 * 64)
            try m.forward(identity, batch: 64, into: &y)
            #expect(m.counters.timingErrorEvents == 0)
            return (y, m.counters.failingCells)
        }
        let tt = try readBack(Corner(process: .TT, vdd: 0.9, temperatureC: 27), mismatchScale: 1)
        #expect(tt.failing == 0 && tt.y == w)
        let ss = try readBack(Corner(process: .SS, vdd: 0.6, temperatureC: -40), mismatchScale: 2)
        let wrong = zip(ss.y, w).filter { $0 != $1 }.count
        #expect(ss.failing > 100 && wrong > 0 && wrong <= ss.failing, "\(ss.failing) failing cells, \(wrong) weights read wrong")
    }

    /// What timing failures do to the outputs, in both MAC modes (the approximate mode's timing-error
    /// branch included): the same die and data at a 1.2 GHz fixed clock (TT / 0.9 V: the upper adder-tree
    /// bits' paths exceed 0.83 ns) against the signoff clock, where nothing fails. Errors land on
    /// high-order bits, so the NMED grows several-fold over each mode's arithmetic error.
    @Test(arguments: [MACMode.accurate, .approximate])
    func timingFailuresCorruptOutputsInBothModes(mode: MACMode) throws {
        let corner = Corner(process: .TT, vdd: 0.9, temperatureC: 27)
        let (x, w) = DotProductCharacterisation.randomPairs(count: 128, stream: RandomStream(seed: StreamSeed(31)))
        let exact = DotProductCharacterisation.exact(x: x, w: w)
        func run(_ clock: ClockPolicy) throws -> (stats: DotProductCharacterisation.Stats, events: Int, failing: Int) {
            var c = DigitalMacroConfig(); c.mode = mode; c.clock = clock
            let m = DigitalMacro.onDie(inputs: 64, outputs: 64, config: c, corner: corner, seed: 8, dieIndex: 0, card: card)
            let y = try DotProductCharacterisation.evaluate(m, x: x, w: w, transpose: false)
            return (DotProductCharacterisation.Stats(macro: y, exact: exact), m.counters.timingErrorEvents,
                    m.timing.map { $0.failingBits.nonzeroBitCount }.max() ?? 0)
        }
        let clean = try run(.signoff()), fast = try run(.fixed(frequencyMHz: 1200))
        #expect(clean.events == 0 && clean.failing == 0)
        #expect(fast.failing >= 1 && fast.events > 0, "failing bits \(fast.failing), events \(fast.events)")
        #expect(fast.stats.nmed > 3 * clean.stats.nmed, "\(mode): NMED \(fast.stats.nmed) at 1.2 GHz vs \(clean.stats.nmed) at signoff")
    }

    @Test func forwardAndBackwardShareTheInstanceTimingSlack() throws {
        var c = DigitalMacroConfig(); c.clock = .nominal()
        let corner = Corner(process: .SS, vdd: 0.6, temperatureC: -40)
        let m = DigitalMacro.onDie(inputs: 64, outputs: 64, config: c, corner: corner, seed: 4, dieIndex: 0, card: card)
        #expect(m.timing.count == 1)
        let (x, w) = DotProductCharacterisation.randomPairs(count: 64, stream: RandomStream(seed: StreamSeed(1)))
        _ = try DotProductCharacterisation.evaluate(m, x: x, w: w, transpose: false)
        let forwardEvents = m.counters.timingErrorEvents
        _ = try DotProductCharacterisation.evaluate(m, x: x, w: w, transpose: true)
        let backwardEvents = m.counters.timingErrorEvents - forwardEvents
        // Same instance, same failing bits, same number of evaluations: the event counts agree within
        // binomial noise (each event has probability p_sensitize per failing bit per evaluation).
        // With sign-magnitude multipliers the tree is 15 bits wide and bit 14 (the carry-out) fails with bit 13.
        let bits = m.timing[0].failingBits
        let failing = Double(bits.nonzeroBitCount + (bits & (1 << 13) != 0 ? 1 : 0))
        #expect(failing >= 1, "the nominal clock at SS / 0.6 V / -40 °C must fail some path, or this test checks nothing")
        let expected = 0.5 * failing * 64 * 64 * 4
        #expect(abs(Double(forwardEvents) - expected) < 5 * (expected * 0.5).squareRoot())
        #expect(abs(Double(backwardEvents) - expected) < 5 * (expected * 0.5).squareRoot())
        // A macro built again on the same die has the same paths (silicon is a function of the seed).
        let again = DigitalMacro.onDie(inputs: 64, outputs: 64, config: c, corner: corner, seed: 4, dieIndex: 0, card: card)
        #expect(again.timing[0].slackNS == m.timing[0].slackNS)
    }

    func alignmentError(_ alignment: Alignment, spread: Bool) throws -> Double {
        let stream = RandomStream(seed: StreamSeed(8))
        let a = PreAlignment(format: .bf16, alignment: alignment)
        var total = 0.0
        let rows = 200, cols = 256
        // Each 64-element group has its own magnitude: 2^U(−6, 6) when spread, else 1.
        var v = [Float](repeating: 0, count: rows * cols)
        for r in 0..<rows { for g in 0..<4 {
            let scale = spread ? Float(exp2(Double(stream.uniformInt(13) - 6))) : 1
            for c in 0..<64 { v[r * cols + g * 64 + c] = Float(stream.gaussian(sigma: 1)) * scale }
        } }
        var m = [Float](repeating: 0, count: rows * cols), q = [Float](repeating: 0, count: rows * 4)
        try a.align(v, rows: rows, cols: cols, alongRows: false, mantissas: &m, quanta: &q)
        for r in 0..<rows { for c in 0..<cols {
            let e = Double(m[r * cols + c] * q[r * 4 + c / 64] - v[r * cols + c])
            total += e * e
        } }
        return (total / Double(rows * cols)).squareRoot()
    }

    @Test func vectorWiseAlignmentBeatsTensorWiseOnWideExponentSpread() throws {
        let vector = try alignmentError(.vector, spread: true), tensor = try alignmentError(.tensor, spread: true)
        // With group magnitudes spread over 2^±6 the tensor-wise quantum is set by the largest group:
        // its RMS error is several times VWPA's.
        #expect(tensor > 3 * vector, "tensor \(tensor) vs vector \(vector)")
    }

    @Test func alignmentsAgreeWhenAllGroupsShareTheExponent() throws {
        // Every group's max has exponent 0 (values in [-1.99, 1.99] with a 1.5 in each group).
        let a = PreAlignment(format: .bf16, alignment: .vector), t = PreAlignment(format: .bf16, alignment: .tensor)
        let stream = RandomStream(seed: StreamSeed(2))
        var v = (0..<256).map { _ in Float(stream.uniform(-1.99, 1.99)) }
        for g in 0..<4 { v[g * 64] = 1.5 }
        var mv = [Float](repeating: 0, count: 256), mt = mv, qv = [Float](repeating: 0, count: 4), qt = qv
        try a.align(v, rows: 1, cols: 256, alongRows: false, mantissas: &mv, quanta: &qv)
        try t.align(v, rows: 1, cols: 256, alongRows: false, mantissas: &mt, quanta: &qt)
        #expect(mv == mt && qv == qt)
    }

    @Test func bitcellFailureProbabilityFollowsTheCalibration() {
        let s = BitcellStability(card: card)
        let tt = Die.typical
        for k in BitcellMargin.allCases {
            let p = [0.9, 0.7, 0.6].map { s.failureProbability(k, die: tt, at: OperatingPoint(vdd: $0, temperatureC: 27)) }
            #expect(p[0] > 1e-13 && p[0] < 1e-11, "\(k) 0.9 V: \(p[0])")
            #expect(p[1] > 1e-8 / 5 && p[1] < 1e-8 * 10, "\(k) 0.7 V: \(p[1])")
            #expect(p[2] > 1e-6 && p[2] < 1e-4, "\(k) 0.6 V: \(p[2])")
        }
        let op = OperatingPoint(vdd: 0.7, temperatureC: 27)
        let read = ProcessCorner.allCases.map { s.failureProbability(.read, die: Die(process: $0, index: 0), at: op) }
        let write = ProcessCorner.allCases.map { s.failureProbability(.write, die: Die(process: $0, index: 0), at: op) }
        #expect(read.max() == read[ProcessCorner.allCases.firstIndex(of: .FS)!])
        #expect(write.max() == write[ProcessCorner.allCases.firstIndex(of: .SF)!])
    }
}
