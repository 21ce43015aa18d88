import Foundation
import Training

/// The `finetune` scenario's FP32 pre-training kept in a run folder (``PretrainingStore``): one file
/// `pretrained-KEY.txt` per content key, written atomically and listed in the manifest, so a resumed
/// run, a later round or the report's noise floor loads it instead of training it again.
///
/// Format (text): `cimpvt pretrained 1 KEY LAYERS`, then per weight layer a line `INPUTS OUTPUTS`, a
/// line of the weights' IEEE-754 bit patterns in hex (row-major) and one of the biases'. The bits are
/// those trained, so a loaded start gives the same trials as a computed one. A file that does not
/// parse or does not match the key and shapes is ignored and rewritten.
final class PretrainingFiles: PretrainingStore, @unchecked Sendable {
    let directory: String
    /// When true, `save` does nothing (a report reading a run folder does not write to it).
    let readOnly: Bool
    private let lock = NSLock()

    init(directory: String, readOnly: Bool = false) {
        self.directory = directory
        self.readOnly = readOnly
    }

    static func fileName(key: String) -> String { "pretrained-\(key).txt" }

    func load(key: String, inputs: [Int], outputs: [Int]) -> NetworkParameters? {
        guard let data = FileManager.default.contents(atPath: directory + "/" + Self.fileName(key: key)),
              let text = String(data: data, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first == "cimpvt pretrained 1 \(key) \(inputs.count)", lines.count >= 1 + 3 * inputs.count else { return nil }
        var weights = [[Float]](), biases = [[Float]]()
        for l in 0..<inputs.count {
            guard lines[1 + 3 * l] == "\(inputs[l]) \(outputs[l])",
                  let w = Self.floats(lines[2 + 3 * l], count: inputs[l] * outputs[l]),
                  let b = Self.floats(lines[3 + 3 * l], count: outputs[l]) else { return nil }
            weights.append(w)
            biases.append(b)
        }
        return NetworkParameters(inputs: inputs, outputs: outputs, weights: weights, biases: biases)
    }

    func save(_ p: NetworkParameters, key: String) throws {
        guard !readOnly else { return }
        var text = "cimpvt pretrained 1 \(key) \(p.layerCount)\n"
        for l in 0..<p.layerCount {
            text += "\(p.inputs[l]) \(p.outputs[l])\n"
            text += p.weights[l].map { String($0.bitPattern, radix: 16) }.joined(separator: " ") + "\n"
            text += p.biases[l].map { String($0.bitPattern, radix: 16) }.joined(separator: " ") + "\n"
        }
        let name = Self.fileName(key: key)
        try lock.withLock {
            try AtomicFile.write(text, to: directory + "/" + name)
            try ResultsFolder.record(files: [name], in: directory)
        }
    }

    private static func floats(_ line: Substring, count: Int) -> [Float]? {
        let parts = line.split(separator: " ")
        guard parts.count == count else { return nil }
        var out = [Float]()
        out.reserveCapacity(count)
        for p in parts {
            guard let bits = UInt32(p, radix: 16) else { return nil }
            out.append(Float(bitPattern: bits))
        }
        return out
    }
}
