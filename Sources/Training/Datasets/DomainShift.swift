import Variation

/// The fine-tune scenario's domain shift: a new user's handwriting, made deterministic.
///
/// Every image is translated by `workload.shiftPixels` pixels right and down (1 for the 8 × 8 digits,
/// 2 for 28 × 28 MNIST; pixels moved in from the border are 0; every channel alike), then each value gets additive
/// N(0, 0.1²) noise (GSL ziggurat on the shift stream) and is clipped to [0, 1].
public enum DomainShift {
    /// σ of the additive pixel noise (pixels scaled to [0, 1]).
    public static let pixelNoise = 0.1

    public static func apply(_ data: Dataset, stream: RandomStream) -> Dataset {
        let shape = data.workload.inputShape, s = data.workload.shiftPixels, d = data.features
        let h = shape.height, w = shape.width, channels = shape.channels
        var out = [Float](repeating: 0, count: data.pixels.count)
        for n in 0..<data.count {
            for r in 0..<h { for c in 0..<w { for ch in 0..<channels {
                let sr = r - s, sc = c - s
                let v: Float = sr >= 0 && sc >= 0 ? data.pixels[n * d + (sr * w + sc) * channels + ch] : 0
                let noisy = v + Float(stream.gaussian(sigma: pixelNoise))
                out[n * d + (r * w + c) * channels + ch] = min(max(noisy, 0), 1)
            } } }
        }
        return Dataset(workload: data.workload, pixels: out, labels: data.labels)
    }
}
