import ArgumentParser
import Variation

/// `cimpvt sample`: local mismatch draws of one die.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Draw the local (Pelgrom) mismatch of N devices on one die.",
        discussion: "The die is die number --die of the process corner, drawn from --seed: its global shift (corner + die-to-die residual) is printed with the draws. Each device gets ΔVth ~ N(0, A_VT/√(2WL)) and Δβ/β ~ N(0, A_β/√(2WL)) from GSL. vth_v and ion_rel are at the given VDD and temperature; ion_rel is relative to the nominal device at TT / 0.9 V / 27 °C."
    )

    @OptionGroup var corner: CornerOptions
    @OptionGroup var technology: TechnologyOptions

    @Option(help: "Master seed (integer ≥ 0).")
    var seed: UInt64 = 1

    @Option(help: "Die index within the corner (≥ 0).")
    var die: Int = 0

    @Option(help: "Number of devices to draw (1…10000000).")
    var devices: Int = 10

    @Option(help: "Device type: n or p.")
    var type: String = "n"

    @Option(help: "Device W/L in nm, e.g. 70/30 (an SRAM pass-gate).")
    var wl: String = "70/30"

    @Flag(help: "Print CSV: device,dvth_v,dbeta_rel,vth_v,ion_rel,die_dvth_v,die_dmu_rel.")
    var csv = false

    func run() throws {
        try checkSeed(seed)
        let c = try corner.corner()
        guard let t = DeviceType(rawValue: type) else { throw ValidationError("--type '\(type)' is not allowed; allowed: n, p") }
        guard let g = DeviceGeometry(parsing: wl) else { throw ValidationError("--wl '\(wl)' is not W/L in nm, e.g. 70/30") }
        guard die >= 0 else { throw ValidationError("--die must be ≥ 0") }
        guard (1...10_000_000).contains(devices) else { throw ValidationError("--devices must be in [1, 10000000]") }
        let s = DeviceSample.draw(corner: c, seed: seed, die: die, type: t, geometry: g, count: devices, card: try technology.card())
        let header = "# die \(die) of \(c.process.rawValue), seed \(seed): global ΔVth \(fmt(s.dieVthShift * 1e3, 2)) mV, Δμ \(fmt(s.dieMobilityShift * 100, 2)) %; local σ(ΔVth) \(fmt(s.sigmaVth * 1e3, 2)) mV, σ(Δβ/β) \(fmt(s.sigmaBeta * 100, 2)) % for \(t.rawValue) \(g) nm"
        if csv {
            emit("device,dvth_v,dbeta_rel,vth_v,ion_rel,die_dvth_v,die_dmu_rel")
            for (i, d) in s.devices.enumerated() {
                emit("\(i),\(fmt(d.variation.dVth, 6)),\(fmt(d.variation.dBeta, 6)),\(fmt(d.vth, 6)),\(fmt(d.ionRelative, 6)),\(fmt(s.dieVthShift, 6)),\(fmt(s.dieMobilityShift, 6))")
            }
            return
        }
        emit(header)
        emit("device  ΔVth (mV)  Δβ/β (%)  |Vth| (V)  Ion (rel)")
        for (i, d) in s.devices.enumerated() {
            emit(pad(String(i), 6) + "  " + pad(fmt(d.variation.dVth * 1e3, 2), 9) + "  " + pad(fmt(d.variation.dBeta * 100, 2), 8)
                + "  " + pad(fmt(d.vth, 4), 9) + "  " + pad(fmt(d.ionRelative, 4), 9))
        }
    }
}
