// Depthwise convolution (one 2-D filter per channel) whose backward pass is computed by core.
// LibTorch 1.13's oneDNN depthwise backward runs about 13x slower than its own forward on the small
// maps of CIFAR-sized training, and is the largest single cost of a MobileNetV2 step
// (docs/training.md); our backward is a direct channels-last loop. The forward stays LibTorch's, so
// outputs are unchanged; gradients equal LibTorch's up to float rounding (tst_graph_module).
#pragma once

#include <torch/types.h>

#include <cstdint>

namespace hlcnn {

// Whether depthwiseConv2d handles this call: CPU float, groups == channels, multiplier 1, square kernel.
bool hasOwnDepthwiseBackward(const torch::Tensor& x, const torch::Tensor& weight, std::int64_t groups);

// torch::conv2d(x, weight, {}, stride, padding, dilation, groups = channels), with core's backward.
torch::Tensor depthwiseConv2d(const torch::Tensor& x, const torch::Tensor& weight, std::int64_t stride,
                              std::int64_t padding, std::int64_t dilation);

}  // namespace hlcnn
