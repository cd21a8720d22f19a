// Datasets shared by everything in the process that uses the same data: the launcher's preview and
// every queued run of a seed group hold one copy (datasets are immutable once loaded). A dataset
// stays cached while someone holds it; concurrent requests for the same data wait for one load.
#pragma once

#include "hlcnn/core/dataset.h"

#include <cstdint>
#include <memory>
#include <string>

namespace hlcnn {

// Loads `spec` (folders resized to imageSize, 0 = as found) with at most decodeThreads threads
// (0 = all), or returns the copy someone in this process already holds. Throws DatasetError.
std::shared_ptr<const Dataset> sharedDataset(const std::string& spec, std::int64_t imageSize, int decodeThreads = 0);

}  // namespace hlcnn
