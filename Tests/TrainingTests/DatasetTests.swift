import Foundation
import Testing
import Variation
import Training

/// The shipped datasets, their split and the fine-tune domain shift.
@Suite struct DatasetTests {
    @Test func digitsHasTheUCIShape() throws {
        let d = try Dataset.shipped(.digits)
        #expect(d.count == 1797 && d.features == 64)
        let counts = (0..<10).map { c in d.labels.filter { $0 == c }.count }
        #expect(counts.min()! == 174 && counts.max()! == 183, "\(counts)")
        #expect(d.pixels.min()! == 0 && d.pixels.max()! == 1)
        // First image of the file, hand-checked: 0,0,5,13,9,1,0,0 … label 0.
        #expect(Array(d.pixels[0..<4]) == [0, 0, 5.0 / 16, 13.0 / 16] && d.labels[0] == 0)
    }

    @Test func mnist5kHas500PerClass() throws {
        let d = try Dataset.shipped(.mnist5k)
        #expect(d.count == 5000 && d.features == 784)
        #expect((0..<10).allSatisfy { c in d.labels.filter { $0 == c }.count == 500 })
        #expect(d.pixels.max()! == 1)
    }

    @Test func corruptOrMissingFilesAreClearErrors() throws {
        let bad = Array("0,1,2\n".utf8)
        #expect(throws: DatasetError.self) { try Dataset.parse(bad, file: "x.csv", workload: .digits) }
        do { _ = try Dataset.parse(bad, file: "x.csv", workload: .digits) } catch let e as DatasetError {
            #expect(e.description.contains("x.csv") && e.description.contains("line 1") && e.description.contains("64 pixels"))
        }
        let letters = Array((String(repeating: "1,", count: 64) + "a\n").utf8)
        #expect(throws: DatasetError.self) { try Dataset.parse(letters, file: "y.csv", workload: .digits) }
        let tooBright = Array((String(repeating: "17,", count: 64) + "3\n").utf8)
        #expect(throws: DatasetError.self) { try Dataset.parse(tooBright, file: "z.csv", workload: .digits) }
        #expect(throws: DatasetError.self) { try Dataset.load(path: "/nonexistent/digits.csv.gz", workload: .digits) }
        // A file that is not gzip at all is read by zlib as plain text: here, too few rows.
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("cimpvt-not-gzip-\(getpid()).gz")
        try Data("garbage".utf8).write(to: tmp)
        defer { try? FileManager.default.removeItem(at: tmp) }
        #expect(throws: DatasetError.self) { try Dataset.load(path: tmp.path, workload: .digits) }
    }

    @Test func splitIsStratifiedDisjointAndDeterministic() throws {
        let d = try Dataset.shipped(.digits)
        let a = DataSplit(d, stream: RandomStream(seed: StreamSeed(5)))
        let b = DataSplit(d, stream: RandomStream(seed: StreamSeed(5)))
        let c = DataSplit(d, stream: RandomStream(seed: StreamSeed(6)))
        #expect(a.train.count + a.test.count == 1797)
        #expect(a.train.pixels == b.train.pixels && a.test.labels == b.test.labels)
        #expect(a.train.pixels != c.train.pixels)
        for k in 0..<10 {
            let n = d.labels.filter { $0 == k }.count, t = a.train.labels.filter { $0 == k }.count
            #expect(t == Int((0.8 * Double(n)).rounded()), "class \(k): \(t) of \(n)")
        }
    }

    @Test func domainShiftTranslatesAndAddsNoise() throws {
        let d = try Dataset.shipped(.digits).subset(Array(0..<200))
        let s = DomainShift.apply(d, stream: RandomStream(seed: StreamSeed(9)))
        var border = [Float](), diff = [Float]()
        for n in 0..<d.count { for r in 0..<8 { for c in 0..<8 {
            let v = s.pixels[n * 64 + r * 8 + c]
            if r == 0 || c == 0 { border.append(v) } else { diff.append(v - d.pixels[n * 64 + (r - 1) * 8 + (c - 1)]) }
        } } }
        // Border pixels are clipped noise: mean E[max(N(0, 0.1²), 0)] = 0.1/√(2π) = 0.0399.
        let bm = border.reduce(0, +) / Float(border.count)
        #expect(abs(bm - 0.0399) < 0.004, "border mean \(bm)")
        // Inside, the shifted image equals the source moved by one pixel, plus noise of σ ≤ 0.1.
        let rms = (diff.reduce(0) { $0 + $1 * $1 } / Float(diff.count)).squareRoot()
        #expect(rms > 0.05 && rms < 0.1, "rms \(rms)")
        #expect(s.pixels.allSatisfy { $0 >= 0 && $0 <= 1 })
    }
}
