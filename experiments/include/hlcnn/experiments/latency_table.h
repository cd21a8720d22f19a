// A phone's latency table: the units its runner executes (a mobile program's ops, mobile/
// unit_latency.h), each timed where it runs, inside the forwards of a model's program, by
// hlcnn-bench --per-unit with the profile protocol (same threads, cores and warm-up), and checked
// against the whole models it was built from, timed by the same run without per-op clocks.
// Several models and rounds are measured interleaved (round 1 of every model, then round 2, ...);
// unit times and whole-model times are medians over the rounds. The same units timed alone give a
// second prediction, kept for comparison: it misses what the sequence costs each unit.
#pragma once

#include "hlcnn/core/graph.h"
#include "hlcnn/experiments/device_profiler.h"
#include "hlcnn/experiments/experiment_store.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace hlcnn {

struct LatencyModel {
    std::string label;   // "mobilenet_v2 (cifar stem)", or the graph's name
    Graph graph;
};

struct LatencyTableRequest {
    std::string serial;
    std::vector<LatencyModel> models;
    std::string precision = "fp32";         // fp32 | int8
    int threads = 1;
    std::string affinity = "all";
    int warmup = 10, iters = 50, rounds = 1;   // a profile's defaults
    std::string runner;                     // "" = the runner for the phone's ABI (chooseRunner)
    int timeoutS = 300;
    std::function<bool()> cancelled;
    std::function<void(const std::string&)> progress;
};

// One model's check: the table's prediction against its measured whole-model latency.
struct LatencyModelCheck {
    std::string label;
    int ops = 0, units = 0;                 // ops in its program, distinct units among them
    double predictedMs = 0, measuredMs = 0;
    double predictedAloneMs = 0;            // from the units timed alone
    std::vector<double> measuredRoundsMs;   // the whole model's median in each round
    std::vector<std::string> missing;       // units the table lacks (none after a build)
    double errorPercent() const { return 100.0 * (predictedMs - measuredMs) / measuredMs; }
    double aloneErrorPercent() const { return 100.0 * (predictedAloneMs - measuredMs) / measuredMs; }
};

struct LatencyTableResult {
    DeviceInfo device;
    std::string runtime, abi;                  // what the runner said ran
    std::vector<UnitLatencyRecord> rows;       // the io rows and one per distinct unit
    std::vector<LatencyModelCheck> models;
    std::vector<LatencyCheckRecord> checks;    // the same, as the store records them
    int within5 = 0, within10 = 0;             // models predicted within +-5 % and +-10 %
    int within10Alone = 0;                     // the same from the units timed alone
};

// Throws DeviceError (device problems, a runner failure, a model the mobile runtime does not run),
// DeviceCancelled.
LatencyTableResult measureLatencyTable(const Adb& adb, const LatencyTableRequest& request);

// Stored rows as unit key -> ms.
std::map<std::string, double> unitTimes(const std::vector<UnitLatencyRecord>& rows);

}  // namespace hlcnn
