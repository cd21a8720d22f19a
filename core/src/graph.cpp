#include "hlcnn/core/graph.h"

#include <cctype>
#include <limits>

namespace hlcnn {

std::int64_t TensorShape::numel() const {
    std::int64_t n = 1;
    for (std::int64_t d : dims) {
        if (d <= 0) return 0;
        if (n > std::numeric_limits<std::int64_t>::max() / d) return std::numeric_limits<std::int64_t>::max();
        n *= d;
    }
    return n;
}

std::string TensorShape::toString() const {
    std::string s;
    for (std::size_t i = 0; i < dims.size(); ++i) {
        if (i) s += 'x';
        s += std::to_string(dims[i]);
    }
    return s;
}

const Node* Graph::findNode(const std::string& id) const {
    for (const Node& n : nodes)
        if (n.id == id) return &n;
    return nullptr;
}

Node* Graph::findNode(const std::string& id) {
    for (Node& n : nodes)
        if (n.id == id) return &n;
    return nullptr;
}

std::string GraphIssue::toString() const {
    return nodeId.empty() ? message : "node '" + nodeId + "': " + message;
}

bool isValidNodeId(const std::string& id) {
    if (id.empty() || id.size() > 200) return false;
    bool partEmpty = true;
    for (char c : id) {
        if (c == '.') {
            if (partEmpty) return false;
            partEmpty = true;
        } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
            partEmpty = false;
        } else {
            return false;
        }
    }
    return !partEmpty;
}

}  // namespace hlcnn
