// The workbench's event-loop delay while it trains: opens the main window (offscreen under the
// benchmark script), queues two runs from the Runs area, selects both so their curves update live
// with EMA smoothing on, and measures how late a 10 ms timer in the GUI thread fires until every
// step curve holds the requested number of points. Prints one JSON line. A benchmark, not a test:
// tests/bench/gui_event_loop.sh runs it.
// With --earlier K, K runs are first trained to the same number of points without measuring, and
// stay selected: the plots then hold 6 x (K + 2) curves while the two measured runs train.
// usage: hlcnn-event-loop-probe --db FILE --data SPEC --graph FILE [--points N] [--earlier K] [--timeout S]
#include "main_window.h"

#include "hlcnn/core/graph_json.h"
#include "hlcnn/core/runtime_setup.h"
#include "hlcnn/experiments/run_queue.h"
#include "hlcnn/widgets/curve_plot.h"
#include "hlcnn/widgets/live_runs.h"
#include "hlcnn/widgets/number_format.h"
#include "hlcnn/widgets/runs_view.h"
#include "hlcnn/widgets/training_curves.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTabWidget>
#include <QTimer>

#include <algorithm>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    hlcnn::display::useCNumericLocale();
    hlcnn::configureProcess();
    std::string db, data, graphFile;
    long points = 100000;
    double timeout = 1800;
    int earlier = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--db") db = v;
        else if (k == "--data") data = v;
        else if (k == "--graph") graphFile = v;
        else if (k == "--points") points = std::stol(v);
        else if (k == "--timeout") timeout = std::stod(v);
        else if (k == "--earlier") earlier = std::stoi(v);
    }
    if (db.empty() || data.empty() || graphFile.empty()) {
        std::fprintf(stderr, "usage: hlcnn-event-loop-probe --db FILE --data SPEC --graph FILE [--points N] [--timeout S]\n");
        return 2;
    }
    hlcnn::MainWindow window;
    window.resize(1280, 800);
    window.show();
    hlcnn::RunsView* runs = window.runsView();
    window.areas()->setCurrentWidget(runs);
    runs->setDatabase(QString::fromStdString(db));
    runs->queue()->setLimits(2, 2);
    runs->curves()->setSmoothing(hlcnn::Smoothing::Ema, 0.6);
    const hlcnn::Graph graph = hlcnn::loadGraphFile(graphFile);
    auto request = [&](int seed) {
        hlcnn::LaunchRequest r;
        r.graph = graph;
        r.dataSpec = data;
        r.name = "event-loop probe " + std::to_string(seed);
        r.config.epochs = 1000;
        r.config.batch = 1;
        r.config.seed = std::uint64_t(seed);
        r.config.augmentation = hlcnn::Augmentation{0, false, false, 0};
        r.config.normalize = false;
        return r;
    };
    auto stepsHeld = [&](qint64 id) {
        const hlcnn::RunData* d = runs->live()->find(id);
        return d ? long(d->steps.size()) : 0L;
    };
    // Earlier runs, trained to `points` steps before anything is measured.
    QList<qint64> earlierIds;
    for (int k = 0; k < earlier; k += 2) {
        std::vector<int> batch;
        for (int seed = 101 + k; seed < 101 + k + 2 && seed < 101 + earlier; ++seed) batch.push_back(runs->queue()->submit(request(seed)));
        QEventLoop wait;
        QTimer poll;
        poll.setInterval(250);
        QObject::connect(&poll, &QTimer::timeout, &wait, [&] {
            QList<qint64> ids;
            for (const hlcnn::QueuedRun& q : runs->queue()->runs())
                if (q.runId && std::find(batch.begin(), batch.end(), q.ticket) != batch.end()) ids << q.runId;
            bool done = ids.size() == int(batch.size());
            for (qint64 id : ids) done = done && stepsHeld(id) >= points;
            if (done) {
                earlierIds << ids;
                runs->queue()->stopAll();
            }
            if (done || runs->queue()->activeCount() == 0) wait.quit();
        });
        poll.start();
        wait.exec();
        while (runs->queue()->activeCount() > 0) QApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    std::vector<int> tickets;
    for (int seed : {1, 2}) tickets.push_back(runs->queue()->submit(request(seed)));

    std::vector<double> delays;   // ms late, per probe tick
    QElapsedTimer clock, total;
    clock.start();
    total.start();
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(10);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const double elapsed = double(clock.nsecsElapsed()) / 1e6;
        clock.restart();
        delays.push_back(std::max(0.0, elapsed - 10.0));
    });

    QList<qint64> ids;
    long fewest = 0;
    int code = 0;
    QTimer watch;
    watch.setInterval(250);
    QObject::connect(&watch, &QTimer::timeout, [&] {
        if (ids.size() < 2) {
            ids.clear();
            for (const hlcnn::QueuedRun& q : runs->queue()->runs())
                if (q.runId && std::find(tickets.begin(), tickets.end(), q.ticket) != tickets.end()) ids << q.runId;
            if (ids.size() == 2) {
                runs->selectRuns(ids + earlierIds);
                probe.start();   // measured from here: both runs recorded and training
                clock.restart();
                total.restart();
            }
            for (const hlcnn::QueuedRun& q : runs->queue()->runs())
                if (q.phase == "failed") {
                    std::fprintf(stderr, "run failed: %s\n", q.message.c_str());
                    code = 2;
                    QCoreApplication::exit(code);   // not quit(): that would close the window, which asks about the runs
                }
            return;
        }
        fewest = -1;
        for (qint64 id : ids + earlierIds) {
            const long n = stepsHeld(id);
            fewest = fewest < 0 ? n : std::min(fewest, n);
        }
        const bool plotted = runs->curves()->lossPlot()->pointCount() >= (2 + earlierIds.size()) * points;
        if (std::getenv("HLCNN_PROBE_VERBOSE"))
            std::fprintf(stderr, "%.1f s: fewest %ld steps held, loss plot %lld points, %zu probes\n", double(total.elapsed()) / 1000.0,
                         fewest, static_cast<long long>(runs->curves()->lossPlot()->pointCount()), delays.size());
        if ((fewest >= points && plotted) || total.elapsed() > timeout * 1000) {
            if (fewest < points) code = 3;
            QCoreApplication::exit(code);   // not quit(): that would close the window, which asks about the runs
        }
    });
    watch.start();
    app.exec();
    probe.stop();
    runs->queue()->stopAll();
    while (runs->queue()->activeCount() > 0) QApplication::processEvents(QEventLoop::AllEvents, 50);

    std::vector<double> sorted = delays;
    std::sort(sorted.begin(), sorted.end());
    auto pct = [&](double p) { return sorted.empty() ? 0.0 : sorted[std::min(sorted.size() - 1, std::size_t(p * double(sorted.size())))]; };
    double mean = 0;
    for (double d : delays) mean += d;
    mean /= std::max<std::size_t>(1, delays.size());
    qsizetype plotPoints = 0;
    int curves = 0;
    for (hlcnn::CurvePlot* p : runs->curves()->plots()) plotPoints += p->pointCount(), curves += p->curveCount();
    std::printf("{\"p50_ms\": %.2f, \"p90_ms\": %.2f, \"p99_ms\": %.2f, \"max_ms\": %.2f, \"mean_ms\": %.2f, \"samples\": %zu, "
                "\"points\": %ld, \"plot_points_total\": %lld, \"curves\": %d, \"runs\": %d, \"seconds\": %.1f}\n",
                pct(0.5), pct(0.9), pct(0.99), sorted.empty() ? 0.0 : sorted.back(), mean, delays.size(), fewest,
                static_cast<long long>(plotPoints), curves, int(2 + earlierIds.size()), double(total.elapsed()) / 1000.0);
    return code;
}
