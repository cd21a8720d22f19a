// The experiment store in one process: schema and migrations, refusing foreign files, run
// bookkeeping, interrupted-run detection, comparison (seed groups, Pareto front), exports and
// the paper report.
#include "hlcnn/core/graph_json.h"
#include "hlcnn/core/profiler.h"
#include "hlcnn/experiments/experiment_store.h"
#include "hlcnn/experiments/paper_report.h"
#include "hlcnn/experiments/run_comparison.h"
#include "hlcnn/experiments/run_recorder.h"
#include "hlcnn/experiments/sqlite.h"
#include "hlcnn/models/zoo.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

using namespace hlcnn;

namespace {

RunRecord sampleRun(const std::string& model, std::int64_t seed, double width = 1.0) {
    models::ModelOptions o;
    o.stem = models::Stem::Cifar;
    o.classes = 10;
    o.width = width;
    const Graph g = models::buildModel(model, o);
    RunRecord r;
    r.name = model + " seed " + std::to_string(seed);
    r.model = model;
    r.graphJson = graphToJson(g, -1);
    r.graphHash = graphHash(g);
    r.datasetSpec = "cifar10:/data/cifar";
    r.datasetHash = "d1";
    TrainConfig c;
    c.seed = std::uint64_t(seed);
    c.epochs = 3;
    r.configJson = trainConfigJson(c);
    r.seed = seed;
    r.programVersion = "test";
    r.torchVersion = "test";
    r.host = "elsewhere";   // not this host: never marked interrupted by the liveness check
    r.state = "running";
    r.epochsPlanned = 3;
    const auto p = profileGraph(g);
    r.params = p.total.params;
    r.macs = p.total.macs;
    return r;
}

EpochMetrics epoch(int n, double top1) {
    EpochMetrics m;
    m.epoch = n;
    m.trainLoss = 2.0 / n;
    m.trainTop1 = top1 - 5;
    m.val.loss = 2.2 / n;
    m.val.top1 = top1;
    m.val.top5 = 99;
    m.val.perClass = std::vector<double>(10, top1);
    m.val.confusion = std::vector<std::int64_t>(100, 1);
    m.seconds = 10;
    return m;
}

QByteArray fileHash(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

}  // namespace

class ExperimentStoreTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    std::string path(const char* name) const { return (dir_.path() + "/" + name).toStdString(); }

private Q_SLOTS:
    void createsAVersionedWalDatabase() {
        ExperimentStore store(path("new.sqlite"));
        QCOMPARE(store.fileSchemaVersion(), ExperimentStore::schemaVersion());
        QCOMPARE(QString::fromStdString(store.integrityCheck()), QString("ok"));
        sql::Database raw(path("new.sqlite"), false);
        auto mode = raw.prepare("PRAGMA journal_mode");
        QVERIFY(mode.step());
        QCOMPARE(QString::fromStdString(mode.text(0)), QString("wal"));
    }

    void migratesAnOlderSchemaKeepingItsRuns() {
        const std::string file = path("v1.sqlite");
        ExperimentStore::createAtVersion(file, 1);
        {
            sql::Database raw(file, false);
            raw.exec("INSERT INTO runs (project_id, name, model, graph_json, graph_hash, dataset_spec, dataset_hash, config_json, "
                     "seed, program_version, torch_version, host, pid, state, epochs_planned, params, macs) VALUES "
                     "(1, 'old run', 'hlcnn_s', '{}', 'g', 'cifar10:/d', 'h', '{}', 7, '0.0.1', '1.13.1', 'elsewhere', 1, "
                     "'completed', 2, 100, 200)");
            raw.exec("INSERT INTO epoch_metrics (run_id, epoch, val_top1) VALUES (1, 1, 41.5)");
        }
        ExperimentStore store(file);
        QCOMPARE(store.fileSchemaVersion(), ExperimentStore::schemaVersion());
        const RunRecord r = store.run(1);
        QCOMPARE(QString::fromStdString(r.name), QString("old run"));
        QCOMPARE(r.seed, 7);
        QVERIFY(r.notes.empty() && r.tags.empty());
        QCOMPARE(store.epochs(1).at(0).val.top1, 41.5);
        store.addTags(1, {"migrated"});               // a version-2 table works on the migrated file
        QCOMPARE(store.run(1).tags, std::vector<std::string>{"migrated"});
    }

