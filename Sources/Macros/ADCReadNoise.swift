import CADC
import Foundation
import Variation

/// The ADC codes of many conversions with Gaussian read noise (``BitlineReadNoise``), sampled exactly but cheaply
/// (MODELS §4; docs/analog-macro.md, "Sampling the read noise").
///
/// A conversion outputs round-half-even(u + n), u = bitline value + comparator offset in LSB,
/// n = σ·z, z ~ N(0, 1). z is drawn by inversion, z = Φ⁻¹(U), U uniform, but only as many bits of U
/// are looked at as the code needs. U's range splits into the two outer tails [0, τ) and [1 − τ, 1),
/// τ = 1/1024, and the central range between them, whose ends are z_lo = Φ⁻¹(τ), z_hi = Φ⁻¹(1 − τ)
/// (= ∓3.10).
///
/// 1. **Tail events** — U in an outer tail — are Bernoulli(2τ) per conversion, placed by geometric
///    gaps over the block's conversions in row-major order (`gsl_ran_geometric`'s inversion of a
///    bulk-stream uniform). Such a conversion goes to step 4, where a bit of its refine word picks the
///    tail.
/// 2. Every other conversion has U uniform on the central range. **Far conversions** —
///    round(u + σz_lo) = round(u + σz_hi), about 40–70 % of them at σ ≈ 0.05–0.1 LSB — then have code
///    round(u): no bits at all.
/// 3. **Near conversions** take 4 bits of the bulk stream (a nibble h: eight per GSL `taus2` word,
///    least significant first), placing U in the h-th of 16 equal-probability bins of the central
///    range, so z in [c(h·4096), c((h+1)·4096)] with c(i) = Φ⁻¹(τ + i·(1 − 2τ)/65 536). If u + σz
///    rounds to the same code at both ends, that is the code (15 in 16 of them: a bin straddles a rounding
///    threshold only if it holds the threshold's point Φ(·) of U). The rest take a second nibble l,
///    narrowing U to bin k = 16h + l of 256 (ends c(256k), c(256k + 256)), and the test repeats.
/// 4. Otherwise (tail events, and 1 in 256 near conversions) one word of the refine stream gives 8 more
///    bits j (bits 0–7; bit 8 picks a tail event's tail): bin 256k + j of the central range, or bin j of
///    the tail's 256 bins (τ/256 each); the test repeats, and if still undecided a GSL uniform u'
///    completes U within the bin and z = Φ⁻¹(U) exactly (`gsl_cdf_ugaussian_Pinv`). A block's refine
///    words are drawn first, then the uniforms of those still undecided, in the same order.
///
/// Each conversion's noise comes from its own draws, so the codes are those of independent continuous
/// Gaussian noise (no truncated tail), from f(1/8 + 1/128 + 1/256) + 2/512 GSL words per conversion when a
/// share f of them is near (0.06–0.09 at σ ≈ 0.065–0.1 LSB). τ = 1/1024 balances the two costs that
/// it trades: a smaller τ widens the central range (more near conversions, ≈ 0.5 ns each), a larger one
/// makes more tail events (≈ 30 ns each: a logarithm, a division, GSL calls, a refinement). The bin ends
/// come from `gsl_cdf_ugaussian_Pinv` (±∞ at the outer ends of the tails). Steps 2 and 3 run in the C
/// kernels of `CADC` (AVX-512 or AVX2 where the CPU has it; a scalar loop with bit-identical results
/// elsewhere), which sum round(u) for every conversion and then correct the sums where the noise moved
/// a code (see ``convertAndSum``).
public final class ADCReadNoise {
    /// σ of n in LSB.
    public let sigma: Float
    /// σ·c(256k) and σ·c(256k + 256), k = 0 … 255 (step 3, second nibble).
    private let low: [Float]
    private let high: [Float]
    /// σ·c(4096h) and σ·c(4096h + 4096), h = 0 … 15 (step 3, first nibble; held in registers).
    private let low16: [Float]
    private let high16: [Float]
    /// σ·Φ⁻¹ at the ends of the tails' bins: the lower tail's 257 (entries 0 … 256), then the upper's.
    private let tailEnds: [Float]

