#include "hlcnn/core/opencv_runtime.h"

#include <opencv2/core/utility.hpp>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/dnn.hpp>
#include <torch/torch.h>

#include <stdexcept>

namespace hlcnn {

namespace {

std::string firstLine(const std::string& s) {
    std::string line = s.substr(0, s.find('\n'));
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    return line;
}

// OpenCV prints its errors to stderr before throwing; the caller reports the exception instead.
class QuietOpenCvLog {
public:
    QuietOpenCvLog() : previous_(cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT)) {}
    ~QuietOpenCvLog() { cv::utils::logging::setLogLevel(previous_); }

private:
    cv::utils::logging::LogLevel previous_;
};

// "OpenCV(4.6.0) /path/file.cpp:123: error: (-215:Assertion failed) cond in function 'f'" -> from "(-215".
std::string reason(const cv::Exception& e) {
    const std::string what = firstLine(e.what());
    const std::size_t at = what.find(" error: ");
    return at == std::string::npos ? what : what.substr(at + 8);
}

}  // namespace

struct OpenCvNet::Impl {
    cv::dnn::Net net;
};

OpenCvNet::OpenCvNet(const std::string& onnxBytes) : impl_(std::make_unique<Impl>()) {
    QuietOpenCvLog quiet;
    try {
        impl_->net = cv::dnn::readNetFromONNX(onnxBytes.data(), onnxBytes.size());
    } catch (const cv::Exception& e) {
        throw std::runtime_error("OpenCV DNN cannot read the model: " + reason(e));
    }
    if (impl_->net.empty()) throw std::runtime_error("OpenCV DNN read an empty network");
    impl_->net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    impl_->net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
}

OpenCvNet::~OpenCvNet() = default;

at::Tensor OpenCvNet::forward(const at::Tensor& input) {
    const torch::Tensor x = input.to(torch::kFloat).contiguous();
    std::vector<int> sizes(x.sizes().begin(), x.sizes().end());
    const cv::Mat blob(int(sizes.size()), sizes.data(), CV_32F, x.data_ptr<float>());
    cv::Mat out;
    {
        QuietOpenCvLog quiet;
        try {
            impl_->net.setInput(blob);
            out = impl_->net.forward();
        } catch (const cv::Exception& e) {
            throw std::runtime_error("OpenCV DNN forward failed: " + reason(e));
        }
    }
    if (out.type() != CV_32F || !out.isContinuous()) out = out.clone();
    std::vector<std::int64_t> outSizes(out.size.p, out.size.p + out.dims);
    return torch::from_blob(out.ptr<float>(), outSizes, torch::kFloat).clone();
}

void setOpenCvThreads(int threads) { cv::setNumThreads(threads); }

std::string openCvVersion() { return CV_VERSION; }

}  // namespace hlcnn
