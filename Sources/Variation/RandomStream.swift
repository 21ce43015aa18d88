@preconcurrency import CGSL
import Foundation

/// One GSL random-number generator and the distributions cimpvt draws from it.
///
/// Generator: GSL `taus2` (L'Ecuyer's maximally equidistributed combined Tausworthe generator,
/// period ≈ 2^88), seeded with the 32-bit fold of a 64-bit ``StreamSeed``. Gaussian draws use GSL's
/// ziggurat (`gsl_ran_gaussian_ziggurat`). A stream is a reference type because it owns a C
/// resource; it is deliberately not `Sendable`: a trial creates its own streams and never shares
/// them between threads, so a trial's draws never depend on which thread runs it or what ran before.
public final class RandomStream {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>
    /// The 64-bit seed this stream was created from.
    public let seed: StreamSeed

    /// A generator seeded from `seed` (see ``StreamSeed/gslSeed``).
    public init(seed: StreamSeed) {
        cimpvt_gsl_disable_abort()
        guard let r = gsl_rng_alloc(cimpvt_rng_type_taus2()) else {
            fatalError("gsl_rng_alloc failed: out of memory")
        }
        rng = r
        self.seed = seed
        gsl_rng_set(rng, UInt(seed.gslSeed))
    }

    /// A generator seeded with a raw GSL seed (no ``StreamSeed`` fold): reproduces GSL's own reference
    /// outputs, which its test suite states for raw seeds. `seed` records the raw value.
    public convenience init(rawGSLSeed: UInt32) {
        self.init(seed: StreamSeed(UInt64(rawGSLSeed)))
        gsl_rng_set(rng, UInt(rawGSLSeed))
    }

    deinit { gsl_rng_free(rng) }

    /// Name of the GSL generator type ("taus2").
    public var generatorName: String { String(cString: gsl_rng_name(rng)) }

    /// Gaussian N(mean, sigma²) by GSL's ziggurat, `sigma` ≥ 0. A draw is consumed even when
    /// sigma = 0, so switching one variation source off leaves every other draw where it was.
    @inlinable
    public func gaussian(mean: Double = 0, sigma: Double) -> Double {
        mean + gsl_ran_gaussian_ziggurat(rng, sigma)
    }

    /// Fills `words` with raw 32-bit generator outputs, in order (exactly `words.count` calls of
    /// `gsl_rng_get`, without per-call overhead). For bulk randomness consumed bit by bit.
    public func fillWords(_ words: UnsafeMutableBufferPointer<UInt32>) {
        guard let base = words.baseAddress, words.count > 0 else { return }
        cimpvt_rng_fill_u32(rng, base, words.count)
    }

    /// One raw 32-bit generator output (`gsl_rng_get`).
    @inlinable
    public func word() -> UInt32 { UInt32(truncatingIfNeeded: gsl_rng_get(rng)) }

    /// Lognormal with parameters zeta (mean of ln x) and sigma (σ of ln x): `gsl_ran_lognormal`.
    @inlinable
    public func lognormal(zeta: Double, sigma: Double) -> Double { gsl_ran_lognormal(rng, zeta, sigma) }

    /// Uniform on [a, b): `gsl_ran_flat`.
    @inlinable
    public func uniform(_ a: Double, _ b: Double) -> Double { gsl_ran_flat(rng, a, b) }

    /// Uniform on [0, 1): `gsl_rng_uniform`.
    @inlinable
    public func uniform01() -> Double { gsl_rng_uniform(rng) }

    /// Bernoulli(p): true with probability p (`gsl_ran_bernoulli`).
    @inlinable
    public func bernoulli(_ p: Double) -> Bool { gsl_ran_bernoulli(rng, p) == 1 }

    /// Geometric(p): the number of Bernoulli(p) trials up to and including the first success, ≥ 1,
    /// 0 < p < 1, for a `log1p(−p)` computed once by the caller: ⌊ln U / log1p(−p)⌋ + 1 with
    /// U = `gsl_rng_uniform_pos` — GSL's `gsl_ran_geometric` operation for operation (equal draws),
    /// without recomputing the logarithm of 1 − p every call.
    @inlinable
    public func geometric(log1pMinusP: Double) -> Int {
        Int(UInt32(log(gsl_rng_uniform_pos(rng)) / log1pMinusP + 1))
    }

    /// Uniform integer in 0 ..< n (`gsl_rng_uniform_int`), n ≥ 1.
    @inlinable
    public func uniformInt(_ n: Int) -> Int {
        precondition(n >= 1, "uniformInt needs n >= 1")
        return Int(gsl_rng_uniform_int(rng, UInt(n)))
    }

    /// A uniformly random permutation of 0 ..< n (`gsl_ran_shuffle`).
    public func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        p.withUnsafeMutableBytes { raw in
            gsl_ran_shuffle(rng, raw.baseAddress, n, MemoryLayout<Int>.stride)
        }
        return p
    }
}
