#include "hlcnn/core/latency_program.h"

#include "hlcnn/core/graph_module.h"
#include "hlcnn/core/mobile_export.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>
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

namespace {

// The graph node `id` belongs to: itself, or the longest node id that prefixes it at a '.'.
const std::string* graphNodeOf(const Graph& graph, const std::string& id) {
    const std::string* best = nullptr;
    for (const Node& n : graph.nodes) {
        if (n.id == id) return &n.id;
        if (id.size() > n.id.size() && id.compare(0, n.id.size(), n.id) == 0 && id[n.id.size()] == '.' && (!best || n.id.size() > best->size()))
            best = &n.id;
    }
    return best;
}

}  // namespace

std::map<std::string, double> onGraphNodes(const Graph& graph, const std::map<std::string, double>& byRuntimeNode) {
    std::map<std::string, double> out;
    for (const auto& [id, ms] : byRuntimeNode)
        if (const std::string* node = graphNodeOf(graph, id)) out[*node] += ms;
    return out;
}

std::vector<std::string> onGraphNodes(const Graph& graph, const std::vector<std::string>& runtimeNodes) {
    std::vector<std::string> out;
    for (const std::string& id : runtimeNodes)
        if (const std::string* node = graphNodeOf(graph, id); node && std::find(out.begin(), out.end(), *node) == out.end()) out.push_back(*node);
    return out;
}

}  // namespace hlcnn
