// The vector path the C kernels take (Sources/CADC, Sources/CAlign, Sources/CDMBP): 2 = AVX-512 (F,
// VL, BW, DQ), 1 = AVX2, 0 = none (scalar; or not an x86 CPU). Every path of a kernel gives the same
// results by design; tests and benchmarks lower the path per thread to compare them.
#ifndef CIMPVT_CVECTORPATH_H
#define CIMPVT_CVECTORPATH_H

/// The widest path this CPU runs, detected once per process (every thread computes the same value).
int cimpvt_cpu_vector_level(void);

/// The path kernels called on this thread take: the CPU's, no wider than the thread's cap.
int cimpvt_vector_path(void);

/// Caps the path of every kernel called on this thread afterwards (0 = scalar, 1 = AVX2, 2 = the
/// widest the CPU has).
void cimpvt_cap_vector_path(int level);

#endif
