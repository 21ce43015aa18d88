/// FO4 stage delays measured by ngspice: mean of the fall and rise 50 %–50 % delays of the chain's
/// third stage, s, per temperature and supply of ``CharacterisationDeck``.
public struct StageDelays: Sendable {
    /// seconds[t][v]: temperature index, supply index.
    public let seconds: [[Double]]

    /// Parses the `cimpvt_fo4 <t> <v> <t_fall> <t_rise>` lines of ngspice's console output.
    public static func parse(log: String) throws -> StageDelays {
        let nt = CharacterisationDeck.temperaturesC.count, nv = CharacterisationDeck.delaySupplies.count
        var s = Array(repeating: Array(repeating: Double.nan, count: nv), count: nt)
        for line in log.split(whereSeparator: \.isNewline) where line.hasPrefix("cimpvt_fo4 ") {
            let w = line.split(separator: " ")
            guard w.count == 5, let t = Int(w[1]), let v = Int(w[2]), t < nt, v < nv,
                  let fall = Double(w[3]), let rise = Double(w[4]), fall > 0, rise > 0 else { continue }
            s[t][v] = (fall + rise) / 2
        }
        for t in 0..<nt { for v in 0..<nv where !s[t][v].isFinite {
            throw CalibrationError("ngspice measured no FO4 delay at \(CharacterisationDeck.temperaturesC[t]) °C, \(CharacterisationDeck.delaySupplies[v]) V (the inverter chain did not switch)\n" + Ngspice.errorLines(log))
        } }
        return StageDelays(seconds: s)
    }
}
