// On-device latency of a mobile program (.hlmp, XNNPACK) or a lite-interpreter model (.ptl): pick
// the runner for the phone's ABI (arm64-v8a: the cross-compiled bundle; x86_64: the host build), push
// the model and the runner to
// /data/local/tmp/hlcnn/ over adb (skipping files the phone already has, by SHA-256), run warm-up and
// timed forwards pinned to the chosen cores, and read the phone's thermal state and CPU frequency
// caps before and after. Everything is measured; a failure at any step throws DeviceError and
// returns nothing, so a caller records a profile only when the whole protocol succeeded.
#pragma once

#include "hlcnn/core/latency_bench.h"
#include "hlcnn/experiments/adb.h"
#include "hlcnn/experiments/device_info.h"
#include "hlcnn/experiments/experiment_store.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace hlcnn {

// The folder on the phone: writable and executable for adb's shell user.
inline constexpr const char* kDeviceFolder = "/data/local/tmp/hlcnn";

struct DeviceProfileRequest {
    std::string serial;                     // "" = the only device connected
    std::string artifact;                   // a .hlmp or .ptl file
    std::string runner;                     // host path of the runner binary; "" = chooseRunner() for the phone's ABI
    // Shared libraries the runner needs on the phone (PyTorch Android's libpytorch_jni_lite.so,
    // libfbjni.so, libc++_shared.so): pushed next to it by hash; the runner runs with LD_LIBRARY_PATH=.
    std::vector<std::string> runnerLibs;
    std::string runnerKind = "hlcnn-bench"; // hlcnn-bench | speed_benchmark_torch (PyTorch's own)
    std::vector<std::int64_t> input;        // N,C,H,W; empty = from the file's embedded description
    std::string affinity = "all";           // all | big | little
    int threads = 1;                        // hlcnn-bench only (speed_benchmark_torch has no such flag)
    int warmup = 10, iters = 50;
    int timeoutS = 300;                     // the timed run; a runner still going then is stopped
    int cooldownS = 0;                      // before the run, wait up to this long for thermal status 0
    bool measureEnergy = true;              // sample the battery during the run when the phone allows
    bool perUnit = false;                   // .hlmp: also time each op (hlcnn-bench --per-unit)
    std::function<bool()> cancelled;
    std::function<void(const std::string&)> progress;   // "pushing the model", ...
};

// What a runner printed, parsed (hlcnn-bench's JSON object, or speed_benchmark_torch's text).
struct RunnerOutput {
    std::vector<double> samplesMs;          // one per timed iteration (speed_benchmark_torch: --report_pep)
    double meanMs = 0;
    double loadMs = -1, firstMs = -1;       // -1 = not reported
    std::int64_t peakRssKb = -1;
    int threads = 0;                        // 0 = the runner's default
    std::string runtime, abi;               // what hlcnn-bench says ran: "xnnpack 0.0~git...", "arm64-v8a"
    // --per-unit: each op of the program timed inside forwards and alone, and the layout copies of a
    // forward both ways; median ms (-1: not reported)
    std::vector<double> unitMs, unitAloneMs;
    double ioMs = -1, ioAloneMs = -1;
};
RunnerOutput parseRunnerOutput(const std::string& runnerKind, const std::string& text);   // throws DeviceError

// Energy per inference from battery samples taken on the phone ("@e <current uA> <voltage uV>"
// lines, an idle second before "@start", the run until "@stop"): the run's mean power less the idle
// mean power, times the mean latency. Unavailable (energyMj < 0, with the reason) when there are
// too few samples or the net power is not positive (a phone charging over USB hides its draw).
struct EnergyEstimate {
    double energyMj = -1;
    double idleW = -1, runW = -1;
    int idleSamples = 0, runSamples = 0;
    std::string note;          // the method, or why there is no figure
};
EnergyEstimate energyFromSamples(const std::string& log, double meanLatencyMs);

struct DeviceProfile {
    DeviceInfo before, after;
    std::string artifact, sha256, precision;     // precision: fp32 | int8 (from the file's description)
    std::int64_t bytes = 0;
    std::vector<std::int64_t> input;
    std::string runnerKind, affinity, mask, command;
    std::string format;                          // mobile | ptl
    std::string runnerAbi;                       // the ABI of the runner pushed
    bool runnerBundle = false;                   // the arm64 bundle (loader and libraries) was used
    std::vector<int> cpus;
    int threads = 0, warmup = 0, iters = 0;
    bool pushedModel = false, pushedRunner = false;   // false: the phone already had the file
    RunnerOutput output;
    TimingStats stats;                           // from output.samplesMs
    std::string throttling;                      // "" = none seen
    EnergyEstimate energy;
    std::string rawOutput;                       // the runner's stdout, kept so it can be parsed again
    nlohmann::json toJson() const;
};

DeviceProfile profileOnDevice(const Adb& adb, const DeviceProfileRequest& request);

// The serial to use: `requested` when it is connected and authorised, the only device when
// `requested` is empty. Throws DeviceError naming the problem (none, several, unauthorized, offline).
std::string pickDevice(const Adb& adb, const std::string& requested);

// $HLCNN_BENCH_RUNNER, else hlcnn-bench next to the running program or one folder up, else on PATH;
// "" when none.
std::string locateRunner();
// The arm64-v8a bundle (hlcnn-bench, ld-linux-aarch64.so.1, its libraries): $HLCNN_ARM64_BUNDLE,
// else arm64-bundle next to the running program (the build's app/arm64-bundle); "" when none.
std::string locateArm64Bundle();

struct RunnerChoice {
    std::string path, abi;
    std::string bundle;                       // the bundle's folder, "" for a lone executable
    std::vector<std::string> bundleFiles;     // file names in it
};
// The runner for a phone that runs `phoneAbis` (its order of preference) and a file of `format`
// (mobile | ptl). Throws DeviceError naming the ABIs when this build has no runner for any of them.
RunnerChoice chooseRunner(const std::vector<std::string>& phoneAbis, const std::string& deviceName, const std::string& format);

// The store's record of a finished profile (runId: an export of that run with the same SHA-256, or 0).
DeviceProfileRecord deviceProfileRecord(const DeviceProfile& profile, std::int64_t runId);

}  // namespace hlcnn
