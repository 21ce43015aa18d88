import Foundation

/// `trials.csv` while a sweep runs: a header, then one line per finished trial in the order trials
/// finish, each written with one write(2) and flushed to disk (fsync) before the next is taken.
///
/// Reading tolerates a kill at any moment: the lines up to the first one that is torn (no newline)
/// or malformed are kept, the rest discarded, and the file is rewritten atomically with only those
/// before appending resumes. When every trial is in, ``finalize(rows:)`` rewrites it in trial-id order.
final class TrialJournal: @unchecked Sendable {  // appends happen under RunState's lock
    let path: String
    private var handle: FileHandle?

    init(path: String) { self.path = path }

    /// The complete rows already in the file (empty when there is none), in file order.
    static func read(path: String, header: String) throws -> [TrialRow] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let text = String(decoding: data, as: UTF8.self)
        var rows = [TrialRow]()
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // The last element is what follows the last newline: empty, or a torn line.
        lines.removeLast()
        guard let first = lines.first else { return [] }
        guard first == header else {
            throw SweepError("\(path): the header is not cimpvt's trials.csv header; move the folder away or run with --fresh")
        }
        for l in lines.dropFirst() {
            guard let r = TrialRow(line: l) else { break }
            rows.append(r)
        }
        return rows
    }

    /// Writes a complete trials.csv (header, then `rows` in the order given) atomically.
    static func write(_ rows: [TrialRow], to path: String) throws {
        try AtomicFile.write(([TrialRow.header] + rows.map(\.line)).map { $0 + "\n" }.joined(), to: path)
    }

    /// Rewrites the file with `rows` (atomically) and opens it for appending.
    func open(keeping rows: [TrialRow]) throws {
        try Self.write(rows, to: path)
        guard let h = FileHandle(forWritingAtPath: path) else { throw SweepError("cannot open \(path) for appending") }
        try h.seekToEnd()
        handle = h
    }

    /// Appends one line and flushes it to disk.
    func append(_ row: TrialRow) throws {
        guard let h = handle else { preconditionFailure("journal not open") }
        try h.write(contentsOf: Data((row.line + "\n").utf8))
        try h.synchronize()
    }

    func close() throws {
        try handle?.close()
        handle = nil
    }

    /// The final file: every row in trial-id order, written atomically.
    func finalize(rows: [TrialRow]) throws {
        try close()
        try Self.write(rows.sorted { $0.trial < $1.trial }, to: path)
    }
}
