/// The IDX format of MNIST and Fashion-MNIST (Y. LeCun's description, as Zalando ships it): a
/// big-endian header — two zero bytes, a type byte (0x08 = unsigned byte), the number of dimensions —
/// then one 32-bit big-endian size per dimension, then the data, row-major. Files may be gzip-
/// compressed or plain (zlib reads both).
///
/// Everything is checked against what the caller expects; a mismatch is a ``DatasetError`` naming the
/// file and the byte offset where it shows.
public enum IDXFile {
    /// Unsigned-byte images: `count` × `rows` × `columns`, pixels 0 … 255.
    public static func images(path: String, rows: Int, columns: Int) throws -> (count: Int, pixels: [UInt8]) {
        try images(bytes: GzipFile.read(path: path), file: path, rows: rows, columns: columns)
    }

    public static func images(bytes: [UInt8], file: String, rows: Int, columns: Int) throws -> (count: Int, pixels: [UInt8]) {
        let dims = try header(bytes, file: file, dimensions: 3, what: "images")
        guard dims[1] == rows, dims[2] == columns else {
            throw DatasetError(file: file, "offset 8: images of \(dims[1]) × \(dims[2]) pixels, expected \(rows) × \(columns)")
        }
        let body = try data(bytes, file: file, offset: 16, count: dims[0] * rows * columns)
        return (dims[0], body)
    }

    /// Unsigned-byte images of `shape`: an IDX file of N × H × W (one channel) or N × C × H × W values,
    /// returned in the file's (CHW) order.
    public static func images(bytes: [UInt8], file: String, shape: TensorShape) throws -> (count: Int, pixels: [UInt8]) {
        guard bytes.count >= 4 else {
            throw DatasetError(file: file, "offset \(bytes.count): ends inside the IDX header (truncated or not IDX)")
        }
        let dimensions = shape.channels == 1 && bytes[3] == 3 ? 3 : 4
        let dims = try header(bytes, file: file, dimensions: dimensions, what: "images")
        let expected = dimensions == 3 ? [shape.height, shape.width] : [shape.channels, shape.height, shape.width]
        guard Array(dims.dropFirst()) == expected else {
            throw DatasetError(file: file, "offset 8: images of \(dims.dropFirst().map(String.init).joined(separator: " × ")) values, expected \(expected.map(String.init).joined(separator: " × ")) (shape \(shape))")
        }
        let body = try data(bytes, file: file, offset: 4 + 4 * dimensions, count: dims[0] * shape.count)
        return (dims[0], body)
    }

    /// Unsigned-byte labels, each below `classes`.
    public static func labels(path: String, classes: Int) throws -> [Int] {
        try labels(bytes: GzipFile.read(path: path), file: path, classes: classes)
    }

    public static func labels(bytes: [UInt8], file: String, classes: Int) throws -> [Int] {
        let dims = try header(bytes, file: file, dimensions: 1, what: "labels")
        let body = try data(bytes, file: file, offset: 8, count: dims[0])
        if let i = body.firstIndex(where: { Int($0) >= classes }) {
            throw DatasetError(file: file, "offset \(8 + i): label \(body[i]) outside 0…\(classes - 1)")
        }
        return body.map(Int.init)
    }

    /// The sizes of an unsigned-byte IDX header of `dimensions` dimensions.
    static func header(_ b: [UInt8], file: String, dimensions: Int, what: String) throws -> [Int] {
        let headerBytes = 4 + 4 * dimensions
        guard b.count >= headerBytes else {
            throw DatasetError(file: file, "offset \(b.count): ends inside the \(headerBytes)-byte IDX header (truncated or not IDX)")
        }
        guard b[0] == 0, b[1] == 0, b[2] == 0x08, Int(b[3]) == dimensions else {
            let magic = b[0..<4].map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
            throw DatasetError(file: file, "offset 0: magic number 0x\(magic) is not an IDX file of unsigned-byte \(what) (expected 0x000008\(String(format: "%02x", dimensions)))")
        }
        return (0..<dimensions).map { d in
            let o = 4 + 4 * d
            return Int(b[o]) << 24 | Int(b[o + 1]) << 16 | Int(b[o + 2]) << 8 | Int(b[o + 3])
        }
    }

    /// `count` data bytes from `offset`, exactly to the end of the file.
    static func data(_ b: [UInt8], file: String, offset: Int, count: Int) throws -> [UInt8] {
        guard b.count - offset == count else {
            throw DatasetError(file: file, "offset \(offset): holds \(b.count - offset) data bytes, the header says \(count) (\(b.count - offset < count ? "truncated" : "trailing bytes"))")
        }
        return Array(b[offset...])
    }
}
