#include "hlcnn/widgets/curve_plot.h"

#include "hlcnn/widgets/curve_math.h"
#include "hlcnn/widgets/number_format.h"
#include "qcustomplot_include.h"

#include <QLabel>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace hlcnn {

struct CurvePlot::Curve {
    QString label;
    CurveStyle style;
    std::vector<double> x, y, smoothed;
    QCPGraph* raw = nullptr;       // faint when smoothing is on
    QCPGraph* smooth = nullptr;    // only when smoothing is on
    bool dirty = true;
};

CurvePlot::CurvePlot(const QString& title, QWidget* parent) : QWidget(parent), plot_(new QCustomPlot), readout_(new QLabel) {
    auto* box = new QVBoxLayout(this);
    box->setContentsMargins(0, 0, 0, 0);
    box->addWidget(plot_);
    plot_->setObjectName(title);
    plot_->plotLayout()->insertRow(0);
    plot_->plotLayout()->addElement(0, 0, new QCPTextElement(plot_, title, QFont(font().family(), font().pointSize(), QFont::Bold)));
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot_->legend->setVisible(true);
    plot_->legend->setFont(QFont(font().family(), std::max(7, font().pointSize() - 1)));
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    plot_->setNoAntialiasingOnDrag(true);
    crosshair_ = new QCPItemStraightLine(plot_);
    crosshair_->setPen(QPen(QColor(120, 120, 120), 1, Qt::DotLine));
    crosshair_->setVisible(false);
    readout_->setParent(plot_);
    readout_->setStyleSheet("QLabel { background: rgba(255,255,255,220); border: 1px solid #999; padding: 3px; }");
    readout_->hide();
    plot_->setMouseTracking(true);
    rebuildTimer_ = new QTimer(this);
    rebuildTimer_->setSingleShot(true);
    rebuildTimer_->setInterval(40);   // appends and zoom steps within 40 ms share one replot
    connect(rebuildTimer_, &QTimer::timeout, this, &CurvePlot::rebuild);
    connect(plot_->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] {
        if (!adjusting_) scheduleRebuild();
    });
    // A zoom or drag by the user stops following the data; a double-click follows it again.
    connect(plot_, &QCustomPlot::mouseWheel, this, [this] { follow_ = false; });
    connect(plot_, &QCustomPlot::mousePress, this, [this] { follow_ = false; });
    connect(plot_, &QCustomPlot::mouseDoubleClick, this, [this] { resetZoom(); });
    connect(plot_, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) { showCrosshair(plot_->xAxis->pixelToCoord(e->position().x())); });
    setMinimumSize(240, 180);
}

CurvePlot::~CurvePlot() = default;

void CurvePlot::restyle(Curve& c) {
    const bool smoothing = smoothing_ != Smoothing::None && !c.style.markers;
    QColor faint = c.style.color;
    faint.setAlpha(smoothing ? 60 : 255);
    c.raw->setPen(QPen(faint, smoothing ? 1 : 1.6, c.style.pen));
    c.raw->setScatterStyle(c.style.markers ? QCPScatterStyle(QCPScatterStyle::ssCircle, 5) : QCPScatterStyle());
    if (smoothing && !c.smooth) {
        c.smooth = plot_->addGraph();
        c.smooth->setAdaptiveSampling(false);
        c.smooth->setName(c.label);
    }
    if (!smoothing && c.smooth) {
        plot_->removeGraph(c.smooth);
        c.smooth = nullptr;
    }
    if (c.smooth) c.smooth->setPen(QPen(c.style.color, 1.8, c.style.pen));
    // The legend names each curve once: the smoothed line when there is one.
    c.raw->removeFromLegend();
    if (c.smooth) c.smooth->removeFromLegend();
    (c.smooth ? c.smooth : c.raw)->addToLegend();
}

void CurvePlot::smooth(Curve& c) {
    if (!c.smooth) {
        c.smoothed.clear();
        return;
    }
    c.smoothed = smoothing_ == Smoothing::Ema ? emaDebiased(c.y, amount_) : centredMovingAverage(c.y, int(amount_));
}

void CurvePlot::setCurve(const QString& id, const QString& label, const CurveStyle& style, std::vector<double> x,
                         std::vector<double> y) {
    auto& slot = curves_[id];
    if (!slot) {
        slot = std::make_shared<Curve>();
        slot->raw = plot_->addGraph();
        slot->raw->setAdaptiveSampling(false);   // decimated here, with the extremes kept
    }
    Curve& c = *slot;
    c.label = label;
    c.style = style;
    c.raw->setName(label);
    c.x = std::move(x);
    c.y = std::move(y);
    restyle(c);
    smooth(c);
    c.dirty = true;
    scheduleRebuild();
}

void CurvePlot::appendToCurve(const QString& id, const std::vector<double>& x, const std::vector<double>& y) {
    auto it = curves_.find(id);
    if (it == curves_.end() || x.empty()) return;
    Curve& c = **it;
    c.x.insert(c.x.end(), x.begin(), x.end());
    c.y.insert(c.y.end(), y.begin(), y.end());
    smooth(c);
    c.dirty = true;
    scheduleRebuild();
}

