import Foundation

/// `timings.csv`: per trial the wall time in seconds, the host and the finishing time (UTC). Kept
/// apart from `trials.csv` so that file holds only what trials compute. Lines of trials that are not
/// in the journal (torn at a kill) are dropped on resume.
final class TimingLog: @unchecked Sendable {
    static let header = "trial,wall_seconds,host,finished_utc"
    private let handle: FileHandle
    private let lock = NSLock()
    private let formatter = ISO8601DateFormatter()

    init(path: String, keeping trials: Set<Int>) throws {
        var kept = [String]()
        if let data = FileManager.default.contents(atPath: path) {
            var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            lines.removeLast()
            for l in lines.dropFirst() {
                if let id = l.split(separator: ",").first.flatMap({ Int($0) }), trials.contains(id) { kept.append(String(l)) }
            }
        }
        try AtomicFile.write(([Self.header] + kept).map { $0 + "\n" }.joined(), to: path)
        guard let h = FileHandle(forWritingAtPath: path) else { throw SweepError("cannot open \(path) for appending") }
        try h.seekToEnd()
        handle = h
    }

    func append(trial: Int, seconds: Double, host: String) {
        lock.withLock {
            let line = "\(trial),\(String(format: "%.4f", seconds)),\(host.replacingOccurrences(of: ",", with: "_")),\(formatter.string(from: Date()))\n"
            try? handle.write(contentsOf: Data(line.utf8))
        }
    }

    func close() throws { try handle.close() }
}
