// Our own fp32 inference runtime. The graph's op lowerings (op_lowering.h) are recorded once, for a
// fixed batch, into a list of oneDNN primitives over channels-last buffers, and that list is all a
// forward runs: no interpreter, no dispatcher, no allocation per call. On the way:
//  - batch norm is folded into the convolution before it (or becomes a 1x1 depthwise scale-shift);
//  - an activation becomes a post-op of the convolution, linear layer or elementwise op before it;
//  - a residual addition becomes the sum post-op of one of its convolutions, written in place over
//    the other operand when nothing reads that afterwards;
//  - a channel shuffle (view, transpose, contiguous, view) is one shuffle primitive;
//  - buffers are reused once their last reader has run.
// oneDNN is the library LibTorch itself calls for these convolutions (the same libdnnl.so.2);
// what differs from LibTorch's frozen forward is the fusion and the absence of per-op overhead.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace hlcnn {

class GraphModuleImpl;

class NativeForward {
public:
    // The module's current parameters and running statistics, evaluated as in eval mode. Throws
    // std::invalid_argument naming the node when the graph uses something this runtime cannot run.
    NativeForward(const GraphModuleImpl& module, std::int64_t batch);

    // Fills its argument with the next calibration images (N x C x H x W, normalised as the
    // model's input); false when there are no more.
    using CalibrationSource = std::function<bool(at::Tensor&)>;
    // The int8 form of the same program: convolutions (weights symmetric per output channel),
    // pools, shuffles, splits, concatenations and binary ops on int8 activations (per tensor,
    // unsigned where calibration never saw a negative value), the linear layer reading int8 and
    // writing float, the remaining ops on float with conversions between. Ranges are the min/max
    // each step of the float program reaches on the calibration images. Throws
    // std::invalid_argument for a graph the runtime cannot run or fewer images than `batch`.
    static NativeForward quantized(const GraphModuleImpl& module, std::int64_t batch, const CalibrationSource& next);

    ~NativeForward();
    NativeForward(NativeForward&&) noexcept;
    NativeForward& operator=(NativeForward&&) noexcept;

    // input: batch x C x H x W, float, any strides; returns the first graph output.
    at::Tensor forward(const at::Tensor& input);

    // One executed step: its primitive and the graph nodes whose work it does.
    struct Step {
        std::string kind;                 // "conv", "conv+sum", "pool", "binary", ...
        std::vector<std::string> nodes;   // graph node ids, in order
        // int8 programs: the step's output against the float program's on the first calibration
        // images, 10 log10(|float|^2 / |float - int8|^2); NaN for float programs and conversions
        double sqnrDb = std::numeric_limits<double>::quiet_NaN();
    };
    const std::vector<Step>& steps() const;
    // Median milliseconds of each step over `iters` forwards of `input` (after one warm-up).
    std::vector<double> stepMilliseconds(const at::Tensor& input, int iters);

    bool isInt8() const;

    // "oneDNN primitives: N steps for M graph ops, K MiB of activation buffers"
    std::string describe() const;

private:
    struct Impl;
    explicit NativeForward(std::unique_ptr<Impl> impl);
    static std::unique_ptr<Impl> floatProgram(const GraphModuleImpl& module, std::int64_t batch, bool interleave);
    std::unique_ptr<Impl> impl_;
};

}  // namespace hlcnn
