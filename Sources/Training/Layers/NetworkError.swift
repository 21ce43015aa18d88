/// A network that does not fit its data: which layer (0-based position in the list and its type) and why.
public struct NetworkError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Position of the offending layer in the network's list (nil: the network as a whole).
    public let layer: Int?
    public let typeName: String?
    public let message: String

    public init(layer: Int?, typeName: String?, _ message: String) {
        self.layer = layer
        self.typeName = typeName
        self.message = message
    }

    public var description: String {
        if let layer, let typeName { return "layer \(layer) (\(typeName)): \(message)" }
        return message
    }
}
