#include "hlcnn/widgets/report_pack.h"

#include "hlcnn/core/trainer.h"
#include "hlcnn/experiments/compare_entries.h"
#include "hlcnn/widgets/compare_figures.h"
#include "hlcnn/widgets/confusion_view.h"
#include "qcustomplot_include.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>

namespace hlcnn {

namespace {

struct PackError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

void writeText(const QString& dir, const QString& name, const std::string& text, QStringList& files) {
    QSaveFile f(QDir(dir).filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(text.data(), qint64(text.size())) != qint64(text.size()) || !f.commit())
        throw PackError("cannot write " + name.toStdString() + ": " + f.errorString().toStdString());
    files << name;
}

void writeFigure(QWidget* figure, QCustomPlot* plot, const QString& dir, const QString& base, const FigureSize& size,
                 QStringList& files) {
    for (FigureFormat format : {FigureFormat::Pdf, FigureFormat::Svg, FigureFormat::Png}) {
        const QString name = base + "." + figureSuffix(format);
        const QString path = QDir(dir).filePath(name);
        const QString error = plot ? exportPlot(plot, path, format, size) : exportWidget(figure, path, format, size);
        if (!error.isEmpty()) throw PackError(error.toStdString());
        files << name;
    }
}

std::string latexTableDocument(const Table& table, std::size_t runCount) {
    std::string out = "% Needs \\usepackage{booktabs}. Written by HL-CNN Workbench's report pack.\n";
    out += "\\begin{table}[t]\n\\centering\n\\small\n";
    out += "\\caption{Best and last validation top-1 (mean $\\pm$ sample std over seeds where a model was trained with "
           "several seeds), exact parameters and MACs, over " + std::to_string(runCount) + " runs.}\n";
    out += "\\label{tab:hlcnn-compare}\n";
    out += renderTable(table, TableFormat::Latex);
    out += "\\end{table}\n";
    return out;
}

std::string confusionCsv(const std::vector<std::int64_t>& counts, const QStringList& names) {
    const auto n = std::size_t(std::lround(std::sqrt(double(counts.size()))));
    Table t;
    t.header = {"true\\predicted"};
    auto name = [&](std::size_t i) { return int(i) < names.size() ? names[int(i)].toStdString() : std::to_string(i); };
    for (std::size_t c = 0; c < n; ++c) t.header.push_back(name(c));
    for (std::size_t r = 0; r < n; ++r) {
        std::vector<std::string> row{name(r)};
        for (std::size_t c = 0; c < n; ++c) row.push_back(std::to_string(counts[r * n + c]));
        t.rows.push_back(row);
    }
    return renderTable(t, TableFormat::Csv);
}

QStringList classNamesOf(const ExperimentStore& store, std::int64_t runId) {
    for (const Artifact& a : store.artifacts(runId)) {
        if (a.kind.rfind("checkpoint", 0) != 0) continue;
        try {
            QStringList names;
            for (const std::string& n : readCheckpointInfo(a.path).classNames) names << QString::fromStdString(n);
            if (!names.isEmpty()) return names;
        } catch (const std::exception&) {   // moved or deleted checkpoint: class indexes are shown
        }
    }
    return {};
}

ReportPackData readPack(const ReportPackRequest& request) {
    ReportPackData data;
    const ExperimentStore store(request.database.toStdString(), false);
    std::vector<std::int64_t> ids = request.runIds;
    if (ids.empty())
        for (const RunRecord& r : store.runs()) ids.push_back(r.id);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (std::int64_t id : ids) {
        if (!store.hasRun(id)) throw PackError("no run " + std::to_string(id) + " in " + request.database.toStdString());
        RunSummary s = summarizeRun(store, id);
        if (!s.epochs.empty() && !isFinishedState(s.run.state))
            data.notes << QString("run %1 (%2) is %3: it shows the %4 epoch(s) recorded so far")
                                .arg(id).arg(QString::fromStdString(s.run.name), QString::fromStdString(s.run.state)).arg(s.epochs.size());
        if (s.epochs.empty()) {
            data.notes << QString("run %1 (%2) has no recorded epoch and is left out").arg(id).arg(QString::fromStdString(s.run.name));
            continue;
        }
        data.runs.push_back(std::move(s));
    }
    if (data.runs.empty()) throw PackError("none of the runs has a recorded epoch: nothing to report");
    const auto best = std::max_element(data.runs.begin(), data.runs.end(), [](const RunSummary& a, const RunSummary& b) {
        return a.bestTop1.value_or(-1) < b.bestTop1.value_or(-1);
    });
    data.bestClassNames = classNamesOf(store, best->run.id);
    return data;
}

// Draws and writes every file into `dir`; on the GUI thread (the figures are widgets).
void drawPack(const ReportPackRequest& request, const ReportPackData& data, const QString& dir, ReportPackResult& result) {
    const std::vector<RunSummary>& runs = data.runs;
    result.notes = data.notes;
    const auto entries = compareEntries(runs, true);
    QStringList& files = result.files;
    QCustomPlot plot;
    plot.resize(request.figureSize.logicalWidth(), request.figureSize.logicalHeight());

    plotEntryCurves(&plot, runs, entries, EpochValue::ValLoss, true);
    applyPaperStyle(&plot);
    writeFigure(nullptr, &plot, dir, "curves_loss", request.figureSize, files);
    writeText(dir, "curves_loss.csv", entryCurvesCsv(runs, entries, {EpochValue::TrainLoss, EpochValue::ValLoss}), files);

    plotEntryCurves(&plot, runs, entries, EpochValue::ValTop1, false);
    applyPaperStyle(&plot);
    writeFigure(nullptr, &plot, dir, "curves_top1", request.figureSize, files);
    writeText(dir, "curves_top1.csv", entryCurvesCsv(runs, entries, {EpochValue::ValTop1}), files);

    for (CostAxis axis : {CostAxis::Macs, CostAxis::Params, CostAxis::Latency, CostAxis::DeviceLatency}) {
        const QString base = QString("pareto_%1").arg(axis == CostAxis::Macs ? "macs" : axis == CostAxis::Params ? "params" : axis == CostAxis::Latency ? "latency" : "device_latency");
        const bool any = std::any_of(entries.begin(), entries.end(), [&](const CompareEntry& e) { return entryCost(e, axis).has_value(); });
        if (!any) {
            result.notes << QString(axis == CostAxis::DeviceLatency ? "no run was profiled on a phone: %1 is not drawn (never estimated)"
                                                                    : "no run has a measured latency: %1 is not drawn (never estimated)").arg(base);
            continue;
        }
        plotEntryPareto(&plot, entries, axis);
        applyPaperStyle(&plot);
        writeFigure(nullptr, &plot, dir, base, request.figureSize, files);
        writeText(dir, base + ".csv", entryParetoCsv(entries, axis), files);
    }

    // The confusion matrix of the most accurate run, at its best epoch.
    const auto best = std::max_element(runs.begin(), runs.end(), [](const RunSummary& a, const RunSummary& b) {
        return a.bestTop1.value_or(-1) < b.bestTop1.value_or(-1);
    });
    const auto bestEpoch = std::find_if(best->epochs.begin(), best->epochs.end(), [&](const EpochMetrics& e) { return e.epoch == best->bestEpoch; });
    if (bestEpoch != best->epochs.end() && !bestEpoch->val.confusion.empty()) {
        const QStringList& names = data.bestClassNames;
        ConfusionView view;
        QPalette light;
        light.setColor(QPalette::Base, Qt::white);
        light.setColor(QPalette::Window, Qt::white);
        light.setColor(QPalette::Text, Qt::black);
        light.setColor(QPalette::WindowText, Qt::black);
        view.setPalette(light);
        view.setMatrix(bestEpoch->val.confusion, names,
                       QString("%1 (run %2), epoch %3: top-1 %4 %")
                           .arg(QString::fromStdString(best->run.name)).arg(best->run.id).arg(bestEpoch->epoch)
                           .arg(QString::fromStdString(fixedDecimals(bestEpoch->val.top1, 2))));
        FigureSize square = request.figureSize;
        square.heightInches = square.widthInches;
        writeFigure(&view, nullptr, dir, "confusion_best", square, files);
        writeText(dir, "confusion_best.csv", confusionCsv(bestEpoch->val.confusion, names), files);
    } else {
        result.notes << QString("the best run (%1) recorded no confusion matrix").arg(best->run.id);
    }

    const Table table = entryTable(runs, entries, CostAxis::Macs);
    writeText(dir, "table.tex", latexTableDocument(table, runs.size()), files);
    writeText(dir, "table.md", renderTable(table, TableFormat::Markdown), files);
    writeText(dir, "table.csv", renderTable(table, TableFormat::Csv), files);
    writeText(dir, "runs.csv", renderTable(comparisonTable(runs, CostAxis::Macs), TableFormat::Csv), files);

    std::string index = "# Report pack\n\n";
    index += "Written by HL-CNN Workbench on " + QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString() +
             " from `" + QFileInfo(request.database).absoluteFilePath().toStdString() + "`.\n\n";
    index += "## Runs\n\n" + renderTable(table, TableFormat::Markdown) + "\n";
    index += "Accuracy is the best validation top-1 over the recorded epochs; a model trained with several seeds is one row "
             "(mean ± sample standard deviation). Parameters and MACs are computed exactly from each run's graph.\n\n";
    index += "## Files\n\n";
    const std::vector<std::pair<std::string, std::string>> described{
        {"curves_loss", "validation loss (solid) and training loss (dashed) per epoch; bands: ± std over seeds"},
        {"curves_top1", "validation top-1 per epoch; bands: ± std over seeds"},
        {"pareto_macs", "best top-1 against MACs, Pareto front dashed"},
        {"pareto_params", "best top-1 against parameters, Pareto front dashed"},
        {"pareto_latency", "best top-1 against measured latency, Pareto front dashed"},
        {"confusion_best", "confusion matrix of the most accurate run at its best epoch (rows: true class)"},
        {"table", "the table above as LaTeX (booktabs), Markdown and CSV"},
        {"runs", "every run on its own, with the recipe fields that differ"}};
    for (const auto& [base, text] : described) {
        QStringList have;
        for (const QString& f : files)
            if (QFileInfo(f).completeBaseName() == QString::fromStdString(base)) have << f;
        if (have.isEmpty()) continue;
        index += "- " + text + ": " + have.join(", ").toStdString() + "\n";
    }
    if (!result.notes.isEmpty()) {
        index += "\n## Left out\n\n";
        for (const QString& n : result.notes) index += "- " + n.toStdString() + "\n";
    }
    writeText(dir, "index.md", index, files);
    files.sort();
}

}  // namespace

ReportPackData readReportPackData(const ReportPackRequest& request, QString* error) {
    try {
        return readPack(request);
    } catch (const std::exception& e) {
        *error = QString::fromStdString(e.what());
        return {};
    }
}

namespace {

// "" when the pack may be written to request.outputDir: a new folder, or an empty one.
QString checkOutputFolder(const ReportPackRequest& request) {
    namespace fs = std::filesystem;
    if (request.outputDir.isEmpty()) return QObject::tr("no output folder given");
    const fs::path target = fs::absolute(fs::path(request.outputDir.toStdString())).lexically_normal();
    std::error_code ec;
    if (fs::exists(target, ec) && (!fs::is_directory(target, ec) || !fs::is_empty(target, ec)))
        return QObject::tr("%1 already exists and is not an empty folder (nothing was written)").arg(request.outputDir);
    if (!fs::is_directory(target.parent_path(), ec))
        return QObject::tr("cannot write into %1: the folder does not exist").arg(QString::fromStdString(target.parent_path().string()));
    return {};
}

}  // namespace

QString writeReportPack(const ReportPackRequest& request, const ReportPackData& data, ReportPackResult* result) {
    namespace fs = std::filesystem;
    *result = {};
    if (const QString problem = checkOutputFolder(request); !problem.isEmpty()) return problem;
    if (data.runs.empty()) return QObject::tr("none of the runs has a recorded epoch: nothing to report");
    const fs::path target = fs::absolute(fs::path(request.outputDir.toStdString())).lexically_normal();
    const fs::path parent = target.parent_path();
    const QString temporary = QString::fromStdString((parent / ("." + target.filename().string() + ".partial")).string());
    QDir(temporary).removeRecursively();
    if (!QDir().mkdir(temporary)) return QObject::tr("cannot create a folder in %1").arg(QString::fromStdString(parent.string()));
    std::error_code ec;
    try {
        drawPack(request, data, temporary, *result);
        if (fs::exists(target, ec)) fs::remove(target, ec);   // the empty folder it replaces
        fs::rename(fs::path(temporary.toStdString()), target);
    } catch (const std::exception& e) {
        QDir(temporary).removeRecursively();
        *result = {};
        return QString::fromStdString(e.what());
    }
    return {};
}

QString writeReportPack(const ReportPackRequest& request, ReportPackResult* result) {
    *result = {};
    if (const QString problem = checkOutputFolder(request); !problem.isEmpty()) return problem;   // before reading anything
    QString error;
    const ReportPackData data = readReportPackData(request, &error);
    return error.isEmpty() ? writeReportPack(request, data, result) : error;
}

}  // namespace hlcnn
