// The "--model NAME [--stem] [--classes] [--width] | --graph FILE" and "--input CxHxW" options
// shared by the commands that take a model.
#pragma once

#include "arguments.h"

#include "hlcnn/core/graph.h"

#include <set>
#include <string>

namespace hlcnn::cli {

const std::set<std::string>& modelOptionNames();
Graph graphFromArguments(const Arguments& args);

}  // namespace hlcnn::cli
