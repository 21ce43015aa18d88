// See include/cvectorpath.h.
#include "cvectorpath.h"

int cimpvt_cpu_vector_level(void) {
#if defined(__x86_64__) || defined(__i386__)
    static int cached = -1;  // benign race: every thread computes the same value
    int value = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (value < 0) {
        __builtin_cpu_init();
        value = !__builtin_cpu_supports("avx2") ? 0
              : (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
                 __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq")) ? 2 : 1;
        __atomic_store_n(&cached, value, __ATOMIC_RELAXED);
    }
    return value;
#else
    return 0;
#endif
}

static _Thread_local int cap = 2;  // lowered by tests and benchmarks (per thread), to compare the paths

int cimpvt_vector_path(void) {
    int level = cimpvt_cpu_vector_level();
    return level < cap ? level : cap;
}

void cimpvt_cap_vector_path(int level) { cap = level < 0 ? 0 : level; }
