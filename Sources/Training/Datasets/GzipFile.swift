import CZlib

/// Reads a whole gzip-compressed file through zlib (`gzopen`/`gzread`), checking the stream's CRC.
enum GzipFile {
    static func read(path: String) throws -> [UInt8] {
        guard let f = gzopen(path, "rb") else { throw DatasetError(file: path, "cannot be opened (missing or unreadable)") }
        defer { gzclose(f) }
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { gzread(f, $0.baseAddress, UInt32($0.count)) }
            if n < 0 {
                var code: Int32 = 0
                let text = gzerror(f, &code).map { String(cString: $0) } ?? "zlib error \(code)"
                throw DatasetError(file: path, "is not a valid gzip file (\(text))")
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<Int(n)])
        }
        return out
    }
}
