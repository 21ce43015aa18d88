import Foundation

/// Checks of a sweep file's raw text before TOML parsing: characters a TOML library would cut a string
/// at (NUL) or that would reach a terminal or a file name (control characters), raw or as escapes.
enum SweepFileText {
    /// The text of a TOML input file (a sweep file, a technology file): a regular file of at most
    /// 16 MiB of UTF-8, or a ``SpecError`` saying which of these it is not.
    static func read(path: String, what: String) throws -> String {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw SpecError(file: path, key: "", "cannot read the file: \(String(cString: strerror(errno)))")
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw SpecError(file: path, key: "", "is not a regular file (a folder, device or pipe); give \(what) (TOML)")
        }
        guard st.st_size <= 16 << 20 else { throw SpecError(file: path, key: "", "is \(st.st_size) bytes; \(what) may be at most 16 MiB") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SpecError(file: path, key: "", "cannot read the file: \(String(cString: strerror(errno)))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let (line, column) = firstInvalidUTF8(data)
            throw SpecError(file: path, key: "", "is not UTF-8 text: invalid byte at line \(line), column \(column)")
        }
        return text
    }

    /// A table header (`[`, `[[` at the start of a line outside any value) must open with a key: the
    /// TOML library (toml++ 3) asserts, and aborts the process, on headers such as `[[[`, `[[=` or a
    /// lone `[` before its own error check (fixed upstream in toml++ PR #301), so such lines are
    /// refused here first.
    static func checkTableHeaders(_ text: String, file: String) throws {
        var depth = 0  // brackets open in a value that spans lines
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if depth == 0, trimmed.first == "[" {
                var rest = trimmed.dropFirst()
                if rest.first == "[" { rest = rest.dropFirst() }
                rest = rest.drop { $0 == " " || $0 == "\t" }
                guard let c = rest.unicodeScalars.first, c == "\"" || c == "'" || SafeName.isAllowed(c) && c != "." && c != "+" else {
                    throw SpecError(file: file, key: "", "line \(n + 1) is not a table header: '[' or '[[' must be followed by a key, as in [corners] or [[macro]]")
                }
                continue
            }
            // brackets of a value, outside strings and comments
            var quote: Character? = nil
            for ch in line {
                if let q = quote { if ch == q { quote = nil }; continue }
                if ch == "\"" || ch == "'" { quote = ch } else if ch == "#" { break }
                else if ch == "[" { depth += 1 } else if ch == "]" { depth = max(0, depth - 1) }
            }
        }
    }

    /// Line and column (1-based, in bytes) of the first byte that breaks UTF-8.
    static func firstInvalidUTF8(_ data: Data) -> (line: Int, column: Int) {
        let bytes = [UInt8](data)
        var i = 0, line = 1, lineStart = 0
        while i < bytes.count {
            let b = bytes[i]
            let length = b < 0x80 ? 1 : b >> 5 == 0x6 ? 2 : b >> 4 == 0xE ? 3 : b >> 3 == 0x1E ? 4 : 0
            var ok = length > 0 && i + length <= bytes.count
            if ok { for k in 1..<max(length, 1) where bytes[i + k] >> 6 != 0x2 { ok = false } }
            if ok, length > 1, String(bytes: bytes[i..<(i + length)], encoding: .utf8) == nil { ok = false }  // overlong, surrogate
            if !ok { return (line, i - lineStart + 1) }
            if b == 0x0A { line += 1; lineStart = i + 1 }
            i += length
        }
        return (line, i - lineStart + 1)
    }

    /// Throws a ``SpecError`` naming the line and key of the first control character (raw, or a
    /// `\u0000`–`\u001F`, `\u007F` or `\U000000xx` escape); tab, LF and CR are allowed raw.
    static func check(_ text: String, file: String) throws {
        try checkTableHeaders(text, file: file)
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var what: String?
            if let bad = line.unicodeScalars.first(where: { ($0.value < 0x20 && $0 != "\t" && $0 != "\r") || $0.value == 0x7f }) {
                what = "the control character U+\(String(bad.value, radix: 16, uppercase: true).leftPadded(4))"
            } else if let r = line.range(of: #"\\(u00[01][0-9A-Fa-f]|u007[Ff]|U000000[01][0-9A-Fa-f]|U0000007[Ff])"#, options: .regularExpression) {
                what = "the escape \(line[r]) (a control character)"
            }
            if let what {
                let key = line.split(separator: "=", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                let keyOK = !key.isEmpty && key.unicodeScalars.allSatisfy { SafeName.isAllowed($0) }
                throw SpecError(file: file, key: keyOK && line.contains("=") ? key : "",
                                "line \(n + 1) holds \(what); control characters (NUL, escapes, …) are not allowed in a sweep file")
            }
        }
    }
}
