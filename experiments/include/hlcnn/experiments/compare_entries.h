// What a comparison shows, one entry per run or per seed group: a group of runs that differ only by
// seed is one entry with mean +/- std, so curves become a mean line with a band, the table a
// mean +/- std cell and the Pareto plot one point with an error bar. Shared by the Compare view
// and the report pack, so the GUI and `hlcnn report pack` show the same numbers.
#pragma once

#include "hlcnn/experiments/run_comparison.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hlcnn {

struct CompareEntry {
    std::string label;                  // unique among the entries
    std::vector<std::size_t> members;   // indexes into the summaries; several: a seed group
    std::int64_t colorKey = 0;          // the first member's run id (run_colors in the GUI)
    MeanStd bestTop1, lastTop1, trainingSeconds;
    std::optional<MeanStd> latencyMs;   // over the members with a measured latency
    // The int8 counterpart, over the members that have both an int8 latency and an int8 top-1: the
    // fp32 -> int8 step the Pareto plot draws (int8 top-1 next to the fp32 top-1 of the same export).
    std::optional<MeanStd> int8LatencyMs, int8Top1, int8Fp32Top1;
    // The int8 top-1 the tables show: over every member with an int8 export that measured it, timed or not.
    std::optional<MeanStd> int8ExportTop1;
    // On the phone: over the members measured there (int8: those with an int8 top-1 too).
    std::optional<MeanStd> deviceLatencyMs, int8DeviceLatencyMs;
    std::int64_t params = 0, macs = 0, modelBytesFp32 = 0;   // one graph per group: exact
    bool isGroup() const { return members.size() > 1; }
};

// groupSeeds false: one entry per run (each run alone), in the order given.
std::vector<CompareEntry> compareEntries(const std::vector<RunSummary>& runs, bool groupSeeds);

enum class EpochValue { TrainLoss, ValLoss, TrainTop1, ValTop1 };
const char* epochValueName(EpochValue value);   // train_loss, val_loss, train_top1, val_top1

// An entry's curve per epoch: the mean over the members that reached the epoch, the sample
// standard deviation (0 with one member) and how many members it rests on.
struct EpochCurve {
    std::vector<double> epoch, mean, sd;
    std::vector<int> n;
};
EpochCurve epochCurve(const std::vector<RunSummary>& runs, const CompareEntry& entry, EpochValue value);

// The cost of an entry on a Pareto axis; nullopt when it has none (no measured latency).
std::optional<double> entryCost(const CompareEntry& entry, CostAxis axis);
// Pareto front over the entries (mean best top-1 against cost): see paretoFront.
std::vector<std::optional<bool>> entryParetoFront(const std::vector<CompareEntry>& entries, CostAxis axis);

// Tables of the entries for reports: one row per entry with mean +/- std cells.
Table entryTable(const std::vector<RunSummary>& runs, const std::vector<CompareEntry>& entries, CostAxis axis);
// The data behind a curves figure: epoch, then mean, sd and n of every entry for every value.
std::string entryCurvesCsv(const std::vector<RunSummary>& runs, const std::vector<CompareEntry>& entries,
                           const std::vector<EpochValue>& values);
// The data behind a Pareto figure: one row per entry.
std::string entryParetoCsv(const std::vector<CompareEntry>& entries, CostAxis axis);

}  // namespace hlcnn