void CurvePlot::removeCurvesExcept(const QSet<QString>& keep) {
    for (auto it = curves_.begin(); it != curves_.end();) {
        if (keep.contains(it.key())) {
            ++it;
            continue;
        }
        plot_->removeGraph((*it)->raw);
        if ((*it)->smooth) plot_->removeGraph((*it)->smooth);
        it = curves_.erase(it);
    }
    scheduleRebuild();
}

void CurvePlot::clearCurves() { removeCurvesExcept({}); }

void CurvePlot::setSmoothing(Smoothing kind, double amount) {
    smoothing_ = kind;
    amount_ = amount;
    for (auto& c : curves_) {
        restyle(*c);
        smooth(*c);
        c->dirty = true;
    }
    scheduleRebuild();
}

void CurvePlot::setLogScale(bool on) {
    log_ = on;
    plot_->yAxis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (on) plot_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    else plot_->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    for (auto& c : curves_) c->dirty = true;
    scheduleRebuild();
}

void CurvePlot::setTimeAxis(bool on) {
    time_ = on;
    if (on) {
        QSharedPointer<QCPAxisTickerTime> ticker(new QCPAxisTickerTime);
        ticker->setTimeFormat("%h:%m:%s");
        plot_->xAxis->setTicker(ticker);
    } else {
        plot_->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    }
    scheduleRebuild();
}

void CurvePlot::setXLabel(const QString& label) { plot_->xAxis->setLabel(label); }

void CurvePlot::resetZoom() {
    follow_ = true;
    for (auto& c : curves_) c->dirty = true;
    scheduleRebuild();
}

void CurvePlot::scheduleRebuild() {
    if (!rebuildTimer_->isActive()) rebuildTimer_->start();
}

void CurvePlot::rebuild() {
    adjusting_ = true;
    if (follow_) {   // the whole data, with a margin
        double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
        for (const auto& c : curves_) {
            if (c->x.empty()) continue;
            x0 = std::min(x0, c->x.front());
            x1 = std::max(x1, c->x.back());
            for (double v : c->y)
                if (std::isfinite(v) && (!log_ || v > 0)) y0 = std::min(y0, v), y1 = std::max(y1, v);
        }
        if (x1 >= x0 && y1 >= y0) {
            if (x1 == x0) x0 -= 0.5, x1 += 0.5;
            plot_->xAxis->setRange(x0, x1);
            if (log_) plot_->yAxis->setRange(y0 / 1.2, y1 * 1.2);
            else {
                const double pad = y1 > y0 ? (y1 - y0) * 0.05 : std::max(1e-9, std::abs(y1) * 0.05 + 1e-9);
                plot_->yAxis->setRange(y0 - pad, y1 + pad);
            }
        }
    }
    const QCPRange range = plot_->xAxis->range();
    const int buckets = std::max(64, plot_->axisRect()->width());
    std::vector<double> dx, dy;
    for (auto& c : curves_) {
        for (int layer = 0; layer < 2; ++layer) {
            QCPGraph* graph = layer == 0 ? c->raw : c->smooth;
            const std::vector<double>& y = layer == 0 ? c->y : c->smoothed;
            if (!graph) continue;
            decimateMinMax(c->x, y, range.lower, range.upper, buckets, dx, dy);
            QVector<double> keys, values;
            keys.reserve(qsizetype(dx.size()));
            values.reserve(qsizetype(dx.size()));
            for (std::size_t i = 0; i < dx.size(); ++i) {
                if (log_ && !(dy[i] > 0)) continue;   // a log axis cannot show zero or negative values
                keys.push_back(dx[i]);
                values.push_back(dy[i]);
            }
            graph->setData(keys, values, true);
        }
        c->dirty = false;
    }
    adjusting_ = false;
    ++replots_;
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

QStringList CurvePlot::valuesAt(double x) const {
    QStringList lines;
    for (auto it = curves_.begin(); it != curves_.end(); ++it) {
        const Curve& c = **it;
        if (c.x.empty()) continue;
        const std::size_t i = nearestIndex(c.x, x);
        lines << QString("%1: %2").arg(c.label, display::significant(c.y[i], 5));
    }
    lines.sort();
    return lines;
}

void CurvePlot::showCrosshair(double x) {
    const QStringList lines = valuesAt(x);
    if (lines.isEmpty()) {
        readout_->hide();
        crosshair_->setVisible(false);
        plot_->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    crosshair_->point1->setCoords(x, plot_->yAxis->range().lower);
    crosshair_->point2->setCoords(x, plot_->yAxis->range().upper);
    crosshair_->setVisible(true);
    const QString at = time_ ? QString("%1 s").arg(display::decimal(x, 0)) : display::significant(x, 6);
    readout_->setText(plot_->xAxis->label() + " " + at + "\n" + lines.join('\n'));
    readout_->adjustSize();
    const QRect area = plot_->axisRect()->rect();
    const int px = int(plot_->xAxis->coordToPixel(x));
    readout_->move(px + readout_->width() + 12 < area.right() ? px + 8 : std::max(area.left(), px - readout_->width() - 8), area.top() + 4);
    readout_->show();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

qsizetype CurvePlot::pointCount() const {
    qsizetype n = 0;
    for (const auto& c : curves_) n += qsizetype(c->x.size());
    return n;
}

qsizetype CurvePlot::drawnPointCount() const {
    qsizetype n = 0;
    for (const auto& c : curves_) {
        n += c->raw->dataCount();
        if (c->smooth) n += c->smooth->dataCount();
    }
    return n;
}

}  // namespace hlcnn
