#include "hlcnn/core/runtime_setup.h"

#include <ATen/Parallel.h>
#include <torch/version.h>

#include <dlfcn.h>
#include <malloc.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include <fstream>
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
#ifdef _OPENMP
    info.parallelBackend = "OpenMP";
#else
    info.parallelBackend = "native";
#endif
    using GetConfig = char* (*)();
    using GetThreads = int (*)();
    if (auto config = blasSymbol<GetConfig>("openblas_get_config")) {
        // openblas_get_config() already starts with "OpenBLAS"
        info.blas = config();
        if (auto threads = blasSymbol<GetThreads>("openblas_get_num_threads")) info.blasThreads = threads();
    } else {
        info.blas = "reference BLAS (no OpenBLAS found: install libopenblas0-pthread for fast 1x1 convolutions)";
    }
    return info;
}

int clampThreads(int threads) { return threads > 0 ? threads : hardwareThreads(); }

}  // namespace

int hardwareThreads() {
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : int(n);
}

RuntimeInfo configureProcess(int blasThreads, int defaultIntraOpThreads) {
    // glibc hands memory back to the kernel in two ways that made training and inference
    // page-fault their activations in again on every step (docs/performance.md, docs/training.md):
    // - blocks above the mmap threshold get a fresh mmap per allocation and a munmap on free
    //   (MobileNetV2 latency swung 11 -> 100 ms between otherwise identical runs);
    // - the heap top is trimmed once more than M_TRIM_THRESHOLD is free: a CIFAR training step
    //   whose activations reach the threshold then grows the heap with brk and shrinks it back
    //   every step (80-100k minor faults/s, epochs 2x slower).
    // Serving everything from the heap and never trimming keeps freed tensor memory for reuse;
    // releaseFreeMemory() gives it back when the program has no run left.
    static const bool mallocTuned = [] {
        mallopt(M_MMAP_MAX, 0);
        mallopt(M_TRIM_THRESHOLD, -1);
        return true;
    }();
    (void)mallocTuned;
    // The process default that threads without a budget start from (ATen copies it into each new
    // thread on its first parallel op).
    at::set_num_threads(clampThreads(defaultIntraOpThreads));
    setBlasThreads(blasThreads);
    return describe();
}

void setBlasThreads(int threads) {
    using SetThreads = void (*)(int);
    if (auto set = blasSymbol<SetThreads>("openblas_set_num_threads")) set(threads > 0 ? threads : 1);
}

ThreadBudget::ThreadBudget(int threads) : threads_(clampThreads(threads)) {
    previous_ = at::get_num_threads();  // also runs ATen's lazy per-thread initialisation first
#ifdef _OPENMP
    omp_set_num_threads(threads_);
#else
    at::set_num_threads(threads_);
#endif
}

ThreadBudget::~ThreadBudget() {
#ifdef _OPENMP
    omp_set_num_threads(previous_);
#else
    at::set_num_threads(previous_);
#endif
}

RuntimeInfo currentRuntime() { return describe(); }

void releaseFreeMemory() { malloc_trim(0); }

std::string processorName() {
    std::ifstream in("/proc/cpuinfo");
    std::string line, name = "unknown CPU";
    while (std::getline(in, line)) {
        if (line.rfind("model name", 0) == 0 && line.find(':') != std::string::npos) {
            name = line.substr(line.find(':') + 2);
            break;
        }
    }
    return name + " (" + std::to_string(hardwareThreads()) + " threads)";
}

std::string torchVersion() { return TORCH_VERSION; }
std::string programVersion() { return HLCNN_VERSION; }

}  // namespace hlcnn
