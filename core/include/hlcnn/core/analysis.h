// Validation and shape inference. Composite blocks are expanded into primitives on the way, so the
// result lists the primitive graph that the profiler and the builders work from.
#pragma once

#include "hlcnn/core/graph.h"
#include "hlcnn/core/op_registry.h"

#include <map>
#include <string>
#include <vector>

namespace hlcnn {

struct PrimitiveNode {
    std::string id;
    std::string op;
    std::vector<std::string> inputs;        // primitive ids or "input"
    Attrs attrs;                            // defaults filled in
    std::vector<TensorShape> inputShapes;
    TensorShape output;
    std::string block;                      // the top-level node this came from
    std::vector<ParamSpec> params;          // parameters and buffers, names local to the node
    OpCost cost;
};

struct Analysis {
    std::vector<PrimitiveNode> nodes;                 // topological order
    std::map<std::string, TensorShape> shapes;        // every top-level node id -> output shape
    std::map<std::string, std::string> resolved;      // top-level id -> primitive id holding its output
    std::vector<std::string> outputs;                 // primitive ids of the graph outputs
    std::vector<GraphIssue> issues;

    bool ok() const { return issues.empty(); }
    const PrimitiveNode* find(const std::string& primitiveId) const;
};

// Never throws for a bad graph: every problem becomes an issue naming the node and the reason.
Analysis analyze(const Graph& graph);

// The same, but throws GraphError with the first issue; for callers that need a valid graph.
Analysis analyzeOrThrow(const Graph& graph);

// The expanded, primitive-only graph (ids as in Analysis::nodes).
Graph expandedGraph(const Graph& graph);

}  // namespace hlcnn
