import Foundation
import TOMLKit
import Variation

/// A technology file: a TOML file holding one `[technology]` table with the keys of a sweep file's
/// `[technology]` (docs/sweep-files.md) — what `cimpvt calibrate` writes. Keys it leaves out keep the
/// built-in card's values. A sweep file names it with `technology_file`; every device-level command
/// takes it with `--technology FILE`.
public enum TechnologyFile {
    /// The card the file describes; a ``SpecError`` naming the file and key otherwise.
    public static func load(path: String) throws -> TechnologyCard { try read(path: path).card }

    /// The card and the file's text.
    public static func read(path: String) throws -> (card: TechnologyCard, text: String) {
        let text = try SweepFileText.read(path: path, what: "a technology file")
        try SweepFileText.check(text, file: path)
        let root: TOMLTable
        do { root = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw SpecError(file: path, key: "", "not valid TOML at line \(e.source.begin.line), column \(e.source.begin.column): \(e.description)")
        }
        for k in root.keys.sorted() where k != "technology" {
            throw SpecError(file: path, key: k, "a technology file holds only a [technology] table")
        }
        var r = TableReader(root, file: path, path: "")
        guard var t = try r.table("technology") else {
            throw SpecError(file: path, key: "technology", "missing: a technology file holds a [technology] table")
        }
        return (try TechnologyOverrides.read(&t), text)
    }
}
