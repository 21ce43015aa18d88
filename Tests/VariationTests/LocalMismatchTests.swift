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
