// Tables and JSON of an analytic profile, shared by the CLI and the workbench.
#pragma once

#include "hlcnn/core/profiler.h"
#include "hlcnn/experiments/report_table.h"

#include <string>

namespace hlcnn {

Table layerTable(const ModelProfile& profile);  // one row per primitive layer, then a total row
Table blockTable(const ModelProfile& profile);  // one row per top-level node, then a total row
std::string profileJson(const ModelProfile& profile, int indent = 2);

}  // namespace hlcnn
