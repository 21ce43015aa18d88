import Foundation

/// Whole-file writes that are never seen half done: the text goes to a temporary file in the same
/// folder, is flushed to disk, and is renamed over the target (rename(2) is atomic on POSIX).
enum AtomicFile {
    static func write(_ text: String, to path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        let tmp = (dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8)) else {
            throw SweepError("cannot write \(tmp)")
        }
        let fd = open(tmp, O_RDONLY)
        if fd >= 0 { fsync(fd); close(fd) }
        guard rename(tmp, path) == 0 else {
            unlink(tmp)
            throw SweepError("cannot rename \(tmp) to \(path): \(String(cString: strerror(errno)))")
        }
    }
}
