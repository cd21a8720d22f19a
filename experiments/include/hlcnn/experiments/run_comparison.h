// Comparing recorded runs: best and last values side by side, runs that differ only by seed
// grouped into mean +/- std, the Pareto front of accuracy against a cost, and aligned curves.
#pragma once

#include "hlcnn/experiments/experiment_store.h"
#include "hlcnn/experiments/report_table.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hlcnn {

struct RunSummary {
    RunRecord run;
    std::vector<EpochMetrics> epochs;
    std::optional<double> bestTop1, lastTop1;   // validation, percent
    int bestEpoch = 0, lastEpoch = 0;
    double trainingSeconds = 0;                 // sum of the recorded epochs
    std::int64_t modelBytesFp32 = 0;            // parameters and buffers, exactly from the graph
    // Measured latency: the fastest fp32 runtime among the profiles of the device and batch measured
    // last (bench latency, bench infer --run), and the fastest int8 runtime there.
    std::optional<double> latencyMs;
    std::string latencyDevice, latencyRuntime;
    std::optional<double> int8LatencyMs;
    std::string int8LatencyRuntime;
    // The newest int8 export's top-1 as `hlcnn export --int8 --run` measured it (not the validation split).
    std::optional<double> int8Top1, int8Fp32Top1;
    // On the phone measured last (hlcnn device profile, the Devices area): the newest fp32 and the
    // newest int8 profile there with the same threads and cores, as medians.
    std::optional<double> deviceLatencyMs, int8DeviceLatencyMs;
    std::string deviceName;
};

RunSummary summarizeRun(const ExperimentStore& store, std::int64_t id);

// Runs whose graph, data and hyper-parameters agree and that differ only by seed (or threads).
struct SeedGroup {
    std::string label;                          // model on dataset
    std::vector<std::size_t> members;           // indexes into the summaries
};
std::vector<SeedGroup> groupBySeed(const std::vector<RunSummary>& runs);

enum class CostAxis { Macs, Params, Latency, DeviceLatency };
// Mean and sample standard deviation (0 for one value), for seed groups.
struct MeanStd {
    double mean = 0, sd = 0;
    int n = 0;
};
MeanStd meanAndStd(const std::vector<double>& values);
// "-" for no values, "81.00" for one, "81.00 ± 1.41" for several (C locale: tables and files).
std::string meanStdText(const MeanStd& m, int decimals);

// The recipe fields (TrainConfig keys of the stored configuration, plus "dataset" and "graph")
// whose values are not the same in every run, in a stable order; "seed" is left out (it has a
// column of its own). recipeValue: a field's value in one run as text, "" when the run lacks it.
std::vector<std::string> differingRecipeFields(const std::vector<RunSummary>& runs);
std::string recipeValue(const RunSummary& run, const std::string& field);

CostAxis parseCostAxis(const std::string& text);  // macs|params|latency|device-latency; throws std::invalid_argument
const char* costAxisName(CostAxis axis);

// For each run: true on the Pareto front (no other run is at least as accurate and at most as
// costly, and better in one), false when dominated, nullopt when it lacks accuracy or the cost.
std::vector<std::optional<bool>> paretoFront(const std::vector<RunSummary>& runs, CostAxis axis);
// The same rule over any points (accuracy higher is better, cost lower is better).
struct ParetoPoint {
    std::optional<double> cost, accuracy;
};
std::vector<std::optional<bool>> paretoFlags(const std::vector<ParetoPoint>& points);

// One row per run; the recipe fields that differ between the runs follow as extra columns.
Table comparisonTable(const std::vector<RunSummary>& runs, CostAxis axis);
// One row per seed group (a single run is a group of one): mean +/- std of its members.
Table seedGroupTable(const std::vector<RunSummary>& runs, const std::vector<SeedGroup>& groups);
// Wide CSV aligned by epoch: epoch, then train_loss/val_loss/val_top1 for every run.
std::string curvesCsv(const std::vector<RunSummary>& runs);

}  // namespace hlcnn
