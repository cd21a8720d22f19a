// Post-training static int8 quantization of a graph module, with LibTorch's graph-mode passes
// (insert observers -> calibrate on real batches -> insert quant/dequant -> finalize), all from C++.
// Weights: per-channel symmetric int8. Activations: per-tensor affine uint8 from an observer.
#pragma once

#include "hlcnn/core/graph_module.h"

#include <torch/csrc/jit/api/module.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace hlcnn {

// The int8 kernels: QNNPACK is what Android runs; oneDNN is the host's (x86, VNNI where present).
enum class QuantEngine { Qnnpack, Onednn };
const char* quantEngineName(QuantEngine engine);             // "qnnpack" | "onednn"
QuantEngine parseQuantEngine(const std::string& name);       // throws std::invalid_argument

// How activation ranges are taken from the calibration batches.
enum class RangeObserver {
    MinMax,          // the smallest and largest value seen
    MovingAverage,   // exponential moving average of each batch's min and max (factor 0.01)
    Percentile       // moving average of each batch's 0.01 % and 99.99 % quantiles: clips outliers
};
const char* rangeObserverName(RangeObserver observer);       // "minmax" | "moving-average" | "percentile"
RangeObserver parseRangeObserver(const std::string& name);   // throws std::invalid_argument

struct QuantizeOptions {
    QuantEngine engine = QuantEngine::Qnnpack;
    RangeObserver observer = RangeObserver::MinMax;
    // Also measure each block's int8 error (BlockError): a second model that returns every block's
    // output is calibrated alongside, which doubles the calibration time.
    bool measureBlockErrors = false;
};

// How far a block's int8 output is from its float output, on the first calibration batch.
struct BlockError {
    std::string block;   // the graph node (a block of the graph as the designer shows it)
    std::string op;
    double sqnrDb = 0;   // 10 log10(|float|^2 / |float - int8|^2); higher is better, +inf when exact
};

// An op of the quantized model that still computes in float, with the reason.
struct FloatOp {
    std::string op;      // e.g. aten::sigmoid
    int count = 0;
    std::string reason;
};

struct QuantizationReport {
    std::map<std::string, int> quantizedOps;  // quantized::conv2d_relu -> count, ...
    std::vector<FloatOp> floatOps;
    int calibrationBatches = 0;
    std::int64_t calibrationImages = 0;
    std::vector<BlockError> blockErrors;      // in graph order, when asked for
};

struct QuantizedModel {
    torch::jit::Module module;  // frozen; float input, float output (quantize/dequantize inside)
    QuantizationReport report;
};

// LibTorch's quantized engine is process-wide: this holds it set (and serialises its users) for its
// lifetime, then restores the previous engine. Quantizing or running an int8 model happens inside one.
class QuantEngineScope {
public:
    explicit QuantEngineScope(QuantEngine engine);
    ~QuantEngineScope();
    QuantEngineScope(const QuantEngineScope&) = delete;
    QuantEngineScope& operator=(const QuantEngineScope&) = delete;

private:
    int previous_;
};

// Calibrates on the batches `nextBatch` yields (N x C x H x W float, normalised as in training) until it
// returns false; needs at least one. Throws std::invalid_argument for no batch or a batch of the wrong
// shape, std::runtime_error when LibTorch's passes fail. Call inside a QuantEngineScope of the engine.
QuantizedModel quantizeStatic(GraphModuleImpl& module, const std::function<bool(torch::Tensor&)>& nextBatch,
                              const QuantizeOptions& options);

// The op kinds of a scripted module's forward (after freezing: every op), with counts.
std::map<std::string, int> forwardOpCounts(const torch::jit::Module& module);

}  // namespace hlcnn
