// A trained checkpoint as a deployable file: frozen TorchScript (.pt), lite-interpreter bytecode
// (.ptl), fp32 or post-training int8, or ONNX (fp32), with its description embedded, its accuracy
// measured on the file's own computation, and optionally recorded as an export of its run. The one
// implementation behind `hlcnn export` and the run page's Export... button.
#pragma once

#include "hlcnn/core/export_format.h"
#include "hlcnn/experiments/experiment_store.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace hlcnn {

// What the user got wrong (bad checkpoint, data that does not fit, an op the format lacks, an
// unwritable output): one line, nothing written.
class RunExportError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct RunExportRequest {
    std::string checkpoint, output;
    ExportFormat format = ExportFormat::Lite;
    bool int8 = false;
    std::string calibData;                  // data spec; required for int8
    int calibBatches = 32, calibBatch = 32;
    std::string engine;                     // qnnpack | onednn; "" for the format's default (defaultEngine)
    std::string observer = "minmax";        // minmax | moving-average | percentile
    // The data the accuracy is measured on: "" means the calibration data (int8) or none (fp32).
    std::string evalData;
    bool evaluate = true;
    int threads = 1;                        // intra-op threads of the calling thread (and OpenCV's, for ONNX)
    // Polled between phases; true stops the export (RunExportCancelled) before anything is written.
    std::function<bool()> cancelled;
};

class RunExportCancelled : public std::runtime_error {
public:
    RunExportCancelled() : std::runtime_error("the export was cancelled") {}
};

struct RunExportResult {
    nlohmann::json description;   // what the file embeds, with "report" (sizes, accuracy, ops, error by block)
    std::int64_t bytes = 0;
    std::vector<std::string> operators;   // what a runtime must provide
};

// Checks, computes and writes (atomically). Throws RunExportError or RunExportCancelled.
RunExportResult exportCheckpoint(const RunExportRequest& request);

// The store's record of a written export of run `runId` (the file hashed as it is now).
// Throws StoreError when the file cannot be read.
ExportRecord exportRecord(std::int64_t runId, const RunExportRequest& request, const RunExportResult& result);

// The engine a format runs on by default: "qnnpack" for the phone (.ptl), "onednn" for the host.
std::string defaultEngine(ExportFormat format);

}  // namespace hlcnn
