#include "hlcnn/experiments/run_export.h"

#include "hlcnn/core/batch_loader.h"
#include "hlcnn/core/dataset.h"
#include "hlcnn/core/graph_module.h"
#include "hlcnn/core/mobile_export.h"
#include "hlcnn/core/model_export.h"
#include "hlcnn/core/onnx_export.h"
#include "hlcnn/core/opencv_runtime.h"
#include "hlcnn/core/quantization.h"
#include "hlcnn/core/runtime_setup.h"
#include "hlcnn/core/torchscript_export.h"
#include "hlcnn/core/trainer.h"
#include "hlcnn/mobile/xnnpack_runtime.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <cmath>
#include <memory>
#include <optional>

namespace hlcnn {

namespace {

std::string firstLineOf(const std::string& text) { return text.substr(0, text.find('\n')); }

std::shared_ptr<const Dataset> readData(const std::string& what, const std::string& spec, const TensorShape& input) {
    try {
        DatasetOptions o;
        o.imageSize = input.dims.at(1) == input.dims.at(2) ? input.dims.at(1) : 0;
        return std::make_shared<const Dataset>(loadDataset(parseDataSpec(spec), o));
    } catch (const DatasetError& e) {
        throw RunExportError(what + ": " + e.what());
    }
}

// The data must be what the model was trained on: same image shape, same classes in the same order.
void requireMatchingData(const std::string& what, const Dataset& data, const ImageSet& set, const CheckpointInfo& info) {
    const auto& d = info.graph.input.dims;
    if (set.count == 0) throw RunExportError(what + ": " + data.name + " has no images in the split used");
    if (set.channels != d[0] || set.height != d[1] || set.width != d[2])
        throw RunExportError(what + ": the images of " + data.name + " are " + std::to_string(set.channels) + "x" +
                             std::to_string(set.height) + "x" + std::to_string(set.width) + ", the model takes " +
                             info.graph.input.toString());
    if (data.classNames != info.classNames)
        throw RunExportError(what + ": " + data.name + " has " + std::to_string(data.classNames.size()) +
                             " classes, the checkpoint " + std::to_string(info.classNames.size()) +
                             (data.classNames.size() == info.classNames.size() ? " with other names or order" : ""));
}

// The calibration images both int8 routes read: --calib-batches batches of the training images,
// shuffled (image folders are sorted by class: calibrate on a mix), normalised as the model's input.
class CalibrationBatches {
public:
    CalibrationBatches(const Dataset& data, const RunExportRequest& request, const CheckpointInfo& info, std::function<void()> checkCancelled)
        : loader_(data.train, options(request, info)), limit_(request.calibBatches), checkCancelled_(std::move(checkCancelled)) {
        loader_.startEpoch(0);
    }
    std::function<bool(torch::Tensor&)> source() {
        return [this](torch::Tensor& x) {
            checkCancelled_();
            Batch b;
            if (taken_ == limit_ || !loader_.next(b)) return false;
            ++taken_;
            x = b.images;
            return true;
        };
    }
    int taken() const { return taken_; }

private:
    static LoaderOptions options(const RunExportRequest& request, const CheckpointInfo& info) {
        LoaderOptions lo;
        lo.batch = request.calibBatch;
        lo.shuffle = true;
        lo.mean = info.mean;
        lo.std = info.std;
        lo.seed = 0;
        lo.workers = 1;
        return lo;
    }
    BatchLoader loader_;
    int limit_, taken_ = 0;
    std::function<void()> checkCancelled_;
};

nlohmann::json opsJson(const std::map<std::string, int>& ops) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [k, v] : ops) j[k] = v;
    return j;
}

}  // namespace

ExportRecord exportRecord(std::int64_t runId, const RunExportRequest& request, const RunExportResult& result) {
    const Artifact file = describeFile("export", request.output);
    ExportRecord r;
    r.runId = runId;
    r.path = request.output;
    r.format = exportFormatName(request.format);
    r.precision = request.int8 ? "int8" : "fp32";
    r.bytes = file.bytes;
    r.sha256 = file.sha256;
    r.description = result.description.dump();
    return r;
}

std::string defaultEngine(ExportFormat format) { return format == ExportFormat::Lite ? "qnnpack" : "onednn"; }  // mobile: XNNPACK, no engine

