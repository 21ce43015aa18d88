/// A deterministic share of a sweep's trials: shard i of N holds the trials whose id ≡ i (mod N).
/// Round-robin keeps every shard's mix of corners and macros (and so its run time) alike.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// The whole sweep.
    public static let whole = Shard(index: 0, count: 1)

    public init(index: Int, count: Int) {
        precondition(count >= 1 && index >= 0 && index < count, "shard index in 0..<count")
        self.index = index
        self.count = count
    }

    /// Parses "i/N" with 0 ≤ i < N (a Slurm array index i and N tasks).
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= 100_000, i >= 0, i < n else {
            throw SweepError("--shard '\(text)' is not valid; expected i/N with N in 1…100000 and i in 0…N−1 (for example 0/4)")
        }
        self.init(index: i, count: n)
    }

    public func contains(_ id: Int) -> Bool { id % count == index }

    public var description: String { "\(index)/\(count)" }
}
