#include "hlcnn/widgets/figure_export.h"

#include "qcustomplot_include.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QPointer>
#include <QScopeGuard>
#include <QSvgGenerator>
#include <QTemporaryFile>

#include <cmath>
#include <cstdio>
#include <functional>

namespace hlcnn {

namespace {

constexpr double kLogicalDpi = 96.0;

// Writes through `write(tmpPath)` into a temporary file next to `path`, then renames it over
// `path`: a reader never sees a half-written figure, and a failure leaves the old file alone.
QString writeAtomically(const QString& path, const std::function<bool(const QString&)>& write) {
    const QFileInfo info(path);
    if (!info.absoluteDir().exists()) return QObject::tr("cannot write %1: the folder does not exist").arg(path);
    QString tmpPath;
    {
        QTemporaryFile tmp(info.absoluteDir().filePath("." + info.fileName() + ".XXXXXX." + info.suffix()));
        tmp.setAutoRemove(false);
        if (!tmp.open()) return QObject::tr("cannot write %1: %2").arg(path, tmp.errorString());
        tmpPath = tmp.fileName();
    }
    if (!write(tmpPath) || QFileInfo(tmpPath).size() == 0) {
        QFile::remove(tmpPath);
        return QObject::tr("cannot write %1").arg(path);
    }
    // A temporary file is private (0600); a figure is for sharing, like any file the user saves.
    QFile::setPermissions(tmpPath, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser | QFile::ReadGroup |
                                       QFile::ReadOther);
    if (std::rename(QFile::encodeName(tmpPath).constData(), QFile::encodeName(info.absoluteFilePath()).constData()) != 0) {
        QFile::remove(tmpPath);
        return QObject::tr("cannot write %1: renaming the finished file failed").arg(path);
    }
    return {};
}

void styleAxis(QCPAxis* axis, const QFont& font) {
    const QPen pen(Qt::black, 1.0);
    axis->setBasePen(pen);
    axis->setTickPen(pen);
    axis->setSubTickPen(pen);
    axis->setTickLabelColor(Qt::black);
    axis->setLabelColor(Qt::black);
    axis->setTickLabelFont(font);
    QFont label = font;
    label.setPointSizeF(font.pointSizeF() + 1);
    axis->setLabelFont(label);
    axis->grid()->setPen(QPen(QColor(0xD0, 0xD0, 0xD0), 0.5, Qt::DotLine));
    axis->grid()->setSubGridVisible(false);
    axis->grid()->setZeroLinePen(Qt::NoPen);
}

}  // namespace

std::optional<FigureFormat> figureFormatForPath(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == "png") return FigureFormat::Png;
    if (suffix == "svg") return FigureFormat::Svg;
    if (suffix == "pdf") return FigureFormat::Pdf;
    return std::nullopt;
}

QString figureSuffix(FigureFormat format) {
    switch (format) {
    case FigureFormat::Png: return "png";
    case FigureFormat::Svg: return "svg";
    case FigureFormat::Pdf: return "pdf";
    }
    return {};
}

int FigureSize::logicalWidth() const { return int(std::lround(widthInches * kLogicalDpi)); }
int FigureSize::logicalHeight() const { return int(std::lround(heightInches * kLogicalDpi)); }

QString checkFigureSize(const FigureSize& s) {
    if (!std::isfinite(s.widthInches) || !std::isfinite(s.heightInches) || s.widthInches < 1 || s.widthInches > 30 ||
        s.heightInches < 1 || s.heightInches > 30)
        return QObject::tr("a figure is 1 to 30 inches wide and high, not %1 x %2").arg(s.widthInches).arg(s.heightInches);
    if (s.dpi < 72 || s.dpi > 1200) return QObject::tr("the resolution is 72 to 1200 DPI, not %1").arg(s.dpi);
    return {};
}

void applyPaperStyle(QCustomPlot* plot) {
    plot->setBackground(Qt::white);
    plot->axisRect()->setBackground(Qt::white);
    QFont font = plot->font();
    font.setPointSizeF(9);
    for (QCPAxis* axis : plot->axisRect()->axes()) styleAxis(axis, font);
    plot->legend->setVisible(plot->legend->itemCount() > 0);
    plot->legend->setFont(font);
    plot->legend->setBrush(QColor(255, 255, 255, 230));
    plot->legend->setBorderPen(QPen(Qt::black, 0.75));
    plot->legend->setTextColor(Qt::black);
    for (int i = 0; i < plot->plottableCount(); ++i) {
        QCPAbstractPlottable* p = plot->plottable(i);
        QPen pen = p->pen();
        pen.setCosmetic(false);
        if (pen.style() != Qt::NoPen && pen.widthF() < 1.5) pen.setWidthF(1.5);
        p->setPen(pen);
    }
    if (plot->plotLayout()->rowCount() > 0)
        if (auto* title = qobject_cast<QCPTextElement*>(plot->plotLayout()->element(0, 0))) {
            QFont t = font;
            t.setPointSizeF(10);
            t.setBold(true);
            title->setFont(t);
            title->setTextColor(Qt::black);
        }
}

