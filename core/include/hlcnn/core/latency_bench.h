// Measured forward latency of a graph on this machine (CPU, or CUDA when LibTorch has it).
#pragma once

#include "hlcnn/core/graph.h"

#include <string>
#include <vector>

namespace hlcnn {

struct LatencyOptions {
    int batch = 1;
    int warmup = 5;
    int repeats = 30;
    std::string device = "cpu";
};

struct LatencyResult {
    std::vector<double> samplesMs;  // one per repeat
    double medianMs = 0, meanMs = 0, minMs = 0, p10Ms = 0, p90Ms = 0;
    int batch = 1;
    std::string device;
};

LatencyResult measureLatency(const Graph& graph, const LatencyOptions& options);

}  // namespace hlcnn
