#include "hlcnn/widgets/compare_figures.h"

#include "hlcnn/widgets/run_colors.h"
#include "qcustomplot_include.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace hlcnn {

namespace {

void setTitle(QCustomPlot* plot, const QString& title) {
    if (plot->plotLayout()->rowCount() > 1)
        if (auto* t = qobject_cast<QCPTextElement*>(plot->plotLayout()->element(0, 0))) {
            t->setText(title);
            return;
        }
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, new QCPTextElement(plot, title, QFont(plot->font().family(), 10, QFont::Bold)));
}

void reset(QCustomPlot* plot) {
    plot->clearPlottables();
    plot->clearItems();
    plot->xAxis->setScaleType(QCPAxis::stLinear);
    plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    plot->legend->setVisible(true);
}

QVector<double> toVector(const std::vector<double>& v) { return QVector<double>(v.begin(), v.end()); }

// The legend below the axes (inside, it would hide points and curves), in rows of three entries,
// or two when a label is long.
void placeLegendBelow(QCustomPlot* plot) {
    QCPLayoutGrid* grid = plot->plotLayout();
    if (plot->legend->layout() != grid) {
        plot->axisRect()->insetLayout()->take(plot->legend);
        grid->addElement(grid->rowCount(), 0, plot->legend);
        grid->setRowStretchFactor(grid->rowCount() - 1, 0.001);
        grid->setMargins(QMargins(4, 0, 4, 4));   // the legend's frame stays inside the figure
        plot->legend->setMargins(QMargins(6, 3, 6, 3));
    }
    int longest = 0;
    for (int i = 0; i < plot->legend->itemCount(); ++i)
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(plot->legend->item(i)))
            longest = std::max(longest, int(item->plottable()->name().size()));
    plot->legend->setWrap(longest > 22 ? 2 : 3);
    plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);   // re-flows the entries with that wrap
    plot->legend->setVisible(plot->legend->itemCount() > 0);
}

}  // namespace

QString epochValueLabel(EpochValue value) {
    switch (value) {
    case EpochValue::TrainLoss: return QCoreApplication::translate("CompareFigures", "Training loss");
    case EpochValue::ValLoss: return QCoreApplication::translate("CompareFigures", "Validation loss");
    case EpochValue::TrainTop1: return QCoreApplication::translate("CompareFigures", "Training top-1 (%)");
    case EpochValue::ValTop1: return QCoreApplication::translate("CompareFigures", "Validation top-1 (%)");
    }
    return {};
}

QString costAxisLabel(CostAxis axis) {
    switch (axis) {
    case CostAxis::Macs: return QCoreApplication::translate("CompareFigures", "MACs (millions)");
    case CostAxis::Params: return QCoreApplication::translate("CompareFigures", "Parameters (millions)");
    case CostAxis::Latency: return QCoreApplication::translate("CompareFigures", "Measured latency (ms)");
    case CostAxis::DeviceLatency: return QCoreApplication::translate("CompareFigures", "On-device latency (ms)");
    }
    return {};
}

