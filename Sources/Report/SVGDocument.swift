import Foundation

/// A small SVG writer: shapes and text with escaped content, in user units (1 unit = 1 CSS px).
/// Every chart of a report is one of these; the output is a standalone `<svg>` element that parses as
/// XML and references nothing outside itself.
public struct SVGDocument: Sendable {
    public let width: Double
    public let height: Double
    public let title: String
    private var body: [String] = []
    /// Every text's box in user units (from ``TextMetrics``), for the layout checks.
    public private(set) var textBoxes: [TextBox] = []

    /// A text's extent: left, top, right, bottom (px) and the text.
    public struct TextBox: Sendable {
        public let minX: Double, minY: Double, maxX: Double, maxY: Double
        public let text: String
    }

    public init(width: Double, height: Double, title: String) {
        self.width = width
        self.height = height
        self.title = title
    }

    /// XML text escaping for content and attribute values.
    public static func escape(_ s: String) -> String {
        var o = ""
        for ch in s {
            switch ch {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            case "'": o += "&apos;"
            default: o.append(ch)
            }
        }
        return o
    }

    public static func n(_ x: Double) -> String { String(format: "%.2f", x) }

    public mutating func rect(x: Double, y: Double, width w: Double, height h: Double, fill: String, stroke: String? = nil,
                              cssClass: String? = nil, tooltip: String? = nil)
    {
        let s = stroke.map { " stroke=\"\($0)\" stroke-width=\"1\"" } ?? ""
        let c = cssClass.map { " class=\"\($0)\"" } ?? ""
        let t = tooltip.map { "<title>\(Self.escape($0))</title>" } ?? ""
        body.append("<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(w))\" height=\"\(Self.n(h))\" fill=\"\(fill)\"\(s)\(c)>\(t)</rect>")
    }

    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String = "#333", width w: Double = 1,
                              dash: String? = nil)
    {
        let d = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        body.append("<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(w))\"\(d)/>")
    }

    public mutating func polyline(_ points: [(Double, Double)], stroke: String, width w: Double = 1.5, dash: String? = nil) {
        guard !points.isEmpty else { return }
        let p = points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
        let d = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        body.append("<polyline points=\"\(p)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(w))\"\(d)/>")
    }

    /// A marker; `shape` "circle", "square", "triangle" or "diamond" so series differ without colour.
    public mutating func marker(x: Double, y: Double, shape: String, fill: String, size: Double = 4, tooltip: String? = nil) {
        let t = tooltip.map { "<title>\(Self.escape($0))</title>" } ?? ""
        switch shape {
        case "square":
            body.append("<rect x=\"\(Self.n(x - size))\" y=\"\(Self.n(y - size))\" width=\"\(Self.n(2 * size))\" height=\"\(Self.n(2 * size))\" fill=\"\(fill)\" stroke=\"#222\" stroke-width=\"0.6\">\(t)</rect>")
        case "diamond":
            body.append("<polygon points=\"\(Self.n(x)),\(Self.n(y - size * 1.3)) \(Self.n(x + size * 1.1)),\(Self.n(y)) \(Self.n(x)),\(Self.n(y + size * 1.3)) \(Self.n(x - size * 1.1)),\(Self.n(y))\" fill=\"\(fill)\" stroke=\"#222\" stroke-width=\"0.6\">\(t)</polygon>")
        case "triangle":
            body.append("<polygon points=\"\(Self.n(x)),\(Self.n(y - size * 1.2)) \(Self.n(x - size)),\(Self.n(y + size * 0.8)) \(Self.n(x + size)),\(Self.n(y + size * 0.8))\" fill=\"\(fill)\" stroke=\"#222\" stroke-width=\"0.6\">\(t)</polygon>")
        default:
            body.append("<circle cx=\"\(Self.n(x))\" cy=\"\(Self.n(y))\" r=\"\(Self.n(size))\" fill=\"\(fill)\" stroke=\"#222\" stroke-width=\"0.6\">\(t)</circle>")
        }
    }

    public mutating func text(_ s: String, x: Double, y: Double, size: Double = 11, anchor: String = "start", fill: String = "#222",
                              weight: String = "normal", rotate: Double? = nil, cssClass: String? = nil)
    {
        let r = rotate.map { " transform=\"rotate(\(Self.n($0)) \(Self.n(x)) \(Self.n(y)))\"" } ?? ""
        let c = cssClass.map { " class=\"\($0)\"" } ?? ""
        textBoxes.append(Self.box(s, x: x, y: y, size: size, anchor: anchor, bold: weight == "bold", rotate: rotate))
        body.append("<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" font-size=\"\(Self.n(size))\" text-anchor=\"\(anchor)\" fill=\"\(fill)\" font-weight=\"\(weight)\"\(r)\(c)>\(Self.escape(s))</text>")
    }

    /// The box of a text drawn at (x, y) (its baseline), rotated by `rotate` degrees about that point.
    static func box(_ s: String, x: Double, y: Double, size: Double, anchor: String, bold: Bool, rotate: Double?) -> TextBox {
        let w = TextMetrics.width(s, size: size, bold: bold)
        let x0 = anchor == "end" ? -w : anchor == "middle" ? -w / 2 : 0
        let corners = [(x0, -TextMetrics.ascent(size)), (x0 + w, -TextMetrics.ascent(size)), (x0, TextMetrics.descent(size)),
                       (x0 + w, TextMetrics.descent(size))]
        let a = (rotate ?? 0) * Double.pi / 180
        let pts = corners.map { (x + $0.0 * cos(a) - $0.1 * sin(a), y + $0.0 * sin(a) + $0.1 * cos(a)) }
        return TextBox(minX: pts.map(\.0).min()!, minY: pts.map(\.1).min()!, maxX: pts.map(\.0).max()!, maxY: pts.map(\.1).max()!, text: s)
    }

    /// The texts whose box leaves the drawing (0 … width, 0 … height), by the layout rule.
    public var textOutsideViewBox: [TextBox] {
        textBoxes.filter { $0.minX < -0.5 || $0.minY < -0.5 || $0.maxX > width + 0.5 || $0.maxY > height + 0.5 }
    }

    /// The standalone SVG element (font: the reader's sans-serif; nothing is fetched).
    public var svg: String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" font-family=\"sans-serif\" role=\"img\"><title>\(Self.escape(title))</title>"
            + body.joined() + "</svg>"
    }
}
