// The workbench as a user sees it (offscreen): pick zoo models, read the layer table and totals,
// open good and broken graph files.
#include "main_window.h"

#include "hlcnn/core/analysis.h"
#include "hlcnn/core/graph_json.h"
#include "hlcnn/core/latency_bench.h"
#include "hlcnn/core/messages.h"
#include "hlcnn/core/profiler.h"
#include "hlcnn/models/zoo.h"
#include "hlcnn/experiments/report_table.h"
#include "hlcnn/widgets/designer_analysis.h"
#include "hlcnn/widgets/designer_document.h"
#include "hlcnn/widgets/designer_scene.h"
#include "hlcnn/widgets/designer_widget.h"
#include "hlcnn/widgets/design_file.h"
#include "hlcnn/widgets/model_browser.h"
#include "hlcnn/widgets/profile_table_model.h"
#include "hlcnn/widgets/profile_view.h"
#include "hlcnn/widgets/runs_view.h"
#include "hlcnn/widgets/run_detail.h"
#include "hlcnn/widgets/compare_view.h"
#include "hlcnn/experiments/experiment_store.h"
#include "support/stored_runs.h"
#include "support/cli_process.h"
#include "support/tiny_idx_net.h"
#include "support/modal_answer.h"
#include "hlcnn/experiments/run_queue.h"

#include <QStandardItemModel>

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QComboBox>
#include <QLocale>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QListWidget>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QTranslator>
#include <QMenu>
#include <QDialog>
#include <QLabel>
#include <QPushButton>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QtTest>

using namespace hlcnn;

namespace {

// The queue's view of one of its runs (an empty one until it is queued).
QueuedRun queuedRun(const RunQueue& queue, int ticket) {
    for (const QueuedRun& q : queue.runs())
        if (q.ticket == ticket) return q;
    return QueuedRun{};
}

}  // namespace

