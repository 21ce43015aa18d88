import Foundation
/// Colours that read in greyscale and for colour-blind readers.
///
/// Sequential data (yield 0…1) use viridis (van der Walt & Smith, matplotlib): luminance rises
/// monotonically from dark purple to yellow, so a greyscale print keeps the order, and it avoids the
/// red–green axis. Categorical series use the Okabe–Ito palette, and every series also has its own
/// marker shape and dash pattern so no meaning rests on hue alone.
public enum ColourScale {
    /// Viridis at 9 evenly spaced stops (sRGB).
    static let viridis: [(Double, Double, Double)] = [
        (68, 1, 84), (71, 45, 123), (59, 82, 139), (44, 114, 142), (33, 145, 140),
        (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37),
    ]

    /// Viridis at t ∈ [0, 1] (linear interpolation between stops), as "#rrggbb".
    public static func sequential(_ t: Double) -> String {
        let x = min(max(t.isFinite ? t : 0, 0), 1) * Double(viridis.count - 1)
        let i = min(Int(x), viridis.count - 2), f = x - Double(i)
        let a = viridis[i], b = viridis[i + 1]
        return hex(a.0 + f * (b.0 - a.0), a.1 + f * (b.1 - a.1), a.2 + f * (b.2 - a.2))
    }

    /// Relative luminance (WCAG) of "#rrggbb", 0…1.
    public static func luminance(_ hexColour: String) -> Double {
        let v = Int(hexColour.dropFirst(), radix: 16) ?? 0
        func lin(_ c: Int) -> Double {
            let s = Double(c) / 255
            return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * lin((v >> 16) & 255) + 0.7152 * lin((v >> 8) & 255) + 0.0722 * lin(v & 255)
    }

    /// Text colour readable on `background`.
    public static func textColour(on background: String) -> String { luminance(background) > 0.35 ? "#111111" : "#ffffff" }

    /// Twelve categorical colours: Okabe–Ito (orange, blue, bluish green, vermillion, sky blue, reddish
    /// purple, yellow, black) then four of Paul Tol's muted scheme (wine, teal, olive, indigo), ordered so
    /// neighbours differ in lightness too.
    public static let categorical = ["#E69F00", "#0072B2", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000",
                                     "#882255", "#44AA99", "#999933", "#332288"]
    /// Marker shapes and dash patterns paired with the colours: series k has colour k, shape k mod 4 and
    /// dash k mod 4, so the first 12 series differ in colour and neighbours differ in shape as well.
    public static let shapes = ["circle", "square", "triangle", "diamond"]
    public static let dashes: [String?] = [nil, "6 3", "2 2", "8 3 2 3"]

    /// The style of series `k`.
    public static func style(_ k: Int) -> (colour: String, shape: String, dash: String?) {
        (categorical[k % categorical.count], shapes[k % shapes.count], dashes[k % dashes.count])
    }

    /// Pass and fail in tables: blue and vermillion (distinct for all common colour-vision types),
    /// always together with the words "pass"/"fail".
    public static let pass = "#cfe3f3"
    public static let fail = "#f6d2c0"

    static func hex(_ r: Double, _ g: Double, _ b: Double) -> String {
        func c(_ x: Double) -> String {
            let v = Int(min(max(x.rounded(), 0), 255))
            let s = String(v, radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        return "#" + c(r) + c(g) + c(b)
    }
}
