import CADC
import Foundation
import Variation

/// The ADC codes of many conversions with Gaussian kT/C read noise, sampled exactly but cheaply
/// (MODELS §4; docs/analog-macro.md, "Read noise").
///
/// A conversion outputs round-half-even(u + n), u = bitline value + comparator offset in LSB,
/// n = σ·z, z ~ N(0, 1). z is drawn by inversion, z = Φ⁻¹(U), U uniform, but only as many bits of U
/// are looked at as the code needs. Write z₁ = Φ⁻¹(1/256) and z₂₅₅ = Φ⁻¹(255/256) (= ∓2.66).
///
/// 1. **Far conversions** — round(u + σz₁) = round(u + σz₂₅₅), about 60–75 % of them at σ ≈ 0.05–0.08
///    LSB — have code round(u) whenever U falls in the central [1/256, 255/256); only whether U lies in
///    the two outer 1/256 tails matters. Those tail events are Bernoulli(2/256) per conversion and are
///    placed by geometric gaps over the conversions in row-major order (`gsl_ran_geometric`'s inversion of a
///    bulk-stream uniform); a far conversion hit by one takes one bulk bit for its side (k = 0 or 255) and goes to
///    step 3. A near conversion hit by one ignores it: its own byte decides it.
/// 2. **Near conversions** take 8 bits k of the bulk stream (four per GSL `taus2` word, little-endian
///    byte order), placing U in [k/256, (k+1)/256), so z in [Φ⁻¹(k/256), Φ⁻¹((k+1)/256)). If u + σ·z
///    rounds to the same code at both ends, that is the code.
/// 3. Otherwise (about 1 % of all conversions) 8 more bits (one word of the refine stream) narrow U to a
///    1/65 536 bin and the test repeats with Φ⁻¹ at that bin's ends; if still undecided, a GSL uniform
///    u' completes U = (bin + u')/65 536 and z = Φ⁻¹(U) exactly (`gsl_cdf_ugaussian_Pinv`).
///
/// Each conversion's noise comes from its own draws, so the codes are those of independent continuous
/// Gaussian noise (no truncated tail), from about 0.1 GSL word per conversion. The bin ends
/// Φ⁻¹(i/65 536) come from `gsl_cdf_ugaussian_Pinv` (±∞ at the outer ends). Steps 1 and 2 run in the C
/// kernels of `CADC` (AVX2 where the CPU has it; a scalar loop with bit-identical results elsewhere),
/// which sum round(u) for every conversion and then correct the sums where the noise moved a code
/// (see ``convertAndSum``).
public final class ADCReadNoise {
    /// σ of n in LSB.
    public let sigma: Float
    /// σ·Φ⁻¹(k/256) and σ·Φ⁻¹((k+1)/256), k = 0 … 255.
    private let low: [Float]
    private let high: [Float]
    private let sigmaScaledFine: [Float]
    /// σ·Φ⁻¹(h/16) and σ·Φ⁻¹((h+1)/16), h = 0 … 15 (the vector path's first, register-held test).
    private let low16: [Float]
    private let high16: [Float]

    /// Probability that U falls in one of the two outer 1/256 bins, and log1p(−p) for geometric gaps.
    static let tailProbability = 2.0 / 256
    static let tailLog1pMinusP = log1p(-tailProbability)

    /// Φ⁻¹(i/65 536), i = 0 … 65 536.
    static let fineBoundaries: [Float] = (0...65_536).map { i in
        i == 0 ? -.infinity : i == 65_536 ? .infinity : Float(Gaussian.quantile(Double(i) / 65_536))
    }

    /// Scratch: bulk words; the near conversions (tag, u); the vector path's second stage and the
    /// undecided conversions (tag, u, bin k).
    private let words = ScratchBuffer<UInt32>()
    private let nearTags = ScratchBuffer<Int32>(), nearValues = ScratchBuffer<Float>()
    private let stageTags = ScratchBuffer<Int32>(), stageValues = ScratchBuffer<Float>(), stageBins = ScratchBuffer<Int32>()
    private let pendingTags = ScratchBuffer<Int32>(), pendingValues = ScratchBuffer<Float>()
    private let pendingBins = ScratchBuffer<Int32>()

    public init(sigmaLSB: Double) {
        sigma = Float(sigmaLSB)
        let fine = Self.fineBoundaries
        low = (0..<256).map { Float(sigmaLSB) * fine[$0 * 256] }
        high = (0..<256).map { Float(sigmaLSB) * fine[($0 + 1) * 256] }
        sigmaScaledFine = fine.map { Float(sigmaLSB) * $0 }
        low16 = (0..<16).map { Float(sigmaLSB) * fine[$0 * 4096] }
        high16 = (0..<16).map { Float(sigmaLSB) * fine[($0 + 1) * 4096] }
    }

    /// Round half to even for |x| < 2^22 (the 1.5·2^23 trick: no libm call, vectorisable); ±∞ stay ±∞.
    @inline(__always) static func rounded(_ x: Float) -> Float { (x + 12_582_912) - 12_582_912 }

