// Exact analytic cost accounting, per primitive layer, per top-level block and in total.
#pragma once

#include "hlcnn/core/analysis.h"
#include "hlcnn/core/graph.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hlcnn {

struct CostFigures {
    std::int64_t params = 0;            // trainable parameters (buffers excluded, as torchvision)
    std::int64_t buffers = 0;           // non-trained state (BN running statistics)
    std::int64_t macs = 0;              // conv + linear multiply-accumulates
    std::int64_t otherOps = 0;          // BN, activations, pooling, adds, attention scaling, fusion
    std::int64_t activationBytes = 0;   // fp32 output tensors (batch 1)
    std::int64_t trafficBytes = 0;      // fp32 bytes read (inputs + weights) + written (outputs)

    // FLOPs = 2 x MACs, the one convention everywhere (docs/profiler.md); other ops are their own figure.
    std::int64_t flops() const { return 2 * macs; }
    // FLOPs per byte moved; 0 when nothing moves.
    double arithmeticIntensity() const;
    CostFigures& operator+=(const CostFigures& o);
};

struct LayerProfile {
    std::string id;
    std::string op;
    std::string block;
    TensorShape output;
    CostFigures cost;
};

struct BlockProfile {
    std::string id;
    std::string op;
    TensorShape output;
    CostFigures cost;
    int primitiveCount = 0;
};

struct ModelProfile {
    std::string model;
    TensorShape input;
    std::vector<LayerProfile> layers;
    std::vector<BlockProfile> blocks;   // top-level nodes, in graph order
    CostFigures total;
    std::int64_t peakActivationBytes = 0;  // largest set of live tensors during a batch-1 forward

    std::int64_t modelBytesFp32() const { return 4 * (total.params + total.buffers); }
    // int8: one byte per weight (BN folds into convs); per-channel scales not included.
    std::int64_t modelBytesInt8() const { return total.params; }
};

ModelProfile profileAnalysis(const std::string& model, const TensorShape& input, const Analysis& analysis);
ModelProfile profileGraph(const Graph& graph);  // throws GraphError when the graph is invalid

}  // namespace hlcnn
