// The comparison figures, drawn into a QCustomPlot: the same code fills the Compare view's plots
// and the report pack's files (headless), so what a user sees is what the report gets.
// Colours follow run_colors.h (an entry takes its first run's colour).
#pragma once

#include "hlcnn/experiments/compare_entries.h"

#include <QString>

#include <vector>

class QCustomPlot;

namespace hlcnn {

// One line per entry against epoch; a seed group is its mean with a +/- std band around it.
// `dashedTrain`: also the training value of the same kind, dashed (loss: train and val).
void plotEntryCurves(QCustomPlot* plot, const std::vector<RunSummary>& runs, const std::vector<CompareEntry>& entries,
                     EpochValue value, bool dashedTrain = false);
QString epochValueLabel(EpochValue value);

// Best top-1 (mean, with a +/- std error bar for seed groups) against a cost, every point
// labelled, the Pareto front drawn as a dashed line through its points. Logarithmic cost axis
// when the costs span more than a factor of 20. Returns how many entries have both figures.
int plotEntryPareto(QCustomPlot* plot, const std::vector<CompareEntry>& entries, CostAxis axis);
QString costAxisLabel(CostAxis axis);

}  // namespace hlcnn
