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
    double emaSum = 0, emaPower = 1;   // EMA state after the last point: appends continue from it
    double yMin = 0, yMax = 0, yMinPositive = 0;   // finite extremes (positive ones for log axes)
    bool hasY = false, hasPositive = false;
    QCPGraph* raw = nullptr;       // faint when smoothing is on; the envelope's upper edge when dense
    QCPGraph* low = nullptr;       // the envelope's lower edge (empty while the view shows single points)
    QColor bandBrush;
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
    // Decimated noisy curves are mostly vertical strokes, one per pixel column: antialiasing them
    // costs ten times the drawing and shows nothing more.
    plot_->setNotAntialiasedElements(QCP::aePlottables);
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
    // Faint = the run's colour mixed with white, opaque: blending translucent fills over ~100,000
    // points a replot is what made live plots lag.
    auto towardsWhite = [](QColor k, double share) {
        return QColor::fromRgbF(float(k.redF() + (1 - k.redF()) * share), float(k.greenF() + (1 - k.greenF()) * share),
                                float(k.blueF() + (1 - k.blueF()) * share));
    };
    const QColor faint = smoothing ? towardsWhite(c.style.color, 0.7) : c.style.color;
    // Raw step curves are drawn with a cosmetic (1 pixel) pen: the raster engine's fast path; a
    // wider pen goes through the stroker, which costs far more on a curve this jagged.
    c.raw->setPen(QPen(faint, c.style.markers ? 1.6 : 0, c.style.pen));
    c.low->setPen(QPen(faint, 0, c.style.pen));
    c.bandBrush = towardsWhite(c.style.color, smoothing ? 0.75 : 0.45);   // only while the envelope is drawn
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

namespace {

void extend(CurvePlot::Curve& c, std::size_t from) {
    for (std::size_t i = from; i < c.y.size(); ++i) {
        const double v = c.y[i];
        if (!std::isfinite(v)) continue;
        if (!c.hasY) c.yMin = c.yMax = v, c.hasY = true;
        c.yMin = std::min(c.yMin, v), c.yMax = std::max(c.yMax, v);
        if (v > 0) {
            c.yMinPositive = c.hasPositive ? std::min(c.yMinPositive, v) : v;
            c.hasPositive = true;
        }
    }
}

}  // namespace

void CurvePlot::smooth(Curve& c, std::size_t from) {
    if (!c.smooth) {
        c.smoothed.clear();
        return;
    }
    if (smoothing_ == Smoothing::Ema && from > 0 && from == c.smoothed.size()) {
        // Continues the de-biased EMA over the new points only (the same sums emaDebiased forms).
        const double w = amount_;
        for (std::size_t i = from; i < c.y.size(); ++i) {
            c.emaSum = c.emaSum * w + (1 - w) * c.y[i];
            c.emaPower *= w;
            c.smoothed.push_back(w > 0 ? c.emaSum / (1 - c.emaPower) : c.y[i]);
        }
        return;
    }
    if (smoothing_ == Smoothing::Ema) {
        c.smoothed = emaDebiased(c.y, amount_);
        c.emaSum = 0, c.emaPower = 1;
        for (double v : c.y) c.emaSum = c.emaSum * amount_ + (1 - amount_) * v, c.emaPower *= amount_;
    } else {
        c.smoothed = centredMovingAverage(c.y, int(amount_));
    }
}

void CurvePlot::setCurve(const QString& id, const QString& label, const CurveStyle& style, std::vector<double> x,
                         std::vector<double> y) {
    auto& slot = curves_[id];
    if (!slot) {
        slot = std::make_shared<Curve>();
        slot->raw = plot_->addGraph();
        slot->raw->setAdaptiveSampling(false);   // decimated here, with the extremes kept
        slot->low = plot_->addGraph();
        slot->low->setAdaptiveSampling(false);
        slot->low->removeFromLegend();
    }
    Curve& c = *slot;
    c.label = label;
    c.style = style;
    c.raw->setName(label);
    c.x = std::move(x);
    c.y = std::move(y);
    c.hasY = c.hasPositive = false;
    extend(c, 0);
    restyle(c);
    smooth(c, 0);
    c.dirty = true;
    scheduleRebuild();
}

