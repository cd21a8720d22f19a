// The deployable file formats, apart from the LibTorch code that writes them (model_export.h), so
// that the layers above can name a format without compiling LibTorch.
#pragma once

#include <string>

namespace hlcnn {

enum class ExportFormat { TorchScript, Lite, Onnx, Mobile };
const char* exportFormatName(ExportFormat format);   // "pt" | "ptl" | "onnx" | "mobile"
// The file name ending a format's files carry: ".pt", ".ptl", ".onnx", ".hlmp"
const char* exportFormatSuffix(ExportFormat format);
// Throws std::invalid_argument naming the formats this build writes.
ExportFormat parseExportFormat(const std::string& name);

}  // namespace hlcnn
