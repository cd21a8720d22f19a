#include "hlcnn/widgets/training_curves.h"

#include "hlcnn/widgets/live_runs.h"
#include "hlcnn/widgets/run_colors.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

namespace hlcnn {

namespace {

QString curveId(std::int64_t run, const char* metric) { return QString("%1/%2").arg(run).arg(metric); }

// Steps per epoch of a run: recorded with each step since schema 3; before that, the steps of the
// first finished epoch.
std::int64_t stepsPerEpoch(const RunData& run) {
    if (!run.steps.empty() && run.steps.back().stepsPerEpoch > 0) return run.steps.back().stepsPerEpoch;
    std::int64_t n = 0;
    for (const StepMetrics& s : run.steps)
        if (s.epoch == 1) ++n;
    return run.epochs.empty() ? 0 : n;
}

}  // namespace

TrainingCurves::TrainingCurves(QWidget* parent) : QWidget(parent) {
    plots_[0] = new CurvePlot(tr("Loss"));
    plots_[1] = new CurvePlot(tr("Top-1 accuracy %"));
    plots_[2] = new CurvePlot(tr("Learning rate"));
    plots_[3] = new CurvePlot(tr("Images/s"));
    axis_ = new QComboBox;
    axis_->addItems({tr("Step"), tr("Epoch"), tr("Wall time")});
    smoothing_ = new QComboBox;
    smoothing_->addItems({tr("No smoothing"), tr("EMA (de-biased)"), tr("Centred moving average")});
    amount_ = new QDoubleSpinBox;
    amount_->setRange(0, 0.999);
    amount_->setDecimals(3);
    amount_->setSingleStep(0.05);
    amount_->setValue(0.9);
    amount_->setEnabled(false);
    amount_->setToolTip(tr("EMA weight (0-0.999) or moving-average window in points"));
    log_ = new QCheckBox(tr("Log scale"));
    top5_ = new QCheckBox(tr("Top-5"));
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("X axis:")));
    controls->addWidget(axis_);
    controls->addSpacing(12);
    controls->addWidget(smoothing_);
    controls->addWidget(amount_);
    controls->addSpacing(12);
    controls->addWidget(log_);
    controls->addWidget(top5_);
    controls->addStretch(1);
    auto* grid = new QGridLayout;
    for (int i = 0; i < 4; ++i) grid->addWidget(plots_[i], i / 2, i % 2);
    auto* box = new QVBoxLayout(this);
    box->setContentsMargins(0, 0, 0, 0);
    box->addLayout(controls);
    box->addLayout(grid, 1);
    connect(axis_, &QComboBox::currentIndexChanged, this, [this](int i) { setAxis(CurveAxis(i)); });
    auto applySmoothing = [this] {
        const int kind = smoothing_->currentIndex();
        amount_->setEnabled(kind != 0);
        if (kind == 2) {   // a window in points
            amount_->setDecimals(0);
            amount_->setRange(3, 10001);
            if (amount_->value() < 3) amount_->setValue(51);
        } else {
            amount_->setDecimals(3);
            amount_->setRange(0, 0.999);
        }
        // The learning rate is the schedule itself, exact at every step: smoothing would move its
        // peak and shift it late, so it is never smoothed.
        for (CurvePlot* p : plots_)
            if (p != plots_[2]) p->setSmoothing(Smoothing(kind), amount_->value());
    };
    connect(smoothing_, &QComboBox::currentIndexChanged, this, applySmoothing);
    connect(amount_, &QDoubleSpinBox::valueChanged, this, applySmoothing);
    connect(log_, &QCheckBox::toggled, this, [this](bool on) {
        for (CurvePlot* p : plots_) p->setLogScale(on);
    });
    connect(top5_, &QCheckBox::toggled, this, [this] { rebuildAll(); });
    setAxis(CurveAxis::Step);
}

void TrainingCurves::setAxis(CurveAxis axis) {
    if (axis_->currentIndex() != int(axis)) {
        axis_->setCurrentIndex(int(axis));   // comes back here
        return;
    }
    const QString label = axis == CurveAxis::Step ? tr("step") : axis == CurveAxis::Epoch ? tr("epoch") : tr("wall time");
    for (CurvePlot* p : plots_) {
        p->setXLabel(label);
        p->setTimeAxis(axis == CurveAxis::WallTime);
    }
    rebuildAll();
}

void TrainingCurves::setSmoothing(Smoothing kind, double amount) {
    smoothing_->setCurrentIndex(int(kind));
    amount_->setValue(amount);
}

void TrainingCurves::setLogScale(bool on) { log_->setChecked(on); }

double TrainingCurves::stepX(const RunData& run, const StepMetrics& s, const Shown& shown) const {
    switch (CurveAxis(axis_->currentIndex())) {
    case CurveAxis::Step: return double(s.step);
    case CurveAxis::Epoch: {
        const std::int64_t spe = s.stepsPerEpoch > 0 ? s.stepsPerEpoch : stepsPerEpoch(run);
        if (spe <= 0) return double(s.epoch);
        return double(s.epoch - 1) + double((s.step - 1) % spe + 1) / double(spe);
    }
    case CurveAxis::WallTime: return s.unixTime > 0 ? s.unixTime - shown.t0 : -1;
    }
    return 0;
}

