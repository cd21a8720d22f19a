// hlcnn export --checkpoint FILE --format pt|ptl|onnx|mobile [--int8 ...] -o FILE: a trained model as a
// deployable file (frozen TorchScript for the host, lite-interpreter bytecode for phones, ONNX for
// other runtimes), fp32 or post-training int8 (pt, ptl), with its description embedded and, with
// --run, recorded in the store. The work is experiments/run_export (shared with the run page).
#include "arguments.h"
#include "commands.h"
#include "output_file.h"
#include "store_access.h"

#include "hlcnn/core/runtime_setup.h"
#include "hlcnn/experiments/run_export.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

namespace hlcnn::cli {

namespace {

const char* kExportUsage =
    "hlcnn export --checkpoint FILE --format pt|ptl|onnx|mobile -o FILE [options] (hlcnn export --help)";

void printReport(const nlohmann::json& out, bool int8) {
    const nlohmann::json& report = out["report"];
    const double bytes = report["bytes"].get<double>();
    std::printf("wrote %s: %s %s, %.2f MB, %zu operators\n", out["output"].get<std::string>().c_str(), int8 ? "int8" : "fp32",
                out["format"].get<std::string>().c_str(), bytes / 1e6, report["operators"].size());
    if (int8 && out["format"] == "mobile") {
        const double fp32Bytes = report["fp32_bytes"].get<double>();
        std::printf("  %s on %lld images of %s\n", out["activations"].get<std::string>().c_str(),
                    out["calibration"]["images"].get<long long>(), out["calibration"]["data"].get<std::string>().c_str());
        std::printf("  size: fp32 %.2f MB -> int8 %.2f MB (%.2fx smaller)\n", fp32Bytes / 1e6, bytes / 1e6, fp32Bytes / bytes);
        for (const auto& [op, n] : report["quantized_ops"].items()) std::printf("  int8: %s x%d\n", op.c_str(), n.get<int>());
        for (const auto& [op, n] : report["float_op_counts"].items()) std::printf("  float: %s x%d\n", op.c_str(), n.get<int>());
        const nlohmann::json* lowest = nullptr;
        for (const auto& st : report["op_sqnr_db"])
            if (!st["sqnr_db"].is_null() && (!lowest || st["sqnr_db"].get<double>() < (*lowest)["sqnr_db"].get<double>())) lowest = &st;
        if (lowest)
            std::printf("  lowest int8 error (SQNR against float on the first calibration image): %.1f dB at %s (%s)\n",
                        (*lowest)["sqnr_db"].get<double>(), (*lowest)["node"].get<std::string>().c_str(), (*lowest)["op"].get<std::string>().c_str());
    } else if (int8) {
        const double fp32Bytes = report["fp32_bytes"].get<double>();
        std::printf("  engine %s, observer %s, calibrated on %d batches (%lld images) of %s\n",
                    out["engine"].get<std::string>().c_str(), out["observer"].get<std::string>().c_str(),
                    out["calibration"]["batches"].get<int>(), out["calibration"]["images"].get<long long>(),
                    out["calibration"]["data"].get<std::string>().c_str());
        std::printf("  size: fp32 %.2f MB -> int8 %.2f MB (%.2fx smaller)\n", fp32Bytes / 1e6, bytes / 1e6, fp32Bytes / bytes);
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
}

}  // namespace

int runDeployExport(const Arguments& parsed) {
    if (!parsed.has("checkpoint")) throw UsageError(std::string("--checkpoint FILE is required: ") + kExportUsage);
    if (!parsed.has("output")) throw UsageError(std::string("-o FILE is required: ") + kExportUsage);
    if (!parsed.has("format")) throw UsageError("--format pt|ptl|onnx|mobile is required");
    RunExportRequest request;
    try {
        request.format = parseExportFormat(parsed.value("format"));
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--format: ") + e.what());
    }
    request.int8 = parsed.has("int8");
    if (request.int8 && request.format == ExportFormat::Onnx)
        throw UsageError("--int8 --format onnx: ONNX is written in fp32; int8 models are written as pt, ptl or mobile");
    if (request.format == ExportFormat::Mobile)
        for (const char* o : {"engine", "observer"})
            if (parsed.has(o))
                throw UsageError(std::string("--") + o + " does not apply to --format mobile: it runs on XNNPACK, calibrated by min/max as native-int8");
    for (const char* o : {"calib-data", "calib-batches", "calib-batch", "engine", "observer"})
        if (!request.int8 && parsed.has(o)) throw UsageError(std::string("--") + o + " applies to --int8 only");
    if (request.int8 && !parsed.has("calib-data"))
        throw UsageError("--int8 needs --calib-data SPEC: the training data the activation ranges are calibrated on");
    request.checkpoint = parsed.value("checkpoint");
    request.output = parsed.value("output");
    checkOutputPath("-o", request.output, {request.checkpoint, parsed.has("db") ? parsed.value("db") : std::string()});
    request.calibData = parsed.value("calib-data", "");
    request.calibBatches = int(boundedInteger(parsed, "calib-batches", 32, 1, 100000));
    request.calibBatch = int(boundedInteger(parsed, "calib-batch", 32, 1, 4096));
    request.engine = request.format == ExportFormat::Mobile ? "" : parsed.value("engine", defaultEngine(request.format));
    request.observer = parsed.value("observer", "minmax");
    request.evalData = parsed.value("eval-data", "");
    request.evaluate = !parsed.has("no-eval");
    request.threads = int(boundedInteger(parsed, "threads", hardwareThreads(), 1, hardwareThreads()));

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

    RunExportResult result;
    try {
        result = exportCheckpoint(request);
    } catch (const RunExportError& e) {
        throw UsageError(e.what());
    }
    if (store) {
        try {
            store->addExport(exportRecord(run, request, result));
        } catch (const StoreError& e) {
            throw UsageError(std::string("wrote ") + request.output + " but could not record it: " + e.what());
        }
    }

    nlohmann::json out = result.description;
    out["output"] = request.output;
    if (parsed.has("json")) {
        std::cout << out.dump() << "\n";
        return 0;
    }
    printReport(out, request.int8);
    if (store) std::printf("  recorded as an export of run %lld in %s\n", static_cast<long long>(run), store->path().c_str());
    return 0;
}

}  // namespace hlcnn::cli
