import Foundation

/// Mutated sweep files for fuzzing the validator (a test in the suite and `scripts/fuzz-sweep-files.sh`):
/// a seeded stream of one to four edits of a valid file — characters inserted, deleted or replaced
/// (control characters, NUL escapes, non-ASCII), lines duplicated or dropped, values swapped for
/// extremes (±1e308, NaN, inf, 2^63 − 1, −1, 0, huge grids), for strings, arrays or tables, keys
/// misspelt. Deterministic: the same seed gives the same files.
public struct SweepFileMutator {
    public static let base = """
        name = "fuzz"
        seed = 7
        dies = 2
        [corners]
        process = ["TT", "SS"]
        vdd = [0.7, 0.9]
        temperature = [-40, 27]
        [[corner]]
        process = "FS"
        vdd = 0.6
        temperature = 125
        [workload]
        name = "digits"
        epochs = 2
        batch = 32
        learning_rate = 0.05
        widths = [64, 32, 10]
        [[macro]]
        name = "a"
        kind = "analog"
        adc_bits = 7
        calibration = "die"
        [[macro]]
        name = "d"
        kind = "digital"
        format = "bf16"
        clock = "fixed"
        frequency_mhz = [100, 200]
        [[macro]]
        name = "i"
        kind = "ideal"
        [technology]
        a_vt_n = 2.5
        logic = "120/30"
        [yield]
        max_degradation_pp = 1.0
        confidence = 0.95
        """

    private var state: UInt64

    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    /// SplitMix64.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func pick<T>(_ a: [T]) -> T { a[Int(next() % UInt64(a.count))] }

    static let values = ["1e308", "-1e308", "nan", "inf", "-inf", "0", "-1", "9223372036854775807", "-9223372036854775808",
                         "1e-300", "\"\"", "\"x\"", "[]", "[1, 2]", "{}", "{a = 1}", "true", "0.5", "100000", "\"TT\\u0000junk\"",
                         "\"\\u001b[31mred\"", "\"..\"", "\"ok\\u0000evil\"", "[\"TT\", \"ZZ\"]", "[0.3, 1.5, 0.0]",
                         "[" + Array(repeating: "27", count: 50).joined(separator: ", ") + "]", "\"\(String(repeating: "n", count: 300))\""]
    static let fragments = ["\u{0}", "\u{1b}", "\t", "=", "[", "]", "\"", "#", "é", "\u{7f}", ",", ".", "\n[[macro]]\n", "\n[sweep]\n",
                            "\nkind = \"analog\"\n", "\ndie = 8\n", "\\u0000"]

    /// The next mutated file.
    public mutating func nextFile() -> String {
        var lines = Self.base.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for _ in 0...(next() % 4) {
            let i = Int(next() % UInt64(lines.count))
            switch next() % 8 {
            case 0:  // a value replaced
                if let eq = lines[i].firstIndex(of: "=") { lines[i] = String(lines[i][...eq]) + " " + pick(Self.values) }
            case 1:  // a line dropped
                lines.remove(at: i)
                if lines.isEmpty { lines = [""] }
            case 2:  // a line duplicated
                lines.insert(lines[i], at: i)
            case 3:  // a fragment inserted at a random column
                var chars = Array(lines[i])
                chars.insert(contentsOf: pick(Self.fragments), at: Int(next() % UInt64(chars.count + 1)))
                lines[i] = String(chars)
            case 4:  // a character deleted
                var chars = Array(lines[i])
                if !chars.isEmpty { chars.remove(at: Int(next() % UInt64(chars.count))) }
                lines[i] = String(chars)
            case 5:  // a key misspelt
                if let eq = lines[i].firstIndex(of: "=") {
                    let key = lines[i][..<eq].trimmingCharacters(in: .whitespaces)
                    lines[i] = String(key.dropLast()) + " " + lines[i][eq...]
                }
            case 6:  // a number scaled
                lines[i] = lines[i].replacingOccurrences(of: "2", with: pick(["200000", "-2", "2e9", "0.0002"]))
            default:  // a line from elsewhere in the file
                lines[i] = lines[Int(next() % UInt64(lines.count))]
            }
        }
        return lines.joined(separator: "\n")
    }
}
