// The report pack: one folder with everything a report or paper needs about a set of runs, the
// same from the GUI and from `hlcnn report pack` (headless: QCustomPlot drawn without a window).
// Figures as PDF, SVG and PNG (loss and top-1 curves, Pareto plots, the confusion matrix of the
// best run), the CSV data behind each, the comparison table as LaTeX (mean +/- std over seeds),
// Markdown and CSV, every run as CSV, and an index.md naming what is where.
// The folder is written under a temporary name and renamed at the end: nothing half-written.
#pragma once

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

// Returns "" and fills `result`, or one line saying what is wrong (nothing is left behind then).
QString writeReportPack(const ReportPackRequest& request, ReportPackResult* result);

}  // namespace hlcnn
