/// Why a calibration run stopped. Every case is bad input or a missing tool (exit 2); the message says
/// what failed and, where it can, how to fix it. Nothing is written when one is thrown.
public struct CalibrationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ message: String) { description = message }
}
