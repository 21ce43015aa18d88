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
            let i1 = physics.current(vgs: vth + vov * (1 - h), vth: vth, betaFactor: 1, kelvin: k)
            let i2 = physics.current(vgs: vth + vov * (1 + h), vth: vth, betaFactor: 1, kelvin: k)
            let slope = (log(i2) - log(i1)) / (log(1 + h) - log(1 - h))
            #expect(abs(slope - card.alpha) < 0.005 * card.alpha, "slope \(slope) at Vov \(vov)")
        }
    }

    @Test(arguments: [233.15, 300.15, 398.15])
    func weakInversionSlopeIsNPhiTLn10PerDecade(kelvin: Double) {
        let vth = 0.45
        let vgs = vth - 0.35
        let i1 = physics.current(vgs: vgs, vth: vth, betaFactor: 1, kelvin: kelvin)
        let i2 = physics.current(vgs: vgs + 1e-3, vth: vth, betaFactor: 1, kelvin: kelvin)
        let mvPerDecade = 1e-3 * log(10) / (log(i2) - log(i1))
        let expected = card.subthresholdN * DevicePhysics.thermalVoltage(kelvin: kelvin) * log(10)
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
}
