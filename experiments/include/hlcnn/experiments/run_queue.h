// The workbench's run queue: training runs launched in this process, each in a dedicated thread
// of its own (never a pool thread), through the same run lifecycle as `hlcnn train` and
// `hlcnn runs resume`. At most `maxConcurrent` runs train at once and their intra-op threads add up
// to at most the core budget; queued runs start when a slot frees. The GUI reads state as values
// (`runs()`), told by `changed()`, which fires at most every 200 ms however fast runs step.
#pragma once

#include "hlcnn/core/graph.h"
#include "hlcnn/core/trainer.h"

#include <QObject>

#include <atomic>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

class QTimer;

namespace hlcnn {

struct LaunchRequest {
    Graph graph;
    std::string modelName;             // "" = the graph's name
    std::string dataSpec;              // cifar10:DIR, folder:DIR, ...
    std::int64_t imageSize = 0;        // folders resized to this (0: as found)
    TrainConfig config;                // threads: the most this run may use (0: its share of the budget)
    std::string name, project;
    std::vector<std::string> tags;
    std::int64_t resumeRunId = 0;      // resume this recorded run from its last checkpoint instead
    std::int64_t sweepId = 0;          // part of this sweep, at this grid point (JSON)
    std::string sweepPoint;
};

// One queued, training or finished run as the GUI sees it.
struct QueuedRun {
    int ticket = 0;
    std::int64_t runId = 0;            // 0 until recorded
    std::string name;
    std::string phase = "queued";      // queued, loading data, running, paused, stopping, completed, cancelled, diverged, failed
    bool finished = false;
    bool pauseRequested = false;
    int threads = 0;                   // granted when it started
    int epochsPlanned = 0, epochsDone = 0;
    StepMetrics lastStep;              // newest step (epoch, step, steps per epoch, images/s, ETA)
    double lastValTop1 = -1;
    std::string message;               // why it failed, or the last state message
    std::string checkpointDir;
};

class RunQueue : public QObject {
    Q_OBJECT
public:
    explicit RunQueue(std::string databasePath, QObject* parent = nullptr);
    ~RunQueue() override;   // stops every run at its next batch boundary (checkpoints kept) and joins

    const std::string& databasePath() const { return dbPath_; }

    // maxConcurrent >= 1, coreBudget >= 1; runs already training keep their threads.
    void setLimits(int maxConcurrent, int coreBudget);
    int maxConcurrent() const;
    int coreBudget() const;
    // Threads each run gets: the budget split evenly between the runs that may train at once.
    int threadsPerRun() const;

    int submit(LaunchRequest request);   // returns the ticket; starts at once when a slot is free
    void pause(int ticket);
    void resume(int ticket);
    void stop(int ticket);               // a queued run is dropped (cancelled); a training one ends cancelled
    void stopAll();

    std::vector<QueuedRun> runs() const;
    int activeCount() const;             // queued or training (not finished)
    int trainingCount() const;           // holding a thread now
    int threadsInUse() const;            // sum of the granted threads of the runs training now

Q_SIGNALS:
    void changed();
    void runFinished(int ticket);
    void idle();                         // nothing queued or training any more

private:
    struct Slot;
    void startWaiting();
    void onThreadDone(int ticket);
    void work(Slot* slot);
    Slot* find(int ticket) const;
    void markDirty();

    std::string dbPath_;
    mutable std::mutex mutex_;
    std::vector<std::unique_ptr<Slot>> slots_;
    int maxConcurrent_ = 1, coreBudget_ = 1, nextTicket_ = 1;
    std::shared_ptr<std::atomic<bool>> dirty_;
    QTimer* notify_;
};

}  // namespace hlcnn
