#include "hlcnn/widgets/live_runs.h"

#include "hlcnn/experiments/run_feed.h"

#include "hlcnn/widgets/background_job.h"

#include <QTimer>

#include <set>

namespace hlcnn {

LiveRuns::LiveRuns(QObject* parent)
    : QObject(parent),
      feed_(std::make_shared<RunFeed>()),
      timer_(new QTimer(this)),
      job_(new BackgroundJob(this, BackgroundJob::Mode::Coalesce)) {
    timer_->setInterval(1000);
    connect(timer_, &QTimer::timeout, this, &LiveRuns::refresh);
    timer_->start();
}

LiveRuns::~LiveRuns() = default;

void LiveRuns::setInterval(int ms) { timer_->setInterval(ms); }

const RunData* LiveRuns::find(std::int64_t id) const {
    auto it = runs_.find(id);
    return it == runs_.end() ? nullptr : &it->second;
}

void LiveRuns::setDatabase(const QString& path) {
    path_ = path;
    job_->cancel();  // a read of the old file still in flight is dropped
    feed_ = std::make_shared<RunFeed>();
    const bool hadRuns = !runs_.empty();
    runs_.clear();
    sweeps_.clear();
    if (hadRuns) Q_EMIT updated({}, true);
    refresh();
}

void LiveRuns::refresh() {
    // One read at a time (the feed is incremental: every read is applied); refreshes meanwhile
    // collapse into one read after it.
    const std::string path = path_.toStdString();
    auto feed = feed_;
    job_->start([feed, path] { return feed->read(path); },
                [this](FeedRead read) {
                    ++reads_;
                    if (!read.error.empty()) {
                        error_ = QString::fromStdString(read.error);
                        const bool hadRuns = !runs_.empty();
                        runs_.clear();
                        sweeps_.clear();
                        if (hadRuns) Q_EMIT updated({}, true);
                        Q_EMIT failed(error_);
                    } else {
                        error_.clear();
                        QSet<qint64> changed;
                        bool listChanged = false;
                        std::map<std::int64_t, SweepRecord> sweeps;
                        for (SweepRecord& s : read.sweeps) sweeps.emplace(s.id, std::move(s));
                        if (sweeps.size() != sweeps_.size()) listChanged = true;
                        sweeps_ = std::move(sweeps);
                        std::set<std::int64_t> present;
                        // Updated in place: views may hold pointers to a RunData between reads.
                        for (RunUpdate& u : read.runs) {
                            present.insert(u.run.id);
                            auto [it, added] = runs_.try_emplace(u.run.id);
                            RunData& d = it->second;
                            listChanged |= added;
                            const bool stateChanged = added || d.run.state != u.run.state || d.run.name != u.run.name ||
                                                      d.run.tags != u.run.tags || d.run.message != u.run.message;
                            std::string graph = u.full ? std::move(u.run.graphJson) : std::move(d.run.graphJson);
                            d.run = std::move(u.run);
                            d.run.graphJson = std::move(graph);
                            if (u.full) {
                                if (!added) ++d.generation;
                                d.steps.assign(u.steps.begin(), u.steps.end());
                                d.epochs = std::move(u.epochs);
                            } else {
                                d.steps.insert(d.steps.end(), u.steps.begin(), u.steps.end());
                                d.epochs.insert(d.epochs.end(), u.epochs.begin(), u.epochs.end());
                            }
                            if (!u.artifacts.empty() || u.full) d.artifacts = std::move(u.artifacts);
                            if (u.full || stateChanged || !u.steps.empty() || !u.epochs.empty())
                                changed.insert(d.run.id);
                        }
                        for (auto it = runs_.begin(); it != runs_.end();) {
                            if (present.count(it->first)) {
                                ++it;
                            } else {
                                it = runs_.erase(it);
                                listChanged = true;
                            }
                        }
                        if (!changed.isEmpty() || listChanged) Q_EMIT updated(changed, listChanged);
                    }
                });
}

}  // namespace hlcnn
