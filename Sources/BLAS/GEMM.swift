import COpenBLAS

/// Single-precision general matrix product through OpenBLAS, row-major:
/// C (m×n) = alpha · op(A) · op(B) + beta · C, with op(A) m×k and op(B) k×n.
///
/// `transA`/`transB` read A (or B) as stored transposed: A stored k×m (lda = m) when `transA`.
@inlinable
public func sgemm(m: Int, n: Int, k: Int, alpha: Float = 1,
                  a: UnsafePointer<Float>, lda: Int, transA: Bool = false,
                  b: UnsafePointer<Float>, ldb: Int, transB: Bool = false,
                  beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int)
{
    cblas_sgemm(Int32(CimpvtRowMajor.rawValue),
                Int32(transA ? CimpvtTrans.rawValue : CimpvtNoTrans.rawValue),
                Int32(transB ? CimpvtTrans.rawValue : CimpvtNoTrans.rawValue),
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// Double-precision counterpart of ``sgemm(m:n:k:alpha:a:lda:transA:b:ldb:transB:beta:c:ldc:)``.
@inlinable
public func dgemm(m: Int, n: Int, k: Int, alpha: Double = 1,
                  a: UnsafePointer<Double>, lda: Int, transA: Bool = false,
                  b: UnsafePointer<Double>, ldb: Int, transB: Bool = false,
                  beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int)
{
    cblas_dgemm(Int32(CimpvtRowMajor.rawValue),
                Int32(transA ? CimpvtTrans.rawValue : CimpvtNoTrans.rawValue),
                Int32(transB ? CimpvtTrans.rawValue : CimpvtNoTrans.rawValue),
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}
