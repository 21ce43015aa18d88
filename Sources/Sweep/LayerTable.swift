import Training

/// Reads one layer of a sweep file's `[workload] layers` list (docs/sweep-files.md): `type` and the
/// keys that type takes, each checked against its range; any other key is an error.
enum LayerTable {
    static func read(_ r: inout TableReader) throws -> LayerSpec {
        let type = try r.string("type", allowed: LayerSpec.typeNames)
        let width = 1...NetworkSpec.maxWidth, kernel = 1...NetworkSpec.maxKernel, stride = 1...NetworkSpec.maxStride
        let layer: LayerSpec
        let keys: [String]
        switch type {
        case "dense":
            layer = .dense(out: try r.int("out", range: width))
            keys = ["type", "out"]
        case "conv2d":
            let k = try r.int("kernel", range: kernel)
            layer = .conv2d(out: try r.int("out", range: width), kernel: k, stride: try r.int("stride", default: 1, range: stride),
                            padding: try r.int("padding", default: 0, range: 0...(k - 1)))
            keys = ["type", "out", "kernel", "stride", "padding"]
        case "maxpool", "avgpool":
            let size = try r.int("size", range: kernel)
            let st = try r.int("stride", default: min(size, NetworkSpec.maxStride), range: stride)
            layer = type == "maxpool" ? .maxpool(size: size, stride: st) : .avgpool(size: size, stride: st)
            keys = ["type", "size", "stride"]
        case "flatten":
            layer = .flatten
            keys = ["type"]
        default:
            layer = .relu
            keys = ["type"]
        }
        try r.finish(allowed: keys)
        return layer
    }
}
