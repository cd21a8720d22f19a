#include "hlcnn/experiments/run_queue.h"

#include "hlcnn/core/runtime_setup.h"
#include "hlcnn/experiments/experiment_store.h"
#include "hlcnn/experiments/run_lifecycle.h"
#include "hlcnn/experiments/run_recorder.h"
#include "hlcnn/experiments/shared_datasets.h"

#include <QMetaObject>
#include <QTimer>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <thread>

namespace hlcnn {

struct RunQueue::Slot {
    QueuedRun view;            // guarded by the queue's mutex
    LaunchRequest request;     // read by the worker only once started
    TrainingControl control;
    std::thread thread;
    bool started = false, joined = false;
};

namespace {

// Copies what the GUI shows into the slot, from the training thread, without waiting on anyone.
class SlotListener : public TrainingListener {
public:
    SlotListener(std::mutex& mutex, QueuedRun& view, std::atomic<bool>& dirty) : mutex_(mutex), view_(view), dirty_(dirty) {}
    void onStep(const StepMetrics& s) override {
        std::lock_guard<std::mutex> lock(mutex_);
        view_.lastStep = s;
        dirty_ = true;
    }
    void onEpoch(const EpochMetrics& e) override {
        std::lock_guard<std::mutex> lock(mutex_);
        view_.epochsDone = e.epoch;
        view_.lastValTop1 = e.val.top1;
        dirty_ = true;
    }
    void onState(RunState s, const std::string& message) override {
        std::lock_guard<std::mutex> lock(mutex_);
        if (s == RunState::Running || s == RunState::Paused) view_.phase = runStateName(s);
        if (s == RunState::Paused) view_.pauseRequested = false;
        view_.message = message;
        dirty_ = true;
    }

private:
    std::mutex& mutex_;
    QueuedRun& view_;
    std::atomic<bool>& dirty_;
};

}  // namespace

RunQueue::RunQueue(std::string databasePath, QObject* parent)
    : QObject(parent), dbPath_(std::move(databasePath)), dirty_(std::make_shared<std::atomic<bool>>(false)), notify_(new QTimer(this)) {
    coreBudget_ = hardwareThreads();
    notify_->setInterval(200);
    connect(notify_, &QTimer::timeout, this, [this] {
        if (dirty_->exchange(false)) Q_EMIT changed();
    });
    notify_->start();
}

RunQueue::~RunQueue() {
    stopAll();
    for (auto& s : slots_)
        if (s->thread.joinable()) s->thread.join();
}

void RunQueue::setLimits(int maxConcurrent, int coreBudget) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        maxConcurrent_ = std::max(1, maxConcurrent);
        coreBudget_ = std::max(1, coreBudget);
    }
    startWaiting();
}

int RunQueue::maxConcurrent() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return maxConcurrent_;
}

int RunQueue::coreBudget() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return coreBudget_;
}

int RunQueue::threadsPerRun() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::max(1, coreBudget_ / std::max(1, std::min(maxConcurrent_, coreBudget_)));
}

RunQueue::Slot* RunQueue::find(int ticket) const {
    for (const auto& s : slots_)
        if (s->view.ticket == ticket) return s.get();
    return nullptr;
}

void RunQueue::markDirty() { dirty_->store(true); }

int RunQueue::submit(LaunchRequest request) {
    auto slot = std::make_unique<Slot>();
    int ticket;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        ticket = nextTicket_++;
        slot->view.ticket = ticket;
        slot->view.name = request.name.empty() ? (request.resumeRunId ? "run " + std::to_string(request.resumeRunId) : request.graph.name)
                                               : request.name;
        slot->view.runId = request.resumeRunId;
        slot->view.epochsPlanned = request.config.epochs;
        slot->request = std::move(request);
        slots_.push_back(std::move(slot));
    }
    markDirty();
    startWaiting();
    return ticket;
}

void RunQueue::pause(int ticket) {
    std::lock_guard<std::mutex> lock(mutex_);
    Slot* s = find(ticket);
    if (!s || s->view.finished || !s->started) return;
    s->view.pauseRequested = true;
    s->control.pause();
    dirty_->store(true);
}

void RunQueue::resume(int ticket) {
    std::lock_guard<std::mutex> lock(mutex_);
    Slot* s = find(ticket);
    if (!s || s->view.finished) return;
    s->view.pauseRequested = false;
    s->control.resume();
    dirty_->store(true);
}

void RunQueue::stop(int ticket) {
    bool dropped = false;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        Slot* s = find(ticket);
        if (!s || s->view.finished) return;
        if (!s->started) {   // never started: nothing recorded, nothing to stop
            s->view.finished = true;
            s->view.phase = "cancelled";
            s->view.message = "removed from the queue before it started";
            dropped = true;
        } else {
            s->view.phase = "stopping";
            s->control.stop();   // also wakes a paused run
        }
        dirty_->store(true);
    }
    if (dropped) {
        Q_EMIT runFinished(ticket);
        if (activeCount() == 0) Q_EMIT idle();
    }
}

void RunQueue::stopAll() {
    std::vector<int> tickets;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        for (const auto& s : slots_)
            if (!s->view.finished) tickets.push_back(s->view.ticket);
    }
    // Queued ones first, so none of them starts in a slot a stopping run frees.
    std::sort(tickets.begin(), tickets.end(), [this](int a, int b) {
        std::lock_guard<std::mutex> lock(mutex_);
        return !find(a)->started && find(b)->started;
    });
    for (int t : tickets) stop(t);
}

