// The seed paper's two tables regenerated from recorded runs, next to the paper's claims:
// Table I (top-1 on a dataset per model family, each cell naming its run) and Table II (MACs at
// the paper's input sizes, computed exactly by the profiler, plus the recorded runs' own MACs).
#pragma once

#include "hlcnn/experiments/experiment_store.h"
#include "hlcnn/experiments/report_table.h"

#include <optional>
#include <string>
#include <vector>

namespace hlcnn {

struct PaperFamily {
    std::string family;          // MobileNet, ShuffleNet, SqueezeNet, HL-CNN
    std::string modelPrefix;     // zoo names in this family start with it
    double paperTop1Cifar10;     // Table I, CIFAR-10
    double paperMacsMillions;    // Table II
    std::string paperModel;      // the zoo model the paper's Table II row describes
    double paperModelWidth;
    int paperResolution;
};
const std::vector<PaperFamily>& paperFamilies();

// Two rendered tables; `datasetSpec` selects runs recorded on that data (same kind and folder).
struct PaperReport {
    Table table1, table2;
    std::vector<std::string> notes;  // what was not found, and how cells were chosen
};
PaperReport paperReport(const ExperimentStore& store, const std::string& datasetSpec);

// Two data specs name the same data (kind equal, paths equal once made absolute and normal).
bool sameDataSpec(const std::string& a, const std::string& b);

}  // namespace hlcnn