void CurvePlot::appendToCurve(const QString& id, const std::vector<double>& x, const std::vector<double>& y) {
    auto it = curves_.find(id);
    if (it == curves_.end() || x.empty()) return;
    Curve& c = **it;
    const std::size_t from = c.y.size();
    c.x.insert(c.x.end(), x.begin(), x.end());
    c.y.insert(c.y.end(), y.begin(), y.end());
    extend(c, from);
    smooth(c, from);
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
        plot_->removeGraph((*it)->low);
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
        smooth(*c, 0);
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
            if (log_ ? c->hasPositive : c->hasY) y0 = std::min(y0, log_ ? c->yMinPositive : c->yMin);
            if (log_ ? c->hasPositive : c->hasY) y1 = std::max(y1, c->yMax);
        }
        if (x1 >= x0 && y1 >= y0) {
            // One point (a run's first epoch): the axis runs from the start of training to it,
            // not a one-unit window around it.
            if (x1 == x0) x0 = x0 > 0 ? 0 : x0 - 0.5, x1 += x1 > 0 ? x1 * 0.05 : 0.5;
            plot_->xAxis->setRange(x0, x1);
            if (log_) plot_->yAxis->setRange(y0 / 1.2, y1 * 1.2);
            else {
                const double pad = y1 > y0 ? (y1 - y0) * 0.05 : std::max(1e-9, std::abs(y1) * 0.05 + 1e-9);
                plot_->yAxis->setRange(y0 - pad, y1 + pad);
            }
        } else {
            // Nothing to show (a run still queued): fresh axes, not the last run's.
            plot_->xAxis->setRange(0, 1);
            plot_->yAxis->setRange(0, 1);
        }
    }
    // The legend names the curves that have points (a queued run has none yet); an empty legend
    // would be an empty box.
    for (auto& c : curves_) {
        QCPGraph* named = c->smooth ? c->smooth : c->raw;
        if (c->x.empty()) named->removeFromLegend();
        else if (!plot_->legend->hasItemWithPlottable(named)) named->addToLegend();
    }
    plot_->legend->setVisible(plot_->legend->itemCount() > 0);
    const QCPRange range = plot_->xAxis->range();
    const int buckets = std::max(64, plot_->axisRect()->width());
    std::vector<double> dx, dy;
    const bool rangeMoved = range.lower != lastRange_[0] || range.upper != lastRange_[1] || buckets != lastBuckets_ || log_ != lastLog_;
    lastRange_[0] = range.lower;
    lastRange_[1] = range.upper;
    lastBuckets_ = buckets;
    lastLog_ = log_;
    std::vector<double> ex, emin, emax;
    auto hand = [this](QCPGraph* graph, const std::vector<double>& xs, const std::vector<double>& ys) {
        QVector<double> keys, values;
        keys.reserve(qsizetype(xs.size()));
        values.reserve(qsizetype(xs.size()));
        for (std::size_t i = 0; i < xs.size(); ++i) {
            if (log_ && !(ys[i] > 0)) continue;   // a log axis cannot show zero or negative values
            keys.push_back(xs[i]);
            values.push_back(ys[i]);
        }
        graph->setData(keys, values, true);
    };
    for (auto& c : curves_) {
        if (!rangeMoved && !c->dirty) continue;   // its decimated points are still those of this view
        // Dense: far more points in view than pixel columns (counted by two binary searches).
        const auto first = std::lower_bound(c->x.begin(), c->x.end(), range.lower);
        const auto last = std::upper_bound(first, c->x.end(), range.upper);
        const bool dense = !c->style.markers && std::size_t(last - first) > std::size_t(8 * buckets);
        if (dense) {
            // Far more points than pixel columns: the raw values as a band from each column's
            // minimum to its maximum (one filled polygon instead of thousands of vertical strokes).
            envelopeMinMax(c->x, c->y, range.lower, range.upper, buckets, ex, emin, emax);
            hand(c->raw, ex, emax);
            hand(c->low, ex, emin);
            c->raw->setChannelFillGraph(c->low);
            c->raw->setBrush(c->bandBrush);
        } else {
            decimateMinMax(c->x, c->y, range.lower, range.upper, buckets, dx, dy);
            hand(c->raw, dx, dy);
            c->low->data()->clear();
            c->raw->setChannelFillGraph(nullptr);
            c->raw->setBrush(Qt::NoBrush);   // a brush without a channel graph would fill down to zero
        }
        if (c->smooth) {
            decimateMinMax(c->x, c->smoothed, range.lower, range.upper, buckets, dx, dy);
            hand(c->smooth, dx, dy);
            // A smoothed curve that is still jagged at this zoom is drawn 1 pixel wide: a wider pen
            // goes through Qt's stroker, which costs ~100 ms a replot on such a curve.
            QPen pen = c->smooth->pen();
            pen.setWidthF(dx.size() > std::size_t(2 * buckets) ? 1.0 : 1.8);
            c->smooth->setPen(pen);
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
        n += c->raw->dataCount() + c->low->dataCount();
        if (c->smooth) n += c->smooth->dataCount();
    }
    return n;
}

}  // namespace hlcnn
