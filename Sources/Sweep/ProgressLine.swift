import Foundation

/// The progress line on stderr: done/total, trials per second over this run, and the ETA; redrawn
/// at most twice a second, only when stderr is a terminal. With adaptive die counts the total grows
/// as rounds are planned (``extend(total:)``).
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private var total: Int
    private let alreadyDone: Int
    private var done: Int
    private let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast

    init(total: Int, alreadyDone: Int, enabled: Bool) {
        self.total = total
        self.alreadyDone = alreadyDone
        done = alreadyDone
        self.enabled = enabled
    }

    /// The trials planned so far (a new round of adaptive die counts adds some).
    func extend(total: Int) { lock.withLock { self.total = max(self.total, total) } }

    func advance() {
        guard enabled else { return }
        lock.withLock {
            done += 1
            let now = Date()
            guard now.timeIntervalSince(lastDraw) >= 0.5 || done == total else { return }
            lastDraw = now
            let elapsed = now.timeIntervalSince(start), rate = Double(done - alreadyDone) / max(elapsed, 1e-9)
            let eta = rate > 0 ? Double(total - done) / rate : 0
            let text = String(format: "\rcimpvt sweep: %d/%d trials, %.2f trials/s, ETA %d:%02d   ", done, total, rate,
                              Int(eta) / 60, Int(eta) % 60)
            Self.toStderr(text)
        }
    }

    func finish() {
        guard enabled, done > alreadyDone else { return }
        Self.toStderr("\n")
    }

    /// Writes to file descriptor 2; a failed write is ignored (the progress line is cosmetic).
    static func toStderr(_ text: String) {
        _ = AtomicFile.writeAll(text, to: 2)
    }
}
