// The mobile program a latency table times and predicts for a graph: the graph with seeded random
// weights (what it computes does not matter for its time), lowered as `hlcnn export --format
// mobile` lowers a trained model, fp32 or int8 (calibrated on two seeded random batches: an op's
// int8 or float choice and its conversions come from the op kinds, as in the export). LibTorch
// stays inside; nothing process-wide is touched (the module draws from its own generator).
#pragma once

#include "hlcnn/core/graph.h"
#include "hlcnn/mobile/program.h"

#include <map>
#include <string>
#include <vector>

namespace hlcnn {

// precision: fp32 | int8. Throws GraphError for a graph that does not analyse and
// std::invalid_argument naming the node the mobile runtime does not run.
mobile::Program latencyProgram(const Graph& graph, const std::string& precision);

// Per-node figures of the program (keyed by the nodes the runtime ran: a block such as hlcnn_block
// runs as its expansion, "stage1.0.dw.0") onto the graph's own nodes: a key that is no node of the
// graph goes to the node whose id prefixes it ("stage1.0"); a key with no such node is dropped.
std::map<std::string, double> onGraphNodes(const Graph& graph, const std::map<std::string, double>& byRuntimeNode);
std::vector<std::string> onGraphNodes(const Graph& graph, const std::vector<std::string>& runtimeNodes);

}  // namespace hlcnn
