// Launching and watching runs in the workbench, offscreen: the curve arithmetic against direct
// formulas and the data itself; the launcher's data preview and model check; a run launched from
// the launcher that is paused, resumed and stopped from the Runs area while its state and curves
// update; two runs at once within the core budget; a run started by `hlcnn train` in another
// process appearing and updating live; header sorting by value.
#include "hlcnn/core/graph_json.h"
#include "hlcnn/experiments/experiment_store.h"
#include "hlcnn/experiments/run_queue.h"
#include "hlcnn/widgets/curve_math.h"
#include "hlcnn/widgets/confusion_view.h"
#include "hlcnn/widgets/curve_plot.h"
#include "hlcnn/widgets/launcher_dialog.h"
#include "hlcnn/widgets/live_runs.h"
#include "hlcnn/widgets/run_detail.h"
#include "hlcnn/widgets/runs_view.h"
#include "hlcnn/widgets/training_curves.h"
#include "support/modal_answer.h"
#include "support/painted_text.h"
#include "../widgets/src/qcustomplot_include.h"
#include "support/cli_process.h"
#include "support/tiny_idx_net.h"
#include "support/stored_runs.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <QListWidget>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include <cmath>
#include <random>
#include <set>

using namespace hlcnn;

namespace {


QString cellText(const RunsView& view, qint64 runId, int column) {
    const int row = view.rowOfRun(runId);
    return row < 0 ? QString() : view.model()->item(row, column)->text();
}

// The id of the run called `name` once it has at least `epochs` epochs on record (0: not yet).
qint64 runNamed(const RunsView& view, const std::string& name, std::size_t epochs) {
    for (const auto& [id, d] : view.live()->runs())
        if (d.run.name == name && d.epochs.size() >= epochs) return id;
    return 0;
}

QToolButton* button(const RunsView& view, const QString& text) {
    for (QToolButton* b : view.findChildren<QToolButton*>())
        if (b->text() == text) return b;
    return nullptr;
}

}  // namespace

class LiveRunsTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString data_;

    // A launcher for `model` with the test data previewed.
    void preview(LauncherDialog& dialog, const QString& spec) {
        QSignalSpy ready(&dialog, &LauncherDialog::previewReady);
        dialog.setDataSpec(spec);
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() > 0, 30000);
    }

    // `hlcnn train` of the tiny net in another process, recording into `db` as `name`, for a long time.
    bool startCliRun(QProcess& cli, const QString& db, const QString& name) {
        const QString graph = db + ".graph.hlcnn.json";
        saveGraphFile(test::tinyIdxNet(), graph.toStdString());
        cli.start(HLCNN_CLI, {"train", "--graph", graph, "--data", "idx:" + data_, "--db", db, "--epochs", "2000", "--batch", "10",
                              "--threads", "1", "--name", name, "--crop-padding", "0", "--no-flip"});
        return cli.waitForStarted();
    }

    TrainConfig slowRecipe() const {
        TrainConfig c;
        c.epochs = 2000;
        c.batch = 10;
        c.seed = 5;
        c.augmentation = Augmentation{0, false, false, 0};
        return c;
    }

