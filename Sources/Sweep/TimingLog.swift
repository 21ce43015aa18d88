import Foundation

/// `timings.csv`: per trial the wall time in seconds, the host and the finishing time (UTC). Kept
/// apart from `trials.csv` so that file holds only what trials compute. Lines of trials that are not
/// in the journal (torn at a kill) are dropped on resume.
final class TimingLog: @unchecked Sendable {
    static let header = "trial,wall_seconds,host,finished_utc"
    private let handle: FileHandle
    private let lock = NSLock()
    private let formatter = ISO8601DateFormatter()

    /// The complete lines of a timings file (a torn last line is dropped) with their trial ids, in file order.
    static func lines(path: String) -> [(trial: Int, line: Substring)] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()
        return lines.dropFirst().compactMap { l in l.split(separator: ",").first.flatMap { Int($0) }.map { ($0, l) } }
    }

    init(path: String, keeping trials: Set<Int>) throws {
        let kept = Self.lines(path: path).filter { trials.contains($0.trial) }.map { String($0.line) }
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
