// The workbench's run queue without a window: runs train in their own threads through the run
// lifecycle (recorded like `hlcnn train` records them), never more at once than allowed and never
// more threads than the core budget; queued runs start when a slot frees; pause, resume and stop
// act at batch boundaries and a stopped run is cancelled, not failed, and resumes from its
// checkpoint; bad data and a model that does not fit the data fail with a message and record nothing.
#include "hlcnn/core/graph_json.h"
#include "hlcnn/experiments/experiment_store.h"
#include "hlcnn/experiments/run_queue.h"
#include "support/cli_process.h"
#include "support/tiny_idx_net.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace hlcnn;

namespace {

QueuedRun find(const RunQueue& q, int ticket) {
    for (const QueuedRun& r : q.runs())
        if (r.ticket == ticket) return r;
    return {};
}

}  // namespace

class RunQueueTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString data_;

    LaunchRequest request(const std::string& name, int epochs, int batch = 20) const {
        LaunchRequest r;
        r.graph = test::tinyIdxNet();
        r.dataSpec = "idx:" + data_.toStdString();
        r.name = name;
        r.config.epochs = epochs;
        r.config.batch = batch;
        r.config.seed = 3;
        r.config.augmentation = Augmentation{0, false, false, 0};
        return r;
    }
    std::string db(const char* name) const { return (dir_.path() + "/" + name).toStdString(); }

