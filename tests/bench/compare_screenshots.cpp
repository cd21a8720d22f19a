// The documentation's screenshots of comparing (run it under Xvfb: packaging/compare-screenshots.sh).
//   --design FILE --out DIR   hlcnn_s (CIFAR stem) edited in the real designer through its undoable
//                             edits (ECA attention in stage 3, expand ratio 4 in stage 2), saved as a
//                             design file to train; grabs the designer showing it.
//   --db FILE --out DIR --diff NAME_A,NAME_B
//                             the real main window's Runs area on that database, every run selected,
//                             Compare pressed; grabs the Curves, Table and Pareto tabs (MACs and
//                             measured latency) and the
//                             architecture diff of the runs named A and B, then writes a report pack and copies
//                             its Pareto figure.
#include "main_window.h"

#include "hlcnn/core/runtime_setup.h"
#include "hlcnn/models/zoo.h"
#include "hlcnn/widgets/compare_view.h"
#include "hlcnn/widgets/design_file.h"
#include "hlcnn/widgets/designer_document.h"
#include "hlcnn/widgets/designer_widget.h"
#include "hlcnn/widgets/live_runs.h"
#include "hlcnn/widgets/number_format.h"
#include "hlcnn/widgets/runs_view.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QTranslator>
#include <QLibraryInfo>
#include <QLocale>

#include <cstdio>
#include <fstream>

namespace {

void settle(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

int fail(const QString& why) {
    std::fprintf(stderr, "%s\n", qPrintable(why));
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    hlcnn::display::useCNumericLocale();
    hlcnn::configureProcess();
    // The workbench's translation as lrelease built it (build/app/gui), and Qt's own: under
    // LANG=de_DE.UTF-8 the screenshots show the German GUI.
    QTranslator translator, qtTranslator;
    if (translator.load(QLocale(), "hlcnn", "_", QCoreApplication::applicationDirPath() + "/../app/gui"))
        QApplication::installTranslator(&translator);
    if (qtTranslator.load(QLocale(), "qtbase", "_", QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QString design, db, out, diff;
    for (int i = 1; i + 1 < argc; i += 2) {
        const QString k = argv[i], v = argv[i + 1];
        if (k == "--design") design = v;
        else if (k == "--db") db = v;
        else if (k == "--out") out = v;
        else if (k == "--diff") diff = v;
    }
    if (out.isEmpty() || design.isEmpty() == db.isEmpty())
        return fail("usage: hlcnn-compare-screenshots (--design FILE | --db FILE --diff NAME_A,NAME_B) --out DIR");
    hlcnn::MainWindow window;
    window.resize(1400, 860);
    window.show();

    if (!design.isEmpty()) {
        hlcnn::models::ModelOptions o;
        o.classes = 10;
        o.stem = hlcnn::models::Stem::Cifar;
        hlcnn::DesignerDocument* doc = window.designer()->document();
        doc->load(hlcnn::models::buildModel("hlcnn_s", o));
        doc->undoStack()->clear();
        for (const char* block : {"stage3.0", "stage3.1"})
            if (!doc->setAttribute(block, "attention", std::string("eca")).ok()) return fail(QString("cannot edit %1").arg(block));
        if (!doc->setAttribute("stage2.1", "expand_ratio", 4.0).ok()) return fail("cannot edit stage2.1");
        window.areas()->setCurrentWidget(window.designer());
        settle(1500);
        window.grab().save(out + "/designer-variant.png");
        std::ofstream file(design.toStdString());
        file << hlcnn::designFileText(doc->state());
        if (!file) return fail("cannot write " + design);
        return 0;
    }

    // The comparison wants the width: the zoo dock is closed, as a user would.
    if (auto* zoo = window.findChild<QDockWidget*>("zooDock")) zoo->hide();
    hlcnn::RunsView* runs = window.runsView();
    runs->setDatabase(db);
    QElapsedTimer t;
    t.start();
    while (runs->model()->rowCount() == 0 && t.elapsed() < 30000) settle(200);
    QList<qint64> ids;
    for (int r = 0; r < runs->model()->rowCount(); ++r) ids << runs->model()->index(r, hlcnn::RunsView::Id).data().toLongLong();
    if (ids.isEmpty()) return fail("no runs in " + db);
    runs->selectRuns(ids);
    hlcnn::CompareView* compare = window.compareView();
    QSignalSpy loaded(compare, &hlcnn::CompareView::loaded);
    Q_EMIT runs->compareRequested(ids);
    if (!loaded.wait(60000)) return fail("the comparison did not load");
    settle(1000);
    compare->tabs()->setCurrentIndex(0);
    settle(800);
    window.grab().save(out + "/compare-curves.png");
    compare->tabs()->setCurrentIndex(1);
    settle(800);
    window.grab().save(out + "/compare-table.png");
    compare->tabs()->setCurrentIndex(2);
    settle(800);
    window.grab().save(out + "/compare-pareto.png");
    compare->setParetoAxis(2);   // measured latency, with the runs' int8 points where recorded
    settle(800);
    window.grab().save(out + "/compare-pareto-latency.png");
    compare->setParetoAxis(0);
    const QStringList pair = diff.split(',');
    auto idNamed = [&](const QString& name) -> qint64 {
        for (const auto& [id, data] : runs->live()->runs())
            if (QString::fromStdString(data.run.name) == name) return id;
        return 0;
    };
    if (pair.size() != 2 || !compare->diffRuns(idNamed(pair[0]), idNamed(pair[1]))) return fail("--diff NAME_A,NAME_B: two compared runs");
    compare->tabs()->setCurrentIndex(3);
    settle(800);
    window.grab().save(out + "/compare-architecture-diff.png");

    QTemporaryDir work;
    QSignalSpy written(compare, &hlcnn::CompareView::reportPackWritten);
    compare->writeReportPackTo(work.filePath("pack"));
    if (!written.wait(120000)) return fail("the report pack was not written");
    const QString error = written.first().at(0).toString();
    const QStringList files = written.first().at(1).toStringList();
    if (!error.isEmpty()) return fail("report pack: " + error);
    QFile::remove(out + "/report-pareto-macs.png");
    if (!QFile::copy(work.filePath("pack/pareto_macs.png"), out + "/report-pareto-macs.png")) return fail("cannot copy the Pareto figure");
    std::printf("report pack: %d files\n", int(files.size()));
    return 0;
}