private Q_SLOTS:
    void initTestCase() {
        data_ = dir_.path() + "/idx";
        QVERIFY(test::writeTinyIdx(data_, 200, 50));
    }

    // Every bucket's minimum and maximum survive decimation; nothing outside the data appears.
    void decimationKeepsEveryExtreme() {
        std::mt19937 rng(7);
        std::normal_distribution<double> noise(0, 1);
        std::vector<double> x, y;
        double v = 0;
        for (int i = 0; i < 100000; ++i) {
            x.push_back(i);
            v += noise(rng);
            y.push_back(i % 9973 == 0 ? v + 500 : v);   // isolated spikes a sampler would drop
        }
        const int buckets = 400;
        std::vector<double> dx, dy;
        decimateMinMax(x, y, 0, 99999, buckets, dx, dy);
        QVERIFY(dx.size() <= std::size_t(4 * buckets + 2));
        QVERIFY(std::is_sorted(dx.begin(), dx.end()));
        const double width = 99999.0 / buckets;
        for (int b = 0; b < buckets; ++b) {
            double lo = INFINITY, hi = -INFINITY;
            for (std::size_t i = 0; i < x.size(); ++i)
                if (std::floor(x[i] / width) == b) lo = std::min(lo, y[i]), hi = std::max(hi, y[i]);
            if (!std::isfinite(lo)) continue;
            QVERIFY2(std::find(dy.begin(), dy.end(), lo) != dy.end(), qPrintable(QString("bucket %1 min").arg(b)));
            QVERIFY2(std::find(dy.begin(), dy.end(), hi) != dy.end(), qPrintable(QString("bucket %1 max").arg(b)));
        }
        for (std::size_t i = 0; i < dx.size(); ++i) QCOMPARE(dy[i], y[std::size_t(dx[i])]);   // real points only
        // A zoomed range keeps its own extremes, plus one neighbour each side.
        decimateMinMax(x, y, 20000, 20100, buckets, dx, dy);
        QCOMPARE(dx.front(), 19999.0);
        QCOMPARE(dx.back(), 20101.0);
        QCOMPARE(dx.size(), std::size_t(103));
    }

    void smoothingMatchesItsFormula() {
        std::vector<double> y;
        for (int i = 0; i < 40; ++i) y.push_back(std::sin(i * 0.7) + 0.05 * i);
        const double w = 0.8;
        const std::vector<double> ema = emaDebiased(y, w);
        for (std::size_t i = 0; i < y.size(); ++i) {
            double num = 0;
            for (std::size_t k = 0; k <= i; ++k) num += (1 - w) * std::pow(w, double(i - k)) * y[k];
            QVERIFY(std::abs(ema[i] - num / (1 - std::pow(w, double(i + 1)))) < 1e-12);
        }
        QCOMPARE(ema[0], y[0]);   // de-biased: the first value is not pulled towards zero
        const std::vector<double> cma = centredMovingAverage(y, 7);
        for (std::size_t i = 0; i < y.size(); ++i) {
            const std::size_t reach = std::min<std::size_t>({3, i, y.size() - 1 - i});
            double sum = 0;
            for (std::size_t k = i - reach; k <= i + reach; ++k) sum += y[k];
            QVERIFY(std::abs(cma[i] - sum / double(2 * reach + 1)) < 1e-12);
        }
    }

    // The crosshair reports raw values whatever the smoothing; the plot gets decimated data.
    void plotHoverShowsRawValuesAndDrawsDecimated() {
        CurvePlot plot("test");
        plot.resize(800, 400);
        plot.show();
        std::vector<double> x, y;
        for (int i = 0; i < 100000; ++i) x.push_back(i), y.push_back(i % 2 ? 1.0 : 3.0);
        plot.setCurve("a", "run a", {Qt::blue}, x, y);
        plot.setSmoothing(Smoothing::Ema, 0.99);
        QTRY_VERIFY(plot.replotCount() > 0);
        QCOMPARE(plot.pointCount(), qsizetype(100000));
        QVERIFY2(plot.drawnPointCount() < 20000, qPrintable(QString::number(plot.drawnPointCount())));
        const QStringList at = plot.valuesAt(50001);
        QCOMPARE(at.size(), 1);
        QCOMPARE(at.first(), QString("run a: ") + QLocale().toString(1.0, 'g', 5));   // raw, not the smoothed ~2
        plot.appendToCurve("a", {100000, 100001}, {7, 8});
        QTRY_VERIFY(plot.pointCount() == 100002 && plot.valuesAt(100001).first().endsWith(QLocale().toString(8.0, 'g', 5)));
    }

    // Smoothing is for noisy measurements: the learning rate is the schedule itself, and its
    // one-cycle peak must read as the recipe's lr at the step where it is (it read 0.0036, late).
    void smoothingNeverTouchesTheSchedule() {
        TrainingCurves curves;
        curves.resize(1000, 700);
        curves.show();
        RunData run;
        run.run.id = 1;
        run.run.name = "one-cycle";
        const double peak = 0.004;
        for (int i = 0; i < 300; ++i) {
            StepMetrics s;
            s.epoch = 1 + i / 100, s.step = i + 1, s.stepsPerEpoch = 100;
            const double t = i / 299.0;   // the one-cycle shape: up for 30 %, then down
            s.lr = t < 0.3 ? peak * (0.04 + 0.96 * 0.5 * (1 - std::cos(M_PI * t / 0.3)))
                           : peak * 0.5 * (1 + std::cos(M_PI * (t - 0.3) / 0.7));
            s.loss = 2.0 - i * 0.003 + (i % 2 ? 0.2 : -0.2);
            run.steps.push_back(s);
        }
        curves.showRuns({&run});
        curves.setSmoothing(Smoothing::Ema, 0.9);
        QCOMPARE(int(curves.lossPlot()->smoothing()), int(Smoothing::Ema));
        QCOMPARE(int(curves.lrPlot()->smoothing()), int(Smoothing::None));
        // What QCustomPlot draws for the learning rate peaks at the recorded peak.
        QTRY_VERIFY(curves.lrPlot()->replotCount() > 0);
        double drawnMax = 0;
        for (int g = 0; g < curves.lrPlot()->plot()->graphCount(); ++g)
            for (auto it = curves.lrPlot()->plot()->graph(g)->data()->constBegin(); it != curves.lrPlot()->plot()->graph(g)->data()->constEnd(); ++it)
                drawnMax = std::max(drawnMax, it->value);
        double recordedMax = 0;
        for (const StepMetrics& s : run.steps) recordedMax = std::max(recordedMax, s.lr);
        QCOMPARE(drawnMax, recordedMax);
    }

    // Both axes of the confusion matrix name the classes: each class once left of its row
    // (horizontal) and once above its column (upwards), inside the widget, with both axis titles.
    void confusionMatrixLabelsBothAxes() {
        const QStringList names{"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};
        std::vector<std::int64_t> counts(100, 3);
        for (int i = 0; i < 10; ++i) counts[std::size_t(i * 11)] = 90;
        ConfusionView view;
        view.resize(520, 480);
        view.setMatrix(counts, names, "best epoch");
        const auto texts = test::paintedTexts(view);
        double firstRowY = 1e9, firstColumnX = 1e9;
        for (const auto& t : texts)
            if (t.text == "90") firstRowY = std::min(firstRowY, t.at.y()), firstColumnX = std::min(firstColumnX, t.at.x());
        QVERIFY(firstRowY < 1e9);
        for (const QString& name : names) {
            int rows = 0, columns = 0;
            for (const auto& t : texts) {
                if (t.text != name) continue;
                QVERIFY2(QRectF(view.rect()).contains(t.at), qPrintable(name));
                if (std::abs(t.degrees) < 1 && t.at.x() < firstColumnX) ++rows;
                if (std::abs(t.degrees + 90) < 1 && t.at.y() < firstRowY) ++columns;
            }
            QVERIFY2(rows == 1 && columns == 1, qPrintable(QString("%1: %2 row label(s), %3 column label(s)").arg(name).arg(rows).arg(columns)));
        }
        const auto has = [&](const QString& text) {
            return std::any_of(texts.begin(), texts.end(), [&](const auto& t) { return t.text == text; });
        };
        QVERIFY(has(ConfusionView::tr("predicted")) && has(ConfusionView::tr("true")));
    }

    // A run's first epoch point is shown from the start of training, not as a one-unit window
    // around it; a plot with nothing to show (a queued run) gets fresh axes and no empty legend;
    // the Runs table's growing columns fit their longest text from the start.
    void curvesOfAFreshRunAndColumnsThatFit() {
        CurvePlot plot("top-1");
        plot.resize(600, 400);
        plot.show();
        plot.setCurve("old", "old run · val top-1", {Qt::red, Qt::DashLine, true}, {3910, 7820}, {80, 85});
        QTRY_VERIFY(plot.replotCount() > 0);
        plot.clearCurves();
        plot.setCurve("a", "run · val top-1", {Qt::blue, Qt::DashLine, true}, {391}, {61.5});
        QTRY_VERIFY(plot.plot()->xAxis->range().upper < 1000);
        QCOMPARE(plot.plot()->xAxis->range().lower, 0.0);
        QVERIFY(plot.plot()->xAxis->range().upper >= 391);
        QVERIFY(plot.plot()->yAxis->range().contains(61.5));
        QVERIFY(plot.plot()->legend->visible());
        const int before = plot.replotCount();
        plot.clearCurves();
        plot.setCurve("queued", "queued run · val top-1", {Qt::blue, Qt::DashLine, true}, {}, {});
        QTRY_VERIFY(plot.replotCount() > before);
        QCOMPARE(plot.plot()->xAxis->range().lower, 0.0);
        QCOMPARE(plot.plot()->xAxis->range().upper, 1.0);   // not the old run's 391
        QVERIFY(!plot.plot()->legend->visible());

        const QString db = dir_.path() + "/columns.sqlite";
        {
            ExperimentStore store(db.toStdString());
            store.createRun(test::finishedRun("a run", 1000, 2));
        }
        RunsView view;
        view.resize(1400, 800);
        view.show();
        view.setDatabase(db);
        QTRY_VERIFY_WITH_TIMEOUT(view.model()->rowCount() == 1, 20000);
        const QFontMetrics fm(view.table()->font());
        for (const char* state : {"interrupted", "loading data", "cancelled", "completed"})
            QVERIFY2(view.table()->columnWidth(RunsView::State) > fm.horizontalAdvance(state) + 8, state);
        QVERIFY(view.table()->columnWidth(RunsView::Eta) > fm.horizontalAdvance("10:02:29") + 8);
    }

    void launcherPreviewsTheDataAndChecksTheModel() {
        LaunchModel model;
        model.graph = test::tinyIdxNet();
        LauncherDialog dialog(model);
        preview(dialog, "idx:" + data_);
        QVERIFY(dialog.dataReady());
        // The preview against the data as written: 10 classes of 20 training and 5 test images.
        QCOMPARE(dialog.classTable()->rowCount(), 10);
        for (int c = 0; c < 10; ++c) {
            QCOMPARE(dialog.classTable()->item(c, 1)->text(), QLocale().toString(20));
            QCOMPARE(dialog.classTable()->item(c, 2)->text(), QLocale().toString(5));
        }
        QVERIFY(dialog.sampleCount() >= 10);
        QVERIFY(dialog.dataMessage().contains("1x28x28"));
        QVERIFY(dialog.modelMessage().isEmpty());
        dialog.setSeedCount(3);
        QString error;
        const auto requests = dialog.requests(&error);
        QCOMPARE(requests.size(), std::size_t(3));
        std::set<std::uint64_t> seeds;
        for (const auto& r : requests) {
            seeds.insert(r.config.seed);
            QCOMPARE(r.tags.size(), std::size_t(1));   // the seed group's tag
            QCOMPARE(r.tags[0], requests[0].tags[0]);
        }
        QCOMPARE(seeds.size(), std::size_t(3));

        // A designed model that does not fit the data is named as such and cannot be queued.
        LaunchModel wrong;
        wrong.graph = test::tinyIdxNet(10, 8, 3);
        LauncherDialog refusing(wrong);
        preview(refusing, "idx:" + data_);
        QVERIFY(refusing.modelMessage().contains("takes [3, 8, 8] images") || refusing.modelMessage().contains("takes"));
        QVERIFY(refusing.requests(&error).empty());
        QVERIFY(!error.isEmpty());

        // A zoo model is rebuilt for the data: 1 channel, 28x28, 10 classes.
        LaunchModel zoo;
        zoo.zooName = "hlcnn_s";
        zoo.width = 0.25;
        LauncherDialog rebuilt(zoo);
        preview(rebuilt, "idx:" + data_);
        QVERIFY(rebuilt.dataReady());
        QVERIFY2(rebuilt.modelMessage().isEmpty(), qPrintable(rebuilt.modelMessage()));
        const auto zooRequests = rebuilt.requests(&error);
        QCOMPARE(zooRequests.size(), std::size_t(1));
        QCOMPARE(zooRequests[0].graph.input.dims, (std::vector<std::int64_t>{1, 28, 28}));
        QVERIFY(QString::fromStdString(zooRequests[0].name).contains("w0.25"));   // names tell runs apart

        // Missing data: a clear message, nothing to queue.
        LauncherDialog missing(model);
        preview(missing, "idx:" + dir_.path() + "/nothing-here");
        QVERIFY(!missing.dataReady());
        QVERIFY(missing.dataMessage().contains("nothing-here"));
    }

    // A quick try: the launcher limits the training images, and before anything is queued it
    // estimates the time per epoch and in total from training steps of this model measured here.
    // The estimate is checked against its own parts and against a real epoch of the same recipe.
    void launcherLimitsImagesAndEstimatesTheTime() {
        LaunchModel zoo;
        zoo.zooName = "hlcnn_s";
        zoo.width = 0.25;
        LauncherDialog dialog(zoo);
        QSignalSpy estimated(&dialog, &LauncherDialog::estimateReady);
        TrainConfig recipe;
        recipe.epochs = 3;
        recipe.batch = 16;
        recipe.threads = 1;
        recipe.augmentation = Augmentation{0, false, false, 0};
        dialog.setRecipe(recipe);
        preview(dialog, "idx:" + data_);   // 200 training, 50 test images
        QTRY_VERIFY_WITH_TIMEOUT(estimated.count() > 0 && dialog.measuredStepSeconds() > 0, 60000);
        const double step = dialog.measuredStepSeconds();
        const auto stepsShown = [&] { return QRegularExpression("\\((\\d+) steps x").match(dialog.estimateText()).captured(1); };
        QCOMPARE(stepsShown(), QString("13"));   // ceil(200 / 16)
        QVERIFY(dialog.estimatedEpochSeconds() > 13 * step);   // the steps, and evaluating the test set

        const double evaluation = dialog.estimatedEpochSeconds() - 13 * step;
        dialog.setLimitTrain(40);   // 3 steps an epoch, the same evaluation
        QCOMPARE(stepsShown(), QString("3"));
        QCOMPARE(dialog.estimatedEpochSeconds(), 3 * step + evaluation);
        QString error;
        auto requests = dialog.requests(&error);
        QVERIFY2(requests.size() == 1, qPrintable(error));
        QCOMPARE(requests[0].config.limitTrain, std::int64_t(40));
        QCOMPARE(requests[0].config.epochs, 3);

        // A preset names its values only while they are its own (it kept its name after edits).
        auto* preset = dialog.findChild<QComboBox*>("preset");
        dialog.applyPreset(2);
        QCOMPARE(preset->currentIndex(), 2);
        QCOMPARE(dialog.config().optimizer, std::string("adamw"));
        dialog.findChild<QDoubleSpinBox*>("lr")->setValue(0.123);  // by hand
        QCOMPARE(preset->currentIndex(), 0);   // Custom
        dialog.setRecipe(recipe);

        // The next launcher starts from the data used last (it forgot them).
        {
            LauncherDialog next(zoo);
            QSignalSpy ready(&next, &LauncherDialog::previewReady);
            QTRY_VERIFY_WITH_TIMEOUT(next.dataReady(), 30000);
            QVERIFY(next.dataMessage().contains("idx:"));
        }

        // The same recipe for real: the epochs it records are near the estimate (a generous band;
        // a loaded machine moves both).
        requests[0].config.limitTrain = 0;
        requests[0].config.outDir.clear();
        const QString db = dir_.path() + "/estimate.sqlite";
        {
            RunQueue queue(db.toStdString());
            queue.submit(requests[0]);
            QTRY_COMPARE_WITH_TIMEOUT(queue.activeCount(), 0, 120000);
        }
        dialog.setLimitTrain(0);
        const double estimate = dialog.estimatedEpochSeconds();
        ExperimentStore store(db.toStdString());
        const auto epochs = store.epochs(store.runs().front().id);
        QCOMPARE(epochs.size(), std::size_t(3));
        const double measured = epochs.back().seconds;
        qInfo("estimated %.3f s an epoch, measured %.3f s", estimate, measured);
        QVERIFY2(measured > estimate / 5 && measured < estimate * 5, qPrintable(QString("estimated %1 s, measured %2 s").arg(estimate).arg(measured)));
    }

    void launchedRunIsWatchedPausedResumedAndStopped() {
        const QString db = dir_.path() + "/gui.sqlite";
        RunsView view;
        view.resize(1200, 900);
        view.show();
        view.live()->setInterval(200);
        view.setDatabase(db);
        LaunchModel model;
        model.graph = test::tinyIdxNet();
        LauncherDialog dialog(model);
        preview(dialog, "idx:" + data_);
        QVERIFY(dialog.dataReady());
        dialog.setRecipe(slowRecipe());
        auto requests = dialog.requests();
        QCOMPARE(requests.size(), std::size_t(1));
        const int ticket = view.queue()->submit(requests[0]);
        qint64 id = 0;
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     for (const QueuedRun& q : view.queue()->runs())
                                         if (q.ticket == ticket) id = q.runId;
                                     return id > 0 && view.rowOfRun(id) >= 0;
                                 }()),
                                 60000);
        QTRY_COMPARE_WITH_TIMEOUT(cellText(view, id, RunsView::State), QString("running"), 30000);
        view.selectRuns({id});
        QCOMPARE(view.selectedRunIds(), QList<qint64>{id});
        // The curves grow while it trains (steps reach the store about every 2 s).
        QTRY_VERIFY_WITH_TIMEOUT(view.curves()->lossPlot()->pointCount() > 0, 30000);
        const qsizetype before = view.curves()->lossPlot()->pointCount();
        QTRY_VERIFY_WITH_TIMEOUT(view.curves()->lossPlot()->pointCount() > before, 30000);
        QVERIFY(view.curves()->lrPlot()->pointCount() > 0 && view.curves()->speedPlot()->pointCount() > 0);
        QVERIFY(!cellText(view, id, RunsView::Progress).isEmpty());

        QToolButton* pause = button(view, "Pause");
        QVERIFY(pause && pause->isEnabled());
        pause->click();
        QTRY_COMPARE_WITH_TIMEOUT(cellText(view, id, RunsView::State), QString("paused"), 30000);
        QToolButton* resume = button(view, "Resume");
        QTRY_VERIFY(resume->isEnabled());
        resume->click();
        QTRY_COMPARE_WITH_TIMEOUT(cellText(view, id, RunsView::State), QString("running"), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!view.live()->find(id)->epochs.empty(), 60000);   // an epoch, so the detail has a matrix
        QTRY_VERIFY_WITH_TIMEOUT(view.detail()->summaryText().contains("tiny"), 10000);
        QToolButton* stop = button(view, "Stop");
        QVERIFY(stop->isEnabled());
        QString asked;
        test::pressInNextMessageBox(QMessageBox::Yes, &asked);   // Stop asks first
        stop->click();
        QVERIFY2(asked.contains("checkpoint"), qPrintable(asked));
        QTRY_COMPARE_WITH_TIMEOUT(cellText(view, id, RunsView::State), QString("cancelled"), 30000);   // not failed
        QTRY_COMPARE_WITH_TIMEOUT(QString::fromStdString(view.live()->find(id)->run.state), QString("cancelled"), 10000);
        QTRY_VERIFY(view.detail()->confusion()->classes() == 10);
        QVERIFY(view.detail()->files()->rowCount() >= 1);   // last.ckpt and best.ckpt on record
        QVERIFY(button(view, "Resume from checkpoint")->isEnabled());

        // Misclassified test images of the best checkpoint: as many as its confusion matrix has off
        // the diagonal (up to 60), each with its true label as written in the data (i % 10).
        QSignalSpy shown(view.detail(), &RunDetail::mistakesShown);
        view.detail()->findMistakes();
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() == 1, 60000);
        const RunData* d = view.live()->find(id);
        const EpochMetrics* best = &d->epochs.front();
        for (const EpochMetrics& e : d->epochs)
            if (e.val.top1 > best->val.top1) best = &e;
        std::int64_t wrong = 0;
        for (int t = 0; t < 10; ++t)
            for (int p = 0; p < 10; ++p)
                if (t != p) wrong += best->val.confusion[std::size_t(t * 10 + p)];
        QCOMPARE(view.detail()->mistakes()->count(), int(std::min<std::int64_t>(wrong, 60)));
        const QRegularExpression caption("^#(\\d+) true: (\\d)\\npredicted: (\\d) ");
        for (int i = 0; i < view.detail()->mistakes()->count(); ++i) {
            const auto m = caption.match(view.detail()->mistakes()->item(i)->text());
            QVERIFY2(m.hasMatch(), qPrintable(view.detail()->mistakes()->item(i)->text()));
            QCOMPARE(m.captured(2).toInt(), m.captured(1).toInt() % 10);   // the data's own label
            QVERIFY(m.captured(3) != m.captured(2));
        }
        // Filtered by true class, then by predicted class too: exactly the confusion matrix's cells.
        int worstTrue = 0, worstPredicted = 1;
        for (int t = 0; t < 10; ++t)
            for (int p = 0; p < 10; ++p)
                if (t != p && best->val.confusion[std::size_t(t * 10 + p)] > best->val.confusion[std::size_t(worstTrue * 10 + worstPredicted)])
                    worstTrue = t, worstPredicted = p;
        std::int64_t rowWrong = 0;
        for (int p = 0; p < 10; ++p)
            if (p != worstTrue) rowWrong += best->val.confusion[std::size_t(worstTrue * 10 + p)];
        view.detail()->mistakesTrueFilter()->setCurrentIndex(worstTrue + 1);
        QCOMPARE(view.detail()->mistakes()->count(), int(std::min<std::int64_t>(rowWrong, 60)));
        for (int i = 0; i < view.detail()->mistakes()->count(); ++i)
            QCOMPARE(caption.match(view.detail()->mistakes()->item(i)->text()).captured(2).toInt(), worstTrue);
        view.detail()->mistakesPredictedFilter()->setCurrentIndex(worstPredicted + 1);
        QCOMPARE(view.detail()->mistakes()->count(),
                 int(std::min<std::int64_t>(best->val.confusion[std::size_t(worstTrue * 10 + worstPredicted)], 60)));
        for (int i = 0; i < view.detail()->mistakes()->count(); ++i)
            QCOMPARE(caption.match(view.detail()->mistakes()->item(i)->text()).captured(3).toInt(), worstPredicted);

        // Delete, confirmed: the record goes, then its checkpoint files.
        const QString folder = QString::fromStdString(d->run.checkpointDir);
        QVERIFY(QFileInfo::exists(folder + "/last.ckpt"));
        QToolButton* remove = button(view, "Delete...");
        QTRY_VERIFY(remove->isEnabled());
        QSignalSpy said(&view, &RunsView::message);
        QTimer::singleShot(300, [] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) box->button(QMessageBox::Yes)->click();
            else qWarning("no message box");
        });
        remove->click();
        QTRY_VERIFY_WITH_TIMEOUT(said.count() > 0, 30000);
        QVERIFY2(said.last().first().toString().startsWith("Deleted 1 run"), qPrintable(said.last().first().toString()));
        QTRY_VERIFY_WITH_TIMEOUT(view.rowOfRun(id) < 0, 30000);
        QVERIFY(!view.live()->find(id));
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(folder + "/last.ckpt") && !QFileInfo::exists(folder + "/best.ckpt"), 10000);
        QVERIFY(!ExperimentStore(db.toStdString()).hasRun(id));
    }

    void twoRunsAtOnceStayWithinTheCoreBudget() {
        RunsView view;
        view.live()->setInterval(200);
        view.setDatabase(dir_.path() + "/two.sqlite");
        view.queue()->setLimits(2, 2);
        std::vector<int> tickets;
        for (int seed : {1, 2}) {
            LaunchRequest r;
            r.graph = test::tinyIdxNet();
            r.dataSpec = "idx:" + data_.toStdString();
            r.config = slowRecipe();
            r.config.seed = std::uint64_t(seed);
            r.name = "pair " + std::to_string(seed);
            tickets.push_back(view.queue()->submit(r));
        }
        int most = 0, threads = 0;
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     most = std::max(most, view.queue()->trainingCount());
                                     threads = std::max(threads, view.queue()->threadsInUse());
                                     int running = 0;
                                     for (int r = 0; r < view.model()->rowCount(); ++r)
                                         running += view.model()->item(r, RunsView::State)->text() == "running";
                                     return running == 2;
                                 }()),
                                 60000);
        QCOMPARE(most, 2);
        QVERIFY(threads <= 2);
        view.queue()->stopAll();
        QTRY_COMPARE_WITH_TIMEOUT(view.queue()->activeCount(), 0, 30000);
    }

    // A run trained by the CLI into the same database shows up and updates while it trains.
    void cliRunAppearsLive() {
        const QString db = dir_.path() + "/cli.sqlite";
        QProcess cli;
        QVERIFY(startCliRun(cli, db, "from-the-terminal"));
        RunsView view;
        view.live()->setInterval(200);
        view.setDatabase(db);
        qint64 id = 0;
        QTRY_VERIFY_WITH_TIMEOUT((id = runNamed(view, "from-the-terminal", 0)) > 0 && cellText(view, id, RunsView::State) == "running",
                                 60000);
        view.selectRuns({id});
        QTRY_VERIFY_WITH_TIMEOUT(view.curves()->lossPlot()->pointCount() > 0, 30000);
        const qsizetype seen = view.curves()->lossPlot()->pointCount();
        QTRY_VERIFY_WITH_TIMEOUT(view.curves()->lossPlot()->pointCount() > seen, 30000);   // new steps, read incrementally
        QVERIFY(!button(view, "Pause")->isEnabled());   // another process's run: controlled there
        cli.terminate();                                  // SIGTERM: the CLI stops it cleanly
        QVERIFY(cli.waitForFinished(60000));
        QTRY_COMPARE_WITH_TIMEOUT(cellText(view, id, RunsView::State), QString("cancelled"), 30000);
    }

    // A run whose process crashed shows as interrupted and resumes from the GUI, in its own record.
    void crashedRunResumesFromTheGui() {
        const QString db = dir_.path() + "/crash.sqlite";
        QProcess cli;
        QVERIFY(startCliRun(cli, db, "crashes"));
        RunsView view;
        view.live()->setInterval(200);
        view.setDatabase(db);
        qint64 id = 0;
        QTRY_VERIFY_WITH_TIMEOUT((id = runNamed(view, "crashes", 2)) > 0, 60000);
        cli.kill();   // SIGKILL: no chance to record anything
        QVERIFY(cli.waitForFinished(30000));
        QTRY_COMPARE_WITH_TIMEOUT(cellText(view, id, RunsView::State), QString("interrupted"), 30000);
        view.selectRuns({id});
        QToolButton* resume = button(view, "Resume from checkpoint");
        QTRY_VERIFY(resume->isEnabled());
        const std::size_t epochsBefore = view.live()->find(id)->epochs.size();
        resume->click();
        QTRY_COMPARE_WITH_TIMEOUT(cellText(view, id, RunsView::State), QString("running"), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(view.live()->find(id)->epochs.size() > epochsBefore, 60000);
        QCOMPARE(view.live()->runs().size(), std::size_t(1));   // the same record, continued
        QVERIFY(view.live()->find(id)->run.claims >= 1);
        view.queue()->stopAll();
        QTRY_COMPARE_WITH_TIMEOUT(cellText(view, id, RunsView::State), QString("cancelled"), 30000);
    }

    void headerClicksSortByValue() {
        const QString db = dir_.path() + "/sort.sqlite";
        {
            ExperimentStore store(db.toStdString());
            for (std::int64_t params : {900, 12000, 35}) {
                store.createRun(test::finishedRun("p" + std::to_string(params), params));
            }
        }
        RunsView view;
        view.resize(1400, 600);
        view.show();
        view.setDatabase(db);
        QTRY_COMPARE_WITH_TIMEOUT(view.model()->rowCount(), 3, 10000);
        QHeaderView* header = view.table()->horizontalHeader();
        const QPoint at(header->sectionViewportPosition(RunsView::Params) + 5, header->height() / 2);
        auto column = [&] {
            QStringList names;
            for (int r = 0; r < view.sorted()->rowCount(); ++r) names << view.sorted()->index(r, RunsView::Name).data().toString();
            return names;
        };
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at);
        const QStringList first = column();
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at);
        const QStringList second = column();
        // By value, not by text ("12,000" < "35" < "900" as strings).
        const QStringList ascending{"p35", "p900", "p12000"}, descending{"p12000", "p900", "p35"};
        QVERIFY2((first == ascending && second == descending) || (first == descending && second == ascending),
                 qPrintable(first.join(' ') + " / " + second.join(' ')));
    }
};

QTEST_MAIN(LiveRunsTest)
#include "tst_live_runs.moc"
