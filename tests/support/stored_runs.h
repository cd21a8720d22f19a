// A finished run record with placeholder provenance, for tests of views over the experiment store.
#pragma once

#include "hlcnn/experiments/experiment_store.h"

#include <cstdint>
#include <string>

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

}  // namespace hlcnn::test
