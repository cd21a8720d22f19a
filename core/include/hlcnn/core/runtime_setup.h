// Process-wide compute settings (malloc policy, BLAS threads), set once by each executable at start,
// and the per-thread intra-op budget a training run or benchmark honours without touching others.
#pragma once

#include <string>

namespace hlcnn {

struct RuntimeInfo {
    int intraOpThreads = 1;       // of the calling thread
    int blasThreads = -1;         // -1: the BLAS in use exposes no thread control
    std::string blas;             // e.g. "OpenBLAS 0.3.21 ...", or "reference BLAS (slow)"
    std::string parallelBackend;  // e.g. "OpenMP"
};

// Hardware threads, at least 1.
int hardwareThreads();

// Program start only (main of each executable, before any thread trains): fixes glibc's malloc
// thresholds, sets the BLAS library's own threads (default 1: OpenBLAS's pool otherwise competes
// with LibTorch's and slows every GEMM; docs/performance.md) and the intra-op threads of threads
// that never set a budget (0: all hardware threads). Never called by a run.
RuntimeInfo configureProcess(int blasThreads = 1, int defaultIntraOpThreads = 0);

// Sets the BLAS threads only; for a benchmark process that sweeps them (bench latency --blas-threads).
void setBlasThreads(int threads);

// The calling thread's LibTorch intra-op threads for its lifetime, restored on destruction.
// LibTorch's OpenMP backend keeps the thread count per calling thread (OpenMP's nthreads-var is a
// per-thread setting), so two runs in two threads each get their own budget; at::set_num_threads
// would also rewrite the process default that other threads start from (docs/training.md has
// the measurement). threads <= 0 means all hardware threads.
class ThreadBudget {
public:
    explicit ThreadBudget(int threads);
    ~ThreadBudget();
    ThreadBudget(const ThreadBudget&) = delete;
    ThreadBudget& operator=(const ThreadBudget&) = delete;
    int threads() const { return threads_; }

private:
    int previous_ = 1;
    int threads_ = 1;
};

// The calling thread's intra-op threads, BLAS and backend.
RuntimeInfo currentRuntime();

// Returns free heap memory to the system (the process keeps it between steps; see configureProcess).
// For the owner of all runs (the CLI after its run, the GUI's queue when no run is active): it is
// process-wide, so a run never calls it.
void releaseFreeMemory();

// The CPU's model name (/proc/cpuinfo) and thread count, e.g. "Intel(R) Xeon(R) ... (2 threads)".
std::string processorName();

std::string torchVersion();    // the LibTorch this program was built against, e.g. "1.13.1"
std::string programVersion();  // HL-CNN Workbench's version

}  // namespace hlcnn
