import Testing
import Analysis
import Sweep
import Training
import Variation

/// The clock columns (digital) and the conversion columns (analog) of trials.csv and summary.csv.
@Suite struct TrialRowClockTests {
    static let corner = Corner(process: .SS, vdd: 0.7, temperatureC: -40)

    static func result(clock: Double?, slack: Double?, events: Int = 0, accuracy: Double = 0.9,
                       conversion: (ns: Double, gmacs: Double, clips: Double)? = nil,
                       cost: (joules: Double, topsPerW: Double, gops: Double)? = (2.5e-5, 12.5, 40)) -> TrialResult {
        TrialResult(accuracy: accuracy, baselineAccuracy: 0.95, status: .ok, forwardMACRMS: 0.01, backwardMACRMS: 0.02,
                    timingErrorEvents: events, failingCells: 0, finalLoss: 0.1, steps: 10, clockMHz: clock, worstSlackNS: slack,
                    conversionNS: conversion?.ns, blockGMACs: conversion?.gmacs, adcClipRate: conversion?.clips,
                    energyJ: cost?.joules, topsPerW: cost?.topsPerW, gops: cost?.gops)
    }

    @Test func clockAndSlackRoundTripAndAreEmptyForAnalog() throws {
        let digital = TrialRow(trial: 3, macro: "d", kind: "digital", corner: Self.corner, die: 1, result: Self.result(clock: 278.25, slack: -0.125))
        #expect(TrialRow.header.hasSuffix(",steps,clock_mhz,worst_slack_ns,conversion_ns,block_gmacs,adc_clip_rate,energy_j,tops_per_w,gops"))
        #expect(digital.line.hasSuffix(",10,278.25,-0.125,,,,2.5e-05,12.5,40.0"))
        #expect(TrialRow(line: Substring(digital.line)) == digital)
        let analog = TrialRow(trial: 4, macro: "a", kind: "analog", corner: Self.corner, die: 1,
                              result: Self.result(clock: nil, slack: nil, conversion: (3.5, 18.25, 0.0625)))
        #expect(analog.line.hasSuffix(",10,,,3.5,18.25,0.0625,2.5e-05,12.5,40.0"))
        #expect(TrialRow(line: Substring(analog.line)) == analog)
        // half a clock, a non-number, a zero clock or a non-finite slack is not a line the engine wrote
        for tail in [",10,278.25,", ",10,,0.5", ",10,fast,0.5", ",10,0,0.5", ",10,278.25,inf"] {
            let line = digital.line.replacingOccurrences(of: ",10,278.25,-0.125", with: tail)
            #expect(TrialRow(line: Substring(line)) == nil, "\(line)")
        }
        // nor is part of the conversion columns, a zero conversion time or a clip rate above 1
        for tail in [",3.5,18.25,", ",,18.25,0.0625", ",0,18.25,0.0625", ",3.5,18.25,1.5", ",3.5,x,0.0625"] {
            let line = analog.line.replacingOccurrences(of: ",3.5,18.25,0.0625", with: tail)
            #expect(TrialRow(line: Substring(line)) == nil, "\(line)")
        }
        // nor is part of the energy columns, a negative or non-finite one
        for tail in [",2.5e-05,12.5,", ",,12.5,40.0", ",-2.5e-05,12.5,40.0", ",2.5e-05,inf,40.0", ",2.5e-05,12.5,nan"] {
            let line = analog.line.replacingOccurrences(of: ",2.5e-05,12.5,40.0", with: tail)
            #expect(TrialRow(line: Substring(line)) == nil, "\(line)")
        }
        // an ideal macro has no energy; a hardware macro must have one
        let ideal = TrialRow(trial: 5, macro: "i", kind: "ideal", corner: Self.corner, die: 1,
                             result: Self.result(clock: nil, slack: nil, cost: nil))
        #expect(ideal.line.hasSuffix(",10,,,,,,,,"))
        #expect(TrialRow(line: Substring(ideal.line)) == ideal)
    }

