// hlcnn bench infer: one model's forward latency on this machine under several runtimes, measured
// side by side (interleaved rounds) so the ratios between runtimes hold even on a noisy machine.
#include "arguments.h"
#include "commands.h"
#include "model_source.h"
#include "store_access.h"

#include "hlcnn/core/batch_loader.h"
#include "hlcnn/core/dataset.h"
#include "hlcnn/core/energy_meter.h"
#include "hlcnn/core/frozen_forward.h"
#include "hlcnn/core/graph_json.h"
#include "hlcnn/core/graph_module.h"
#include "hlcnn/core/latency_bench.h"
#include "hlcnn/core/model_export.h"
#include "hlcnn/core/onnx_export.h"
#include "hlcnn/core/native_forward.h"
#include "hlcnn/core/opencv_runtime.h"
#include "hlcnn/core/profiler.h"
#include "hlcnn/core/quantization.h"
#include "hlcnn/core/runtime_setup.h"
#include "hlcnn/core/torchscript_export.h"
#include "hlcnn/core/trainer.h"
#include "hlcnn/experiments/run_recorder.h"

#include <nlohmann/json.hpp>
#include <torch/csrc/jit/mobile/import.h>
#include <torch/csrc/jit/serialization/import.h>
#include <torch/script.h>
#include <torch/torch.h>

#include <sys/resource.h>

#include <chrono>
#include <cmath>

#include <cstdio>
#include <deque>
#include <fstream>
#include "hlcnn/core/mobile_export.h"
#include "hlcnn/mobile/xnnpack_runtime.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

