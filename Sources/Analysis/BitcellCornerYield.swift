import Foundation
import Variation

/// High-sigma bitcell yield at one corner (MODELS §6, §8): the per-cell failure probability of each
/// margin (analytic), an importance-sampling estimate of the worst one with its interval, and the
/// functional yield (1 − p)^N of an N-cell macro.
public struct BitcellCornerYield: Sendable {
    public var corner: Corner
    /// Analytic per-cell failure probabilities for hold, read and write.
    public var hold: Double
    public var read: Double
    public var write: Double
    /// Which margin is worst, and its importance-sampling estimate.
    public var worstMargin: String
    public var estimate: LinearGaussianMargin.Estimate
    /// Cells in the macro the yield refers to.
    public var cells: Int

    public init(corner: Corner, hold: Double, read: Double, write: Double, worstMargin: String,
                estimate: LinearGaussianMargin.Estimate, cells: Int)
    {
        self.corner = corner; self.hold = hold; self.read = read; self.write = write
        self.worstMargin = worstMargin; self.estimate = estimate; self.cells = cells
    }

    /// (1 − p)^N for the worst margin's estimate, with the interval its p interval implies.
    public var macroYield: (estimate: Double, low: Double, high: Double) {
        (LinearGaussianMargin.macroYield(cellFailure: estimate.pFail, cells: cells),
         LinearGaussianMargin.macroYield(cellFailure: estimate.ciHigh, cells: cells),
         LinearGaussianMargin.macroYield(cellFailure: estimate.ciLow, cells: cells))
    }

    /// The per-cell failure probability at which an N-cell macro has the target yield: 1 − y^(1/N).
    public static func cellTarget(macroYield y: Double, cells: Int) -> Double { -expm1(log(y) / Double(cells)) }
}
