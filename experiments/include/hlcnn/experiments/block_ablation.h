// The designer's "ablate this block's options": a grid over one HL-CNN block's attention,
// se_reduction and fusion, applied to the launcher's requests (one per seed) as one sweep.
#pragma once

#include "hlcnn/experiments/experiment_store.h"
#include "hlcnn/experiments/run_queue.h"
#include "hlcnn/experiments/sweep.h"

#include <string>
#include <vector>

namespace hlcnn {

// Every grid point (last option fastest) times every request, the point applied to node `blockId`
// of the request's graph, named "<request name> <option=value ...>", tagged with the sweep and the
// point. Throws std::invalid_argument for an option other than attention, se_reduction or fusion,
// a bad value, or a node that is not an HL-CNN block.
std::vector<LaunchRequest> blockAblationRequests(const std::vector<LaunchRequest>& perSeed, const std::string& blockId,
                                                 const std::vector<std::pair<std::string, std::vector<std::string>>>& grid,
                                                 std::int64_t sweepId);

// The sweep record for it: its spec names the block and the grid ("hlcnn-sweep/1" with "block").
SweepRecord blockAblationSweep(const std::string& name, const std::string& blockId,
                               const std::vector<std::pair<std::string, std::vector<std::string>>>& grid, int seeds);

}  // namespace hlcnn
