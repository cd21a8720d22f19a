// A sweep in the Runs area: one row standing for its runs (hidden until opened), and its grid in
// the Sweep tab with each cell's mean +/- std computed by hand from the runs' epochs here.
#include "hlcnn/core/graph_json.h"
#include "hlcnn/experiments/experiment_store.h"
#include "hlcnn/experiments/run_queue.h"
#include "hlcnn/widgets/ablation_dialog.h"
#include "support/cli_process.h"
#include "support/stored_runs.h"
#include "hlcnn/widgets/live_runs.h"
#include "hlcnn/widgets/runs_view.h"
#include "hlcnn/widgets/sweep_grid.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace hlcnn;

namespace {

std::int64_t addRun(ExperimentStore& s, std::int64_t sweep, const std::string& point, std::int64_t seed, const std::vector<double>& top1) {
    return hlcnn::test::recordRunWithTop1(s, "completed", top1, sweep, point, seed);
}

// One HL-CNN block between a stem and a linear head, for the tiny IDX data (1x28x28, 10 classes).
Graph oneBlockNet() {
    return graphFromJson(R"({"format":"hlcnn-graph/1","name":"oneblock","input":[1,28,28],"nodes":[
      {"id":"stem","op":"conv2d","inputs":["input"],"attrs":{"out_channels":8,"stride":2}},
      {"id":"b1","op":"hlcnn_block","inputs":["stem"],"attrs":{"out_channels":8,"stride":1,"attention":"se","fusion":"learnable"}},
      {"id":"gap","op":"global_avgpool","inputs":["b1"]},{"id":"f","op":"flatten","inputs":["gap"]},
      {"id":"fc","op":"linear","inputs":["f"],"attrs":{"out_features":10}}],"outputs":["fc"]})");
}

}  // namespace

class TestSweepGui : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void ablationDialog();
    void ablationTrainsAsOneSweep();
    void screenshot();
    void sweepIsOneRowWithItsGrid() {
        QTemporaryDir dir;
        const QString db = dir.filePath("e.sqlite");
        std::int64_t sweep = 0;
        {
            ExperimentStore s(db.toStdString());
            SweepRecord sw;
            sw.name = "ablation";
            sw.specJson = "{}";
            sweep = s.createSweep(sw);
            addRun(s, sweep, R"({"fusion":"learnable"})", 0, {40, 52});
            addRun(s, sweep, R"({"fusion":"learnable"})", 1, {48, 46});
            addRun(s, sweep, R"({"fusion":"none"})", 0, {30, 35});
            addRun(s, sweep, R"({"fusion":"none"})", 1, {33, 31});
            RunRecord loose = s.run(1);
            loose.sweepId = 0, loose.sweepPoint = "", loose.uid = "", loose.name = "not in a sweep";
            s.createRun(loose);
        }
        RunsView view;
        QSignalSpy loaded(&view, &RunsView::loaded);
        view.setDatabase(db);
        QTRY_VERIFY(view.live()->runs().size() == 5 && !view.live()->sweeps().empty());
        QTRY_VERIFY(view.rowOfSweep(sweep) >= 0);
        // Shown: the sweep's row and the loose run; the four runs of the sweep are folded away.
        QCOMPARE(view.sorted()->rowCount(), 2);
        const int row = view.rowOfSweep(sweep);
        QVERIFY(view.model()->item(row, RunsView::Name)->text().contains("ablation (sweep, 4 runs)"));
        QCOMPARE(view.model()->item(row, RunsView::State)->text(), QString("4/4 completed"));
        QCOMPARE(view.model()->item(row, RunsView::Best)->text(), QString("52.00"));
        view.toggleSweep(sweep);
        QCOMPARE(view.sorted()->rowCount(), 6);
        view.toggleSweep(sweep);
        QCOMPARE(view.sorted()->rowCount(), 2);

        // Selecting the row shows the grid: per cell, the best epoch of each seed, mean and
        // sample std: learnable {52, 48} -> 50 +/- 2.83, none {35, 33} -> 34 +/- 1.41.
        QSignalSpy grid(view.sweepGrid(), &SweepGrid::loaded);
        const QModelIndex index = view.sorted()->mapFromSource(view.model()->index(row, 0));
        view.table()->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QCOMPARE(view.selectedSweep(), qint64(sweep));
        QVERIFY(grid.wait(10000));
        QTableWidget* t = view.sweepGrid()->table();
        QCOMPARE(t->rowCount(), 2);
        QCOMPARE(t->horizontalHeaderItem(0)->text(), QString("fusion"));
        const auto expected = [](double a, double b) {
            const double mean = (a + b) / 2, sd = std::fabs(a - b) / std::sqrt(2.0);
            return QString("%1 ± %2").arg(mean, 0, 'f', 2).arg(sd, 0, 'f', 2);
        };
        QCOMPARE(t->item(0, 0)->text(), QString("learnable"));
        QCOMPARE(t->item(0, 3)->text(), expected(52, 48));
        QCOMPARE(t->item(1, 0)->text(), QString("none"));
        QCOMPARE(t->item(1, 3)->text(), expected(35, 33));
        QCOMPARE(t->item(1, 2)->text(), QString("2"));
        // Its runs go to Compare in one click.
        QSignalSpy compare(&view, &RunsView::compareRequested);
        view.sweepGrid()->findChild<QPushButton*>()->click();
        QCOMPARE(compare.size(), 1);
        QCOMPARE(compare[0][0].value<QList<qint64>>().size(), 4);
    }
};

