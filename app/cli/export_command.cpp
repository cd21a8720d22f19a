// hlcnn export --checkpoint FILE --format pt|ptl|onnx [--int8 ...] -o FILE: a trained model as a
// deployable file (frozen TorchScript for the host, lite-interpreter bytecode for phones, ONNX for
// other runtimes), fp32 or post-training int8 (pt, ptl), with its description embedded and, with
// --run, recorded in the store.
#include "arguments.h"
#include "commands.h"
#include "output_file.h"
#include "store_access.h"

#include "hlcnn/core/batch_loader.h"
#include "hlcnn/core/dataset.h"
#include "hlcnn/core/graph_module.h"
#include "hlcnn/core/model_export.h"
#include "hlcnn/core/onnx_export.h"
#include "hlcnn/core/opencv_runtime.h"
#include "hlcnn/core/quantization.h"
#include "hlcnn/core/runtime_setup.h"
#include "hlcnn/core/torchscript_export.h"
#include "hlcnn/core/trainer.h"

#include <nlohmann/json.hpp>
#include <torch/script.h>
#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

namespace hlcnn::cli {

namespace {

const char* kExportUsage =
    "hlcnn export --checkpoint FILE --format pt|ptl|onnx -o FILE [--int8 --calib-data SPEC [--calib-batches N]\n"
    "             [--calib-batch B] [--engine qnnpack|onednn] [--observer minmax|moving-average|percentile]]\n"
    "             [--eval-data SPEC | --no-eval] [--threads T] [--run ID [--db FILE]] [--json]";

std::shared_ptr<const Dataset> readData(const std::string& option, const std::string& spec, const TensorShape& input) {
    try {
        DatasetOptions o;
        o.imageSize = input.dims.at(1) == input.dims.at(2) ? input.dims.at(1) : 0;
        return std::make_shared<const Dataset>(loadDataset(parseDataSpec(spec), o));
    } catch (const DatasetError& e) {
        throw UsageError(option + ": " + e.what());
    }
}

// The data must be what the model was trained on: same image shape, same classes in the same order.
void requireMatchingData(const std::string& option, const Dataset& data, const ImageSet& set, const CheckpointInfo& info) {
    const auto& d = info.graph.input.dims;
    if (set.count == 0) throw UsageError(option + ": " + data.name + " has no images in the split used");
    if (set.channels != d[0] || set.height != d[1] || set.width != d[2])
        throw UsageError(option + ": the images of " + data.name + " are " + std::to_string(set.channels) + "x" +
                         std::to_string(set.height) + "x" + std::to_string(set.width) + ", the model takes " +
                         info.graph.input.toString());
    if (data.classNames != info.classNames)
        throw UsageError(option + ": " + data.name + " has " + std::to_string(data.classNames.size()) +
                         " classes, the checkpoint " + std::to_string(info.classNames.size()) +
                         (data.classNames.size() == info.classNames.size() ? " with other names or order" : ""));
}

nlohmann::json opsJson(const std::map<std::string, int>& ops) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [k, v] : ops) j[k] = v;
    return j;
}

}  // namespace

