// Takes the documentation's screenshots of the training launcher and the dashboard from the real
// main window (run it under Xvfb: packaging/screenshots.sh): the launcher on a zoo model with the
// data previewed and the time estimated, then a real training run queued from it, the dashboard
// grabbed while it trains (curves) and once it has epochs (detail with the confusion matrix), the
// run's int8 export report on its page, and the Runs area in German.
// usage: hlcnn-screenshots --data SPEC --db FILE --out DIR [--seconds S] [--limit-train N]
// With --profiler-model NAME it takes the profiler's shots instead: the zoo model (CIFAR stem)
// timed layer by layer on the native runtime, the profiler's layer table and the designer shaded
// by the measured time shares (profiler-native-times.png, designer-native-time-shares.png).
//        hlcnn-screenshots --profiler-model NAME [--width W] --out DIR
#include "main_window.h"

#include "hlcnn/core/graph_json.h"
#include "hlcnn/core/runtime_setup.h"
#include "hlcnn/experiments/run_queue.h"
#include "hlcnn/models/zoo.h"
#include "hlcnn/widgets/designer_widget.h"
#include "hlcnn/widgets/launcher_dialog.h"
#include "hlcnn/widgets/live_runs.h"
#include "hlcnn/widgets/number_format.h"
#include "hlcnn/widgets/profile_table_model.h"
#include "hlcnn/widgets/profile_view.h"
#include "hlcnn/widgets/recipe_form.h"
#include "hlcnn/widgets/run_detail.h"
#include "hlcnn/widgets/runs_view.h"
#include "hlcnn/widgets/training_curves.h"

#include "hlcnn/widgets/export_dialog.h"

#include <QApplication>
#include <QComboBox>
#include <QTranslator>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <string>

namespace {

// Runs the event loop until `done` or the time is up, checking ten times a second (an idle
// processEvents loop would spin the GUI thread and steal the runs' cores).
bool waitFor(const std::function<bool()>& done, int ms) {
    QElapsedTimer t;
    t.start();
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(100);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done() || t.elapsed() >= ms) loop.quit();
    });
    poll.start();
    if (!done()) loop.exec();
    return done();
}

