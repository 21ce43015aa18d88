import Foundation
import Testing
import Variation
import Training

/// A user's own dataset: SHA-256 against the standard's vectors and sha256sum, CSV in CHW order read
/// channel-last, IDX with its labels file found by the MNIST naming, and every bad file named.
@Suite struct CustomDatasetTests {
    static func folder(_ tag: String) throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("cimpvt-data-\(tag)-\(getpid())").path
        try? FileManager.default.removeItem(atPath: d)
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    /// FIPS 180-4 examples, and the Fashion-MNIST test labels against sha256sum's digest (docs/training.md).
    @Test func sha256MatchesTheStandardAndSha256sum() throws {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        let labels = try #require(FileManager.default.contents(atPath: Workload.fashionDirectory + "/t10k-labels-idx1-ubyte.gz"))
        #expect(SHA256.hex([UInt8](labels)) == "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05")
    }

    /// Two 2-channel 2 × 3 images written CHW; read back HWC / 255 (a hand-worked permutation).
    @Test func csvInCHWOrderIsReadChannelLast() throws {
        let dir = try Self.folder("csv")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Image 0: channel 0 = 0…5, channel 1 = 10…15, label 2; image 1: all 255, label 0.
        try "0,1,2,3,4,5,10,11,12,13,14,15,2\n\(Array(repeating: "255", count: 12).joined(separator: ",")),0\n"
            .write(toFile: dir + "/train.csv", atomically: true, encoding: .utf8)
        try "7,7,7,7,7,7,9,9,9,9,9,9,1\r\n".write(toFile: dir + "/test.csv", atomically: true, encoding: .utf8)
        let shape = TensorShape(channels: 2, height: 2, width: 3)
        let ds = try CustomDataset(format: .csv, shape: shape, classes: 3, train: dir + "/train.csv", test: dir + "/test.csv")
        #expect(ds.trainImages == 2 && ds.testImages == 1 && ds.sha256.count == 2)
        let data = try Dataset.shipped(.custom(ds))
        #expect(data.labels == [2, 0, 1])
        let hwc: [Float] = [0, 10, 1, 11, 2, 12, 3, 13, 4, 14, 5, 15]
        #expect(Array(data.pixels[0..<12]) == hwc.map { $0 / 255 })
        #expect(data.pixels[12..<24].allSatisfy { $0 == 1 } && Array(data.pixels[24..<36]) == [Float](repeating: 0, count: 6).indices.flatMap { _ in [Float(7) / 255, Float(9) / 255] })
        #expect(Workload.custom(ds).inputShape == shape && Workload.custom(ds).officialTrainImages == 2)
    }

