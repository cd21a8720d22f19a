// One live plot of several curves on QCustomPlot, built for long trainings: the curves are held
// whole here and handed to QCustomPlot decimated to the visible range (min/max per pixel column,
// curve_math.h), appends and zooms schedule one replot instead of drawing each time, smoothing is
// drawn over the faint raw curve, and hover reads the raw values (smoothing never changes what the
// crosshair reports). Views of the same run pass the same colour (run_colors.h).
#pragma once

#include <QColor>
#include <QHash>
#include <QSet>
#include <QString>
#include <QWidget>

#include <memory>
#include <vector>

class QCustomPlot;
class QCPGraph;
class QCPItemStraightLine;
class QLabel;
class QTimer;

namespace hlcnn {

enum class Smoothing { None, Ema, Centred };

struct CurveStyle {
    QColor color;
    Qt::PenStyle pen = Qt::SolidLine;
    bool markers = false;            // few points (per epoch): draw them
};

class CurvePlot : public QWidget {
    Q_OBJECT
public:
    explicit CurvePlot(const QString& title, QWidget* parent = nullptr);
    ~CurvePlot() override;

    // Replaces a curve's points (x ascending); creates the curve when new.
    void setCurve(const QString& id, const QString& label, const CurveStyle& style, std::vector<double> x, std::vector<double> y);
    // Adds points after the curve's last (x ascending).
    void appendToCurve(const QString& id, const std::vector<double>& x, const std::vector<double>& y);
    bool hasCurve(const QString& id) const { return curves_.contains(id); }
    void removeCurvesExcept(const QSet<QString>& keep);
    void clearCurves();

    void setSmoothing(Smoothing kind, double amount);   // EMA weight in [0, 1) or centred window in points
    Smoothing smoothing() const { return smoothing_; }
    void setLogScale(bool on);
    void setTimeAxis(bool on);                          // x in seconds shown as h:mm:ss
    void setXLabel(const QString& label);
    void resetZoom();                                   // follow the data again (also a double-click)

    // What the crosshair shows at x: one line per curve, its raw value at the nearest point.
    QStringList valuesAt(double x) const;
    qsizetype pointCount() const;                      // raw points held, all curves
    int curveCount() const { return int(curves_.size()); }
    qsizetype drawnPointCount() const;                 // points handed to QCustomPlot after decimation
    QCustomPlot* plot() const { return plot_; }
    int replotCount() const { return replots_; }
    bool following() const { return follow_; }

    struct Curve;

private:
    void scheduleRebuild();
    void rebuild();
    void restyle(Curve& c);
    void smooth(Curve& c, std::size_t from);   // from: the first point not smoothed yet (0: all)
    void showCrosshair(double x);

    QCustomPlot* plot_;
    QLabel* readout_;
    QCPItemStraightLine* crosshair_;
    QTimer* rebuildTimer_;
    QHash<QString, std::shared_ptr<Curve>> curves_;
    Smoothing smoothing_ = Smoothing::None;
    double amount_ = 0;
    bool log_ = false, follow_ = true, time_ = false, adjusting_ = false;
    int replots_ = 0;
    double lastRange_[2] = {0, 0};
    int lastBuckets_ = 0;
    bool lastLog_ = false;
};

}  // namespace hlcnn
