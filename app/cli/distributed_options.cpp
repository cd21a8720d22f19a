#include "distributed_options.h"

#include "hlcnn/core/distributed.h"

namespace hlcnn::cli {

std::chrono::milliseconds distributedTimeout(const Arguments& args) {
    if (args.has("dist-timeout") && !args.has("distributed")) throw UsageError("--dist-timeout is for --distributed runs");
    const double seconds = args.real("dist-timeout", 120);
    if (!(seconds >= 1 && seconds <= 86400))
        throw UsageError("--dist-timeout must be between 1 and 86400 seconds, got " + args.value("dist-timeout"));
    return std::chrono::milliseconds(std::int64_t(seconds * 1000));
}

DistributedEnv distributedEnvOrUsageError() {
    try {
        return distributedEnvFromEnvironment();
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
}

std::shared_ptr<ProcessGroup> joinProcessGroup(const DistributedEnv& env, std::chrono::milliseconds timeout) {
    try {
        return std::make_shared<ProcessGroup>(env, timeout);
    } catch (const DistributedError& e) {
        throw UsageError(e.what());
    }
}

}  // namespace hlcnn::cli
