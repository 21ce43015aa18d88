import Foundation
import Testing
import Sweep

/// The validator under mutated sweep files, in-process: every file is accepted as a spec that keeps
/// the engine's invariants, or rejected with a SpecError naming the file (a trap would end the run).
@Suite struct SweepFileFuzzTests {
    @Test func mutatedFilesAreAcceptedOrRejectedWithAMessage() {
        var m = SweepFileMutator(seed: 12345)
        var accepted = 0, rejected = 0
        for i in 0..<600 {
            let text = m.nextFile()
            do {
                let s = try SweepFile.parse(text, file: "fuzz-\(i).toml")
                accepted += 1
                #expect(s.trialCount >= 1 && s.trialCount <= SweepSpec.maxTrials)
                #expect(SafeName.problem(s.name) == nil && s.macros.allSatisfy { SafeName.problem($0.name) == nil })
                #expect(s.corners.allSatisfy { $0.vdd >= 0.3 && $0.vdd <= 1.5 && (-55...150).contains($0.temperatureC) })
                #expect(Set(s.macros.map(\.name)).count == s.macros.count)
            } catch let e as SpecError {
                rejected += 1
                #expect(e.file == "fuzz-\(i).toml" && !e.message.isEmpty)
                #expect(!e.description.unicodeScalars.contains { $0.value == 0 }, "a NUL in the message of file \(i)")
            } catch {
                Issue.record("file \(i): \(error) is not a SpecError:\n\(text)")
            }
        }
        // the mutations reach both outcomes (a generator that broke every file would test nothing)
        #expect(accepted >= 20 && rejected >= 400, "\(accepted) accepted, \(rejected) rejected")
    }

    @Test func theMutatorIsDeterministicAndItsBaseIsValid() throws {
        var a = SweepFileMutator(seed: 9), b = SweepFileMutator(seed: 9)
        for _ in 0..<50 { #expect(a.nextFile() == b.nextFile()) }
        let s = try SweepFile.parse(SweepFileMutator.base, file: "base.toml")
        #expect(s.corners.count == 9 && s.macros.map(\.name) == ["a", "d-100MHz", "d-200MHz", "i"] && s.diesPerCorner == 2)
    }
}