void TrainingCurves::rebuildAll() {
    shown_.clear();
    for (CurvePlot* p : plots_) p->clearCurves();
    for (const RunData* r : runs_) addRun(*r, true);
}

void TrainingCurves::showRuns(const std::vector<const RunData*>& runs) {
    QSet<qint64> ids;
    for (const RunData* r : runs) ids.insert(r->run.id);
    QSet<qint64> gone;
    for (auto it = shown_.begin(); it != shown_.end(); ++it)
        if (!ids.contains(it.key())) gone.insert(it.key());
    runs_ = runs;
    if (!gone.isEmpty()) {   // keep the curves of the runs still shown
        QSet<QString> keep;
        for (qint64 id : ids)
            for (const char* m : {"train_loss", "val_loss", "train_top1", "val_top1", "val_top5", "lr", "images"}) keep.insert(curveId(id, m));
        for (CurvePlot* p : plots_) p->removeCurvesExcept(keep);
        for (qint64 id : gone) shown_.remove(id);
    }
    for (const RunData* r : runs) {
        auto it = shown_.find(r->run.id);
        addRun(*r, it == shown_.end() || it->generation != r->generation);
    }
}

void TrainingCurves::addRun(const RunData& run, bool whole) {
    Shown& shown = shown_[run.run.id];
    if (whole) shown = Shown{0, 0, run.generation, 0};
    if (shown.t0 == 0)
        for (const StepMetrics& s : run.steps)
            if (s.unixTime > 0) {
                shown.t0 = s.unixTime;
                break;
            }
    const QColor color = runColor(run.run.id);
    const QString name = QString::fromStdString(run.run.name);
    const std::int64_t id = run.run.id;
    // Step curves: only the new steps are handed over.
    std::vector<double> x, loss, lr, speed;
    for (std::size_t i = shown.steps; i < run.steps.size(); ++i) {
        const StepMetrics& s = run.steps[i];
        const double at = stepX(run, s, shown);
        if (at < 0) continue;   // no time recorded for this step (before schema 3)
        if (!x.empty() && at < x.back()) continue;   // x must ascend
        x.push_back(at);
        loss.push_back(s.loss);
        lr.push_back(s.lr);
        speed.push_back(s.imagesPerSecond);
    }
    const bool fresh = shown.steps == 0;
    shown.steps = run.steps.size();
    const CurveStyle line{color, Qt::SolidLine, false};
    auto put = [&](CurvePlot* plot, const char* metric, const QString& label, std::vector<double> ys, const CurveStyle& style) {
        const QString cid = curveId(id, metric);
        if (fresh || !plot->hasCurve(cid)) plot->setCurve(cid, name + " · " + label, style, x, std::move(ys));
        else plot->appendToCurve(cid, x, ys);
    };
    put(plots_[0], "train_loss", tr("train loss"), loss, line);
    put(plots_[2], "lr", tr("learning rate"), lr, line);
    put(plots_[3], "images", tr("images/s"), speed, line);

    // Epoch curves: few points, replaced whole when an epoch was added (their x may depend on the
    // steps seen so far).
    if (!whole && run.epochs.size() == shown.epochs) return;
    shown.epochs = run.epochs.size();
    const std::int64_t spe = stepsPerEpoch(run);
    std::vector<double> ex, valLoss, trainTop1, valTop1, valTop5;
    double elapsed = 0;
    for (const EpochMetrics& e : run.epochs) {
        elapsed += e.seconds;
        double at = e.epoch;
        const CurveAxis axis = CurveAxis(axis_->currentIndex());
        if (axis == CurveAxis::Step) {
            at = spe > 0 ? double(e.epoch * spe) : double(e.epoch);
        } else if (axis == CurveAxis::WallTime) {
            at = -1;   // the time of the epoch's last step, else the recorded epoch durations
            for (auto s = run.steps.rbegin(); s != run.steps.rend(); ++s)
                if (s->epoch == e.epoch) {
                    if (s->unixTime > 0) at = s->unixTime - shown.t0;
                    break;
                }
            if (at < 0) at = elapsed;
        }
        if (!ex.empty() && at < ex.back()) continue;
        ex.push_back(at);
        valLoss.push_back(e.val.loss);
        trainTop1.push_back(e.trainTop1);
        valTop1.push_back(e.val.top1);
        valTop5.push_back(e.val.top5);
    }
    const CurveStyle val{color, Qt::DashLine, true}, trainEpoch{color, Qt::DotLine, true};
    plots_[0]->setCurve(curveId(id, "val_loss"), name + " · " + tr("val loss"), val, ex, valLoss);
    plots_[1]->setCurve(curveId(id, "train_top1"), name + " · " + tr("train top-1"), trainEpoch, ex, trainTop1);
    plots_[1]->setCurve(curveId(id, "val_top1"), name + " · " + tr("val top-1"), val, ex, valTop1);
    if (top5_->isChecked())
        plots_[1]->setCurve(curveId(id, "val_top5"), name + " · " + tr("val top-5"), {color, Qt::DashDotLine, true}, ex, valTop5);
}

}  // namespace hlcnn
