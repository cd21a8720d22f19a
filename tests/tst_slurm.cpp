// A sweep on a real one-node Slurm cluster started for the test (munged, slurmctld, slurmd from
// Debian's packages; tests/support/local_slurm.sh): submitted as one job array through sbatch,
// followed through squeue, its task stores imported (twice: the second changes nothing), and the
// grid shown with mean +/- std recomputed from the imported epochs.
#include "support/cli_process.h"

#include "hlcnn/experiments/experiment_store.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

#include <cmath>

using namespace hlcnn;
using hlcnn::test::CliResult;
using hlcnn::test::runCli;

class TestSlurm : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString cluster_, data_;
    bool started_ = false;

    static QString script() { return QString(HLCNN_TEST_SUPPORT) + "/local_slurm.sh"; }

private Q_SLOTS:
    void initTestCase() {
        if (::getuid() != 0) QSKIP("a local Slurm cluster needs root (slurmd starts jobs as their user)");
        cluster_ = dir_.filePath("cluster");
        QProcess start;
        start.start("bash", {script(), "start", cluster_});
        QVERIFY(start.waitForFinished(60000));
        const QByteArray out = start.readAllStandardOutput().trimmed(), err = start.readAllStandardError().trimmed();
        QVERIFY2(start.exitCode() == 0, ("the local Slurm cluster did not start: " + err).constData());
        started_ = true;
        QVERIFY(out.startsWith("SLURM_CONF="));
        qputenv("SLURM_CONF", out.mid(int(strlen("SLURM_CONF="))));  // every sbatch/squeue the CLI runs reads it
        data_ = dir_.filePath("cifar");
        QVERIFY(hlcnn::test::writeTinyCifar(data_, 20, 30));
    }

    void cleanupTestCase() {
        if (!started_) return;
        QProcess stop;
        stop.start("bash", {script(), "stop", cluster_});
        stop.waitForFinished(60000);
    }

    void sweepAsJobArray() {
        const QString db = dir_.filePath("main.sqlite"), folder = dir_.filePath("sweep");
        CliResult r = runCli({"sweep", "submit", "--grid", "attention=se,eca;fusion=learnable,add,none", "--seeds", "2", "--model",
                              "hlcnn_s", "--width", "0.25", "--data", "cifar10:" + data_, "--epochs", "2", "--batch", "25", "--workers",
                              "1", "--folder", folder, "--db", db, "--name", "ablation", "--time", "10", "--cpus-per-task", "1"});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.out.contains("12 runs submitted as Slurm job"), r.out.constData());
        std::int64_t sweepId = 0;
        QString job;
        {
            ExperimentStore store(db.toStdString(), false);
            QCOMPARE(int(store.sweeps().size()), 1);
            sweepId = store.sweeps()[0].id;
            job = QString::fromStdString(store.sweeps()[0].slurmJob);
            QCOMPARE(QString::fromStdString(store.sweeps()[0].scheduler), QString("slurm"));
            QVERIFY(!job.isEmpty());
            QVERIFY(store.runs().empty());  // the runs live in the task stores until imported
        }
        // The generated script is what sbatch ran: an array of twelve, one cpu each.
        QFile sbatch(folder + "/sweep.sbatch");
        QVERIFY(sbatch.open(QIODevice::ReadOnly));
        const QByteArray text = sbatch.readAll();
        QVERIFY(text.contains("#SBATCH --array=0-11") && text.contains("#SBATCH --cpus-per-task=1") && text.contains("#SBATCH --time=10"));
        // Follow it until every task's run completed; squeue must have seen the array.
        bool sawQueue = false;
        QElapsedTimer t;
        t.start();
        QJsonArray tasks;
        while (t.elapsed() < 600000) {
            r = runCli({"sweep", "status", QString::number(sweepId), "--db", db, "--json"});
            QVERIFY2(r.code == 0, r.err.constData());
            tasks = QJsonDocument::fromJson(r.out).object()["tasks"].toArray();
            QCOMPARE(tasks.size(), 12);
            int done = 0;
            for (const QJsonValue& v : tasks) {
                const QJsonObject o = v.toObject();
                done += o["run"].toString() == "completed";
                sawQueue = sawQueue || o["slurm"].toString() == "PENDING" || o["slurm"].toString() == "RUNNING";
                QVERIFY2(o["run"].toString() != "failed", qPrintable("task failed: " + QJsonDocument(o).toJson()));
            }
            if (done == 12) break;
            QTest::qWait(1000);
        }
        QVERIFY2(t.elapsed() < 600000, "the array did not finish in 10 minutes");
        QVERIFY(sawQueue);
        for (int i = 0; i < 12; ++i) QVERIFY(QFile::exists(folder + QString("/logs/task-%1.out").arg(i)));

        r = runCli({"runs", "import", folder + "/stores", "--db", db, "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(QJsonDocument::fromJson(r.out).object()["imported"].toInt(), 12);
        r = runCli({"runs", "import", folder + "/stores", "--db", db, "--json"});
        QCOMPARE(r.code, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out).object()["imported"].toInt(), 0);
        QCOMPARE(QJsonDocument::fromJson(r.out).object()["already_present"].toInt(), 12);

        r = runCli({"sweep", "show", QString::number(sweepId), "--db", db, "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonArray cells = QJsonDocument::fromJson(r.out).object()["cells"].toArray();
        QCOMPARE(cells.size(), 6);
        ExperimentStore store(db.toStdString(), false);
        for (const QJsonValue& v : cells) {
            const QJsonObject c = v.toObject();
            QCOMPARE(c["completed"].toInt(), 2);
            std::vector<double> best;
            for (const QJsonValue& id : c["runs"].toArray()) {
                double b = -1;
                for (const EpochMetrics& e : store.epochs(id.toInteger())) b = std::max(b, e.val.top1);
                QCOMPARE(int(store.epochs(id.toInteger()).size()), 2);
                best.push_back(b);
            }
            QVERIFY(std::fabs(c["mean_top1"].toDouble() - (best[0] + best[1]) / 2) < 1e-9);
            QVERIFY(std::fabs(c["std_top1"].toDouble() - std::fabs(best[0] - best[1]) / std::sqrt(2.0)) < 1e-9);
        }
    }

    // sbatch's own refusal (an unknown partition) is one line, and nothing is left behind.
    void refusedSubmission() {
        const QString db = dir_.filePath("refused.sqlite"), folder = dir_.filePath("refused");
        const CliResult r = runCli({"sweep", "submit", "--grid", "lr=0.1,0.2", "--model", "hlcnn_s", "--data", "cifar10:" + data_,
                                    "--folder", folder, "--db", db, "--partition", "nosuchpartition"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.startsWith("hlcnn: sbatch refused the sweep: ") && r.err.contains("partition"), r.err.constData());
        QCOMPARE(int(r.err.trimmed().split('\n').size()), 1);
        QVERIFY(!QFile::exists(folder));
        ExperimentStore store(db.toStdString(), false);
        QVERIFY(store.sweeps().empty());
    }
};

QTEST_GUILESS_MAIN(TestSlurm)
#include "tst_slurm.moc"
