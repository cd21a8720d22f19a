// Report figures: the paper style (white, no gradients, black axes, 1 pt lines, 9 pt fonts, framed
// legend, the colour-blind-safe palette of run_colors.h) and export to PNG at a chosen size and
// DPI, SVG and PDF (vector). Files are written to a temporary name and renamed into place, so an
// export that fails leaves nothing half-written.
#pragma once

#include <QString>

#include <optional>

class QCustomPlot;
class QWidget;

namespace hlcnn {

enum class FigureFormat { Png, Svg, Pdf };
std::optional<FigureFormat> figureFormatForPath(const QString& path);   // by suffix: png, svg, pdf
QString figureSuffix(FigureFormat format);

struct FigureSize {
    double widthInches = 6.0, heightInches = 4.0;   // the printed size; fonts are in points of it
    int dpi = 300;                                  // PNG only; SVG and PDF are vector
    int logicalWidth() const;                        // at 96 logical dots per inch
    int logicalHeight() const;
};
// A size a figure can be drawn at: 1-30 inches each way, 72-1200 DPI. Returns "" or the problem.
QString checkFigureSize(const FigureSize& size);

void applyPaperStyle(QCustomPlot* plot);

// Labels drawn outside the axis rect (the Pareto plot's run names) stay inside a figure of this
// logical size: moved to the other side of their point, or shortened when neither side has room.
// textScale: how much wider the target sets text than the screen (a PDF: 96/72).
void keepTextInside(QCustomPlot* plot, int width, int height, double textScale = 1.0);

// Returns "" on success, else what went wrong (naming the file); labels are kept inside (keepTextInside).
QString exportPlot(QCustomPlot* plot, const QString& path, FigureFormat format, const FigureSize& size);
// The same for a widget that paints itself (the confusion matrix): rendered into the file.
QString exportWidget(QWidget* widget, const QString& path, FigureFormat format, const FigureSize& size);

}  // namespace hlcnn
