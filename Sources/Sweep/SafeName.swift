/// Names that become folder and file names (a run's `name`, a macro's `name`): ASCII letters, digits
/// and `-_.+`, at most 100 characters, not `.` or `..` (docs/sweep-files.md).
public enum SafeName {
    public static let maxLength = 100

    /// Why `name` is not a safe name, or nil.
    public static func problem(_ name: String) -> String? {
        let shown = printable(name)
        if name.isEmpty { return "the name is empty; allowed: 1 to \(maxLength) of A–Z, a–z, 0–9, '-', '_', '.', '+'" }
        if name == "." || name == ".." { return "'\(name)' is not a usable name (it names a folder itself)" }
        if name.unicodeScalars.count > maxLength { return "'\(shown.prefix(40))…' is \(name.unicodeScalars.count) characters long; allowed at most \(maxLength)" }
        if let bad = name.unicodeScalars.first(where: { !isAllowed($0) }) {
            return "'\(shown)' has the character \(describe(bad)); allowed: A–Z, a–z, 0–9, '-', '_', '.', '+'"
        }
        return nil
    }

    static func isAllowed(_ u: Unicode.Scalar) -> Bool {
        switch u {
        case "A"..."Z", "a"..."z", "0"..."9", "-", "_", ".", "+": true
        default: false
        }
    }

    static func describe(_ u: Unicode.Scalar) -> String {
        u.value < 0x20 || u.value == 0x7f || u.value > 0x7e ? "U+\(String(u.value, radix: 16, uppercase: true).leftPadded(4))" : "'\(u)'"
    }

    /// Control characters shown as \u{..}, so a message never carries terminal escapes.
    public static func printable(_ s: String) -> String {
        s.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