int runDeployExport(const std::vector<std::string>& raw) {
    std::vector<std::string> args = raw;
    for (std::string& a : args)
        if (a == "-o") a = "--output";
    const Arguments parsed(args,
                           {"checkpoint", "format", "output", "calib-data", "calib-batches", "calib-batch", "engine",
                            "observer", "eval-data", "threads", "run", "db"},
                           {"int8", "no-eval", "json"});
    requireNoPositional(parsed, kExportUsage);
    if (!parsed.has("checkpoint")) throw UsageError(std::string("--checkpoint FILE is required: ") + kExportUsage);
    if (!parsed.has("output")) throw UsageError(std::string("-o FILE is required: ") + kExportUsage);
    if (!parsed.has("format")) throw UsageError("--format pt|ptl|onnx is required");
    ExportFormat format;
    try {
        format = parseExportFormat(parsed.value("format"));
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--format: ") + e.what());
    }
    const bool int8 = parsed.has("int8");
    if (int8 && format == ExportFormat::Onnx)
        throw UsageError("--int8 --format onnx: ONNX is written in fp32; int8 models are written as pt or ptl");
    for (const char* o : {"calib-data", "calib-batches", "calib-batch", "engine", "observer"})
        if (!int8 && parsed.has(o)) throw UsageError(std::string("--") + o + " applies to --int8 only");
    if (int8 && !parsed.has("calib-data"))
        throw UsageError("--int8 needs --calib-data SPEC: the training data the activation ranges are calibrated on");
    const std::string checkpoint = parsed.value("checkpoint"), output = parsed.value("output");
    checkOutputPath("-o", output, {checkpoint, parsed.has("db") ? parsed.value("db") : std::string()});
    const int calibBatches = int(boundedInteger(parsed, "calib-batches", 32, 1, 100000));
    const int calibBatch = int(boundedInteger(parsed, "calib-batch", 32, 1, 4096));
    QuantizeOptions qo;
    qo.measureBlockErrors = true;
    try {
        qo.engine = parseQuantEngine(parsed.value("engine", format == ExportFormat::Lite ? "qnnpack" : "onednn"));
        qo.observer = parseRangeObserver(parsed.value("observer", "minmax"));
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    const ThreadBudget threads(int(boundedInteger(parsed, "threads", hardwareThreads(), 1, hardwareThreads())));

    // The store is checked before minutes of work: the run must exist.
    std::unique_ptr<ExperimentStore> store;
    std::int64_t run = 0;
    if (parsed.has("run")) {
        run = runId(parsed.value("run"));
        store = openStore(parsed, false);
        if (!store->hasRun(run)) throw UsageError("no run " + std::to_string(run) + " in " + store->path());
    } else if (parsed.has("db")) {
        throw UsageError("--db names the store to record in; give --run ID too");
    }

    CheckpointInfo info;
    try {
        info = readCheckpointInfo(checkpoint);
    } catch (const std::exception& e) {
        throw UsageError(e.what());
    }
    GraphModule module(info.graph);
    try {
        loadCheckpointWeights(checkpoint, *module);
    } catch (const std::exception& e) {
        throw UsageError(e.what());
    }
    module->eval();

    std::shared_ptr<const Dataset> calib, evalData;
    if (int8) {
        calib = readData("--calib-data", parsed.value("calib-data"), info.graph.input);
        requireMatchingData("--calib-data", *calib, calib->train, info);
    }
    if (!parsed.has("no-eval") && (parsed.has("eval-data") || calib)) {
        evalData = parsed.has("eval-data") ? readData("--eval-data", parsed.value("eval-data"), info.graph.input) : calib;
        requireMatchingData("--eval-data", *evalData, evalData->test.count ? evalData->test : evalData->train, info);
    }
    const auto evalSet = [&]() -> const ImageSet& { return evalData->test.count ? evalData->test : evalData->train; };
    const std::int64_t classes = std::int64_t(info.classNames.size());

    nlohmann::json meta{{"format", exportFormatName(format)},
                        {"precision", int8 ? "int8" : "fp32"},
                        {"graph", info.graph.name},
                        {"input", info.graph.input.dims},
                        {"mean", info.mean},
                        {"std", info.std},
                        {"classes", info.classNames},
                        {"checkpoint", checkpoint},
                        {"checkpoint_epoch", info.epoch},
                        {"program", std::string("hlcnn ") + programVersion()},
                        {"torch", torchVersion()}};
    nlohmann::json report = nlohmann::json::object();
    torch::jit::Module prepared;
    std::string onnxBytes;
    std::optional<QuantEngineScope> engineScope;
    try {
        if (format == ExportFormat::Onnx) {
            meta["opset"] = kOnnxOpset;
            meta["batch"] = 1;
            onnxBytes = toOnnx(*module, {1, meta.dump(), programVersion()});
            checkOnnx(onnxBytes);
            if (evalData) {  // the file's own computation, read back by an independent runtime
                setOpenCvThreads(threads.threads());
                OpenCvNet net(onnxBytes);
                const EvalMetrics f = evaluateForward([&](const torch::Tensor& x) { return net.forward(x); }, evalSet(), info.mean,
                                                      info.std, classes, 1);
                report["eval"] = {{"data", evalData->name}, {"images", f.samples}, {"fp32_top1", f.top1}, {"fp32_top5", f.top5},
                                  {"runtime", "OpenCV " + openCvVersion() + " DNN"}};
            }
        } else {
            torch::jit::Module fp32 = toInferenceTorchScript(*module);
            if (!int8) {
                prepared = prepareForTarget(fp32, format, false);
            } else {
                engineScope.emplace(qo.engine);
                LoaderOptions lo;
                lo.batch = calibBatch;
                lo.shuffle = true;  // image folders are sorted by class: calibrate on a mix
                lo.mean = info.mean;
                lo.std = info.std;
                lo.seed = 0;
                lo.workers = 1;
                BatchLoader loader(calib->train, lo);
                loader.startEpoch(0);
                int taken = 0;
                QuantizedModel q = quantizeStatic(*module, [&](torch::Tensor& x) {
                    Batch b;
                    if (taken == calibBatches || !loader.next(b)) return false;
                    ++taken;
                    x = b.images;
                    return true;
                }, qo);
                prepared = prepareForTarget(q.module, format, true);
                const std::string fp32Bytes = serializeModel(prepareForTarget(fp32, format, false), format, "{}");
                meta["engine"] = quantEngineName(qo.engine);
                meta["observer"] = rangeObserverName(qo.observer);
                meta["weights"] = "int8 per-channel symmetric";
                meta["activations"] = "uint8 per-tensor affine";
                meta["calibration"] = {{"data", calib->name},
                                       {"batches", q.report.calibrationBatches},
                                       {"images", q.report.calibrationImages}};
                report["fp32_bytes"] = std::int64_t(fp32Bytes.size());
                report["quantized_ops"] = opsJson(q.report.quantizedOps);
                nlohmann::json floats = nlohmann::json::array();
                for (const FloatOp& f : q.report.floatOps) floats.push_back({{"op", f.op}, {"count", f.count}, {"reason", f.reason}});
                report["float_ops"] = floats;
                nlohmann::json blocks = nlohmann::json::array();
                for (const BlockError& b : q.report.blockErrors)   // JSON has no infinity: an exact block is null
                    blocks.push_back({{"block", b.block}, {"op", b.op},
                                      {"sqnr_db", std::isfinite(b.sqnrDb) ? nlohmann::json(b.sqnrDb) : nlohmann::json()}});
                report["block_sqnr_db"] = blocks;
                if (evalData) {
                    const EvalMetrics f = evaluateForward([&](const torch::Tensor& x) { return fp32.forward({x}).toTensor(); },
                                                          evalSet(), info.mean, info.std, classes);
                    const EvalMetrics i = evaluateForward([&](const torch::Tensor& x) { return prepared.forward({x}).toTensor(); },
                                                          evalSet(), info.mean, info.std, classes);
                    report["eval"] = {{"data", evalData->name}, {"images", f.samples}, {"fp32_top1", f.top1}, {"int8_top1", i.top1},
                                      {"fp32_top5", f.top5}, {"int8_top5", i.top5}};
                }
            }
            if (!int8 && evalData) {
                const EvalMetrics f = evaluateForward([&](const torch::Tensor& x) { return prepared.forward({x}).toTensor(); },
                                                      evalSet(), info.mean, info.std, classes);
                report["eval"] = {{"data", evalData->name}, {"images", f.samples}, {"fp32_top1", f.top1}, {"fp32_top5", f.top5}};
            }
        }
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    } catch (const std::runtime_error& e) {
        throw UsageError(firstLine(e.what()));
    } catch (const c10::Error& e) {
        throw UsageError("export failed: " + firstLine(e.what_without_backtrace()));
    }
    meta["report"] = report;

    SavedModel saved;
    try {
        if (format == ExportFormat::Onnx) {
            writeFileAtomically(output, onnxBytes);
            saved.bytes = std::int64_t(onnxBytes.size());
            saved.operators = readOnnxInfo(onnxBytes).operators;
        } else {
            saved = saveModel(prepared, format, output, meta.dump());
        }
    } catch (const std::runtime_error& e) {
        throw UsageError(e.what());
    }
    report["bytes"] = saved.bytes;
    report["operators"] = saved.operators;
    if (store) {
        try {
            const Artifact file = describeFile("export", output);
            ExportRecord r;
            r.runId = run;
            r.path = output;
            r.format = exportFormatName(format);
            r.precision = int8 ? "int8" : "fp32";
            r.bytes = file.bytes;
            r.sha256 = file.sha256;
            nlohmann::json description = meta;
            description["report"] = report;
            r.description = description.dump();
            store->addExport(r);
        } catch (const StoreError& e) {
            throw UsageError(std::string("wrote ") + output + " but could not record it: " + e.what());
        }
    }

    if (parsed.has("json")) {
        nlohmann::json out = meta;
        out["report"] = report;
        out["output"] = output;
        std::cout << out.dump() << "\n";
        return 0;
    }
    std::printf("wrote %s: %s %s, %.2f MB, %zu operators\n", output.c_str(), int8 ? "int8" : "fp32",
                exportFormatName(format), double(saved.bytes) / 1e6, saved.operators.size());
    if (int8) {
        const double fp32Bytes = report["fp32_bytes"].get<double>();
        std::printf("  engine %s, observer %s, calibrated on %d batches (%lld images) of %s\n", quantEngineName(qo.engine),
                    rangeObserverName(qo.observer), meta["calibration"]["batches"].get<int>(),
                    meta["calibration"]["images"].get<long long>(), calib->name.c_str());
        std::printf("  size: fp32 %.2f MB -> int8 %.2f MB (%.2fx smaller)\n", fp32Bytes / 1e6, double(saved.bytes) / 1e6,
                    fp32Bytes / double(saved.bytes));
        for (const auto& [op, n] : report["quantized_ops"].items()) std::printf("  int8: %s x%d\n", op.c_str(), n.get<int>());
        std::printf("  int8 error at each block output, accumulated from the input (SQNR against float on the first\n"
                    "  calibration batch; lower is worse):\n");
        double lowest = 1e300;
        for (const auto& b : report["block_sqnr_db"])
            if (!b["sqnr_db"].is_null()) lowest = std::min(lowest, b["sqnr_db"].get<double>());
        for (const auto& b : report["block_sqnr_db"]) {
            if (b["sqnr_db"].is_null()) {
                std::printf("    %-24s %-20s exact\n", b["block"].get<std::string>().c_str(), b["op"].get<std::string>().c_str());
                continue;
            }
            const double db = b["sqnr_db"].get<double>();
            std::printf("    %-24s %-20s %6.1f dB%s\n", b["block"].get<std::string>().c_str(), b["op"].get<std::string>().c_str(), db,
                        db == lowest ? "  <- lowest" : "");
        }
        for (const auto& f : report["float_ops"])
            std::printf("  float: %s x%d: %s\n", f["op"].get<std::string>().c_str(), f["count"].get<int>(),
                        f["reason"].get<std::string>().c_str());
    }
    if (report.contains("eval")) {
        const auto& e = report["eval"];
        if (int8)
            std::printf("  top-1 on %lld images of %s: fp32 %.2f%%, int8 %.2f%% (%+.2f points)\n", e["images"].get<long long>(),
                        e["data"].get<std::string>().c_str(), e["fp32_top1"].get<double>(), e["int8_top1"].get<double>(),
                        e["int8_top1"].get<double>() - e["fp32_top1"].get<double>());
        else
            std::printf("  top-1 on %lld images of %s: %.2f%%%s\n", e["images"].get<long long>(), e["data"].get<std::string>().c_str(),
                        e["fp32_top1"].get<double>(),
                        e.contains("runtime") ? (" (the file run in " + e["runtime"].get<std::string>() + ")").c_str() : "");
    }
    if (store) std::printf("  recorded as an export of run %lld in %s\n", static_cast<long long>(run), store->path().c_str());
    return 0;
}

}  // namespace hlcnn::cli
