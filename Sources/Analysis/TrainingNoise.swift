import Variation

/// The training-noise floor of a workload: how far the FP32 baseline's own test accuracy moves when
/// only the data order changes (docs/sweeps.md, "Training noise"). Silicon did not cause any of it.
///
/// Each run i trains the same start on the same data in the ideal FP32 product with another order
/// seed; its "degradation" is (baseline − run_i) in percentage points, the quantity a die's
/// degradation is compared with. The band is the two-sided prediction interval of one more run at
/// `confidence`: mean ± t_{(1+c)/2, n−1} · sd · √(1 + 1/n) (n ≥ 2).
public struct TrainingNoise: Sendable, Hashable {
    /// (baseline − run) accuracy of each run, pp.
    public let degradationsPP: [Double]
    /// Test images: one image is 100 / testImages pp.
    public let testImages: Int
    public let confidence: Double

    public init(degradationsPP: [Double], testImages: Int, confidence: Double) {
        self.degradationsPP = degradationsPP
        self.testImages = testImages
        self.confidence = confidence
    }

    public var runs: Int { degradationsPP.count }
    /// Mean of the runs' degradations, pp.
    public var meanPP: Double { degradationsPP.reduce(0, +) / Double(max(runs, 1)) }
    /// Sample standard deviation (n − 1), pp; 0 with fewer than two runs.
    public var sdPP: Double {
        guard runs >= 2 else { return 0 }
        let m = meanPP
        return (degradationsPP.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(runs - 1)).squareRoot()
    }
    /// The prediction band of one more run, pp (nil with fewer than two runs).
    public var band: (low: Double, high: Double)? {
        guard runs >= 2 else { return nil }
        let n = Double(runs)
        let half = StudentT.quantile((1 + confidence) / 2, degreesOfFreedom: n - 1) * sdPP * (1 + 1 / n).squareRoot()
        return (meanPP - half, meanPP + half)
    }
    /// One test image, pp.
    public var imagePP: Double { 100 / Double(testImages) }

    /// What a reader of a yield at threshold `maxDegradationPP` must know: the threshold is within 3
    /// noise standard deviations, or within 3 test images.
    public func cautions(maxDegradationPP: Double) -> [String] {
        var out = [String]()
        func f(_ x: Double) -> String { String(format: "%.2f", x) }
        if maxDegradationPP < 3 * sdPP {
            out.append("the \(f(maxDegradationPP)) pp threshold is below 3× the training-noise sd (\(f(sdPP)) pp over \(runs) data orders): a die can fail on SGD noise alone")
        }
        if maxDegradationPP < 3 * imagePP {
            out.append("the \(f(maxDegradationPP)) pp threshold is below 3 test images (one image = \(f(imagePP)) pp of \(testImages))")
        }
        return out
    }
}
