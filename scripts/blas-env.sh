# Sourced by the test and CI scripts: pins OpenBLAS's Haswell kernel on AVX2 machines for processes
# that load OpenBLAS directly (the test runner). The cimpvt executable does this by itself.
if [ -z "${OPENBLAS_CORETYPE:-}" ] && grep -qw avx2 /proc/cpuinfo 2>/dev/null && grep -qw fma /proc/cpuinfo; then
  export OPENBLAS_CORETYPE=Haswell
fi
export OPENBLAS_NUM_THREADS=1  # trials are the parallel unit; tests run BLAS on one thread as the product does