class Workbench : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QSettings().clear(); }   // each test starts from the defaults

    void initTestCase() {
        QCoreApplication::setOrganizationName("hlcnn-tests");
        // The German run is another process at the same time: settings of its own, and a clean start
        // (the zoo's options, recent files and the launcher's data are remembered across runs).
        QCoreApplication::setApplicationName(qEnvironmentVariableIsSet("HLCNN_EXPECT_LOCALE") ? "tst_workbench_de" : "tst_workbench");
        QSettings().clear();
    }

    // Which model is where: a zoo pick from any area opens in the designer and the profiler alike
    // (from Runs it reached the profiler only); the zoo's Classes reaches the launcher's model
    // before any data (it showed a 1000-class head for 10); its options survive a restart; an
    // edited template is named as a variant, and the user can name it.
    void theDesignerAndTheProfilerShowTheSameModel() {
        {
            MainWindow window;
            window.show();
            window.areas()->setCurrentWidget(window.runsView());
            QSignalSpy ready(window.profileView(), &ProfileView::profileReady);
            auto* stem = window.browser()->findChild<QComboBox*>();
            stem->setCurrentIndex(stem->findData("cifar"));
            window.browser()->selectModel("hlcnn_s");
            QTRY_VERIFY_WITH_TIMEOUT(window.designer()->document()->graph().name == "hlcnn_s", 10000);
            QTRY_VERIFY_WITH_TIMEOUT(window.profileView()->graph() == window.designer()->document()->graph(), 10000);
            QCOMPARE(window.areas()->currentWidget(), static_cast<QWidget*>(window.runsView()));   // it stays where the user is
            models::ModelOptions o;
            o.stem = models::Stem::Cifar;
            o.classes = 10;
            QCOMPARE(window.designer()->document()->graph(), models::buildModel("hlcnn_s", o));
            // Train this zoo model: before any data the launcher describes the 10-class model.
            QString summary;
            test::answerNextDialog([&summary](QWidget* dialog) {
                for (QLabel* l : dialog->findChildren<QLabel*>())
                    if (l->text().contains("<b>")) summary += l->text();
                static_cast<QDialog*>(dialog)->reject();
            });
            window.browser()->findChild<QPushButton*>("trainZooModel")->click();
            const std::int64_t params = profileGraph(models::buildModel("hlcnn_s", o)).total.params;
            QVERIFY2(summary.contains(QLocale().toString(qlonglong(params))), qPrintable(summary));

            // The first edit names the variant; undo names it back; the user can rename it.
            QVERIFY(window.designer()->document()->setAttribute(window.designer()->document()->graph().nodes.front().id, "out_channels",
                                                                std::int64_t(24)).ok());
            QCOMPARE(window.designer()->document()->graph().name, std::string("hlcnn_s (modified)"));
            QVERIFY2(window.windowTitle().startsWith("hlcnn_s (modified)"), qPrintable(window.windowTitle()));
            window.designer()->document()->undoStack()->undo();
            QCOMPARE(window.designer()->document()->graph().name, std::string("hlcnn_s"));
            QVERIFY(window.designer()->document()->setGraphName("my variant").ok());
            QCOMPARE(window.designer()->document()->graph().name, std::string("my variant"));
            window.designer()->document()->undoStack()->setClean();
        }
        MainWindow restarted;
        QCOMPARE(restarted.browser()->stem(), QString("cifar"));
        QCOMPARE(restarted.browser()->classes(), 10);
        QSettings().clear();
    }

    void zooModelShowsItsLayerTable_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("stem");
        QTest::newRow("mobilenet_v2") << "mobilenet_v2" << "imagenet";
        QTest::newRow("hlcnn_m") << "hlcnn_m" << "imagenet";
        QTest::newRow("shufflenet_v2_x1_0 cifar") << "shufflenet_v2_x1_0" << "cifar";
    }
    void zooModelShowsItsLayerTable() {
        QFETCH(QString, model);
        QFETCH(QString, stem);
        MainWindow window;
        window.show();
        window.areas()->setCurrentWidget(window.profileView());   // the zoo acts on the visible area
        QSignalSpy ready(window.profileView(), &ProfileView::profileReady);
        window.browser()->selectModel(model);
        if (stem == "cifar") {
            QVERIFY(ready.wait(10000));
            auto* combo = window.browser()->findChild<QComboBox*>();
            combo->setCurrentIndex(1);
        }
        QVERIFY(ready.wait(10000));

        models::ModelOptions o;
        o.stem = models::parseStem(stem.toStdString());
        o.classes = stem == "cifar" ? 10 : 1000;
        const ModelProfile expected = profileGraph(models::buildModel(model.toStdString(), o));
        const ModelProfile& shown = window.profileView()->profile();
        QCOMPARE(shown.total.params, expected.total.params);
        QCOMPARE(shown.total.macs, expected.total.macs);
        QCOMPARE(shown.input.dims, expected.input.dims);

        ProfileTableModel* table = window.profileView()->tableModel();
        QCOMPARE(table->rowCount(), int(expected.blocks.size()));
        qlonglong macs = 0;
        for (int r = 0; r < table->rowCount(); ++r) macs += table->index(r, ProfileTableModel::Macs).data(Qt::UserRole).toLongLong();
        QCOMPARE(macs, qlonglong(expected.total.macs));
        table->setRows(ProfileTableModel::Rows::Layers);
        QCOMPARE(table->rowCount(), int(expected.layers.size()));
        QVERIFY(window.profileView()->totalsText().contains(QLocale().toString(qlonglong(expected.total.params))));

        // A click on the MACs header sorts the layers by their MACs (as numbers), a second click reverses.
        auto* view = window.profileView()->findChild<QTableView*>();
        QHeaderView* header = view->horizontalHeader();
        const QPoint at(header->sectionViewportPosition(ProfileTableModel::Macs) + 5, header->height() / 2);
        auto shownMacs = [&] {
            std::vector<qlonglong> v;
            for (int r = 0; r < view->model()->rowCount(); ++r)
                v.push_back(view->model()->index(r, ProfileTableModel::Macs).data(Qt::UserRole).toLongLong());
            return v;
        };
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at);
        std::vector<qlonglong> first = shownMacs();
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at);
        std::vector<qlonglong> second = shownMacs();
        if (!std::is_sorted(first.begin(), first.end())) std::swap(first, second);
        QVERIFY(std::is_sorted(first.begin(), first.end()));
        QVERIFY(std::is_sorted(second.rbegin(), second.rend()));
        QVERIFY(first.front() < first.back());
    }

    void zooModelOpensInTheDesignerWhenItIsVisible() {
        MainWindow window;
        window.show();
        QCOMPARE(window.areas()->currentWidget(), static_cast<QWidget*>(window.designer()));
        QSignalSpy shown(window.designer(), &DesignerWidget::figuresShown);
        window.browser()->selectModel("shufflenet_v2_x1_0");
        QTRY_VERIFY_WITH_TIMEOUT(window.designer()->document()->graph().nodes.size() > 10 &&
                                     window.designer()->analysis()->latest().valid && !window.designer()->analysis()->busy(),
                                 20000);
        const ModelProfile expected = profileGraph(models::buildModel("shufflenet_v2_x1_0", {}));
        QCOMPARE(window.designer()->analysis()->latest().total.macs, expected.total.macs);
        QVERIFY(window.designer()->totalsText().contains(QLocale().toString(qlonglong(expected.total.params))));  // the user's locale
    }

    void runsAreaListsTheRecordedRuns() {
        QTemporaryDir dir;
        const QString db = dir.path() + "/runs.sqlite";
        {
            ExperimentStore store(db.toStdString());
            const RunRecord r = test::finishedRun("gui-visible run", 1234, 2, "hlcnn_s", "cifar10:/d");
            const auto id = store.createRun(r);
            EpochMetrics m;
            m.epoch = 1;
            m.val.top1 = 61.25;
            store.recordEpoch(id, m, {}, {});
        }
        RunsView view;
        QSignalSpy loaded(&view, &RunsView::loaded);
        view.setDatabase(db);
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() > 0 && view.model()->rowCount() == 1, 10000);
        QCOMPARE(view.model()->item(0, RunsView::Name)->text(), QString("gui-visible run"));
        QCOMPARE(view.model()->item(0, RunsView::Best)->text(), QLocale().toString(61.25, 'f', 2));  // "61,25" under German
        QCOMPARE(view.model()->item(0, RunsView::Epoch)->text(), QString("1/2"));
        QCOMPARE(view.model()->item(0, RunsView::State)->text(), QString("completed"));
        QCOMPARE(view.model()->item(0, RunsView::Progress)->text(), QLocale().toString(100.0, 'f', 1) + " %");
        // A foreign file is reported, not opened.
        QFile notes(dir.path() + "/notes.txt");
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("not a database");
        notes.close();
        QSignalSpy failed(&view, &RunsView::failed);
        view.setDatabase(notes.fileName());
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() > 0, 10000);
        QVERIFY(failed.first().first().toString().contains("not an experiment database"));
        QCOMPARE(view.model()->rowCount(), 0);
    }

    // Selecting runs and pressing Compare opens the Compare area on them.
    void compareButtonOpensTheCompareArea() {
        QTemporaryDir dir;
        const QString db = dir.path() + "/runs.sqlite";
        QList<qint64> ids;
        {
            ExperimentStore store(db.toStdString());
            models::ModelOptions o;
            o.classes = 10;
            o.stem = models::Stem::Cifar;
            for (const char* model : {"hlcnn_s", "squeezenet1_1"}) {
                RunRecord r = test::finishedRun(model, 1, 1, model, "cifar10:/d");
                r.graphJson = graphToJson(models::buildModel(model, o));
                r.graphHash = model;
                const auto id = store.createRun(r);
                EpochMetrics m;
                m.epoch = 1;
                m.val.top1 = 50;
                store.recordEpoch(id, m, {}, {});
                ids << id;
            }
        }
        MainWindow window;
        window.show();
        window.runsView()->setDatabase(db);
        QTRY_VERIFY_WITH_TIMEOUT(window.runsView()->model()->rowCount() == 2, 10000);
        window.runsView()->selectRuns(ids);
        QToolButton* compare = nullptr;
        for (QToolButton* b : window.runsView()->findChildren<QToolButton*>())
            if (b->text() == RunsView::tr("Compare")) compare = b;
        QVERIFY(compare && compare->isEnabled());
        QSignalSpy loaded(window.compareView(), &CompareView::loaded);
        compare->click();
        QCOMPARE(window.areas()->currentWidget(), static_cast<QWidget*>(window.compareView()));
        QVERIFY(loaded.wait(20000));
        QCOMPARE(window.compareView()->entryCount(), 2);
        QCOMPARE(window.compareView()->runIds(), ids);
    }

    // Under German the whole GUI is German: menus, areas, table headers and the Compare area.
    // This catches a translation context that does not match the class (the strings would exist
    // in the .ts and still never show).
    void germanTranslationReachesEveryArea() {
        QTranslator translator;
        QVERIFY(translator.load(QLocale(QLocale::German), "hlcnn", "_", HLCNN_QM_DIR));
        QCoreApplication::installTranslator(&translator);
        {
            MainWindow window;
            QStringList menus;
            for (QAction* a : window.menuBar()->actions()) menus << a->text();
            QVERIFY2(menus.contains("&Datei") && menus.contains("&Bearbeiten") && menus.contains("&Ansicht"), qPrintable(menus.join(",")));
            QStringList areas;
            for (int i = 0; i < window.areas()->count(); ++i) areas << window.areas()->tabText(i);
            QCOMPARE(areas, (QStringList{"Designer", "Läufe", "Vergleich", "Profiler", "Geräte"}));
            QCOMPARE(window.runsView()->model()->horizontalHeaderItem(RunsView::Id)->text(), QString("Lauf"));
            QCOMPARE(window.compareView()->tabs()->tabText(3), QString("Architekturvergleich"));
            QStringList fileActions;
            for (QAction* a : window.menuBar()->actions().first()->menu()->actions()) fileActions << a->text();
            QVERIFY2(fileActions.contains("&Neuer Graph") && fileActions.contains("Graph &speichern"), qPrintable(fileActions.join(",")));
        }
        QCoreApplication::removeTranslator(&translator);
    }

    // What the engine says reaches a German user in German too (it stayed English): the untitled
    // title, a validator message in the designer, a run's state in the Runs table and its state
    // message in the detail, all rendered from the engine's catalog with their arguments.
    void germanReachesTheEnginesMessages() {
        QTranslator translator;
        QVERIFY(translator.load(QLocale(QLocale::German), "hlcnn", "_", HLCNN_QM_DIR));
        QCoreApplication::installTranslator(&translator);
        QTemporaryDir dir;
        const QString db = dir.path() + "/de.sqlite";
        std::int64_t id = 0;
        {
            ExperimentStore store(db.toStdString());
            RunRecord r = test::finishedRun("de run", 1234, 2, "hlcnn_s", "cifar10:/d");
            r.message = say(msg::kTrainedEpochs, {"2"});
            id = store.createRun(r);
            store.setState(id, "completed", say(msg::kStoppedDuringEpoch, {"2", say(msg::kLastCheckpoint, {"1"})}));
        }
        {
            MainWindow window;
            window.findChild<QAction*>("newGraph")->trigger();
            QVERIFY2(window.windowTitle().startsWith("unbenannt"), qPrintable(window.windowTitle()));
            QTRY_VERIFY_WITH_TIMEOUT(window.designer()->totalsText().contains("keine Ausgabe"), 10000);
            QVERIFY2(!window.designer()->totalsText().contains("the graph has no outputs"), qPrintable(window.designer()->totalsText()));

            RunsView* runs = window.runsView();
            QSignalSpy loaded(runs, &RunsView::loaded);
            runs->setDatabase(db);
            QTRY_VERIFY_WITH_TIMEOUT(runs->rowOfRun(id) >= 0, 10000);
            QCOMPARE(runs->model()->item(runs->rowOfRun(id), RunsView::State)->text(), QString("abgeschlossen"));
            runs->selectRuns({qint64(id)});
            QTRY_VERIFY_WITH_TIMEOUT(runs->detail()->summaryText().contains("Epoche 2"), 10000);
            const QString summary = runs->detail()->summaryText();
            QVERIFY2(summary.contains("abgeschlossen") && summary.contains("Epoche 1") && !summary.contains("stopped during"), qPrintable(summary));
        }
        QCoreApplication::removeTranslator(&translator);
    }

    // Closing the window with a run training stops the run at a batch boundary (cancelled, its
    // checkpoint kept) and closes once its thread has ended; nothing is left running or lost.
    void closingStopsActiveRunsCleanly() {
        QTemporaryDir dir;
        QVERIFY(test::writeTinyIdx(dir.path() + "/idx", 200, 50));
        MainWindow window;   // not shown: closing does not ask first
        window.runsView()->setDatabase(dir.path() + "/close.sqlite");
        LaunchRequest r;
        r.graph = test::tinyIdxNet();
        r.dataSpec = "idx:" + (dir.path() + "/idx").toStdString();
        r.config.epochs = 2000;
        r.config.batch = 10;
        r.config.augmentation = Augmentation{0, false, false, 0};
        RunQueue* queue = window.runsView()->queue();
        const int ticket = queue->submit(r);
        auto mine = [&] { return queuedRun(*queue, ticket); };
        QTRY_VERIFY_WITH_TIMEOUT(mine().epochsDone >= 1, 60000);
        QVERIFY(!window.close());   // not yet: the run stops first
        QTRY_COMPARE_WITH_TIMEOUT(queue->activeCount(), 0, 30000);
        QCOMPARE(QString::fromStdString(mine().phase), QString("cancelled"));
        QVERIFY(QFileInfo::exists(QString::fromStdString(mine().checkpointDir) + "/last.ckpt"));
        ExperimentStore store((dir.path() + "/close.sqlite").toStdString());
        QCOMPARE(QString::fromStdString(store.run(mine().runId).state), QString("cancelled"));
    }

    // "Measure time" on the profiler: every layer timed, shares that add up, blocks that sum their
    // layers, flags exactly where the rule says; the designer's nodes take the block shares while
    // they show the timed graph, and lose them on the next edit.
    // A graph the native runtime cannot run (an average pool whose ceil-mode windows pass its
    // padding) is refused in one line naming the node; the eager runtime still times it.
    void nativeTimingRefusesWhatItCannotRun() {
        QTemporaryDir dir;
        const QString path = dir.path() + "/ceil.hlcnn.json";
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format":"hlcnn-graph/1","name":"t","input":[3,8,8],"nodes":[{"id":"pool","op":"avgpool","inputs":["input"],)"
                R"("attrs":{"kernel":3,"stride":2,"padding":1,"ceil_mode":true}}],"outputs":["pool"]})");
        f.close();
        MainWindow window;
        QSignalSpy ready(window.profileView(), &ProfileView::profileReady);
        QVERIFY(window.openGraphFile(path));
        QVERIFY(ready.wait(10000));
        QSignalSpy failed(window.profileView(), &ProfileView::layerTimesFailed);
        window.profileView()->setTimingRuntime(LayerTimeRuntime::Native);
        window.profileView()->measureLayerTimes();
        QVERIFY(failed.wait(60000));
        const QString message = failed.front().front().toString();
        QVERIFY2(message.contains("native runtime does not run an average pool") && message.contains("'pool'"), qPrintable(message));
        QVERIFY(!message.contains('\n'));
        QVERIFY(window.profileView()->timingText().contains(message));
        QVERIFY(!window.profileView()->tableModel()->hasLayerTimes());
        QSignalSpy timed(window.profileView(), &ProfileView::layerTimesReady);
        window.profileView()->setTimingRuntime(LayerTimeRuntime::Eager);
        window.profileView()->measureLayerTimes();
        QVERIFY(timed.wait(60000));
        QCOMPARE(int(window.profileView()->tableModel()->layerTimes()->layers.size()), 1);
    }

    void measuredTimesFillTheProfilerAndShadeTheDesigner_data() {
        QTest::addColumn<int>("runtime");
        QTest::newRow("LibTorch eager") << int(LayerTimeRuntime::Eager);
        QTest::newRow("native, fused") << int(LayerTimeRuntime::Native);
    }
    void measuredTimesFillTheProfilerAndShadeTheDesigner() {
        QFETCH(int, runtime);
        const bool native = LayerTimeRuntime(runtime) == LayerTimeRuntime::Native;
        QTemporaryDir dir;
        const QString path = dir.path() + "/h.hlcnn.json";
        models::ModelOptions o;
        o.stem = models::Stem::Cifar;
        o.classes = 10;
        o.width = 0.25;
        const Graph g = models::buildModel("hlcnn_s", o);
        saveGraphFile(g, path.toStdString());
        MainWindow window;
        window.show();
        QSignalSpy ready(window.profileView(), &ProfileView::profileReady);
        QVERIFY(window.openGraphFile(path));
        QVERIFY(ready.wait(10000));
        QSignalSpy timed(window.profileView(), &ProfileView::layerTimesReady);
        window.profileView()->setTimingRuntime(LayerTimeRuntime(runtime));
        window.profileView()->measureLayerTimes();
        QVERIFY(timed.wait(120000));

        ProfileTableModel* table = window.profileView()->tableModel();
        const LayerTimeProfile& times = *table->layerTimes();
        QCOMPARE(int(times.runtime), runtime);
        table->setRows(ProfileTableModel::Rows::Layers);
        QCOMPARE(table->rowCount(), int(times.layers.size()));
        // The graph's own ops, independent of the runtime: on the native runtime every batch norm and
        // activation runs inside the convolution before it, whose row carries the time.
        std::map<std::string, std::string> opOf;
        for (const Node& n : expandedGraph(g).nodes) opOf[n.id] = n.op;
        double share = 0;
        int fused = 0;
        for (int r = 0; r < table->rowCount(); ++r) {
            const QString name = table->index(r, ProfileTableModel::Name).data().toString();
            const double ms = table->index(r, ProfileTableModel::TimeMs).data(Qt::UserRole).toDouble();
            share += table->index(r, ProfileTableModel::TimeShare).data(Qt::UserRole).toDouble();
            const LayerTime& t = times.layers[std::size_t(r)];
            const std::string op = opOf.at(name.toStdString());
            const bool normOrActivation = op == "batchnorm" || op == "hardswish" || op == "relu";
            if (native && normOrActivation) {
                QVERIFY2(!t.fusedInto.empty(), qPrintable(name));
                const std::string into = opOf.at(t.fusedInto);
                QVERIFY2(into == "conv2d" || into == "depthwise_conv", qPrintable(name + " -> " + QString::fromStdString(into)));
            }
            if (!t.fusedInto.empty()) {
                ++fused;
                QVERIFY2(ms == 0.0, qPrintable(name + " fused into " + QString::fromStdString(t.fusedInto) + " has " + QString::number(ms)));
                QCOMPARE(table->index(r, ProfileTableModel::TimeMs).data().toString(), QString("fused"));
                QVERIFY(table->index(r, ProfileTableModel::Flag).data().toString().contains(QString::fromStdString(t.fusedInto)));
                continue;
            }
            if (native && (op == "dropout" || op == "flatten")) {   // an identity and a view at inference
                QVERIFY2(t.runsNothing && ms == 0.0, qPrintable(name));
                QCOMPARE(table->index(r, ProfileTableModel::TimeMs).data().toString(), QString("none"));
                continue;
            }
            QVERIFY(!t.runsNothing);
            QVERIFY2(ms > 0, qPrintable(name));
            // The flag rule, over every layer whose work this row's time pays for.
            double macShare = t.macShare;
            for (const LayerTime& other : times.layers)
                if (other.fusedInto == t.id) macShare += other.macShare;
            const bool rule = t.timeShare >= 0.02 && t.timeShare > 2.0 * macShare;
            QCOMPARE(!table->index(r, ProfileTableModel::Flag).data().toString().isEmpty(), rule);
        }
        QVERIFY(std::abs(share - 1.0) < 1e-9);
        if (native) {
            QVERIFY(fused >= 37 + 20 + 5);   // hlcnn_s: every batch norm, hardswish and relu
            QVERIFY(times.steps >= int(times.layers.size()) - fused);
        } else {
            QCOMPARE(fused, 0);
        }
        table->setRows(ProfileTableModel::Rows::Blocks);
        std::map<std::string, double> blockMs;
        for (const LayerTime& t : times.layers) blockMs[t.block] += t.ms;
        for (int r = 0; r < table->rowCount(); ++r) {
            const std::string id = table->index(r, ProfileTableModel::Name).data().toString().toStdString();
            QVERIFY(std::abs(table->index(r, ProfileTableModel::TimeMs).data(Qt::UserRole).toDouble() - blockMs[id]) < 1e-9);
        }
        QVERIFY(window.profileView()->timingText().contains("Measured"));

        const auto shares = window.designer()->scene()->timeShares();
        QCOMPARE(shares, table->blockTimeShares());
        const auto notes = window.designer()->scene()->timeNotes();
        QCOMPARE(notes, table->blockTimeNotes());
        if (native) {   // hlcnn_s's stem: conv, batch norm, hardswish as three top-level nodes, one step
            QCOMPARE(notes.at("stem.1"), QString("fused into stem.0"));
            QCOMPARE(notes.at("stem.2"), QString("fused into stem.0"));
            QCOMPARE(notes.at("avgpool_flatten"), QString("nothing to run"));
            QVERIFY(!notes.count("stem.0"));
        } else {
            QVERIFY(notes.empty());
        }
        QCOMPARE(shares.size(), g.nodes.size());
        window.designer()->document()->load(g);   // any change of the graph: the times are stale
        QVERIFY(window.designer()->scene()->timeShares().empty());
    }

    void openGraphFiles() {
        QTemporaryDir dir;
        const QString good = dir.path() + "/g.hlcnn.json", bad = dir.path() + "/bad.json", invalid = dir.path() + "/i.json";
        saveGraphFile(models::buildModel("squeezenet1_1", {}), good.toStdString());
        {
            QFile f(bad);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("\x01\x02 not json");
        }
        Graph broken = models::buildModel("squeezenet1_1", {});
        broken.nodes[3].inputs = {"nowhere"};
        saveGraphFile(broken, invalid.toStdString());

        MainWindow window;  // not shown: errors go to the status bar, not to a modal dialog
        QSignalSpy ready(window.profileView(), &ProfileView::profileReady);
        QSignalSpy failed(window.profileView(), &ProfileView::analysisFailed);
        QVERIFY(window.openGraphFile(good));
        QVERIFY(ready.wait(10000));
        QCOMPARE(window.profileView()->profile().total.params, std::int64_t(1235496));
        // The title names the file and marks unsaved changes.
        QVERIFY(window.windowTitle().startsWith("g.hlcnn.json[*]"));
        QVERIFY(!window.isWindowModified());
        const std::string first = window.designer()->document()->graph().nodes.front().id;
        window.designer()->document()->moveNodes({{first, QPointF(5, 5)}}, false);
        QVERIFY(window.isWindowModified());
        window.designer()->document()->undoStack()->undo();
        QVERIFY(!window.isWindowModified());
        QVERIFY(!window.openGraphFile(bad));
        // A refusal stays readable in the message log after the status bar clears.
        QVERIFY(window.messageLog()->count() > 0);
        QVERIFY(window.messageLog()->item(window.messageLog()->count() - 1)->text().contains("bad.json"));
        QVERIFY(window.openGraphFile(invalid));  // parses; the analysis reports the defect
        QVERIFY(failed.wait(10000));
        QVERIFY(failed.first().first().toString().contains("does not exist"));
        QCOMPARE(window.profileView()->tableModel()->rowCount(), 0);
    }

    // New graph forgets the file: the title says untitled and Save asks where (it wrote the empty
    // graph over the last file before). Open, a recent file and a zoo template do the same.
    void newGraphIsUntitledAndSaveAsksWhere() {
        QTemporaryDir dir;
        const QString variant = dir.path() + "/variant.hlcnn.json", other = dir.path() + "/other.hlcnn.json";
        saveGraphFile(models::buildModel("squeezenet1_1", {}), variant.toStdString());
        QFile original(variant);
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QByteArray before = original.readAll();
        original.close();

        MainWindow window;
        window.show();
        QVERIFY(window.openGraphFile(variant));
        QVERIFY(window.windowTitle().startsWith("variant.hlcnn.json"));
        window.findChild<QAction*>("newGraph")->trigger();
        QVERIFY2(window.designer()->filePath().isEmpty(), qPrintable(window.designer()->filePath()));
        QVERIFY2(window.windowTitle().startsWith(QCoreApplication::translate("hlcnn::MainWindow", "untitled")), qPrintable(window.windowTitle()));
        QVERIFY(window.designer()->document()->addNode("relu", QPointF(10, 10)).ok());

        QString dialogTitle;
        test::chooseInNextFileDialog(other, &dialogTitle);
        window.findChild<QAction*>("saveGraph")->trigger();
        QVERIFY2(!dialogTitle.isEmpty(), "Save on an untitled graph did not ask for a file");
        QVERIFY(original.open(QIODevice::ReadOnly));
        QCOMPARE(original.readAll(), before);   // the last file is untouched
        original.close();
        QVERIFY(QFileInfo::exists(other));
        QCOMPARE(readDesignFile(other.toStdString()).state.graph.nodes.size(), std::size_t(1));
        QVERIFY(window.windowTitle().startsWith("other.hlcnn.json"));
        QCOMPARE(window.designer()->filePath(), other);

        // A zoo template is untitled too: the title stops naming other.hlcnn.json.
        window.browser()->selectModel("mobilenet_v2");
        QTRY_VERIFY_WITH_TIMEOUT(window.designer()->document()->graph().nodes.size() > 10, 10000);
        QVERIFY(window.designer()->filePath().isEmpty());
        QVERIFY2(!window.windowTitle().contains("other.hlcnn.json"), qPrintable(window.windowTitle()));
    }

    // Revert drops the edits since the last save (after asking); Open with unsaved edits asks first,
    // and a recent file that was deleted is said so and taken off the list.
    void revertOpenAndRecentFilesKeepWork() {
        QTemporaryDir dir;
        const QString a = dir.path() + "/a.hlcnn.json", gone = dir.path() + "/gone.hlcnn.json";
        const Graph squeeze = models::buildModel("squeezenet1_1", {});
        saveGraphFile(squeeze, a.toStdString());
        saveGraphFile(models::buildModel("resnet18", {}), gone.toStdString());
        MainWindow window;
        window.show();
        QVERIFY(window.openGraphFile(gone));
        QVERIFY(window.openGraphFile(a));
        QVERIFY(QFile::remove(gone));

        QAction* revert = window.findChild<QAction*>("revertGraph");
        QVERIFY(!revert->isEnabled());   // nothing to revert
        QVERIFY(window.designer()->document()->addNode("relu", QPointF(10, 10)).ok());
        QVERIFY(revert->isEnabled());
        QString asked;
        test::pressInNextMessageBox(QMessageBox::Yes, &asked);
        revert->trigger();
        QVERIFY2(asked.contains("a.hlcnn.json"), qPrintable(asked));
        QVERIFY(window.designer()->document()->graph() == squeeze);
        QVERIFY(!window.isWindowModified());

        // An edit, then a recent file: the user is asked, and "No" keeps the edit.
        QVERIFY(window.designer()->document()->addNode("relu", QPointF(10, 10)).ok());
        QMenu* recent = nullptr;
        for (QMenu* m : window.findChildren<QMenu*>())
            if (m->title() == QCoreApplication::translate("hlcnn::MainWindow", "Open &recent")) recent = m;
        QVERIFY(recent);
        QAction* goneEntry = nullptr;
        for (QAction* act : recent->actions())
            if (act->text() == gone) goneEntry = act;
        QVERIFY(goneEntry);
        asked.clear();
        test::pressInNextMessageBox(QMessageBox::No, &asked);
        goneEntry->trigger();
        QVERIFY2(!asked.isEmpty(), "opening a recent file over unsaved changes did not ask");
        QCOMPARE(window.designer()->document()->graph().nodes.size(), squeeze.nodes.size() + 1);

        // Saved, then the deleted recent file: one message naming it, and it leaves the list.
        window.designer()->document()->undoStack()->setClean();
        test::pressInNextMessageBox(QMessageBox::Ok);   // the warning
        goneEntry->trigger();
        QVERIFY(window.messageLog()->item(window.messageLog()->count() - 1)->text().contains("gone.hlcnn.json"));
        QVERIFY(!QSettings().value("files/recent").toStringList().contains(gone));
        QCOMPARE(window.designer()->filePath(), a);
    }

    // Stopping a run in its first epoch (the Stop button, or quitting the window) keeps a
    // checkpoint of that step; Resume from checkpoint continues from it, and the run's every step
    // equals the same run never stopped.
    void stopInTheFirstEpochResumesExactly_data() {
        QTest::addColumn<bool>("byClosing");
        QTest::newRow("Stop button") << false;
        QTest::newRow("quitting the window") << true;
    }
    void stopInTheFirstEpochResumesExactly() {
        QFETCH(bool, byClosing);
        QTemporaryDir dir;
        QVERIFY(test::writeTinyIdx(dir.path() + "/idx", 20000, 50));
        LaunchRequest r;
        r.graph = test::tinyIdxNet();
        r.dataSpec = "idx:" + (dir.path() + "/idx").toStdString();
        r.config.epochs = 2;
        r.config.batch = 4;   // 5000 steps an epoch
        r.config.threads = 1;
        r.config.seed = 7;
        r.config.augmentation = Augmentation{0, false, false, 0};
        const QString straightDb = dir.path() + "/straight.sqlite", db = dir.path() + "/stopped.sqlite";
        {
            RunQueue straight(straightDb.toStdString());
            straight.submit(r);
            QTRY_COMPARE_WITH_TIMEOUT(straight.activeCount(), 0, 300000);
        }
        std::int64_t runId = 0;
        {
            MainWindow window;
            window.show();
            window.areas()->setCurrentWidget(window.runsView());
            window.runsView()->setDatabase(db);
            RunQueue* queue = window.runsView()->queue();
            const int ticket = queue->submit(r);
            auto mine = [&] { return queuedRun(*queue, ticket); };
            // The header counts the run as soon as it is queued (it said "0 run(s)").
            auto* status = window.runsView()->findChild<QLabel*>("runsStatus");
            QTRY_VERIFY2(status->text().startsWith("1 run"), qPrintable(status->text()));
            QTRY_VERIFY_WITH_TIMEOUT(mine().lastStep.step >= 20, 60000);
            runId = mine().runId;
            QVERIFY(mine().epochsDone == 0);
            QString asked;
            test::pressInNextMessageBox(QMessageBox::Yes, &asked);
            if (byClosing) {
                QVERIFY(!window.close());
            } else {
                auto* stop = window.runsView()->findChild<QToolButton*>("stopRuns");
                QTRY_VERIFY_WITH_TIMEOUT((window.runsView()->selectRuns({qint64(runId)}), stop->isEnabled()), 20000);
                stop->click();
            }
            QVERIFY2(!asked.isEmpty(), "stopping did not ask first");
            QTRY_COMPARE_WITH_TIMEOUT(queue->activeCount(), 0, 30000);
            QCOMPARE(QString::fromStdString(mine().phase), QString("cancelled"));
            if (byClosing) QTRY_VERIFY(!window.isVisible());
        }
        {
            ExperimentStore store(db.toStdString());
            const RunRecord run = store.run(runId);
            QCOMPARE(QString::fromStdString(run.state), QString("cancelled"));
            QVERIFY(store.epochs(runId).empty());
            QVERIFY(!store.steps(runId).empty());
            QCOMPARE(store.artifacts(runId).size(), std::size_t(1));
        }
        // A new window (as after a restart): the run can be resumed from the Runs area.
        MainWindow window;
        window.show();
        window.runsView()->setDatabase(db);
        QTRY_VERIFY_WITH_TIMEOUT(window.runsView()->rowOfRun(runId) >= 0, 20000);
        window.runsView()->selectRuns({qint64(runId)});
        auto* resume = window.runsView()->findChild<QToolButton*>("resumeFromCheckpoint");
        QTRY_VERIFY_WITH_TIMEOUT(resume->isEnabled(), 20000);
        resume->click();
        QTRY_VERIFY_WITH_TIMEOUT(window.runsView()->queue()->activeCount() == 0 &&
                                     ExperimentStore(db.toStdString(), false).run(runId).state == "completed", 300000);
        ExperimentStore a(straightDb.toStdString()), b(db.toStdString());
        const auto stepsA = a.steps(1), stepsB = b.steps(runId);
        QCOMPARE(stepsB.size(), stepsA.size());
        for (std::size_t i = 0; i < stepsA.size(); ++i) {
            QCOMPARE(stepsB[i].step, stepsA[i].step);
            QVERIFY2(stepsB[i].loss == stepsA[i].loss, qPrintable(QString("step %1").arg(stepsA[i].step)));
        }
        const auto epochsA = a.epochs(1), epochsB = b.epochs(runId);
        QCOMPARE(epochsB.size(), std::size_t(2));
        for (std::size_t e = 0; e < 2; ++e) {
            QCOMPARE(epochsB[e].trainLoss, epochsA[e].trainLoss);
            QCOMPARE(epochsB[e].val.top1, epochsA[e].val.top1);
        }
    }

    void latestRequestWins() {
        ProfileView view;
        QSignalSpy ready(&view, &ProfileView::profileReady);
        view.showGraph(models::buildModel("efficientnet_b0", {}));
        view.showGraph(models::buildModel("resnet18", {}));
        QVERIFY(ready.wait(10000));
        QTest::qWait(300);
        QCOMPARE(QString::fromStdString(view.profile().model), QString("resnet18"));
        QCOMPARE(ready.count(), 1);
    }
};

QTEST_MAIN(Workbench)
#include "tst_workbench.moc"
