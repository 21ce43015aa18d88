/// A dataset that cannot be read: missing, corrupt, or of the wrong shape.
public struct DatasetError: Error, CustomStringConvertible, Sendable {
    /// The file concerned.
    public let file: String
    /// What is wrong, including the line where there is one.
    public let message: String

    public init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}
