import Variation

/// The 6T cells of one macro instance with their local draws and their stability failures.
///
/// Each cell draws its six devices in the order PD_L, PD_R, PG_L, PG_R, PU_L, PU_R, each ΔVth then
/// Δβ (``LocalMismatch``). A cell failing hold holds a fixed random value (drawn as part of the
/// silicon); one failing write keeps its old bit when a weight update is written; one failing read
/// (a many-rows-on analog read) flips. Cells are indexed row-major over (row, column, bit).
public struct SRAMArray: Sendable {
    /// Number of cells.
    public let count: Int
    /// ΔVth (V) and Δβ/β of each cell's left pass-gate and pull-down: the read port of the analog macro.
    public let passGate: [DeviceVariation]
    public let pullDown: [DeviceVariation]
    /// Indices of cells failing hold, with the value each is stuck at.
    public let holdStuck: [Int: Bool]
    /// Indices of cells failing write.
    public let writeFailing: Set<Int>
    /// Indices of cells failing read (relevant when many rows are read at once).
    public let readFailing: Set<Int>

    /// Draws `count` cells from `stream` and classifies them at `op` on `die`.
    public init(count: Int, die: Die, at op: OperatingPoint, card: TechnologyCard, stream: RandomStream,
                mismatchScale: Double = 1)
    {
        self.count = count
        let stability = BitcellStability(card: card)
        let means = BitcellMargin.allCases.map { stability.meanMargin($0, die: die, at: op) }
        let geos: [(DeviceType, DeviceGeometry)] = [(.n, card.cellPullDown), (.n, card.cellPullDown),
                                                     (.n, card.cellPassGate), (.n, card.cellPassGate),
                                                     (.p, card.cellPullUp), (.p, card.cellPullUp)]
        let sv = geos.map { card.sigmaVthLocal($0.0, $0.1) * mismatchScale }
        let sb = geos.map { card.sigmaBetaLocal($0.1) * mismatchScale }
        let sens = BitcellMargin.allCases.map { BitcellStability.sensitivities($0) }
        var pg = [DeviceVariation](), pd = [DeviceVariation]()
        pg.reserveCapacity(count); pd.reserveCapacity(count)
        var hold = [Int: Bool](), write = Set<Int>(), read = Set<Int>()
        var dv = [Double](repeating: 0, count: 6), db = [Double](repeating: 0, count: 6)
        for c in 0..<count {
            for t in 0..<6 {
                dv[t] = stream.gaussian(sigma: sv[t])
                db[t] = stream.gaussian(sigma: sb[t])
            }
            pd.append(DeviceVariation(dVth: dv[0], dBeta: db[0]))
            pg.append(DeviceVariation(dVth: dv[2], dBeta: db[2]))
            var m = means
            for k in 0..<3 { for t in 0..<6 { m[k] += sens[k][t] * dv[t] } }
            if m[0] < 0 { hold[c] = false }
            if m[1] < 0 { read.insert(c) }
            if m[2] < 0 { write.insert(c) }
        }
        // Stuck values are part of the silicon: drawn after all cells, in index order.
        for c in hold.keys.sorted() { hold[c] = stream.bernoulli(0.5) }
        passGate = pg
        pullDown = pd
        holdStuck = hold
        writeFailing = write
        readFailing = read
    }

    /// Cells failing hold or write, plus read when `includeRead` (a macro that reads many rows at once).
    public func failingCellCount(includeRead: Bool) -> Int {
        var s = Set(holdStuck.keys).union(writeFailing)
        if includeRead { s.formUnion(readFailing) }
        return s.count
    }
}
