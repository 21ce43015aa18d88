import Testing
import Variation
import Macros
import Training

/// The operands of a digits training run, as `mac-stats --inputs training` characterises the macros with.
@Suite struct TrainingOperandsTests {
    @Test func forwardOperandsArePixelsAndActivationsWithWeightColumns() throws {
        let (x, w) = try TrainingOperands.pairs(count: 2000, seed: StreamSeed(3), transpose: false)
        #expect(x.count == 2000 && w.count == 2000)
        #expect(x.allSatisfy { $0.count == 64 } && w.allSatisfy { $0.count == 64 })
        // Pixels and ReLU outputs: never negative; weights of both signs.
        #expect(x.allSatisfy { $0.allSatisfy { $0 >= 0 } })
        #expect(w.contains { $0.contains { $0 < 0 } } && w.contains { $0.contains { $0 > 0 } })
        // Layer 1's inputs are the digits' pixels (0…16 in the UCI file, scaled to [0, 1]): some pair
        // carries a full-scale pixel; layer 2's activations are not bounded by 1.
        #expect(x.contains { $0.contains { $0 == 1 } })
    }

    @Test func backwardOperandsAreLayerTwoDeltasPaddedToTheTile() throws {
        let (x, w) = try TrainingOperands.pairs(count: 500, seed: StreamSeed(3), transpose: true)
        #expect(x.count == 500)
        // The 10 δ of layer 2 fill 10 of the 64 columns; the rest is zero, in δ and in the weight row.
        #expect(x.allSatisfy { $0[10...].allSatisfy { $0 == 0 } } && w.allSatisfy { $0[10...].allSatisfy { $0 == 0 } })
        #expect(x.contains { $0.contains { $0 < 0 } } && x.contains { $0.contains { $0 > 0 } })
    }
}
