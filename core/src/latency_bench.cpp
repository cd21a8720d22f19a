#include "hlcnn/core/latency_bench.h"

#include "hlcnn/core/graph_module.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <numeric>

namespace hlcnn {

namespace {

// Nearest rank on sorted samples.
double percentile(const std::vector<double>& sorted, double q) {
    return sorted[std::min(sorted.size() - 1, std::size_t(q * double(sorted.size() - 1) + 0.5))];
}

}  // namespace

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
    const TimingStats t = timingStats(r.samplesMs);
    std::vector<double> s = r.samplesMs;
    std::sort(s.begin(), s.end());
    r.medianMs = t.p50Ms;
    r.p10Ms = percentile(s, 0.1);
    r.p90Ms = t.p90Ms;
    r.minMs = t.minMs;
    r.meanMs = t.meanMs;
    return r;
}

TimingStats timingStats(std::vector<double> samplesMs) {
    if (samplesMs.empty()) throw std::invalid_argument("no timing samples");
    TimingStats t;
    t.samplesMs = samplesMs;
    std::sort(samplesMs.begin(), samplesMs.end());
    t.p50Ms = percentile(samplesMs, 0.5);
    t.p90Ms = percentile(samplesMs, 0.9);
    t.p99Ms = percentile(samplesMs, 0.99);
    t.minMs = samplesMs.front();
    t.meanMs = std::accumulate(samplesMs.begin(), samplesMs.end(), 0.0) / double(samplesMs.size());
    double squares = 0;
    for (double v : samplesMs) squares += (v - t.meanMs) * (v - t.meanMs);
    t.stdMs = samplesMs.size() > 1 ? std::sqrt(squares / double(samplesMs.size() - 1)) : 0.0;
    return t;
}

std::vector<TimingStats> timeInterleaved(const std::vector<std::function<void()>>& calls, int warmup, int iters, int rounds) {
    if (iters < 1 || rounds < 1 || warmup < 0) throw std::invalid_argument("iters and rounds must be at least 1, warmup at least 0");
    rounds = std::min(rounds, iters);
    for (const auto& call : calls)
        for (int i = 0; i < warmup; ++i) call();
    std::vector<std::vector<double>> samples(calls.size());
    for (int r = 0; r < rounds; ++r) {
        const int share = iters / rounds + (r < iters % rounds ? 1 : 0);
        for (std::size_t c = 0; c < calls.size(); ++c)
            for (int i = 0; i < share; ++i) {
                const auto t0 = std::chrono::steady_clock::now();
                calls[c]();
                samples[c].push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
            }
    }
    std::vector<TimingStats> out;
    for (auto& s : samples) out.push_back(timingStats(std::move(s)));
    return out;
}

}  // namespace hlcnn
