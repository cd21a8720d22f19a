// Sweeps: grid expansion and its checks, the HL-CNN block choices against a hand count of the
// graph, a 2 x 3 x 2-seed sweep through the CLI's local queue, and merging stores (idempotent,
// unfinished runs reported, the input never written).
#include "support/cli_process.h"
#include "support/stored_runs.h"

#include "hlcnn/core/analysis.h"
#include "hlcnn/core/profiler.h"
#include "hlcnn/experiments/experiment_store.h"
#include "hlcnn/experiments/run_recorder.h"
#include "hlcnn/experiments/sweep.h"
#include "hlcnn/models/zoo.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <set>

using namespace hlcnn;
using hlcnn::test::CliResult;
using hlcnn::test::runCli;

namespace {

QByteArray fileHash(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

int countOp(const Graph& g, const std::string& op) {
    int n = 0;
    for (const Node& node : g.nodes) n += node.op == op;
    return n;
}

std::int64_t addRun(ExperimentStore& s, const std::string& state, const std::vector<double>& top1, std::int64_t sweep = 0,
                    const std::string& point = {}) {
    return hlcnn::test::recordRunWithTop1(s, state, top1, sweep, point);
}

}  // namespace

class TestSweep : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;

private Q_SLOTS:
    void expansion() {
        SweepSpec spec;
        spec.base = {{"model", "hlcnn_s"}};
        spec.grid = {{"attention", {"se", "eca"}}, {"fusion", {"learnable", "add", "none"}}};
        spec.seeds = 2;
        const auto points = expandSweep(spec);
        QCOMPARE(int(points.size()), 2 * 3 * 2);
        // Last option fastest, seed fastest of all.
        QCOMPARE(QString::fromStdString(points[0].label()), QString("attention=se fusion=learnable"));
        QCOMPARE(int(points[1].seed), 1);
        QCOMPARE(QString::fromStdString(points[2].label()), QString("attention=se fusion=add"));
        QCOMPARE(QString::fromStdString(points[11].pointJson()), QString(R"({"attention":"eca","fusion":"none"})"));
        // The spec survives its JSON (what Slurm tasks read).
        const SweepSpec back = sweepSpecFromJson(sweepSpecJson(spec));
        const auto again = expandSweep(back);
        QCOMPARE(again.size(), points.size());
        for (std::size_t i = 0; i < points.size(); ++i) QCOMPARE(again[i].pointJson(), points[i].pointJson());
    }

