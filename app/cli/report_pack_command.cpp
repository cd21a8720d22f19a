// hlcnn report pack: the GUI's report pack, headless (QCustomPlot drawn offscreen, no window).
#include "arguments.h"
#include "commands.h"
#include "store_access.h"

#include "hlcnn/widgets/report_pack.h"

#include <QApplication>
#include <QByteArray>
#include <QLocale>

#include <filesystem>
#include <iostream>
#include <sstream>

namespace hlcnn::cli {

namespace {

constexpr const char* kUsage =
    "usage: hlcnn report pack [--db FILE] --runs all|ID,ID,... -o DIR [--width INCHES] [--height INCHES] [--dpi N]";

std::vector<std::int64_t> runList(const std::string& text) {
    if (text == "all") return {};
    std::vector<std::int64_t> ids;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        const std::int64_t id = runId(item);
        for (std::int64_t seen : ids)
            if (seen == id) throw UsageError("--runs: run " + std::to_string(id) + " is given twice");
        ids.push_back(id);
    }
    if (ids.empty()) throw UsageError("--runs takes all or run ids separated by commas, got '" + text + "'");
    return ids;
}

}  // namespace

int runReportPackWithFigures(const Arguments& parsed) {
    if (!parsed.has("runs")) throw UsageError(std::string("--runs all|ID,ID,... is required; ") + kUsage);
    if (!parsed.has("output")) throw UsageError(std::string("-o DIR is required (a new or empty folder); ") + kUsage);
    ReportPackRequest request;
    request.runIds = runList(parsed.value("runs"));
    request.outputDir = QString::fromStdString(parsed.value("output"));
    request.figureSize.widthInches = parsed.real("width", 6.0);
    request.figureSize.heightInches = parsed.real("height", 4.0);
    request.figureSize.dpi = int(boundedInteger(parsed, "dpi", 300, 72, 1200));
    if (const QString problem = checkFigureSize(request.figureSize); !problem.isEmpty()) throw UsageError(problem.toStdString());
    const std::string db = databasePath(parsed);
    std::error_code ec;
    if (!std::filesystem::exists(db, ec)) throw UsageError("no experiment database at " + db + " (--db FILE)");
    openStore(parsed, false);   // a file that is not a database, or a newer one: one clear line
    request.database = QString::fromStdString(db);

    // Figures need a QApplication (QCustomPlot is a widget); offscreen: no display, no window.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    // Qt's notes about the session (no XDG_RUNTIME_DIR, fonts) are not the command's output: the
    // contract is one line on failure. Qt's critical messages still reach stderr.
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& text) {
        if (type == QtCriticalMsg || type == QtFatalMsg) std::cerr << "hlcnn: Qt: " << text.toStdString() << "\n";
    });
    int argc = 1;
    char name[] = "hlcnn";
    char* argv[] = {name, nullptr};
    QApplication app(argc, argv);
    // The CLI's figures have English labels: numbers on their axes follow them ("0.5"), whatever
    // LANG says; the GUI's exports follow the GUI's language.
    QLocale::setDefault(QLocale::c());
    ReportPackResult result;
    const QString error = writeReportPack(request, &result);
    if (!error.isEmpty()) throw UsageError(error.toStdString());
    std::cout << "wrote " << result.files.size() << " files to " << parsed.value("output") << "\n";
    for (const QString& f : result.files) std::cout << "  " << f.toStdString() << "\n";
    for (const QString& n : result.notes) std::cout << "note: " << n.toStdString() << "\n";
    return 0;
}

}  // namespace hlcnn::cli
