// The run lifecycle in one process: a recorded run trains through its writer thread and ends with
// every epoch and its checkpoints on record; a resume continues from the recorded checkpoint only;
// a checkpoint one epoch ahead of the record (the process was killed between writing it and
// recording the epoch) is accepted when its history repeats the record, and that epoch is
// recorded from it; anything else is refused and the record left as it was.
#include "hlcnn/experiments/experiment_store.h"
#include "hlcnn/experiments/run_lifecycle.h"
#include "hlcnn/experiments/run_recorder.h"
#include "support/tiny_training.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace hlcnn;

class RunLifecycle : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::shared_ptr<const Dataset> data_ = std::make_shared<const Dataset>(test::makeData());

    // A recorded run of `epochs` epochs; returns its id.
    std::int64_t recordedRun(const std::string& db, int epochs, std::vector<std::string>* problems = nullptr) {
        ExperimentStore store(db);
        RunRequest request;
        request.graph = test::smallNet();
        request.config.epochs = epochs;
        request.config.batch = 16;
        request.config.threads = 1;
        request.config.seed = 4;
        const std::int64_t id = createRecordedRun(store, request, *data_);
        const TrainResult r = trainRecordedRun(db, id, request.graph, data_, request.config, {}, nullptr, nullptr, problems);
        if (r.state != RunState::Completed) qWarning("%s", r.message.c_str());
        return id;
    }

private Q_SLOTS:
    void recordsEveryEpochThroughTheWriter() {
        const std::string db = (dir_.path() + "/a.sqlite").toStdString();
        std::vector<std::string> problems;
        const std::int64_t id = recordedRun(db, 3, &problems);
        QVERIFY(problems.empty());
        ExperimentStore store(db);
        QCOMPARE(QString::fromStdString(store.run(id).state), QString("completed"));
        QCOMPARE(store.epochs(id).size(), std::size_t(3));
        QCOMPARE(store.steps(id).size(), std::size_t(3 * 8));
        // the recorded hashes are the files' (hashed by the writer through descriptors)
        for (const Artifact& a : store.artifacts(id)) {
            const Artifact now = describeFile(a.kind, a.path);
            QCOMPARE(QString::fromStdString(now.sha256), QString::fromStdString(a.sha256));
        }
        QVERIFY_THROWS_EXCEPTION(StoreError, planResume(store, id));  // completed
        QVERIFY(planResume(store, id, true).info.epoch == 3);         // extending it is allowed
    }

    void checkpointOneEpochAheadIsAcceptedOnlyWithItsLineage() {
        const std::string db = (dir_.path() + "/b.sqlite").toStdString();
        const std::int64_t id = recordedRun(db, 3);
        ExperimentStore store(db);
        const RunRecord run = store.run(id);
        const std::string last = run.checkpointDir + "/last.ckpt";
        // As if killed after writing epoch 3's checkpoint, before recording epoch 3: the record
        // holds 2 epochs and epoch 2's checkpoint hash.
        store.truncateAfterEpoch(id, 2);
        Artifact stale = describeFile("checkpoint-last", last);
        stale.sha256 = std::string(64, '0');
        store.recordEpoch(id, store.epochs(id).back(), {}, {stale});
        store.setState(id, "interrupted", "test");
        const ResumePlan plan = planResume(store, id);
        QVERIFY(plan.checkpointAheadOfRecord);
        QCOMPARE(plan.info.epoch, 3);
        beginResume(store, plan, *data_);
        QCOMPARE(store.epochs(id).size(), std::size_t(3));  // epoch 3 recorded from the checkpoint's history
        QCOMPARE(store.epochs(id).back().val.top1, plan.info.history.back().val.top1);

        // Now the record's epoch 2 differs from the checkpoint's history: another lineage, refused.
        store.truncateAfterEpoch(id, 2);
        EpochMetrics other = store.epochs(id).back();
        other.val.top1 += 1.0;
        store.recordEpoch(id, other, {}, {stale});
        store.setState(id, "interrupted", "test");
        try {
            planResume(store, id);
            QFAIL("a checkpoint of another lineage was accepted");
        } catch (const StoreError& e) {
            QVERIFY2(QString(e.what()).contains("is not the checkpoint recorded for it"), e.what());
        }
        QCOMPARE(store.epochs(id).size(), std::size_t(2));  // untouched
    }
};

QTEST_GUILESS_MAIN(RunLifecycle)
#include "tst_run_lifecycle.moc"
