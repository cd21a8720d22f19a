// Reading and writing the "hlcnn-graph/1" JSON format.
#pragma once

#include "hlcnn/core/graph.h"

#include <string>

namespace hlcnn {

// Throws GraphError with a message naming what is wrong (position for malformed JSON, the field
// for a wrong type). Only the document's structure is checked here; ops and shapes by analyze().
Graph graphFromJson(const std::string& text);
Graph loadGraphFile(const std::string& path);

std::string graphToJson(const Graph& graph, int indent = 2);
void saveGraphFile(const Graph& graph, const std::string& path);  // atomic: temp file + rename

}  // namespace hlcnn
