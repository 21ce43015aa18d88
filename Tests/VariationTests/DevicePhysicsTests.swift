import Foundation
import Testing
import Variation

/// The smooth sub-/super-threshold current model and what must emerge from it.
@Suite struct DevicePhysicsTests {
    let card = TechnologyCard()
    var physics: DevicePhysics { DevicePhysics(card: card) }
    let defaultVdds = [0.6, 0.7, 0.8, 0.9, 1.0]
    let defaultTemps = [-40.0, 27, 125]

    @Test func strongInversionSlopeIsAlpha() {
        // d ln I / d ln(Vov) → α as Vov ≫ α·n·φt.
        let k = 300.15, vth = 0.45
        for vov in [0.8, 1.5] {
            let h = 1e-4
            let i1 = physics.current(.n, vgs: vth + vov * (1 - h), vds: 0, vth: vth, betaFactor: 1, kelvin: k)
            let i2 = physics.current(.n, vgs: vth + vov * (1 + h), vds: 0, vth: vth, betaFactor: 1, kelvin: k)
            let slope = (log(i2) - log(i1)) / (log(1 + h) - log(1 - h))
            #expect(abs(slope - card.alpha) < 0.005 * card.alpha, "slope \(slope) at Vov \(vov)")
        }
    }

    @Test(arguments: [233.15, 300.15, 398.15])
    func weakInversionSlopeIsNPhiTLn10PerDecade(kelvin: Double) {
        let vth = 0.45
        let vgs = vth - 0.35
        let i1 = physics.current(.n, vgs: vgs, vds: 0, vth: vth, betaFactor: 1, kelvin: kelvin)
        let i2 = physics.current(.n, vgs: vgs + 1e-3, vds: 0, vth: vth, betaFactor: 1, kelvin: kelvin)
        let mvPerDecade = 1e-3 * log(10) / (log(i2) - log(i1))
        let expected = card.subthresholdNN * DevicePhysics.thermalVoltage(kelvin: kelvin) * log(10)
        #expect(abs(mvPerDecade - expected) < 0.01 * expected, "\(mvPerDecade) V/dec vs \(expected)")
    }

    @Test func onCurrentOrdersFFOverTTOverSSAtEveryDefaultCorner() {
        for type in DeviceType.allCases { for v in defaultVdds { for t in defaultTemps {
            let op = OperatingPoint(vdd: v, temperatureC: t)
            let i = { (p: ProcessCorner) in physics.onCurrent(type, geometry: card.logicDevice, die: Die(process: p, index: 0), at: op) }
            #expect(i(.FF) > i(.TT) && i(.TT) > i(.SS), "\(type) at \(op)")
        } } }
    }

    @Test func cornerShiftsHaveTheRightSign() {
        let expectations: [(ProcessCorner, Double, Double)] = [(.TT, 0, 0), (.FF, -1, -1), (.SS, 1, 1), (.FS, -1, 1), (.SF, 1, -1)]
        for (p, sn, sp) in expectations {
            // Fast device: lower |Vth| (−45 mV) and higher mobility (+9 %).
            #expect(p.vthShift(.n, card: card) == sn * 0.045 || (sn == 0 && p.vthShift(.n, card: card) == 0))
            #expect(abs(p.vthShift(.p, card: card) - sp * 0.045) < 1e-12)
            #expect(abs(p.mobilityShift(.n, card: card) + sn * 0.09) < 1e-12)
            #expect(abs(p.mobilityShift(.p, card: card) + sp * 0.09) < 1e-12)
        }
    }

    @Test func delayRisesAsVddFalls() {
        for p in ProcessCorner.allCases { for t in defaultTemps { for type in DeviceType.allCases {
            let d = defaultVdds.map { physics.gateDelay(type, geometry: card.logicDevice, die: Die(process: p, index: 0), at: OperatingPoint(vdd: $0, temperatureC: t)) }
            #expect(zip(d, d.dropFirst()).allSatisfy { $0 > $1 }, "\(p) \(t) °C \(type): \(d)")
        } } }
    }

    @Test func temperatureInversionEmergesNearPoint7Volt() {
        let die = Die.typical
        func delay(_ v: Double, _ t: Double) -> Double {
            physics.gateDelay(.n, geometry: card.logicDevice, die: die, at: OperatingPoint(vdd: v, temperatureC: t))
        }
        // At 1.0 V the hot die is clearly slower; at 0.6 V the cold die is clearly slower.
        #expect(delay(1.0, 125) > 1.3 * delay(1.0, -40))
        #expect(delay(0.6, -40) > 1.5 * delay(0.6, 125))
        // The crossover lies between 0.65 and 0.8 V.
        #expect(delay(0.65, -40) > delay(0.65, 125))
        #expect(delay(0.8, -40) < delay(0.8, 125))
    }

