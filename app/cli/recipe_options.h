// The training recipe on the command line (--epochs, --batch, --lr, ...), read from the recipe
// schema (core/recipe.h): `hlcnn train` and `hlcnn sweep` share these options, their parsing and
// their help.
#pragma once

#include "arguments.h"

#include "hlcnn/core/recipe.h"

#include <set>
#include <string>

namespace hlcnn::cli {

const std::set<std::string>& recipeOptionNames();  // valued: every field except the switches
const std::set<std::string>& recipeFlagNames();    // the switches' flags: --nesterov, --no-flip, --no-normalize

// The recipe from the options (TrainConfig's defaults for those not given; --out too); every value
// range-checked (UsageError naming the option).
TrainConfig trainConfigFromArguments(const Arguments& args);

// The recipe options for --help: one line each, grouped by section, with the default.
std::string recipeHelp();

}  // namespace hlcnn::cli
