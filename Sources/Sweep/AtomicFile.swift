import Foundation

/// Whole-file writes that are never seen half done: the text goes to a temporary file in the same
/// folder, is flushed to disk, and is renamed over the target (rename(2) is atomic on POSIX).
/// Failures are ``SweepError``s naming the file and the system's reason.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        let tmp = (dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw SweepError("cannot write \(path): \(String(cString: strerror(errno)))") }
        let err = writeAll(text, to: fd)
        if err != 0 {
            close(fd); unlink(tmp)
            throw SweepError("cannot write \(path): \(String(cString: strerror(err)))")
        }
        if fsync(fd) != 0 && errno != EINVAL {
            let reason = String(cString: strerror(errno))
            close(fd); unlink(tmp)
            throw SweepError("cannot write \(path): \(reason)")
        }
        close(fd)
        guard rename(tmp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw SweepError("cannot write \(path): \(reason)")
        }
    }

    /// Writes all of `text` to a file descriptor (retrying short writes and EINTR); 0, or the errno
    /// of the write that failed.
    public static func writeAll(_ text: String, to fd: Int32) -> Int32 {
        let bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; return errno }
            done += n
        }
        return 0
    }
}
