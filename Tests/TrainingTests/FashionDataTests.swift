import Foundation
import Testing
import Variation
import Training

/// Fashion-MNIST from Debian's dataset-fashion-mnist, the IDX reader's checks, and stratified subsets.
@Suite struct FashionDataTests {
    /// A hand-built IDX byte stream: magic 0x00000803, sizes 2 × 2 × 3, then 12 pixels.
    static let tinyImages: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3] + Array(0..<12)
    static let tinyLabels: [UInt8] = [0, 0, 8, 1, 0, 0, 0, 2, 7, 9]

    @Test func idxHeaderAndDataByHand() throws {
        let i = try IDXFile.images(bytes: Self.tinyImages, file: "t.idx", rows: 2, columns: 3)
        #expect(i.count == 2 && i.pixels == Array(0..<12))
        #expect(try IDXFile.labels(bytes: Self.tinyLabels, file: "l.idx", classes: 10) == [7, 9])
    }

    /// Wrong magic, a truncated body, trailing bytes, a label of 11, the wrong image size: each a
    /// DatasetError naming the file and the byte offset.
    @Test(arguments: [
        ([0, 0, 8, 1, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3] + Array(0..<12), "images", "offset 0: magic number 0x00000801"),
        ([0, 0, 9, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3] + Array(0..<12), "images", "offset 0: magic number 0x00000903"),
        ([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3] + Array(0..<11), "images", "offset 16: holds 11 data bytes, the header says 12 (truncated)"),
        ([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3] + Array(0..<13), "images", "(trailing bytes)"),
        ([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 2] + Array(0..<12), "images", "offset 8: images of 3 × 2 pixels, expected 2 × 3"),
        ([0, 0, 8, 3, 0, 0], "images", "offset 6: ends inside the 16-byte IDX header"),
        ([0, 0, 8, 1, 0, 0, 0, 3, 7, 11, 2], "labels", "offset 9: label 11 outside 0…9"),
        ([0, 0, 8, 1, 0, 0, 0, 3, 7, 1], "labels", "offset 8: holds 2 data bytes, the header says 3 (truncated)"),
    ] as [([UInt8], String, String)])
    func badIDXNamesFileAndOffset(bytes: [UInt8], kind: String, fragment: String) {
        do {
            if kind == "images" { _ = try IDXFile.images(bytes: bytes, file: "bad.idx", rows: 2, columns: 3) }
            else { _ = try IDXFile.labels(bytes: bytes, file: "bad.idx", classes: 10) }
            Issue.record("accepted a bad \(kind) file")
        } catch let e as DatasetError {
            #expect(e.file == "bad.idx" && e.description.contains(fragment), "\(e)")
        } catch { Issue.record("\(error)") }
    }

    /// Images and labels files that disagree in count, and a missing package, are clear errors; read
    /// from plain (uncompressed) files, which zlib reads like gzip ones.
    @Test func mismatchedOrMissingFilesAreRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cimpvt-idx-\(getpid())").path
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do { _ = try Dataset.fashion(directory: dir); Issue.record("an empty folder was read") }
        catch let e as DatasetError { #expect(e.description.contains("dataset-fashion-mnist") && e.description.contains("scripts/deps.sh"), "\(e)") }
        // 2 images of 28 × 28, 3 labels
        let images: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28] + [UInt8](repeating: 5, count: 2 * 784)
        let labels: [UInt8] = [0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 3]
        for part in ["train", "t10k"] {
            try Data(images).write(to: URL(fileURLWithPath: "\(dir)/\(part)-images-idx3-ubyte.gz"))
            try Data(labels).write(to: URL(fileURLWithPath: "\(dir)/\(part)-labels-idx1-ubyte.gz"))
        }
        do { _ = try Dataset.fashion(directory: dir); Issue.record("a count mismatch was accepted") }
        catch let e as DatasetError { #expect(e.description.contains("holds 3 labels, but") && e.description.contains("holds 2 images"), "\(e)") }
        try Data([0, 0, 8, 1, 0, 0, 0, 2, 1, 2] as [UInt8]).write(to: URL(fileURLWithPath: "\(dir)/train-labels-idx1-ubyte.gz"))
        do { _ = try Dataset.fashion(directory: dir); Issue.record("2 training images were accepted") }
        catch let e as DatasetError { #expect(e.description.contains("holds 2 images; Fashion-MNIST's training split has 60000"), "\(e)") }
    }

    /// The real files: 60,000 + 10,000 images, 6,000 and 1,000 per class, pixels in [0, 1]; the
    /// official split is kept; a stratified subset of 1,234 training images takes 123 or 124 per class
    /// (largest remainder: 1,234·6,000/60,000 = 123.4 each, the 4 extra to the lowest classes).
    @Test func fashionHasItsOfficialSplitAndStratifiedSubsets() throws {
        let d = try Dataset.shipped(.fashion)
        #expect(d.count == 70_000 && d.features == 784)
        let train = Array(d.labels[0..<60_000]), test = Array(d.labels[60_000...])
        #expect((0..<10).allSatisfy { c in train.filter { $0 == c }.count == 6_000 && test.filter { $0 == c }.count == 1_000 })
        #expect(d.pixels.min()! == 0 && d.pixels.max()! == 1)
        let split = DataSplit(d, stream: RandomStream(seed: StreamSeed(5)))
        #expect(split.train.count == 60_000 && split.test.count == 10_000 && split.test.labels == test)
        let sub = DataSplit(d, stream: RandomStream(seed: StreamSeed(5)), trainImages: 1_234, testImages: 100)
        let perClass = (0..<10).map { c in sub.train.labels.filter { $0 == c }.count }
        #expect(perClass == [124, 124, 124, 124, 123, 123, 123, 123, 123, 123], "\(perClass)")
        #expect((0..<10).allSatisfy { c in sub.test.labels.filter { $0 == c }.count == 10 })
        // the same seed gives the same subset; another seed another one
        let again = DataSplit(d, stream: RandomStream(seed: StreamSeed(5)), trainImages: 1_234, testImages: 100)
        let other = DataSplit(d, stream: RandomStream(seed: StreamSeed(6)), trainImages: 1_234, testImages: 100)
        #expect(again.train.pixels == sub.train.pixels && other.train.pixels != sub.train.pixels)
    }

    /// Largest remainder on unequal classes by hand: shares 5, 3, 2 of 10, count 4 → quotas 2.0, 1.2,
    /// 0.8 → floors 2, 1, 0, one left over to the largest remainder (class 2, 0.8).
    @Test func largestRemainderByHand() {
        let labels = [0, 0, 0, 0, 0, 1, 1, 1, 2, 2]
        let picked = DataSplit.stratified(Array(0..<10), labels: labels, classes: 3, count: 4, stream: RandomStream(seed: StreamSeed(1)))
        #expect((0..<3).map { c in picked.filter { labels[$0] == c }.count } == [2, 1, 1])
        #expect(DataSplit.stratified(Array(0..<10), labels: labels, classes: 3, count: 10, stream: RandomStream(seed: StreamSeed(1))) == Array(0..<10))
    }
}
