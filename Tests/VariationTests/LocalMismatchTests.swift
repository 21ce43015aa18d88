import Testing
import Variation

/// Moments of the Pelgrom draws against their model, with bounds derived from the sample size.
@Suite struct LocalMismatchTests {
    let card = TechnologyCard()

    /// Sample mean and standard deviation.
    func moments(_ x: [Double]) -> (mean: Double, sd: Double) {
        let n = Double(x.count)
        let m = x.reduce(0, +) / n
        let v = x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)
        return (m, v.squareRoot())
    }

    @Test func pelgromSigmaMatchesHandComputedValues() {
        // σ = A_VT / √(2·W·L): PD 95/30 → 2.0/√(2·0.00285) = 26.49 mV; PU (p) 50/30 → 2.2/√0.003 = 40.17 mV.
        #expect(abs(card.sigmaVthLocal(.n, card.cellPullDown) * 1e3 - 26.490) < 0.01)
        #expect(abs(card.sigmaVthLocal(.n, card.cellPassGate) * 1e3 - 30.861) < 0.01)
        #expect(abs(card.sigmaVthLocal(.p, card.cellPullUp) * 1e3 - 40.166) < 0.01)
        #expect(abs(card.sigmaBetaLocal(card.cellPassGate) - 0.15430) < 1e-4)
    }

    @Test(arguments: [(DeviceType.n, "70/30"), (DeviceType.p, "50/30"), (DeviceType.n, "1000/100")])
    func momentsOf100kDraws(type: DeviceType, wl: String) {
        let g = DeviceGeometry(parsing: wl)!
        let n = 100_000
        let stream = RandomStream(seed: StreamSeed(12345))
        let d = LocalMismatch.draw(type, geometry: g, count: n, card: card, stream: stream)
        for (values, sigma) in [(d.map(\.dVth), card.sigmaVthLocal(type, g)), (d.map(\.dBeta), card.sigmaBetaLocal(g))] {
            let (m, s) = moments(values)
            // 5-sigma bounds: SE(mean) = σ/√n, SE(sd) ≈ σ/√(2n).
            #expect(abs(m) < 5 * sigma / Double(n).squareRoot(), "mean \(m) vs σ \(sigma)")
            #expect(abs(s - sigma) < 5 * sigma / (2 * Double(n)).squareRoot(), "sd \(s) vs σ \(sigma)")
        }
    }

    @Test func scaleZeroSwitchesMismatchOffButKeepsStreamPosition() {
        let a = RandomStream(seed: StreamSeed(9)), b = RandomStream(seed: StreamSeed(9))
        let off = LocalMismatch.draw(.n, geometry: card.logicDevice, count: 10, card: card, stream: a, scale: 0)
        _ = LocalMismatch.draw(.n, geometry: card.logicDevice, count: 10, card: card, stream: b)
        #expect(off.allSatisfy { $0 == .zero })
        #expect(a.uniform01() == b.uniform01())
    }
}

