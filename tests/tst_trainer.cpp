// The training engine on a small synthetic problem: it learns, resumes exactly, stops as asked,
// pauses, detects divergence and keeps the last good checkpoint.
#include "hlcnn/core/graph_json.h"
#include "hlcnn/core/runtime_setup.h"
#include "hlcnn/core/trainer.h"
#include "support/tiny_training.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <random>
#include <thread>

using namespace hlcnn;

using hlcnn::test::makeData;
using hlcnn::test::smallNet;

namespace {

TrainConfig baseConfig(const QString& out) {
    TrainConfig c;
    c.epochs = 4;
    c.batch = 16;
    c.lr = 5e-3;
    c.seed = 3;
    c.threads = 1;
    c.loaderWorkers = 2;
    c.schedule = "cosine";
    c.augmentation = {1, false, true, 0};
    c.outDir = out.toStdString();
    return c;
}

struct Recorder : TrainingListener {
    std::vector<EpochMetrics> epochs;
    std::vector<RunState> states;
    std::int64_t steps = 0;
    std::map<std::int64_t, std::pair<double, double>> stepLossLr;   // global step -> (loss, lr)
    std::vector<std::string> checkpoints;
    std::function<void(const EpochMetrics&)> onEpochHook;
    std::function<void(const StepMetrics&)> onStepHook;
    void onStep(const StepMetrics& m) override {
        ++steps;
        stepLossLr[m.step] = {m.loss, m.lr};
        if (onStepHook) onStepHook(m);
    }
    void onCheckpoint(const std::string& path) override { checkpoints.push_back(path); }
    void onEpoch(const EpochMetrics& m) override {
        epochs.push_back(m);
        if (onEpochHook) onEpochHook(m);
    }
    void onState(RunState s, const std::string&) override { states.push_back(s); }
};

std::map<std::string, torch::Tensor> weights(const std::string& checkpoint) {
    torch::serialize::InputArchive ar;
    ar.load_from(checkpoint);
    std::map<std::string, torch::Tensor> w;
    for (const std::string& key : ar.keys())
        if (key.rfind("model.", 0) == 0) {
            torch::Tensor t;
            ar.read(key, t, key.find("running") != std::string::npos || key.find("num_batches") != std::string::npos);
            w[key] = t;
        }
    return w;
}

}  // namespace

class TrainerTest : public QObject {
    Q_OBJECT
    std::shared_ptr<const Dataset> data_ = std::make_shared<const Dataset>(makeData());

private Q_SLOTS:
    void learnsAndReportsEveryStep() {
        QTemporaryDir dir;
        TrainConfig c = baseConfig(dir.path());
        c.epochs = 6;
        c.lr = 1e-2;
        c.schedule = "constant";
        c.augmentation = {};
        Recorder rec;
        const TrainResult r = Trainer(smallNet(), data_, c).run(&rec);
        QCOMPARE(int(r.state), int(RunState::Completed));
        QCOMPARE(int(rec.epochs.size()), 6);
        QCOMPARE(rec.steps, std::int64_t(6 * 8));  // 120 images / 16
        qInfo("val top-1 after 6 epochs: %.1f%%, loss %.3f -> %.3f", r.history.back().val.top1, r.history.front().trainLoss,
              r.history.back().trainLoss);
        QVERIFY(r.history.back().val.top1 >= 90.0);
        QVERIFY(r.history.back().trainLoss < r.history.front().trainLoss);
        QCOMPARE(int(r.history.back().val.confusion.size()), 9);
        QVERIFY(QFile::exists(dir.path() + "/last.ckpt") && QFile::exists(dir.path() + "/best.ckpt"));
        const EvalMetrics e = evaluateCheckpoint((dir.path() + "/last.ckpt").toStdString(), data_->test);
        QCOMPARE(e.top1, r.history.back().val.top1);
        QCOMPARE(readCheckpointInfo((dir.path() + "/last.ckpt").toStdString()).epoch, 6);
    }