void plotEntryCurves(QCustomPlot* plot, const std::vector<RunSummary>& runs, const std::vector<CompareEntry>& entries,
                     EpochValue value, bool dashedTrain) {
    reset(plot);
    const bool loss = value == EpochValue::ValLoss || value == EpochValue::TrainLoss;
    setTitle(plot, loss ? QCoreApplication::translate("CompareFigures", "Loss") : QCoreApplication::translate("CompareFigures", "Top-1 accuracy"));
    plot->xAxis->setLabel(QCoreApplication::translate("CompareFigures", "Epoch"));
    plot->yAxis->setLabel(dashedTrain && loss ? QCoreApplication::translate("CompareFigures", "Loss (solid: validation, dashed: training)") : epochValueLabel(value));
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(1);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    plot->xAxis->setTicker(ticker);
    const EpochValue train = loss ? EpochValue::TrainLoss : EpochValue::TrainTop1;
    for (const CompareEntry& e : entries) {
        const QColor color = runColor(e.colorKey);
        const EpochCurve c = epochCurve(runs, e, value);
        if (c.epoch.empty()) continue;
        if (e.isGroup()) {   // the band first (drawn below the line): mean - sd to mean + sd, filled between
            std::vector<double> lo(c.mean.size()), hi(c.mean.size());
            for (std::size_t i = 0; i < c.mean.size(); ++i) lo[i] = c.mean[i] - c.sd[i], hi[i] = c.mean[i] + c.sd[i];
            QCPGraph* lower = plot->addGraph();
            QCPGraph* upper = plot->addGraph();
            for (QCPGraph* g : {lower, upper}) {
                g->setPen(Qt::NoPen);
                g->removeFromLegend();
            }
            lower->setData(toVector(c.epoch), toVector(lo), true);
            upper->setData(toVector(c.epoch), toVector(hi), true);
            QColor fill = color;
            fill.setAlpha(60);
            upper->setBrush(fill);
            upper->setChannelFillGraph(lower);
        }
        QCPGraph* line = plot->addGraph();
        line->setName(QString::fromStdString(e.label) + (e.isGroup() ? " " + QCoreApplication::translate("CompareFigures", "(mean ± std)") : QString()));
        line->setPen(QPen(color, 1.5));
        line->setData(toVector(c.epoch), toVector(c.mean), true);
        if (c.epoch.size() < 40) line->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 4));
        if (dashedTrain && value != train) {
            const EpochCurve t = epochCurve(runs, e, train);
            QCPGraph* dashed = plot->addGraph();
            dashed->setPen(QPen(color, 1.5, Qt::DashLine));
            dashed->setData(toVector(t.epoch), toVector(t.mean), true);
            dashed->removeFromLegend();
        }
    }
    plot->rescaleAxes();
    // Epochs start at 1; a run with one epoch still gets an axis from 1 to 2.
    double lastEpoch = 1;
    for (int i = 0; i < plot->graphCount(); ++i)
        if (!plot->graph(i)->data()->isEmpty()) lastEpoch = std::max(lastEpoch, (plot->graph(i)->data()->constEnd() - 1)->key);
    plot->xAxis->setRange(0.7, std::max(lastEpoch, 2.0) + 0.3);
    const QCPRange y = plot->yAxis->range();
    const double pad = std::max(1e-6, y.size() * 0.05);
    plot->yAxis->setRange(loss ? std::max(0.0, y.lower - pad) : y.lower - pad, y.upper + pad);
    placeLegendBelow(plot);
    plot->replot();
}