/// The die-to-die residual: its σ per device type (a fraction of the global σ) and the separation of n
/// and p, by moments over 4 000 dies and by a hand-built die.
@Suite struct DieResidualTests {
    /// Sample standard deviation (n − 1).
    func sd(_ x: [Double]) -> Double {
        let m = x.reduce(0, +) / Double(x.count)
        return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)).squareRoot()
    }

    @Test func residualSigmasAreTheFractionOfEachTypesGlobalSigma() {
        var card = TechnologyCard()
        card.sigmaVthGlobalN = 15; card.sigmaVthGlobalP = 25; card.sigmaMuGlobalPercent = 3  // n and p told apart
        let sampler = DieSampler(card: card, masterSeed: 77)
        let n = 4000
        let dies = (0..<n).map { sampler.die(process: .SS, index: $0) }
        // σ = 0.3 × global: 4.5 mV (n), 7.5 mV (p), 0.9 % (mobility); 5 standard errors, SE(sd) = σ/√(2n).
        for (values, sigma) in [(dies.map(\.residualVthN), 0.0045), (dies.map(\.residualVthP), 0.0075),
                                (dies.map(\.residualMuN), 0.009), (dies.map(\.residualMuP), 0.009)] {
            #expect(abs(sd(values) - sigma) < 5 * sigma / (2 * Double(n)).squareRoot(), "sd \(sd(values)) vs \(sigma)")
            #expect(abs(values.reduce(0, +) / Double(n)) < 5 * sigma / Double(n).squareRoot())
        }
        // n and p residuals are independent draws: |correlation| < 5/√n.
        let a = dies.map(\.residualVthN), b = dies.map(\.residualVthP)
        let r = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } / (Double(n - 1) * sd(a) * sd(b))
        #expect(abs(r) < 5 / Double(n).squareRoot(), "correlation \(r)")
    }

    /// Population dies (MODELS §11): each draws its own global shift from the card's global σ (15 / 25 mV
    /// told apart, 3 %), independent of n and p, on top of its residual; named corners draw none.
    @Test func populationDiesDrawTheirGlobalShiftFromTheCardsSigma() {
        var card = TechnologyCard()
        card.sigmaVthGlobalN = 15; card.sigmaVthGlobalP = 25; card.sigmaMuGlobalPercent = 3
        let sampler = DieSampler(card: card, masterSeed: 78)
        let n = 4000
        let dies = (0..<n).map { sampler.die(process: .population, index: $0) }
        for (values, sigma) in [(dies.map(\.globalVthN), 0.015), (dies.map(\.globalVthP), 0.025),
                                (dies.map(\.globalMuN), 0.03), (dies.map(\.globalMuP), 0.03),
                                (dies.map(\.residualVthN), 0.0045)] {
            #expect(abs(sd(values) - sigma) < 5 * sigma / (2 * Double(n)).squareRoot(), "sd \(sd(values)) vs \(sigma)")
            #expect(abs(values.reduce(0, +) / Double(n)) < 5 * sigma / Double(n).squareRoot())
        }
        // The total Vth shift the devices see: global and residual add, σ = √(15² + 4.5²) mV.
        let total = dies.map { $0.vthShift(.n, card: card) }, sigmaTotal = (0.015 * 0.015 + 0.0045 * 0.0045).squareRoot()
        #expect(abs(sd(total) - sigmaTotal) < 5 * sigmaTotal / (2 * Double(n)).squareRoot())
        let a = dies.map(\.globalVthN), b = dies.map(\.globalVthP)
        let r = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } / (Double(n - 1) * sd(a) * sd(b))
        #expect(abs(r) < 5 / Double(n).squareRoot(), "correlation \(r)")
        // Die k is the same silicon every time it is drawn; a corner die has no global draw.
        #expect(sampler.die(process: .population, index: 17) == dies[17])
        let ss = sampler.die(process: .SS, index: 17)
        #expect(ss.globalVthN == 0 && ss.globalVthP == 0 && ss.globalMuN == 0 && ss.globalMuP == 0)
        #expect(ProcessCorner(name: "pop") == .population && ProcessCorner.population.vthShift(.n, card: card) == 0)
    }

    /// A die's shifts by hand: SS (n and p +45 mV at 3σ of 15 mV) plus its own residual per type; the
    /// mobility factor 1 − 9 % (3σ of 3 %) plus the residual.
    @Test func aDiesShiftIsItsCornerPlusItsOwnTypesResidual() {
        let card = TechnologyCard()
        let die = Die(process: .SS, index: 0, residualVthN: 0.010, residualVthP: -0.020, residualMuN: 0.01, residualMuP: -0.02)
        #expect(abs(die.vthShift(.n, card: card) - 0.055) < 1e-12 && abs(die.vthShift(.p, card: card) - 0.025) < 1e-12)
        #expect(abs(die.mobilityFactor(.n, card: card) - 0.92) < 1e-12 && abs(die.mobilityFactor(.p, card: card) - 0.89) < 1e-12,
                "\(die.mobilityFactor(.n, card: card)) \(die.mobilityFactor(.p, card: card))")
    }
}
