// Weight import: a PyTorch state_dict written by Python's torch.save (zip format, PyTorch >= 1.6)
// into a graph module, matched by parameter name.
#pragma once

#include "hlcnn/core/graph_module.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace hlcnn {

class StateDictError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct StateDictEntry {
    std::string name;
    torch::Tensor tensor;
};

// Reads the file without Python. Throws StateDictError naming the problem (not a torch.save zip,
// truncated pickle, unsupported object, a value that is not a tensor).
std::vector<StateDictEntry> readStateDict(const std::string& path);

struct LoadReport {
    int loaded = 0;
    std::vector<std::string> missing;     // in the model, not in the file
    std::vector<std::string> unexpected;  // in the file, not in the model
    std::vector<std::string> mismatched;  // same name, other shape ("name: file AxB, model CxD")
    bool complete() const { return missing.empty() && unexpected.empty() && mismatched.empty(); }
    std::string summary() const;
};

// Copies every matching tensor. With strict, throws StateDictError unless the match is complete
// (and then copies nothing).
LoadReport loadStateDict(GraphModuleImpl& module, const std::vector<StateDictEntry>& entries, bool strict = true);

}  // namespace hlcnn