    @Test func cornerSummaryCarriesTheSlowestClockAndTimingCleanDies() {
        let rows = [(500.0, 0.2, 0), (450.0, -0.05, 7), (475.0, 0.01, 0)].enumerated().map { i, t in
            TrialRow(trial: i, macro: "d", kind: "digital", corner: Self.corner, die: i, result: Self.result(clock: t.0, slack: t.1, events: t.2)).outcome
        }
        let c = CornerSummary(rows, criterion: YieldCriterion())
        #expect(c.clockMHzMean == 475 && c.clockMHzMin == 450 && c.worstSlackNS == -0.05 && c.timingCleanDies == 2)
        #expect(c.conversionNSMax == nil && c.adcClipRateMean == nil)
        let analog = CornerSummary([(3.5, 0.25), (4.5, 0.0), (4.0, 0.125)].enumerated().map { i, t in
            TrialRow(trial: i, macro: "a", kind: "analog", corner: Self.corner, die: i,
                     result: Self.result(clock: nil, slack: nil, conversion: (t.0, 10, t.1))).outcome
        }, criterion: YieldCriterion())
        #expect(analog.clockMHzMean == nil && analog.clockMHzMin == nil && analog.worstSlackNS == nil && analog.timingCleanDies == 3)
        #expect(analog.conversionNSMax == 4.5 && analog.adcClipRateMean == 0.125)
        let costs = CornerSummary([(1e-5, 10.0, 30.0), (2e-5, 20.0, 60.0), (3e-5, 15.0, 45.0)].enumerated().map { i, t in
            TrialRow(trial: i, macro: "d", kind: "digital", corner: Self.corner, die: i,
                     result: Self.result(clock: 500, slack: 0.1, cost: t)).outcome
        }, criterion: YieldCriterion())
        #expect(abs(costs.energyJMean! - 2e-5) < 1e-20 && costs.topsPerWMean == 15 && costs.gopsMean == 45)
    }

    /// A diverged trial can end with a NaN MAC error (written "nan", whatever its sign bit) and an
    /// infinite loss: the journal check accepts that line from a diverged trial and refuses it from one
    /// that did not diverge (found when an untrimmed-offset analog macro diverged at 0.6 V).
    @Test func aDivergedTrialsInfiniteLossPassesTheJournalCheck() throws {
        let spec = try SweepFile.parse("seed = 1\ndies = 1\n[corners]\nprocess = [\"SS\"]\nvdd = [0.7]\ntemperature = [-40]\n[[macro]]\nkind = \"analog\"\n",
                                       file: "d.toml")
        var r = TrialResult(accuracy: 0.1, baselineAccuracy: 0.95, status: .diverged, forwardMACRMS: -.nan, backwardMACRMS: 2.5,
                            timingErrorEvents: 0, failingCells: 1, finalLoss: .infinity, steps: 312,
                            conversionNS: 13.3, blockGMACs: 4.8, adcClipRate: 0.19, energyJ: 1e-4, topsPerW: 1.5, gops: 160)
        let row = TrialRow(trial: 0, macro: "analog", kind: "analog", corner: Self.corner, die: 0, result: r)
        #expect(row.line.contains(",diverged,nan,2.5,0,1,inf,312,,,13.3,4.8,0.19"), "\(row.line)")
        let back = try #require(TrialRow(line: Substring(row.line)))
        #expect(back.result.forwardMACRMS.isNaN && back.result.finalLoss == .infinity)
        #expect(back.problem(spec: spec, shard: .whole) == nil)
        r.status = .ok
        let notDiverged = TrialRow(trial: 0, macro: "analog", kind: "analog", corner: Self.corner, die: 0, result: r)
        #expect(notDiverged.problem(spec: spec, shard: .whole) == "an infinite MAC error or loss on a trial that did not diverge")
        r.backwardMACRMS = -1
        let negative = TrialRow(trial: 0, macro: "analog", kind: "analog", corner: Self.corner, die: 0, result: r)
        #expect(negative.problem(spec: spec, shard: .whole) == "a negative MAC error or loss")
    }
}
