import TOMLKit

/// The keys each table of a sweep file may hold, checked before any value is read, so a misspelt key
/// is reported first ("unknown key 'die' — did you mean 'dies'?") and every misspelt key of a file in
/// one message.
enum SweepSchema {
    static let cornerKeys = ["process", "vdd", "temperature"]
    static let yieldKeys = ["max_degradation_pp", "confidence", "interval", "noise_runs", "relative_to_noise",
                            "target_half_width", "min_dies", "max_dies"]
    static let macroKeys = NamedMacro.commonKeys + NamedMacro.digitalKeys + NamedMacro.analogKeys

    /// Throws one ``SpecError`` listing every unknown key or table of the file (keyed by the first).
    static func check(_ root: TOMLTable, file: String) throws {
        var unknown = [(path: String, key: String, allowed: [String])]()
        func scan(_ t: TOMLTable, path: String, allowed: [String]) {
            for k in t.keys.sorted() where !allowed.contains(k) {
                unknown.append((path.isEmpty ? k : "\(path).\(k)", k, allowed))
            }
        }
        scan(root, path: "", allowed: SweepSpec.topLevelKeys)
        let sub: [(String, [String])] = [("corners", ["sampling"] + cornerKeys), ("technology", TechnologyOverrides.allKeys),
                                         ("workload", WorkloadTable.keys), ("yield", yieldKeys)]
        for (name, keys) in sub { if let t = root[name]?.table { scan(t, path: name, allowed: keys) } }
        for (name, keys) in [("corner", cornerKeys), ("macro", macroKeys)] {
            if let a = root[name]?.array {
                for (i, e) in a.enumerated() { if let t = e.table { scan(t, path: "\(name)[\(i)]", allowed: keys) } }
            }
        }
        guard let first = unknown.first else { return }
        let described = unknown.map { u -> String in
            let guess = suggestion(for: u.key, among: u.allowed)
            return "'\(u.path)'" + (guess.map { " — did you mean '\($0)'?" } ?? " (allowed here: \(u.allowed.joined(separator: ", ")))")
        }
        throw SpecError(file: file, key: first.path, "unknown key" + (unknown.count > 1 ? "s: " : ": ") + described.joined(separator: "; "))
    }

    /// The allowed key nearest to `key` by edit distance, when it is close (≤ 1 edit per 3 characters, at least 1).
    static func suggestion(for key: String, among allowed: [String]) -> String? {
        let scored = allowed.map { ($0, editDistance(key.lowercased(), $0)) }.min { $0.1 < $1.1 }
        guard let (best, d) = scored, d <= max(1, key.count / 3) else { return nil }
        return best
    }

    /// Levenshtein distance (insertions, deletions, substitutions).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        var previous = Array(0...y.count)
        for i in 1...max(x.count, 1) where !x.isEmpty {
            var current = [i] + [Int](repeating: 0, count: y.count)
            for j in 1...max(y.count, 1) where !y.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return x.isEmpty ? y.count : previous[y.count]
    }
}
