// What changed between two model graphs, node by node, with the exact cost each change adds or
// removes (from the analytic profiler), so a comparison can put delta params / MACs next to delta
// accuracy. Nodes are matched by id, the designer's and the zoo's stable names.
#pragma once

#include "hlcnn/core/graph.h"
#include "hlcnn/core/profiler.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hlcnn {

enum class NodeChangeKind {
    Added,      // only in the second graph
    Removed,    // only in the first graph
    Changed,    // op, attributes or inputs differ
    Reshaped,   // the node itself is the same but its output shape or cost moved (an upstream change)
};
const char* nodeChangeName(NodeChangeKind kind);  // added, removed, changed, reshaped

struct NodeChange {
    NodeChangeKind kind = NodeChangeKind::Changed;
    std::string id, op;                 // op of the second graph's node (the first's when removed)
    std::vector<std::string> details;   // "channels: 32 -> 48", "op: conv_bn_act -> dw_separable", ...
    std::string shapeBefore, shapeAfter;  // "" where the node is absent
    std::int64_t paramsBefore = 0, paramsAfter = 0, macsBefore = 0, macsAfter = 0;

    std::int64_t deltaParams() const { return paramsAfter - paramsBefore; }
    std::int64_t deltaMacs() const { return macsAfter - macsBefore; }
};

struct ArchitectureDiff {
    std::string nameBefore, nameAfter;
    std::string inputBefore, inputAfter;           // "3x32x32"
    std::vector<std::string> outputsBefore, outputsAfter;
    std::vector<NodeChange> changes;               // in the second graph's order, removed nodes where they stood
    CostFigures totalBefore, totalAfter;
    int unchanged = 0;                             // nodes equal in both, shape and cost included

    bool identical() const { return changes.empty() && inputBefore == inputAfter && outputsBefore == outputsAfter; }
};

// Throws GraphError when either graph is invalid (a recorded run's graph always is valid).
ArchitectureDiff diffArchitectures(const Graph& before, const Graph& after);

}  // namespace hlcnn