void keepTextInside(QCustomPlot* plot, int width, int height, double textScale) {
    const QRect shown = plot->viewport();
    plot->setViewport(QRect(0, 0, width, height));
    plot->replot(QCustomPlot::rpImmediateRefresh);   // lays out the axes at this size
    for (int i = 0; i < plot->itemCount(); ++i) {
        auto* text = qobject_cast<QCPItemText*>(plot->item(i));
        if (!text || text->clipToAxisRect()) continue;
        const QMargins pad = text->padding();
        // The text as the target sets it: measured here at screen resolution, scaled to the
        // target's (a PDF sets points at 72 per inch of a page laid out at 96), plus some room
        // for the target's own rounding and hinting.
        const QFontMetricsF fm(text->font());
        const auto textWidth = [&] { return fm.horizontalAdvance(text->text()) * textScale * 1.04 + 2; };
        const double x = text->position->pixelPosition().x();
        const auto rightOf = [&] { return x + pad.left() + textWidth(); };    // aligned left: the text runs right
        const auto leftOf = [&] { return x - pad.right() - textWidth(); };    // aligned right: it runs left
        const double edge = 2;
        bool toRight = text->positionAlignment() & Qt::AlignLeft;
        if (toRight && rightOf() > width - edge && x - pad.left() - textWidth() >= edge) toRight = false;
        else if (!toRight && leftOf() < edge && x + pad.right() + textWidth() <= width - edge) toRight = true;
        if (toRight != bool(text->positionAlignment() & Qt::AlignLeft)) {
            const Qt::Alignment vertical = text->positionAlignment() & Qt::AlignVertical_Mask;
            text->setPositionAlignment(vertical | (toRight ? Qt::AlignLeft : Qt::AlignRight));
            text->setPadding(QMargins(pad.right(), pad.top(), pad.left(), pad.bottom()));   // mirrored
        }
        // Wider than the room on either side: shortened on the side with more room (the legend
        // and the tables keep the full name).
        if ((toRight ? rightOf() : -leftOf() + width) > width - edge) {
            const double rightRoom = width - edge - x - pad.left(), leftRoom = x - edge - pad.right();
            if (leftRoom > rightRoom) {
                const Qt::Alignment vertical = text->positionAlignment() & Qt::AlignVertical_Mask;
                text->setPositionAlignment(vertical | Qt::AlignRight);
                if (toRight) text->setPadding(QMargins(pad.right(), pad.top(), pad.left(), pad.bottom()));
            }
            const double room = std::max(rightRoom, leftRoom) / (textScale * 1.04) - 2;
            text->setText(fm.elidedText(text->text(), Qt::ElideRight, std::max(0.0, room)));
        }
        const QRectF r = QRectF(text->topLeft->pixelPosition(), text->bottomRight->pixelPosition()).normalized();
        const double tall = (r.height() - pad.top() - pad.bottom()) * textScale;
        const double y = text->position->pixelPosition().y();
        if ((text->positionAlignment() & Qt::AlignBottom) && y - pad.bottom() - tall < edge)
            text->setPositionAlignment((text->positionAlignment() & ~Qt::AlignBottom) | Qt::AlignTop);
        else if ((text->positionAlignment() & Qt::AlignTop) && y + pad.top() + tall > height - edge)
            text->setPositionAlignment((text->positionAlignment() & ~Qt::AlignTop) | Qt::AlignBottom);
    }
    // A legend below the plot (the comparison figures): as many columns as its widest entry
    // allows, and entries shortened when even one column is too narrow.
    QCPLegend* legend = plot->legend;
    if (legend && legend->visible() && legend->layout() == plot->plotLayout() && legend->itemCount() > 0) {
        const QFontMetricsF fm(legend->font());
        const double chrome = legend->iconSize().width() + legend->iconTextPadding() + 16;   // icon, gaps, item margins
        const double available = width - 8 - legend->margins().left() - legend->margins().right();
        double widest = 0;
        for (int i = 0; i < legend->itemCount(); ++i)
            if (auto* item = qobject_cast<QCPPlottableLegendItem*>(legend->item(i)))
                widest = std::max(widest, fm.horizontalAdvance(item->plottable()->name()) * textScale * 1.04 + chrome);
        const int columns = std::max(1, int(available / std::max(1.0, widest)));
        if (columns < legend->wrap()) {
            legend->setWrap(columns);
            legend->setFillOrder(legend->fillOrder(), true);
        }
        if (widest > available)
            for (int i = 0; i < legend->itemCount(); ++i)
                if (auto* item = qobject_cast<QCPPlottableLegendItem*>(legend->item(i)))
                    item->plottable()->setName(
                        fm.elidedText(item->plottable()->name(), Qt::ElideRight, std::max(0.0, (available - chrome) / (textScale * 1.04))));
    }
    plot->setViewport(shown);
    plot->replot(QCustomPlot::rpQueuedReplot);
}

