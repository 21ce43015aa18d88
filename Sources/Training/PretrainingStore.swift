/// Where the FP32 pre-training of the `finetune` scenario is kept between processes, so that a resumed
/// run, another shard or another round reuses it instead of training it again (a run folder's
/// `cache/`; ``PreparedWorkload``). Keys are content hashes of everything the pre-training depends on.
public protocol PretrainingStore: Sendable {
    /// The parameters stored under `key`, if any and if they have `inputs` × `outputs` shapes.
    func load(key: String, inputs: [Int], outputs: [Int]) -> NetworkParameters?
    /// Stores `parameters` under `key` (atomically: a reader sees all of it or nothing).
    func save(_ parameters: NetworkParameters, key: String) throws
}
