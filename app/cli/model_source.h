// The "--model NAME [--stem] [--classes] [--width] | --graph FILE" and "--input CxHxW" options
// shared by the commands that take a model.
#pragma once

#include "arguments.h"

#include "hlcnn/core/graph.h"

#include <set>
#include <string>

namespace hlcnn::cli {

const std::set<std::string>& modelOptionNames();
// Throws UsageError for a bad option (unknown model, --width or --classes out of range, --input not
// CxHxW) and GraphError for a graph file that cannot be read.
Graph graphFromArguments(const Arguments& args);

// "CxHxW" with positive sizes, else UsageError naming --input.
TensorShape parseInput(const std::string& text);

// --width, a finite multiplier in (0, 8] (default 1), else UsageError.
double widthFrom(const Arguments& args);

constexpr long long kMaxBenchBatch = 65536;

// Refuses a batch whose activations (analytic profile: peak live for inference, everything kept for
// the backward pass when training) cannot fit in this machine's memory, before allocating any.
void requireBatchFits(const Graph& graph, std::int64_t batch, bool training);

}  // namespace hlcnn::cli
