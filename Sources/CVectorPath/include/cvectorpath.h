// The widest vector path this CPU runs, for the C kernels that dispatch on it (Sources/CADC,
// Sources/CAlign): 2 = AVX-512 (F, VL, BW, DQ), 1 = AVX2, 0 = none (or not an x86 CPU).
#ifndef CIMPVT_CVECTORPATH_H
#define CIMPVT_CVECTORPATH_H

/// Detected once per process (every thread computes the same value).
int cimpvt_cpu_vector_level(void);

#endif
