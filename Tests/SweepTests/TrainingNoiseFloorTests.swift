import Foundation
import Testing
import Analysis
import Sweep
import Training
import Variation

/// The sweep's training-noise floor: measured from the spec alone (so runs, merges and reports agree),
/// switched off by noise_runs = 0, written to summary.json; its keys' ranges.
@Suite struct TrainingNoiseFloorTests {
    let base = "seed = 7\ndies = 1\n[corners]\nprocess = [\"TT\"]\nvdd = [0.9]\ntemperature = [27]\n"

    @Test func measuredFromTheSpecAndWrittenToTheSummary() throws {
        let spec = try SweepFile.parse(base + "[yield]\nnoise_runs = 3\n", file: "n.toml")
        let a = try #require(try TrainingNoiseFloor.measure(spec)), b = try #require(try TrainingNoiseFloor.measure(spec))
        #expect(a == b && a.runs == 3 && a.testImages == 359)
        // Other data orders move the FP32 accuracy: not every run lands on the baseline's accuracy.
        #expect(a.degradationsPP.contains { $0 != 0 } && a.sdPP > 0, "\(a.degradationsPP)")
        // Each run's degradation is a whole number of test images.
        for d in a.degradationsPP { #expect(abs(d / a.imagePP - (d / a.imagePP).rounded()) < 1e-9) }
        let off = try SweepFile.parse(base + "[yield]\nnoise_runs = 0\n", file: "n.toml")
        #expect(try TrainingNoiseFloor.measure(off) == nil)
        let json = SummaryFiles.json(try TrainingNoiseFloor.summary([], spec: spec))
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let noise = object?["training_noise"] as? [String: Any]
        #expect((noise?["runs"] as? Int) == 3 && (noise?["degradation_pp"] as? [Double])?.count == 3, "\(json)")
        #expect(SummaryFiles.json(try TrainingNoiseFloor.summary([], spec: off)).contains("\"training_noise\": null"))
    }

    @Test(arguments: [("[yield]\nnoise_runs = -1\n", "yield.noise_runs", "allowed [0, 1000]"),
                      ("[yield]\nnoise_runs = 1001\n", "yield.noise_runs", "allowed [0, 1000]"),
                      ("[yield]\nnoise_runs = 1\nrelative_to_noise = true\n", "yield.relative_to_noise", "needs noise_runs ≥ 2"),
                      ("[yield]\nrelative_to_noise = \"yes\"\n", "yield.relative_to_noise", "expected")])
    func badNoiseKeysNameKeyAndRange(extra: String, key: String, fragment: String) {
        do {
            _ = try SweepFile.parse(base + extra, file: "bad.toml")
            Issue.record("accepted \(extra)")
        } catch let e as SpecError {
            #expect(e.key == key && e.description.contains(fragment), "\(e)")
        } catch { Issue.record("\(error)") }
    }

    @Test func defaultsAreEightRunsJudgedAgainstTheThreshold() throws {
        let spec = try SweepFile.parse(base, file: "d.toml")
        #expect(spec.yieldCriterion.noiseRuns == 8 && !spec.yieldCriterion.relativeToNoise)
    }
}
