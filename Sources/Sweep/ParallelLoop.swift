import Foundation

/// Runs `body(0..<count)` on `jobs` threads, each taking the next index when it finishes one.
/// The first error stops further indices from being handed out and is rethrown after all threads end.
enum ParallelLoop {
    static func run(count: Int, jobs: Int, body: @escaping @Sendable (Int) throws -> Void) throws {
        let queue = IndexQueue(count: count)
        let group = DispatchGroup()
        for _ in 0..<max(1, min(jobs, count)) {
            group.enter()
            let t = Thread {
                while let i = queue.next() {
                    do { try body(i) } catch { queue.fail(error) }
                }
                group.leave()
            }
            t.stackSize = 8 << 20
            t.start()
        }
        group.wait()
        if let e = queue.error { throw e }
    }

    private final class IndexQueue: @unchecked Sendable {
        private let lock = NSLock()
        private var nextIndex = 0
        private let count: Int
        private(set) var error: Error?
        init(count: Int) { self.count = count }
        func next() -> Int? {
            lock.withLock {
                guard error == nil, nextIndex < count else { return nil }
                defer { nextIndex += 1 }
                return nextIndex
            }
        }
        func fail(_ e: Error) { lock.withLock { if error == nil { error = e } } }
    }
}
