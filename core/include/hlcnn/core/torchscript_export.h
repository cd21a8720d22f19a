// Graph module -> TorchScript module (same parameter names, forward compiled from the graph).
#pragma once

#include "hlcnn/core/graph_module.h"

#include <torch/csrc/jit/api/module.h>

#include <string>

namespace hlcnn {

// The TorchScript source of forward() for a graph; exposed for inspection and tests.
std::string torchScriptSource(const Analysis& analysis);

// Copies the module's current weights into a new scripted module. Its forward returns the first
// graph output and follows the module's train/eval mode.
torch::jit::Module toTorchScript(GraphModuleImpl& module);

}  // namespace hlcnn
