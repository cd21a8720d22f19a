// The experiment store across real processes: concurrent CLI trainings with a reader, kill -9
// mid-run then resume into the same record, migration and foreign files through the CLI, and a
// recorded run reaching compare output and the CSV/LaTeX exports.
#include "hlcnn/experiments/experiment_store.h"
#include "hlcnn/experiments/sqlite.h"
#include "hlcnn/core/trainer.h"
#include "support/cli_process.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using hlcnn::test::runCli;

namespace {

QStringList trainArgs(const QString& data, const QString& db, const QString& out, int epochs, int seed) {
    return {"train", "--model", "hlcnn_s", "--width", "0.25", "--data", "cifar10:" + data, "--epochs", QString::number(epochs),
            "--batch", "16", "--lr", "3e-3", "--threads", "1", "--workers", "1", "--seed", QString::number(seed),
            "--db", db, "--out", out, "--json"};
}

QByteArray fileHash(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

int recordedEpochs(const QString& db, std::int64_t run) {
    try {
        hlcnn::sql::Database raw(db.toStdString(), false);
        auto st = raw.prepare("SELECT count(*) FROM epoch_metrics WHERE run_id = ?");
        st.bind(1, run);
        return st.step() ? int(st.integer(0)) : 0;
    } catch (const std::exception&) {
        return 0;   // not created yet
    }
}

// Polls the database until run `run` has `epochs` epochs on record (false after 2 minutes).
bool waitForEpochs(const QString& db, std::int64_t run, int epochs) {
    QElapsedTimer t;
    t.start();
    while (recordedEpochs(db, run) < epochs && t.elapsed() < 120000) QTest::qWait(20);
    return recordedEpochs(db, run) >= epochs;
}

}  // namespace

class RunsCli : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString data_;

private Q_SLOTS:
    void initTestCase() {
        data_ = dir_.path() + "/cifar";
        QVERIFY(hlcnn::test::writeTinyCifar(data_, 64));
    }

    void concurrentWritersAndAReaderNeverSeeALock() {
        const QString db = dir_.path() + "/shared.sqlite";
        QProcess a, b;
        a.start(HLCNN_CLI, trainArgs(data_, db, dir_.path() + "/a", 6, 1));
        b.start(HLCNN_CLI, trainArgs(data_, db, dir_.path() + "/b", 6, 2));
        QVERIFY(a.waitForStarted() && b.waitForStarted());
        // Read while both write: the CLI's list and this process's own queries.
        int reads = 0;
        while (a.state() != QProcess::NotRunning || b.state() != QProcess::NotRunning) {
            if (QFile::exists(db)) {
                const auto r = runCli({"runs", "list", "--db", db, "--json"});
                QVERIFY2(r.code == 0, r.err.constData());
                QVERIFY2(!r.err.contains("locked"), r.err.constData());
                hlcnn::ExperimentStore reader(db.toStdString());
                for (const auto& run : reader.runs()) reader.epochs(run.id);
                ++reads;
            }
            a.waitForFinished(50);
            b.waitForFinished(50);
        }
        for (QProcess* p : {&a, &b}) {
            const QByteArray err = p->readAllStandardError();
            QVERIFY2(p->exitStatus() == QProcess::NormalExit && p->exitCode() == 0, err.constData());
            QVERIFY2(!err.contains("locked") && !err.contains("could not record"), err.constData());
        }
        QVERIFY(reads > 3);
        hlcnn::ExperimentStore store(db.toStdString());
        const auto runs = store.runs();
        QCOMPARE(runs.size(), std::size_t(2));
        for (const auto& r : runs) {
            QCOMPARE(QString::fromStdString(r.state), QString("completed"));
            QCOMPARE(store.epochs(r.id).size(), std::size_t(6));
            QVERIFY(!store.steps(r.id).empty());
            QCOMPARE(store.artifacts(r.id).size(), std::size_t(2));   // last and best checkpoint
        }
        QCOMPARE(QString::fromStdString(store.integrityCheck()), QString("ok"));
    }

