// The views' one background-job helper, by mode: latest delivers only the newest start's result;
// coalesce runs one at a time, delivers every result and collapses starts made meanwhile into one;
// every delivers all; a cancel drops what is in flight; a deleted owner gets nothing. Work is
// held back on a semaphore so that the order of events is the test's, not the scheduler's.
#include "hlcnn/widgets/background_job.h"

#include <QSemaphore>
#include <QtTest>

#include <atomic>
#include <memory>
#include <vector>

using namespace hlcnn;

namespace {

// Work that waits until the test releases it, then returns `value`.
struct Gate {
    std::shared_ptr<QSemaphore> open = std::make_shared<QSemaphore>(0);
    std::shared_ptr<std::atomic<int>> started = std::make_shared<std::atomic<int>>(0);
    auto work(int value) const {
        return [open = open, started = started, value] {
            ++*started;
            open->acquire();
            return value;
        };
    }
};

}  // namespace

class BackgroundJobTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void latestDeliversOnlyTheNewest() {
        QObject owner;
        auto* job = new BackgroundJob(&owner);
        Gate gate;
        std::vector<int> got;
        job->start(gate.work(1), [&](int v) { got.push_back(v); });
        job->start(gate.work(2), [&](int v) { got.push_back(v); });
        QVERIFY(job->running());
        gate.open->release(2);
        QTRY_VERIFY(!job->running());
        QCOMPARE(got, std::vector<int>{2});
    }

    void coalesceRunsOneAtATimeAndDeliversEach() {
        QObject owner;
        auto* job = new BackgroundJob(&owner, BackgroundJob::Mode::Coalesce);
        Gate gate;
        std::vector<int> got;
        job->start(gate.work(1), [&](int v) { got.push_back(v); });
        QTRY_COMPARE(gate.started->load(), 1);
        job->start(gate.work(2), [&](int v) { got.push_back(v); });  // waits its turn...
        job->start(gate.work(3), [&](int v) { got.push_back(v); });  // ...and is replaced by this one
        QTest::qWait(50);
        QCOMPARE(gate.started->load(), 1);  // never two at once
        gate.open->release(1);
        QTRY_COMPARE(gate.started->load(), 2);
        gate.open->release(1);
        QTRY_VERIFY(!job->running() && got.size() == 2);
        QCOMPARE(got, (std::vector<int>{1, 3}));
    }

    void everyDeliversAll() {
        QObject owner;
        auto* job = new BackgroundJob(&owner, BackgroundJob::Mode::Every);
        Gate gate;
        std::vector<int> got;
        for (int i = 1; i <= 3; ++i) job->start(gate.work(i), [&](int v) { got.push_back(v); });
        gate.open->release(3);
        QTRY_COMPARE(got.size(), std::size_t(3));
        std::sort(got.begin(), got.end());
        QCOMPARE(got, (std::vector<int>{1, 2, 3}));
    }

    void cancelDropsWhatIsInFlight() {
        QObject owner;
        auto* job = new BackgroundJob(&owner);
        Gate gate;
        int delivered = 0;
        job->start(gate.work(1), [&](int) { ++delivered; });
        job->cancel();
        gate.open->release(1);
        QTRY_VERIFY(!job->running());
        QTest::qWait(20);
        QCOMPARE(delivered, 0);
    }

    void aDeletedOwnerGetsNothing() {
        Gate gate;
        auto delivered = std::make_shared<int>(0);
        {
            QObject owner;
            auto* job = new BackgroundJob(&owner);
            job->start(gate.work(1), [delivered](int) { ++*delivered; });
        }  // the owner (and its job) go while the work runs
        gate.open->release(1);
        QTest::qWait(100);
        QCOMPARE(*delivered, 0);
    }
};

QTEST_GUILESS_MAIN(BackgroundJobTest)
#include "tst_background_job.moc"
