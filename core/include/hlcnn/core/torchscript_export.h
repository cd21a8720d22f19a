// Graph module -> TorchScript module (same parameter names, forward compiled from the graph).
#pragma once

#include "hlcnn/core/graph_module.h"

#include <torch/csrc/jit/api/module.h>

#include <string>
#include <vector>

namespace hlcnn {

// The TorchScript source of forward() for a graph; exposed for inspection and tests.
std::string torchScriptSource(const Analysis& analysis);

// A convolution followed by batch normalisation, folded for inference into one convolution whose
// weight and bias are new attributes of the root module computed from the named state tensors.
struct ConvBatchNormFold {
    std::string weightAttr, biasAttr;               // attributes of the root module
    std::string convWeight, convBias;               // full state names; convBias "" when none
    std::string bnWeight, bnBias, bnMean, bnVar;
    double eps = 1e-5;
};

// forward() for inference only: no training branches, dropout removed, conv + batch norm folded.
struct InferenceScript {
    std::string source;
    std::vector<ConvBatchNormFold> folds;
};
// With extraOutputs (primitive node ids), forward returns a list: the graph output, then those nodes'
// outputs (for measuring what each block computes).
InferenceScript inferenceScriptSource(const Analysis& analysis, const std::vector<std::string>& extraOutputs = {});

// Copies the module's current weights into a new scripted module. Its forward returns the first
// graph output and follows the module's train/eval mode.
torch::jit::Module toTorchScript(GraphModuleImpl& module);

// The module for deployment: inferenceScriptSource() over copies of the module's weights, with the
// folded convolutions computed in double precision, in evaluation mode. Same outputs as the module in
// evaluation mode up to float rounding.
torch::jit::Module toInferenceTorchScript(GraphModuleImpl& module, const std::vector<std::string>& extraOutputs = {});

}  // namespace hlcnn