    void killedRunIsInterruptedAndResumesIntoTheSameRecord() {
        const QString db = dir_.path() + "/killed.sqlite";
        QProcess p;
        p.start(HLCNN_CLI, trainArgs(data_, db, dir_.path() + "/killed", 40, 3));
        QVERIFY(p.waitForStarted());
        // Wait for two epochs on record, then kill -9 in the middle of the next one.
        QVERIFY2(waitForEpochs(db, 1, 2), "no epochs recorded within 2 minutes");
        QTest::qWait(150);
        const qint64 pid = p.processId();  // 0 once the process ended: kill(0) would hit this whole process group
        QVERIFY2(pid > 0, qPrintable("the training ended before it could be killed: " + p.readAllStandardError()));
        ::kill(pid_t(pid), SIGKILL);
        QVERIFY(p.waitForFinished());
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);

        std::size_t kept = 0;
        {
            hlcnn::ExperimentStore store(db.toStdString());   // detects the dead process
            QCOMPARE(QString::fromStdString(store.integrityCheck()), QString("ok"));
            const auto run = store.run(1);
            QCOMPARE(QString::fromStdString(run.state), QString("interrupted"));
            kept = store.epochs(1).size();
            QVERIFY(kept >= 2 && kept < 40);
            const auto epochs = store.epochs(1);
            for (std::size_t i = 0; i < epochs.size(); ++i) QCOMPARE(epochs[i].epoch, int(i + 1));   // whole epochs only
        }
        const auto listed = runCli({"runs", "list", "--db", db, "--json"});
        QCOMPARE(listed.code, 0);
        QCOMPARE(QJsonDocument::fromJson(listed.out).array().at(0).toObject().value("state").toString(), QString("interrupted"));

