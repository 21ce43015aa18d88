/// What a trial trains on the die (MODELS §7; docs/training.md).
public enum Scenario: String, Sendable, CaseIterable, Codable {
    /// Train from the He initialisation on the die, on the clean training split; test on the clean
    /// test split.
    case scratch
    /// Pre-train in ideal FP32 on the clean training split (for `epochs` epochs), then fine-tune on the
    /// die on the domain-shifted training split (``DomainShift``) and test on the shifted test split:
    /// the seed paper's use case, a deployed model adapting on the device to a new user.
    case finetune
}
