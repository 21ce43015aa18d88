/// How training on a die ended.
public enum TrainingStatus: String, Sendable, Codable, CaseIterable {
    /// Every step completed with a finite loss.
    case ok
    /// The loss or the parameters became NaN or infinite: training stopped at that step; the accuracy
    /// is still measured on what the die holds.
    case diverged
}
