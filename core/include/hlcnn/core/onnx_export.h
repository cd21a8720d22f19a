// Graph module -> ONNX (fp32, inference): every primitive's lowering written as ONNX operators, the
// module's weights as initializers under their state names. Read by ONNX Runtime, Netron and OpenCV's
// DNN module (opencv_runtime.h); checked by the ONNX checker and ONNX's own shape inference.
#pragma once

#include "hlcnn/core/graph_module.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace hlcnn {

// The opset written: 14 has HardSwish as one operator; 13 is the oldest the tools we target read.
constexpr int kOnnxOpset = 14;

// A computation ONNX (at kOnnxOpset) cannot express exactly; the message names the node, the op and
// the format ("node 'f' (fusion): adaptive average pooling from 7x7 to 3x3 has no exact ONNX
// operator").
class OnnxUnsupportedError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct OnnxExportOptions {
    std::int64_t batch = 1;           // the input's batch dimension, fixed (OpenCV 4.6 needs fixed shapes)
    std::string metadataJson;         // stored as the model's metadata property "hlcnn.json"
    std::string producerVersion;
};

// The serialised ModelProto of the module in evaluation mode (batch norm with running statistics,
// dropout removed). Throws OnnxUnsupportedError as above; the module's mode is not changed.
std::string toOnnx(const GraphModuleImpl& module, const OnnxExportOptions& options = {});

// Runs the ONNX checker and strict shape inference on a serialised model; throws std::runtime_error
// with the checker's message. Returns the graph output's shape as ONNX infers it.
std::vector<std::int64_t> checkOnnx(const std::string& bytes);

// What a serialised model holds: its operator types (sorted, unique), opset and metadata.
struct OnnxInfo {
    std::vector<std::string> operators;
    std::int64_t opset = 0;
    std::vector<std::int64_t> inputShape, outputShape;
    std::string metadataJson;  // "" when the file has none of ours
};
// Throws std::runtime_error for bytes that are not an ONNX model.
OnnxInfo readOnnxInfo(const std::string& bytes);

}  // namespace hlcnn
