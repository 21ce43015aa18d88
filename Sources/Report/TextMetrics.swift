import Foundation

/// How wide a line of chart text is, in user units (px), without a font engine: the layout rule every
/// chart sizes itself by, and the one the report's tests hold every label to (docs/reports.md, "Layout").
///
/// Advance widths per character class, in em, at or above those of DejaVu Sans (the sans-serif that
/// Debian's Chromium renders; Arial and Helvetica are narrower, so text laid out by this table fits
/// with them too):
///
///     space 0.32 · narrow (i j l . , : ; ' ! | I) 0.32 · f t r ( ) [ ] - 0.42 · digits 0.64
///     lowercase 0.62 · uppercase 0.72 · wide (m w M W % @) 0.92 · anything else (°, −, µ, …) 0.75
public enum TextMetrics {
    static let narrow = Set("ijl.,:;'!|I")
    static let medium = Set("ftr()[]-/")
    static let wide = Set("mwMW%@")

    /// Advance of one character, em.
    public static func advance(_ c: Character) -> Double {
        if c == " " { return 0.32 }
        if narrow.contains(c) { return 0.32 }
        if medium.contains(c) { return 0.42 }
        if wide.contains(c) { return 0.92 }
        if c.isASCII {
            if c.isNumber { return 0.64 }
            if c.isLowercase { return 0.62 }
            if c.isUppercase { return 0.72 }
            return 0.64
        }
        return 0.75
    }

    /// Width of `text` at font size `size` (px), in px; bold text is 8 % wider.
    public static func width(_ text: String, size: Double, bold: Bool = false) -> Double {
        text.reduce(0) { $0 + advance($1) } * size * (bold ? 1.08 : 1)
    }

    /// A legend's entries of widths `widths` (px) flowed into rows that start at `left` and end by
    /// `width`: the indices in each row (an entry wider than the row gets a row of its own).
    public static func flow(_ widths: [Double], left: Double, width: Double) -> [[Int]] {
        var rows = [[Int]](), row = [Int](), x = left
        for (i, w) in widths.enumerated() {
            if x + w > width && !row.isEmpty { rows.append(row); row = []; x = left }
            row.append(i); x += w
        }
        if !row.isEmpty { rows.append(row) }
        return rows
    }

    /// Ascent and descent of a line at `size`, px (the box a label occupies around its baseline).
    public static func ascent(_ size: Double) -> Double { 0.8 * size }
    public static func descent(_ size: Double) -> Double { 0.24 * size }
}