// The dialog starts from the block's own values and turns the checked ones into a grid.
void TestSweepGui::ablationDialog() {
    const Graph g = oneBlockNet();
    AblationDialog d(*g.findNode("b1"));
    QVERIFY(d.boxes().at("attention")[1]->isChecked());   // se, the block's own
    QVERIFY(d.boxes().at("fusion")[0]->isChecked());      // learnable
    QCOMPARE(d.variants(), 0);                            // nothing varies yet
    d.boxes().at("attention")[2]->setChecked(true);       // + eca
    d.boxes().at("fusion")[2]->setChecked(true);          // + none
    d.reductions()->setText("4, 8");
    QCOMPARE(d.variants(), 2 * 2 * 2);
    const auto grid = d.grid();
    QCOMPARE(int(grid.size()), 3);
    QCOMPARE(grid[0].first, std::string("attention"));
    QCOMPARE(grid[0].second, (std::vector<std::string>{"se", "eca"}));
    QCOMPARE(grid[2].second, (std::vector<std::string>{"4", "8"}));
    d.reductions()->setText("4, x");
    QString error;
    QVERIFY(d.grid(&error).empty());
    QVERIFY2(error.contains("'x' is not an integer"), qPrintable(error));
}

// Two fusion variants of block b1 x two seeds, queued and trained as one sweep: four runs whose
// graphs differ from the designed one in b1's fusion only, shown as one row with its grid.
void TestSweepGui::ablationTrainsAsOneSweep() {
    QTemporaryDir dir;
    QVERIFY(hlcnn::test::writeTinyIdx(dir.filePath("idx"), 60, 20));
    const QString db = dir.filePath("e.sqlite");
    RunsView view;
    view.setDatabase(db);
    std::vector<LaunchRequest> perSeed;
    for (int seed = 0; seed < 2; ++seed) {
        LaunchRequest r;
        r.graph = oneBlockNet();
        r.dataSpec = "idx:" + dir.filePath("idx").toStdString();
        r.config.epochs = 1, r.config.batch = 20, r.config.seed = std::uint64_t(seed), r.config.loaderWorkers = 1;
        r.name = "oneblock seed " + std::to_string(seed);
        perSeed.push_back(r);
    }
    const auto tickets = view.queueBlockAblation(perSeed, "b1", {{"fusion", {"learnable", "none"}}});
    QCOMPARE(int(tickets.size()), 4);
    QTRY_VERIFY_WITH_TIMEOUT(view.queue()->activeCount() == 0, 120000);
    ExperimentStore store(db.toStdString(), false);
    QCOMPARE(int(store.sweeps().size()), 1);
    const std::int64_t sweep = store.sweeps()[0].id;
    RunFilter f;
    f.sweepId = sweep;
    const auto runs = store.runs(f);
    QCOMPARE(int(runs.size()), 4);
    const Graph designed = oneBlockNet();
    for (const RunRecord& r : runs) {
        QCOMPARE(r.state, std::string("completed"));
        const Graph g = graphFromJson(r.graphJson);
        const std::string fusion = QJsonDocument::fromJson(QByteArray::fromStdString(r.sweepPoint)).object()["fusion"].toString().toStdString();
        QCOMPARE(g.findNode("b1")->attrs.string("fusion"), fusion);
        Graph back = g;
        back.findNode("b1")->attrs.set("fusion", std::string("learnable"));
        QVERIFY(back == designed);   // nothing else changed
    }
    QTRY_VERIFY(view.rowOfSweep(sweep) >= 0);
    QTRY_COMPARE(view.model()->item(view.rowOfSweep(sweep), RunsView::State)->text(), QString("4/4 completed"));
}

// packaging/sweep-screenshot.sh: the Runs area on a database holding a real sweep, its row
// selected and its grid shown, saved as docs/images/sweep-grid.png (skipped without the variables).
void TestSweepGui::screenshot() {
    const QString db = qEnvironmentVariable("HLCNN_SWEEP_SCREENSHOT_DB"), out = qEnvironmentVariable("HLCNN_SCREENSHOT_DIR");
    if (db.isEmpty() || out.isEmpty()) QSKIP("set HLCNN_SWEEP_SCREENSHOT_DB and HLCNN_SCREENSHOT_DIR (packaging/sweep-screenshot.sh)");
    RunsView view;
    view.resize(1350, 860);
    view.show();
    view.setDatabase(db);
    QTRY_VERIFY_WITH_TIMEOUT(!view.live()->sweeps().empty() && view.rowOfSweep(view.live()->sweeps().begin()->first) >= 0, 20000);
    const qint64 sweep = view.live()->sweeps().begin()->first;
    QSignalSpy grid(view.sweepGrid(), &SweepGrid::loaded);
    const QModelIndex index = view.sorted()->mapFromSource(view.model()->index(view.rowOfSweep(sweep), 0));
    view.table()->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QVERIFY(grid.wait(20000));
    QTest::qWait(300);
    QVERIFY(view.grab().save(out + "/sweep-grid.png"));
}

QTEST_MAIN(TestSweepGui)
#include "tst_sweep_gui.moc"
