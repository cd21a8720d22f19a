// A finished run record with placeholder provenance, for tests of views over the experiment store.
#pragma once

#include "hlcnn/experiments/experiment_store.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hlcnn::test {

inline RunRecord finishedRun(const std::string& name, std::int64_t params, int epochsPlanned = 1,
                             const std::string& model = "m", const std::string& data = "idx:/d") {
    RunRecord r;
    r.name = name;
    r.model = model;
    r.graphJson = "{}";
    r.graphHash = r.datasetHash = "x";
    r.datasetSpec = data;
    r.configJson = "{}";
    r.programVersion = r.torchVersion = "t";
    r.host = "elsewhere";   // not this host: never marked interrupted by the liveness check
    r.state = "completed";
    r.epochsPlanned = epochsPlanned;
    r.params = params;
    return r;
}

// Records a run (finishedRun with `state`) whose epochs reach these validation top-1 values, in
// a sweep at a grid point when given; returns its id.
inline std::int64_t recordRunWithTop1(ExperimentStore& store, const std::string& state, const std::vector<double>& top1,
                                      std::int64_t sweep = 0, const std::string& point = {}, std::int64_t seed = 0) {
    RunRecord r = finishedRun("run " + point + " seed " + std::to_string(seed), 1000, int(top1.size()), "hlcnn_s");
    r.state = state;
    r.sweepId = sweep;
    r.sweepPoint = point;
    r.seed = seed;
    const std::int64_t id = store.createRun(r);
    int e = 0;
    for (double t : top1) {
        EpochMetrics m;
        m.epoch = ++e;
        m.val.top1 = t;
        store.recordEpoch(id, m, {}, {});
    }
    return id;
}

}  // namespace hlcnn::test
