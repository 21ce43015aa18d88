import COpenBLAS
import Foundation

/// Which OpenBLAS kernel is in use, and making sure it is a fast one — and the same one everywhere.
///
/// OpenBLAS 0.3.21 (Debian 12) picks its kernel from the CPU id when the library loads. On CPUs it
/// does not recognise it falls back to a generic SSE-era kernel (Prescott class) that is about 5×
/// slower for sgemm, and it never says so. The only control is `OPENBLAS_CORETYPE`, read when the
/// library loads — before `main` runs. Different kernels also round differently in the last bit of a
/// float sum, which would break byte-identical results across the machines of a sharded sweep.
/// So on every CPU with AVX2 and FMA the product pins the `Haswell` kernel: at start-up, if the
/// variable is unset and another kernel was loaded, it re-executes itself once with
/// `OPENBLAS_CORETYPE=Haswell` (and `OPENBLAS_NUM_THREADS=1`, see ``ensureFastKernel()``). A user who
/// sets the variables keeps their choice.
public enum BLASKernel {
    /// The kernel every AVX2 machine runs, for speed and for bit-identical results across machines.
    public static let pinnedKernel = "Haswell"

    /// The kernel name OpenBLAS chose (e.g. "Haswell", "Zen", "Prescott").
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// OpenBLAS's build configuration string.
    public static var config: String { String(cString: openblas_get_config()) }

    /// The CPU's feature flags, from /proc/cpuinfo (Linux); empty elsewhere.
    public static func cpuFlags() -> Set<String> {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return [] }
        for line in text.split(separator: "\n") where line.hasPrefix("flags") {
            if let colon = line.firstIndex(of: ":") {
                return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
            }
        }
        return []
    }

    /// The `OPENBLAS_CORETYPE` to force, or nil when the loaded kernel is already the pinned one or
    /// the CPU lacks AVX2/FMA (then OpenBLAS's own choice stands).
    public static func recommendedCoreType(loaded: String = coreName, flags: Set<String> = cpuFlags()) -> String? {
        guard flags.contains("avx2"), flags.contains("fma") else { return nil }
        return loaded.lowercased() == pinnedKernel.lowercased() ? nil : pinnedKernel
    }

    /// Call first thing in `main`. Re-executes this process once (the variables it sets mark the second
    /// run) when OpenBLAS loaded a fallback kernel and the user has not chosen one (`OPENBLAS_CORETYPE`),
    /// or when `OPENBLAS_NUM_THREADS` is unset: OpenBLAS starts its worker threads at load time, and
    /// idle workers spin in `sched_yield` on the cores the trials need (about 7 % of a core per process
    /// on this machine); with `OPENBLAS_NUM_THREADS=1` they are never created. Returns only when no
    /// re-execution was needed or it failed.
    public static func ensureFastKernel() {
        let env = ProcessInfo.processInfo.environment
        var reasons = [String]()
        if env["OPENBLAS_CORETYPE"] == nil, let coreType = recommendedCoreType() {
            setenv("OPENBLAS_CORETYPE", coreType, 1)
            reasons.append("OPENBLAS_CORETYPE=\(coreType)")
        }
        if env["OPENBLAS_NUM_THREADS"] == nil {
            setenv("OPENBLAS_NUM_THREADS", "1", 1)
            reasons.append("OPENBLAS_NUM_THREADS=1")
        }
        guard !reasons.isEmpty else { return }
        let argv = CommandLine.unsafeArgv
        // The executable's own path (not /proc/self/exe itself, which would rename the process "exe").
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "/proc/self/exe"
        execv(path, argv)
        // execv returned: carry on rather than fail.
        FileHandle.standardError.write(Data("cimpvt: warning: could not re-execute with \(reasons.joined(separator: " ")); BLAS is running on the '\(coreName)' kernel\n".utf8))
    }

    /// Threads of this process (Linux: /proc/self/task; 0 where unknown).
    public static var processThreadCount: Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? 0
    }

    /// Forces OpenBLAS to one thread: trials are the parallel unit, each trial on its own core.
    public static func useSingleThread() { openblas_set_num_threads(1) }

    /// The shared library the process's global scope resolves a C symbol to, e.g. where
    /// `cblas_sgemm` (and so every BLAS call GSL makes) lands.
    public static func library(providing symbol: String) -> String? {
        cimpvt_library_defining(symbol).map { String(cString: $0) }
    }

    /// OpenBLAS's current thread count.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }
}
