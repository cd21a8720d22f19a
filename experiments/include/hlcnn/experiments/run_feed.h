// Incremental reads of the experiment database for live views: each read returns the runs as they
// are now and, per run, only the steps and epochs recorded since the previous read, so following
// 20 runs of 100,000 steps costs what is new, not what is there. Runs written by other processes
// (`hlcnn train` into the same file) arrive the same way. A run that was resumed (claimed by a new
// process, its metrics after the checkpoint dropped) is sent again in full, marked `reset`.
#pragma once

#include "hlcnn/experiments/experiment_store.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace hlcnn {

struct RunUpdate {
    RunRecord run;                       // graphJson only when `full` (it does not change)
    bool full = false;                   // first read of this run, or a reset: replace what was held
    std::vector<StepMetrics> steps;      // new since the last read (all of them when full)
    std::vector<EpochMetrics> epochs;
    std::vector<Artifact> artifacts;     // all of them, when anything changed
};

struct FeedRead {
    std::vector<RunUpdate> runs;         // every run now in the database, in id order
    std::vector<SweepRecord> sweeps;     // every sweep (a handful of rows: read in full each time)
    std::string error;                   // the database could not be read (nothing else is set)
};

// Not thread-safe: one read at a time (any thread), each with its own connection.
class RunFeed {
public:
    FeedRead read(const std::string& databasePath);
    void forget() { cursors_.clear(); }  // the next read is a full one (another database)

private:
    struct Cursor {
        std::int64_t lastStep = 0;
        int lastEpoch = 0;
        std::int64_t claims = -1;
        std::string state, createdAt;
    };
    std::map<std::int64_t, Cursor> cursors_;
};

}  // namespace hlcnn
