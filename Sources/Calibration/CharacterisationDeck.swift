import Variation

/// The ngspice decks of a calibration: every device's I_D over a (V_GS, V_DS) grid at each temperature,
/// and a fan-out-of-4 inverter chain's stage delay at two supplies.
///
/// I–V: n-devices with source and bulk at 0; p-devices mirrored (source and bulk at 0, gate and drain
/// driven to −V_GS and −V_DS by unity-gain controlled sources), so every current is read as a magnitude
/// at the same |V_GS|, |V_DS|. One nested `.dc` sweep per temperature, 0…`maxVolts` in `stepVolts`
/// steps (V_DS from one step), written with `wrdata`.
public enum CharacterisationDeck {
    /// Temperatures of the characterisation, °C.
    public static let temperaturesC: [Double] = [-40, 27, 125]
    /// Grid step and top of the sweeps, V.
    public static let stepVolts = 0.025
    public static let maxVolts = 1.1
    /// V_GS grid points (0 … maxVolts) and V_DS grid points (step … maxVolts).
    public static var gatePoints: Int { Int((maxVolts / stepVolts).rounded()) + 1 }
    public static var drainPoints: Int { Int((maxVolts / stepVolts).rounded()) }

    /// File `wrdata` writes for temperature index `i`.
    public static func ivFile(_ i: Int) -> String { "iv_\(i).txt" }

    /// The I–V deck.
    public static func iv(source: SpiceSource, devices: [CalibrationDevice]) -> String {
        var lines = ["* cimpvt calibrate: I-V sweeps", source.includeLine,
                     "vg g 0 0", "vd d 0 0", "egp gp 0 g 0 -1", "edp dp 0 d 0 -1"]
        for (i, dev) in devices.enumerated() {
            let gate = dev.type == .n ? "g" : "gp", drain = dev.type == .n ? "d" : "dp"
            lines.append("vm\(i) \(drain) d\(i) 0")
            lines.append(source.instance("\(i)", d: "d\(i)", g: gate, s: "0", b: "0", type: dev.type,
                                         w: dev.geometry.widthNM, l: dev.geometry.lengthNM))
        }
        let currents = devices.indices.map { "i(vm\($0))" }.joined(separator: " ")
        lines += [".control", "set wr_singlescale", "set wr_vecnames", "option numdgt=10", "option gmin=1e-18"]
        for (i, t) in temperaturesC.enumerated() {
            lines.append("option temp=\(t)")
            lines.append("dc vg 0 \(maxVolts) \(stepVolts) vd \(stepVolts) \(maxVolts) \(stepVolts)")
            lines.append("wrdata \(ivFile(i)) \(currents)")
        }
        lines += ["quit 0", ".endc", ".end", ""]
        return lines.joined(separator: "\n")
    }

    /// Supplies of the stage-delay ratio, V.
    public static let delaySupplies: [Double] = [0.6, 0.9]

    /// The FO4 deck: a chain of inverters of the card's logic device (n and p of the same W/L, as the
    /// engine's timing paths use), each stage loaded by four copies of the next; the third stage's
    /// 50 %–50 % delay, mean of rise and fall, at each temperature and supply, printed as
    /// `cimpvt_fo4 <temperature index> <supply index> <t_fall s> <t_rise s>`.
    public static func fo4(source: SpiceSource, logic: DeviceGeometry) -> String {
        var lines = ["* cimpvt calibrate: FO4 inverter chain", source.includeLine,
                     ".subckt cimpvt_inv a y vdd",
                     source.instance("p", d: "y", g: "a", s: "vdd", b: "vdd", type: .p, w: logic.widthNM, l: logic.lengthNM),
                     source.instance("n", d: "y", g: "a", s: "0", b: "0", type: .n, w: logic.widthNM, l: logic.lengthNM),
                     ".ends",
                     "vsup vdd 0 0.9",
                     "vin in 0 pulse(0 1.0 50p 10p 10p 600p 1200p)",
                     "x1 in n1 vdd cimpvt_inv"]
        // Stages 2…5 on the chain; each chain node also drives three dummy loads.
        for s in 2...5 {
            lines.append("x\(s) n\(s - 1) n\(s) vdd cimpvt_inv")
            for k in 1...3 { lines.append("x\(s)l\(k) n\(s - 1) n\(s)l\(k) vdd cimpvt_inv") }
        }
        lines.append("x6 n5 n6 vdd cimpvt_inv")
        lines += [".control", "option gmin=1e-18"]
        for (i, t) in temperaturesC.enumerated() {
            for (j, v) in delaySupplies.enumerated() {
                lines += ["option temp=\(t)", "alter vsup dc = \(v)", "tran 1p 1300p",
                          "meas tran cimpvt_tf trig v(n2) val=\(v / 2) rise=1 targ v(n3) val=\(v / 2) fall=1",
                          "meas tran cimpvt_tr trig v(n2) val=\(v / 2) fall=1 targ v(n3) val=\(v / 2) rise=1",
                          "echo cimpvt_fo4 \(i) \(j) $&cimpvt_tf $&cimpvt_tr", "destroy all"]
            }
        }
        lines += ["quit 0", ".endc", ".end", ""]
        return lines.joined(separator: "\n")
    }
}