    @Test func nominalDeviceIsTheReference() {
        let rows = DeviceCharacterisation.characterise(process: .TT, at: .nominal(card), card: card)
        for r in rows {
            #expect(abs(r.ionRelative - 1) < 1e-12 && abs(r.delayRelative - 1) < 1e-12)
        }
        #expect(abs(rows[0].vth - 0.45) < 1e-12 && abs(rows[1].vth - 0.47) < 1e-12)
        // Not a ratio by construction: an FF n-device at the nominal point, by hand. Vth 0.45 − 3·15 mV =
        // 0.405 V, mobility 1 + 3·3 % = 1.09, s = α·n·kT/q = 1.3·1.2·0.0258649 V; I ∝ β·(s·ln(1 + e^((VDD − Vth)/s)))^α,
        // so I_FF/I_TT = 1.09·(ln(1 + e^(0.495/s)) / ln(1 + e^(0.45/s)))^1.3 = 1.2337765.
        let ff = DeviceCharacterisation.characterise(process: .FF, at: .nominal(card), card: card)
        #expect(abs(ff[0].ionRelative - 1.2337765) < 1e-6 && abs(ff[0].vth - 0.405) < 1e-12, "\(ff[0])")
    }

    /// A card with every calibration term away from its default.
    static var calibratedCard: TechnologyCard {
        var c = TechnologyCard()
        c.dibl = 0.09; c.subthresholdNN = 1.4; c.subthresholdNP = 1.55
        c.vsatExponentN = 0.3; c.vsatExponentP = 0.3; c.vsatVoltage = 0.4; c.pCurrentFactor = 0.55
        return c
    }

    @Test func diblLowersThresholdByEtaPerVoltOfDrain() {
        // Weak inversion: ln I rises by η·ΔVds / (n·φt) when Vds rises by ΔVds.
        let card = Self.calibratedCard, k = 300.15
        let p = DevicePhysics(card: card)
        for type in DeviceType.allCases {
            let i1 = p.current(type, vgs: 0.1, vds: 0.2, vth: 0.45, betaFactor: 1, kelvin: k)
            let i2 = p.current(type, vgs: 0.1, vds: 1.0, vth: 0.45, betaFactor: 1, kelvin: k)
            let expected = 0.09 * 0.8 / (card.subthresholdN(type) * 8.617_333_262e-5 * k)
            #expect(abs(log(i2 / i1) - expected) < 0.01 * expected, "\(type): \(log(i2 / i1)) vs \(expected)")
            // Threshold: the same shift, and the default card has none.
            #expect(abs(p.thresholdVoltage(type, geometry: card.logicDevice, shift: 0, kelvin: k, vds: 0.9) - (card.vth0(type) - 0.081)) < 1e-12)
            #expect(physics.thresholdVoltage(type, geometry: card.logicDevice, shift: 0, kelvin: k, vds: 0.9) == card.vth0(type))
        }
    }

    @Test func subthresholdSlopeIsPerDeviceType() {
        let card = Self.calibratedCard, k = 300.15
        let p = DevicePhysics(card: card)
        for (type, n) in [(DeviceType.n, 1.4), (.p, 1.55)] {
            let i1 = p.current(type, vgs: 0.1, vds: 0.9, vth: 0.45, betaFactor: 1, kelvin: k)
            let i2 = p.current(type, vgs: 0.101, vds: 0.9, vth: 0.45, betaFactor: 1, kelvin: k)
            let mvPerDecade = 1e-3 * log(10) / log(i2 / i1)
            let expected = n * 8.617_333_262e-5 * k * log(10)
            #expect(abs(mvPerDecade - expected) < 0.01 * expected, "\(type): \(mvPerDecade) vs \(expected)")
        }
    }

