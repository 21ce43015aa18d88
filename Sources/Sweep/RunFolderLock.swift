import Foundation

/// The advisory lock that makes a results folder belong to one cimpvt process at a time
/// (docs/sweeps.md, "What the run folder guarantees").
///
/// `flock(2)` on `DIR/.cimpvt.lock`, exclusive and non-blocking, held until the process ends or
/// ``release()``; the file holds the owner's pid for the message a second process prints. The kernel
/// drops the lock of a process that dies, so a stale lock file is simply taken over.
public final class RunFolderLock {
    /// The lock file's name inside a results folder.
    public static let fileName = ".cimpvt.lock"
    private var fd: Int32

    /// Takes the lock of `directory` (which must exist), or throws a ``SweepError`` naming the pid
    /// that holds it.
    public init(directory: String) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw SweepError("\(directory): no such folder")
        }
        let path = directory + "/" + Self.fileName
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else {
            throw SweepError("\(directory): cannot create the lock file \(Self.fileName): \(String(cString: strerror(errno)))")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = Self.readPid(fd)
            close(fd)
            fd = -1
            throw SweepError("\(directory) is in use by \(holder.map { "pid \($0)" } ?? "another process") (a sweep, merge or report); nothing was changed")
        }
        let text = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit { release() }

    /// Releases the lock (idempotent).
    public func release() {
        if fd >= 0 {
            _ = flock(fd, LOCK_UN)
            close(fd)
            fd = -1
        }
    }

    private static func readPid(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = pread(fd, &buffer, 31, 0)
        guard n > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
