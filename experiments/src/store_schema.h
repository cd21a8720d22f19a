// The experiment database's schema as forward migrations: migration i takes user_version i to
// i + 1. Never edit a released migration; append a new one (docs/experiment-store.md).
#pragma once

#include <vector>

namespace hlcnn::store_schema {

const std::vector<const char*>& migrations();

}  // namespace hlcnn::store_schema
