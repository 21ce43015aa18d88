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
/// which record a code that differs from round(u) as a shift of v (see ``addNoise``).
public final class ADCReadNoise {
    /// σ of n in LSB.
    public let sigma: Float
    /// σ·Φ⁻¹(k/256) and σ·Φ⁻¹((k+1)/256), k = 0 … 255.
    private let low: [Float]
    private let high: [Float]
    private let sigmaScaledFine: [Float]

    /// Probability that U falls in one of the two outer 1/256 bins, and log1p(−p) for geometric gaps.
    static let tailProbability = 2.0 / 256
    static let tailLog1pMinusP = log1p(-tailProbability)

    /// Φ⁻¹(i/65 536), i = 0 … 65 536.
    static let fineBoundaries: [Float] = (0...65_536).map { i in
        i == 0 ? -.infinity : i == 65_536 ? .infinity : Float(Gaussian.quantile(Double(i) / 65_536))
    }

    /// Scratch, grown as needed and kept: bulk words, the near conversions and the undecided ones.
    private var capacity = 0
    private var wordBuffer = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
    private var nearIndex = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    private var nearU = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private var pendingIndex = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    private var pendingU = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private var pendingK = UnsafeMutablePointer<Int32>.allocate(capacity: 1)

    private func reserve(_ n: Int) {
        guard n + 8 > capacity else { return }
        release()
        capacity = n + 8
        wordBuffer = .allocate(capacity: capacity / 4 + 1)
        nearIndex = .allocate(capacity: capacity)
        nearU = .allocate(capacity: capacity)
        pendingIndex = .allocate(capacity: capacity)
        pendingU = .allocate(capacity: capacity)
        pendingK = .allocate(capacity: capacity)
    }

    private func release() {
        wordBuffer.deallocate(); nearIndex.deallocate(); nearU.deallocate()
        pendingIndex.deallocate(); pendingU.deallocate(); pendingK.deallocate()
    }

    deinit { release() }

    public init(sigmaLSB: Double) {
        sigma = Float(sigmaLSB)
        let fine = Self.fineBoundaries
        low = (0..<256).map { Float(sigmaLSB) * fine[$0 * 256] }
        high = (0..<256).map { Float(sigmaLSB) * fine[($0 + 1) * 256] }
        sigmaScaledFine = fine.map { Float(sigmaLSB) * $0 }
    }

    /// Round half to even for |x| < 2^22 (the 1.5·2^23 trick: no libm call, vectorisable); ±∞ stay ±∞.
    @inline(__always) static func rounded(_ x: Float) -> Float { (x + 12_582_912) - 12_582_912 }

    /// Replaces each of `rows × cols` values v by the noisy code round(v + offset[col] + n), not yet
    /// clipped to the ADC range. Bulk bits come from `bulk` (tail events, then near bytes), refinements
    /// from `refine`, each in row-major order.
    public func convert(_ v: UnsafeMutablePointer<Float>, rows: Int, cols: Int, offsets: UnsafePointer<Float>,
                        bulk: RandomStream, refine: RandomStream)
    {
        addNoise(v, rows: rows, cols: cols, offsets: offsets, bulk: bulk, refine: refine)
        for r in 0..<rows { let row = v + r * cols; for c in 0..<cols { row[c] = Self.rounded(row[c] + offsets[c]) } }
    }

    /// Draws the noise of `rows × cols` conversions and records it in v, so that afterwards each
    /// conversion's noisy code is round(v + offset[col]) (the form the shift-add of `CADC` reads): v is
    /// left as it is where the code is round(u), u = v + offset, and moved by code − u elsewhere.
    /// Bits are drawn as ``convert`` describes.
    func addNoise(_ v: UnsafeMutablePointer<Float>, rows: Int, cols: Int, offsets: UnsafePointer<Float>,
                  bulk: RandomStream, refine: RandomStream)
    {
        let n = rows * cols
        guard sigma > 0 else { return }
        precondition(n < Int(Int32.max), "too many conversions in one call")
        reserve(n)
        let centralLow = low[1], centralHigh = high[254]
        let pi = pendingIndex, pu = pendingU, pk = pendingK
        // 1. Tail events on far conversions.
        var m = 0
        var position = -1, column = -1  // column = position mod cols, kept without a division
        while true {
            let gap = bulk.geometric(log1pMinusP: Self.tailLog1pMinusP)
            position += gap
            guard position < n else { break }
            column += gap
            while column >= cols { column -= cols }
            let u = v[position] + offsets[column]
            guard Self.rounded(u + centralLow) == Self.rounded(u + centralHigh) else { continue }  // near
            pi[m] = Int32(truncatingIfNeeded: position); pu[m] = u; pk[m] = bulk.word() & 1 == 0 ? 0 : 255
            m += 1
        }
        // 2. The near conversions, decided by their byte.
        let nearCount = cimpvt_adc_find_near(v, rows, cols, offsets, centralLow, centralHigh, nearIndex, nearU)
        bulk.fillWords(UnsafeMutableBufferPointer(start: wordBuffer, count: (nearCount + 3) / 4))
        let bytes = UnsafeRawPointer(wordBuffer).assumingMemoryBound(to: UInt8.self)
        low.withUnsafeBufferPointer { lo in
            high.withUnsafeBufferPointer { hi in
                m += cimpvt_adc_resolve_near(v, nearCount, nearIndex, nearU, bytes, lo.baseAddress!, hi.baseAddress!,
                                             pi + m, pu + m, pk + m)
            }
        }
        // 3. The undecided: tails first, then near ones, each in row-major order.
        guard m > 0 else { return }
        sigmaScaledFine.withUnsafeBufferPointer { fine in
            for i in 0..<m {
                let index = Int(pi[i]), u = pu[i]
                let bin = Int(pk[i]) * 256 + Int(refine.word() & 0xFF)
                var code = Self.rounded(u + fine[bin])
                if code != Self.rounded(u + fine[bin + 1]) {
                    let x = Gaussian.quantile((Double(bin) + refine.uniform01()) / 65_536)
                    code = Self.rounded(u + sigma * Float(x))
                }
                if code != Self.rounded(u) { v[index] += code - u }
            }
        }
    }
}
