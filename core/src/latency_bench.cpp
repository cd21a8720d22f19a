#include "hlcnn/core/latency_bench.h"

#include "hlcnn/core/graph_module.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <numeric>

namespace hlcnn {

LatencyResult measureLatency(const Graph& graph, const LatencyOptions& options) {
    if (options.batch < 1 || options.repeats < 1 || options.warmup < 0)
        throw std::invalid_argument("batch and repeats must be at least 1, warmup at least 0");
    const torch::Device device(options.device);
    if (device.is_cuda() && !torch::cuda::is_available())
        throw std::invalid_argument("CUDA is not available in this LibTorch build");
    GraphModule module(graph);
    module->to(device);
    module->eval();
    torch::NoGradGuard noGrad;
    std::vector<std::int64_t> shape{options.batch};
    for (std::int64_t d : graph.input.dims) shape.push_back(d);
    const torch::Tensor input = torch::randn(shape).to(device);
    auto sync = [&] {
        if (device.is_cuda()) torch::cuda::synchronize();
    };
    for (int i = 0; i < options.warmup; ++i) module->forward(input);
    sync();
    LatencyResult r;
    r.batch = options.batch;
    r.device = options.device;
    for (int i = 0; i < options.repeats; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        module->forward(input);
        sync();
        r.samplesMs.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::vector<double> s = r.samplesMs;
    std::sort(s.begin(), s.end());
    auto at = [&](double q) { return s[std::min(s.size() - 1, std::size_t(q * double(s.size() - 1) + 0.5))]; };
    r.medianMs = at(0.5);
    r.p10Ms = at(0.1);
    r.p90Ms = at(0.9);
    r.minMs = s.front();
    r.meanMs = std::accumulate(s.begin(), s.end(), 0.0) / double(s.size());
    return r;
}

}  // namespace hlcnn
