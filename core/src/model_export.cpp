#include "hlcnn/core/model_export.h"

#include "hlcnn/core/onnx_export.h"
#include "hlcnn/core/quantization.h"
#include "hlcnn/mobile/program.h"

#include <torch/csrc/jit/mobile/import.h>
#include <torch/csrc/jit/passes/xnnpack_rewrite.h>
#include <torch/csrc/jit/serialization/import.h>
#include <torch/script.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>

namespace hlcnn {

namespace {

void requireTorchFormat(ExportFormat format) {
    if (format == ExportFormat::Onnx) throw std::invalid_argument("an ONNX file is written from the graph (toOnnx), not from TorchScript");
    if (format == ExportFormat::Mobile) throw std::invalid_argument("a mobile program is written from the graph (mobile_export.h), not from TorchScript");
}

}  // namespace

std::string readModelFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read '" + path + "'");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

const char* exportFormatName(ExportFormat format) {
    switch (format) {
    case ExportFormat::TorchScript: return "pt";
    case ExportFormat::Lite: return "ptl";
    case ExportFormat::Onnx: return "onnx";
    case ExportFormat::Mobile: return "mobile";
    }
    return "?";
}

const char* exportFormatSuffix(ExportFormat format) {
    switch (format) {
    case ExportFormat::TorchScript: return ".pt";
    case ExportFormat::Lite: return ".ptl";
    case ExportFormat::Onnx: return ".onnx";
    case ExportFormat::Mobile: return mobile::kProgramSuffix;
    }
    return "";
}

ExportFormat parseExportFormat(const std::string& name) {
    if (name == "pt") return ExportFormat::TorchScript;
    if (name == "ptl") return ExportFormat::Lite;
    if (name == "onnx") return ExportFormat::Onnx;
    if (name == "mobile" || name == "hlmp") return ExportFormat::Mobile;
    throw std::invalid_argument("unknown export format '" + name + "' (pt, ptl, onnx, mobile)");
}

void writeFileAtomically(const std::string& path, const std::string& bytes) {
    const std::string tmp = path + ".partial";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error("cannot write '" + path + "'");
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n <= 0) break;
        done += std::size_t(n);
    }
    const bool ok = done == bytes.size() && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        throw std::runtime_error("cannot write '" + path + "'");
    }
}

torch::jit::Module prepareForTarget(const torch::jit::Module& module, ExportFormat format, bool frozen) {
    requireTorchFormat(format);
    if (format == ExportFormat::Lite) return torch::jit::optimizeForMobile(module);
    if (frozen) return module;
    torch::jit::Module copy = module.clone();
    copy.eval();
    return torch::jit::freeze(copy);
}

std::string serializeModel(const torch::jit::Module& prepared, ExportFormat format, const std::string& metadataJson) {
    requireTorchFormat(format);
    const torch::jit::ExtraFilesMap extra{{kExportMetadataName, metadataJson}};
    std::ostringstream out;
    if (format == ExportFormat::Lite)
        prepared._save_for_mobile(out, extra);
    else
        prepared.save(out, extra);
    return out.str();
}

SavedModel saveModel(const torch::jit::Module& prepared, ExportFormat format, const std::string& path,
                     const std::string& metadataJson) {
    std::string bytes;
    try {
        bytes = serializeModel(prepared, format, metadataJson);
    } catch (const c10::Error& e) {
        throw std::runtime_error(std::string("cannot serialise the model: ") + e.what_without_backtrace());
    }
    writeFileAtomically(path, bytes);
    SavedModel saved;
    saved.bytes = std::int64_t(bytes.size());
    saved.operators = savedModelOperators(path, format);
    return saved;
}

std::vector<std::string> savedModelOperators(const std::string& path, ExportFormat format) {
    if (format == ExportFormat::Onnx) return readOnnxInfo(readModelFile(path)).operators;
    if (format == ExportFormat::Mobile) {
        try {
            std::set<std::string> ops;
            for (const mobile::Op& op : mobile::readProgramFile(path).ops) ops.insert(mobile::opKindName(op.kind));
            return {ops.begin(), ops.end()};
        } catch (const mobile::ProgramError& e) {
            throw std::runtime_error(e.what());
        }
    }
    try {
        if (format == ExportFormat::Lite) {
            torch::jit::mobile::Module m = torch::jit::_load_for_mobile(path);
            const std::set<std::string> ops = torch::jit::mobile::_export_operator_list(m);
            return {ops.begin(), ops.end()};
        }
        const torch::jit::Module m = torch::jit::load(path);
        std::vector<std::string> ops;
        for (const auto& [kind, count] : forwardOpCounts(m)) ops.push_back(kind);
        return ops;
    } catch (const c10::Error& e) {
        throw std::runtime_error("'" + path + "' is not a ." + exportFormatName(format) + " model (" +
                                 e.what_without_backtrace() + ")");
    }
}

std::string savedModelMetadata(const std::string& path, ExportFormat format) {
    if (format == ExportFormat::Onnx) return readOnnxInfo(readModelFile(path)).metadataJson;
    if (format == ExportFormat::Mobile) {
        try {
            return mobile::readProgramDescription(path);
        } catch (const mobile::ProgramError& e) {
            throw std::runtime_error(e.what());
        }
    }
    torch::jit::ExtraFilesMap extra{{kExportMetadataName, ""}};
    try {
        if (format == ExportFormat::Lite)
            torch::jit::_load_for_mobile(path, c10::nullopt, extra);
        else
            torch::jit::load(path, c10::nullopt, extra);
    } catch (const c10::Error& e) {
        throw std::runtime_error("'" + path + "' is not a ." + exportFormatName(format) + " model (" +
                                 e.what_without_backtrace() + ")");
    }
    return extra[kExportMetadataName];
}

}  // namespace hlcnn
