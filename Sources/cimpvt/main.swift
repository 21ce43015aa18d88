import BLAS

// OpenBLAS reads OPENBLAS_CORETYPE when it loads, before this line runs: re-execute once with the
// right kernel if it fell back to a slow one, then keep BLAS to one thread (trials are the parallel unit).
BLASKernel.ensureFastKernel()
BLASKernel.useSingleThread()
CimpvtCommand.runAndExit()
