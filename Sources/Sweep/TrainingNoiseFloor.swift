import Analysis
import Training

/// Measures a sweep's training-noise floor (``TrainingNoise``): `[yield] noise_runs` FP32 trainings of
/// the workload of die 0's workload seed (the one every die shares unless `vary_per_die`), each with
/// its own data order, against that workload's baseline. A pure function of the spec, so a run, a
/// resumed run, a merge and a report all find the same numbers; ≈ 30 ms per run on digits.
public enum TrainingNoiseFloor {
    /// `directory`: a run folder whose stored fine-tune pre-training may be used (read only).
    public static func measure(_ spec: SweepSpec, directory: String? = nil) throws -> TrainingNoise? {
        let runs = spec.yieldCriterion.noiseRuns
        guard runs > 0 else { return nil }
        let data = try Dataset.shipped(spec.workload.workload)
        let workload = try PreparedWorkload(spec: spec.workload, seed: spec.workload.workloadSeed(master: spec.seed, dieIndex: 0),
                                            data: data, store: directory.map { PretrainingFiles(directory: $0, readOnly: true) })
        let base = workload.baseline.accuracy
        return TrainingNoise(degradationsPP: try workload.noiseRunAccuracies(runs).map { (base - $0) * 100 },
                             testImages: workload.test.count, confidence: spec.yieldCriterion.confidence)
    }

    /// The criterion dies are judged by: the sweep's, with the noise band's upper edge as threshold when
    /// `relative_to_noise` (the noise runs are trained only then).
    public static func judgedCriterion(_ spec: SweepSpec, directory: String? = nil) throws -> YieldCriterion {
        var c = spec.yieldCriterion
        if c.relativeToNoise { c.noiseThresholdPP = try measure(spec, directory: directory)?.band?.high }
        return c
    }

    /// The aggregate of `rows` with the sweep's noise floor.
    public static func summary(_ rows: [TrialRow], spec: SweepSpec, directory: String? = nil) throws -> SweepSummary {
        SweepSummary(rows.sorted { $0.trial < $1.trial }.map(\.outcome), macros: spec.macros.map(\.name), corners: spec.corners,
                     criterion: spec.yieldCriterion, noise: try measure(spec, directory: directory))
    }
}
