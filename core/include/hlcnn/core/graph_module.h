// Graph -> LibTorch module. Parameters are registered in a module tree that follows the dotted node
// ids, so named_parameters() gives the same keys as the matching torchvision model's state_dict.
#pragma once

#include "hlcnn/core/analysis.h"
#include "hlcnn/core/graph.h"

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <memory>
#include <string>
#include <vector>

namespace hlcnn {

class GraphModuleImpl : public torch::nn::Module {
public:
    // Throws GraphError when the graph is invalid. Weights are initialised from a generator of the
    // module's own seeded with `seed`; dropout then draws from the same generator, so a module's
    // randomness never touches LibTorch's process-wide default generator.
    explicit GraphModuleImpl(const Graph& graph, std::uint64_t seed = 0);
    ~GraphModuleImpl() override;

    torch::Tensor forward(const torch::Tensor& input);  // first graph output
    std::vector<torch::Tensor> forwardAll(const torch::Tensor& input);
    // forward() that also times each primitive (analysis().nodes order; CPU ops run synchronously).
    torch::Tensor forwardTimed(const torch::Tensor& input, std::vector<double>& stepMilliseconds);

    const Graph& graph() const { return graph_; }
    const Analysis& analysis() const { return analysis_; }

    // The tensor registered under a full dotted name (parameter or buffer); undefined if none.
    torch::Tensor stateTensor(const std::string& fullName) const;
    std::vector<std::string> stateNames() const;  // parameters then buffers, registration order

    // Channels-last (NHWC) layout for the 4-D weights and the activations: oneDNN's convolutions then
    // skip the layout reorders they make on every NCHW call (docs/training.md has the measurement).
    // Outputs equal the NCHW ones up to float rounding. Switch before an optimizer is made over the
    // parameters; parameter names, shapes and checkpoints are unchanged.
    void setChannelsLast(bool on);
    bool channelsLast() const { return channelsLast_; }

    // The module's random generator (dropout); its state is what a checkpoint saves and restores.
    at::Generator& generator() { return generator_; }

private:
    struct Step;
    std::vector<torch::Tensor> run(const torch::Tensor& input, std::vector<double>* stepMilliseconds);
    Graph graph_;
    Analysis analysis_;
    std::vector<std::unique_ptr<Step>> steps_;
    std::vector<std::string> stateNames_;
    at::Generator generator_;
    bool channelsLast_ = false;
};

TORCH_MODULE(GraphModule);

}  // namespace hlcnn
