import Foundation
import Testing
import Macros
import Sweep
import Variation

/// The frequency × VDD shmoo: monotone, consistent with the dies' own paths, independent of threads.
@Suite struct FrequencyShmooTests {
    let card = TechnologyCard()
    static let vdds = stride(from: 0.55, through: 1.0, by: 0.05).map { ($0 * 100).rounded() / 100 }
    static let frequencies = stride(from: 50.0, through: 1000, by: 50).map { $0 }

    @Test func passShareIsMonotoneAndMatchesEachDiesCriticalPath() throws {
        let dies = 12
        let s = try FrequencyShmoo.run(process: .SS, temperatureC: -40, vdds: Self.vdds, frequenciesMHz: Self.frequencies, dies: dies,
                                       seed: 5, config: DigitalMacroConfig(), card: card, jobs: 2)
        #expect(s.cells.count == Self.vdds.count * Self.frequencies.count)
        for i in Self.vdds.indices { for j in Self.frequencies.indices {
            let c = s.cell(vdd: i, frequency: j)
            if j > 0 { #expect(c.passing <= s.cell(vdd: i, frequency: j - 1).passing, "\(c.vdd) V: more pass at \(c.frequencyMHz) MHz") }
            if i > 0 { #expect(c.passing >= s.cell(vdd: i - 1, frequency: j).passing, "\(c.frequencyMHz) MHz: fewer pass at \(c.vdd) V") }
            #expect((c.failingMACRelativeRMS == nil) == (c.passing == dies))
            if let e = c.failingMACRelativeRMS { #expect(e > 0.01, "a failing MAC at \(c.vdd) V, \(c.frequencyMHz) MHz has error \(e)") }
        } }
        // The grid spans the wall: nothing passes at 0.55 V and 1000 MHz, everything at 1.0 V and 50 MHz.
        #expect(s.cell(vdd: 0, frequency: Self.frequencies.count - 1).passing == 0)
        #expect(s.cell(vdd: Self.vdds.count - 1, frequency: 0).passing == dies)
        // Each cell against the dies' own timing paths, built here the way a sweep builds them.
        let sampler = DieSampler(card: card, masterSeed: 5)
        for (i, v) in Self.vdds.enumerated() where i % 3 == 0 {
            let slowest = (0..<dies).map { k -> Double in
                let d = sampler.die(process: .SS, index: k)
                return TimingPaths(die: d, at: OperatingPoint(vdd: v, temperatureC: -40), card: card, policy: .fixed(frequencyMHz: 100),
                                   stream: sampler.localStream(for: d, macro: "digital")).criticalDelayNS
            }
            for (j, f) in Self.frequencies.enumerated() {
                #expect(s.cell(vdd: i, frequency: j).passing == slowest.filter { $0 <= 1000 / f }.count, "\(v) V \(f) MHz")
            }
        }
    }

    @Test func resultDoesNotDependOnThreadsAndWritesItsFormats() throws {
        let v = [0.6, 0.7], f = [50.0, 200, 400]
        let one = try FrequencyShmoo.run(process: .SS, temperatureC: 125, vdds: v, frequenciesMHz: f, dies: 4, seed: 9,
                                         config: DigitalMacroConfig(), card: card, jobs: 1)
        let two = try FrequencyShmoo.run(process: .SS, temperatureC: 125, vdds: v, frequenciesMHz: f, dies: 4, seed: 9,
                                         config: DigitalMacroConfig(), card: card, jobs: 2)
        #expect(one.csv == two.csv && one.json == two.json)
        let lines = one.csv.split(separator: "\n")
        #expect(lines.first == "vdd_v,frequency_mhz,dies,passing,pass_share,failing_mac_rel_rms" && lines.count == 7)
        let json = try JSONSerialization.jsonObject(with: Data(one.json.utf8)) as? [String: Any]
        #expect((json?["cells"] as? [[String: Any]])?.count == 6 && json?["process"] as? String == "SS")
    }
}
