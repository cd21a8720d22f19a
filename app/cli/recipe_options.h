// The training recipe options `hlcnn train` and `hlcnn sweep` share (--epochs, --batch, --lr, ...).
#pragma once

#include "arguments.h"

#include "hlcnn/core/trainer.h"

#include <set>
#include <string>

namespace hlcnn::cli {

const std::set<std::string>& recipeOptionNames();  // valued
const std::set<std::string>& recipeFlagNames();    // --nesterov, --no-flip, --no-normalize

// The recipe from the options (TrainConfig's defaults for those not given; --out too); every value
// range-checked (UsageError naming the option).
TrainConfig trainConfigFromArguments(const Arguments& args);

}  // namespace hlcnn::cli