namespace hlcnn::cli {

namespace {}  // namespace

const std::vector<std::string>& inferRuntimes() {
    static const std::vector<std::string> r{"eager", "script", "frozen", "native", "native-int8", "xnnpack", "xnnpack-int8", "int8", "lite", "opencv"};
    return r;
}

namespace {

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        if (!item.empty()) out.push_back(item);
    return out;
}

std::string endingOf(const std::string& path) {
    const auto dot = path.rfind('.');
    return dot == std::string::npos ? std::string() : path.substr(dot + 1);
}

long peakRssKib() {
    struct rusage u {};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

}  // namespace

int runBenchInfer(const Arguments& args) {
    if (args.has("layers") && args.has("artifact"))
        throw UsageError("--layers times the layers of a graph: give --model, --graph or --checkpoint, not --artifact");
    if (args.has("run") && (args.has("graph") || args.has("model") || args.has("artifact")))
        throw UsageError("--run records the latency of a run's model: give --checkpoint FILE (its trained weights) or nothing");
    const int sources = int(args.has("model")) + int(args.has("graph")) + int(args.has("checkpoint")) + int(args.has("artifact")) +
                        int(args.has("run") && !args.has("checkpoint"));
    if (sources != 1)
        throw UsageError("give exactly one of --model NAME, --graph FILE, --checkpoint FILE or --artifact FILE");
    const int batch = int(boundedInteger(args, "batch", 1, 1, kMaxBenchBatch));
    const int threadCount = int(boundedInteger(args, "threads", hardwareThreads(), 1, hardwareThreads()));
    const int warmup = int(boundedInteger(args, "warmup", 10, 0, 100000));
    const int iters = int(boundedInteger(args, "iters", 50, 1, 1000000));
    const int rounds = int(boundedInteger(args, "rounds", 5, 1, 1000));
    QuantEngine engine;
    try {
        engine = parseQuantEngine(args.value("engine", "onednn"));
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }

    std::vector<std::string> runtimes = splitList(args.value("runtime", args.has("artifact") ? "file" : "eager,frozen"));
    if (args.has("artifact")) {
        if (args.has("runtime") && runtimes != std::vector<std::string>{"file"})
            throw UsageError("--artifact is timed as written (runtime 'file'); leave out --runtime");
        runtimes = {"file"};
    }
    for (const std::string& r : runtimes) {
        if (r != "file" && std::find(inferRuntimes().begin(), inferRuntimes().end(), r) == inferRuntimes().end())
            throw UsageError("unknown runtime '" + r + "' (eager, script, frozen, native, native-int8, xnnpack, xnnpack-int8, int8, lite, opencv)");
    }
    if (runtimes.empty()) throw UsageError("--runtime names no runtime");
    const bool wantsInt8 = std::find(runtimes.begin(), runtimes.end(), "int8") != runtimes.end() ||
                           std::find(runtimes.begin(), runtimes.end(), "native-int8") != runtimes.end() ||
                           std::find(runtimes.begin(), runtimes.end(), "xnnpack-int8") != runtimes.end();
    if (args.has("calib-data") && !args.has("checkpoint"))
        throw UsageError("--calib-data calibrates a trained model: give --checkpoint");
    if (args.has("eval-data") && !args.has("checkpoint"))
        throw UsageError("--eval-data measures a trained model's top-1: give --checkpoint");
    if (args.has("calib-data") && !wantsInt8) throw UsageError("--calib-data applies to --runtime int8, native-int8 or xnnpack-int8 only");

    // --run: every runtime's figures become a measured profile of that run (checked before the work).
    std::unique_ptr<ExperimentStore> store;
    std::int64_t run = 0;
    std::string runGraphHash;
    if (args.has("run")) {
        run = runId(args.value("run"));
        store = openStore(args, false);
        try {
            runGraphHash = graphHash(graphFromJson(store->run(run).graphJson));
        } catch (const StoreError& e) {
            throw UsageError(e.what());
        }
    } else if (args.has("db")) {
        throw UsageError("--db names the store to record in; give --run ID too");
    }

    const ThreadBudget threads(threadCount);
    setOpenCvThreads(threadCount);  // OpenCV's pool is its own; this process runs one benchmark
    std::optional<QuantEngineScope> engineScope;
    if (wantsInt8 || args.has("artifact")) engineScope.emplace(engine);

    // The model, its input and a label for the report.
    std::string name;
    std::vector<std::int64_t> inputDims;
    std::optional<GraphModule> module;
    std::optional<CheckpointInfo> info;
    torch::jit::Module fileModule;
    std::optional<torch::jit::mobile::Module> fileLite;
    std::string fileOnnx;
    try {
        if (args.has("artifact")) {
            const std::string path = args.value("artifact");
            const std::string ending = endingOf(path);
            if (ending != "pt" && ending != "ptl" && ending != "onnx")
                throw UsageError("--artifact must be a .pt, .ptl or .onnx file, got '" + path + "'");
            if (!std::ifstream(path)) throw UsageError("--artifact '" + path + "' does not exist or cannot be read");
            const ExportFormat format = parseExportFormat(ending);
            const nlohmann::json meta = [&] {
                try {
                    const std::string text = savedModelMetadata(path, format);
                    return text.empty() ? nlohmann::json::object() : nlohmann::json::parse(text);
                } catch (const std::runtime_error& e) {
                    throw UsageError(firstLine(e.what()));
                } catch (const nlohmann::json::exception&) {
                    return nlohmann::json::object();
                }
            }();
            if (meta.contains("input")) inputDims = meta["input"].get<std::vector<std::int64_t>>();
            if (format == ExportFormat::Onnx) {  // its metadata parsed above: the bytes are a model
                fileOnnx = readModelFile(path);
                const OnnxInfo onnx = readOnnxInfo(fileOnnx);
                if (onnx.inputShape.size() == 4 && onnx.inputShape[0] > 0 && onnx.inputShape[0] != batch)
                    throw UsageError("'" + path + "' is written for batch " + std::to_string(onnx.inputShape[0]) + ", not " +
                                     std::to_string(batch));
                if (inputDims.empty() && onnx.inputShape.size() == 4 && onnx.inputShape[1] > 0)
                    inputDims.assign(onnx.inputShape.begin() + 1, onnx.inputShape.end());
            }
            if (args.has("input")) inputDims = parseInput(args.value("input")).dims;
            if (inputDims.size() != 3)
                throw UsageError("'" + path + "' does not say its input shape (not written by hlcnn export): give --input CxHxW");
            name = path;
            if (format == ExportFormat::Lite)
                fileLite.emplace(torch::jit::_load_for_mobile(path));
            else if (format == ExportFormat::TorchScript)
                fileModule = torch::jit::load(path);
        } else if (args.has("checkpoint")) {
            try {
                info = readCheckpointInfo(args.value("checkpoint"));
            } catch (const std::exception& e) {
                throw UsageError(e.what());
            }
            module.emplace(info->graph);
            loadCheckpointWeights(args.value("checkpoint"), **module);
            name = info->graph.name + " (" + args.value("checkpoint") + ")";
            inputDims = info->graph.input.dims;
        } else {
            const Graph g = store ? graphFromJson(store->run(run).graphJson) : graphFromArguments(args);
            module.emplace(g);
            name = g.name;
            inputDims = g.input.dims;
        }
        if (store && graphHash((*module)->graph()) != runGraphHash)
            throw UsageError("the checkpoint's graph is not the graph of run " + std::to_string(run));
    } catch (const c10::Error& e) {
        throw UsageError("cannot load the model: " + firstLine(e.what_without_backtrace()));
    }
    if (module) {
        requireBatchFits((*module)->graph(), batch, false);
        (*module)->eval();
    }

    std::vector<std::int64_t> shape{batch};
    shape.insert(shape.end(), inputDims.begin(), inputDims.end());
    at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(1);
    const torch::Tensor input = torch::randn(shape, gen);
    torch::NoGradGuard noGrad;

    // One prepared forward per runtime.
    std::vector<std::function<void()>> calls;
    std::vector<std::string> notes;
    std::vector<torch::jit::Module> keep;
    std::vector<torch::jit::mobile::Module> keepLite;
    std::vector<std::unique_ptr<OpenCvNet>> keepOpenCv;
    std::deque<FrozenForward> keepFrozen;  // stable addresses
    std::deque<NativeForward> keepNative;
    // each runtime's forward: a batch of `--batch` images to the outputs
    std::vector<std::function<at::Tensor(const at::Tensor&)>> forwards;
    std::deque<std::unique_ptr<mobile::XnnpackRuntime>> keepXnnpack;
    // the mobile program on this machine's XNNPACK: what a phone runs, on this CPU
    auto xnnpackForward = [&](const mobile::Program& program) {
        keepXnnpack.push_back(std::make_unique<mobile::XnnpackRuntime>(program, threadCount));
        mobile::XnnpackRuntime* x = keepXnnpack.back().get();
        forwards.push_back([x](const at::Tensor& in) {
            const at::Tensor c = in.contiguous();
            at::Tensor y = torch::empty(x->outputShape());
            x->forward(c.data_ptr<float>(), y.data_ptr<float>());
            return y;
        });
        notes.push_back(x->describe());
    };
    keep.reserve(runtimes.size());
    keepLite.reserve(runtimes.size());
    try {
        for (const std::string& r : runtimes) {
            if (r == "file") {
                if (!fileOnnx.empty()) {
                    keepOpenCv.push_back(std::make_unique<OpenCvNet>(fileOnnx));
                    OpenCvNet* net = keepOpenCv.back().get();
                    forwards.push_back([net](const at::Tensor& x) { return net->forward(x); });
                } else if (fileLite) {
                    keepLite.push_back(*fileLite);
                    torch::jit::mobile::Module* m = &keepLite.back();
                    forwards.push_back([m](const at::Tensor& x) { return m->forward({x}).toTensor(); });
                } else {
                    keep.push_back(fileModule);
                    torch::jit::Module* m = &keep.back();
                    forwards.push_back([m](const at::Tensor& x) { return m->forward({x}).toTensor(); });
                }
                notes.push_back(fileOnnx.empty() ? "the file as written" : "the file as written, in OpenCV DNN");
            } else if (r == "eager") {
                GraphModuleImpl* m = module->get();
                forwards.push_back([m](const at::Tensor& x) { return m->forward(x); });
                notes.push_back("LibTorch modules, op by op");
            } else if (r == "script") {
                keep.push_back(toInferenceTorchScript(**module));
                torch::jit::Module* m = &keep.back();
                forwards.push_back([m](const at::Tensor& x) { return m->forward({x}).toTensor(); });
                notes.push_back("TorchScript graph executor, BN folded");
            } else if (r == "frozen") {
                keepFrozen.push_back(fastestFrozen(toInferenceTorchScript(**module), input));
                FrozenForward* f = &keepFrozen.back();
                forwards.push_back([f](const at::Tensor& x) { return f->forward(x); });
                notes.push_back(f->describe());
            } else if (r == "native") {
                keepNative.emplace_back(**module, batch);
                NativeForward* f = &keepNative.back();
                forwards.push_back([f](const at::Tensor& x) { return f->forward(x); });
                notes.push_back(f->describe());
            } else if (r == "xnnpack") {
                xnnpackForward(mobileProgram(**module, batch));
            } else if (r == "lite") {
                std::istringstream bytes(serializeModel(
                    prepareForTarget(toInferenceTorchScript(**module), ExportFormat::Lite, false), ExportFormat::Lite, "{}"));
                keepLite.push_back(torch::jit::_load_for_mobile(bytes));
                torch::jit::mobile::Module* m = &keepLite.back();
                forwards.push_back([m](const at::Tensor& x) { return m->forward({x}).toTensor(); });
                notes.push_back("lite interpreter, mobile-optimised (XNNPACK), as on a phone");
            } else if (r == "opencv") {
                OnnxExportOptions o;
                o.batch = batch;
                keepOpenCv.push_back(std::make_unique<OpenCvNet>(toOnnx(**module, o)));
                OpenCvNet* net = keepOpenCv.back().get();
                forwards.push_back([net](const at::Tensor& x) { return net->forward(x); });
                notes.push_back(std::string("OpenCV ") + openCvVersion() + " DNN on our ONNX export");
            } else if (r == "int8" || r == "native-int8" || r == "xnnpack-int8") {
                std::shared_ptr<const Dataset> calib;
                std::unique_ptr<BatchLoader> loader;
                if (args.has("calib-data")) {
                    try {
                        calib = std::make_shared<const Dataset>(loadDataset(parseDataSpec(args.value("calib-data")), {}));
                    } catch (const DatasetError& e) {
                        throw UsageError(std::string("--calib-data: ") + e.what());
                    }
                    const ImageSet& s = calib->train;
                    if (s.count == 0 || s.channels != inputDims[0] || s.height != inputDims[1] || s.width != inputDims[2])
                        throw UsageError("--calib-data: its training images are not " + info->graph.input.toString());
                    LoaderOptions lo;
                    lo.batch = 32;
                    lo.mean = info->mean;
                    lo.std = info->std;
                    lo.workers = 1;
                    loader = std::make_unique<BatchLoader>(s, lo);
                    loader->startEpoch(0);
                }
                // 8 batches: of 32 training images, or of 8 random inputs
                int taken = 0;
                auto nextBatch = [&](torch::Tensor& x) {
                    if (taken++ == 8) return false;
                    if (loader) {
                        Batch b;
                        if (!loader->next(b)) return false;
                        x = b.images;
                        return true;
                    }
                    std::vector<std::int64_t> calibShape{8};
                    calibShape.insert(calibShape.end(), inputDims.begin(), inputDims.end());
                    x = torch::randn(calibShape, gen);
                    return true;
                };
                const std::string calibrated = loader ? ", calibrated on " + calib->name : ", calibrated on random input: for timing only";
                if (r == "xnnpack-int8") {
                    xnnpackForward(quantizedMobileProgram(**module, batch, nextBatch, threadCount).program);
                    if (!loader) notes.back() += " (random input: for timing only)";
                    continue;
                }
                if (r == "native-int8") {
                    keepNative.push_back(NativeForward::quantized(**module, batch, nextBatch));
                    NativeForward* f = &keepNative.back();
                    forwards.push_back([f](const at::Tensor& x) { return f->forward(x); });
                    notes.push_back(f->describe() + (loader ? "" : " (random input: for timing only)"));
                    continue;
                }
                QuantizedModel q = quantizeStatic(**module, nextBatch, QuantizeOptions{engine, RangeObserver::MinMax});
                keep.push_back(q.module);
                torch::jit::Module* m = &keep.back();
                forwards.push_back([m](const at::Tensor& x) { return m->forward({x}).toTensor(); });
                notes.push_back(std::string("int8 on ") + quantEngineName(engine) + calibrated);
            }
        }
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    } catch (const std::runtime_error& e) {
        throw UsageError(firstLine(e.what()));
    } catch (const c10::Error& e) {
        throw UsageError("cannot prepare the runtime: " + firstLine(e.what_without_backtrace()));
    }
    if (forwards.size() != runtimes.size() || notes.size() != runtimes.size())
        throw std::logic_error("bench infer: " + std::to_string(forwards.size()) + " forwards prepared for " + std::to_string(runtimes.size()) +
                               " runtimes");
    for (const auto& f : forwards) calls.push_back([&f, &input] { f(input); });

    // --eval-data: each runtime's top-1 on the set's test images (its training images if it has
    // none), fed in batches of --batch (the last one padded), as the runtime was prepared for
    std::vector<EvalMetrics> accuracy;
    std::string evalName;
    if (args.has("eval-data")) {
        std::shared_ptr<const Dataset> data;
        try {
            data = std::make_shared<const Dataset>(loadDataset(parseDataSpec(args.value("eval-data")), {}));
        } catch (const DatasetError& e) {
            throw UsageError(std::string("--eval-data: ") + e.what());
        }
        const ImageSet& set = data->test.count ? data->test : data->train;
        if (set.count == 0 || set.channels != inputDims[0] || set.height != inputDims[1] || set.width != inputDims[2])
            throw UsageError("--eval-data: its images are not " + info->graph.input.toString());
        // the classes the checkpoint was trained on, in the same order
        if (data->classNames != info->classNames)
            throw UsageError("--eval-data: " + data->name + " has " + std::to_string(data->classNames.size()) + " classes, the checkpoint " +
                             std::to_string(info->classNames.size()) +
                             (data->classNames.size() == info->classNames.size() ? " with other names or order" : ""));
        const std::int64_t classes = std::int64_t(info->classNames.size());
        evalName = data->name;
        for (const auto& f : forwards) {
            auto inBatches = [&f, batch](const at::Tensor& x) {
                std::vector<at::Tensor> outs;
                for (std::int64_t s = 0; s < x.size(0); s += batch) {
                    const std::int64_t n = std::min<std::int64_t>(batch, x.size(0) - s);
                    at::Tensor part = x.narrow(0, s, n);
                    if (n < batch) {
                        std::vector<std::int64_t> pad = part.sizes().vec();
                        pad[0] = batch - n;
                        part = torch::cat({part, torch::zeros(pad)});
                    }
                    outs.push_back(f(part.contiguous()).narrow(0, 0, n));
                }
                return torch::cat(outs);
            };
            accuracy.push_back(evaluateForward(inBatches, set, info->mean, info->std, classes, 64 * batch));
        }
    }

    std::vector<TimingStats> stats;
    try {
        stats = timeInterleaved(calls, warmup, iters, rounds);
    } catch (const c10::Error& e) {
        throw UsageError("the benchmark failed: " + firstLine(e.what_without_backtrace()));
    }
    // Energy: each runtime's forwards back to back between two readings of the package counters (the
    // whole package: idle cores and other processes count too, so a quiet machine matters).
    const EnergyMeter meter;
    std::vector<double> energyMj(runtimes.size(), std::nan("")), powerW(runtimes.size(), std::nan(""));
    if (meter.available()) {
        try {
            for (std::size_t i = 0; i < calls.size(); ++i) {
                const auto before = meter.read();
                const auto start = std::chrono::steady_clock::now();
                for (int k = 0; k < iters; ++k) calls[i]();
                const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                const double joules = meter.joulesBetween(before, meter.read());
                energyMj[i] = 1e3 * joules / iters;
                powerW[i] = joules / seconds;
            }
        } catch (const std::runtime_error& e) {
            throw UsageError(std::string("energy: ") + e.what());
        }
    }
    std::optional<LayerTimeProfile> layers;
    if (args.has("layers")) {
        try {
            layers = measureLayerTimes((*module)->graph(), batch, warmup, iters);
        } catch (const c10::Error& e) {
            throw UsageError("the layer timing failed: " + firstLine(e.what_without_backtrace()));
        }
    }
    // The native runtime's own steps, each a fused group of graph nodes, timed one by one.
    // (the first native program asked for: --runtime native-int8 --layers shows the int8 one)
    std::vector<double> nativeStepMs;
    if (args.has("layers") && !keepNative.empty()) nativeStepMs = keepNative.front().stepMilliseconds(input, iters);
    auto dbJson = [](double db) { return std::isfinite(db) ? nlohmann::json(db) : nlohmann::json(); };
    auto joinNodes = [](const std::vector<std::string>& nodes) {
        std::string s;
        for (const std::string& n : nodes) s += (s.empty() ? "" : " + ") + n;
        return s;
    };
    const RuntimeInfo rt = currentRuntime();
    const long rss = peakRssKib();
    if (store) {
        const Graph& g = (*module)->graph();
        const ModelProfile analytic = profileGraph(g);
        try {
            for (std::size_t i = 0; i < runtimes.size(); ++i) {
                ProfileRecord p;
                p.runId = run;
                p.graphHash = runGraphHash;
                p.kind = "measured";
                p.params = analytic.total.params;
                p.macs = analytic.total.macs;
                p.activationBytes = analytic.peakActivationBytes;
                p.latencyMsMedian = stats[i].p50Ms, p.latencyMsP10 = stats[i].p10Ms, p.latencyMsP90 = stats[i].p90Ms;
                p.threads = rt.intraOpThreads;
                p.batch = batch;
                p.device = "cpu: " + processorName();
                if (meter.available()) p.energyMillijoules = energyMj[i];
                p.runtime = runtimes[i];
                p.precision = runtimes[i] == "int8" || runtimes[i] == "native-int8" || runtimes[i] == "xnnpack-int8" ? "int8" : "fp32";
                store->addProfile(p);
            }
        } catch (const StoreError& e) {
            throw UsageError(std::string("measured, but could not record it: ") + e.what());
        }
        std::cerr << "hlcnn: recorded " << runtimes.size() << " measured profile(s) in run " << run << " of " << store->path() << "\n";
    }
    std::string inputText;
    for (std::size_t i = 0; i < inputDims.size(); ++i) inputText += (i ? "x" : "") + std::to_string(inputDims[i]);

    if (args.has("json")) {
        nlohmann::json results = nlohmann::json::array();
        for (std::size_t i = 0; i < runtimes.size(); ++i) {
            const TimingStats& t = stats[i];
            results.push_back({{"runtime", runtimes[i]}, {"note", notes[i]}, {"mean_ms", t.meanMs}, {"p50_ms", t.p50Ms},
                               {"p90_ms", t.p90Ms}, {"p99_ms", t.p99Ms}, {"min_ms", t.minMs}, {"std_ms", t.stdMs},
                               {"samples_ms", t.samplesMs},
                               {"top1", accuracy.empty() ? nlohmann::json() : nlohmann::json(accuracy[i].top1)},
                               {"energy_mj", meter.available() ? nlohmann::json(energyMj[i]) : nlohmann::json()},
                               {"power_w", meter.available() ? nlohmann::json(powerW[i]) : nlohmann::json()}});
        }
        nlohmann::json out{{"model", name},        {"input", inputDims},     {"batch", batch},
                           {"threads", rt.intraOpThreads}, {"processor", processorName()},
                           {"warmup", warmup},     {"iters", iters},        {"rounds", std::min(rounds, iters)},
                           {"peak_rss_kib", rss},  {"results", results}};
        if (!accuracy.empty()) out["eval"] = {{"data", evalName}, {"images", accuracy.front().samples}};
        if (meter.available()) {
            nlohmann::json domains = nlohmann::json::array();
            for (const RaplDomain& d : meter.domains()) domains.push_back(d.name);
            out["energy"] = {{"source", "RAPL"}, {"domains", domains}};
        } else {
            out["energy"] = {{"unavailable", meter.unavailableReason()}};
        }
        if (layers) {
            nlohmann::json l = nlohmann::json::array();
            for (const LayerTime& t : layers->layers)
                l.push_back({{"id", t.id}, {"op", t.op}, {"block", t.block}, {"ms", t.ms}, {"time_share", t.timeShare},
                             {"mac_share", t.macShare}, {"macs", t.macs}, {"traffic_bytes", t.trafficBytes},
                             {"flops_per_byte", t.flopsPerByte}, {"flag", t.flag}});
            out["layers"] = {{"eager_forward_median_ms", layers->forwardMedianMs}, {"layer_sum_ms", layers->layerSumMs},
                             {"layers", l}};
        }
        if (!nativeStepMs.empty()) {
            nlohmann::json l = nlohmann::json::array();
            for (std::size_t k = 0; k < nativeStepMs.size(); ++k)
                l.push_back({{"kind", keepNative.front().steps()[k].kind}, {"nodes", keepNative.front().steps()[k].nodes},
                             {"ms", nativeStepMs[k]}, {"sqnr_db", dbJson(keepNative.front().steps()[k].sqnrDb)}});
            out["native_steps"] = l;
        }
        std::cout << out.dump() << "\n";
        return 0;
    }
    std::printf("%s, input %s, batch %d, %d threads, %s\n", name.c_str(), inputText.c_str(), batch, rt.intraOpThreads,
                processorName().c_str());
    std::printf("%d timed forwards per runtime in %d interleaved rounds after %d warm-up; peak RSS %.1f MiB (process)\n",
                iters, std::min(rounds, iters), warmup, double(rss) / 1024.0);
    std::printf("%-11s %9s %9s %9s %9s %9s %9s %9s  %s\n", "runtime", "mean ms", "p50", "p90", "p99", "min", "std",
                "x first", "");
    for (std::size_t i = 0; i < runtimes.size(); ++i) {
        const TimingStats& t = stats[i];
        std::printf("%-11s %9.3f %9.3f %9.3f %9.3f %9.3f %9.3f %9.2f  %s\n", runtimes[i].c_str(), t.meanMs, t.p50Ms, t.p90Ms,
                    t.p99Ms, t.minMs, t.stdMs, stats[0].p50Ms / t.p50Ms, notes[i].c_str());
    }
    if (!accuracy.empty()) {
        std::printf("top-1 on %lld images of %s:\n", static_cast<long long>(accuracy.front().samples), evalName.c_str());
        for (std::size_t i = 0; i < runtimes.size(); ++i)
            std::printf("%-11s %7.2f %%  (top-5 %.2f %%)\n", runtimes[i].c_str(), accuracy[i].top1, accuracy[i].top5);
    }
    if (meter.available()) {
        std::printf("energy per forward (RAPL, %zu package domain(s), %d forwards back to back; the whole package counts):\n",
                    meter.domains().size(), iters);
        for (std::size_t i = 0; i < runtimes.size(); ++i)
            std::printf("%-8s %9.3f mJ %8.2f W\n", runtimes[i].c_str(), energyMj[i], powerW[i]);
    } else {
        std::printf("energy: unavailable (%s)\n", meter.unavailableReason().c_str());
    }
    if (layers) {
        std::printf("\nlayers of the eager forward (median of %d; their sum %.2f ms, whole forward %.2f ms), by time:\n",
                    layers->iters, layers->layerSumMs, layers->forwardMedianMs);
        std::printf("%-34s %-16s %8s %7s %7s %9s  %s\n", "layer", "op", "ms", "time%", "MAC%", "FLOP/B", "flag");
        std::vector<LayerTime> sorted = layers->layers;
        std::stable_sort(sorted.begin(), sorted.end(), [](const LayerTime& a, const LayerTime& b) { return a.ms > b.ms; });
        int flagged = 0;
        for (const LayerTime& t : sorted) flagged += !t.flag.empty();
        for (std::size_t i = 0; i < sorted.size(); ++i) {
            const LayerTime& t = sorted[i];
            if (i >= 25 && t.flag.empty()) continue;  // the 25 slowest, and every flagged one
            std::printf("%-34s %-16s %8.3f %6.1f%% %6.1f%% %9.1f  %s\n", t.id.c_str(), t.op.c_str(), t.ms, 100 * t.timeShare,
                        100 * t.macShare, t.flopsPerByte, t.flag.c_str());
        }
        std::printf("%d of %zu layers flagged: at least 2%% of the time and more than twice their share of MACs\n", flagged,
                    sorted.size());
        // Many small layers of one kind can add up to what no single layer shows.
        std::map<std::string, std::pair<int, std::pair<double, double>>> byOp;
        for (const LayerTime& t : layers->layers) {
            auto& e = byOp[t.op];
            ++e.first;
            e.second.first += t.timeShare;
            e.second.second += t.macShare;
        }
        std::vector<std::pair<std::string, std::pair<int, std::pair<double, double>>>> ops(byOp.begin(), byOp.end());
        std::stable_sort(ops.begin(), ops.end(), [](const auto& a, const auto& b) { return a.second.second.first > b.second.second.first; });
        std::printf("\nby op:\n%-20s %6s %7s %7s\n", "op", "layers", "time%", "MAC%");
        for (const auto& [op, e] : ops)
            std::printf("%-20s %6d %6.1f%% %6.1f%%\n", op.c_str(), e.first, 100 * e.second.first, 100 * e.second.second);
    }
    if (!nativeStepMs.empty()) {
        // MAC share of a step: its graph nodes' MACs, from the layer profile above
        std::map<std::string, double> macShareOf;
        if (layers)
            for (const LayerTime& t : layers->layers) macShareOf[t.id] = t.macShare;
        double sum = 0;
        for (double v : nativeStepMs) sum += v;
        std::vector<std::size_t> order(nativeStepMs.size());
        for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return nativeStepMs[a] > nativeStepMs[b]; });
        std::printf("\nsteps of the %s runtime (median of %d; their sum %.2f ms), by time; each step does the work of its nodes%s:\n",
                    keepNative.front().isInt8() ? "native-int8" : "native", iters, sum,
                    keepNative.front().isInt8() ? " (SQNR: its int8 output against the float program's)" : "");
        std::printf("%-14s %8s %7s %7s %8s  %s\n", "step", "ms", "time%", "MAC%", "SQNR dB", "nodes");
        std::map<std::string, std::pair<int, double>> byKind;
        for (std::size_t k = 0; k < order.size(); ++k) {
            const NativeForward::Step& st = keepNative.front().steps()[order[k]];
            auto& kind = byKind[st.kind];
            ++kind.first;
            kind.second += nativeStepMs[order[k]];
            if (k >= 25) continue;
            double macs = 0;
            for (const std::string& n : st.nodes) macs += macShareOf.count(n) ? macShareOf[n] : 0.0;
            const std::string db = std::isfinite(st.sqnrDb) ? std::to_string(int(std::lround(st.sqnrDb))) : "-";
            std::printf("%-14s %8.3f %6.1f%% %6.1f%% %8s  %s\n", st.kind.c_str(), nativeStepMs[order[k]], 100 * nativeStepMs[order[k]] / sum,
                        100 * macs, db.c_str(), joinNodes(st.nodes).c_str());
        }
        std::printf("\nby step kind:\n%-14s %6s %7s\n", "step", "steps", "time%");
        for (const auto& [kind, e] : byKind) std::printf("%-14s %6d %6.1f%%\n", kind.c_str(), e.first, 100 * e.second / sum);
    }
    return 0;
}

}  // namespace hlcnn::cli
