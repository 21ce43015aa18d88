import Variation

/// The ngspice Monte Carlo of a mismatch model: `instances` copies of each calibration device, each
/// drawing its own parameters (a foundry wrapper's `agauss` per instance), swept over |V_GS| at
/// |V_DS| = VDD nominal at the nominal temperature.
///
/// The draws are ngspice's own (its `agauss`, seeded by `setseed` before `mc_source` re-reads the
/// circuit), so a run is reproducible; they are the PDK's mismatch model, not the engine's streams.
/// Currents go out through `wrdata` in files of ``chunk`` instances each.
public enum MismatchDeck {
    public static let instances = 250
    public static let chunk = 50
    public static let seed = 1

    /// Output file of chunk `i`.
    public static func file(_ i: Int) -> String { "mc_\(i).txt" }
    /// Number of output files for `devices` devices.
    public static func files(devices: Int) -> Int { (devices * instances + chunk - 1) / chunk }

    public static func deck(source: SpiceSource, devices: [CalibrationDevice], vds: Double, celsius: Double) -> String {
        var lines = ["* cimpvt calibrate: mismatch Monte Carlo", source.includeLine,
                     "vg g 0 0", "vd d 0 \(vds)", "egp gp 0 g 0 -1", "edp dp 0 d 0 -1"]
        var ammeters: [String] = []
        for (i, dev) in devices.enumerated() {
            let gate = dev.type == .n ? "g" : "gp", drain = dev.type == .n ? "d" : "dp"
            for k in 0..<instances {
                let name = "\(i)_\(k)"
                lines.append("vm\(name) \(drain) d\(name) 0")
                lines.append(source.instance(name, d: "d\(name)", g: gate, s: "0", b: "0", type: dev.type,
                                             w: dev.geometry.widthNM, l: dev.geometry.lengthNM))
                ammeters.append("i(vm\(name))")
            }
        }
        lines += [".control", "set wr_singlescale", "set wr_vecnames", "option numdgt=10", "option gmin=1e-18",
                  "option temp=\(celsius)", "setseed \(seed)", "mc_source",
                  "dc vg 0 \(CharacterisationDeck.maxVolts) \(CharacterisationDeck.stepVolts)"]
        for c in 0..<files(devices: devices.count) {
            let part = ammeters[(c * chunk)..<min((c + 1) * chunk, ammeters.count)]
            lines.append("wrdata \(file(c)) " + part.joined(separator: " "))
        }
        lines += ["quit 0", ".endc", ".end", ""]
        return lines.joined(separator: "\n")
    }
}
