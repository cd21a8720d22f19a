// The model graph: a versioned, typed DAG of ops, independent of any view or framework.
#pragma once

#include "hlcnn/core/attrs.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace hlcnn {

inline constexpr const char* kGraphFormat = "hlcnn-graph/1";

// A tensor shape without the batch dimension: {C, H, W} for feature maps, {F} for vectors.
struct TensorShape {
    std::vector<std::int64_t> dims;

    bool isMap() const { return dims.size() == 3; }
    bool isVector() const { return dims.size() == 1; }
    std::int64_t channels() const { return dims.empty() ? 0 : dims[0]; }
    std::int64_t height() const { return isMap() ? dims[1] : 1; }
    std::int64_t width() const { return isMap() ? dims[2] : 1; }
    std::int64_t numel() const;
    std::string toString() const;  // "32x56x56"
    bool operator==(const TensorShape& o) const { return dims == o.dims; }
    bool operator!=(const TensorShape& o) const { return dims != o.dims; }
};

struct Node {
    std::string id;
    std::string op;
    std::vector<std::string> inputs;  // node ids, or "input" for the graph input
    Attrs attrs;

    bool operator==(const Node& o) const {
        return id == o.id && op == o.op && inputs == o.inputs && attrs == o.attrs;
    }
};

inline constexpr const char* kGraphInputId = "input";

struct Graph {
    std::string name;
    TensorShape input;                 // C,H,W
    std::vector<Node> nodes;
    std::vector<std::string> outputs;  // node ids

    const Node* findNode(const std::string& id) const;
    Node* findNode(const std::string& id);
    bool operator==(const Graph& o) const {
        return name == o.name && input == o.input && nodes == o.nodes && outputs == o.outputs;
    }
};

// A problem found in a graph, attributed to a node when there is one ("" = the graph itself).
// What kind of problem an issue is, so that callers (the designer) never parse message text.
enum class IssueKind {
    Structure,   // unknown op, bad or duplicate id, dangling input, bad input shape, bad output name
    Unfinished,  // inputs still missing, no outputs yet: not wrong, only incomplete
    Cycle,       // part of a cycle
    Rule,        // an op's attribute or shape rule refuses the node (including size collapses)
};

struct GraphIssue {
    std::string nodeId;
    std::string message;
    IssueKind kind = IssueKind::Structure;
    std::string toString() const;
};

class GraphError : public std::runtime_error {
public:
    explicit GraphError(GraphIssue issue)
        : std::runtime_error(issue.toString()), issue_(std::move(issue)) {}
    const GraphIssue& issue() const { return issue_; }

private:
    GraphIssue issue_;
};

// Node ids used in the graph and in parameter names: letters, digits, '_' and '.', not empty,
// no empty dot-separated part. Dots give the module hierarchy (as in torchvision's state_dict keys).
bool isValidNodeId(const std::string& id);

}  // namespace hlcnn
