/// A 64-bit seed for one ``RandomStream``, derived from the sweep's master seed and the identity of
/// what the stream drives.
///
/// Mixing hash: SplitMix64's finaliser (Steele, Lea, Flood, OOPSLA 2014),
/// `mix(z) = z ⊕ (z >> 30) · 0xBF58476D1CE4E5B9 → ⊕ (>> 27) · 0x94D049BB133111EB → ⊕ (>> 31)`.
/// A seed is built by absorbing its components in order: `h ← mix(h ⊕ mix(component + 0x9E3779B97F4A7C15))`.
/// Strings (process-corner names, macro kinds, stream roles) are absorbed as their FNV-1a 64-bit hash,
/// doubles (VDD, temperature) as their IEEE-754 bit patterns. Keys are by content, not by position
/// in a grid, so adding a corner to a sweep file does not change the draws of the others.
/// GSL generators take 32-bit seeds; ``gslSeed`` folds the hash (high ⊕ low half).
public struct StreamSeed: Hashable, Sendable, CustomStringConvertible {
    /// The 64-bit value.
    public let value: UInt64

    /// A seed with a given value.
    public init(_ value: UInt64) { self.value = value }

    /// SplitMix64 finaliser.
    @inlinable
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// FNV-1a 64-bit hash of a string's UTF-8 bytes.
    public static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// This seed with one more 64-bit component absorbed.
    public func absorbing(_ component: UInt64) -> StreamSeed {
        StreamSeed(Self.mix(value ^ Self.mix(component &+ 0x9E37_79B9_7F4A_7C15)))
    }
    /// This seed with a string component absorbed (by its FNV-1a hash).
    public func absorbing(_ component: String) -> StreamSeed { absorbing(Self.fnv1a(component)) }
    /// This seed with an integer component absorbed.
    public func absorbing(_ component: Int) -> StreamSeed { absorbing(UInt64(bitPattern: Int64(component))) }
    /// This seed with a double component absorbed (by its bit pattern).
    public func absorbing(_ component: Double) -> StreamSeed { absorbing(component.bitPattern) }

    /// The 32-bit seed handed to `gsl_rng_set`.
    public var gslSeed: UInt32 { UInt32(truncatingIfNeeded: value ^ (value >> 32)) }

    public var description: String { String(value, radix: 16) }
}

/// The roles a trial's random streams play. Each role gets its own stream so that, for example,
/// the silicon of die k is the same whatever the operating point it is measured at.
public enum StreamRole: String, Sendable, CaseIterable {
    /// Die-to-die residual inside a process corner: shared by every macro on the die (common
    /// random numbers for analog-versus-digital comparison) and by every VDD and temperature.
    case globalResidual = "global"
    /// Local (Pelgrom) mismatch of one macro's devices: one per (process, die, macro kind).
    case localMismatch = "local"
    /// Run-time randomness at one operating point: read noise, timing-error values.
    case runtime = "runtime"
    /// Standalone device sampling (`cimpvt sample`).
    case deviceSample = "device-sample"
}

extension StreamSeed {
    /// The seed of a stream with a given role for one die.
    ///
    /// - Parameters:
    ///   - master: the sweep's master seed.
    ///   - role: what the stream drives.
    ///   - process: process-corner name (TT, FF, …).
    ///   - die: die index within the corner (0-based).
    ///   - macro: macro kind ("analog", "digital"); empty for streams common to the die.
    ///   - operatingPoint: VDD (V) and temperature (°C), only for ``StreamRole/runtime``.
    public static func forDie(master: UInt64, role: StreamRole, process: String, die: Int,
                              macro: String = "", operatingPoint: (vdd: Double, temperatureC: Double)? = nil)
        -> StreamSeed
    {
        var s = StreamSeed(master).absorbing(role.rawValue).absorbing(process).absorbing(die).absorbing(macro)
        if let op = operatingPoint { s = s.absorbing(op.vdd).absorbing(op.temperatureC) }
        return s
    }
}
