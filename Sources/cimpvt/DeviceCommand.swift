import ArgumentParser
import Foundation
import Variation

/// Options naming one PVT corner.
struct CornerOptions: ParsableArguments {
    @Option(help: "Process corner: TT, FF, SS, FS (n fast, p slow), SF, or POP (a die of the population, with its own global draw; not for `device`, which shows a corner's centre).")
    var process: String = "TT"

    @Option(help: "Supply voltage in V, [0.3, 1.5].")
    var vdd: Double = 0.9

    @Option(parsing: .unconditional, help: ArgumentHelp("Temperature in °C, [-55, 150]; negative values as --temp -40.", valueName: "°C"))
    var temp: Double = 27

    func corner() throws -> Corner {
        guard let p = ProcessCorner(name: process) else {
            throw ValidationError("--process '\(process)' is not a process corner; allowed: TT, FF, SS, FS, SF, POP")
        }
        guard vdd >= 0.3, vdd <= 1.5 else { throw ValidationError("--vdd \(vdd) is out of range; allowed [0.3, 1.5] V") }
        guard (-55...150).contains(temp) else {
            throw ValidationError("--temp \(temp) is out of range; allowed [-55, 150] °C")
        }
        return Corner(process: p, vdd: vdd, temperatureC: temp)
    }
}

/// `cimpvt device`: threshold, on-current and delay of the corner's devices.
struct DeviceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "device",
        abstract: "Threshold, on-current and gate delay of n and p logic devices at a PVT corner.",
        discussion: "Uses the corner's centre (no die residual, no local mismatch) and the built-in 28 nm-class technology card (or --technology FILE). ion_rel and delay_rel are relative to the same device at TT and the card's nominal VDD and temperature (0.9 V / 27 °C built in). Model: alpha-power law joined smoothly to the subthreshold exponential (docs/models.md)."
    )

    @OptionGroup var corner: CornerOptions
    @OptionGroup var technology: TechnologyOptions

    @Flag(help: "Print CSV with columns type,vth_v,ion_rel,delay_rel.")
    var csv = false

    func run() throws {
        let c = try corner.corner()
        guard c.process != .population else {
            throw ValidationError("--process POP has no centre to characterise; allowed: TT, FF, SS, FS, SF (sample population dies with `cimpvt sample --process POP`)")
        }
        let card = try technology.card()
        let rows = DeviceCharacterisation.characterise(process: c.process, at: c.operatingPoint, card: card)
        if csv {
            emit("type,vth_v,ion_rel,delay_rel")
            for r in rows { emit("\(r.type.rawValue),\(fmt(r.vth, 4)),\(fmt(r.ionRelative, 4)),\(fmt(r.delayRelative, 4))") }
            return
        }
        let nominal = "\(DeviceGeometry.trim(card.vddNominal)) V / \(DeviceGeometry.trim(card.tNominalC)) °C"
        emit("devices at \(c) (logic W/L \(card.logicDevice) nm), relative to TT / \(nominal)")
        emit("type  |Vth| (V)  Ion (rel)  delay (rel)")
        for r in rows {
            emit(pad(r.type.rawValue, 4) + "  " + pad(fmt(r.vth, 4), 8) + "  " + pad(fmt(r.ionRelative, 4), 9)
                + "  " + pad(fmt(r.delayRelative, 4), 11))
        }
    }
}

/// Fixed-point formatting with `digits` decimals.
func fmt(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
