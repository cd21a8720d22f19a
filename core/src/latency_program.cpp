#include "hlcnn/core/latency_program.h"

#include "hlcnn/core/graph_module.h"
#include "hlcnn/core/mobile_export.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <stdexcept>

namespace hlcnn {

mobile::Program latencyProgram(const Graph& graph, const std::string& precision) {
    if (precision != "fp32" && precision != "int8") throw std::invalid_argument("precision must be fp32 or int8, got '" + precision + "'");
    GraphModule module(graph, 7);
    module->eval();
    torch::NoGradGuard noGrad;
    if (precision == "fp32") return mobileProgram(*module, 1);
    at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(7);
    std::vector<std::int64_t> shape{2};
    shape.insert(shape.end(), graph.input.dims.begin(), graph.input.dims.end());
    int batches = 0;
    return quantizedMobileProgram(*module, 1, [&](at::Tensor& x) {
        if (batches++ == 2) return false;
        x = torch::randn(shape, gen);
        return true;
    }, 1).program;
}

}  // namespace hlcnn
