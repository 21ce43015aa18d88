import Foundation
import Testing
import Variation
import Macros
import Training

/// The fine-tune scenario at scale: the pre-training's content key, the store that lets a run reuse it,
/// and the shifted fine-tuning subset.
@Suite struct FinetuneTests {
    /// A store in memory that counts what it is asked.
    final class MemoryStore: PretrainingStore, @unchecked Sendable {
        var saved = [String: NetworkParameters]()
        var loads = 0, saves = 0
        func load(key: String, inputs: [Int], outputs: [Int]) -> NetworkParameters? {
            loads += 1
            guard let p = saved[key], p.inputs == inputs, p.outputs == outputs else { return nil }
            return p
        }
        func save(_ parameters: NetworkParameters, key: String) throws { saves += 1; saved[key] = parameters }
    }

    static func spec() -> WorkloadSpec {
        var s = WorkloadSpec()
        s.scenario = .finetune
        s.training.epochs = 2
        s.finetuneImages = 203
        s.finetuneEpochs = 1
        return s
    }

    @Test func aStoredPretrainingGivesTheSameWorkloadBitForBit() throws {
        let data = try Dataset.shipped(.digits), seed = StreamSeed(12), store = MemoryStore()
        let computed = try PreparedWorkload(spec: Self.spec(), seed: seed, data: data, store: store)
        #expect(store.loads == 1 && store.saves == 1 && store.saved.count == 1)
        let loaded = try PreparedWorkload(spec: Self.spec(), seed: seed, data: data, store: store)
        #expect(store.loads == 2 && store.saves == 1, "the second preparation loads instead of training")
        #expect(loaded.start == computed.start)
        #expect(loaded.baseline.accuracy == computed.baseline.accuracy && loaded.baseline.parameters == computed.baseline.parameters)
        // Without a store the pre-training is the same too.
        #expect(try PreparedWorkload(spec: Self.spec(), seed: seed, data: data).start == computed.start)
        // The stored start is the pre-training, not the initialisation: it classifies the clean test split.
        let initial = NetworkParameters(heInitialised: try Self.spec().weightShapes(), stream: RandomStream(seed: seed.absorbing("init")))
        #expect(initial != computed.start)
    }

    /// The key changes with everything the pre-training depends on, and only with that.
    @Test func thePretrainingKeyFollowsItsContent() {
        let base = Self.spec(), seed = StreamSeed(5), key = base.pretrainingKey(seed: seed)
        var changes = [WorkloadSpec]()
        var s = base; s.training.epochs = 3; changes.append(s)
        s = base; s.training.learningRate = 0.04; changes.append(s)
        s = base; s.training.momentum = 0.8; changes.append(s)
        s = base; s.training.batchSize = 16; changes.append(s)
        s = base; s.training.widths = [64, 32, 10]; changes.append(s)
        s = base; s.trainImages = 500; changes.append(s)
        s = base; s.workload = .mnist5k; changes.append(s)
        for c in changes { #expect(c.pretrainingKey(seed: seed) != key, "\(c)") }
        #expect(base.pretrainingKey(seed: StreamSeed(6)) != key)
        var same = base; same.finetuneImages = 100; same.finetuneEpochs = 4; same.testImages = 100
        #expect(same.pretrainingKey(seed: seed) == key, "fine-tuning and testing do not change the pre-training")
    }

    /// finetune_images: a stratified subset of the shifted training split, and the die trains on it for
    /// finetune_epochs (steps = ⌈203 / 32⌉ · 1).
    @Test func theFinetuneSubsetIsStratifiedAndSetsTheSteps() throws {
        let data = try Dataset.shipped(.digits)
        let w = try PreparedWorkload(spec: Self.spec(), seed: StreamSeed(12), data: data)
        #expect(w.train.count == 203 && w.test.count == 359)
        // 1,438 training images, 143–146 per class: 203·n_c/1438 = 20.2…20.6 → 20 each, 3 left over to
        // the three largest remainders.
        let full = DataSplit(data, stream: RandomStream(seed: StreamSeed(12).absorbing("split")))
        let perClass = (0..<10).map { c in full.train.labels.filter { $0 == c }.count }
        let counts = (0..<10).map { c in w.train.labels.filter { $0 == c }.count }
        let floors = perClass.map { 203 * $0 / 1438 }
        #expect(counts.reduce(0, +) == 203 && zip(counts, floors).allSatisfy { $0 - $1 == 0 || $0 - $1 == 1 })
        #expect(w.baseline.steps == 7)
    }
}
