// The report pack: one folder with everything a report or paper needs about a set of runs, the
// same from the GUI and from `hlcnn report pack` (headless: QCustomPlot drawn without a window).
// Figures as PDF, SVG and PNG (loss and top-1 curves, Pareto plots, the confusion matrix of the
// best run), the CSV data behind each, the comparison table as LaTeX (mean +/- std over seeds),
// Markdown and CSV, every run as CSV, and an index.md naming what is where.
// The folder is written under a temporary name and renamed at the end: nothing half-written.
#pragma once

#include "hlcnn/experiments/run_comparison.h"
#include "hlcnn/widgets/figure_export.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace hlcnn {

struct ReportPackRequest {
    QString database;
    std::vector<std::int64_t> runIds;   // empty: every run with at least one recorded epoch
    QString outputDir;                  // must not exist yet, or be an empty folder
    FigureSize figureSize{6.0, 4.0, 300};
};

struct ReportPackResult {
    QStringList files;   // relative to the folder, sorted
    QStringList notes;   // what was left out and why (no latency measured, runs without epochs)
};

// What a pack shows, read from the database (any thread): the runs with epochs, the best run's
// class names (from its checkpoint) and notes on what is left out. On failure `error` says why.
struct ReportPackData {
    std::vector<RunSummary> runs;
    QStringList bestClassNames;
    QStringList notes;
};
ReportPackData readReportPackData(const ReportPackRequest& request, QString* error);

// Draws the figures and writes the folder (GUI thread: figures are widgets). Returns "" and fills
// `result`, or one line saying what is wrong (nothing is left behind then).
QString writeReportPack(const ReportPackRequest& request, const ReportPackData& data, ReportPackResult* result);
// Both steps, for the CLI and tests.
QString writeReportPack(const ReportPackRequest& request, ReportPackResult* result);

}  // namespace hlcnn
