// The --distributed / --dist-timeout options the data-parallel commands share: the launcher's
// environment and the process group, with their problems as one-line usage errors (exit 2).
#pragma once

#include "arguments.h"

#include <chrono>
#include <memory>

namespace hlcnn {
struct DistributedEnv;
class ProcessGroup;
}  // namespace hlcnn

namespace hlcnn::cli {

// --dist-timeout SECONDS (default 120), refused without --distributed.
std::chrono::milliseconds distributedTimeout(const Arguments& args);

// This process's rank, world and master from the environment (RANK... or SLURM_...).
DistributedEnv distributedEnvOrUsageError();

// Joins the job (port in use, unreachable master, missing ranks: UsageError within the timeout).
std::shared_ptr<ProcessGroup> joinProcessGroup(const DistributedEnv& env, std::chrono::milliseconds timeout);

}  // namespace hlcnn::cli
