// A phone's per-block latency table for a graph: one micro-model per distinct block configuration
// (core/micro_graphs.h), written as a .ptl (fp32, or int8 calibrated on seeded random batches:
// timing does not depend on the values) and timed with the device protocol; plus the runner's
// overhead, and the whole model to check the prediction against.
#pragma once

#include "hlcnn/core/graph.h"
#include "hlcnn/experiments/device_profiler.h"
#include "hlcnn/experiments/experiment_store.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace hlcnn {

struct LatencyTableRequest {
    std::string serial;
    Graph graph;
    std::string precision = "fp32";         // fp32 | int8
    int threads = 1;
    std::string affinity = "all";
    int warmup = 5, iters = 20;
    std::string runner;                     // "" = locateRunner(); an hlcnn-bench build
    std::vector<std::string> runnerLibs;    // pushed next to it (a phone build's shared libraries)
    bool checkWholeModel = true;            // also time the whole graph and compare with the prediction
    int timeoutS = 300;
    std::function<bool()> cancelled;
    std::function<void(const std::string&)> progress;
};

struct LatencyTableResult {
    DeviceInfo device;
    std::vector<BlockLatencyRecord> rows;        // the overhead first, then one per block configuration
    std::map<std::string, std::string> skipped;  // node id -> why no micro-model
    double overheadMs = 0;
    // the whole graph: predicted from the rows, and measured (when checked)
    double predictedMs = 0, measuredMs = -1;
    std::vector<std::string> missing;            // nodes the prediction could not count
};

// Throws DeviceError (device problems, a runner failure), DeviceCancelled, GraphError.
LatencyTableResult measureLatencyTable(const Adb& adb, const LatencyTableRequest& request);

// The stored table as block key -> ms and the overhead for `graph`'s input ("" keys absent).
struct StoredLatencyTable {
    std::map<std::string, double> blockMs;
    double overheadMs = 0;
    bool hasOverhead = false;
};
StoredLatencyTable storedLatencyTable(const std::vector<BlockLatencyRecord>& rows, const Graph& graph);

}  // namespace hlcnn
