// Opening the experiment database the way every CLI command does: --db FILE or the default one.
#pragma once

#include "arguments.h"

#include "hlcnn/experiments/experiment_store.h"

#include <memory>
#include <string>

namespace hlcnn::cli {

std::string databasePath(const Arguments& args);
// Store problems (not a database, newer schema, locked beyond the timeout) become UsageErrors.
std::unique_ptr<ExperimentStore> openStore(const Arguments& args, bool create);
std::int64_t runId(const std::string& text);  // positive integer, else UsageError

}  // namespace hlcnn::cli
