import Foundation
import Testing
import BLAS

/// GSL's BLAS calls and the engine's own must reach OpenBLAS, not GSL's reference gslcblas.
@Suite struct BLASBindingTests {
    @Test func cblasSymbolsResolveToOpenBLAS() throws {
        // libgsl's own cblas_* references are bound through the same global scope.
        for symbol in ["cblas_sgemm", "cblas_dgemm", "cblas_sdot"] {
            let lib = BLASKernel.library(providing: symbol) ?? "nothing"
            #expect(lib.contains("openblas"), "\(symbol) resolves to \(lib)")
        }
    }

    @Test func sgemmMatchesAHandWorkedProduct() {
        // [1 2; 3 4] · [5 6; 7 8] = [19 22; 43 50]
        let a: [Float] = [1, 2, 3, 4], b: [Float] = [5, 6, 7, 8]
        var c = [Float](repeating: 0, count: 4)
        c.withUnsafeMutableBufferPointer { sgemm(m: 2, n: 2, k: 2, a: a, lda: 2, b: b, ldb: 2, c: $0.baseAddress!, ldc: 2) }
        #expect(c == [19, 22, 43, 50])
        c.withUnsafeMutableBufferPointer { sgemm(m: 2, n: 2, k: 2, a: a, lda: 2, transA: true, b: b, ldb: 2, c: $0.baseAddress!, ldc: 2) }
        #expect(c == [26, 30, 38, 44])
    }

    @Test func kernelIsPinnedToHaswellOnAVX2Machines() {
        let avx2: Set<String> = ["avx", "avx2", "fma"]
        #expect(BLASKernel.recommendedCoreType(loaded: "Prescott", flags: avx2) == "Haswell")
        #expect(BLASKernel.recommendedCoreType(loaded: "Zen", flags: avx2) == "Haswell")
        #expect(BLASKernel.recommendedCoreType(loaded: "SkylakeX", flags: avx2.union(["avx512f"])) == "Haswell")
        #expect(BLASKernel.recommendedCoreType(loaded: "Haswell", flags: avx2) == nil)
        #expect(BLASKernel.recommendedCoreType(loaded: "Prescott", flags: ["sse2"]) == nil)
        // The test process gets OPENBLAS_CORETYPE from scripts/blas-env.sh (as .ci/run does).
        if ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == "Haswell" {
            #expect(BLASKernel.coreName == "Haswell")
        }
    }
}
