// Data-parallel training with real ranks: separate `hlcnn` processes on loopback joined through
// c10d's TCPStore and Gloo. The contract is checked against one process (the same global batch
// gives the same weights), against the data (shards), and against the store.
#include "support/cli_process.h"

#include "hlcnn/core/batch_loader.h"
#include "hlcnn/core/distributed.h"
#include "hlcnn/core/graph_json.h"
#include "hlcnn/core/graph_module.h"
#include "hlcnn/core/trainer.h"
#include "hlcnn/experiments/experiment_store.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

#include <signal.h>

#include <map>
#include <set>

using namespace hlcnn;
using hlcnn::test::CliResult;
using hlcnn::test::runCli;

namespace {

// Two convolutions and a linear head, no batch statistics: data parallelism must be exact.
const char* kNoBatchNormGraph = R"({"format":"hlcnn-graph/1","name":"nobn","input":[3,32,32],"nodes":[
 {"id":"c1","op":"conv2d","inputs":["input"],"attrs":{"out_channels":8,"stride":2}},
 {"id":"r1","op":"relu","inputs":["c1"]},
 {"id":"c2","op":"conv2d","inputs":["r1"],"attrs":{"out_channels":16,"stride":2}},
 {"id":"r2","op":"relu","inputs":["c2"]},
 {"id":"gap","op":"global_avgpool","inputs":["r2"]},{"id":"f","op":"flatten","inputs":["gap"]},
 {"id":"fc","op":"linear","inputs":["f"],"attrs":{"out_features":10}}],"outputs":["fc"]})";

int freePort() {
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

int lineCount(const QByteArray& text) { return int(text.trimmed().split('\n').size()); }

// One rank started by hand, as a cluster launcher would (environment only).
QProcess* startRank(QObject* parent, int rank, int world, int port, const QStringList& args) {
    auto* p = new QProcess(parent);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("RANK", QString::number(rank));
    env.insert("WORLD_SIZE", QString::number(world));
    env.insert("MASTER_ADDR", "127.0.0.1");
    env.insert("MASTER_PORT", QString::number(port));
    p->setProcessEnvironment(env);
    p->start(HLCNN_CLI, args);
    return p;
}

std::map<std::string, torch::Tensor> checkpointTensors(const QString& path) {
    const CheckpointInfo info = readCheckpointInfo(path.toStdString());
    GraphModule m(info.graph);
    loadCheckpointWeights(path.toStdString(), *m);
    std::map<std::string, torch::Tensor> out;
    for (const auto& p : m->named_parameters()) out[p.key()] = p.value().detach().clone();
    return out;
}

}  // namespace

