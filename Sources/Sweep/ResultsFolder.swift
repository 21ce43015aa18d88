import Foundation

/// Who may write a results folder, and what (docs/sweeps.md, "What the run folder guarantees").
///
/// A folder given to `sweep --out` or `merge --into` must be missing, empty, or hold a cimpvt
/// `manifest.json`; anything else is refused with the list of what is there. The engine records every
/// file it writes in the manifest (``RunManifest/files``), and `--fresh` removes those and nothing
/// else. While a command works on a folder it holds the folder's ``RunFolderLock``.
public enum ResultsFolder {
    /// A folder claimed for writing: its lock, and the manifest it already held (nil for a new folder).
    public struct Claim {
        public let lock: RunFolderLock
        public let manifest: RunManifest?
    }

    /// Claims `directory` for a run or a merge: creates it when missing, refuses a foreign folder, and
    /// takes its lock (a second process gets a ``SweepError`` naming the holder's pid).
    public static func claim(_ directory: String) throws -> Claim {
        guard !directory.isEmpty else { throw SweepError("the results folder is an empty path; give a folder name") }
        if let bad = directory.unicodeScalars.first(where: { $0.value < 0x20 || $0.value == 0x7f }) {
            throw SweepError("the results folder path contains the control character U+\(String(format: "%04X", bad.value)); give a plain path")
        }
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: directory, isDirectory: &isDir) {
            guard isDir.boolValue else { throw SweepError("\(directory) exists and is not a folder; nothing was changed") }
        } else {
            if let reason = makeDirectories(directory) {
                throw SweepError("cannot create the results folder \(directory): \(reason); nothing was changed")
            }
        }
        try refuseForeign(directory)
        let lock = try RunFolderLock(directory: directory)
        try refuseForeign(directory)  // again, now that no other cimpvt can change it
        let manifestPath = directory + "/manifest.json"
        let manifest = fm.fileExists(atPath: manifestPath) ? try RunManifest.read(manifestPath) : nil
        return Claim(lock: lock, manifest: manifest)
    }

    /// Throws unless the folder is empty (but for a lock file) or holds a manifest.
    static func refuseForeign(_ directory: String) throws {
        let entries: [String]
        do { entries = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw SweepError("cannot read the results folder \(directory): \(reason(error))")
        }
        let others = entries.filter { $0 != RunFolderLock.fileName }.sorted()
        guard !others.isEmpty, !others.contains("manifest.json") else { return }
        let shown = others.prefix(10).joined(separator: ", ") + (others.count > 10 ? ", … (\(others.count) entries)" : "")
        throw SweepError("\(directory) is not empty and holds no cimpvt run (it has: \(shown)); choose a new or empty folder; nothing was changed")
    }

    /// Removes the files the manifest of `directory` lists (and the manifest itself), nothing else.
    static func removeEngineFiles(_ directory: String, manifest: RunManifest) {
        for f in Set(manifest.files + ["manifest.json"]) where isPlainName(f) {
            try? FileManager.default.removeItem(atPath: directory + "/" + f)
        }
    }

    /// Adds `files` to the manifest's list of engine-written files (rewriting it atomically).
    public static func record(files: [String], in directory: String) throws {
        var m = try RunManifest.read(directory + "/manifest.json")
        let new = files.filter { !m.files.contains($0) }
        guard !new.isEmpty else { return }
        m.files += new
        try m.write(directory + "/manifest.json")
    }

    /// `mkdir -p`: nil, or the system's reason the first missing folder could not be made.
    static func makeDirectories(_ path: String) -> String? {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + part
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST { return String(cString: strerror(errno)) }
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: prefix, isDirectory: &isDir), isDir.boolValue else {
                return "\(prefix) is not a folder"
            }
        }
        return nil
    }

    /// A file name without a path (what a manifest may list).
    static func isPlainName(_ f: String) -> Bool { !f.isEmpty && f != "." && f != ".." && !f.contains("/") }

    /// A Foundation or POSIX error as a short reason ("No such file or directory").
    public static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        switch ns.code {
        case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "no such file or folder"
        case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return "permission denied"
        case NSFileWriteOutOfSpaceError: return "no space left on the device"
        case NSFileWriteVolumeReadOnlyError: return "read-only file system"
        case NSFileWriteFileExistsError: return "a file is in the way"
        default: return ns.localizedDescription
        }
    }
}
