// The fastest frozen fp32 form of an inference script on this host, chosen by timing it.
#pragma once

#include <ATen/core/Tensor.h>
#include <torch/csrc/jit/api/module.h>

#include <string>

namespace hlcnn {

enum class FrozenLayout {
    OneDnn,        // freeze + optimize_for_inference: convolutions in oneDNN's blocked layouts
    ChannelsLast,  // freeze, and the input (so every activation) in channels-last order
};
const char* frozenLayoutName(FrozenLayout layout);  // "oneDNN layouts" | "channels-last"

struct FrozenForward {
    torch::jit::Module module;
    FrozenLayout layout = FrozenLayout::OneDnn;
    double oneDnnMs = 0, channelsLastMs = 0;  // the medians that chose the layout; 0 when not timed
    at::Tensor forward(const at::Tensor& input);  // takes an ordinary (NCHW) input
    std::string describe() const;                       // the layout, and the timing that chose it
};

// One frozen form of `scripted` (which is not modified).
FrozenForward frozenForward(const torch::jit::Module& scripted, FrozenLayout layout);

// optimize_for_inference wins on most models at 224 px, but on small inputs the layout
// conversions around every block cost more than they save, and plain freezing with channels-last
// activations is faster (hlcnn_s at 32 px: 3.7 against 5.5 ms here). So both forms are built and
// timed on `input`, interleaved, on this machine, and the faster one is kept.
FrozenForward fastestFrozen(const torch::jit::Module& scripted, const at::Tensor& input, int rounds = 3, int itersPerRound = 5);

}  // namespace hlcnn