class TestDistributed : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString data_, graph_;

    QStringList trainArgs(int epochs, int batch) const {
        return {"train", "--graph", graph_, "--data", "cifar10:" + data_, "--epochs", QString::number(epochs), "--batch",
                QString::number(batch), "--workers", "1"};
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        data_ = dir_.filePath("cifar");
        QVERIFY(hlcnn::test::writeTinyCifar(data_, 40, 50));  // 200 training images
        graph_ = dir_.filePath("nobn.json");
        QFile f(graph_);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kNoBatchNormGraph);
    }

    void environment_data() {
        QTest::addColumn<QStringList>("variables");
        QTest::addColumn<QString>("expected");  // "rank/world/local/master:port" or the start of the error
        QTest::newRow("torchrun") << QStringList{"RANK=1", "WORLD_SIZE=4", "LOCAL_RANK=1", "MASTER_ADDR=h0", "MASTER_PORT=29400"}
                                  << "1/4/1/h0:29400";
        QTest::newRow("slurm: first host of a range, port from the job id")
            << QStringList{"SLURM_PROCID=5", "SLURM_NTASKS=8", "SLURM_LOCALID=1", "SLURM_JOB_NODELIST=node[03-05,9],gpu1", "SLURM_JOB_ID=1234"}
            << "5/8/1/node03:29734";
        QTest::newRow("slurm: MASTER_ADDR and MASTER_PORT win")
            << QStringList{"SLURM_PROCID=0", "SLURM_NTASKS=2", "SLURM_JOB_NODELIST=a,b", "MASTER_ADDR=b", "MASTER_PORT=4000"} << "0/2/0/b:4000";
        QTest::newRow("rank >= world size") << QStringList{"RANK=2", "WORLD_SIZE=2", "MASTER_ADDR=h", "MASTER_PORT=1"}
                                           << "error:RANK=2 must be below WORLD_SIZE=2";
        QTest::newRow("slurm rank >= tasks") << QStringList{"SLURM_PROCID=3", "SLURM_NTASKS=3", "SLURM_JOB_NODELIST=a"}
                                            << "error:SLURM_PROCID=3 must be below SLURM_NTASKS=3";
        QTest::newRow("world size not a number") << QStringList{"RANK=0", "WORLD_SIZE=two", "MASTER_ADDR=h", "MASTER_PORT=1"}
                                                << "error:WORLD_SIZE='two' must be an integer";
        QTest::newRow("port out of range") << QStringList{"RANK=0", "WORLD_SIZE=1", "MASTER_ADDR=h", "MASTER_PORT=70000"}
                                          << "error:MASTER_PORT='70000' must be an integer between 1 and 65535";
        QTest::newRow("no master") << QStringList{"RANK=0", "WORLD_SIZE=1", "MASTER_PORT=5"} << "error:MASTER_ADDR is not set";
        QTest::newRow("nothing set") << QStringList{} << "error:--distributed needs RANK";
    }
    void environment() {
        QFETCH(QStringList, variables);
        QFETCH(QString, expected);
        std::map<std::string, std::string> env;
        for (const QString& v : variables) env[v.section('=', 0, 0).toStdString()] = v.section('=', 1).toStdString();
        const auto lookup = [&](const char* name) -> const char* {
            const auto it = env.find(name);
            return it == env.end() ? nullptr : it->second.c_str();
        };
        if (expected.startsWith("error:")) {
            try {
                distributedEnvFromEnvironment(lookup);
                QFAIL("accepted");
            } catch (const std::invalid_argument& e) {
                QVERIFY2(QString(e.what()).startsWith(expected.mid(6)), e.what());
            }
            return;
        }
        const DistributedEnv d = distributedEnvFromEnvironment(lookup);
        QCOMPARE(QString("%1/%2/%3/%4:%5").arg(d.rank).arg(d.worldSize).arg(d.localRank).arg(QString::fromStdString(d.masterAddr)).arg(d.masterPort),
                 expected);
    }

    // The ranks' batches are disjoint, cover the epoch once, and together are the one-process
    // batch of the same global size, pixel for pixel (augmentation keys on the global position).
    void shardsMatchOneProcess_data() {
        QTest::addColumn<int>("world");
        QTest::addColumn<int>("images");
        QTest::newRow("2 ranks, even") << 2 << 64;
        QTest::newRow("3 ranks, last batch short") << 3 << 50;
        QTest::newRow("4 ranks, a rank without images at the end") << 4 << 37;
    }
    void shardsMatchOneProcess() {
        QFETCH(int, world);
        QFETCH(int, images);
        ImageSet set;
        set.channels = 1, set.height = set.width = 6, set.count = images;
        auto pixels = std::make_shared<std::vector<std::uint8_t>>(std::size_t(images * 36));
        for (std::size_t i = 0; i < pixels->size(); ++i) (*pixels)[i] = std::uint8_t((i * 37 + i / 36) % 251);
        set.pixels = std::shared_ptr<const std::uint8_t>(pixels, pixels->data());
        for (int i = 0; i < images; ++i) set.labels.push_back(i);  // the label names the image
        const int perRank = 4;
        LoaderOptions one;
        one.batch = perRank * world;
        one.augmentation = {2, false, true, 0};
        one.seed = 7;
        BatchLoader single(set, one);
        std::vector<std::unique_ptr<BatchLoader>> ranks;
        for (int r = 0; r < world; ++r) {
            LoaderOptions o = one;
            o.batch = perRank, o.rank = r, o.worldSize = world;
            ranks.push_back(std::make_unique<BatchLoader>(set, o));
        }
        for (int epoch = 1; epoch <= 2; ++epoch) {
            single.startEpoch(epoch);
            for (auto& l : ranks) {
                l->startEpoch(epoch);
                QCOMPARE(l->batchesPerEpoch(), single.batchesPerEpoch());
            }
            std::set<std::int64_t> seen;
            Batch whole;
            std::int64_t k = 0;
            while (single.next(whole)) {
                std::vector<torch::Tensor> images, labels;
                for (auto& l : ranks) {
                    Batch part;
                    QVERIFY(l->next(part));
                    images.push_back(part.images);
                    labels.push_back(part.labels);
                    for (std::int64_t i = 0; i < part.labels.size(0); ++i) QVERIFY(seen.insert(part.labels[i].item<std::int64_t>()).second);
                }
                QCOMPARE(ranks[0]->globalBatchSize(k++), whole.labels.size(0));
                QVERIFY(torch::equal(torch::cat(labels), whole.labels));
                QVERIFY(torch::equal(torch::cat(images), whole.images));
            }
            QCOMPARE(int(seen.size()), images);
        }
    }

    // K steps of 2 (3) ranks at batch B/2 (B/3) end with the weights of one process at batch B;
    // 200 images at B = 24 leave a short last batch, and augmentation is on.
    void sameWeightsAsOneProcess_data() {
        QTest::addColumn<int>("world");
        QTest::addColumn<QString>("optimizer");
        QTest::newRow("2 ranks, sgd") << 2 << "sgd";
        QTest::newRow("2 ranks, adam") << 2 << "adam";
        QTest::newRow("3 ranks, sgd") << 3 << "sgd";
    }
    void sameWeightsAsOneProcess() {
        QFETCH(int, world);
        QFETCH(QString, optimizer);
        const int global = 24;
        const QString one = dir_.filePath("one-" + QString::number(world) + optimizer);
        const QString many = dir_.filePath("many-" + QString::number(world) + optimizer);
        const QStringList recipe{"--optimizer", optimizer, "--lr", optimizer == "sgd" ? "0.05" : "0.003", "--no-db", "--seed", "3"};
        const CliResult a = runCli(trainArgs(2, global) + recipe + QStringList{"--out", one, "--threads", "1"});
        QVERIFY2(a.code == 0, a.err.constData());
        const CliResult b = runCli(QStringList{"launch", "--nproc", QString::number(world), "--threads-per-rank", "1", "--"} +
                                   trainArgs(2, global / world) + recipe + QStringList{"--out", many});
        QVERIFY2(b.code == 0, b.err.constData());
        QVERIFY(b.out.contains(QByteArray("data-parallel: ") + QByteArray::number(world) + " ranks (gloo)"));
        const auto x = checkpointTensors(one + "/last.ckpt"), y = checkpointTensors(many + "/last.ckpt");
        QCOMPARE(x.size(), y.size());
        double worst = 0, moved = 0;
        const auto start = checkpointTensors(one + "/last.ckpt");
        for (const auto& [name, t] : x) {
            const double scale = 1 + t.abs().max().item<double>();
            worst = std::max(worst, (t - y.at(name)).abs().max().item<double>() / scale);
        }
        // The runs really moved the weights: compare against a fresh model of the same seed.
        GraphModule fresh(graphFromJson(kNoBatchNormGraph), 3);
        for (const auto& p : fresh->named_parameters()) moved = std::max(moved, (p.value() - x.at(p.key())).abs().max().item<double>());
        QVERIFY2(moved > 1e-3, qPrintable(QString("the weights moved only %1").arg(moved)));
        QVERIFY2(worst < 2e-5, qPrintable(QString("largest relative difference %1").arg(worst)));
        // Only rank 0 writes checkpoints: one folder, the same files as one process.
        QCOMPARE(QDir(many).entryList(QDir::Files), QDir(one).entryList(QDir::Files));
    }

    // Rank 0 records the run with its world; a killed rank ends the job as interrupted within the
    // timeout, and the same command resumes it from the last checkpoint to completion.
    void killedRankInterruptsAndResumes() {
        const QString db = dir_.filePath("killed.sqlite");
        const int port = freePort();
        const QStringList args = trainArgs(400, 8) + QStringList{"--db", db, "--distributed", "--dist-timeout", "10", "--threads", "1", "--json"};
        QProcess* r0 = startRank(this, 0, 2, port, args);
        QProcess* r1 = startRank(this, 1, 2, port, args);
        // Wait until rank 0 has reported at least two epochs, then kill rank 1 outright.
        QElapsedTimer t;
        t.start();
        QByteArray out0;
        while (out0.count('\n') < 2 && t.elapsed() < 120000) {
            r0->waitForReadyRead(200);
            out0 += r0->readAllStandardOutput();
        }
        if (out0.count('\n') < 2) QFAIL(r0->readAllStandardError().constData());  // (a QVERIFY2 message is read even on success)
        ::kill(pid_t(r1->processId()), SIGKILL);
        t.restart();
        QVERIFY(r0->waitForFinished(60000));
        const qint64 endedAfter = t.elapsed();
        r1->waitForFinished(5000);
        QVERIFY2(endedAfter < 15000, qPrintable(QString("rank 0 took %1 ms to notice").arg(endedAfter)));
        QCOMPARE(r0->exitCode(), 2);
        const QByteArray err = r0->readAllStandardError();
        const QList<QByteArray> lines = err.trimmed().split('\n');
        QVERIFY2(lines.size() == 2, err.constData());  // "recording run 1 in ...", then the one line saying why
        QVERIFY2(lines[1].startsWith("hlcnn: interrupted: rank 0 of 2 lost the other ranks"), err.constData());
        QVERIFY(!err.contains("Exception raised"));  // no C++ backtrace
        std::int64_t id = 0;
        int epochsBefore = 0;
        {
            ExperimentStore store(db.toStdString());
            const auto runs = store.runs();
            QCOMPARE(int(runs.size()), 1);
            const RunRecord r = store.run(runs[0].id);
            id = r.id;
            QCOMPARE(QString::fromStdString(r.state), QString("interrupted"));
            QCOMPARE(r.worldSize, 2);
            QCOMPARE(QString::fromStdString(r.backend), QString("gloo"));
            QCOMPARE(int(r.hosts.size()), 2);
            QVERIFY(!r.uid.empty());
            epochsBefore = int(store.epochs(id).size());
            QVERIFY(epochsBefore >= 2);
        }
        // Resume under the launcher with fewer epochs left: the record continues and completes.
        const QString ckpt = dir_.filePath("checkpoints/run-" + QString::number(id) + "/last.ckpt");
        const int total = epochsBefore + 3;
        const CliResult resumed = runCli(QStringList{"launch", "--nproc", "2", "--threads-per-rank", "1", "--", "train", "--resume", ckpt,
                                                     "--data", "cifar10:" + data_, "--epochs", QString::number(total), "--batch", "8",
                                                     "--db", db, "--workers", "1"});
        QVERIFY2(resumed.code == 0, resumed.err.constData());
        ExperimentStore store(db.toStdString());
        QCOMPARE(int(store.runs().size()), 1);
        QCOMPARE(QString::fromStdString(store.run(id).state), QString("completed"));
        QCOMPARE(int(store.epochs(id).size()), total);
    }

    // A rank that stops answering (SIGSTOP) ends the job within --dist-timeout, not never.
    void hungRankTimesOut() {
        const int port = freePort();
        const QStringList args = trainArgs(400, 8) + QStringList{"--no-db", "--distributed", "--dist-timeout", "4", "--threads", "1", "--json"};
        QProcess* r0 = startRank(this, 0, 2, port, args);
        QProcess* r1 = startRank(this, 1, 2, port, args);
        QByteArray out0;
        QElapsedTimer t;
        t.start();
        while (out0.count('\n') < 1 && t.elapsed() < 120000) {
            r0->waitForReadyRead(200);
            out0 += r0->readAllStandardOutput();
        }
        ::kill(pid_t(r1->processId()), SIGSTOP);
        t.restart();
        QVERIFY(r0->waitForFinished(60000));
        const qint64 endedAfter = t.elapsed();
        ::kill(pid_t(r1->processId()), SIGKILL);
        r1->waitForFinished(5000);
        QCOMPARE(r0->exitCode(), 2);
        const QByteArray err = r0->readAllStandardError();
        QVERIFY2(err.contains("no answer from the other ranks within 4 s"), err.constData());
        QCOMPARE(lineCount(err), 1);
        QVERIFY2(endedAfter >= 3000 && endedAfter < 12000, qPrintable(QString("ended after %1 ms").arg(endedAfter)));
    }

    // A stop (Ctrl-C to the launcher) stops every rank at the same step: cancelled, not failed, and
    // rank 0 writes the checkpoint of that step.
    void interruptStopsEveryRank() {
        const QString out = dir_.filePath("stopped");
        QProcess launch;
        launch.start(HLCNN_CLI, QStringList{"launch", "--nproc", "2", "--threads-per-rank", "1", "--"} + trainArgs(400, 8) +
                                    QStringList{"--no-db", "--out", out, "--json"});
        QByteArray text;
        QElapsedTimer t;
        t.start();
        while (text.count('\n') < 2 && t.elapsed() < 120000) {
            launch.waitForReadyRead(200);
            text += launch.readAllStandardOutput();
        }
        ::kill(pid_t(launch.processId()), SIGINT);
        QVERIFY(launch.waitForFinished(60000));
        QCOMPARE(launch.exitCode(), 130);
        const QByteArray err = launch.readAllStandardError();
        QVERIFY2(err.contains("hlcnn: cancelled: stopped after step"), err.constData());   // rank 0 kept that step
        QVERIFY2(!err.contains("rank 1"), err.constData());  // rank 1 stopped with it, quietly
        QVERIFY(QFile::exists(out + "/last.ckpt"));
    }

    // Inconsistent environments and launcher misuse: exit 2, one line, no database created.
    void badInput_data() {
        QTest::addColumn<QStringList>("environment");
        QTest::addColumn<QStringList>("command");
        QTest::addColumn<QString>("message");
        QTest::addColumn<bool>("holdPort");
        const QStringList tail{"--distributed", "--dist-timeout", "3"};
        QTest::newRow("rank >= world size") << QStringList{"RANK=2", "WORLD_SIZE=2", "MASTER_ADDR=127.0.0.1", "MASTER_PORT=1"}
                                           << tail << "hlcnn: RANK=2 must be below WORLD_SIZE=2" << false;
        QTest::newRow("no launcher environment") << QStringList{} << tail << "hlcnn: --distributed needs RANK" << false;
        QTest::newRow("unreachable master") << QStringList{"RANK=1", "WORLD_SIZE=2", "MASTER_ADDR=127.0.0.1", "MASTER_PORT=PORT"}
                                           << tail << "hlcnn: rank 1 cannot reach the master at 127.0.0.1:" << false;
        QTest::newRow("port in use") << QStringList{"RANK=0", "WORLD_SIZE=2", "MASTER_ADDR=127.0.0.1", "MASTER_PORT=PORT"} << tail
                                     << "hlcnn: rank 0 cannot serve the rendezvous: port" << true;
        QTest::newRow("timeout without --distributed") << QStringList{} << QStringList{"--dist-timeout", "5"}
                                                      << "hlcnn: --dist-timeout is for --distributed runs" << false;
        QTest::newRow("timeout not a number") << QStringList{"RANK=0", "WORLD_SIZE=1", "MASTER_ADDR=127.0.0.1", "MASTER_PORT=1"}
                                             << QStringList{"--distributed", "--dist-timeout", "nan"}
                                             << "hlcnn: --dist-timeout must be between 1 and 86400 seconds" << false;
        QTest::newRow("launch: no command") << QStringList{"LAUNCH"} << QStringList{"--nproc", "2"} << "hlcnn: usage: hlcnn launch" << false;
        QTest::newRow("launch: zero ranks") << QStringList{"LAUNCH"} << QStringList{"--nproc", "0", "--", "train"}
                                           << "hlcnn: --nproc must be" << false;
        QTest::newRow("launch: not a training") << QStringList{"LAUNCH"} << QStringList{"--nproc", "2", "--", "runs", "list"}
                                               << "hlcnn: launch runs `train`" << false;
        QTest::newRow("launch: port in use") << QStringList{"LAUNCH"} << QStringList{"--nproc", "2", "--master-port", "PORT", "--", "train"}
                                            << "hlcnn: --master-port" << true;
    }
    void badInput() {
        QFETCH(QStringList, environment);
        QFETCH(QStringList, command);
        QFETCH(QString, message);
        QFETCH(bool, holdPort);
        QTcpServer held;
        int port = freePort();
        if (holdPort) {
            QVERIFY(held.listen(QHostAddress::Any, 0));
            port = held.serverPort();
        }
        for (QString& a : command) a.replace("PORT", QString::number(port));
        const QString db = dir_.filePath("bad.sqlite");
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* v : {"RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT", "SLURM_PROCID"}) env.remove(v);
        QStringList args;
        if (environment.value(0) == "LAUNCH") {
            args = QStringList{"launch"} + command;
        } else {
            for (QString v : environment) env.insert(v.section('=', 0, 0), v.section('=', 1).replace("PORT", QString::number(port)));
            args = trainArgs(1, 8) + QStringList{"--db", db} + command;
        }
        p.setProcessEnvironment(env);
        p.start(HLCNN_CLI, args);
        QVERIFY(p.waitForFinished(60000));
        const QByteArray err = p.readAllStandardError();
        QCOMPARE(p.exitCode(), 2);
        QVERIFY2(err.startsWith(message.toUtf8()), err.constData());
        QCOMPARE(lineCount(err), 1);
        QVERIFY(!QFile::exists(db));
    }
};

QTEST_GUILESS_MAIN(TestDistributed)
#include "tst_distributed.moc"
