#include "hlcnn/core/runtime_setup.h"

#include <ATen/Parallel.h>

#include <dlfcn.h>
#include <malloc.h>

#include <thread>

namespace hlcnn {

namespace {

// OpenBLAS is found at run time: Debian's libtorch links libblas.so.3, which the alternatives
// system points at OpenBLAS once libopenblas0-pthread is installed, or at the reference BLAS.
template <typename Fn>
Fn blasSymbol(const char* name) {
    return reinterpret_cast<Fn>(dlsym(RTLD_DEFAULT, name));
}

RuntimeInfo describe() {
    RuntimeInfo info;
    info.intraOpThreads = at::get_num_threads();
    using GetConfig = char* (*)();
    using GetThreads = int (*)();
    if (auto config = blasSymbol<GetConfig>("openblas_get_config")) {
        info.blas = std::string("OpenBLAS ") + config();
        if (auto threads = blasSymbol<GetThreads>("openblas_get_num_threads")) info.blasThreads = threads();
    } else {
        info.blas = "reference BLAS (no OpenBLAS found: install libopenblas0-pthread for fast 1x1 convolutions)";
    }
    return info;
}

}  // namespace

int hardwareThreads() {
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : int(n);
}

RuntimeInfo configureRuntime(int intraOpThreads, int blasThreads) {
    // glibc serves every tensor above its mmap threshold with a fresh mmap and gives it back on
    // free, so each forward pass page-faults its activations in again; the threshold's dynamic
    // adjustment depends on the heap's history, which made MobileNetV2 latency swing 11 -> 100 ms
    // between otherwise identical runs (docs/performance.md). Fixed thresholds keep freed
    // activation memory for reuse.
    static const bool mallocTuned = [] {
        mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
        mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
        return true;
    }();
    (void)mallocTuned;
    at::set_num_threads(intraOpThreads > 0 ? intraOpThreads : hardwareThreads());
    using SetThreads = void (*)(int);
    if (auto set = blasSymbol<SetThreads>("openblas_set_num_threads")) set(blasThreads > 0 ? blasThreads : 1);
    return describe();
}

RuntimeInfo currentRuntime() { return describe(); }

}  // namespace hlcnn
