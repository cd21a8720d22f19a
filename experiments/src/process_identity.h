// Who is running a run: host name, pid, and the process start time that tells a live process
// from a later one that reused its pid.
#pragma once

#include <cstdint>
#include <string>

namespace hlcnn::process_identity {

std::string hostName();
std::int64_t currentPid();
// Start time of a live process in clock ticks since boot; 0 when there is no such process
// (or it is a zombie, i.e. dead and not yet reaped).
std::int64_t startTime(std::int64_t pid);

}  // namespace hlcnn::process_identity