    /// Replaces each of `rows × cols` values v by the noisy code round(v + offset[col] + n), not yet
    /// clipped to the ADC range. Bits are drawn as ``convertAndSum`` draws them for one block.
    public func convert(_ v: UnsafeMutablePointer<Float>, rows: Int, cols: Int, offsets: UnsafePointer<Float>,
                        bulk: RandomStream, refine: RandomStream)
    {
        let codes = UnsafeMutablePointer<Float>.allocate(capacity: rows * cols)
        defer { codes.deallocate() }
        codes.initialize(repeating: 0, count: rows * cols)
        var unit: Float = 1
        convertAndSum(v, offsets: offsets, batch: rows, inputBits: 1, width: cols, into: codes, accStride: cols,
                      inputWeight: &unit, minCode: -.infinity, maxCode: .infinity, bulk: bulk, refine: refine)
        v.update(from: codes, count: rows * cols)
    }

    /// Makes the conversions of one block and shift-adds their codes into partial sums (the block
    /// layout of `CADC`: `inputBits × batch` rows of `width` bitline values v, row t·batch + b; offsets per
    /// column; acc[b, c] at acc + b·accStride + c gets Σ_t inputWeight[t] · clip(code(t, b, c))).
    ///
    /// Bits, in this order: the tail events and their side bits from `bulk` (step 1), the near
    /// conversions' bytes from `bulk` (step 2, in the order of `cimpvt_adc_sum_codes`), refinements from `refine` (step 3: tails
    /// first, then near ones).
    func convertAndSum(_ v: UnsafePointer<Float>, offsets: UnsafePointer<Float>, batch: Int, inputBits: Int, width: Int,
                       into acc: UnsafeMutablePointer<Float>, accStride: Int, inputWeight: UnsafePointer<Float>,
                       minCode: Float, maxCode: Float, bulk: RandomStream, refine: RandomStream)
    {
        let n = inputBits * batch * width
        precondition(inputBits <= 8 && batch * accStride < 1 << 28, "conversion tags hold 8 input bits and 2^28 sums")
        let capacity = n + 8
        let nearTag = nearTags.reserve(capacity), nearU = nearValues.reserve(capacity)
        let wordBuffer = words.reserve(capacity / 4 + 1)
        let noisy = sigma > 0
        let centralLow = noisy ? low[1] : 0, centralHigh = noisy ? high[254] : 0
        let pt = pendingTags.reserve(capacity), pu = pendingValues.reserve(capacity), pk = pendingBins.reserve(capacity)
        var m = 0
        // 1. Tail events on far conversions.
        if noisy {
            var position = -1, column = -1, row = 0  // position = row · width + column, kept without division
            let log1pMinusP = Self.tailLog1pMinusP
            while true {
                let gap = bulk.geometric(log1pMinusP: log1pMinusP)
                position += gap
                guard position < n else { break }
                column += gap
                while column >= width { column -= width; row += 1 }
                let u = v[position] + offsets[column]
                guard Self.rounded(u + centralLow) == Self.rounded(u + centralHigh) else { continue }  // near
                let t = row / batch, b = row - t * batch
                pt[m] = cimpvt_adc_tag(b * accStride + column, t); pu[m] = u
                pk[m] = bulk.word() & 1 == 0 ? 0 : 255
                m += 1
            }
        }
        // 2. Every conversion summed at round(u); the near ones listed, then decided by their byte.
        let nearCount = cimpvt_adc_sum_codes(acc, accStride, v, offsets, batch, inputBits, width, inputWeight,
                                             minCode, maxCode, centralLow, centralHigh, nearTag, nearU)
        guard noisy else { return }
        bulk.fillWords(UnsafeMutableBufferPointer(start: wordBuffer, count: (nearCount + 3) / 4))
        let bytes = UnsafeRawPointer(wordBuffer).assumingMemoryBound(to: UInt8.self)
        m += cimpvt_adc_resolve_near(acc, nearCount, nearTag, nearU, bytes, low16, high16, low, high, inputWeight,
                                     minCode, maxCode, stageTags.reserve(capacity), stageValues.reserve(capacity),
                                     stageBins.reserve(capacity), pt + m, pu + m, pk + m)
        // 3. The undecided.
        guard m > 0 else { return }
        sigmaScaledFine.withUnsafeBufferPointer { fine in
            for i in 0..<m {
                let u = pu[i]
                let bin = Int(pk[i]) * 256 + Int(refine.word() & 0xFF)
                var code = Self.rounded(u + fine[bin])
                if code != Self.rounded(u + fine[bin + 1]) {
                    let x = Gaussian.quantile((Double(bin) + refine.uniform01()) / 65_536)
                    code = Self.rounded(u + sigma * Float(x))
                }
                let delta = min(max(code, minCode), maxCode) - min(max(Self.rounded(u), minCode), maxCode)
                if delta != 0 { acc[Int(pt[i] >> 3)] += inputWeight[Int(pt[i] & 7)] * delta }
            }
        }
    }
}