RunExportResult exportCheckpoint(const RunExportRequest& request) {
    const auto checkCancelled = [&] {
        if (request.cancelled && request.cancelled()) throw RunExportCancelled();
    };
    if (request.int8 && request.format == ExportFormat::Onnx)
        throw RunExportError("--int8 --format onnx: ONNX is written in fp32; int8 models are written as pt, ptl or mobile");
    if (request.int8 && request.calibData.empty())
        throw RunExportError("int8 needs calibration data: the training data the activation ranges are calibrated on");
    if (request.calibBatches < 1 || request.calibBatch < 1) throw RunExportError("calibration needs at least one batch of one image");
    QuantizeOptions qo;
    try {
        qo.engine = parseQuantEngine(request.engine.empty() ? defaultEngine(request.format) : request.engine);
        if (request.format == ExportFormat::Mobile && request.observer != "minmax")
            throw RunExportError("a mobile program is calibrated by min/max (as native-int8), not by " + request.observer);
        qo.observer = parseRangeObserver(request.observer);
    } catch (const std::invalid_argument& e) {
        throw RunExportError(e.what());
    }
    qo.measureBlockErrors = true;
    const ThreadBudget threads(std::max(1, request.threads));

    CheckpointInfo info;
    try {
        info = readCheckpointInfo(request.checkpoint);
    } catch (const std::exception& e) {
        throw RunExportError(firstLineOf(e.what()));
    }
    GraphModule module(info.graph);
    try {
        loadCheckpointWeights(request.checkpoint, *module);
    } catch (const std::exception& e) {
        throw RunExportError(firstLineOf(e.what()));
    }
    module->eval();

    std::shared_ptr<const Dataset> calib, evalData;
    if (request.int8) {
        calib = readData("calibration data", request.calibData, info.graph.input);
        requireMatchingData("calibration data", *calib, calib->train, info);
    }
    if (request.evaluate && (!request.evalData.empty() || calib)) {
        evalData = !request.evalData.empty() ? readData("evaluation data", request.evalData, info.graph.input) : calib;
        requireMatchingData("evaluation data", *evalData, evalData->test.count ? evalData->test : evalData->train, info);
    }
    const auto evalSet = [&]() -> const ImageSet& { return evalData->test.count ? evalData->test : evalData->train; };
    const std::int64_t classes = std::int64_t(info.classNames.size());
    checkCancelled();

    nlohmann::json meta{{"format", exportFormatName(request.format)},
                        {"precision", request.int8 ? "int8" : "fp32"},
                        {"graph", info.graph.name},
                        {"input", info.graph.input.dims},
                        {"mean", info.mean},
                        {"std", info.std},
                        {"classes", info.classNames},
                        {"checkpoint", request.checkpoint},
                        {"checkpoint_epoch", info.epoch},
                        {"program", std::string("hlcnn ") + programVersion()},
                        {"torch", torchVersion()}};
    nlohmann::json report = nlohmann::json::object();
    torch::jit::Module prepared;
    std::string onnxBytes;
    std::optional<mobile::Program> mobileBytes;
    std::optional<QuantEngineScope> engineScope;
    try {
        if (request.format == ExportFormat::Onnx) {
            meta["opset"] = kOnnxOpset;
            meta["batch"] = 1;
            onnxBytes = toOnnx(*module, {1, meta.dump(), programVersion()});
            checkOnnx(onnxBytes);
            if (evalData) {  // the file's own computation, read back by an independent runtime
                setOpenCvThreads(std::max(1, request.threads));
                OpenCvNet net(onnxBytes);
                const EvalMetrics f = evaluateForward([&](const torch::Tensor& x) { return net.forward(x); }, evalSet(), info.mean,
                                                      info.std, classes, 1);
                report["eval"] = {{"data", evalData->name}, {"images", f.samples}, {"fp32_top1", f.top1}, {"fp32_top5", f.top5},
                                  {"runtime", "OpenCV " + openCvVersion() + " DNN"}};
            }
        } else if (request.format == ExportFormat::Mobile) {
            // the program a phone runs, read back and run by the same XNNPACK code for its accuracy
            const mobile::Program fp32 = mobileProgram(*module, 1);
            mobile::Program program = fp32;
            meta["runtime"] = "XNNPACK " + mobile::xnnpackVersion();
            meta["batch"] = 1;
            if (request.int8) {
                CalibrationBatches batches(*calib, request, info, checkCancelled);
                MobileInt8 q = quantizedMobileProgram(*module, 1, batches.source(), std::max(1, request.threads));
                program = q.program;
                meta["weights"] = "int8 per-channel symmetric (XNNPACK qc8)";
                meta["activations"] = "int8 per-tensor (XNNPACK qs8), calibrated min/max";
                meta["calibration"] = {{"data", calib->name}, {"batches", batches.taken()}, {"images", q.calibrationImages}};
                report["fp32_bytes"] = std::int64_t(mobile::serializeProgram(fp32).size());
                std::map<std::string, int> int8Ops, floatOps;
                nlohmann::json steps = nlohmann::json::array();
                for (std::size_t k = 0; k < program.ops.size(); ++k) {
                    const mobile::Op& op = program.ops[k];
                    if (op.kind == mobile::OpKind::Convert || op.kind == mobile::OpKind::Alias) continue;
                    const bool int8 = program.values[std::size_t(op.out)].type == mobile::DataType::QS8;
                    ++(int8 ? int8Ops : floatOps)[mobile::opKindName(op.kind)];
                    steps.push_back({{"op", mobile::opKindName(op.kind)}, {"node", op.nodes.empty() ? "" : op.nodes.front()},
                                     {"int8", int8}, {"sqnr_db", std::isfinite(q.opSqnrDb[k]) ? nlohmann::json(q.opSqnrDb[k]) : nlohmann::json()}});
                }
                report["quantized_ops"] = opsJson(int8Ops);
                report["float_op_counts"] = opsJson(floatOps);
                report["op_sqnr_db"] = steps;
            }
            checkCancelled();
            if (evalData) {
                auto evaluate = [&](const mobile::Program& p) {
                    mobile::XnnpackRuntime r(p, std::max(1, request.threads));
                    return evaluateForward([&](const torch::Tensor& x) {
                        const torch::Tensor in = x.contiguous().to(torch::kFloat);
                        torch::Tensor y = torch::empty(r.outputShape());
                        r.forward(in.data_ptr<float>(), y.data_ptr<float>());
                        return y;
                    }, evalSet(), info.mean, info.std, classes, 1);
                };
                const EvalMetrics f = evaluate(fp32);
                report["eval"] = {{"data", evalData->name}, {"images", f.samples}, {"fp32_top1", f.top1}, {"fp32_top5", f.top5},
                                  {"runtime", "XNNPACK " + mobile::xnnpackVersion()}};
                if (request.int8) {
                    checkCancelled();
                    const EvalMetrics i = evaluate(program);
                    report["eval"]["int8_top1"] = i.top1;
                    report["eval"]["int8_top5"] = i.top5;
                }
            }
            mobileBytes.emplace(std::move(program));
        } else {
            torch::jit::Module fp32 = toInferenceTorchScript(*module);
            if (!request.int8) {
                prepared = prepareForTarget(fp32, request.format, false);
                if (evalData) {
                    const EvalMetrics f = evaluateForward([&](const torch::Tensor& x) { return prepared.forward({x}).toTensor(); },
                                                          evalSet(), info.mean, info.std, classes);
                    report["eval"] = {{"data", evalData->name}, {"images", f.samples}, {"fp32_top1", f.top1}, {"fp32_top5", f.top5}};
                }
            } else {
                engineScope.emplace(qo.engine);
                CalibrationBatches batches(*calib, request, info, checkCancelled);
                QuantizedModel q = quantizeStatic(*module, batches.source(), qo);
                prepared = prepareForTarget(q.module, request.format, true);
                const std::string fp32Bytes = serializeModel(prepareForTarget(fp32, request.format, false), request.format, "{}");
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
                checkCancelled();
                if (evalData) {
                    const EvalMetrics f = evaluateForward([&](const torch::Tensor& x) { return fp32.forward({x}).toTensor(); },
                                                          evalSet(), info.mean, info.std, classes);
                    checkCancelled();
                    const EvalMetrics i = evaluateForward([&](const torch::Tensor& x) { return prepared.forward({x}).toTensor(); },
                                                          evalSet(), info.mean, info.std, classes);
                    report["eval"] = {{"data", evalData->name}, {"images", f.samples}, {"fp32_top1", f.top1}, {"int8_top1", i.top1},
                                      {"fp32_top5", f.top5}, {"int8_top5", i.top5}};
                }
            }
        }
    } catch (const RunExportCancelled&) {
        throw;
    } catch (const RunExportError&) {
        throw;
    } catch (const std::invalid_argument& e) {
        throw RunExportError(e.what());
    } catch (const std::runtime_error& e) {
        throw RunExportError(firstLineOf(e.what()));
    } catch (const c10::Error& e) {
        throw RunExportError("export failed: " + firstLineOf(e.what_without_backtrace()));
    }
    checkCancelled();
    meta["report"] = report;

    RunExportResult result;
    try {
        if (request.format == ExportFormat::Onnx) {
            writeFileAtomically(request.output, onnxBytes);
            result.bytes = std::int64_t(onnxBytes.size());
            result.operators = readOnnxInfo(onnxBytes).operators;
        } else if (request.format == ExportFormat::Mobile) {
            mobileBytes->description = meta.dump();
            const std::string bytes = mobile::serializeProgram(*mobileBytes);
            writeFileAtomically(request.output, bytes);
            result.bytes = std::int64_t(bytes.size());
            result.operators = savedModelOperators(request.output, ExportFormat::Mobile);   // read back: what was written loads
        } else {
            const SavedModel saved = saveModel(prepared, request.format, request.output, meta.dump());
            result.bytes = saved.bytes;
            result.operators = saved.operators;
        }
    } catch (const std::runtime_error& e) {
        throw RunExportError(e.what());
    }
    report["bytes"] = result.bytes;
    report["operators"] = result.operators;
    meta["report"] = report;
    result.description = meta;
    return result;
}

}  // namespace hlcnn
