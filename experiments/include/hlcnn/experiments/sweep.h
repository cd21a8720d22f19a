// Sweeps: a grid (or a list) over graph options and recipe fields, times seeds, expanded into runs
// that the store groups as one sweep. The same expansion feeds the local queue, the Slurm job
// array (one task per run) and the workbench. docs/sweeps.md has the format.
#pragma once

#include "hlcnn/core/graph.h"
#include "hlcnn/core/trainer.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hlcnn {

// One option and its value as text, e.g. {"attention", "eca"}.
using SweepSetting = std::pair<std::string, std::string>;
using SweepSettings = std::vector<SweepSetting>;

struct SweepSpec {
    std::string name;
    std::string dataSpec;                 // cifar10:DIR, folder:DIR, ...
    std::int64_t imageSize = 0;           // folders resized to this (0: as found)
    SweepSettings base;                   // graph options every run shares (model, stem, width, ...)
    TrainConfig recipe;                   // the recipe every run starts from (its seed is replaced)
    std::vector<std::pair<std::string, std::vector<std::string>>> grid;  // option -> values, in order
    std::vector<SweepSettings> list;      // or explicit points
    int seeds = 1;
    std::uint64_t firstSeed = 0;
};

struct SweepPoint {
    SweepSettings settings;               // the grid point, in the grid's option order
    std::uint64_t seed = 0;
    std::string pointJson() const;        // {"attention":"eca","fusion":"none"} (the cell; no seed)
    std::string label() const;            // "attention=eca fusion=none"
};

// The options a sweep may vary, with what they mean (`hlcnn sweep --help`, the error messages).
const std::vector<std::pair<std::string, std::string>>& sweepOptions();

// Grid (cartesian, last option fastest) or list, each point times `seeds` seeds (seed fastest).
// Throws std::invalid_argument naming an unknown option, a value it does not take, an empty or
// repeated axis, or a grid and list given together.
std::vector<SweepPoint> expandSweep(const SweepSpec& spec);

// The graph and recipe of one point for data of this shape and class count (throws
// std::invalid_argument naming the option and value).
struct SweepRunPlan {
    Graph graph;
    std::string modelName;
    TrainConfig config;
    std::string name;                     // "<sweep> attention=eca fusion=none seed 1"
};
SweepRunPlan planSweepRun(const SweepSpec& spec, const SweepPoint& point, std::int64_t channels, std::int64_t resolution,
                          std::int64_t classes);

// Every point checked before anything is recorded or submitted: values parse, models build,
// recipes validate (against 3x32x32 / 10 classes unless the data are known).
void validateSweep(const SweepSpec& spec, std::int64_t channels = 3, std::int64_t resolution = 32, std::int64_t classes = 10);

// The spec as the self-contained JSON a Slurm task reads ("hlcnn-sweep/1"), and back (throws
// std::invalid_argument).
std::string sweepSpecJson(const SweepSpec& spec);
SweepSpec sweepSpecFromJson(const std::string& text);

// "attention=se,eca;fusion=learnable,none" -> grid axes (throws std::invalid_argument).
std::vector<std::pair<std::string, std::vector<std::string>>> parseSweepGrid(const std::string& text);

class ExperimentStore;

// One grid cell of a recorded sweep: its runs (one per seed) and the spread of their results.
struct SweepCell {
    SweepSettings settings;               // from the runs' recorded grid point
    std::vector<std::int64_t> runIds;
    int completed = 0;                    // runs that finished all their epochs
    // Best validation top-1 (%) of each completed run: mean and sample standard deviation (n - 1;
    // NaN with fewer than two runs); NaN when none completed.
    double meanTop1 = 0, stdTop1 = 0;
    std::vector<double> top1;             // per completed run, in run order
    std::int64_t params = 0, macs = 0;    // of the cell's model (the same for every seed)
};
// The cells in the order their first run was recorded.
std::vector<SweepCell> sweepCells(const ExperimentStore& store, std::int64_t sweepId);

}  // namespace hlcnn
