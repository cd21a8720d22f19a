// The mobile program a latency table times and predicts for a graph: the graph with seeded random
// weights (what it computes does not matter for its time), lowered as `hlcnn export --format
// mobile` lowers a trained model, fp32 or int8 (calibrated on two seeded random batches: an op's
// int8 or float choice and its conversions come from the op kinds, as in the export). LibTorch
// stays inside; nothing process-wide is touched (the module draws from its own generator).
#pragma once

#include "hlcnn/core/graph.h"
#include "hlcnn/mobile/program.h"

#include <string>

namespace hlcnn {

// precision: fp32 | int8. Throws GraphError for a graph that does not analyse and
// std::invalid_argument naming the node the mobile runtime does not run.
mobile::Program latencyProgram(const Graph& graph, const std::string& precision);

}  // namespace hlcnn
