// Process-wide compute settings: LibTorch intra-op threads and the BLAS library's own threads.
#pragma once

#include <string>

namespace hlcnn {

struct RuntimeInfo {
    int intraOpThreads = 1;
    int blasThreads = -1;         // -1: the BLAS in use exposes no thread control
    std::string blas;             // e.g. "OpenBLAS 0.3.21 ...", or "reference BLAS (slow)"
};

// Hardware threads, at least 1.
int hardwareThreads();

// Sets LibTorch's intra-op threads (0: all hardware threads) and the BLAS threads (default 1:
// OpenBLAS's own pool otherwise competes with LibTorch's and slows every GEMM; see
// docs/performance.md for the measurement behind this default).
RuntimeInfo configureRuntime(int intraOpThreads = 0, int blasThreads = 1);

RuntimeInfo currentRuntime();

// Returns free heap memory to the system (the runtime keeps it between steps; see configureRuntime).
void releaseFreeMemory();

// The CPU's model name (/proc/cpuinfo) and thread count, e.g. "Intel(R) Xeon(R) ... (2 threads)".
std::string processorName();

std::string torchVersion();    // the LibTorch this program was built against, e.g. "1.13.1"
std::string programVersion();  // HL-CNN Workbench's version

}  // namespace hlcnn