    // Both layouts resume exactly: hlcnn_block's depthwise convolutions run core's own backward.
    void resumeContinuesExactly_data() {
        QTest::addColumn<QString>("memoryFormat");
        QTest::newRow("channels-last") << "channels-last";
        QTest::newRow("nchw") << "nchw";
    }
    void resumeContinuesExactly() {
        QFETCH(QString, memoryFormat);
        const auto baseConfig = [&](const QString& out) {
            TrainConfig c = ::baseConfig(out);
            c.memoryFormat = memoryFormat.toStdString();
            return c;
        };
        QTemporaryDir straight, interrupted;
        Recorder full;
        QCOMPARE(int(Trainer(smallNet(), data_, baseConfig(straight.path())).run(&full).state), int(RunState::Completed));

        TrainingControl control;
        Recorder first;
        first.onEpochHook = [&](const EpochMetrics& m) {
            if (m.epoch == 2) control.stop();
        };
        const TrainResult stopped = Trainer(smallNet(), data_, baseConfig(interrupted.path())).run(&first, &control);
        QCOMPARE(int(stopped.state), int(RunState::Cancelled));  // cancelled, not failed
        QCOMPARE(readCheckpointInfo((interrupted.path() + "/last.ckpt").toStdString()).epoch, 2);

        Recorder second;
        const TrainResult resumed = Trainer(smallNet(), data_, baseConfig(interrupted.path()))
                                        .run(&second, nullptr, (interrupted.path() + "/last.ckpt").toStdString());
        QCOMPARE(int(resumed.state), int(RunState::Completed));
        QCOMPARE(int(second.epochs.size()), 2);
        QCOMPARE(int(resumed.history.size()), 4);
        for (int e = 0; e < 4; ++e) {
            QCOMPARE(resumed.history[std::size_t(e)].trainLoss, full.epochs[std::size_t(e)].trainLoss);
            QCOMPARE(resumed.history[std::size_t(e)].val.top1, full.epochs[std::size_t(e)].val.top1);
        }
        const auto a = weights((straight.path() + "/last.ckpt").toStdString());
        const auto b = weights((interrupted.path() + "/last.ckpt").toStdString());
        QCOMPARE(a.size(), b.size());
        for (const auto& [k, t] : a) QVERIFY2(t.equal(b.at(k)), k.c_str());
    }

    // A stop within an epoch (the Stop button, quitting the workbench, SIGTERM) writes last.ckpt at
    // that batch boundary with the loader's position, the dropout generator, the optimizer and the
    // epoch's running sums; the resumed run then matches a run never stopped, step for step.
    void midEpochStopResumesExactly_data() {
        QTest::addColumn<int>("stopBeforeStep");   // global, 1-based: the step the stop comes before
        QTest::addColumn<QString>("memoryFormat");
        QTest::newRow("first epoch, step 4 of 8") << 4 << "channels-last";
        QTest::newRow("third epoch, step 6 of 8") << 2 * 8 + 6 << "channels-last";
        QTest::newRow("last step of epoch 2, nchw") << 8 + 8 << "nchw";
    }
    void midEpochStopResumesExactly() {
        QFETCH(int, stopBeforeStep);
        QFETCH(QString, memoryFormat);
        const auto config = [&](const QString& out) {
            TrainConfig c = baseConfig(out);
            c.memoryFormat = memoryFormat.toStdString();
            return c;
        };
        const Graph net = smallNet();   // its dropout draws from the run's generator: a resume must restore it
        QTemporaryDir straight, interrupted;
        Recorder full;
        QCOMPARE(int(Trainer(net, data_, config(straight.path())).run(&full).state), int(RunState::Completed));

        TrainingControl control;
        Recorder first;
        first.onStepHook = [&](const StepMetrics& m) {
            if (m.step == stopBeforeStep - 1) control.stop();
        };
        const TrainResult stopped = Trainer(net, data_, config(interrupted.path())).run(&first, &control);
        QCOMPARE(int(stopped.state), int(RunState::Cancelled));
        QCOMPARE(first.steps, std::int64_t(stopBeforeStep - 1));
        const std::string last = (interrupted.path() + "/last.ckpt").toStdString();
        QCOMPARE(first.checkpoints, std::vector<std::string>{last});
        const CheckpointInfo info = readCheckpointInfo(last);
        const int epochsDone = (stopBeforeStep - 1) / 8, inEpoch = (stopBeforeStep - 1) % 8;
        QCOMPARE(info.epoch, epochsDone);
        QCOMPARE(info.partial.batches, std::int64_t(inEpoch));
        QCOMPARE(info.partial.step, std::int64_t(stopBeforeStep - 1));
        QVERIFY2(QString::fromStdString(stopped.message).contains("resume continues"), stopped.message.c_str());

        Recorder second;
        const TrainResult resumed = Trainer(net, data_, config(interrupted.path())).run(&second, nullptr, last);
        QCOMPARE(int(resumed.state), int(RunState::Completed));
        QCOMPARE(second.steps, std::int64_t(4 * 8 - (stopBeforeStep - 1)));
        QCOMPARE(second.stepLossLr.begin()->first, std::int64_t(stopBeforeStep));
        for (const auto& [step, lossLr] : second.stepLossLr) {
            QVERIFY2(lossLr.first == full.stepLossLr.at(step).first, qPrintable(QString("loss at step %1").arg(step)));
            QCOMPARE(lossLr.second, full.stepLossLr.at(step).second);
        }
        QCOMPARE(int(resumed.history.size()), 4);
        for (int e = 0; e < 4; ++e) {
            QCOMPARE(resumed.history[std::size_t(e)].trainLoss, full.epochs[std::size_t(e)].trainLoss);
            QCOMPARE(resumed.history[std::size_t(e)].trainTop1, full.epochs[std::size_t(e)].trainTop1);
            QCOMPARE(resumed.history[std::size_t(e)].val.top1, full.epochs[std::size_t(e)].val.top1);
        }
        const auto a = weights((straight.path() + "/last.ckpt").toStdString());
        const auto b = weights(last);
        QCOMPARE(a.size(), b.size());
        for (const auto& [k, t] : a) QVERIFY2(t.equal(b.at(k)), k.c_str());
        QCOMPARE(readCheckpointInfo(last).partial.batches, std::int64_t(0));   // the run's end: a whole-epoch checkpoint
    }