        const auto resumed = runCli({"runs", "resume", "1", "--db", db, "--json"});
        QVERIFY2(resumed.code == 0, resumed.err.constData());
        hlcnn::ExperimentStore store(db.toStdString());
        QCOMPARE(store.runs().size(), std::size_t(1));            // the same record, no new run
        const auto run = store.run(1);
        QCOMPARE(QString::fromStdString(run.state), QString("completed"));
        const auto epochs = store.epochs(1);
        QCOMPARE(epochs.size(), std::size_t(40));
        for (std::size_t i = 0; i < epochs.size(); ++i) QCOMPARE(epochs[i].epoch, int(i + 1));
        // The resumed process printed only the epochs after the checkpoint.
        QVERIFY(resumed.out.count('\n') <= int(40 - kept) + 1);
        const auto again = runCli({"runs", "resume", "1", "--db", db});
        QCOMPARE(again.code, 2);
        QVERIFY(again.err.contains("already completed"));
    }

    void interruptSignalCancelsTheRunNotFailsIt() {
        const QString db = dir_.path() + "/sigint.sqlite";
        QProcess p;
        p.start(HLCNN_CLI, trainArgs(data_, db, dir_.path() + "/sigint", 40, 4));
        QVERIFY(p.waitForStarted());
        QVERIFY2(waitForEpochs(db, 1, 1), "no epoch recorded within 2 minutes");
        const qint64 pid = p.processId();  // 0 once the process ended: kill(0) would hit this whole process group
        QVERIFY2(pid > 0, "the training ended before it could be interrupted");
        ::kill(pid_t(pid), SIGINT);   // Ctrl-C
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        hlcnn::ExperimentStore store(db.toStdString());
        QCOMPARE(QString::fromStdString(store.run(1).state), QString("cancelled"));
        QVERIFY(store.epochs(1).size() < 40);
        QVERIFY(!store.run(1).finishedAt.empty());
    }

    // SIGTERM within the first epoch: the run ends cancelled with a checkpoint at that batch boundary,
    // recorded for the run, and `runs resume` continues from the next step: every step's loss and
    // learning rate and every epoch's figures equal those of the same run never stopped.
    void sigtermMidEpochThenResumeMatchesAStraightRun() {
        const QString data = dir_.path() + "/cifar-long";
        QVERIFY(hlcnn::test::writeTinyCifar(data, 320));   // 1600 images: 100 steps an epoch
        const QString straightDb = dir_.path() + "/straight.sqlite", stoppedDb = dir_.path() + "/stopped.sqlite";
        const auto straight = runCli(trainArgs(data, straightDb, dir_.path() + "/straight", 2, 5));
        QVERIFY2(straight.code == 0, straight.err.constData());

        QProcess p;
        p.start(HLCNN_CLI, trainArgs(data, stoppedDb, dir_.path() + "/stopped", 2, 5));
        QVERIFY(p.waitForStarted());
        QElapsedTimer t;
        t.start();
        const auto recordedSteps = [&] {
            try {
                return hlcnn::ExperimentStore(stoppedDb.toStdString(), false).steps(1).size();
            } catch (const std::exception&) {
                return std::size_t(0);
            }
        };
        while (recordedSteps() == 0 && t.elapsed() < 120000) QTest::qWait(20);   // steps are written every 2 s
        QVERIFY2(recordedEpochs(stoppedDb, 1) == 0, "the first epoch ended before the stop; the machine is too fast for this test's data");
        const qint64 pid = p.processId();
        QVERIFY2(pid > 0, "the training ended before it could be stopped");
        ::kill(pid_t(pid), SIGTERM);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        std::int64_t stoppedAt = 0;
        {
            hlcnn::ExperimentStore store(stoppedDb.toStdString());
            const auto run = store.run(1);
            QCOMPARE(QString::fromStdString(run.state), QString("cancelled"));
            QVERIFY2(QString::fromStdString(run.message).contains("resume continues"), run.message.c_str());
            const hlcnn::CheckpointInfo info = hlcnn::readCheckpointInfo(run.checkpointDir + "/last.ckpt");
            QCOMPARE(info.epoch, 0);
            QVERIFY(info.partial.batches > 0 && info.partial.batches < 100);
            stoppedAt = info.partial.step;
            QCOMPARE(store.artifacts(1).size(), std::size_t(1));   // last.ckpt, recorded; no best yet
            QCOMPARE(std::int64_t(store.steps(1).size()), stoppedAt);
        }
        const auto resumed = runCli({"runs", "resume", "1", "--db", stoppedDb});
        QVERIFY2(resumed.code == 0, resumed.err.constData());
        QVERIFY2(resumed.out.contains(QByteArray("at step ") + QByteArray::number(qlonglong(stoppedAt + 1)) + " of epoch 1"), resumed.out.constData());

        hlcnn::ExperimentStore a(straightDb.toStdString()), b(stoppedDb.toStdString());
        QCOMPARE(QString::fromStdString(b.run(1).state), QString("completed"));
        const auto stepsA = a.steps(1), stepsB = b.steps(1);
        QCOMPARE(stepsB.size(), stepsA.size());
        for (std::size_t i = 0; i < stepsA.size(); ++i) {
            QCOMPARE(stepsB[i].step, stepsA[i].step);
            QVERIFY2(stepsB[i].loss == stepsA[i].loss, qPrintable(QString("step %1: %2 vs %3").arg(stepsA[i].step).arg(stepsB[i].loss).arg(stepsA[i].loss)));
            QCOMPARE(stepsB[i].lr, stepsA[i].lr);
        }
        const auto epochsA = a.epochs(1), epochsB = b.epochs(1);
        QCOMPARE(epochsB.size(), std::size_t(2));
        for (std::size_t e = 0; e < 2; ++e) {
            QCOMPARE(epochsB[e].trainLoss, epochsA[e].trainLoss);
            QCOMPARE(epochsB[e].trainTop1, epochsA[e].trainTop1);
            QCOMPARE(epochsB[e].val.loss, epochsA[e].val.loss);
            QCOMPARE(epochsB[e].val.top1, epochsA[e].val.top1);
        }
    }

    // A resume continues only from the checkpoint recorded for the run: one replaced by another
    // model's, or altered by a byte, is refused with one line and the database stays as it was.
    void resumeRefusesAForeignCheckpoint() {
        const QString db = dir_.path() + "/foreign.sqlite", out = dir_.path() + "/foreign";
        QProcess p;
        p.start(HLCNN_CLI, trainArgs(data_, db, out, 40, 5));
        QVERIFY(p.waitForStarted());
        QVERIFY2(waitForEpochs(db, 1, 1), "no epoch recorded within 2 minutes");
        const qint64 pid = p.processId();
        QVERIFY2(pid > 0, "the training ended before it could be interrupted");
        ::kill(pid_t(pid), SIGINT);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 130);
        const QString ckpt = out + "/last.ckpt", saved = dir_.path() + "/foreign-original.ckpt";
        QVERIFY(QFile::copy(ckpt, saved));
        // another model's checkpoint in its place
        const auto other = runCli({"train", "--model", "hlcnn_s", "--width", "0.5", "--data", "cifar10:" + data_, "--epochs", "1",
                                   "--batch", "16", "--threads", "1", "--no-db", "--out", dir_.path() + "/other"});
        QVERIFY2(other.code == 0, other.err.constData());
        QVERIFY(QFile::remove(ckpt) && QFile::copy(dir_.path() + "/other/last.ckpt", ckpt));
        const QByteArray dbBefore = fileHash(db);
        auto resumed = runCli({"runs", "resume", "1", "--db", db});
        QCOMPARE(resumed.code, 2);
        QVERIFY2(resumed.err.contains("is not the checkpoint recorded for it") && resumed.err.count('\n') == 1, resumed.err.constData());
        QCOMPARE(fileHash(db), dbBefore);
        // the original with one byte more
        QVERIFY(QFile::remove(ckpt) && QFile::copy(saved, ckpt));
        {
            QFile f(ckpt);
            QVERIFY(f.open(QIODevice::Append));
            f.write("x", 1);
        }
        resumed = runCli({"runs", "resume", "1", "--db", db});
        QCOMPARE(resumed.code, 2);
        QVERIFY2(resumed.err.contains("is not the checkpoint recorded for it"), resumed.err.constData());
        QCOMPARE(fileHash(db), dbBefore);
        // the recorded file itself resumes
        QVERIFY(QFile::remove(ckpt) && QFile::copy(saved, ckpt));
        resumed = runCli({"runs", "resume", "1", "--db", db, "--json"});
        QVERIFY2(resumed.code == 0, resumed.err.constData());
        hlcnn::ExperimentStore store(db.toStdString());
        QCOMPARE(QString::fromStdString(store.run(1).state), QString("completed"));
        QCOMPARE(store.epochs(1).size(), std::size_t(40));
    }

    void olderSchemaIsMigratedByTheCli() {
        const QString db = dir_.path() + "/v1.sqlite";
        hlcnn::ExperimentStore::createAtVersion(db.toStdString(), 1);
        {
            hlcnn::sql::Database raw(db.toStdString(), false);
            raw.exec("INSERT INTO runs (project_id, name, model, graph_json, graph_hash, dataset_spec, dataset_hash, config_json, "
                     "seed, program_version, torch_version, host, pid, state, epochs_planned, params, macs) VALUES "
                     "(1, 'from v1', 'hlcnn_s', '{}', 'g', 'cifar10:/d', 'h', '{}', 1, '0.0.1', '1.13.1', 'old-host', 1, "
                     "'completed', 1, 10, 20)");
        }
        const auto r = runCli({"runs", "list", "--db", db, "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(QJsonDocument::fromJson(r.out).array().at(0).toObject().value("name").toString(), QString("from v1"));
        hlcnn::sql::Database raw(db.toStdString(), false);
        auto v = raw.prepare("PRAGMA user_version");
        QVERIFY(v.step());
        QCOMPARE(int(v.integer(0)), hlcnn::ExperimentStore::schemaVersion());
    }

    void foreignFileAsDbIsRefusedUntouched_data() {
        QTest::addColumn<QStringList>("command");
        QTest::newRow("runs list") << QStringList{"runs", "list"};
        QTest::newRow("report") << QStringList{"report", "paper", "--dataset", "cifar10:/x"};
        QTest::newRow("train") << QStringList{"train", "--model", "hlcnn_s", "--width", "0.25", "--epochs", "1"};
    }
    void foreignFileAsDbIsRefusedUntouched() {
        QFETCH(QStringList, command);
        const QString db = dir_.path() + "/notes.txt";
        {
            QFile f(db);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write("my lab notes, not a database\n");
        }
        const QByteArray before = fileHash(db);
        QStringList args = command;
        args << "--db" << db;
        if (command.first() == "train") args << "--data" << "cifar10:" + data_;
        const auto r = runCli(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("not an experiment database"), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
        QCOMPARE(fileHash(db), before);
        QVERIFY(!QFile::exists(db + "-wal") && !QFile::exists(db + "-shm"));
    }

    void recordedRunReachesCompareAndExports() {
        const QString db = dir_.path() + "/report.sqlite";
        for (int seed : {1, 2}) {
            const auto r = runCli(trainArgs(data_, db, dir_.path() + "/rep" + QString::number(seed), 3, seed));
            QVERIFY2(r.code == 0, r.err.constData());
        }
        QCOMPARE(runCli({"runs", "tag", "1", "paper", "--db", db}).code, 0);
        QCOMPARE(runCli({"runs", "rename", "2", "second seed", "--db", db}).code, 0);
        const auto byProject = runCli({"runs", "list", "--db", db, "--project", "default", "--json"});
        QCOMPARE(QJsonDocument::fromJson(byProject.out).array().size(), 2);
        QCOMPARE(QJsonDocument::fromJson(runCli({"runs", "list", "--db", db, "--project", "other", "--json"}).out).array().size(), 0);
        {
            hlcnn::ExperimentStore store(db.toStdString());
            const auto profiles = store.profiles(1);   // the analytic profile recorded with the run
            QVERIFY(!profiles.empty());
            QCOMPARE(QString::fromStdString(profiles.front().kind), QString("analytic"));
            QCOMPARE(*profiles.front().params, store.run(1).params);
        }
        const auto shown = runCli({"runs", "show", "1", "--db", db, "--json"});
        QCOMPARE(shown.code, 0);
        const QJsonObject run = QJsonDocument::fromJson(shown.out).object();
        QCOMPARE(run.value("epochs").toArray().size(), 3);
        QCOMPARE(run.value("tags").toArray().at(0).toString(), QString("paper"));
        const double lastTop1 = run.value("epochs").toArray().at(2).toObject().value("val_top1").toDouble();

        const auto compared = runCli({"runs", "compare", "1", "2", "--db", db, "--json"});
        QCOMPARE(compared.code, 0);
        const QJsonObject c = QJsonDocument::fromJson(compared.out).object();
        QCOMPARE(c.value("runs").toArray().size(), 2);
        QCOMPARE(c.value("runs").toArray().at(0).toObject().value("last_val_top1").toDouble(), lastTop1);
        QCOMPARE(c.value("seed_groups").toArray().size(), 1);        // seeds 1 and 2 of one configuration
        const auto text = runCli({"runs", "compare", "1", "2", "--db", db});
        QVERIFY(text.out.contains("differ only by seed") && text.out.contains("second seed"));

        const QString csv = dir_.path() + "/runs.csv";
        QCOMPARE(runCli({"runs", "export", "1", "2", "--db", db, "--format", "csv", "--output", csv}).code, 0);
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        const QByteArray csvText = csvFile.readAll();
        QVERIFY(csvText.startsWith("Run,Name,Model,State,Seed,Best top-1 %"));
        QCOMPARE(csvText.count('\n'), 3);
        QVERIFY(csvText.contains(QByteArray::number(lastTop1, 'f', 2)));
        const auto latex = runCli({"runs", "export", "1", "2", "--db", db, "--format", "latex"});
        QVERIFY(latex.out.contains("\\toprule") && latex.out.contains("\\bottomrule") && latex.out.contains("hlcnn\\_s"));
        const auto curves = runCli({"runs", "export", "1", "2", "--db", db, "--curves"});
        QCOMPARE(curves.out.count('\n'), 4);   // header + 3 epochs

        const auto report = runCli({"report", "paper", "--db", db, "--dataset", "cifar10:" + data_});
        QCOMPARE(report.code, 0);
        QVERIFY(report.out.contains("#1") || report.out.contains("#2"));
        QVERIFY(report.out.contains("93.4") && report.out.contains("568.74"));

        // Deleting needs --yes; with it the checkpoint files go too.
        const auto refused = runCli({"runs", "delete", "2", "--db", db});
        QCOMPARE(refused.code, 2);
        QVERIFY(QFile::exists(dir_.path() + "/rep2/last.ckpt"));
        QCOMPARE(runCli({"runs", "delete", "2", "--db", db, "--yes"}).code, 0);
        QVERIFY(!QFile::exists(dir_.path() + "/rep2/last.ckpt"));
        QCOMPARE(runCli({"runs", "show", "2", "--db", db}).code, 2);
    }
};

QTEST_GUILESS_MAIN(RunsCli)
#include "tst_runs_cli.moc"
