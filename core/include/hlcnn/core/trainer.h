// The training engine: one run of a graph on a dataset, controlled from another thread at batch
// boundaries, reporting through a listener, checkpointing atomically, resuming exactly.
#pragma once

#include "hlcnn/core/augmentation.h"
#include "hlcnn/core/dataset.h"
#include "hlcnn/core/graph.h"
#include "hlcnn/core/recipe.h"

#include <atomic>
#include <functional>
#include <memory>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace at {
class Tensor;
}

namespace hlcnn {

class GraphModuleImpl;
class ProcessGroup;

// Interrupted: a data-parallel job lost a rank (died, hung, unreachable); resumable from the last checkpoint.
enum class RunState { Running, Paused, Completed, Cancelled, Diverged, Failed, Interrupted };
const char* runStateName(RunState state);

struct StepMetrics {
    int epoch = 0;                 // 1-based
    std::int64_t step = 0;         // global, 1-based
    std::int64_t stepsPerEpoch = 0;
    double loss = 0, lr = 0, imagesPerSecond = 0, etaSeconds = 0;
    double unixTime = 0;           // when the step ended (seconds since 1970); set by whoever records it
};

// One image the model gets wrong: its index in the set, its label, the prediction and the
// softmax probability the model gave that prediction.
struct Misprediction {
    std::int64_t index = 0, label = 0, predicted = 0;
    double confidence = 0;
};

struct EvalMetrics {
    double loss = 0, top1 = 0, top5 = 0;   // accuracies in percent
    std::vector<double> perClass;          // percent
    std::vector<std::int64_t> confusion;   // classes x classes, row = true label
    std::int64_t samples = 0;
    std::vector<Misprediction> mistakes;   // the first ones in set order, when asked for
};

struct EpochMetrics {
    int epoch = 0;
    double trainLoss = 0, trainTop1 = 0, lr = 0, seconds = 0;
    EvalMetrics val;
};

// Called on the training thread, between batches: a listener must return quickly (copy the values
// and hand them to another thread; never block on the GUI or a database), must not throw, and may
// call the run's TrainingControl (pause/stop take effect at the next batch boundary).
class TrainingListener {
public:
    virtual ~TrainingListener() = default;
    virtual void onStep(const StepMetrics&) {}
    virtual void onEpoch(const EpochMetrics&) {}
    virtual void onState(RunState, const std::string& /*message*/) {}
    // A stop wrote `path` (last.ckpt) at the batch boundary where it stopped, outside the epoch ends.
    virtual void onCheckpoint(const std::string& /*path*/) {}
};

// Shared between the training thread and whoever controls it; checked at batch boundaries. Every
// method may be called from any thread; flags change under the mutex the paused waiter sleeps on,
// so a resume or stop is never lost.
class TrainingControl {
public:
    void pause();
    void resume();
    void stop();
    bool stopRequested() const { return stop_.load(); }
    bool pauseRequested() const { return pause_.load(); }
    // Blocks while paused; returns false when a stop was requested.
    bool waitIfPaused(const std::function<void(RunState)>& onChange);

private:
    std::atomic<bool> pause_{false}, stop_{false};
    std::mutex mutex_;
    std::condition_variable cv_;
};

struct TrainResult {
    RunState state = RunState::Failed;
    std::string message;
    std::vector<EpochMetrics> history;   // including the epochs of the run it resumed
    int bestEpoch = 0;
    double bestValTop1 = 0;
};

// How far a stop got into the epoch after a checkpoint's last finished one, and that epoch's running
// sums, so that a resume continues from the next batch exactly (the loader's position comes from
// `batches`, the dropout generator and the optimizer from the checkpoint's tensors).
struct EpochProgress {
    std::int64_t batches = 0;   // batches of epoch `epoch + 1` done; 0: the checkpoint ends an epoch
    std::int64_t step = 0;      // global steps done (the store keeps the step metrics up to it)
    double lossSum = 0;         // the epoch's loss x images so far
    std::int64_t correct = 0, seen = 0;
    double seconds = 0;         // time spent on the epoch so far
};

// What a checkpoint holds besides tensors: enough to evaluate or resume without the original files.
struct CheckpointInfo {
    Graph graph;
    TrainConfig config;
    int epoch = 0;                       // finished epochs
    EpochProgress partial;               // a stop's checkpoint: the part of the next epoch done
    std::vector<float> mean, std;
    std::vector<std::string> classNames;
    std::vector<EpochMetrics> history;
};

// One run. Runs in any thread and changes no process-wide state: its randomness comes from
// generators it owns (seeded from config.seed: weights, dropout, shuffling, augmentation), its
// intra-op threads are a ThreadBudget of the calling thread, and it shares the (immutable)
// dataset, so several runs can train at once in one process.
class Trainer {
public:
    Trainer(Graph graph, std::shared_ptr<const Dataset> data, TrainConfig config);
    // Runs to the end, a stop, divergence or early stopping. With resumeFrom, continues the run
    // saved in that checkpoint (epochs counts the total, as in the original run).
    TrainResult run(TrainingListener* listener = nullptr, TrainingControl* control = nullptr,
                    const std::string& resumeFrom = {});

    // Data-parallel: this process is one rank of `group` (docs/distributed.md). config.batch is
    // this rank's batch; every rank starts from rank 0's weights, reads its own shard, and steps
    // with the gradient averaged over the global batch; evaluation is sharded and reduced, so every
    // rank sees the same metrics; only rank 0 writes checkpoints. A stop on any rank stops all at
    // the same step (pause is not available). A lost rank ends the run as Interrupted.
    void setProcessGroup(std::shared_ptr<ProcessGroup> group) { group_ = std::move(group); }

private:
    Graph graph_;
    std::shared_ptr<const Dataset> data_;
    TrainConfig config_;
    std::shared_ptr<ProcessGroup> group_;
};

// Reads a checkpoint's description (throws std::runtime_error naming the problem).
CheckpointInfo readCheckpointInfo(const std::string& path);

// Copies a checkpoint's weights and buffers into a module built from its graph; returns its description.
CheckpointInfo loadCheckpointWeights(const std::string& path, GraphModuleImpl& module);

// Evaluates any forward function (batches of normalised N x C x H x W float -> logits on the CPU).
EvalMetrics evaluateForward(const std::function<at::Tensor(const at::Tensor&)>& forward, const ImageSet& set,
                            const std::vector<float>& mean, const std::vector<float>& stdv, std::int64_t classes,
                            int batch = 256, std::size_t keepMistakes = 0);

// Evaluates a checkpoint on a set: top-1/top-5/per-class/confusion, and the first `keepMistakes`
// misclassified images in set order.
EvalMetrics evaluateCheckpoint(const std::string& path, const ImageSet& set, int batch = 256, std::size_t keepMistakes = 0);

std::string epochJson(const EpochMetrics& m);

}  // namespace hlcnn
