import Foundation

/// `trials.csv` while a sweep runs: a header, then one line per finished trial in the order trials
/// finish, each written with one write(2) and flushed to disk (fsync) before the next is taken.
///
/// Reading tolerates a kill at any moment: a torn last line (no newline) is dropped and the file is
/// rewritten atomically without it before appending resumes; every other line must be a planned
/// trial of the sweep and shard, or the read fails without touching the file. When every trial is in, ``finalize(rows:)`` rewrites it in trial-id order.
final class TrialJournal: @unchecked Sendable {  // appends happen under RunState's lock
    let path: String
    private var handle: FileHandle?

    init(path: String) { self.path = path }

    /// The rows of a journal of `spec`'s `shard` (empty when there is no file), in file order, each
    /// checked against the plan (``TrialRow/problem(spec:shard:)``). A torn last line (no newline: a
    /// kill mid-write) is dropped; any other line that is not a planned trial's — malformed, edited,
    /// from another sweep or shard, or a repeat — is a ``SweepError`` naming the file and line, and
    /// nothing is rewritten.
    static func read(path: String, spec: SweepSpec, shard: Shard) throws -> [TrialRow] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SweepError("\(path): not UTF-8 text; this is not a trials.csv cimpvt wrote (nothing was changed)")
        }
        var rows = [TrialRow]()
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // The last element is what follows the last newline: empty, or a torn line.
        lines.removeLast()
        guard let first = lines.first else { return [] }
        guard first == TrialRow.header else {
            throw SweepError("\(path): the header is not cimpvt's trials.csv header; move the folder away or run with --fresh")
        }
        var seen = Set<Int>()
        for (i, l) in lines.enumerated().dropFirst() {
            let problem: String?
            if let r = TrialRow(line: l) {
                if let p = r.problem(spec: spec, shard: shard) { problem = p }
                else if !seen.insert(r.trial).inserted { problem = "trial \(r.trial) appears a second time" }
                else { rows.append(r); problem = nil }
            } else {
                problem = "not a trial line (\(TrialRow.header.split(separator: ",").count) comma-separated fields as cimpvt writes them)"
            }
            if let problem {
                throw SweepError("\(path), line \(i + 1): \(problem); the journal was not written by this sweep as it stands — nothing was changed (move the folder away or rerun with --fresh)")
            }
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
