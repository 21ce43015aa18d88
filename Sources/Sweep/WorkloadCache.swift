import Foundation
import Training
import Variation

/// The prepared workloads (split, start parameters, FP32 baseline) of a run, each computed once by
/// whichever worker first needs it while others needing the same one wait; a fine-tune's pre-training
/// comes from, and goes to, the run folder's ``PretrainingFiles``.
final class WorkloadCache: @unchecked Sendable {
    private let data: Dataset
    private let spec: WorkloadSpec
    private let store: PretrainingStore?
    private let condition = NSCondition()
    private var ready = [StreamSeed: PreparedWorkload]()
    private var inProgress = Set<StreamSeed>()

    init(spec: WorkloadSpec, data: Dataset, store: PretrainingStore? = nil) {
        self.spec = spec
        self.data = data
        self.store = store
    }

    func workload(seed: StreamSeed) throws -> PreparedWorkload {
        condition.lock()
        while true {
            if let w = ready[seed] { condition.unlock(); return w }
            if !inProgress.contains(seed) { break }
            condition.wait()
        }
        inProgress.insert(seed)
        condition.unlock()
        let result = Result { try PreparedWorkload(spec: spec, seed: seed, data: data, store: store) }
        condition.lock()
        inProgress.remove(seed)
        if case .success(let w) = result { ready[seed] = w }
        condition.broadcast()
        condition.unlock()
        return try result.get()
    }
}
