// The optimizer a recipe names, over a module's parameters (Trainer and the step timing share it).
#pragma once

#include "hlcnn/core/trainer.h"

#include <torch/optim/optimizer.h>

#include <memory>

namespace hlcnn {

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(GraphModuleImpl& module, const TrainConfig& config);

}  // namespace hlcnn
