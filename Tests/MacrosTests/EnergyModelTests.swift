import Foundation
import Testing
import Variation
import Macros

/// The energy models (docs/energy.md): the calibration against the paper's eight published ends, the
/// shape of efficiency over VDD and temperature, hand-worked energies, and the per-trial bookkeeping.
@Suite struct EnergyModelTests {
    let card = TechnologyCard()

    func digital(_ format: NumberFormat, _ mode: MACMode, vdd: Double, sparsity: Double, temp: Double = 27) -> MacroEnergyPoint {
        var q = EnergyQuery(macro: .digital(format: format, mode: mode, bits: format.defaultMantissaBits))
        q.weightSparsity = sparsity
        q.temperatureC = temp
        return q.answer(vdd: vdd).point
    }

    /// ISSCC 2025 14.5 / JSSC 2026: average INT4 70.2–285.4 TOPS/W, INT8 17.5–71.4, FP8 51.1–192.3 TFLOPS/W,
    /// BF16 12.8–48; low end read as 0.9 V dense accurate, high end as 0.55 V 50 % sparsity approximate
    /// (TT, 27 °C, the chip's own maximum clock). Each within 10 %.
    @Test func calibrationReproducesEveryPublishedEndWithinTenPercent() {
        let paper: [(NumberFormat, Double, Double)] = [(.int4, 70.2, 285.4), (.int8, 17.5, 71.4), (.fp8E4M3, 51.1, 192.3), (.bf16, 12.8, 48)]
        for (f, low, high) in paper {
            let l = digital(f, .accurate, vdd: 0.9, sparsity: 0).topsPerW
            let h = digital(f, .approximate, vdd: 0.55, sparsity: 0.5).topsPerW
            #expect(abs(l / low - 1) < 0.10, "\(f) low end: model \(l), paper \(low)")
            #expect(abs(h / high - 1) < 0.10, "\(f) high end: model \(h), paper \(high)")
        }
        // The fitted constants are physical: a positive nibble energy and shares in (0, 1).
        let k = DigitalEnergyCalibration.constants(card: card)
        #expect(k.nibbleFJ > 5 && k.nibbleFJ < 100)
        #expect(k.sharedShare > 0 && k.sharedShare < 1 && k.alignmentShare > 0 && k.alignmentShare < 1)
    }