    // A run stopped while paused keeps its checkpoint too; one stopped with another batch size
    // than it resumes with is refused, naming the settings.
    void pausedStopKeepsItsCheckpointAndMismatchesAreRefused() {
        QTemporaryDir dir;
        TrainingControl control;
        Recorder rec;
        rec.onStepHook = [&](const StepMetrics& m) {
            if (m.step == 3) {
                control.pause();
                std::thread([&control] {
                    std::this_thread::sleep_for(std::chrono::milliseconds(50));
                    control.stop();
                }).detach();
            }
        };
        const TrainResult r = Trainer(smallNet(), data_, baseConfig(dir.path())).run(&rec, &control);
        QCOMPARE(int(r.state), int(RunState::Cancelled));
        const std::string last = (dir.path() + "/last.ckpt").toStdString();
        QCOMPARE(readCheckpointInfo(last).partial.batches, std::int64_t(3));
        TrainConfig other = baseConfig(dir.path());
        other.batch = 32;
        const TrainResult refused = Trainer(smallNet(), data_, other).run(nullptr, nullptr, last);
        QCOMPARE(int(refused.state), int(RunState::Failed));
        QVERIFY2(QString::fromStdString(refused.message).contains("--batch"), refused.message.c_str());
    }

    // The layout is part of the recorded recipe; runs recorded before it existed trained in NCHW.
    void memoryFormatIsRecorded() {
        TrainConfig c;
        QCOMPARE(c.memoryFormat, std::string("channels-last"));
        c.memoryFormat = "nchw";
        QCOMPARE(trainConfigFromJson(trainConfigJson(c)).memoryFormat, std::string("nchw"));
        nlohmann::json old = nlohmann::json::parse(trainConfigJson(TrainConfig{}));
        old.erase("memory_format");
        QCOMPARE(trainConfigFromJson(old.dump()).memoryFormat, std::string("nchw"));
        c.memoryFormat = "nhwc";
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, validateTrainConfig(c));
    }

    void divergenceKeepsTheLastGoodCheckpoint() {
        QTemporaryDir dir;
        TrainConfig c = baseConfig(dir.path());
        c.epochs = 1;
        QCOMPARE(int(Trainer(smallNet(), data_, c).run().state), int(RunState::Completed));
        QFile ckpt(dir.path() + "/last.ckpt");
        QVERIFY(ckpt.open(QIODevice::ReadOnly));
        const QByteArray before = ckpt.readAll();
        ckpt.close();
        c.epochs = 3;
        c.optimizer = "sgd";
        const TrainResult other = Trainer(smallNet(), data_, c).run(nullptr, nullptr, (dir.path() + "/last.ckpt").toStdString());
        QVERIFY(QString::fromStdString(other.message).contains("resume with the same optimizer"));
        c.optimizer = "adam";
        c.lr = 1e30;
        const TrainResult r = Trainer(smallNet(), data_, c).run(nullptr, nullptr, (dir.path() + "/last.ckpt").toStdString());
        QVERIFY2(r.state == RunState::Diverged, r.message.c_str());
        QVERIFY2(QString::fromStdString(r.message).contains("last good checkpoint is kept"), r.message.c_str());
        QVERIFY(ckpt.open(QIODevice::ReadOnly));
        QCOMPARE(ckpt.readAll(), before);
    }

    void pauseAndResumeFromAnotherThread() {
        QTemporaryDir dir;
        TrainConfig c = baseConfig(dir.path());
        c.epochs = 2;
        TrainingControl control;
        control.pause();
        Recorder rec;
        TrainResult r;
        std::thread worker([&] { r = Trainer(smallNet(), data_, c).run(&rec, &control); });
        QTRY_VERIFY_WITH_TIMEOUT(std::count(rec.states.begin(), rec.states.end(), RunState::Paused) == 1, 10000);
        QCOMPARE(rec.steps, std::int64_t(0));  // nothing trains while paused
        control.resume();
        worker.join();
        QCOMPARE(int(r.state), int(RunState::Completed));
        QCOMPARE(rec.steps, std::int64_t(16));
    }

    // Two runs training at once in two threads of one process, one intra-op thread each, end with
    // the weights and metrics of the same runs trained alone, while a third thread keeps drawing
    // from LibTorch's default generator and the process default thread count stays untouched.
    void twoConcurrentRunsMatchRunsTrainedAlone() {
        const int defaultThreads = at::get_num_threads();
        auto config = [](const QString& out, std::uint64_t seed) {
            TrainConfig c = baseConfig(out);
            c.seed = seed;
            c.epochs = 3;
            c.augmentation = {1, false, true, 2};  // crop, flip and cutout draw randomness too
            return c;
        };
        QTemporaryDir alone1, alone2, together1, together2;
        const TrainResult a1 = Trainer(smallNet(), data_, config(alone1.path(), 11)).run();
        const TrainResult a2 = Trainer(smallNet(), data_, config(alone2.path(), 12)).run();
        QCOMPARE(int(a1.state), int(RunState::Completed));
        QCOMPARE(int(a2.state), int(RunState::Completed));
        QVERIFY(a1.history.back().trainLoss != a2.history.back().trainLoss);  // the seeds matter

        std::atomic<bool> running{true};
        std::thread noise([&] {  // someone else in the process using the global generator
            while (running.load()) torch::rand({64});
        });
        TrainResult t1, t2;
        std::thread run1([&] { t1 = Trainer(smallNet(), data_, config(together1.path(), 11)).run(); });
        std::thread run2([&] { t2 = Trainer(smallNet(), data_, config(together2.path(), 12)).run(); });
        run1.join();
        run2.join();
        running = false;
        noise.join();
        QCOMPARE(int(t1.state), int(RunState::Completed));
        QCOMPARE(int(t2.state), int(RunState::Completed));
        const auto sameRun = [](const TrainResult& x, const TrainResult& y, const QString& dx, const QString& dy) {
            QCOMPARE(x.history.size(), y.history.size());
            for (std::size_t e = 0; e < x.history.size(); ++e) {
                QCOMPARE(x.history[e].trainLoss, y.history[e].trainLoss);
                QCOMPARE(x.history[e].val.loss, y.history[e].val.loss);
                QCOMPARE(x.history[e].val.top1, y.history[e].val.top1);
            }
            const auto wx = weights((dx + "/last.ckpt").toStdString()), wy = weights((dy + "/last.ckpt").toStdString());
            QCOMPARE(wx.size(), wy.size());
            for (const auto& [k, t] : wx) QVERIFY2(t.equal(wy.at(k)), k.c_str());
        };
        sameRun(a1, t1, alone1.path(), together1.path());
        sameRun(a2, t2, alone2.path(), together2.path());
        QCOMPARE(at::get_num_threads(), defaultThreads);
    }

    // A budget is the calling thread's own: two threads hold different budgets at once.
    void threadBudgetsArePerThread() {
        const int before = at::get_num_threads();
        std::promise<void> bothSet;
        std::shared_future<void> ready = bothSet.get_future().share();
        std::atomic<int> set{0};
        int seenA = 0, seenB = 0;
        auto worker = [&](int budget, int& seen) {
            const ThreadBudget b(budget);
            if (++set == 2) bothSet.set_value();
            ready.wait();
            seen = at::get_num_threads();
            // a parallel op runs with this thread's budget, not the other's
            torch::ones({256, 256}).matmul(torch::ones({256, 256}));
            seen = std::min(seen, at::get_num_threads());
        };
        std::thread a(worker, 1, std::ref(seenA)), b(worker, 2, std::ref(seenB));
        a.join();
        b.join();
        QCOMPARE(seenA, 1);
        QCOMPARE(seenB, 2);
        QCOMPARE(at::get_num_threads(), before);
        {
            const ThreadBudget inner(3);
            QCOMPARE(at::get_num_threads(), 3);
        }
        QCOMPARE(at::get_num_threads(), before);  // restored
    }

    // Thousands of pause/resume handshakes from another thread: every resume wakes the paused
    // waiter (a lost wake-up would hang it; the timeouts turn that into a failure), then stop ends it.
    void controlNeverLosesAResumeOrStop() {
        TrainingControl control;
        std::atomic<int> paused{0}, resumed{0};
        std::atomic<bool> finished{false};
        std::thread waiter([&] {
            while (control.waitIfPaused([&](RunState s) { ++(s == RunState::Paused ? paused : resumed); })) std::this_thread::yield();
            finished = true;
        });
        const auto until = [](const std::function<bool()>& done) {
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
            while (!done())
                if (std::chrono::steady_clock::now() > deadline) return false;
                else std::this_thread::yield();
            return true;
        };
        const int rounds = 5000;
        bool ok = true;
        for (int i = 0; i < rounds && ok; ++i) {
            control.pause();
            ok = until([&] { return paused.load() > i; });
            control.resume();
            ok = ok && until([&] { return resumed.load() > i; });
        }
        control.pause();
        ok = ok && until([&] { return paused.load() > rounds; });
        control.stop();  // a stop must also wake a paused waiter
        ok = ok && until([&] { return finished.load(); });
        if (!ok) {
            waiter.detach();
            QFAIL(qPrintable(QString("the waiter missed a signal after %1 pauses, %2 resumes").arg(paused.load()).arg(resumed.load())));
        }
        waiter.join();
        QCOMPARE(paused.load(), rounds + 1);
        QCOMPARE(resumed.load(), rounds);
    }

    // Random pause/resume/stop storms against a real training run: it ends as told, in time.
    void trainingSurvivesAToggleStorm_data() {
        QTest::addColumn<bool>("endWithStop");
        QTest::newRow("ends with resume") << false;
        QTest::newRow("ends with stop") << true;
    }
    void trainingSurvivesAToggleStorm() {
        QFETCH(bool, endWithStop);
        TrainConfig c = baseConfig({});
        c.epochs = 3;
        TrainingControl control;
        Recorder rec;
        std::promise<TrainResult> done;
        std::future<TrainResult> result = done.get_future();
        std::thread worker([&] { done.set_value(Trainer(smallNet(), data_, c).run(&rec, &control)); });
        std::mt19937 rng(5);
        for (int i = 0; i < 3000; ++i) {
            if (rng() % 2) control.pause();
            else control.resume();
            if (rng() % 8 == 0) std::this_thread::sleep_for(std::chrono::microseconds(rng() % 200));
        }
        if (endWithStop) control.stop();
        else control.resume();
        const bool ended = result.wait_for(std::chrono::seconds(60)) == std::future_status::ready;
        if (!ended) {
            worker.detach();
            QFAIL("the run did not end within 60 s after the last toggle");
        }
        worker.join();
        const TrainResult r = result.get();
        if (endWithStop) {
            QVERIFY2(r.state == RunState::Cancelled || r.state == RunState::Completed, r.message.c_str());
        } else {
            QCOMPARE(int(r.state), int(RunState::Completed));
            QCOMPARE(rec.steps, std::int64_t(3 * 8));
        }
    }

    void badInputFailsWithAMessage() {
        QTemporaryDir dir;
        const TrainResult wrongClasses = Trainer(smallNet(5), data_, baseConfig(dir.path())).run();
        QCOMPARE(int(wrongClasses.state), int(RunState::Failed));
        QVERIFY(QString::fromStdString(wrongClasses.message).contains("data have 3 classes"));
        QFile junk(dir.path() + "/junk.ckpt");
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("not a checkpoint");
        junk.close();
        const TrainResult badResume = Trainer(smallNet(), data_, baseConfig(dir.path())).run(nullptr, nullptr, (dir.path() + "/junk.ckpt").toStdString());
        QCOMPARE(int(badResume.state), int(RunState::Failed));
        QVERIFY2(QString::fromStdString(badResume.message).contains("not a readable checkpoint"), badResume.message.c_str());
        TrainConfig c = baseConfig(dir.path());
        c.optimizer = "rmsprop";
        QVERIFY(QString::fromStdString(Trainer(smallNet(), data_, c).run().message).contains("optimizer must be"));
    }
};

QTEST_GUILESS_MAIN(TrainerTest)
#include "tst_trainer.moc"