std::vector<QueuedRun> RunQueue::runs() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<QueuedRun> out;
    for (const auto& s : slots_) out.push_back(s->view);
    return out;
}

int RunQueue::activeCount() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return int(std::count_if(slots_.begin(), slots_.end(), [](const auto& s) { return !s->view.finished; }));
}

int RunQueue::trainingCount() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return int(std::count_if(slots_.begin(), slots_.end(), [](const auto& s) { return s->started && !s->joined; }));
}

int RunQueue::threadsInUse() const {
    std::lock_guard<std::mutex> lock(mutex_);
    int sum = 0;
    for (const auto& s : slots_)
        if (s->started && !s->joined) sum += s->view.threads;
    return sum;
}

void RunQueue::startWaiting() {
    std::lock_guard<std::mutex> lock(mutex_);
    const int slotsAtOnce = std::min(maxConcurrent_, coreBudget_);
    const int share = std::max(1, coreBudget_ / slotsAtOnce);
    int training = 0, used = 0;
    for (const auto& s : slots_)
        if (s->started && !s->joined) ++training, used += s->view.threads;
    for (auto& s : slots_) {
        if (s->started || s->view.finished) continue;
        const int wanted = s->request.config.threads > 0 ? std::min(s->request.config.threads, share) : share;
        if (training >= slotsAtOnce || used + wanted > coreBudget_) break;   // first come, first served
        s->started = true;
        s->view.threads = wanted;
        s->view.phase = "loading data";
        ++training, used += wanted;
        Slot* raw = s.get();
        s->thread = std::thread([this, raw] { work(raw); });
    }
    dirty_->store(true);
}

void RunQueue::work(Slot* slot) {
    std::int64_t runId = 0;
    std::string phase, message;
    try {
        LaunchRequest& req = slot->request;
        int threads;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            threads = slot->view.threads;
        }
        ExperimentStore store(dbPath_);   // this thread's own connection
        std::shared_ptr<const Dataset> data;
        Graph graph;
        TrainConfig config;
        std::string resumeFrom;
        if (req.resumeRunId) {
            const ResumePlan plan = planResume(store, req.resumeRunId);
            data = sharedDataset(plan.run.datasetSpec, recordedImageSize(plan.run), threads);
            beginResume(store, plan, *data);
            runId = plan.run.id;
            graph = plan.info.graph;
            config = plan.info.config;
            config.outDir = plan.run.checkpointDir;
            resumeFrom = plan.checkpoint;
            std::lock_guard<std::mutex> lock(mutex_);
            slot->view.name = plan.run.name;
            slot->view.epochsPlanned = config.epochs;
            slot->view.epochsDone = plan.info.epoch;
        } else {
            config = req.config;
            config.threads = threads;
            validateTrainConfig(config);
            data = sharedDataset(req.dataSpec, req.imageSize, threads);
            const std::string mismatch = modelDataMismatch(req.graph, *data);
            if (!mismatch.empty()) throw std::invalid_argument(mismatch);
            RunRequest record;
            record.graph = req.graph;
            record.modelName = req.modelName;
            record.imageSize = req.imageSize;
            record.config = config;
            record.name = req.name;
            record.project = req.project;
            record.tags = req.tags;
            record.sweepId = req.sweepId;
            record.sweepPoint = req.sweepPoint;
            runId = createRecordedRun(store, record, *data);
            config = record.config;
            graph = req.graph;
            std::lock_guard<std::mutex> lock(mutex_);
            slot->view.name = store.run(runId).name;
        }
        config.threads = threads;  // the trainer caps the loader's workers at it too
        std::filesystem::create_directories(config.outDir);
        {
            std::lock_guard<std::mutex> lock(mutex_);
            slot->view.runId = runId;
            slot->view.checkpointDir = config.outDir;
            if (slot->view.phase != "stopping") slot->view.phase = "running";
            dirty_->store(true);
        }
        SlotListener listener(mutex_, slot->view, *dirty_);
        std::vector<std::string> problems;
        const TrainResult result =
            trainRecordedRun(dbPath_, runId, graph, data, config, resumeFrom, &listener, &slot->control, &problems);
        phase = runStateName(result.state);
        message = result.message;
        if (!problems.empty()) message += " (not all of it could be recorded: " + problems.front() + ")";
    } catch (const std::exception& e) {
        phase = "failed";
        message = e.what();
        if (runId) {   // recorded, then failed before training: the record says so
            try {
                ExperimentStore(dbPath_).setState(runId, "failed", message);
            } catch (const std::exception&) {
            }
        }
    }
    {
        std::lock_guard<std::mutex> lock(mutex_);
        slot->view.phase = phase;
        slot->view.message = message;
        slot->view.finished = true;
        dirty_->store(true);
    }
    const int ticket = slot->view.ticket;
    QMetaObject::invokeMethod(this, [this, ticket] { onThreadDone(ticket); }, Qt::QueuedConnection);
}

void RunQueue::onThreadDone(int ticket) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        Slot* s = find(ticket);
        if (!s || s->joined) return;
        s->thread.join();   // the thread has returned from work(): this is immediate
        s->joined = true;
    }
    Q_EMIT runFinished(ticket);
    startWaiting();
    if (trainingCount() == 0) releaseFreeMemory();   // the heap is kept between steps only while runs train
    if (activeCount() == 0) Q_EMIT idle();
    Q_EMIT changed();
}

}  // namespace hlcnn