int plotEntryPareto(QCustomPlot* plot, const std::vector<CompareEntry>& entries, CostAxis axis) {
    reset(plot);
    setTitle(plot, QCoreApplication::translate("CompareFigures", "Accuracy against cost"));
    plot->xAxis->setLabel(costAxisLabel(axis));
    plot->yAxis->setLabel(QCoreApplication::translate("CompareFigures", "Best validation top-1 (%)"));
    const bool timed = axis == CostAxis::Latency || axis == CostAxis::DeviceLatency;
    const double scale = timed ? 1.0 : 1e-6;
    const auto front = entryParetoFront(entries, axis);
    struct Point {
        double x, y;
    };
    std::vector<Point> frontPoints;
    double minX = 0, maxX = 0;
    int shown = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const CompareEntry& e = entries[i];
        const auto cost = entryCost(e, axis);
        if (!cost || e.bestTop1.n == 0) continue;
        const double x = *cost * scale, y = e.bestTop1.mean;
        minX = shown ? std::min(minX, x) : x;
        maxX = shown ? std::max(maxX, x) : x;
        ++shown;
        const QColor color = runColor(e.colorKey);
        QCPGraph* point = plot->addGraph();
        point->setName(QString::fromStdString(e.label));
        point->setLineStyle(QCPGraph::lsNone);
        point->setPen(QPen(color, 1.5));
        const bool onFront = front[i] && *front[i];
        // On the front: filled; dominated: hollow.
        point->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, color, onFront ? QBrush(color) : QBrush(Qt::white), 8));
        point->setData(QVector<double>{x}, QVector<double>{y});
        if (e.isGroup()) {
            auto* bars = new QCPErrorBars(plot->xAxis, plot->yAxis);
            bars->removeFromLegend();
            bars->setDataPlottable(point);
            bars->setData(QVector<double>{e.bestTop1.sd});
            bars->setPen(QPen(color, 1.0));
        }
        auto* label = new QCPItemText(plot);
        label->position->setCoords(x, y);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        label->setPadding(QMargins(10, 0, 0, 4));   // clear of the point and its error bar
        label->setText(QString::fromStdString(e.label));
        label->setColor(Qt::black);
        label->setClipToAxisRect(false);
        if (onFront) frontPoints.push_back({x, y});
        // The same model in int8: its measured latency and the top-1 its export measured, joined to
        // the fp32 point by a dotted step. Not part of the (fp32) front.
        const std::optional<MeanStd>& int8Ms = axis == CostAxis::Latency ? e.int8LatencyMs : e.int8DeviceLatencyMs;
        if (timed && int8Ms && e.int8Top1) {
            const double xi = int8Ms->mean, yi = e.int8Top1->mean;
            QCPGraph* step = plot->addGraph();
            step->removeFromLegend();
            step->setPen(QPen(color, 1.0, Qt::DotLine));
            step->setData(QVector<double>{x, xi}, QVector<double>{y, yi}, true);
            QCPGraph* int8 = plot->addGraph();
            int8->setName(QString::fromStdString(e.label) + QStringLiteral(" int8"));
            int8->setLineStyle(QCPGraph::lsNone);
            int8->setPen(QPen(color, 1.5));
            int8->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, color, QBrush(Qt::white), 9));
            int8->setData(QVector<double>{xi}, QVector<double>{yi});
            auto* tag = new QCPItemText(plot);
            tag->position->setCoords(xi, yi);
            tag->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
            tag->setPadding(QMargins(0, 4, 8, 0));
            tag->setText(QStringLiteral("int8"));
            tag->setColor(Qt::black);
            minX = std::min(minX, xi);
            maxX = std::max(maxX, xi);
        }
    }
    std::sort(frontPoints.begin(), frontPoints.end(), [](const Point& a, const Point& b) { return a.x < b.x; });
    if (frontPoints.size() > 1) {
        QCPGraph* line = plot->addGraph();
        line->setName(QCoreApplication::translate("CompareFigures", "Pareto front"));
        line->setPen(QPen(QColor(0x55, 0x55, 0x55), 1.0, Qt::DashLine));
        QVector<double> xs, ys;
        for (const Point& p : frontPoints) xs << p.x, ys << p.y;
        line->setData(xs, ys, true);
    }
    const bool logScale = shown > 1 && minX > 0 && maxX / minX > 20;
    plot->xAxis->setScaleType(logScale ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (logScale) plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTickerLog));
    plot->rescaleAxes();
    // Room for the labels right of the points and for the error bars.
    const QCPRange xr = plot->xAxis->range(), yr = plot->yAxis->range();
    if (logScale) plot->xAxis->setRange(xr.lower / 1.5, xr.upper * 3.0);
    else plot->xAxis->setRange(xr.lower - std::max(xr.size(), std::abs(xr.lower) * 0.2 + 1e-9) * 0.1,
                               xr.upper + std::max(xr.size(), std::abs(xr.upper) * 0.2 + 1e-9) * 0.45);
    double ylo = yr.lower, yhi = yr.upper;
    for (const CompareEntry& e : entries)
        if (e.isGroup() && e.bestTop1.n) ylo = std::min(ylo, e.bestTop1.mean - e.bestTop1.sd), yhi = std::max(yhi, e.bestTop1.mean + e.bestTop1.sd);
    const double pad = std::max(0.5, (yhi - ylo) * 0.12);
    plot->yAxis->setRange(ylo - pad, yhi + pad);
    placeLegendBelow(plot);
    plot->replot();
    return shown;
}

}  // namespace hlcnn
