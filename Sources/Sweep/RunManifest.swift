import Foundation

/// `manifest.json` of a results folder: what produced the trials in it (docs/sweeps.md).
public struct RunManifest: Codable, Sendable, Equatable {  // read by RunFolder
    /// cimpvt version that computed the trials.
    public var version: String
    /// Hash of the parsed sweep spec (FNV-1a 64 of its canonical description, hex): comments and
    /// formatting of the file do not change it, any value does.
    public var specHash: String
    public var sweepName: String
    public var seed: UInt64
    /// Trials in the whole sweep, and in this folder's shard.
    public var trialsTotal: Int
    public var trialsInShard: Int
    /// "i/N"; "0/1" for a whole or merged run.
    public var shard: String
    /// When the run was first started (UTC, ISO 8601).
    public var started: String
    /// Folders a merged run was assembled from (empty otherwise).
    public var mergedFrom: [String]
    /// Every file the engine wrote into the folder (names, not paths): what `--fresh` removes.
    public var files: [String]
    /// A user's dataset (`[workload] dataset`): SHA-256 of each of its files, and the folder its relative
    /// paths resolve against (nil for the shipped datasets).
    public var dataSHA256: [String]?
    public var dataDirectory: String?

    enum CodingKeys: String, CodingKey {
        case version, specHash = "spec_hash", sweepName = "sweep_name", seed, trialsTotal = "trials_total"
        case trialsInShard = "trials_in_shard", shard, started, mergedFrom = "merged_from", files
        case dataSHA256 = "data_sha256", dataDirectory = "data_directory"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(String.self, forKey: .version)
        specHash = try c.decode(String.self, forKey: .specHash)
        sweepName = try c.decode(String.self, forKey: .sweepName)
        seed = try c.decode(UInt64.self, forKey: .seed)
        trialsTotal = try c.decode(Int.self, forKey: .trialsTotal)
        trialsInShard = try c.decode(Int.self, forKey: .trialsInShard)
        shard = try c.decode(String.self, forKey: .shard)
        started = try c.decode(String.self, forKey: .started)
        mergedFrom = try c.decode([String].self, forKey: .mergedFrom)
        files = try c.decodeIfPresent([String].self, forKey: .files) ?? []  // manifests before 0.8.0 had none
        dataSHA256 = try c.decodeIfPresent([String].self, forKey: .dataSHA256)
        dataDirectory = try c.decodeIfPresent(String.self, forKey: .dataDirectory)
    }

    /// The version string written into manifests.
    public static let cimpvtVersion = "0.16.0"  // 0.16.0: the technology card gains DIBL, a subthreshold slope and a dVth/dT per type, separate mobility and saturation-velocity temperature exponents and a p/n current factor (defaults give the 0.15.0 model bit for bit: every trial unchanged), technology_file in sweep files (the spec hash covers the card's new fields, so 0.15.0 folders are refused); 0.15.0: the analog read path reads a batch of more than 256 vectors in slices of 32 (conv layers: 2.6× faster; their analog trials differ from 0.14.0 by the order of noise draws); pre-alignment in vector kernels; every MLP trial and every digital trial unchanged bit for bit from 0.14.0; 0.14.0: networks as layer lists (conv2d, pooling; [workload] network / layers), fine-tune subsets and epochs with the pre-training kept in the run folder, a user's own data ([workload] dataset, data_sha256 in the manifest); the spec hash covers them; digits and mnist5k trials unchanged bit for bit from 0.13.0; 0.13.0: adaptive die counts ([yield] target_half_width, min_dies, max_dies; the spec hash covers them) and every analog × digital pair in paired.csv / summary.json with intervals clipped to ±100 pp and none below 3 dies; trials of fixed sweeps unchanged from 0.12.0; 0.12.0: population sampling (process POP), the training-noise floor (summary.json training_noise, [yield] noise_runs / relative_to_noise); corner trials unchanged from 0.11.0; 0.11.0: energy, efficiency and throughput of every trial (energy_j, tops_per_w, gops columns; summary means); accuracy columns unchanged from 0.10.0; 0.10.0: sign-magnitude mantissas (default mantissa_encoding) and the approximate mode rederived (MSB-justified magnitudes, column-statistics bias unit, its own signoff clock): approximate digital trials differ from 0.9.0; 0.9.0: analog periphery (unsigned/sign-magnitude inputs, weight encodings, offset modes, ADC range, full read noise, headroom, conversion time; analog trials differ from 0.8.0; conversion_ns, block_gmacs, adc_clip_rate columns); 0.8.0: statistical signoff clock, logic stages of 8 devices, clock_mhz and worst_slack_ns columns (digital trials differ from 0.7.0)

    /// The run folder's copy of the sweep's technology file.
    public static let technologyCopy = "technology.toml"

    static func specHash(_ spec: SweepSpec) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var spec = spec
        spec.technologyFileText = nil  // the card it gave is hashed, not the file's text
        for b in String(reflecting: spec).utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return String(h, radix: 16)
    }

    init(spec: SweepSpec, shard: Shard, trialsInShard: Int, mergedFrom: [String] = []) {
        version = Self.cimpvtVersion
        specHash = Self.specHash(spec)
        sweepName = spec.name
        seed = spec.seed
        trialsTotal = spec.trialCount
        self.trialsInShard = trialsInShard
        self.shard = shard.description
        let f = ISO8601DateFormatter()
        started = f.string(from: Date())
        self.mergedFrom = mergedFrom
        files = ["manifest.json", "sweep.toml", "trials.csv", "timings.csv"] + (spec.technologyFileText == nil ? [] : [Self.technologyCopy])
        dataSHA256 = spec.workload.workload.customData?.sha256
        dataDirectory = spec.workload.workload.customData?.directory
    }

    /// True when trials computed under `other` can be mixed with trials under this manifest.
    func sameComputation(as other: RunManifest) -> Bool {
        version == other.version && specHash == other.specHash && seed == other.seed && trialsTotal == other.trialsTotal
            && dataSHA256 == other.dataSHA256
    }

    static func read(_ path: String) throws -> RunManifest {
        guard let data = FileManager.default.contents(atPath: path) else { throw SweepError("\(path): cannot be read") }
        do { return try JSONDecoder().decode(RunManifest.self, from: data) } catch {
            throw SweepError("\(path): not a cimpvt manifest (\(error))")
        }
    }

    func write(_ path: String) throws {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(String(decoding: try e.encode(self), as: UTF8.self) + "\n", to: path)
    }
}