private Q_SLOTS:
    void initTestCase() {
        data_ = dir_.path() + "/idx";
        QVERIFY(test::writeTinyIdx(data_, 200, 50));
    }

    void runsAtOnceShareTheCoreBudget() {
        RunQueue queue(db("budget.sqlite"));
        queue.setLimits(2, 2);
        QCOMPARE(queue.threadsPerRun(), 1);
        const int a = queue.submit(request("a", 3)), b = queue.submit(request("b", 3)), c = queue.submit(request("c", 3));
        int mostTraining = 0, mostThreads = 0;
        bool thirdWaited = false;
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     mostTraining = std::max(mostTraining, queue.trainingCount());
                                     mostThreads = std::max(mostThreads, queue.threadsInUse());
                                     const QueuedRun third = find(queue, c);
                                     if (third.phase == "queued" && find(queue, a).phase != "queued") thirdWaited = true;
                                     return queue.activeCount() == 0;
                                 }()),
                                 120000);
        QCOMPARE(mostTraining, 2);       // two at once, never three
        QVERIFY(mostThreads <= 2);       // one thread each: the budget of 2 is never exceeded
        QVERIFY(thirdWaited);            // the third waited for a slot
        ExperimentStore store(db("budget.sqlite"));
        QCOMPARE(store.runs().size(), std::size_t(3));
        for (const RunRecord& r : store.runs()) {
            QCOMPARE(QString::fromStdString(r.state), QString("completed"));
            QCOMPARE(trainConfigFromJson(r.configJson).threads, 1);   // what it trained with is on record
            QCOMPARE(store.epochs(r.id).size(), std::size_t(3));
        }
        for (int t : {a, b, c}) QCOMPARE(QString::fromStdString(find(queue, t).phase), QString("completed"));
    }

    void pauseResumeAndStopAtBatchBoundaries() {
        RunQueue queue(db("control.sqlite"));
        queue.setLimits(1, 1);
        QSignalSpy finished(&queue, &RunQueue::runFinished);
        const int t = queue.submit(request("controlled", 2000, 10));
        QTRY_VERIFY_WITH_TIMEOUT(find(queue, t).lastStep.step >= 2, 60000);
        queue.pause(t);
        QTRY_COMPARE_WITH_TIMEOUT(QString::fromStdString(find(queue, t).phase), QString("paused"), 30000);
        const std::int64_t pausedAt = find(queue, t).lastStep.step;
        QTest::qWait(400);
        QCOMPARE(find(queue, t).lastStep.step, pausedAt);   // no step while paused
        const std::int64_t id = find(queue, t).runId;
        {
            ExperimentStore store(db("control.sqlite"));
            QTRY_COMPARE_WITH_TIMEOUT(QString::fromStdString(store.run(id).state), QString("paused"), 10000);
        }
        queue.resume(t);
        QTRY_VERIFY_WITH_TIMEOUT(find(queue, t).lastStep.step > pausedAt, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(find(queue, t).epochsDone >= 1, 60000);   // a checkpoint to resume from
        queue.stop(t);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        QCOMPARE(QString::fromStdString(find(queue, t).phase), QString("cancelled"));   // cancelled is not failed
        ExperimentStore store(db("control.sqlite"));
        QCOMPARE(QString::fromStdString(store.run(id).state), QString("cancelled"));
        const std::size_t epochsBefore = store.epochs(id).size();
        QVERIFY(epochsBefore >= 1);

        // The cancelled run resumes from its checkpoint, in the same record.
        LaunchRequest resume;
        resume.resumeRunId = id;
        const int again = queue.submit(resume);
        QTRY_VERIFY_WITH_TIMEOUT(find(queue, again).epochsDone > int(epochsBefore), 60000);
        QCOMPARE(find(queue, again).runId, id);
        queue.stop(again);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 30000);
        QCOMPARE(store.runs().size(), std::size_t(1));
        QVERIFY(store.epochs(id).size() > epochsBefore);
        QCOMPARE(store.run(id).claims, std::int64_t(1));   // claimed once, by the resume
    }

    void aQueuedRunCanBeDroppedBeforeItStarts() {
        RunQueue queue(db("drop.sqlite"));
        queue.setLimits(1, 1);
        const int first = queue.submit(request("first", 2000, 10));
        const int second = queue.submit(request("second", 1));
        QCOMPARE(QString::fromStdString(find(queue, second).phase), QString("queued"));
        queue.stop(second);
        QCOMPARE(QString::fromStdString(find(queue, second).phase), QString("cancelled"));
        queue.stop(first);
        QTRY_COMPARE_WITH_TIMEOUT(queue.activeCount(), 0, 60000);
        ExperimentStore store(db("drop.sqlite"));
        QCOMPARE(store.runs().size(), std::size_t(1));   // the dropped one left no record
    }

    void badInputFailsWithAMessageAndRecordsNothing_data() {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<int>("classes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing data") << "idx:/nonexistent/data" << 10 << "/nonexistent/data";
        QTest::newRow("wrong class count") << "" << 7 << "the data have 10 classes";
    }
    void badInputFailsWithAMessageAndRecordsNothing() {
        QFETCH(QString, spec);
        QFETCH(int, classes);
        QFETCH(QString, expected);
        const std::string file = db("bad.sqlite");
        RunQueue queue(file);
        LaunchRequest r = request("bad", 1);
        if (!spec.isEmpty()) r.dataSpec = spec.toStdString();
        r.graph = test::tinyIdxNet(classes);
        const int t = queue.submit(r);
        QTRY_VERIFY_WITH_TIMEOUT(find(queue, t).finished, 60000);
        const QueuedRun done = find(queue, t);
        QCOMPARE(QString::fromStdString(done.phase), QString("failed"));
        QVERIFY2(QString::fromStdString(done.message).contains(expected), done.message.c_str());
        QCOMPARE(ExperimentStore(file).runs().size(), std::size_t(0));
    }

    void destroyingTheQueueStopsItsRuns() {
        const std::string file = db("destroy.sqlite");
        std::int64_t id = 0;
        {
            RunQueue queue(file);
            const int t = queue.submit(request("left running", 2000, 10));
            QTRY_VERIFY_WITH_TIMEOUT(find(queue, t).lastStep.step >= 1, 60000);
            id = find(queue, t).runId;
        }   // joins: the run ends at its next batch boundary
        QCOMPARE(QString::fromStdString(ExperimentStore(file).run(id).state), QString("cancelled"));
    }
};

QTEST_GUILESS_MAIN(RunQueueTest)
#include "tst_run_queue.moc"
