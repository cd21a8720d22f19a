#include "hlcnn/core/frozen_forward.h"

#include "hlcnn/core/latency_bench.h"

#include <torch/script.h>

#include <cstdio>

namespace hlcnn {

const char* frozenLayoutName(FrozenLayout layout) {
    return layout == FrozenLayout::OneDnn ? "oneDNN layouts" : "channels-last";
}

at::Tensor FrozenForward::forward(const at::Tensor& input) {
    if (layout == FrozenLayout::ChannelsLast) return module.forward({input.contiguous(at::MemoryFormat::ChannelsLast)}).toTensor();
    return module.forward({input}).toTensor();
}

std::string FrozenForward::describe() const {
    std::string s = std::string("frozen, ") + frozenLayoutName(layout);
    if (oneDnnMs > 0 && channelsLastMs > 0) {
        char timing[96];
        std::snprintf(timing, sizeof timing, " (timed here: oneDNN layouts %.2f ms, channels-last %.2f ms)", oneDnnMs, channelsLastMs);
        s += timing;
    }
    return s;
}

FrozenForward frozenForward(const torch::jit::Module& scripted, FrozenLayout layout) {
    torch::jit::Module copy = scripted.clone();
    copy.eval();
    FrozenForward f;
    f.layout = layout;
    f.module = layout == FrozenLayout::OneDnn ? torch::jit::optimize_for_inference(copy) : torch::jit::freeze(copy);
    return f;
}

FrozenForward fastestFrozen(const torch::jit::Module& scripted, const at::Tensor& input, int rounds, int itersPerRound) {
    FrozenForward oneDnn = frozenForward(scripted, FrozenLayout::OneDnn);
    FrozenForward channelsLast = frozenForward(scripted, FrozenLayout::ChannelsLast);
    torch::NoGradGuard noGrad;
    const std::vector<TimingStats> t = timeInterleaved({[&] { oneDnn.forward(input); }, [&] { channelsLast.forward(input); }},
                                                       /*warmup=*/3, rounds * itersPerRound, rounds);
    FrozenForward& best = t[1].p50Ms < t[0].p50Ms ? channelsLast : oneDnn;
    best.oneDnnMs = t[0].p50Ms;
    best.channelsLastMs = t[1].p50Ms;
    return best;
}

}  // namespace hlcnn
