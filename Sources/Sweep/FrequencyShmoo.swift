import Foundation
import Macros
import Variation

/// A frequency × VDD shmoo of the digital macro (MODELS §5, docs/digital-macro.md, "Shmoo"): for each
/// supply voltage and clock frequency, the share of dies of a process corner whose 64×64 MAC instance
/// has no path slower than the clock, and the MAC error of the dies that fail.
///
/// Die k is die k of the process corner for the master seed (the residual a sweep's die k has too) and
/// its MAC instance is the one `cimpvt mac --die k` builds (the same stage draws; a sweep's layers are
/// instances of their own); at each VDD its paths are evaluated at the corner's temperature, and
/// a die passes at f when its slowest path is at most 1000/f ns. A failing die's MAC error is the
/// relative RMS error of 64 random dot products (x, w ~ N(0, 1), one 64×64 weight block, the same
/// for every die) against the exact FP64 products, at that clock, timing errors included.
public struct FrequencyShmoo: Sendable {
    public struct Cell: Sendable, Hashable {
        public var vdd: Double
        public var frequencyMHz: Double
        /// Dies whose slowest path meets the clock.
        public var passing: Int
        public var dies: Int
        /// Mean relative RMS MAC error over the failing dies (nil when every die passes).
        public var failingMACRelativeRMS: Double?
        public var passShare: Double { Double(passing) / Double(dies) }
    }

    /// At most this many (VDD, frequency) cells.
    public static let maxCells = 10_000

    public let process: ProcessCorner
    public let temperatureC: Double
    public let vdds: [Double]
    public let frequenciesMHz: [Double]
    /// Cells in VDD-major order: cells[i * frequencies + j] is (vdds[i], frequenciesMHz[j]).
    public let cells: [Cell]

    /// Runs the shmoo on `dies` dies (0 ..< dies) on `jobs` threads; the result does not depend on `jobs`.
    public static func run(process: ProcessCorner, temperatureC: Double, vdds: [Double], frequenciesMHz: [Double], dies: Int,
                           seed: UInt64, config: DigitalMacroConfig, card: TechnologyCard, jobs: Int) throws -> FrequencyShmoo
    {
        precondition(!vdds.isEmpty && !frequenciesMHz.isEmpty && dies > 0 && vdds.count * frequenciesMHz.count <= maxCells)
        let nv = vdds.count, nf = frequenciesMHz.count
        let stream = RandomStream(seed: StreamSeed(seed).absorbing("shmoo-mac"))
        let x = (0..<(64 * 64)).map { _ in Float(stream.gaussian(sigma: 1)) }
        let w = (0..<(64 * 64)).map { _ in Float(stream.gaussian(sigma: 1)) }
        var products = [Double](repeating: 0, count: 64 * 64)
        for b in 0..<64 { for j in 0..<64 {
            var sum = 0.0
            for k in 0..<64 { sum += Double(x[b * 64 + k]) * Double(w[k * 64 + j]) }
            products[b * 64 + j] = sum
        } }
        let exact = products
        let exactRMS = (exact.reduce(0) { $0 + $1 * $1 } / Double(exact.count)).squareRoot()
        // per die: pass flags and MAC errors, [vdd][frequency]
        let results = DieResults(count: dies)
        try ParallelLoop.run(count: dies, jobs: jobs) { die in
            var pass = [Bool](repeating: false, count: nv * nf), error = [Double](repeating: 0, count: nv * nf)
            for (i, v) in vdds.enumerated() {
                let corner = Corner(process: process, vdd: v, temperatureC: temperatureC)
                let m = DigitalMacro.onDie(inputs: 64, outputs: 64, config: config, corner: corner, seed: seed, dieIndex: die, card: card)
                let slowest = m.timing.map(\.criticalDelayNS).max()!
                try m.write(weights: w)
                for (j, f) in frequenciesMHz.enumerated() {
                    let period = 1000 / f
                    pass[i * nf + j] = slowest <= period
                    if !pass[i * nf + j] {
                        m.reclock(periodNS: period)
                        var y = [Float](repeating: 0, count: 64 * 64)
                        try m.forward(x, batch: 64, into: &y)
                        var se = 0.0
                        for k in 0..<y.count { let e = Double(y[k]) - exact[k]; se += e * e }
                        error[i * nf + j] = (se / Double(y.count)).squareRoot() / exactRMS
                    }
                }
            }
            results.set(die, pass: pass, error: error)
        }
        var cells = [Cell]()
        for i in 0..<nv { for j in 0..<nf {
            let k = i * nf + j
            let failing = (0..<dies).filter { !results.pass[$0][k] }
            let e = failing.isEmpty ? nil : failing.reduce(0.0) { $0 + results.error[$1][k] } / Double(failing.count)
            cells.append(Cell(vdd: vdds[i], frequencyMHz: frequenciesMHz[j], passing: dies - failing.count, dies: dies,
                              failingMACRelativeRMS: e))
        } }
        return FrequencyShmoo(process: process, temperatureC: temperatureC, vdds: vdds, frequenciesMHz: frequenciesMHz, cells: cells)
    }

    /// The cell at (VDD index, frequency index).
    public func cell(vdd i: Int, frequency j: Int) -> Cell { cells[i * frequenciesMHz.count + j] }

    /// CSV: vdd_v,frequency_mhz,dies,passing,pass_share,failing_mac_rel_rms (empty when none fails).
    public var csv: String {
        var s = "vdd_v,frequency_mhz,dies,passing,pass_share,failing_mac_rel_rms\n"
        for c in cells {
            s += "\(c.vdd),\(c.frequencyMHz),\(c.dies),\(c.passing),\(c.passShare),\(c.failingMACRelativeRMS.map { "\($0)" } ?? "")\n"
        }
        return s
    }

    /// JSON: {"process", "temperature_c", "cells": [{vdd_v, frequency_mhz, dies, passing, pass_share, failing_mac_rel_rms}]}.
    public var json: String {
        let rows = cells.map { c in
            "{\"vdd_v\": \(c.vdd), \"frequency_mhz\": \(c.frequencyMHz), \"dies\": \(c.dies), \"passing\": \(c.passing), \"pass_share\": \(c.passShare), \"failing_mac_rel_rms\": \(c.failingMACRelativeRMS.map { "\($0)" } ?? "null")}"
        }
        return "{\"process\": \"\(process.rawValue)\", \"temperature_c\": \(temperatureC), \"cells\": [" + rows.joined(separator: ", ") + "]}"
    }

    private final class DieResults: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var pass: [[Bool]]
        private(set) var error: [[Double]]
        init(count: Int) {
            pass = Array(repeating: [], count: count)
            error = Array(repeating: [], count: count)
        }
        func set(_ die: Int, pass p: [Bool], error e: [Double]) {
            lock.withLock { pass[die] = p; error[die] = e }
        }
    }
}
