// A graph cut into one micro-graph per distinct block configuration (op, attributes, input shape),
// so that a block's latency can be measured once on a device and looked up for every node that has
// the same configuration, in this graph or any other. Pure graph work: no LibTorch.
#pragma once

#include "hlcnn/core/graph.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hlcnn {

struct BlockConfig {
    std::string key;                    // canonical: the micro-graph's JSON with neutral names
    std::string op;
    std::vector<std::string> nodeIds;   // the nodes of the graph with this configuration
    Graph graph;                        // input [-> adapters] -> the one node -> output
    // When the node's inputs differ in shape, the micro-graph feeds it from the largest one and
    // makes the others with 1x1 stride-s convolutions ("adapters"); `baseline` is the same graph
    // without the node, timed too and subtracted. Empty key: no baseline (the overhead is subtracted).
    std::string baselineKey;
    Graph baseline;
};

struct BlockConfigs {
    std::vector<BlockConfig> blocks;               // in graph order of their first node
    std::map<std::string, std::string> keyOf;      // node id -> key
    std::map<std::string, std::string> skipped;    // node id -> why it has no micro-graph
};

// Throws GraphError for a graph that does not analyse. A node on a vector (after flatten) is fed
// through a flatten of a [F, 1, 1] input (a view: free). A node whose inputs differ in a way no
// adapter can make (a spatial ratio that is not a whole stride) is skipped with the reason.
BlockConfigs blockConfigs(const Graph& graph);

// The runner's cost of a forward that does nothing (an identity on the input): subtracted from
// every block's time and counted once for the whole model.
Graph overheadGraph(const TensorShape& input);
std::string overheadKey(const TensorShape& input);

// The predicted time of each node and of the whole graph from block times (key -> ms, measured
// with the overhead included) and the overhead: node = max(0, block - baseline), the baseline being
// its adapters' graph or else the overhead; total = overhead + sum of nodes. Nodes without a
// measured block (or baseline) are listed in `missing` and not counted.
struct LatencyPrediction {
    std::map<std::string, double> nodeMs;
    double totalMs = 0;
    std::vector<std::string> missing;
};
LatencyPrediction predictLatency(const Graph& graph, const std::map<std::string, double>& blockMs, double overheadMs);

}  // namespace hlcnn
