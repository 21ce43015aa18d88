import TOMLKit

/// Reads one TOML table of a sweep file with strict checking: every value's type and range is
/// verified, and ``finish()`` rejects any key that was never read (a misspelt key is an error, not a
/// silent default).
struct TableReader {
    let table: TOMLTable
    let file: String
    let path: String
    private var used = Set<String>()

    init(_ table: TOMLTable, file: String, path: String) {
        self.table = table
        self.file = file
        self.path = path
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func error(_ key: String, _ message: String) -> SpecError { SpecError(file: file, key: keyPath(key), message) }

    func has(_ key: String) -> Bool { table[key] != nil }

    mutating func value(_ key: String) -> TOMLValueConvertible? {
        used.insert(key)
        return table[key]
    }

    static func typeName(_ v: TOMLValueConvertible) -> String { v.type.description }

    static func number(_ v: TOMLValueConvertible) -> Double? {
        if let d = v.double { return d }
        if let i = v.int { return Double(i) }
        return nil
    }

    /// A real number in [lo, hi] (either bound may be open).
    mutating func double(_ key: String, default def: Double? = nil, range: ClosedRange<Double>,
                         lowOpen: Bool = false, unit: String = "") throws -> Double
    {
        guard let v = value(key) else {
            if let def { return def }
            throw error(key, "missing; required, a number in \(Self.describe(range, lowOpen: lowOpen, unit: unit))")
        }
        guard let x = Self.number(v) else {
            throw error(key, "expected a number, found \(Self.typeName(v))")
        }
        try Self.check(x, range: range, lowOpen: lowOpen, unit: unit) { error(key, $0) }
        return x
    }

    static func describe(_ r: ClosedRange<Double>, lowOpen: Bool, unit: String) -> String {
        let u = unit.isEmpty ? "" : " \(unit)"
        return "\(lowOpen ? "(" : "[")\(shortNumber(r.lowerBound)), \(shortNumber(r.upperBound))]\(u)"
    }

    static func shortNumber(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    }

    static func check(_ x: Double, range: ClosedRange<Double>, lowOpen: Bool, unit: String,
                      fail: (String) -> SpecError) throws
    {
        let ok = x.isFinite && range.contains(x) && !(lowOpen && x == range.lowerBound)
        if !ok {
            throw fail("\(shortNumber(x)) is out of range; allowed \(describe(range, lowOpen: lowOpen, unit: unit))")
        }
    }

    /// An integer in a range.
    mutating func int(_ key: String, default def: Int? = nil, range: ClosedRange<Int>) throws -> Int {
        guard let v = value(key) else {
            if let def { return def }
            throw error(key, "missing; required, an integer in [\(range.lowerBound), \(range.upperBound)]")
        }
        guard let i = v.int else { throw error(key, "expected an integer, found \(Self.typeName(v))") }
        guard range.contains(i) else {
            throw error(key, "\(i) is out of range; allowed [\(range.lowerBound), \(range.upperBound)]")
        }
        return i
    }

    /// A string, optionally one of a fixed set.
    mutating func string(_ key: String, default def: String? = nil, allowed: [String]? = nil) throws -> String {
        guard let v = value(key) else {
            if let def { return def }
            let what = allowed.map { "one of " + $0.joined(separator: ", ") } ?? "a string"
            throw error(key, "missing; required, \(what)")
        }
        guard let s = v.string else { throw error(key, "expected a string, found \(Self.typeName(v))") }
        if let allowed, !allowed.contains(s) {
            throw error(key, "'\(s)' is not allowed; allowed: \(allowed.joined(separator: ", "))")
        }
        return s
    }

    /// A boolean.
    mutating func bool(_ key: String, default def: Bool) throws -> Bool {
        guard let v = value(key) else { return def }
        guard let b = v.bool else { throw error(key, "expected true or false, found \(Self.typeName(v))") }
        return b
    }

    /// An array whose elements are read by `element` (given the element and its key path).
    mutating func array<T>(_ key: String, element: (TOMLValueConvertible, String) throws -> T) throws -> [T]? {
        guard let v = value(key) else { return nil }
        guard let a = v.array else { throw error(key, "expected an array, found \(Self.typeName(v))") }
        return try a.enumerated().map { try element($0.element, "\(keyPath(key))[\($0.offset)]") }
    }

    /// A sub-table.
    mutating func table(_ key: String) throws -> TableReader? {
        guard let v = value(key) else { return nil }
        guard let t = v.table else { throw error(key, "expected a table, found \(Self.typeName(v))") }
        return TableReader(t, file: file, path: keyPath(key))
    }

    /// An array of tables (`[[key]]`).
    mutating func tables(_ key: String) throws -> [TableReader]? {
        guard let v = value(key) else { return nil }
        guard let a = v.array else { throw error(key, "expected an array of tables ([[\(key)]]), found \(Self.typeName(v))") }
        return try a.enumerated().map { i, e in
            guard let t = e.table else {
                throw SpecError(file: file, key: "\(keyPath(key))[\(i)]", "expected a table, found \(Self.typeName(e))")
            }
            return TableReader(t, file: file, path: "\(keyPath(key))[\(i)]")
        }
    }

    /// Rejects keys that were never read, naming the allowed ones.
    func finish(allowed: [String]) throws {
        for k in table.keys.sorted() where !used.contains(k) {
            let guess = SweepSchema.suggestion(for: k, among: allowed).map { " — did you mean '\($0)'?" } ?? ""
            throw error(k, "unknown key\(guess); allowed keys here: \(allowed.joined(separator: ", "))")
        }
    }
}
