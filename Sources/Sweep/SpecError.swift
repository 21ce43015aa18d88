/// A mistake in a sweep file that the user can fix: which file, which key, what is allowed.
///
/// The command line prints ``description`` and exits with status 2 without touching any result.
public struct SpecError: Error, Equatable, CustomStringConvertible {
    /// Path of the sweep file as given.
    public var file: String
    /// Dotted key path (`corners.vdd[2]`, `technology.a_vt_n`), or empty for the whole file.
    public var key: String
    /// What is wrong and what is allowed.
    public var message: String

    public init(file: String, key: String, _ message: String) {
        self.file = file
        self.key = key
        self.message = message
    }

    public var description: String {
        key.isEmpty ? "\(file): \(message)" : "\(file): key '\(key)': \(message)"
    }
}