    /// τ: the probability of each outer tail of U.
    static let tailMass = 1.0 / 1024
    /// Probability that U falls in one of the two outer tails, and log1p(−p) for geometric gaps.
    static let tailProbability = 2 * tailMass
    static let tailLog1pMinusP = log1p(-tailProbability)

    /// c(i) = Φ⁻¹(τ + i·(1 − 2τ)/65 536), i = 0 … 65 536: the ends of the central range's 65 536 bins.
    static let centralQuantiles: [Float] = (0...65_536).map { i in Float(Gaussian.quantile(centralU(Double(i)))) }
    /// Φ⁻¹(tailU(0, j)) and Φ⁻¹(tailU(1, j)), j = 0 … 256: the ends of the tails' 256 bins (−∞ and +∞ at
    /// the outer ends).
    static let lowerTailQuantiles: [Float] = (0...256).map { j in
        j == 0 ? -.infinity : Float(Gaussian.quantile(tailU(0, Double(j))))
    }
    static let upperTailQuantiles: [Float] = (0...256).map { j in
        j == 256 ? .infinity : Float(Gaussian.quantile(tailU(1, Double(j))))
    }

    /// U at position x (in bins of τ/256, fractional) of the lower (side 0) or upper (side 1) tail.
    static func tailU(_ side: Int, _ x: Double) -> Double {
        side == 0 ? x * (tailMass / 256) : (1 - tailMass) + x * (tailMass / 256)
    }

    /// U at position x (in 1/65 536 bins, fractional) of the central range.
    static func centralU(_ x: Double) -> Double { tailMass + x * ((1 - 2 * tailMass) / 65_536) }

    /// Scratch: the block's tail-event map; bulk nibble words; the near conversions (tag, u); the
    /// staged ones (tag, u, h); the pending ones (tag, u, bin k); the refine words and the refinements
    /// they leave undecided.
    private let tailHit = ScratchBuffer<UInt8>(lane: 3)
    private let words = ScratchBuffer<UInt32>(lane: 4)
    private let nearTags = ScratchBuffer<Int32>(lane: 5), nearValues = ScratchBuffer<Float>(lane: 6)
    private let stageTags = ScratchBuffer<Int32>(lane: 7), stageValues = ScratchBuffer<Float>(lane: 8)
    private let stageNibbles = ScratchBuffer<Int32>(lane: 9)
    private let pendingTags = ScratchBuffer<Int32>(lane: 10), pendingValues = ScratchBuffer<Float>(lane: 11)
    private let pendingBins = ScratchBuffer<Int32>(lane: 12)
    private let refineWords = ScratchBuffer<UInt32>(lane: 4), undecidedIndices = ScratchBuffer<Int32>(lane: 5)

    public init(sigmaLSB: Double) {
        sigma = Float(sigmaLSB)
        let c = Self.centralQuantiles, s = Float(sigmaLSB)
        low = (0..<256).map { s * c[$0 * 256] }
        high = (0..<256).map { s * c[($0 + 1) * 256] }
        low16 = (0..<16).map { s * c[$0 * 4096] }
        high16 = (0..<16).map { s * c[($0 + 1) * 4096] }
        tailEnds = (Self.lowerTailQuantiles + Self.upperTailQuantiles).map { s * $0 }
    }

