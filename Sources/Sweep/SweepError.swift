/// A sweep that cannot run or merge as asked: a changed spec, a foreign folder, mismatched shards.
/// The command line prints it and exits with status 2 without overwriting results.
public struct SweepError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ message: String) { description = message }
}
