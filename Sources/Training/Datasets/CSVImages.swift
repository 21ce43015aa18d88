/// CSV images without a header: one image per line, its `values` pixel values (non-negative integers
/// up to `maxValue`) and then its label (0 … classes − 1), separated by commas; LF or CRLF line ends.
/// Anything else is a ``DatasetError`` naming the file and line.
enum CSVImages {
    static func parse(_ bytes: [UInt8], file: String, values d: Int, maxValue: Int, classes: Int,
                      expectedRows: Int = 0) throws -> (values: [UInt8], labels: [Int])
    {
        precondition(maxValue <= 255, "pixel values are stored as bytes")
        var pixels = [UInt8](), labels = [Int]()
        pixels.reserveCapacity(expectedRows * d)
        labels.reserveCapacity(expectedRows)
        var fields = [Int]()
        fields.reserveCapacity(d + 1)
        var line = 1, value = 0, digits = 0
        func endField() throws {
            guard digits > 0 else { throw DatasetError(file: file, "line \(line): empty or non-numeric field \(fields.count + 1)") }
            fields.append(value)
            value = 0; digits = 0
        }
        func endLine() throws {
            try endField()
            guard fields.count == d + 1 else {
                throw DatasetError(file: file, "line \(line): \(fields.count) fields, expected \(d) pixels and a label")
            }
            for p in fields[0..<d] {
                guard p <= maxValue else { throw DatasetError(file: file, "line \(line): pixel value \(p) outside 0…\(maxValue)") }
                pixels.append(UInt8(p))
            }
            let label = fields[d]
            guard label < classes else { throw DatasetError(file: file, "line \(line): label \(label) outside 0…\(classes - 1)") }
            labels.append(label)
            fields.removeAll(keepingCapacity: true)
            line += 1
        }
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = value * 10 + Int(c - UInt8(ascii: "0")); digits += 1
                guard digits <= 6 else { throw DatasetError(file: file, "line \(line): number too long") }
            case UInt8(ascii: ","):
                try endField()
            case UInt8(ascii: "\n"):
                try endLine()
            case UInt8(ascii: "\r"):
                break
            default:
                throw DatasetError(file: file, "line \(line): unexpected character '\(Character(Unicode.Scalar(c)))'")
            }
            i += 1
        }
        if digits > 0 || !fields.isEmpty { try endLine() }
        return (pixels, labels)
    }
}