    /// Central-range span (σ·(z_hi − z_lo), LSB) from which every finite conversion is near and the
    /// first pass decides nibbles in place (`cimpvt_adc_sum_codes_dense`, AVX-512): one LSB, with a
    /// margin for the float sums u + σz.
    static let denseSpan: Float = 1.01

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
        convertAndSum(v, vStride: cols, offsets: offsets, batch: rows, inputBits: 1, width: cols, into: codes,
                      accStride: cols, inputWeight: &unit, minCode: -.infinity, maxCode: .infinity, bulk: bulk,
                      refine: refine)
        v.update(from: codes, count: rows * cols)
    }

    /// Makes the conversions of one block and shift-adds their codes into partial sums (the block
    /// layout of `CADC`: `inputBits × batch` rows of `width` bitline values v, row t·batch + b at
    /// v + (t·batch + b)·vStride; offsets per column; acc[b, c] at acc + b·accStride + c gets
    /// Σ_t inputWeight[t] · clip(code(t, b, c))). Returns the conversions whose noiseless code round(u)
    /// fell outside [minCode, maxCode] (v = −∞, a skipped conversion, excepted).
    ///
    /// Bits, in this order: the tail events from `bulk` (step 1), the near conversions' first nibbles
    /// from `bulk` (in the order of `cimpvt_adc_sum_codes`), then the second nibbles of those left
    /// undecided; refinements from `refine` (step 4: the words of the tail events, then of the near
    /// conversions left; then the uniforms of those still undecided, in that order).
    @discardableResult
    func convertAndSum(_ v: UnsafePointer<Float>, vStride: Int, offsets: UnsafePointer<Float>, batch: Int,
                       inputBits: Int, width: Int, into acc: UnsafeMutablePointer<Float>, accStride: Int,
                       inputWeight: UnsafePointer<Float>, minCode: Float, maxCode: Float, bulk: RandomStream,
                       refine: RandomStream) -> Int
    {
        let n = inputBits * batch * width
        precondition(inputBits <= 8 && batch * accStride < 1 << 28, "conversion tags hold 8 input bits and 2^28 sums")
        let capacity = n + 16  // the vector paths store whole vectors past the last entry
        let nearTag = nearTags.reserve(capacity), nearU = nearValues.reserve(capacity)
        let rowBytes = (width + 7) / 8, mapBytes = inputBits * batch * rowBytes + 2
        let hit = tailHit.reserve(mapBytes)
        hit.initialize(repeating: 0, count: mapBytes)
        let noisy = sigma > 0
        let centralLow = noisy ? low[0] : 0, centralHigh = noisy ? high[255] : 0
        let pt = pendingTags.reserve(capacity), pu = pendingValues.reserve(capacity), pk = pendingBins.reserve(capacity)
        var tails = 0
        // 1. Tail events, marked in the map.
        if noisy {
            // position = row · width + column and row = t · batch + b, kept without division
            var position = -1, column = -1, row = 0, t = 0, b = 0
            let log1pMinusP = Self.tailLog1pMinusP
            while true {
                let gap = bulk.geometric(log1pMinusP: log1pMinusP)
                position += gap
                guard position < n else { break }
                column += gap
                while column >= width {
                    column -= width; row += 1; b += 1
                    if b == batch { b = 0; t += 1 }
                }
                hit[row * rowBytes + (column >> 3)] |= UInt8(1) << UInt8(column & 7)
                pt[tails] = cimpvt_adc_tag(b * accStride + column, t)
                pu[tails] = v[row * vStride + column] + offsets[column]
                tails += 1
            }
        }
        var clips = 0
        let nibbles = words.reserve(capacity / 8 + 5)  // the dense pass reads 4 words from a nibble's word
        let st = stageTags.reserve(capacity), su = stageValues.reserve(capacity), sh = stageNibbles.reserve(capacity)
        var staged = 0
        if noisy && centralHigh - centralLow >= Self.denseSpan && cimpvt_adc_vector_path() == 2 {
            // 2–3 fused: every conversion is near (the central range spans more than an LSB) except tail
            // events and skipped ones (−∞ rows), so the near count is known before the pass and its
            // nibbles can be drawn first — the same bits, in the same order, as below.
            var finiteRows = 0
            for r in 0..<(inputBits * batch) where v[r * vStride].isFinite { finiteRows += 1 }
            var finiteTails = 0
            for i in 0..<tails where pu[i].isFinite { finiteTails += 1 }
            let nearCount = finiteRows * width - finiteTails
            bulk.fillWords(UnsafeMutableBufferPointer(start: nibbles, count: (nearCount + 7) / 8))
            var listed = 0
            _ = cimpvt_adc_sum_codes_dense(acc, accStride, v, vStride, offsets, batch, inputBits, width, inputWeight,
                                           minCode, maxCode, centralLow, centralHigh, hit, nibbles, low16, high16,
                                           st, su, sh, &listed, &staged, &clips)
            precondition(listed == nearCount, "dense conversion pass: \(listed) near conversions, \(nearCount) expected")
        } else {
            // 2. Every conversion summed at round(u); the near ones without a tail event listed.
            let nearCount = cimpvt_adc_sum_codes(acc, accStride, v, vStride, offsets, batch, inputBits, width,
                                                 inputWeight, minCode, maxCode, centralLow, centralHigh, hit, nearTag, nearU, &clips)
            guard noisy else { return clips }
            // 3. Their first nibbles, then the second nibbles of the undecided.
            bulk.fillWords(UnsafeMutableBufferPointer(start: nibbles, count: (nearCount + 7) / 8))
            staged = cimpvt_adc_resolve_stage_one(acc, nearCount, nearTag, nearU, nibbles, low16, high16, inputWeight,
                                                  inputBits, minCode, maxCode, st, su, sh)
        }
        bulk.fillWords(UnsafeMutableBufferPointer(start: nibbles, count: (staged + 7) / 8))
        let pending = cimpvt_adc_resolve_stage_two(acc, staged, st, su, sh, nibbles, low, high, inputWeight, minCode,
                                                   maxCode, pt + tails, pu + tails, pk + tails)
        // 4. Refinements: one refine word per tail event and per near conversion left (its bits 0–7: the bin
        // j of 256; for a tail event, bit 8: the tail), all drawn first; then, in the same order, a refine
        // uniform for each that its bin leaves undecided. Drawn together, the words cost no call each and
        // the quantile tables' loads overlap.
        let refinements = tails + pending
        let rw = refineWords.reserve(refinements), left = undecidedIndices.reserve(refinements)
        refine.fillWords(UnsafeMutableBufferPointer(start: rw, count: refinements))
        var undecided = 0
        func apply(_ i: Int, _ code: Float) {
            let delta = min(max(code, minCode), maxCode) - min(max(Self.rounded(pu[i]), minCode), maxCode)
            if delta != 0 { acc[Int(pt[i] >> 3)] += inputWeight[Int(pt[i] & 7)] * delta }
        }
        tailEnds.withUnsafeBufferPointer { ends in
            for i in 0..<tails {
                let q = Int(rw[i] >> 8 & 1) * 257 + Int(rw[i] & 0xFF), u = pu[i]
                let code = Self.rounded(u + ends[q])
                if code == Self.rounded(u + ends[q + 1]) { apply(i, code) } else { left[undecided] = Int32(i); undecided += 1 }
            }
        }
        Self.centralQuantiles.withUnsafeBufferPointer { c in
            // The table (256 KB) is mostly out of cache by now: a tight loop first touches every bin
            // the loop below reads, so that the misses overlap instead of stalling it one by one.
            // pk[i] becomes the bin of 65 536: 256k + j.
            var touched: Float = 0
            for i in tails..<refinements {
                pk[i] = pk[i] * 256 + Int32(rw[i] & 0xFF)
                touched += c[Int(pk[i])]
            }
            precondition(touched.isFinite, "central quantiles are finite")  // and keeps the loads
            for i in tails..<refinements {
                let bin = Int(pk[i]), u = pu[i]
                let code = Self.rounded(u + sigma * c[bin])
                if code == Self.rounded(u + sigma * c[bin + 1]) { apply(i, code) } else { left[undecided] = Int32(i); undecided += 1 }
            }
        }
        for e in 0..<undecided {
            let i = Int(left[e]), j = Double(rw[i] & 0xFF)
            let uniform = i < tails ? Self.tailU(Int(rw[i] >> 8 & 1), j + refine.uniform01())
                                    : Self.centralU(Double(pk[i]) + refine.uniform01())
            apply(i, Self.rounded(pu[i] + sigma * Float(Gaussian.quantile(uniform))))
        }
        return clips
    }
}