    void badGrid_data() {
        QTest::addColumn<QString>("grid");
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown option") << "atention=se" << "hlcnn_s" << "unknown sweep option 'atention'";
        QTest::newRow("unknown value") << "attention=se,cbam" << "hlcnn_s" << "attention must be one of none, se, eca, got 'cbam'";
        QTest::newRow("unknown model") << "model=hlcnn_s,resnet9000" << "" << "model: unknown model 'resnet9000'";
        QTest::newRow("not a number") << "lr=0.1,fast" << "hlcnn_s" << "lr takes a number, got 'fast'";
        QTest::newRow("negative learning rate") << "lr=-1" << "hlcnn_s" << "lr must be a finite number > 0";
        QTest::newRow("not an integer") << "epochs=1.5" << "hlcnn_s" << "epochs takes an integer";
        QTest::newRow("block choice on a model without HL-CNN blocks") << "fusion=none" << "mobilenet_v2" << "'mobilenet_v2' has no HL-CNN blocks";
        QTest::newRow("depth on a model without it") << "depth=2" << "resnet18" << "model 'resnet18' has no depth option";
        QTest::newRow("repeated value") << "width=0.5,0.5" << "hlcnn_s" << "sweep grid: 'width' repeats a value";
        QTest::newRow("no model") << "lr=0.1" << "" << "the sweep names no model";
    }
    void badGrid() {
        QFETCH(QString, grid);
        QFETCH(QString, base);
        QFETCH(QString, message);
        SweepSpec spec;
        if (!base.isEmpty()) spec.base = {{"model", base.toStdString()}};
        try {
            spec.grid = parseSweepGrid(grid.toStdString());
            validateSweep(spec);
            QFAIL("accepted");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
    }

    // The block choices against a hand count: learnable fusion has two scalars per block (alpha,
    // beta) plus a 1x1 projection of F2 (in x out weights) where the channels change; `none` drops
    // them; depth 2 doubles the blocks of every stage (1+2+2+3+2+2 -> 24).
    void blockChoices() {
        SweepSpec spec;
        spec.base = {{"model", "hlcnn_s"}};
        const auto plan = [&](SweepSettings s) { return planSweepRun(spec, SweepPoint{std::move(s), 0}, 3, 32, 10).graph; };
        const Graph learnable = plan({{"fusion", "learnable"}}), none = plan({{"fusion", "none"}});
        const int blocks = countOp(learnable, "hlcnn_block");
        QCOMPARE(blocks, 1 + 2 + 2 + 3 + 2 + 2);
        const Analysis a = analyzeOrThrow(learnable);
        std::int64_t fusionParams = 0;
        for (const Node& n : learnable.nodes) {
            if (n.op != "hlcnn_block") continue;
            const std::int64_t in = n.inputs[0] == kGraphInputId ? learnable.input.dims[0] : a.shapes.at(n.inputs[0]).dims[0];
            const std::int64_t out = a.shapes.at(n.id).dims[0];
            fusionParams += 2 + (in != out ? in * out : 0);
        }
        QCOMPARE(profileGraph(learnable).total.params - profileGraph(none).total.params, fusionParams);
        const Graph deep = plan({{"depth", "2"}});
        QCOMPARE(countOp(deep, "hlcnn_block"), 2 + 4 + 4 + 6 + 4 + 4);
        // ECA replaces SE only where the design has attention; none removes it everywhere.
        const Graph eca = plan({{"attention", "eca"}});
        int ecaBlocks = 0, plain = 0;
        for (const Node& n : eca.nodes)
            if (n.op == "hlcnn_block") (n.attrs.string("attention") == "eca" ? ecaBlocks : plain)++;
        QCOMPARE(ecaBlocks, 3 + 2 + 2 + 2);
        QCOMPARE(plain, 1 + 2);
    }

    // A 2 x 3 grid x 2 seeds through the local queue: twelve runs recorded as one sweep, six cells
    // whose mean and std are those of the runs' own best epochs.
    void localSweep() {
        const QString data = dir_.filePath("cifar"), db = dir_.filePath("local.sqlite");
        QVERIFY(hlcnn::test::writeTinyCifar(data, 20, 30));
        const CliResult r = runCli({"sweep", "run", "--grid", "attention=se,eca;fusion=learnable,add,none", "--seeds", "2", "--model",
                                    "hlcnn_s", "--width", "0.25", "--data", "cifar10:" + data, "--epochs", "2", "--batch", "25",
                                    "--workers", "1", "--concurrent", "2", "--db", db, "--name", "ablation", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject shown = QJsonDocument::fromJson(r.out.trimmed().split('\n').last()).object();
        const QJsonArray cells = shown["cells"].toArray();
        QCOMPARE(cells.size(), 6);
        ExperimentStore store(db.toStdString(), false);
        QCOMPARE(int(store.sweeps().size()), 1);
        RunFilter f;
        f.sweepId = store.sweeps()[0].id;
        QCOMPARE(int(store.runs(f).size()), 12);
        for (const QJsonValue& v : cells) {
            const QJsonObject c = v.toObject();
            QCOMPARE(c["completed"].toInt(), 2);
            std::vector<double> best;
            for (const QJsonValue& id : c["runs"].toArray()) {
                const RunRecord run = store.run(id.toInteger());
                QCOMPARE(run.state, std::string("completed"));
                QCOMPARE(QJsonDocument::fromJson(QByteArray::fromStdString(run.sweepPoint)).object(), c["point"].toObject());
                double b = -1;
                for (const EpochMetrics& e : store.epochs(run.id)) b = std::max(b, e.val.top1);
                best.push_back(b);
            }
            QCOMPARE(int(best.size()), 2);
            const double mean = (best[0] + best[1]) / 2, sd = std::fabs(best[0] - best[1]) / std::sqrt(2.0);
            QVERIFY(std::fabs(c["mean_top1"].toDouble() - mean) < 1e-9);
            QVERIFY(std::fabs(c["std_top1"].toDouble() - sd) < 1e-9);
        }
        // The two seeds of a cell really are different runs (seed 0 and 1).
        std::set<std::int64_t> seeds;
        for (const RunRecord& run : store.runs(f)) seeds.insert(run.seed);
        QCOMPARE(int(seeds.size()), 2);
    }

    // Merging: finished runs come over with their epochs and sweep; importing again changes
    // nothing; a running or interrupted run is reported and left out; the file is not written.
    void importIsIdempotent() {
        const QString task = dir_.filePath("task.sqlite"), main = dir_.filePath("main.sqlite");
        std::string uid;
        {
            ExperimentStore s(task.toStdString());
            SweepRecord sw;
            sw.name = "grid", sw.specJson = "{}", sw.scheduler = "slurm", sw.slurmJob = "77";
            const std::int64_t sweep = s.createSweep(sw);
            uid = s.sweep(sweep).uid;
            addRun(s, "completed", {40, 55, 50}, sweep, R"({"fusion":"none"})");
            addRun(s, "failed", {30}, sweep, R"({"fusion":"add"})");
            addRun(s, "running", {10}, sweep, R"({"fusion":"learnable"})");
            addRun(s, "interrupted", {12}, sweep, R"({"fusion":"learnable"})");
        }
        const QByteArray before = fileHash(task);
        ExperimentStore into(main.toStdString());
        addRun(into, "completed", {1});  // a run of its own, untouched
        const ImportResult first = into.importStore(task.toStdString());
        QCOMPARE(first.imported, 2);
        QCOMPARE(first.alreadyPresent, 0);
        QCOMPARE(int(first.skipped.size()), 2);
        QVERIFY(QString::fromStdString(first.skipped[0]).contains("is running"));
        QVERIFY(QString::fromStdString(first.skipped[1]).contains("is interrupted"));
        const ImportResult second = into.importStore(task.toStdString());
        QCOMPARE(second.imported, 0);
        QCOMPARE(second.alreadyPresent, 2);
        QCOMPARE(int(into.runs().size()), 3);
        QCOMPARE(fileHash(task), before);
        // The sweep came along by uid, and its cell statistics read the imported epochs.
        const auto sweep = into.sweepByUid(uid);
        QVERIFY(sweep.has_value());
        QCOMPARE(QString::fromStdString(sweep->slurmJob), QString("77"));
        const auto cells = sweepCells(into, sweep->id);
        QCOMPARE(int(cells.size()), 2);
        QCOMPARE(cells[0].completed, 1);
        QCOMPARE(cells[0].meanTop1, 55.0);
        QVERIFY(std::isnan(cells[0].stdTop1));  // one run: no spread
        QCOMPARE(cells[1].completed, 0);
        // Not a store: refused, nothing merged.
        const QString junk = dir_.filePath("junk.sqlite");
        QFile j(junk);
        QVERIFY(j.open(QIODevice::WriteOnly));
        j.write("not a database at all, just text");
        j.close();
        QVERIFY_THROWS_EXCEPTION(StoreError, into.importStore(junk.toStdString()));
        QCOMPARE(int(into.runs().size()), 3);
    }

    // Through the CLI: a half-written store is named on stderr with exit 2; the rest is merged.
    void importCommand() {
        const QString stores = dir_.filePath("stores"), main = dir_.filePath("cli-main.sqlite");
        QDir().mkpath(stores);
        {
            ExperimentStore a((stores + "/task-0.sqlite").toStdString());
            addRun(a, "completed", {20, 30});
            ExperimentStore b((stores + "/task-1.sqlite").toStdString());
            addRun(b, "running", {5});
        }
        CliResult r = runCli({"runs", "import", stores, "--db", main, "--json"});
        QCOMPARE(r.code, 2);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o["imported"].toInt(), 1);
        QVERIFY2(r.err.startsWith("hlcnn: not merged: ") && r.err.contains("task-1.sqlite"), r.err.constData());
        QCOMPARE(int(r.err.trimmed().split('\n').size()), 1);
        r = runCli({"runs", "import", stores + "/task-0.sqlite", "--db", main});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("imported 0 run(s)") && r.out.contains("1 already present"), r.out.constData());
    }

    void badCommand_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString data = "cifar10:" + dir_.filePath("cifar");
        QTest::newRow("unknown option") << QStringList{"sweep", "run", "--grid", "atention=se", "--model", "hlcnn_s", "--data", data}
                                        << "hlcnn: sweep: unknown sweep option 'atention'";
        QTest::newRow("unknown value") << QStringList{"sweep", "run", "--grid", "fusion=sum", "--model", "hlcnn_s", "--data", data}
                                       << "hlcnn: sweep: fusion must be one of learnable, add, none, got 'sum'";
        QTest::newRow("grid and spec") << QStringList{"sweep", "run", "--grid", "lr=1", "--spec", "x.json", "--data", data}
                                       << "hlcnn: give exactly one of --grid";
        QTest::newRow("sbatch missing") << QStringList{"sweep", "submit", "--grid", "lr=0.1,0.2", "--model", "hlcnn_s", "--data", data,
                                                       "--folder", dir_.filePath("nosbatch"), "--sbatch", "/nonexistent/sbatch"}
                                        << "hlcnn: sbatch is not installed or not on PATH";
        QTest::newRow("bad partition text") << QStringList{"sweep", "submit", "--grid", "lr=0.1", "--model", "hlcnn_s", "--data", data,
                                                           "--folder", dir_.filePath("p"), "--partition", "a b"}
                                            << "hlcnn: --partition 'a b' is not a Slurm value";
        QTest::newRow("no such sweep") << QStringList{"sweep", "show", "9"} << "hlcnn: no sweep 9";
        QTest::newRow("import nothing") << QStringList{"runs", "import", dir_.filePath("missing.sqlite")} << "hlcnn: '";
    }
    void badCommand() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const QString db = dir_.filePath("bad-" + QString::number(qHash(QString(QTest::currentDataTag()))) + ".sqlite");
        if (args[0] == "sweep" && args[1] == "show") {
            ExperimentStore create(db.toStdString());
        }
        const CliResult r = runCli(args + QStringList{"--db", db});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.startsWith(message.toUtf8()), r.err.constData());
        QCOMPARE(int(r.err.trimmed().split('\n').size()), 1);
        if (args[1] != "show") QVERIFY2(!QFile::exists(db), "a refused command created the database");
        QVERIFY(!QFile::exists(dir_.filePath("nosbatch")));
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