    @Test func temperatureExponentHandsOverFromMobilityToSaturationVelocity() {
        // With dVth/dT = 0: in strong inversion (s·softplus = Vov exactly) d ln I / d ln T = −e(Vov), e → m_v;
        // in weak inversion e → m_μ, plus the φt terms of s^α·exp((Vgs − Vth)/(n·φt)).
        var card = Self.calibratedCard
        card.dvthDTn = 0; card.dvthDTp = 0
        let p = DevicePhysics(card: card)
        func slope(_ vov: Double) -> Double {
            let t1 = 300.0, t2 = 301.0
            let i1 = p.current(.n, vgs: 0.45 + vov, vds: 0, vth: 0.45, betaFactor: 1, kelvin: t1)
            let i2 = p.current(.n, vgs: 0.45 + vov, vds: 0, vth: 0.45, betaFactor: 1, kelvin: t2)
            return log(i2 / i1) / log(t2 / t1)
        }
        // Strong inversion, overdrive 5 V (≫ V_c = 0.4): e = m_v + (m_μ − m_v)·0.4/5.4.
        let strong = -(0.3 + 1.2 * 0.4 / 5.4)
        #expect(abs(slope(5) - strong) < 0.01, "\(slope(5)) vs \(strong)")
        // Deep weak inversion at Vgs = Vth − 0.4: ln I = α·ln(s) + (Vgs − Vth)/(nφt) − e·ln T with e ≈ m_μ.
        let kT = 8.617_333_262e-5 * 300.5, n = 1.4
        let weak = -1.5 + card.alpha + 0.4 / (n * kT)
        #expect(abs(slope(-0.4) - weak) < 0.02 * abs(weak), "\(slope(-0.4)) vs \(weak)")
        // The default card: the whole current follows T^−1.5 at any overdrive.
        let d = DevicePhysics(card: TechnologyCard())
        let i1 = d.current(.n, vgs: 5.45, vds: 0, vth: 0.45, betaFactor: 1, kelvin: 300)
        let i2 = d.current(.n, vgs: 5.45, vds: 0, vth: 0.45, betaFactor: 1, kelvin: 301)
        let e = log(i2 / i1) / log(301.0 / 300)
        #expect(abs(e + 1.5) < 0.001, "default card exponent \(e)")
    }

    @Test func narrowWidthRaisesThresholdByKOverW() {
        var card = Self.calibratedCard
        card.vthWidthN = 2.4; card.vthWidthP = 3.0
        let p = DevicePhysics(card: card)
        for (type, k) in [(DeviceType.n, 2.4), (.p, 3.0)] { for w in [50.0, 120] {
            let g = DeviceGeometry(widthNM: w, lengthNM: 30)
            let vth = p.thresholdVoltage(type, geometry: g, shift: 0, kelvin: card.tNominalK)
            #expect(abs(vth - (card.vth0(type) + k / w)) < 1e-12, "\(type) W \(w): \(vth)")
        } }
        // And the current follows it: a device at +k/W is the zero-k device at Vgs − k/W.
        let g = DeviceGeometry(widthNM: 50, lengthNM: 30)
        var none = card; none.vthWidthN = 0
        let op = OperatingPoint(vdd: 0.8, temperatureC: 27)
        let a = p.current(.n, geometry: g, die: .typical, vgs: 0.8, at: op)
        let b = DevicePhysics(card: none).current(.n, vgs: 0.8 - 2.4 / 50, vds: 0.8, vth: card.vth0N, betaFactor: 50.0 / 30, kelvin: op.temperatureK)
        #expect(abs(a / b - 1) < 1e-12, "\(a) vs \(b)")
    }

    @Test func pDeviceCurrentFactorScalesOnlyPDevices() {
        let card = Self.calibratedCard
        var unit = card; unit.pCurrentFactor = 1
        let a = DevicePhysics(card: card), b = DevicePhysics(card: unit)
        let op = OperatingPoint(vdd: 0.8, temperatureC: 60)
        let g = card.logicDevice
        #expect(a.onCurrent(.p, geometry: g, die: .typical, at: op) == 0.55 * b.onCurrent(.p, geometry: g, die: .typical, at: op))
        #expect(a.onCurrent(.n, geometry: g, die: .typical, at: op) == b.onCurrent(.n, geometry: g, die: .typical, at: op))
    }

    /// The default card is today's model bit for bit: MODELS §3 written out without the new terms.
    @Test func defaultCardIsTheAlphaPowerLawWithoutTheNewTerms() {
        for type in DeviceType.allCases { for v in defaultVdds { for t in defaultTemps {
            let k = t + 273.15
            // The 0.15.0 expression, in its order of operations (bit-identity needs the same rounding).
            let vth = card.vth0(type) + 0.0 + card.dvthDT(type) * 1e-3 * (k - card.tNominalK)
            let s = card.alpha * 1.2 * (8.617_333_262e-5 * k)
            let x = (v - vth) / s
            let softplus = x > 30 ? x : (x < -30 ? exp(x) : log1p(exp(x)))
            let beta = 120.0 / 30.0 * (1 + 0.0) * 1.0
            let expected = beta * pow(k / card.tNominalK, -1.5) * pow(s * softplus, card.alpha)
            let got = physics.onCurrent(type, geometry: card.logicDevice, die: .typical, at: OperatingPoint(vdd: v, temperatureC: t))
            #expect(got == expected, "\(type) \(v) V \(t) °C: \(got) vs \(expected)")
        } } }
    }
}
