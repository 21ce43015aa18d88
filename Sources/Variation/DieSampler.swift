/// Draws dies and the local mismatch of their devices from GSL streams (MODELS §2).
///
/// - The die-to-die residual of die `k` in process corner `c` comes from the stream
///   `StreamSeed.forDie(master, .globalResidual, c, k)`: four Gaussians in the order
///   ΔVth_n, ΔVth_p (σ = `die_residual_fraction`·σ_global(Vth)), Δμ_n, Δμ_p
///   (σ = `die_residual_fraction`·σ_global(μ)). Every macro on the die and every operating point
///   sees the same residual (common random numbers).
/// - A population die (process `POP`) draws its own global shift next, from the same stream:
///   ΔVth_n, ΔVth_p ~ N(0, σ_global(Vth)), Δμ_n, Δμ_p ~ N(0, σ_global(μ)), independent (the card gives
///   no n–p correlation; MODELS §11). Die k of the population is the same silicon at every VDD, T and
///   macro, like die k of a corner.
/// - Local mismatch of one macro comes from `StreamSeed.forDie(master, .localMismatch, c, k, macro)`.
public struct DieSampler: Sendable {
    public let card: TechnologyCard
    public let masterSeed: UInt64

    public init(card: TechnologyCard, masterSeed: UInt64) {
        self.card = card
        self.masterSeed = masterSeed
    }

    /// Die `index` of a process corner.
    public func die(process: ProcessCorner, index: Int) -> Die {
        let stream = RandomStream(seed: .forDie(master: masterSeed, role: .globalResidual,
                                                process: process.rawValue, die: index))
        let f = card.dieResidualFraction
        let vn = stream.gaussian(sigma: f * card.sigmaVthGlobal(.n))
        let vp = stream.gaussian(sigma: f * card.sigmaVthGlobal(.p))
        let mn = stream.gaussian(sigma: f * card.sigmaMuGlobal)
        let mp = stream.gaussian(sigma: f * card.sigmaMuGlobal)
        var die = Die(process: process, index: index, residualVthN: vn, residualVthP: vp, residualMuN: mn, residualMuP: mp)
        if process == .population {
            die.globalVthN = stream.gaussian(sigma: card.sigmaVthGlobal(.n))
            die.globalVthP = stream.gaussian(sigma: card.sigmaVthGlobal(.p))
            die.globalMuN = stream.gaussian(sigma: card.sigmaMuGlobal)
            die.globalMuP = stream.gaussian(sigma: card.sigmaMuGlobal)
        }
        return die
    }

    /// The local-mismatch stream of one macro kind on a die.
    public func localStream(for die: Die, macro: String) -> RandomStream {
        RandomStream(seed: .forDie(master: masterSeed, role: .localMismatch, process: die.process.rawValue,
                                   die: die.index, macro: macro))
    }
}

/// Pelgrom local mismatch (Pelgrom, Duinmaijer, Welbers, JSSC 24(5), 1989).
///
/// For one device of gate area W·L (µm²): σ(ΔVth) = A_VT/√(2·W·L), σ(Δβ/β) = A_β/√(2·W·L).
/// Draws are taken device by device, ΔVth first then Δβ, so the k-th device of a request always gets
/// the same pair of draws from a given stream position.
public enum LocalMismatch {
    /// Draws `count` devices of one type and size. `scale` multiplies both σ (0 switches mismatch off
    /// while still consuming the draws, so every other draw keeps its value).
    public static func draw(_ type: DeviceType, geometry: DeviceGeometry, count: Int, card: TechnologyCard,
                            stream: RandomStream, scale: Double = 1) -> [DeviceVariation]
    {
        let sv = card.sigmaVthLocal(type, geometry) * scale
        let sb = card.sigmaBetaLocal(geometry) * scale
        var out = [DeviceVariation]()
        out.reserveCapacity(count)
        for _ in 0..<count {
            let dv = stream.gaussian(sigma: sv)
            let db = stream.gaussian(sigma: sb)
            out.append(DeviceVariation(dVth: dv, dBeta: db))
        }
        return out
    }
}