    static func idx(count: Int, side: Int, fill: (Int) -> UInt8) -> [UInt8] {
        func be(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 255), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)] }
        return [0, 0, 8, 3] + be(count) + be(side) + be(side) + (0..<(count * side * side)).map(fill)
    }
    static func idxLabels(_ l: [UInt8]) -> [UInt8] { [0, 0, 8, 1, 0, 0, 0, UInt8(l.count)] + l }

    /// IDX files with the labels beside them by the MNIST naming; then each bad file a DatasetError
    /// naming it and where: wrong magic, truncated, label 11, counts that disagree, a missing labels file.
    @Test func idxFilesAndTheirProblems() throws {
        let dir = try Self.folder("idx")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func write(_ name: String, _ bytes: [UInt8]) throws { try Data(bytes).write(to: URL(fileURLWithPath: dir + "/" + name)) }
        let shape = TensorShape(channels: 1, height: 4, width: 4)
        func load() throws -> CustomDataset {
            try CustomDataset(format: .idx, shape: shape, classes: 10, train: dir + "/train-images-idx3-ubyte", test: dir + "/t10k-images-idx3-ubyte")
        }
        try write("train-images-idx3-ubyte", Self.idx(count: 3, side: 4) { UInt8($0 % 256) })
        try write("train-labels-idx1-ubyte", Self.idxLabels([1, 2, 3]))
        try write("t10k-images-idx3-ubyte", Self.idx(count: 2, side: 4) { _ in 255 })
        try write("t10k-labels-idx1-ubyte", Self.idxLabels([9, 0]))
        let ds = try load()
        #expect(ds.trainImages == 3 && ds.testImages == 2 && ds.trainLabelsPath == dir + "/train-labels-idx1-ubyte")
        let data = try Dataset.shipped(.custom(ds))
        #expect(data.labels == [1, 2, 3, 9, 0] && data.pixels[17] == Float(17) / 255)

        let cases: [(String, [UInt8], String, String)] = [
            ("t10k-images-idx3-ubyte", [0, 0, 8, 1] + [UInt8](repeating: 0, count: 40), "t10k-images-idx3-ubyte", "magic number 0x00000801"),
            ("train-images-idx3-ubyte", Array(Self.idx(count: 3, side: 4) { _ in 1 }.dropLast(5)), "train-images-idx3-ubyte", "offset 16: holds 43 data bytes, the header says 48 (truncated)"),
            ("train-labels-idx1-ubyte", Self.idxLabels([1, 11, 3]), "train-labels-idx1-ubyte", "offset 9: label 11 outside 0…9"),
            ("t10k-labels-idx1-ubyte", Self.idxLabels([9, 0, 4]), "t10k-labels-idx1-ubyte", "holds 3 labels, but"),
            ("train-images-idx3-ubyte", Self.idx(count: 3, side: 5) { _ in 1 }, "train-images-idx3-ubyte", "offset 8: images of 5 × 5 values, expected 4 × 4"),
        ]
        for (name, bytes, file, fragment) in cases {
            let good = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
            try write(name, bytes)
            do { _ = try load(); Issue.record("accepted a bad \(name)") } catch let e as DatasetError {
                #expect(e.file == dir + "/" + file && e.description.contains(fragment), "\(e)")
            }
            try good.write(to: URL(fileURLWithPath: dir + "/" + name))
        }
        // A device or a folder is refused before it is read (reading /dev/zero would never end).
        for odd in ["/dev/zero", dir] {
            do { _ = try CustomDataset(format: .idx, shape: shape, classes: 10, train: odd, test: dir + "/t10k-images-idx3-ubyte"); Issue.record("read \(odd)") }
            catch let e as DatasetError { #expect(e.file == odd && e.description.contains("is not a regular file"), "\(e)") }
        }
        try FileManager.default.removeItem(atPath: dir + "/t10k-labels-idx1-ubyte")
        do { _ = try load(); Issue.record("accepted a missing labels file") } catch let e as DatasetError {
            #expect(e.file == dir + "/t10k-labels-idx1-ubyte" && e.description.contains("cannot be opened"), "\(e)")
        }
    }

    /// A CNN trains on a user's 3-channel images: the conv's first layer sees k²·3 inputs.
    @Test func aThreeChannelDatasetTrainsALeNet() throws {
        let dir = try Self.folder("rgb")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // 40 images of 3 × 12 × 12: class c is a bright square in channel c % 3 at a place set by c / 3.
        let stream = RandomStream(seed: StreamSeed(9))
        func lines(_ n: Int) -> String {
            (0..<n).map { i in
                let c = i % 4, values = (0..<(3 * 144)).map { v -> Int in
                    let ch = v / 144, y = (v % 144) / 12, x = v % 12, off = (c / 3) * 6
                    let on = ch == c % 3 && (off..<(off + 6)).contains(y) && (off..<(off + 6)).contains(x)
                    return min(255, (on ? 200 : 20) + Int(stream.uniformInt(40)))
                }
                return values.map(String.init).joined(separator: ",") + ",\(c)"
            }.joined(separator: "\n") + "\n"
        }
        try lines(80).write(toFile: dir + "/train.csv", atomically: true, encoding: .utf8)
        try lines(40).write(toFile: dir + "/test.csv", atomically: true, encoding: .utf8)
        let ds = try CustomDataset(format: .csv, shape: TensorShape(channels: 3, height: 12, width: 12), classes: 4,
                                   train: dir + "/train.csv", test: dir + "/test.csv")
        var spec = WorkloadSpec()
        spec.workload = .custom(ds)
        spec.training.network = NetworkSpec(name: "custom", layers: [
            .conv2d(out: 4, kernel: 3, stride: 1, padding: 1), .relu, .maxpool(size: 2, stride: 2), .flatten, .dense(out: 4)])
        spec.training.epochs = 10
        spec.training.learningRate = 0.02
        #expect(try spec.weightShapes().map(\.inputs) == [27, 144])
        let prepared = try PreparedWorkload(spec: spec, seed: StreamSeed(1), data: try Dataset.shipped(spec.workload))
        #expect(prepared.train.count == 80 && prepared.test.count == 40)
        #expect(prepared.baseline.accuracy >= 0.9, "a separable task is learnt (\(prepared.baseline.accuracy))")
    }
}
