// Records a training run into the experiment store as it happens: a TrainingListener that hands
// steps (batched, about every two seconds), each epoch with its artifacts (one transaction) and
// state changes to a StoreWriter, so the training thread never waits on SQLite or on hashing a
// checkpoint. A killed process therefore loses at most the unfinished epoch.
#pragma once

#include "hlcnn/core/dataset.h"
#include "hlcnn/core/graph.h"
#include "hlcnn/core/trainer.h"
#include "hlcnn/experiments/experiment_store.h"
#include "hlcnn/experiments/store_writer.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace hlcnn {

// SHA-256 of the canonical graph JSON, and of a dataset's class names, shapes, labels and pixels.
std::string graphHash(const Graph& graph);
std::string datasetHash(const Dataset& data);

// What the store should know about a run before it starts. The data options (image size) go into
// the configuration so that a resume reloads exactly the same images.
RunRecord describeRun(const Graph& graph, const std::string& modelName, const Dataset& data, const TrainConfig& config,
                      std::int64_t imageSize);
std::int64_t recordedImageSize(const RunRecord& run);

class RunRecorder : public TrainingListener {
public:
    // Forwards every callback to `next` (e.g. the console) after queueing its record.
    RunRecorder(StoreWriter& writer, std::int64_t runId, std::string checkpointDir, TrainingListener* next = nullptr);

    void onStep(const StepMetrics& step) override;
    void onEpoch(const EpochMetrics& epoch) override;
    void onState(RunState state, const std::string& message) override;
    void onCheckpoint(const std::string& path) override;   // a stop's last.ckpt, recorded with the steps before it
    // The run's final state from its result (also covers failures before the first callback);
    // returns once everything is written.
    void finish(const TrainResult& result);

    // A failed database write never stops training; the problems are kept for the caller.
    std::vector<std::string> problems() const { return writer_.problems(); }

private:
    void flushSteps();

    StoreWriter& writer_;
    std::int64_t runId_;
    std::string checkpointDir_;
    TrainingListener* next_;
    std::vector<StepMetrics> pending_;
    std::chrono::steady_clock::time_point lastFlush_ = std::chrono::steady_clock::now();
};

}  // namespace hlcnn
