import CZlib
import Foundation

/// Reads a whole gzip-compressed (or plain) file through zlib (`gzopen`/`gzread`), checking the
/// stream's CRC. Only regular files are read (not a device, FIFO or folder), and at most
/// ``maxBytes`` after decompression, so no path makes a read endless or exhaust memory.
enum GzipFile {
    /// The most bytes a dataset file may hold once decompressed (2 GiB).
    static let maxBytes = 1 << 31

    static func read(path: String) throws -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw DatasetError(file: path, "cannot be opened (missing or unreadable)") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw DatasetError(file: path, "is not a regular file") }
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
            guard out.count + Int(n) <= maxBytes else {
                throw DatasetError(file: path, "holds more than \(maxBytes >> 30) GiB once decompressed; too large for a dataset file")
            }
            out.append(contentsOf: chunk[0..<Int(n)])
        }
        return out
    }
}