    void refusesForeignFilesAndLeavesThemUntouched_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        QTest::newRow("text") << QByteArray("run,accuracy\n1,93.4\n") << "not an experiment database";
        QTest::newRow("binary") << QByteArray(4096, '\x7f') << "not an experiment database";
        QTest::newRow("truncated header") << QByteArray("SQLite format") << "not an experiment database";
    }
    void refusesForeignFilesAndLeavesThemUntouched() {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        const QString file = dir_.path() + "/foreign-" + QString::number(qHash(content));
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        }
        const QByteArray before = fileHash(file);
        try {
            ExperimentStore store(file.toStdString());
            QFAIL("a foreign file was accepted");
        } catch (const StoreError& e) {
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
        QCOMPARE(fileHash(file), before);
        QVERIFY(!QFile::exists(file + "-wal"));
    }

    void refusesAnotherApplicationsSqliteDatabase() {
        const std::string file = path("other-app.sqlite");
        {
            sql::Database raw(file, true);
            raw.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
        }
        const QByteArray before = fileHash(QString::fromStdString(file));
        QVERIFY_THROWS_EXCEPTION(StoreError, ExperimentStore store(file));
        QCOMPARE(fileHash(QString::fromStdString(file)), before);
    }

    void refusesANewerSchema() {
        const std::string file = path("newer.sqlite");
        { ExperimentStore store(file); }
        { sql::Database(file, false).exec("PRAGMA user_version = 99"); }
        try {
            ExperimentStore store(file);
            QFAIL("a newer schema was accepted");
        } catch (const StoreError& e) {
            QVERIFY2(QString(e.what()).contains("newer"), e.what());
        }
    }

    void recordsRenamesTagsAndDeletes() {
        ExperimentStore store(path("crud.sqlite"));
        RunRecord r = sampleRun("hlcnn_s", 1, 0.25);
        r.tags = {"baseline"};
        const auto id = store.createRun(r);
        store.recordEpoch(id, epoch(1, 40), {{1, 1, 5, 2.3, 0.001, 100, 0}, {1, 2, 5, 2.1, 0.001, 100, 0}}, {});
        store.recordEpoch(id, epoch(2, 55), {}, {});
        QCOMPARE(store.epochs(id).size(), std::size_t(2));
        QCOMPARE(store.epochs(id)[1].val.confusion.size(), std::size_t(100));
        QCOMPARE(store.steps(id).size(), std::size_t(2));
        store.rename(id, "renamed");
        store.setNotes(id, "lr too high?");
        store.addTags(id, {"paper", "cifar"});
        store.removeTags(id, {"baseline"});
        const RunRecord back = store.run(id);
        QCOMPARE(QString::fromStdString(back.name), QString("renamed"));
        QCOMPARE(QString::fromStdString(back.notes), QString("lr too high?"));
        QCOMPARE(back.tags, (std::vector<std::string>{"cifar", "paper"}));
        QCOMPARE(store.runs({"", "paper", ""}).size(), std::size_t(1));
        QCOMPARE(store.runs({"", "baseline", ""}).size(), std::size_t(0));
        QVERIFY_THROWS_EXCEPTION(StoreError, store.addTags(id, {"two words"}));
        QVERIFY_THROWS_EXCEPTION(StoreError, store.deleteRun(id));   // still running
        store.setState(id, "completed", "done");
        QVERIFY(!store.run(id).finishedAt.empty());
        store.deleteRun(id);
        QVERIFY(!store.hasRun(id));
        QVERIFY(store.epochs(id).empty() && store.steps(id).empty());
        QVERIFY_THROWS_EXCEPTION(StoreError, store.run(id));
    }

    // A live view reads only what is new since its last read; step times survive the round trip.
    void readsStepsAndEpochsIncrementally() {
        ExperimentStore store(path("incremental.sqlite"));
        const auto id = store.createRun(sampleRun("hlcnn_s", 1, 0.25));
        std::vector<StepMetrics> steps;
        for (int i = 1; i <= 5; ++i) {
            StepMetrics s{1, i, 5, 2.0 - 0.1 * i, 1e-3, 100, 0};
            s.unixTime = 1.7e9 + i * 0.5;
            steps.push_back(s);
        }
        store.recordSteps(id, steps);
        store.recordEpoch(id, epoch(1, 40), {}, {});
        store.recordEpoch(id, epoch(2, 50), {}, {});
        const auto later = store.steps(id, 3);
        QCOMPARE(later.size(), std::size_t(2));
        QCOMPARE(later[0].step, std::int64_t(4));
        QCOMPARE(later[1].unixTime, 1.7e9 + 2.5);
        QVERIFY(store.steps(id, 5).empty());
        const auto newer = store.epochs(id, 1);
        QCOMPARE(newer.size(), std::size_t(1));
        QCOMPARE(newer[0].val.top1, 50.0);
    }

    void marksRunsOfDeadLocalProcessesInterrupted() {
        const std::string file = path("interrupted.sqlite");
        std::int64_t dead = 0, alive = 0;
        {
            ExperimentStore store(file);
            RunRecord r = sampleRun("hlcnn_s", 1, 0.25);
            char host[256] = {};
            gethostname(host, sizeof host - 1);
            r.host = host;
            r.pid = 999999999;            // no such process
            r.processStart = 12345;
            dead = store.createRun(r);
            alive = store.createRun(r);
            store.claimRun(alive);        // this process: alive
        }
        ExperimentStore reopened(file);
        QCOMPARE(QString::fromStdString(reopened.run(dead).state), QString("interrupted"));
        QVERIFY(QString::fromStdString(reopened.run(dead).message).contains("ended without finishing"));
        QCOMPARE(QString::fromStdString(reopened.run(alive).state), QString("running"));
    }

    void comparesGroupsSeedsAndFindsTheParetoFront() {
        ExperimentStore store(path("compare.sqlite"));
        // Two seeds of one configuration, a cheaper weaker model and a costlier weaker one.
        const auto a1 = store.createRun(sampleRun("hlcnn_s", 1, 0.5));
        const auto a2 = store.createRun(sampleRun("hlcnn_s", 2, 0.5));
        const auto small = store.createRun(sampleRun("hlcnn_s", 1, 0.25));
        const auto big = store.createRun(sampleRun("mobilenet_v2", 1));
        store.recordEpoch(a1, epoch(1, 70), {}, {});
        store.recordEpoch(a1, epoch(2, 80), {}, {});
        store.recordEpoch(a1, epoch(3, 78), {}, {});    // last below best: both shown
        store.recordEpoch(a2, epoch(1, 72), {}, {});
        store.recordEpoch(a2, epoch(2, 82), {}, {});
        store.recordEpoch(small, epoch(1, 60), {}, {});
        store.recordEpoch(big, epoch(1, 75), {}, {});
        std::vector<RunSummary> runs;
        for (auto id : {a1, a2, small, big}) runs.push_back(summarizeRun(store, id));
        QCOMPARE(*runs[0].bestTop1, 80.0);
        QCOMPARE(runs[0].bestEpoch, 2);
        QCOMPARE(*runs[0].lastTop1, 78.0);
        QCOMPARE(runs[0].trainingSeconds, 30.0);

        const auto groups = groupBySeed(runs);
        QCOMPARE(groups.size(), std::size_t(3));
        QCOMPARE(groups[0].members, (std::vector<std::size_t>{0, 1}));
        const Table seeds = seedGroupTable(runs, groups);
        QCOMPARE(QString::fromStdString(seeds.rows[0][4]), QString("81.00 ± 1.41"));   // best: 80, 82

        const auto front = paretoFront(runs, CostAxis::Macs);
        QVERIFY(runs[2].run.macs < runs[0].run.macs && runs[0].run.macs < runs[3].run.macs);
        QCOMPARE(front[0], std::optional<bool>(false));   // a2: same MACs, more accurate
        QCOMPARE(front[1], std::optional<bool>(true));
        QCOMPARE(front[2], std::optional<bool>(true));    // cheapest
        QCOMPARE(front[3], std::optional<bool>(false));   // costlier and less accurate than a2
        QCOMPARE(paretoFront(runs, CostAxis::Latency)[0], std::optional<bool>());  // nothing measured

        ProfileRecord p;
        p.runId = small;
        p.graphHash = runs[2].run.graphHash;
        p.kind = "measured";
        p.latencyMsMedian = 1.5;
        p.device = "cpu";
        store.addProfile(p);
        QCOMPARE(*summarizeRun(store, small).latencyMs, 1.5);
        // An int8 profile and a slower fp32 runtime: the latency stays the fastest fp32 one, and the
        // int8 figures sit in their own columns.
        for (auto [runtime, ms] : {std::pair{"script", 2.5}, std::pair{"int8", 0.75}}) {
            p.runtime = runtime;
            p.precision = std::string(runtime) == "int8" ? "int8" : "fp32";
            p.latencyMsMedian = ms;
            store.addProfile(p);
        }
        const RunSummary withInt8 = summarizeRun(store, small);
        QCOMPARE(*withInt8.latencyMs, 1.5);
        QCOMPARE(withInt8.latencyRuntime, std::string("eager"));
        QCOMPARE(*withInt8.int8LatencyMs, 0.75);
        const Table compared = comparisonTable({runs[0], withInt8}, CostAxis::Latency);
        const auto column = std::find(compared.header.begin(), compared.header.end(), "int8 latency (ms)") - compared.header.begin();
        QVERIFY(column < std::ptrdiff_t(compared.header.size()));
        QCOMPARE(compared.rows[1][std::size_t(column)], std::string("0.75"));
        QCOMPARE(compared.rows[0][std::size_t(column)], std::string("-"));

        const std::string latex = renderTable(comparisonTable(runs, CostAxis::Macs), TableFormat::Latex);
        QVERIFY(latex.find("\\toprule") != std::string::npos && latex.find("dominated") != std::string::npos);
        QVERIFY(renderTable(seeds, TableFormat::Latex).find("$\\pm$") != std::string::npos);
        const std::string csv = curvesCsv(runs);
        QVERIFY(csv.rfind("epoch,run1_train_loss,run1_val_loss,run1_val_top1,run2_", 0) == 0);
        QVERIFY(csv.find("\n3,") != std::string::npos);    // aligned to the longest run
        QVERIFY(csv.find(",,,") != std::string::npos);     // shorter runs leave blanks
    }

    void paperReportNamesTheRunBehindEachCell() {
        ExperimentStore store(path("paper.sqlite"));
        const auto weak = store.createRun(sampleRun("hlcnn_s", 1, 0.25));
        const auto strong = store.createRun(sampleRun("hlcnn_s", 2, 0.5));
        const auto other = store.createRun([] {
            RunRecord r = sampleRun("mobilenet_v2", 1);
            r.datasetSpec = "cifar10:/elsewhere";
            return r;
        }());
        for (auto [id, acc] : {std::pair{weak, 70.0}, std::pair{strong, 85.5}, std::pair{other, 99.0}}) {
            store.recordEpoch(id, epoch(1, acc), {}, {});
            store.setState(id, "completed");
        }
        const PaperReport report = paperReport(store, "cifar10:/data/cifar/");
        const auto& hl = report.table1.rows[3];
        QCOMPARE(QString::fromStdString(hl[0]), QString("HL-CNN"));
        QCOMPARE(QString::fromStdString(hl[1]), QString("85.50"));
        QCOMPARE(QString::fromStdString(hl[2]), QString("#%1").arg(strong));
        QCOMPARE(QString::fromStdString(hl[5]), QString("93.4"));
        QCOMPARE(QString::fromStdString(hl[6]), QString("-7.90"));
        QCOMPARE(QString::fromStdString(report.table1.rows[0][1]), QString("-"));   // MobileNet: other data only
        // Table II: exact profiler figures for the paper's models.
        QCOMPARE(QString::fromStdString(report.table2.rows[0][3]), QString("568.74"));
        QCOMPARE(QString::fromStdString(report.table2.rows[1][3]), QString("524.05"));
        QCOMPARE(QString::fromStdString(report.table2.rows[2][3]), QString("832.67"));
        QCOMPARE(QString::fromStdString(report.table2.rows[3][6]), QString("#%1").arg(strong));
    }
};

QTEST_GUILESS_MAIN(ExperimentStoreTest)
#include "tst_experiment_store.moc"
