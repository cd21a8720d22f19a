// Measured forward latency of a graph on this machine (CPU, or CUDA when LibTorch has it).
#pragma once

#include "hlcnn/core/graph.h"

#include <cstdint>
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

// Where the time of a forward goes, layer by layer, next to the exact analytic costs.
struct LayerTime {
    std::string id, op, block;
    double ms = 0;               // median over the timed forwards
    double timeShare = 0;        // of the summed layer medians
    double macShare = 0;         // of the model's MACs
    std::int64_t macs = 0, trafficBytes = 0;
    double flopsPerByte = 0;     // arithmetic intensity (analytic, fp32)
    std::string flag;            // why the layer costs more time than its MACs say; "" when it does not
    // Native runtime: the layer whose fused step also does this layer's work, and so carries its
    // time (this layer's ms is then 0); "" when the layer has a step, or a module, of its own.
    std::string fusedInto;
    // Native runtime: no step does anything for this layer (dropout and flatten: an identity and a
    // view at inference); its ms is 0.
    bool runsNothing = false;
};
// How the forward is run while it is timed.
enum class LayerTimeRuntime {
    Eager,    // the LibTorch modules op by op (the trainer's model), each layer timed on its own
    Native,   // our fused oneDNN program (native_forward.h), each step timed on its own
};
struct LayerTimeProfile {
    std::vector<LayerTime> layers;   // analysis order
    double layerSumMs = 0;           // sum of the layer medians
    double forwardMedianMs = 0;      // whole timed forwards, median
    int iters = 0, batch = 1;
    LayerTimeRuntime runtime = LayerTimeRuntime::Eager;
    int steps = 0;                   // timed units: layers (eager) or fused steps (native)
};
// A layer is flagged when it takes at least 2 % of the time and more than twice its share of MACs:
// "fewer FLOPs is not faster". The reason names what the profile can see: no MACs at all (pure data
// movement), a depthwise convolution, or a low FLOPs-per-byte ratio. On the native runtime a step's
// time goes to the layer of its step with the most MACs (the first, when none has any); a layer
// that carries no step's time is "fused into" one that does, and the flag compares that layer's
// time share with the MAC share of itself and the layers fused into it.
LayerTimeProfile measureLayerTimes(const Graph& graph, int batch, int warmup, int iters,
                                   LayerTimeRuntime runtime = LayerTimeRuntime::Eager);

// Summary of timed calls, in milliseconds (percentiles by nearest rank).
struct TimingStats {
    std::vector<double> samplesMs;
    double meanMs = 0, p10Ms = 0, p50Ms = 0, p90Ms = 0, p99Ms = 0, minMs = 0, stdMs = 0;
};
TimingStats timingStats(std::vector<double> samplesMs);  // throws std::invalid_argument when empty

// Times several calls side by side: `warmup` untimed calls of each, then `rounds` rounds in each of
// which every call runs its share of `iters` timed repetitions in turn, so that a slow phase of the
// machine falls on all of them alike. One TimingStats per call, in order.
std::vector<TimingStats> timeInterleaved(const std::vector<std::function<void()>>& calls, int warmup, int iters, int rounds);

}  // namespace hlcnn
