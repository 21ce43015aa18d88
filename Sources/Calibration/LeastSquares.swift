@preconcurrency import CGSL

/// Nonlinear least squares through GSL's `multifit_nlinear` (trust region, Levenberg–Marquardt steps,
/// finite-difference Jacobian): minimises ½·Σ r_i(x)².
enum LeastSquares {
    struct Outcome {
        var x: [Double]
        /// GSL status: 0 when converged (a tolerance met, or no measurable progress left).
        var status: Int32
        var iterations: Int
        /// Σ r_i² at the solution.
        var sumOfSquares: Double
        var converged: Bool { status == 0 && sumOfSquares.isFinite }
    }

    private final class Context {
        let body: (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Bool
        init(_ body: @escaping (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Bool) { self.body = body }
    }

    /// `residuals(x, r)` fills r[0..<count] and returns false where the model cannot be evaluated.
    ///
    /// GSL runs in rounds of `roundIterations`; a round that ends on GSL's own tolerances is converged.
    /// A round that ends on its iteration limit or without progress counts as converged when it lowered
    /// Σ r² by less than 1e-7 of itself — a parameter creeping towards the edge of its mapped range
    /// (α → 1, V_c → 0) changes nothing measurable — and is otherwise continued, up to `rounds` rounds.
    static func minimise(start: [Double], count: Int, roundIterations: Int = 200, rounds: Int = 10,
                         residuals: @escaping (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Bool) -> Outcome {
        cimpvt_gsl_disable_abort()
        var x = start
        var total = 0
        var previous = Double.infinity
        let context = Context(residuals)
        let unmanaged = Unmanaged.passRetained(context)
        defer { unmanaged.release() }
        let fn: cimpvt_residuals_fn = { x, f, ctx in
            guard let x, let f, let ctx else { return 1 }
            let c = Unmanaged<Context>.fromOpaque(ctx).takeUnretainedValue()
            return c.body(x, f) ? 0 : 1
        }
        for _ in 0..<rounds {
            var iterations = 0, chisq = 0.0
            let status = x.withUnsafeMutableBufferPointer { xb in
                cimpvt_nlinear_fit(count, start.count, xb.baseAddress, fn, unmanaged.toOpaque(), roundIterations,
                                   1e-10, 1e-10, 0, &iterations, &chisq)
            }
            total += iterations
            guard chisq.isFinite else { return Outcome(x: x, status: status == 0 ? -1 : status, iterations: total, sumOfSquares: chisq) }
            if status == 0 { return Outcome(x: x, status: 0, iterations: total, sumOfSquares: chisq) }
            let stalled = status == Int32(GSL_EMAXITER) || status == Int32(GSL_ENOPROG)
            if !stalled { return Outcome(x: x, status: status, iterations: total, sumOfSquares: chisq) }
            if previous - chisq <= 1e-7 * chisq { return Outcome(x: x, status: 0, iterations: total, sumOfSquares: chisq) }
            previous = chisq
        }
        return Outcome(x: x, status: Int32(GSL_EMAXITER), iterations: total, sumOfSquares: previous)
    }
}
