// Deployable model files: TorchScript for the host (.pt, frozen) and the lite interpreter for
// phones (.ptl, mobile-optimised bytecode), fp32 or int8, and ONNX (fp32, onnx_export.h), each with
// a JSON description embedded.
#pragma once

#include "hlcnn/core/export_format.h"

#include <torch/csrc/jit/api/module.h>

#include <cstdint>
#include <string>
#include <vector>

namespace hlcnn {


// Writes `bytes` to a temporary file next to `path`, synced, then renamed over it: a failure leaves
// nothing behind and never a partial file. Throws std::runtime_error naming the path.
void writeFileAtomically(const std::string& path, const std::string& bytes);
// A model file's bytes (an .onnx to parse, say); throws std::runtime_error naming the path.
std::string readModelFile(const std::string& path);

// The module prepared for its target (pt, ptl; ONNX is written from the graph): frozen for the host (.pt; a module that is already frozen,
// like a quantized one, is kept as is), rewritten by optimizeForMobile for the lite interpreter.
torch::jit::Module prepareForTarget(const torch::jit::Module& module, ExportFormat format, bool frozen);

// The embedded description's entry name (an "extra" file of the archive).
constexpr const char* kExportMetadataName = "hlcnn.json";

struct SavedModel {
    std::int64_t bytes = 0;
    std::vector<std::string> operators;  // what a runtime must provide (the lite interpreter's list for .ptl)
};

// The archive's bytes, as written (for sizes without a file).
std::string serializeModel(const torch::jit::Module& prepared, ExportFormat format, const std::string& metadataJson);

// Writes atomically (a temporary file next to `path`, then rename): a failure leaves nothing behind
// and never a partial file. Throws std::runtime_error naming the path.
SavedModel saveModel(const torch::jit::Module& prepared, ExportFormat format, const std::string& path,
                     const std::string& metadataJson);

// The operators a saved file needs: the lite interpreter's own list for .ptl, the forward graph's
// op kinds for .pt, the node types for .onnx. Throws std::runtime_error for a file that is not one.
std::vector<std::string> savedModelOperators(const std::string& path, ExportFormat format);

// The embedded description of a file this program wrote ("" when it has none).
std::string savedModelMetadata(const std::string& path, ExportFormat format);

}  // namespace hlcnn
