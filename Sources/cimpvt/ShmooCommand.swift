import ArgumentParser
import Foundation
import Macros
import Report
import Sweep
import Variation

/// `cimpvt shmoo`: the frequency × VDD shmoo of the digital macro at a process corner and temperature.
struct ShmooCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shmoo",
        abstract: "Frequency × VDD shmoo of the digital macro: share of dies whose MAC meets each clock at each supply.",
        discussion: "For each VDD and clock frequency: the share of --dies dies (0 ..< dies of the process corner for --seed; die k's MAC is the instance `cimpvt mac --die k` builds) whose 64×64 MAC has no path slower than the clock at --temp, and the mean relative RMS MAC error of 64 random dot products on the dies that fail (timing errors included). Ranges are START:STOP:STEP (inclusive) or comma-separated lists. Output: a text table (rows: frequency, fastest on top; columns: VDD; cells: pass share in %), or --csv, --json, --svg FILE."
    )

    @OptionGroup var technology: TechnologyOptions
    @Option(help: "Process corner: TT, FF, SS, FS, SF, or POP (dies of the population, each with its own global draw).") var process: String = "SS"
    @Option(parsing: .unconditional, help: ArgumentHelp("Temperature in °C, [-55, 150]; negative values as --temp -40.", valueName: "°C"))
    var temp: Double = -40
    @Option(parsing: .unconditional, help: "Supply voltages in V, START:STOP:STEP or a list, each in [0.3, 1.5].") var vdd: String = "0.55:1.0:0.05"
    @Option(parsing: .unconditional, help: "Clock frequencies in MHz, START:STOP:STEP or a list, each in (0, 10000].") var frequencyMhz: String = "50:1000:50"
    @Option(help: "Dies of the corner [1, 100000].") var dies: Int = 50
    @Option(help: "Number format: int4, int8, fp8-e4m3, fp8-e5m2, bf16.") var format: String = "bf16"
    @Option(help: "MAC mode: accurate or approximate.") var mode: String = "accurate"
    @Option(help: "Master seed.") var seed: UInt64 = 1
    @Option(help: "Threads (default: all cores).") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "Print CSV (vdd_v, frequency_mhz, dies, passing, pass_share, failing_mac_rel_rms).") var csv = false
    @Flag(help: "Print JSON.") var json = false
    @Option(help: "Also write the map as an SVG file.") var svg: String?

    func run() throws {
        try checkSeed(seed)
        guard let p = ProcessCorner(name: process) else {
            throw ValidationError("--process '\(process)' is not a process corner; allowed: TT, FF, SS, FS, SF, POP")
        }
        guard (-55...150).contains(temp) else { throw ValidationError("--temp \(temp) is out of range; allowed [-55, 150] °C") }
        let v = try Self.range(vdd, flag: "--vdd", unit: "V", within: 0.3...1.5, lowClosed: true)
        let f = try Self.range(frequencyMhz, flag: "--frequency-mhz", unit: "MHz", within: 0...10_000)
        guard v.count * f.count <= FrequencyShmoo.maxCells else {
            throw ValidationError("the grid has \(v.count) × \(f.count) = \(v.count * f.count) cells; allowed at most \(FrequencyShmoo.maxCells)")
        }
        guard (1...100_000).contains(dies) else { throw ValidationError("--dies \(dies) is out of range; allowed [1, 100000]") }
        guard jobs >= 1 else { throw ValidationError("--jobs \(jobs) is out of range; allowed ≥ 1") }
        var config = DigitalMacroConfig()
        guard let fm = NumberFormat(rawValue: format), fm != .fp32 else {
            throw ValidationError("--format '\(format)' is not allowed; allowed: int4, int8, fp8-e4m3, fp8-e5m2, bf16")
        }
        guard let md = MACMode(rawValue: mode) else { throw ValidationError("--mode '\(mode)' is not allowed; allowed: accurate, approximate") }
        config.format = fm
        config.mode = md
        config.clock = .fixed(frequencyMHz: f[0])
        if let (key, message) = config.validationProblem() { throw ValidationError("--\(key.replacingOccurrences(of: "_", with: "-")): \(message)") }
        let s = try FrequencyShmoo.run(process: p, temperatureC: temp, vdds: v, frequenciesMHz: f, dies: dies, seed: seed,
                                       config: config, card: try technology.card(), jobs: jobs)
        if let svg {
            let map = ShmooMap(title: "\(format) \(mode) MAC at \(p.rawValue) / \(formatCelsius(temp)) °C: share of \(dies) dies meeting the clock",
                               vdds: s.vdds, rows: s.frequenciesMHz, rowUnit: "MHz",
                               cells: s.cells.map { ShmooMap.Cell(vdd: $0.vdd, row: $0.frequencyMHz, shade: $0.passShare,
                                                                  lines: [ShmooMap.label($0.passShare, passYield: 1)],
                                                                  tooltip: "\($0.passing)/\($0.dies) dies meet \($0.frequencyMHz) MHz at \($0.vdd) V") },
                               colourBar: .init(caption: "dies passing", ticks: [(1, "100%"), (0.5, "50%"), (0, "0%")]))
            try map.svg.write(toFile: svg, atomically: true, encoding: .utf8)
        }
        if csv { emitRaw(s.csv); return }
        if json { emit(s.json); return }
        emit("\(format) \(mode) MAC, \(p.rawValue) / \(formatCelsius(temp)) °C, \(dies) dies: % of dies with no path slower than the clock")
        let header = "MHz \\ V " + s.vdds.map { String(format: "%6.2f", $0) }.joined()
        emit(header)
        for j in s.frequenciesMHz.indices.reversed() {
            emit(String(format: "%7.0f ", s.frequenciesMHz[j]) + s.vdds.indices.map { String(format: "%6.0f", 100 * s.cell(vdd: $0, frequency: j).passShare) }.joined())
        }
    }

    /// START:STOP:STEP (inclusive, STEP > 0, at most 10000 values) or a comma-separated list, each value in (lo, hi].
    private static func short(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : "\(x)" }

    static func range(_ text: String, flag: String, unit: String, within r: ClosedRange<Double>, lowClosed: Bool = false) throws -> [Double] {
        let bad = ValidationError("\(flag) '\(SafeName.printable(text))' is not START:STOP:STEP or a comma-separated list of numbers in \(lowClosed ? "[" : "(")\(short(r.lowerBound)), \(short(r.upperBound))] \(unit)")
        var values: [Double]
        let colon = text.split(separator: ":", omittingEmptySubsequences: false)
        if colon.count == 3 {
            guard let a = Double(colon[0]), let b = Double(colon[1]), let step = Double(colon[2]), a.isFinite, b.isFinite, step.isFinite,
                  step > 0, b >= a, (b - a) / step < 10_000 else { throw bad }
            let n = Int(((b - a) / step + 1e-9).rounded(.down))
            values = (0...n).map { ((a + Double($0) * step) * 1e6).rounded() / 1e6 }
        } else if colon.count == 1 {
            let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.allSatisfy({ Double($0.trimmingCharacters(in: .whitespaces)) != nil }) else { throw bad }
            values = parts.map { Double($0.trimmingCharacters(in: .whitespaces))! }
        } else { throw bad }
        guard !values.isEmpty, values.allSatisfy({ $0.isFinite && ($0 > r.lowerBound || (lowClosed && $0 == r.lowerBound)) && $0 <= r.upperBound }) else { throw bad }
        guard Set(values).count == values.count else { throw ValidationError("\(flag) '\(text)' repeats a value") }
        return values.sorted()
    }
}