    /// Efficiency rises as VDD falls at 27 °C down to the minimum-energy point; below it leakage takes
    /// over; hot, leakage takes over at a higher VDD.
    @Test func minimumEnergyPointIsHigherWhenHot() {
        func mep(_ t: Double) -> EnergyQuery.Answer {
            var q = EnergyQuery(macro: .digital(format: .int8, mode: .accurate, bits: 8))
            q.temperatureC = t
            return q.minimumEnergyPoint()
        }
        let cool = mep(27), hot = mep(125)
        #expect(cool.vdd > 0.2 && cool.vdd < 0.5, "an interior minimum at 27 °C (\(cool.vdd) V)")
        #expect(hot.vdd >= cool.vdd + 0.05, "MEP 125 °C \(hot.vdd) V vs 27 °C \(cool.vdd) V")
        var previous = 0.0
        for v in stride(from: 1.0, through: cool.vdd + 0.001, by: -0.05) {
            let e = digital(.int8, .accurate, vdd: v, sparsity: 0).topsPerW
            #expect(e > previous, "efficiency at \(v) V")
            previous = e
        }
        // Below the minimum, efficiency falls again and leakage's share keeps growing.
        let below = digital(.int8, .accurate, vdd: cool.vdd - 0.06, sparsity: 0)
        #expect(below.topsPerW < cool.point.topsPerW)
        #expect(below.leakageShare > cool.point.leakageShare)
        #expect(digital(.int8, .accurate, vdd: 0.9, sparsity: 0, temp: 125).leakageShare
            > 10 * digital(.int8, .accurate, vdd: 0.9, sparsity: 0, temp: 27).leakageShare)
    }

    @Test func approximateModeAndSparsityAreMoreEfficient() {
        for f in [NumberFormat.int4, .int8, .fp8E4M3, .bf16] { for v in [0.55, 0.9] {
            let acc = digital(f, .accurate, vdd: v, sparsity: 0), approx = digital(f, .approximate, vdd: v, sparsity: 0)
            #expect(approx.topsPerW > acc.topsPerW * 1.05, "\(f) at \(v) V")
            #expect(digital(f, .accurate, vdd: v, sparsity: 0.5).topsPerW > acc.topsPerW)
            // Faster too: the approximate paths are shorter.
            #expect(approx.gops > acc.gops)
        } }
    }

    /// Hand-worked energies with test-chosen constants E_nib = 10 fJ, s = 0.5, a = 0.25, VDD_nom = 0.9 V.
    @Test func dynamicEnergyHandWorked() {
        let m = DigitalEnergyModel(constants: .init(nibbleFJ: 10, sharedShare: 0.5, alignmentShare: 0.25), card: card)
        // Dense, accurate: every transistor active: E_nib · nibbles · (1 + a·FP) · (V/0.9)².
        #expect(abs(m.dynamicFJPerMAC(format: .int4, mode: .accurate, bits: 4, vdd: 0.9, density: 1) - 10) < 1e-12)
        #expect(abs(m.dynamicFJPerMAC(format: .int8, mode: .accurate, bits: 8, vdd: 0.9, density: 1) - 40) < 1e-12)
        #expect(abs(m.dynamicFJPerMAC(format: .bf16, mode: .accurate, bits: 8, vdd: 0.9, density: 1) - 50) < 1e-12)
        #expect(abs(m.dynamicFJPerMAC(format: .fp8E4M3, mode: .accurate, bits: 4, vdd: 0.45, density: 1) - 12.5 / 4) < 1e-12)
        // No nonzero product: only the shared part and the alignment switch.
        #expect(abs(m.dynamicFJPerMAC(format: .int4, mode: .approximate, bits: 4, vdd: 0.9, density: 0) - 5) < 1e-12)
        #expect(abs(m.dynamicFJPerMAC(format: .bf16, mode: .accurate, bits: 8, vdd: 0.9, density: 0) - 4 * 7.5) < 1e-12)
        // Approximate, half the products zero: multiplier 270 · 0.5; tree by stage (adders × active × transistors):
        // s1 32·0.75·(5·28 + 6), s2 16·(15/16)·7·28, s3 8·(255/256)·8·28, s4 4·(1 − 2^−16)·9·28,
        // s5 2·(1 − 2^−32)·10·28, s6 (1 − 2^−64)·11·28; over 64 products; accurate dense logic 376 + 273 = 649.
        let stages: [Double] = [32 * 0.75 * 146, 16 * 0.9375 * 196, 8 * (255.0 / 256) * 224, 4 * (1 - pow(2.0, -16)) * 252,
                                2 * (1 - pow(2.0, -32)) * 280, (1 - pow(2.0, -64)) * 308]
        let tree = stages.reduce(0, +) / 64
        let expected = 10 * (0.5 + 0.5 * (135 + tree) / 649)
        #expect(abs(m.dynamicFJPerMAC(format: .int4, mode: .approximate, bits: 4, vdd: 0.9, density: 0.5) - expected) < 1e-9)
        #expect(abs(DigitalEnergyModel.treeTransistors(.accurate) - 624 * 28 / 64.0) < 1e-12)
        // Writes: 10 fF · VDD² per bit.
        #expect(abs(m.writeFJPerBit(vdd: 0.8) - 6.4) < 1e-12)
    }

    /// A forward read books batch·K·N MACs, the hand-counted share of nonzero products, and
    /// batch·N·64/32 cycles (INT8) of the clock, with leakage over them.
    @Test func digitalMacroBooksItsWork() throws {
        var config = DigitalMacroConfig()
        config.format = .int8
        let corner = Corner(process: .TT, vdd: 0.9, temperatureC: 27)
        let macro = DigitalMacro.onDie(inputs: 64, outputs: 64, config: config, corner: corner, seed: 5, dieIndex: 0, card: card)
        // Weights ±1 with every third zero; inputs ±1 with every fourth zero (INT8 keeps ±1 → ±127, 0 → 0).
        let w = (0..<4096).map { i -> Float in i % 3 == 0 ? 0 : (i % 2 == 0 ? 1 : -1) }
        try macro.write(weights: w)
        let afterWrite = macro.counters.energyFJ
        #expect(abs(afterWrite - 4096 * 8 * 10 * 0.81) < 1e-6)
        let batch = 5
        let x = (0..<(batch * 64)).map { i -> Float in i % 4 == 0 ? 0 : (i % 5 == 0 ? -1 : 1) }
        var y = [Float](repeating: 0, count: batch * 64)
        try macro.forward(x, batch: batch, into: &y)
        var products = 0
        for b in 0..<batch { for r in 0..<64 where x[b * 64 + r] != 0 { for j in 0..<64 where w[r * 64 + j] != 0 { products += 1 } } }
        let macs = batch * 64 * 64
        let busy = Double(batch * 64 * 64) / 32 * macro.clockNS
        let model = DigitalEnergyModel(card: card)
        let leak = model.leakageUW(die: Die(process: .TT, index: 0), at: corner.operatingPoint)
        let expected = Double(macs) * model.dynamicFJPerMAC(format: .int8, mode: .accurate, bits: 8, vdd: 0.9,
                                                           density: Double(products) / Double(macs))
        #expect(macro.counters.macs == macs)
        #expect(abs(macro.counters.busyNS - busy) < 1e-9 * busy)
        // Leakage of die 0 (its residual draw) within 50 % of the mismatch-free TT die's; dynamic exact.
        let booked = macro.counters.energyFJ - afterWrite
        #expect(booked > expected + 0.5 * busy * leak && booked < expected + 1.5 * busy * leak)
        #expect(products < macs * 3 / 4)  // the hand count really removed products
    }

    /// The analog macro's energy follows its work: an all-zero input makes no conversion and no energy;
    /// zero weights make no bitline swing, so cost less than the same read of nonzero weights; every
    /// conversion costs at least the ADC.
    @Test func analogMacroBooksItsConversions() throws {
        let corner = Corner(process: .TT, vdd: 0.9, temperatureC: 27)
        func macro(_ w: Float) throws -> AnalogMacro {
            let m = AnalogMacro.onDie(inputs: 64, outputs: 64, config: AnalogMacroConfig(), corner: corner, seed: 9, dieIndex: 0, card: card)
            try m.write(weights: (0..<4096).map { $0 % 2 == 0 ? w : 0.5 * w })
            return m
        }
        let m = try macro(1)
        let e0 = m.counters.energyFJ
        var y = [Float](repeating: 0, count: 2 * 64)
        try m.forward([Float](repeating: 0, count: 128), batch: 2, into: &y)
        #expect(m.counters.energyFJ == e0 && m.counters.adcConversions == 0)
        let x = (0..<128).map { Float(($0 * 37) % 256) / 255 }
        try m.forward(x, batch: 2, into: &y)
        let model = AnalogEnergyModel(config: AnalogMacroConfig(), card: card)
        #expect(m.counters.energyFJ - e0 > Double(m.counters.adcConversions) * model.adcFJ(vdd: 0.9))
        let zero = try macro(0)
        let z0 = zero.counters.energyFJ
        try zero.forward(x, batch: 2, into: &y)
        #expect(zero.counters.adcConversions == m.counters.adcConversions)
        #expect(zero.counters.energyFJ - z0 < m.counters.energyFJ - e0)
        #expect(m.counters.macs == 2 * 2 * 64 * 64 && (m.counters.gops ?? 0) > 0)  // both reads' MACs, busy only for the second
    }

    /// Analog point figures, hand-worked: 8-bit weights (two's complement, 8 read columns), 8-bit inputs,
    /// 64 rows: 8·8/64 = 1 conversion per MAC; throughput 512/8 · 64 / (8 · t_conv) MAC/s.
    @Test func analogPointHandWorked() {
        var config = AnalogMacroConfig()
        config.adcWaldenFJ = 5
        let model = AnalogEnergyModel(config: config, card: card)
        #expect(abs(model.adcFJ(vdd: 0.9) - 5 * 128) < 1e-9)
        let p = model.operating(die: .typical, at: .nominal(card), weightSparsity: 0, inputSparsity: 0)
        let t = AnalogConversionTime(config: config, die: .typical, at: .nominal(card), card: card).conversionNS
        #expect(abs(p.macsPerSecond - 64 * 64 / (8 * t) * 1e9) < 1e-3 * p.macsPerSecond)
        // Dynamic per MAC: one conversion (ADC + shift-add + 16 cells' swing of 0.3/64 V on 20 fF) + 8·½·8/64 pulses.
        let swing = 64 * 0.5 * 0.5 * 0.3 / 64
        let expected = model.conversionFJ(vdd: 0.9) + 20 * swing * 0.9 + 0.5 * 20 * 0.81
        #expect(abs(p.dynamicFJPerMAC - expected) < 1e-6 * expected)
        // A 5-bit ADC costs 4× less per conversion than a 7-bit one.
        var five = config
        five.adcBits = 5
        #expect(abs(AnalogEnergyModel(config: five, card: card).adcFJ(vdd: 0.9) * 4 - model.adcFJ(vdd: 0.9)) < 1e-9)
    }
}
