import Analysis
import Foundation
import Macros
import TOMLKit
import Training
import Variation

/// A parsed, validated sweep file: which corners, how many dies, which seed, which technology.
///
/// A sweep is the set of trials (corner × macro × die); each trial is a pure function of the spec
/// and its id, which is what makes a run reproducible, resumable and splittable.
public struct SweepSpec: Sendable, Hashable {
    /// Run name (`name`; default: the file's stem).
    public var name: String
    /// Master seed of every random stream (`seed`, integer ≥ 0).
    public var seed: UInt64
    /// Dies drawn per process corner (`dies`, 1…100000); with adaptive die counts, `max_dies`: the
    /// die indices a cell may reach (trial ids leave room for all of them).
    public var diesPerCorner: Int
    /// Adaptive die counts (`[yield] target_half_width`, `min_dies`, `max_dies`), or nil for `dies` per cell.
    public var adaptiveDies: AdaptiveDieCount?
    /// The expanded corner list, grid first then explicit corners, in file order.
    public var corners: [Corner]
    /// The technology card after `[technology]` overrides.
    public var technology: TechnologyCard
    /// What every die trains (`[workload]`).
    public var workload: WorkloadSpec
    /// The macros compared (`[[macro]]`, in file order; default ``NamedMacro/defaults``).
    public var macros: [NamedMacro]
    /// Pass/fail and interval settings (`[yield]`).
    public var yieldCriterion: YieldCriterion
    /// The text of the `technology_file` the card was read from (nil without one). A run folder keeps a
    /// copy (`technology.toml`) so it stays readable when the original moves. Not part of the spec
    /// hash: the card it gives is.
    public var technologyFileText: String?

    public init(name: String, seed: UInt64, diesPerCorner: Int, corners: [Corner], technology: TechnologyCard,
                workload: WorkloadSpec = WorkloadSpec(), macros: [NamedMacro] = NamedMacro.defaults,
                yieldCriterion: YieldCriterion = YieldCriterion(), adaptiveDies: AdaptiveDieCount? = nil)
    {
        self.adaptiveDies = adaptiveDies
        self.name = name
        self.seed = seed
        self.diesPerCorner = diesPerCorner
        self.corners = corners
        self.technology = technology
        self.workload = workload
        self.macros = macros
        self.yieldCriterion = yieldCriterion
    }

    /// Trial ids of the whole sweep: corners × macros × dies (× `max_dies` with adaptive die counts,
    /// of which the rounds plan a part: ``AdaptivePlan``).
    public var trialCount: Int { corners.count * macros.count * diesPerCorner }

    /// Allowed VDD range, V: [0.3, 1.5] (deep subthreshold below that is outside what the device model is for).
    public static let vddRange: ClosedRange<Double> = 0.3...1.5
    /// Allowed temperature range, °C.
    public static let temperatureRange: ClosedRange<Double> = -55...150
    /// Top-level keys a sweep file may hold.
    /// The most trials a sweep file may describe (a run of it is further bounded by `--max-trials`).
    public static let maxTrials = 1_000_000_000

    public static let topLevelKeys = ["name", "seed", "dies", "corners", "corner", "technology", "technology_file", "workload", "macro", "yield"]
}

/// Reading sweep files (TOML). See `docs/sweep-files.md` for the format.
public enum SweepFile {
    /// Loads and validates a sweep file.
    public static func load(path: String) throws -> SweepSpec {
        let text = try SweepFileText.read(path: path, what: "a sweep file")
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try parse(text, file: path, defaultName: stem)
    }

