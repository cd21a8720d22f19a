// Debian's adb client, run as a child process. Calls block the calling thread (a worker, or the
// CLI), never the GUI thread; every call has a timeout and can be cancelled between polls. The adb
// server it talks to follows the usual environment (ANDROID_ADB_SERVER_PORT, HOME for the key).
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace hlcnn {

// What went wrong with a phone or adb, as one line for the user (adb missing, unauthorized, gone,
// timed out, a runner that failed). Nothing is recorded when one is thrown.
class DeviceError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};
class DeviceCancelled : public std::runtime_error {
public:
    DeviceCancelled() : std::runtime_error("cancelled") {}
};

struct AdbOutput {
    int exitCode = 0;                       // kCrashed when the adb client died of a signal
    std::string out, err;
};

class Adb {
public:
    // $HLCNN_ADB, else `adb` on PATH, else Debian's /usr/lib/android-sdk/platform-tools/adb; "" when none.
    static std::string locate();

    // Throws DeviceError("adb is not installed ...") when `program` is empty or not executable.
    explicit Adb(std::string program = locate());
    const std::string& program() const { return program_; }

    // Runs `adb ARGS` with stdin closed. Throws DeviceError on a timeout (the child is killed) or
    // when adb cannot start; DeviceCancelled when `cancelled` turns true. A non-zero exit is returned.
    AdbOutput run(const std::vector<std::string>& args, int timeoutMs, const std::function<bool()>& cancelled = {}) const;

    // `adb -s SERIAL shell COMMAND` (the remote exit code comes back: shell_v2). adb's own failures
    // (no such device, unauthorized, offline, connection lost) become DeviceError naming `what`.
    AdbOutput shell(const std::string& serial, const std::string& command, int timeoutMs, const std::string& what,
                    const std::function<bool()>& cancelled = {}) const;
    // `adb -s SERIAL push LOCAL REMOTE`; failures become DeviceError naming the file.
    void push(const std::string& serial, const std::string& local, const std::string& remote, int timeoutMs,
              const std::function<bool()>& cancelled = {}) const;

    static constexpr int kCrashed = -1;

private:
    std::string program_;
};

// The user's sentence for adb's complaint about `serial` while doing `what` ("" when the text is not
// one of adb's device errors).
std::string adbDeviceProblem(const std::string& serial, const std::string& adbText, const std::string& what);

}  // namespace hlcnn
