import Variation

/// The ADC codes of many conversions with Gaussian kT/C read noise, sampled exactly but cheaply
/// (MODELS §4; docs/analog-macro.md, "Read noise").
///
/// A conversion outputs round-half-even(u + n), u = bitline value + comparator offset in LSB,
/// n = σ·z, z ~ N(0, 1). z is drawn by inversion, z = Φ⁻¹(U), U uniform, but only as many bits of U
/// are looked at as the code needs:
///
/// 1. 8 bits k of the bulk stream (four per GSL `taus2` word, little-endian byte order) place U in
///    [k/256, (k+1)/256), so z in [Φ⁻¹(k/256), Φ⁻¹((k+1)/256)). If u + σ·z rounds to the same code at
///    both ends, that is the code (about 99 % of conversions at σ ≈ 0.1 LSB).
/// 2. Otherwise 8 more bits (one word of the refine stream) narrow U to a 1/65 536 bin and the test
///    repeats with Φ⁻¹ at that bin's ends.
/// 3. Otherwise a GSL uniform u' completes U = (bin + u')/65 536 and z = Φ⁻¹(U) exactly
///    (`gsl_cdf_ugaussian_Pinv`).
///
/// The codes are therefore those of continuous Gaussian noise (no truncated tail), from about a
/// quarter of a GSL word per conversion instead of one Gaussian draw each. The bin ends Φ⁻¹(i/65 536)
/// come from `gsl_cdf_ugaussian_Pinv` (±∞ at the outer ends).
public final class ADCReadNoise {
    /// σ of n in LSB.
    public let sigma: Float
    /// σ·Φ⁻¹(k/256) and σ·Φ⁻¹((k+1)/256), k = 0 … 255.
    private let low: [Float]
    private let high: [Float]
    private let sigmaScaledFine: [Float]

    /// Φ⁻¹(i/65 536), i = 0 … 65 536.
    static let fineBoundaries: [Float] = (0...65_536).map { i in
        i == 0 ? -.infinity : i == 65_536 ? .infinity : Float(Gaussian.quantile(Double(i) / 65_536))
    }

    /// Scratch, grown as needed and kept: bulk words and the undecided conversions.
    private var capacity = 0
    private var wordBuffer = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
    private var pendingIndex = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    private var pendingU = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private var pendingK = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)

    private func reserve(_ n: Int) {
        guard n + 4 > capacity else { return }
        release()
        capacity = n + 4
        wordBuffer = .allocate(capacity: capacity / 4 + 1)
        pendingIndex = .allocate(capacity: capacity)
        pendingU = .allocate(capacity: capacity)
        pendingK = .allocate(capacity: capacity)
    }

    private func release() {
        wordBuffer.deallocate(); pendingIndex.deallocate(); pendingU.deallocate(); pendingK.deallocate()
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
    /// clipped to the ADC range. Bulk bits come from `bulk`, refinements from `refine`, in row-major order.
    public func convert(_ v: UnsafeMutablePointer<Float>, rows: Int, cols: Int, offsets: UnsafePointer<Float>,
                        bulk: RandomStream, refine: RandomStream)
    {
        let n = rows * cols
        guard sigma > 0 else {
            for r in 0..<rows { let row = v + r * cols; for c in 0..<cols { row[c] = Self.rounded(row[c] + offsets[c]) } }
            return
        }
        // Undecided conversions (the two ends of the 8-bit bin round differently) are collected.
        reserve(n)
        let words = wordBuffer, pi = pendingIndex, pu = pendingU, pk = pendingK
        bulk.fillWords(UnsafeMutableBufferPointer(start: words, count: (n + 3) / 4))
        let bytes = UnsafeRawPointer(words).assumingMemoryBound(to: UInt8.self)
        var count = 0
        low.withUnsafeBufferPointer { lo in
            high.withUnsafeBufferPointer { hi in
                let lo = lo.baseAddress!, hi = hi.baseAddress!
                var m = 0
                for r in 0..<rows {
                    let row = v + r * cols, b = bytes + r * cols, base = r * cols
                    for c in 0..<cols {
                        let u = row[c] + offsets[c], k = b[c]
                        let a = Self.rounded(u + lo[Int(k)]), z = Self.rounded(u + hi[Int(k)])
                        row[c] = a
                        if a != z {  // about 1 % of conversions: a well-predicted branch
                            pi[m] = Int32(truncatingIfNeeded: base + c); pu[m] = u; pk[m] = k
                            m &+= 1
                        }
                    }
                }
                count = m
            }
        }
        let pending = (0..<count).lazy.map { (index: Int(pi[$0]), u: pu[$0], k: Int(pk[$0])) }
        guard !pending.isEmpty else { return }
        sigmaScaledFine.withUnsafeBufferPointer { fine in
            for p in pending {
                let bin = p.k * 256 + Int(refine.word() & 0xFF)
                let a = Self.rounded(p.u + fine[bin]), z = Self.rounded(p.u + fine[bin + 1])
                if a == z { v[p.index] = a; continue }
                let x = Gaussian.quantile((Double(bin) + refine.uniform01()) / 65_536)
                v[p.index] = Self.rounded(p.u + sigma * Float(x))
            }
        }
    }
}
