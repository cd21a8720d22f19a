// The live curves of the runs selected in the Runs area, overlaid: loss (train per step, val per
// epoch), top-1 (train and val; top-5 on demand), learning rate and images/s, against step, epoch
// or wall time, with smoothing, log scale and a crosshair. New steps are appended, not redrawn.
#pragma once

#include "hlcnn/widgets/curve_plot.h"

#include <QHash>
#include <QWidget>

#include <cstdint>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;

namespace hlcnn {

struct RunData;
struct StepMetrics;

enum class CurveAxis { Step, Epoch, WallTime };

class TrainingCurves : public QWidget {
    Q_OBJECT
public:
    explicit TrainingCurves(QWidget* parent = nullptr);

    // The runs to show, each with its current data; call again whenever any changed.
    void showRuns(const std::vector<const RunData*>& runs);
    void setAxis(CurveAxis axis);
    void setSmoothing(Smoothing kind, double amount);
    void setLogScale(bool on);

    CurvePlot* lossPlot() const { return plots_[0]; }
    CurvePlot* accuracyPlot() const { return plots_[1]; }
    CurvePlot* lrPlot() const { return plots_[2]; }
    CurvePlot* speedPlot() const { return plots_[3]; }
    std::vector<CurvePlot*> plots() const { return {plots_, plots_ + 4}; }

private:
    struct Shown {           // how much of a run the step curves already hold
        std::size_t steps = 0, epochs = 0;
        int generation = -1;
        double t0 = 0;
    };
    void rebuildAll();
    void addRun(const RunData& run, bool whole);
    double stepX(const RunData& run, const StepMetrics& s, const Shown& shown) const;

    CurvePlot* plots_[4];
    QComboBox* axis_;
    QComboBox* smoothing_;
    QDoubleSpinBox* amount_;
    QCheckBox* log_;
    QCheckBox* top5_;
    QHash<qint64, Shown> shown_;
    std::vector<const RunData*> runs_;
};

}  // namespace hlcnn
