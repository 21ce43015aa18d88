import Foundation

/// A small SVG writer: shapes and text with escaped content, in user units (1 unit = 1 CSS px).
/// Every chart of a report is one of these; the output is a standalone `<svg>` element that parses as
/// XML and references nothing outside itself.
public struct SVGDocument: Sendable {
    public let width: Double
    public let height: Double
    public let title: String
    private var body: [String] = []

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

    static func n(_ x: Double) -> String { String(format: "%.2f", x) }

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

    /// A marker; `shape` "circle", "square" or "triangle" so series differ without colour.
    public mutating func marker(x: Double, y: Double, shape: String, fill: String, size: Double = 4, tooltip: String? = nil) {
        let t = tooltip.map { "<title>\(Self.escape($0))</title>" } ?? ""
        switch shape {
        case "square":
            body.append("<rect x=\"\(Self.n(x - size))\" y=\"\(Self.n(y - size))\" width=\"\(Self.n(2 * size))\" height=\"\(Self.n(2 * size))\" fill=\"\(fill)\" stroke=\"#222\" stroke-width=\"0.6\">\(t)</rect>")
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
        body.append("<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" font-size=\"\(Self.n(size))\" text-anchor=\"\(anchor)\" fill=\"\(fill)\" font-weight=\"\(weight)\"\(r)\(c)>\(Self.escape(s))</text>")
    }

    /// The standalone SVG element (font: the reader's sans-serif; nothing is fetched).
    public var svg: String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" font-family=\"sans-serif\" role=\"img\"><title>\(Self.escape(title))</title>"
            + body.joined() + "</svg>"
    }
}
