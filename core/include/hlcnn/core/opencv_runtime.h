// OpenCV's DNN module running an ONNX model on the CPU: the third runtime `bench infer` compares and
// the independent reader the ONNX export is tested against.
#pragma once

#include <ATen/core/Tensor.h>

#include <memory>
#include <string>

namespace hlcnn {

class OpenCvNet {
public:
    // Reads a serialised ONNX model. Throws std::runtime_error with OpenCV's reason on one line when
    // OpenCV cannot read it (OpenCV's own error log is silenced while it reads).
    explicit OpenCvNet(const std::string& onnxBytes);
    ~OpenCvNet();
    OpenCvNet(const OpenCvNet&) = delete;
    OpenCvNet& operator=(const OpenCvNet&) = delete;

    // One forward pass of a contiguous float NCHW batch; the result is a new tensor.
    at::Tensor forward(const at::Tensor& input);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// OpenCV's own thread pool size is process-wide: the CLI sets it once for a benchmark.
void setOpenCvThreads(int threads);
std::string openCvVersion();  // "4.6.0"

}  // namespace hlcnn