// The profiler's shots of one zoo model (CIFAR stem), timed on the native runtime.
int profilerShots(const QString& name, double width, const QString& out) {
    QTemporaryDir dir;
    const QString path = dir.path() + "/" + name + ".hlcnn.json";
    hlcnn::models::ModelOptions o;
    o.stem = hlcnn::models::Stem::Cifar;
    o.classes = 10;
    o.width = width;
    hlcnn::saveGraphFile(hlcnn::models::buildModel(name.toStdString(), o), path.toStdString());
    hlcnn::MainWindow window;
    window.resize(1280, 800);
    window.show();
    hlcnn::ProfileView* profile = window.profileView();
    bool analysed = false, timed = false;
    QObject::connect(profile, &hlcnn::ProfileView::profileReady, [&] { analysed = true; });
    QObject::connect(profile, &hlcnn::ProfileView::layerTimesReady, [&] { timed = true; });
    if (!window.openGraphFile(path) || !waitFor([&] { return analysed; }, 60000)) return 2;
    window.areas()->setCurrentWidget(profile);
    profile->setTimingRuntime(hlcnn::LayerTimeRuntime::Native);
    profile->measureLayerTimes();
    if (!waitFor([&] { return timed; }, 300000)) {
        std::fprintf(stderr, "timing failed: %s\n", qPrintable(profile->timingText()));
        return 2;
    }
    profile->findChildren<QComboBox*>().front()->setCurrentIndex(1);   // rows: layers (the first combo box)
    waitFor([] { return false; }, 800);
    window.grab().save(out + "/profiler-native-times.png");
    window.areas()->setCurrentWidget(window.designer());
    waitFor([] { return false; }, 800);
    window.grab().save(out + "/designer-native-time-shares.png");
    std::printf("%s\n", qPrintable(profile->timingText()));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    hlcnn::display::useCNumericLocale();
    hlcnn::configureProcess();
    QString data, db, out, profilerModel;
    double width = 0.5;
    int seconds = 240;
    long long limit = 0;
    bool launcherOnly = false;  // the launcher's two shots (its recipe form folded and unfolded), no training
    for (int i = 1; i + 1 < argc; i += 2) {
        const QString k = argv[i], v = argv[i + 1];
        if (k == "--data") data = v;
        else if (k == "--db") db = v;
        else if (k == "--out") out = v;
        else if (k == "--seconds") seconds = v.toInt();
        else if (k == "--limit-train") limit = v.toLongLong();
        else if (k == "--profiler-model") profilerModel = v;
        else if (k == "--width") width = v.toDouble();
        else if (k == "--launcher-only")
            launcherOnly = v == "1";
    }
    if (!profilerModel.isEmpty() && !out.isEmpty()) return profilerShots(profilerModel, width, out);
    if (data.isEmpty() || db.isEmpty() || out.isEmpty()) {
        std::fprintf(stderr, "usage: hlcnn-screenshots --data SPEC --db FILE --out DIR [--seconds S] [--limit-train N]\n");
        return 2;
    }
    hlcnn::MainWindow window;
    window.resize(1280, 800);
    window.show();
    hlcnn::RunsView* runs = window.runsView();
    runs->setDatabase(db);
    window.areas()->setCurrentWidget(runs);

    hlcnn::LaunchModel model;
    model.zooName = "hlcnn_s";
    model.width = 0.5;
    model.stem = "cifar";
    model.graph = hlcnn::models::buildModel("hlcnn_s", {});
    hlcnn::LauncherDialog launcher(model, &window);
    launcher.applyPreset(2);
    launcher.show();
    launcher.setDataSpec(data);
    if (!waitFor([&] { return launcher.dataReady(); }, 900000)) {
        std::fprintf(stderr, "the data did not load: %s\n", qPrintable(launcher.dataMessage()));
        return 2;
    }
    launcher.setLimitTrain(limit);
    waitFor([&] { return launcher.estimatedEpochSeconds() > 0; }, 600000);
    std::printf("estimate: %s\n", qPrintable(launcher.estimateText()));
    waitFor([] { return false; }, 500);
    launcher.grab().save(out + "/launcher.png");
    if (launcherOnly) {
        launcher.recipeForm()->setMoreShown(true);
        waitFor([] { return false; }, 300);
        launcher.grab().save(out + "/launcher-more-settings.png");
        return 0;
    }
    QString error;
    auto requests = launcher.requests(&error);
    if (requests.empty()) {
        std::fprintf(stderr, "cannot queue: %s\n", qPrintable(error));
        return 2;
    }
    launcher.hide();
    requests[0].config.limitTrain = limit;
    requests[0].config.threads = 2;
    const int ticket = runs->queue()->submit(requests[0]);
    qint64 id = 0;
    waitFor([&] {
        for (const hlcnn::QueuedRun& q : runs->queue()->runs())
            if (q.ticket == ticket) id = q.runId;
        return id > 0 && runs->rowOfRun(id) >= 0;
    }, 600000);
    runs->selectRuns({id});
    runs->curves()->setSmoothing(hlcnn::Smoothing::Ema, 0.9);
    QElapsedTimer t;
    t.start();
    waitFor([&] {
        const hlcnn::RunData* d = runs->live()->find(id);
        return t.elapsed() > seconds * 1000 && d && d->epochs.size() >= 2;
    }, 3600000);
    waitFor([] { return false; }, 1500);
    window.grab().save(out + "/dashboard-cifar10.png");
    runs->findChild<QTabWidget*>()->setCurrentIndex(1);   // Detail
    runs->detail()->tabs()->setCurrentIndex(1);           // confusion matrix
    waitFor([] { return false; }, 1500);
    window.grab().save(out + "/run-detail-confusion.png");
    runs->queue()->stopAll();
    waitFor([&] { return runs->queue()->activeCount() == 0; }, 600000);
    const hlcnn::RunData* d = runs->live()->find(id);
    std::printf("run %lld: %zu epochs, last val top-1 %.2f\n", static_cast<long long>(id), d ? d->epochs.size() : 0,
                d && !d->epochs.empty() ? d->epochs.back().val.top1 : 0.0);

    // The int8 export from the run page, and its report kept there.
    hlcnn::ExportDialog exportDialog("run", QString::fromStdString(d->run.checkpointDir), QString::fromStdString(d->run.datasetSpec));
    exportDialog.setFormat("ptl");
    exportDialog.setInt8(true);
    hlcnn::ExportChoice choice = exportDialog.choice();
    choice.calibBatches = 8;
    bool exported = false;
    QObject::connect(runs->detail(), &hlcnn::RunDetail::exportFinished, [&](const QString& e, const QString&) {
        exported = true;
        if (!e.isEmpty()) std::fprintf(stderr, "export: %s\n", qPrintable(e));
    });
    runs->detail()->exportRun(choice);
    waitFor([&] { return exported; }, 1800000);
    waitFor([] { return false; }, 1500);
    window.grab().save(out + "/run-detail-int8-report.png");
    std::printf("%s\n", qPrintable(runs->detail()->exportStatus()));

    // The Runs area in German (a new window: strings are set when widgets are made).
    QTranslator german;
    if (german.load(QLocale(QLocale::German), "hlcnn", "_", HLCNN_QM_DIR)) QApplication::installTranslator(&german);
    hlcnn::MainWindow de;
    de.resize(1280, 800);
    de.show();
    de.runsView()->setDatabase(db);
    de.areas()->setCurrentWidget(de.runsView());
    waitFor([&] { return de.runsView()->rowOfRun(id) >= 0; }, 60000);
    de.runsView()->selectRuns({id});
    de.runsView()->findChild<QTabWidget*>()->setCurrentIndex(1);   // Detail
    waitFor([] { return false; }, 1500);
    de.grab().save(out + "/runs-german.png");
    return 0;
}
