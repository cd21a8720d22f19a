#include "hlcnn/experiments/latency_table.h"

#include "hlcnn/core/graph_module.h"
#include "hlcnn/core/micro_graphs.h"
#include "hlcnn/core/model_export.h"
#include "hlcnn/core/quantization.h"
#include "hlcnn/core/torchscript_export.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <QTemporaryDir>

#include <algorithm>

#include <nlohmann/json.hpp>

namespace hlcnn {

namespace {

std::string firstLineOf(const std::string& text) { return text.substr(0, text.find('\n')); }

// The graph as a lite-interpreter file with random weights: what it computes does not matter for
// its time. int8 is calibrated on two seeded random batches with the phone's engine. Nothing
// process-wide is touched but the quantized engine, which QuantEngineScope holds and restores.
void writeLiteModel(const Graph& graph, const std::string& precision, const std::string& path) {
    GraphModule module(graph, 1);
    module->eval();
    nlohmann::json meta{{"format", "ptl"}, {"precision", precision}, {"graph", graph.name}, {"input", graph.input.dims},
                        {"purpose", "latency table micro-model (random weights)"}};
    torch::NoGradGuard noGrad;
    if (precision == "int8") {
        QuantEngineScope scope(QuantEngine::Qnnpack);
        at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(7);
        std::vector<std::int64_t> shape{4};
        shape.insert(shape.end(), graph.input.dims.begin(), graph.input.dims.end());
        int batches = 0;
        QuantizeOptions options;
        options.engine = QuantEngine::Qnnpack;
        QuantizedModel q = quantizeStatic(*module, [&](torch::Tensor& x) {
            if (batches++ == 2) return false;
            x = torch::randn(shape, gen);
            return true;
        }, options);
        saveModel(prepareForTarget(q.module, ExportFormat::Lite, true), ExportFormat::Lite, path, meta.dump());
    } else {
        saveModel(prepareForTarget(toInferenceTorchScript(*module), ExportFormat::Lite, false), ExportFormat::Lite, path, meta.dump());
    }
}

}  // namespace

StoredLatencyTable storedLatencyTable(const std::vector<BlockLatencyRecord>& rows, const Graph& graph) {
    StoredLatencyTable t;
    const std::string overhead = overheadKey(graph.input);
    for (const BlockLatencyRecord& r : rows) {
        if (r.blockKey == overhead) {
            t.overheadMs = r.ms;
            t.hasOverhead = true;
        } else {
            t.blockMs[r.blockKey] = r.ms;
        }
    }
    return t;
}

LatencyTableResult measureLatencyTable(const Adb& adb, const LatencyTableRequest& r) {
    if (r.precision != "fp32" && r.precision != "int8") throw DeviceError("precision must be fp32 or int8, got '" + r.precision + "'");
    const BlockConfigs configs = blockConfigs(r.graph);
    QTemporaryDir dir;
    if (!dir.isValid()) throw DeviceError("cannot create a temporary folder for the micro-models");
    const auto progress = [&](const std::string& what) {
        if (r.progress) r.progress(what);
    };

    LatencyTableResult result;
    result.skipped = configs.skipped;
    // Each file is timed with the whole device protocol (push by hash, pinned cores, thermal check).
    const auto time = [&](const Graph& g, const std::string& name, const std::string& label) -> DeviceProfile {
        const std::string path = dir.path().toStdString() + "/" + name + ".ptl";
        try {
            writeLiteModel(g, r.precision, path);
        } catch (const std::exception& e) {
            throw DeviceError("cannot write the micro-model of " + label + " as " + r.precision + ": " + firstLineOf(e.what()));
        }
        DeviceProfileRequest pr;
        pr.serial = r.serial;
        pr.artifact = path;
        pr.runner = r.runner;
        pr.runnerLibs = r.runnerLibs;
        pr.affinity = r.affinity;
        pr.threads = r.threads;
        pr.warmup = r.warmup;
        pr.iters = r.iters;
        pr.timeoutS = r.timeoutS;
        pr.cancelled = r.cancelled;
        pr.measureEnergy = false;  // a second of idle sampling per block buys the table nothing
        progress("timing " + label);
        DeviceProfile p = profileOnDevice(adb, pr);
        if (!p.throttling.empty()) progress("throttled while timing " + label + ": " + p.throttling);
        return p;
    };
    const auto row = [&](const DeviceProfile& p, const std::string& key, const std::string& op) {
        BlockLatencyRecord b;
        b.serial = p.before.serial;
        b.deviceName = p.before.displayName();
        b.fingerprint = p.before.fingerprint;
        b.blockKey = key;
        b.op = op;
        b.precision = r.precision;
        b.threads = r.threads;
        b.affinity = r.affinity;
        b.ms = p.stats.p50Ms;
        b.iters = r.iters;
        return b;
    };

    const DeviceProfile overhead = time(overheadGraph(r.graph.input), "overhead", "the runner's overhead");
    result.device = overhead.before;
    result.overheadMs = overhead.stats.p50Ms;
    result.rows.push_back(row(overhead, overheadKey(r.graph.input), "(overhead)"));
    int index = 0;
    for (const BlockConfig& block : configs.blocks) {
        ++index;
        const std::string label = block.op + " (" + block.nodeIds.front() + (block.nodeIds.size() > 1 ? " and " + std::to_string(block.nodeIds.size() - 1) + " more" : "") +
                                  ", " + std::to_string(index) + "/" + std::to_string(configs.blocks.size()) + ")";
        result.rows.push_back(row(time(block.graph, "block" + std::to_string(index), label), block.key, block.op));
        const bool timed = std::any_of(result.rows.begin(), result.rows.end(), [&](const BlockLatencyRecord& b) { return b.blockKey == block.baselineKey; });
        if (!block.baselineKey.empty() && !timed)
            result.rows.push_back(row(time(block.baseline, "baseline" + std::to_string(index), "the adapters of " + label), block.baselineKey,
                                      "(adapters of " + block.op + ")"));
    }
    std::map<std::string, double> blockMs;
    for (const BlockLatencyRecord& b : result.rows) blockMs[b.blockKey] = b.ms;
    const LatencyPrediction predicted = predictLatency(r.graph, blockMs, result.overheadMs);
    result.predictedMs = predicted.totalMs;
    result.missing = predicted.missing;
    if (r.checkWholeModel) result.measuredMs = time(r.graph, "whole", "the whole model").stats.p50Ms;
    return result;
}

}  // namespace hlcnn