QString exportPlot(QCustomPlot* plot, const QString& path, FigureFormat format, const FigureSize& size) {
    if (const QString problem = checkFigureSize(size); !problem.isEmpty()) return problem;
    const int w = size.logicalWidth(), h = size.logicalHeight();
    // What keepTextInside changes is for this figure only: the plot on screen gets it back after.
    struct Kept {
        QPointer<QCPItemText> item;
        QString text;
        Qt::Alignment alignment;
        QMargins padding;
    };
    std::vector<Kept> texts;
    for (int i = 0; i < plot->itemCount(); ++i)
        if (auto* t = qobject_cast<QCPItemText*>(plot->item(i))) texts.push_back({t, t->text(), t->positionAlignment(), t->padding()});
    std::vector<std::pair<QPointer<QCPAbstractPlottable>, QString>> names;
    for (int i = 0; i < plot->plottableCount(); ++i) names.emplace_back(plot->plottable(i), plot->plottable(i)->name());
    const int wrap = plot->legend ? plot->legend->wrap() : 0;
    // PDF pages are laid out at 96 units per inch but set text in points (72 per inch).
    keepTextInside(plot, w, h, format == FigureFormat::Pdf ? kLogicalDpi / 72.0 : 1.0);
    const auto restore = qScopeGuard([&] {
        for (const Kept& k : texts)
            if (k.item) k.item->setText(k.text), k.item->setPositionAlignment(k.alignment), k.item->setPadding(k.padding);
        for (const auto& [p, name] : names)
            if (p) p->setName(name);
        if (plot->legend && plot->legend->wrap() != wrap) {
            plot->legend->setWrap(wrap);
            plot->legend->setFillOrder(plot->legend->fillOrder(), true);
        }
        plot->replot(QCustomPlot::rpQueuedReplot);
    });
    return writeAtomically(path, [&](const QString& tmp) {
        switch (format) {
        case FigureFormat::Png:
            return plot->savePng(tmp, w, h, size.dpi / kLogicalDpi, -1, size.dpi, QCP::ruDotsPerInch);
        case FigureFormat::Pdf:
            return plot->savePdf(tmp, w, h, QCP::epNoCosmetic, "HL-CNN Workbench", QFileInfo(path).completeBaseName());
        case FigureFormat::Svg: {
            QSvgGenerator svg;
            svg.setFileName(tmp);
            svg.setSize(QSize(w, h));
            svg.setViewBox(QRect(0, 0, w, h));
            svg.setResolution(int(kLogicalDpi));
            svg.setTitle(QFileInfo(path).completeBaseName());
            svg.setDescription("HL-CNN Workbench");
            QCPPainter painter;
            if (!painter.begin(&svg)) return false;
            painter.setMode(QCPPainter::pmVectorized);
            painter.setMode(QCPPainter::pmNoCaching);
            painter.setMode(QCPPainter::pmNonCosmetic);
            plot->toPainter(&painter, w, h);
            return painter.end();
        }
        }
        return false;
    });
}

QString exportWidget(QWidget* widget, const QString& path, FigureFormat format, const FigureSize& size) {
    if (const QString problem = checkFigureSize(size); !problem.isEmpty()) return problem;
    const QSize logical(size.logicalWidth(), size.logicalHeight());
    widget->resize(logical);
    return writeAtomically(path, [&](const QString& tmp) {
        switch (format) {
        case FigureFormat::Png: {
            const double scale = size.dpi / kLogicalDpi;
            QImage image(logical * scale, QImage::Format_ARGB32);
            image.fill(Qt::white);
            image.setDevicePixelRatio(scale);
            const int dotsPerMeter = int(std::lround(size.dpi / 0.0254));
            image.setDotsPerMeterX(dotsPerMeter);
            image.setDotsPerMeterY(dotsPerMeter);
            QPainter painter(&image);
            widget->render(&painter);
            painter.end();
            return image.save(tmp, "PNG");
        }
        case FigureFormat::Pdf: {
            QPdfWriter pdf(tmp);
            pdf.setCreator("HL-CNN Workbench");
            pdf.setTitle(QFileInfo(path).completeBaseName());
            pdf.setPageSize(QPageSize(QSizeF(size.widthInches * 72, size.heightInches * 72), QPageSize::Point));
            pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
            pdf.setResolution(int(kLogicalDpi));
            QPainter painter;
            if (!painter.begin(&pdf)) return false;
            widget->render(&painter);
            return painter.end();
        }
        case FigureFormat::Svg: {
            QSvgGenerator svg;
            svg.setFileName(tmp);
            svg.setSize(logical);
            svg.setViewBox(QRect(QPoint(0, 0), logical));
            svg.setResolution(int(kLogicalDpi));
            svg.setTitle(QFileInfo(path).completeBaseName());
            QPainter painter;
            if (!painter.begin(&svg)) return false;
            widget->render(&painter);
            return painter.end();
        }
        }
        return false;
    });
}

}  // namespace hlcnn
