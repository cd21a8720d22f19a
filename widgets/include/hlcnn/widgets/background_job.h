// One helper for every background read or write a view starts (the Hotspot habit of a single job
// tracker): the work runs on Qt's thread pool with values it owns, and its result comes back as a
// value on the view's thread. What is delivered follows the job's mode; a result is never
// delivered after the view is gone (the job is the view's child, and its watchers are the job's).
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent>

#include <functional>
#include <memory>
#include <type_traits>
#include <utility>

namespace hlcnn {

class BackgroundJob : public QObject {
public:
    enum class Mode {
        Latest,    // each start runs; only the newest start's result is delivered (a newer choice wins)
        Coalesce,  // one at a time, each result delivered; starts meanwhile collapse into one that runs
                   // when it ends (polling a file that changes under the view)
        Every,     // every result is delivered, in the order they finish (writes the person asked for)
    };

    explicit BackgroundJob(QObject* owner, Mode mode = Mode::Latest) : QObject(owner), mode_(mode) {}

    // `work` runs on a worker (capture values, never the view); `deliver(result)` runs on this
    // thread if the mode lets it through.
    template <typename Work, typename Deliver>
    void start(Work work, Deliver deliver) {
        using Result = std::invoke_result_t<Work>;
        auto run = [this, work = std::move(work), deliver = std::move(deliver)]() mutable {
            const quint64 ticket = ++generation_;
            ++running_;
            auto* watcher = new QFutureWatcher<Result>(this);
            connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, ticket, deliver] {
                watcher->deleteLater();
                --running_;
                // Latest: a newer start or a cancel; Coalesce: a cancel (its starts wait their turn)
                const bool superseded = mode_ != Mode::Every && ticket != generation_;
                if (!superseded) deliver(watcher->future().takeResult());
                if (next_ && running_ == 0) {
                    auto next = std::move(next_);
                    next_ = nullptr;
                    next();
                }
            });
            watcher->setFuture(QtConcurrent::run(std::move(work)));
        };
        if (mode_ == Mode::Coalesce && running_ > 0) {
            next_ = std::move(run);  // runs when the current one ends; an older waiting start is forgotten
            return;
        }
        run();
    }

    // Results in flight are dropped (and a waiting start forgotten); what runs, runs to its end.
    void cancel() {
        ++generation_;
        next_ = nullptr;
    }
    bool running() const { return running_ > 0; }

private:
    Mode mode_;
    quint64 generation_ = 0;
    int running_ = 0;
    std::function<void()> next_;
};

}  // namespace hlcnn
