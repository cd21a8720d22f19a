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
    ~NativeForward();
    NativeForward(NativeForward&&) noexcept;
    NativeForward& operator=(NativeForward&&) noexcept;

    // input: batch x C x H x W, float, any strides; returns the first graph output.
    at::Tensor forward(const at::Tensor& input);

    // One executed step: its primitive and the graph nodes whose work it does.
    struct Step {
        std::string kind;                 // "conv", "conv+sum", "pool", "binary", ...
        std::vector<std::string> nodes;   // graph node ids, in order
    };
    const std::vector<Step>& steps() const;
    // Median milliseconds of each step over `iters` forwards of `input` (after one warm-up).
    std::vector<double> stepMilliseconds(const at::Tensor& input, int iters);

    // "oneDNN primitives: N steps for M graph ops, K MiB of activation buffers"
    std::string describe() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace hlcnn
