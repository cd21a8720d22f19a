// The designer's file: an hlcnn-graph/1 document (what the CLI and every tool read) plus an
// optional "layout" block only the designer reads: where each node sits and which composite
// blocks are shown expanded. Tools that read graphs ignore the block; a file without it (or with a
// layout version this program does not know) opens with the automatic layout. docs/designer.md.
#pragma once

#include "hlcnn/widgets/designer_document.h"

#include <QString>

#include <string>

namespace hlcnn {

constexpr int kLayoutVersion = 1;

// The file's text: the graph as graphToJson writes it, with the layout block added.
std::string designFileText(const DesignerState& state);

struct LoadedDesign {
    DesignerState state;       // positions only for the nodes the file places
    QString warning;           // e.g. a layout block of a newer version was ignored
};
// Throws GraphError (as loadGraphFile) when the graph itself is bad; a bad layout block is
// ignored with a warning, never a reason to refuse the graph.
LoadedDesign readDesignFile(const std::string& path);
LoadedDesign parseDesign(const std::string& text);

}  // namespace hlcnn
