// Takes the documentation's screenshots of the training launcher and the dashboard from the real
// main window (run it under Xvfb: packaging/screenshots.sh): the launcher on a zoo model with the
// data previewed, then a real training run queued from it, the dashboard grabbed while it trains
// (curves) and once it has epochs (detail with the confusion matrix).
// usage: hlcnn-screenshots --data SPEC --db FILE --out DIR [--seconds S] [--limit-train N]
#include "main_window.h"

#include "hlcnn/core/runtime_setup.h"
#include "hlcnn/experiments/run_queue.h"
#include "hlcnn/widgets/launcher_dialog.h"
#include "hlcnn/widgets/live_runs.h"
#include "hlcnn/widgets/number_format.h"
#include "hlcnn/widgets/run_detail.h"
#include "hlcnn/widgets/runs_view.h"
#include "hlcnn/widgets/training_curves.h"
#include "hlcnn/models/zoo.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTabWidget>
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

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    hlcnn::display::useCNumericLocale();
    hlcnn::configureProcess();
    QString data, db, out;
    int seconds = 240;
    long long limit = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        const QString k = argv[i], v = argv[i + 1];
        if (k == "--data") data = v;
        else if (k == "--db") db = v;
        else if (k == "--out") out = v;
        else if (k == "--seconds") seconds = v.toInt();
        else if (k == "--limit-train") limit = v.toLongLong();
    }
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
    waitFor([] { return false; }, 500);
    launcher.grab().save(out + "/launcher.png");
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
    return 0;
}
