// Measured forward latency of a graph on this machine (CPU, or CUDA when LibTorch has it).
#pragma once

#include "hlcnn/core/graph.h"

#include <functional>
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

// Summary of timed calls, in milliseconds (percentiles by nearest rank).
struct TimingStats {
    std::vector<double> samplesMs;
    double meanMs = 0, p50Ms = 0, p90Ms = 0, p99Ms = 0, minMs = 0, stdMs = 0;
};
TimingStats timingStats(std::vector<double> samplesMs);  // throws std::invalid_argument when empty

// Times several calls side by side: `warmup` untimed calls of each, then `rounds` rounds in each of
// which every call runs its share of `iters` timed repetitions in turn, so that a slow phase of the
// machine falls on all of them alike. One TimingStats per call, in order.
std::vector<TimingStats> timeInterleaved(const std::vector<std::function<void()>>& calls, int warmup, int iters, int rounds);

}  // namespace hlcnn
