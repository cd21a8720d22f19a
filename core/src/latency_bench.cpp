#include "hlcnn/core/latency_bench.h"

#include "hlcnn/core/graph_module.h"
#include "hlcnn/core/native_forward.h"
#include "hlcnn/core/profiler.h"

#include <ATen/CPUGeneratorImpl.h>

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
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

namespace {

// Median milliseconds of each analysis node of the eager forward (the module times its own steps).
std::vector<double> eagerLayerMilliseconds(GraphModule& module, const torch::Tensor& input, int warmup, int iters,
                                           std::vector<double>& wholeMs) {
    std::vector<std::vector<double>> perStep(module->analysis().nodes.size());
    std::vector<double> stepMs;
    for (int i = 0; i < warmup + iters; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        module->forwardTimed(input, stepMs);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        if (i < warmup) continue;
        wholeMs.push_back(ms);
        for (std::size_t s = 0; s < stepMs.size() && s < perStep.size(); ++s) perStep[s].push_back(stepMs[s]);
    }
    std::vector<double> medians;
    for (std::vector<double>& v : perStep) medians.push_back(timingStats(v).p50Ms);
    return medians;
}

std::string slowLayerReason(const LayerTime& t, double timeShare, double macShare) {
    char buf[200];
    if (macShare == 0)
        std::snprintf(buf, sizeof buf, "no MACs: %.1f%% of the time moving %.0f KiB (copies, elementwise, dispatch)",
                      100 * timeShare, double(t.trafficBytes) / 1024.0);
    else if (t.op == "depthwise_conv")
        std::snprintf(buf, sizeof buf, "depthwise: %.1f FLOPs/byte, memory-bound (%.1f%% of time for %.1f%% of MACs)",
                      t.flopsPerByte, 100 * timeShare, 100 * macShare);
    else
        std::snprintf(buf, sizeof buf, "%.1f FLOPs/byte: low arithmetic intensity (%.1f%% of time for %.1f%% of MACs)",
                      t.flopsPerByte, 100 * timeShare, 100 * macShare);
    return buf;
}

}  // namespace

LayerTimeProfile measureLayerTimes(const Graph& graph, int batch, int warmup, int iters, LayerTimeRuntime runtime) {
    if (batch < 1 || iters < 1 || warmup < 0) throw std::invalid_argument("batch and iters must be at least 1, warmup at least 0");
    GraphModule module(graph);
    module->eval();
    torch::NoGradGuard noGrad;
    std::vector<std::int64_t> shape{batch};
    for (std::int64_t d : graph.input.dims) shape.push_back(d);
    at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(1);
    const torch::Tensor input = torch::randn(shape, gen);
    const Analysis& a = module->analysis();
    const ModelProfile costs = profileGraph(graph);
    LayerTimeProfile out;
    out.iters = iters;
    out.batch = batch;
    out.runtime = runtime;
    std::map<std::string, std::size_t> row;   // node id -> its place in analysis order
    for (std::size_t s = 0; s < a.nodes.size(); ++s) {
        LayerTime t;
        t.id = a.nodes[s].id;
        t.op = a.nodes[s].op;
        for (const LayerProfile& l : costs.layers)
            if (l.id == t.id) {
                t.block = l.block;
                t.macs = l.cost.macs * batch;
                t.trafficBytes = l.cost.trafficBytes * batch;
                t.flopsPerByte = l.cost.arithmeticIntensity();
            }
        row[t.id] = s;
        out.layers.push_back(t);
    }
    // The groups of layers that are timed as one: every layer alone (eager), or a fused step (native).
    std::vector<std::vector<std::size_t>> groups;
    std::vector<double> groupMs, whole;
    if (runtime == LayerTimeRuntime::Eager) {
        groupMs = eagerLayerMilliseconds(module, input, warmup, iters, whole);
        for (std::size_t s = 0; s < out.layers.size(); ++s) groups.push_back({s});
        groupMs.resize(groups.size());
    } else {
        NativeForward native(*module, batch);
        for (int i = 0; i < warmup; ++i) native.forward(input);
        for (int i = 0; i < iters; ++i) {
            const auto t0 = std::chrono::steady_clock::now();
            native.forward(input);
            whole.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        }
        groupMs = native.stepMilliseconds(input, iters);
        for (const NativeForward::Step& step : native.steps()) {
            std::vector<std::size_t> members;
            for (const std::string& node : step.nodes)
                if (auto it = row.find(node); it != row.end()) members.push_back(it->second);
            groups.push_back(members);
        }
    }
    out.forwardMedianMs = timingStats(whole).p50Ms;
    out.steps = int(groups.size());
    const double totalMacs = double(std::max<std::int64_t>(1, costs.total.macs * batch));
    for (LayerTime& t : out.layers) t.macShare = double(t.macs) / totalMacs;
    std::vector<std::size_t> owners;   // the layer that carries each group's time
    for (std::size_t g = 0; g < groups.size(); ++g) {
        if (groups[g].empty()) {
            owners.push_back(out.layers.size());   // a conversion of the int8 program: no layer of its own
            continue;
        }
        std::size_t owner = groups[g].front();
        for (std::size_t m : groups[g])
            if (out.layers[m].macs > out.layers[owner].macs) owner = m;
        out.layers[owner].ms += groupMs[g];
        owners.push_back(owner);
        out.layerSumMs += groupMs[g];
    }
    // A layer that carries no step's time is done inside another's step (a composite layer such as
    // channel attention may run as several steps, some of them its own).
    std::vector<bool> carries(out.layers.size() + 1, false), covered(out.layers.size(), runtime == LayerTimeRuntime::Eager);
    for (std::size_t o : owners) carries[o] = true;
    for (std::size_t g = 0; g < groups.size(); ++g)
        for (std::size_t m : groups[g]) {
            covered[m] = true;
            if (!carries[m] && out.layers[m].fusedInto.empty()) out.layers[m].fusedInto = out.layers[owners[g]].id;
        }
    for (std::size_t m = 0; m < out.layers.size(); ++m) out.layers[m].runsNothing = !covered[m];
    for (LayerTime& t : out.layers) t.timeShare = out.layerSumMs > 0 ? t.ms / out.layerSumMs : 0;
    // A row's time pays for its own MACs and those of the rows fused into it.
    std::map<std::string, double> paidMacShare;
    for (const LayerTime& t : out.layers) paidMacShare[t.fusedInto.empty() ? t.id : t.fusedInto] += t.macShare;
    for (LayerTime& t : out.layers) {
        const double macShare = paidMacShare[t.id];
        if (!t.fusedInto.empty() || t.runsNothing || t.timeShare < 0.02 || t.timeShare <= 2 * macShare) continue;
        t.flag = slowLayerReason(t, t.timeShare, macShare);
    }
    return out;
}

TimingStats timingStats(std::vector<double> samplesMs) {
    if (samplesMs.empty()) throw std::invalid_argument("no timing samples");
    TimingStats t;
    t.samplesMs = samplesMs;
    std::sort(samplesMs.begin(), samplesMs.end());
    t.p10Ms = percentile(samplesMs, 0.1);
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