    /// Parses and validates sweep-file text; `file` names it in error messages. Relative paths of a
    /// `[workload] dataset` resolve against `dataDirectory`, by default the folder of `file`.
    /// `technologyFile`, when given, is read for a `technology_file` key whatever path the key names (a
    /// run folder's copy of its sweep file reads the folder's `technology.toml`).
    public static func parse(_ text: String, file: String, defaultName: String = "sweep", dataDirectory: String? = nil,
                             technologyFile: String? = nil) throws -> SweepSpec {
        try SweepFileText.check(text, file: file)  // before the TOML library sees the text (NUL, control characters, headers it aborts on)
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw SpecError(file: file, key: "", "not valid TOML at line \(e.source.begin.line), column \(e.source.begin.column): \(e.description)")
        }
        try SweepSchema.check(root, file: file)
        var r = TableReader(root, file: file, path: "")
        // Each part of the file is read on its own, so one message lists the first problem of every part.
        var problems = [SpecError]()
        func attempt<T>(_ fallback: T, _ body: () throws -> T) throws -> T {
            do { return try body() } catch let e as SpecError { problems.append(e); return fallback }
        }
        let hasName = r.has("name")
        let name = try attempt(defaultName) {
            let name = try r.string("name", default: defaultName)
            if let problem = SafeName.problem(name) {
                throw r.error("name", "\(problem)\(hasName ? "" : " (taken from the file name: set name = \"...\")")")
            }
            return name
        }
        let seed = try attempt(0) { try r.int("seed", range: 0...Int.max) }
        var adaptive: AdaptiveDieCount? = nil, adaptiveAsked = false
        let criterion = try attempt(YieldCriterion()) {
            var criterion = YieldCriterion()
            if var t = try r.table("yield") {
                criterion.maxDegradationPP = try t.double("max_degradation_pp", default: criterion.maxDegradationPP, range: 0...100, unit: "pp")
                criterion.confidence = try t.double("confidence", default: criterion.confidence, range: 0.5...0.9999)
                criterion.interval = BinomialInterval.Method(rawValue: try t.string(
                    "interval", default: criterion.interval.rawValue, allowed: BinomialInterval.Method.allCases.map(\.rawValue)))!
                criterion.noiseRuns = try t.int("noise_runs", default: criterion.noiseRuns, range: 0...1000)
                criterion.relativeToNoise = try t.bool("relative_to_noise", default: criterion.relativeToNoise)
                if criterion.relativeToNoise && criterion.noiseRuns < 2 {
                    throw t.error("relative_to_noise", "needs noise_runs ≥ 2 (a band needs a spread); noise_runs is \(criterion.noiseRuns)")
                }
                adaptiveAsked = t.has("target_half_width")
                adaptive = try Self.adaptiveDieCount(&t, dies: r.has("dies"))
                try t.finish(allowed: SweepSchema.yieldKeys)
            }
            return criterion
        }
        let dies = try attempt(1) {
            if let adaptive { return adaptive.maxDies }
            if adaptiveAsked && !r.has("dies") { return 1 }  // the [yield] problem is reported already
            return try r.int("dies", range: 1...100_000)
        }
        var technologyText: String? = nil
        let card = try attempt(TechnologyCard()) {
            var base = TechnologyCard()
            if r.has("technology_file") {
                let given = try r.string("technology_file")
                let folder = dataDirectory ?? WorkloadTable.folder(of: file)
                let path = technologyFile ?? (given.hasPrefix("/") ? given : URL(fileURLWithPath: folder).appendingPathComponent(given).path)
                do { (base, technologyText) = try TechnologyFile.read(path: path) } catch let e as SpecError {
                    throw r.error("technology_file", e.description)
                }
            }
            if var t = try r.table("technology") { return try TechnologyOverrides.read(&t, base: base) }
            return base
        }
        let corners = try attempt([Corner]()) { try CornerGrid.read(&r) }
        let workload = try attempt(WorkloadSpec()) {
            if var t = try r.table("workload") {
                return try WorkloadTable.read(&t, dataDirectory: dataDirectory ?? WorkloadTable.folder(of: file))
            }
            return WorkloadSpec()
        }
        var macros = NamedMacro.defaults
        if let tables = try attempt(nil, { try r.tables("macro") }) {
            if tables.isEmpty { problems.append(r.error("macro", "an empty list; give at least one [[macro]] with a kind")) }
            let read = try tables.map { t in try attempt([NamedMacro]()) { var t = t; return try NamedMacro.read(&t) } }
            var seen = Set<String>()
            for (i, group) in read.enumerated() { for m in group where !seen.insert(m.name).inserted {
                problems.append(SpecError(file: file, key: "macro[\(i)].name", "'\(m.name)' is used by another [[macro]]; names must be unique"))
            } }
            macros = read.flatMap { $0 }
        }
        _ = try attempt(()) { try r.finish(allowed: SweepSpec.topLevelKeys) }
        if let first = problems.first {
            let others = problems.dropFirst().map { $0.key.isEmpty ? $0.message : "key '\($0.key)': \($0.message)" }
            throw SpecError(file: file, key: first.key, first.message + (others.isEmpty ? "" : "; also " + others.joined(separator: "; also ")))
        }
        let trials = corners.count.multipliedReportingOverflow(by: macros.count)
        let total = trials.partialValue.multipliedReportingOverflow(by: dies)
        guard !trials.overflow, !total.overflow, total.partialValue <= SweepSpec.maxTrials else {
            throw SpecError(file: file, key: "", "\(corners.count) corners × \(macros.count) macros × \(dies) dies is more than \(SweepSpec.maxTrials) trials, the most a sweep file may describe")
        }
        var spec = SweepSpec(name: name, seed: UInt64(seed), diesPerCorner: dies, corners: corners, technology: card,
                             workload: workload, macros: macros, yieldCriterion: criterion, adaptiveDies: adaptive)
        spec.technologyFileText = technologyText
        return spec
    }

    /// `target_half_width`, `min_dies`, `max_dies` of a `[yield]` table (nil without a target); `dies`
    /// is whether the file also gives a fixed `dies`.
    static func adaptiveDieCount(_ t: inout TableReader, dies: Bool) throws -> AdaptiveDieCount? {
        guard t.has("target_half_width") else {
            for k in ["min_dies", "max_dies"] where t.has(k) {
                throw t.error(k, "only applies with adaptive die counts; give target_half_width (0 < h < 0.5) too, or drop \(k) and use dies")
            }
            return nil
        }
        let h = try t.double("target_half_width", range: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
        guard h > 0 && h < 0.5 else {
            throw t.error("target_half_width", "\(h) is out of range; allowed (0, 0.5) — a yield interval's half-width, strictly between 0 and 0.5")
        }
        let lo = try t.int("min_dies", default: AdaptiveDieCount.defaultMinDies, range: 1...100_000)
        let hi = try t.int("max_dies", default: max(lo, AdaptiveDieCount.defaultMaxDies), range: 1...100_000)
        guard lo <= hi else { throw t.error("min_dies", "is \(lo), above max_dies = \(hi); need 1 ≤ min_dies ≤ max_dies ≤ 100000") }
        if dies {
            throw SpecError(file: t.file, key: "dies", "fixes the dies per corner, but [yield] sets target_half_width (adaptive die counts); remove dies and bound the count with [yield] min_dies / max_dies")
        }
        return AdaptiveDieCount(targetHalfWidth: h, minDies: lo, maxDies: hi)
    }
}
