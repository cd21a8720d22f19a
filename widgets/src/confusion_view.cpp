#include "hlcnn/widgets/confusion_view.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace hlcnn {

ConfusionView::ConfusionView(QWidget* parent) : QWidget(parent) { setMinimumSize(240, 220); }

void ConfusionView::setMatrix(const std::vector<std::int64_t>& counts, const QStringList& names, const QString& caption) {
    n_ = int(std::lround(std::sqrt(double(counts.size()))));
    counts_ = std::size_t(n_) * std::size_t(n_) == counts.size() ? counts : std::vector<std::int64_t>{};
    if (counts_.empty()) n_ = 0;
    names_ = names;
    caption_ = caption;
    update();
}

void ConfusionView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    p.setPen(palette().text().color());
    if (n_ == 0) {
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, tr("No evaluated epoch yet."));
        return;
    }
    // Both axes are labelled: true classes to the left of their rows, predicted classes above
    // their columns (written upwards so that ten or a hundred names fit their column width).
    const QFontMetrics fm(font());
    int labelWidth = 0;
    for (int i = 0; i < n_; ++i) labelWidth = std::max(labelWidth, fm.horizontalAdvance(i < names_.size() ? names_[i] : QString::number(i)));
    const int axisTitle = fm.height() + 2;   // "true" written upwards at the far left
    const int rowLabels = std::min(std::max(labelWidth + 8, 24), width() / 4);
    const int columnLabels = std::min(std::max(labelWidth + 8, 24), height() / 4);
    const int left = axisTitle + rowLabels, top = fm.height() * 2 + 4 + columnLabels;
    const int cell = std::max(4, std::min((width() - left - 4) / n_, (height() - top - 8) / n_));
    p.drawText(QRect(0, 0, width(), fm.height()), Qt::AlignLeft, caption_);
    p.drawText(QRect(left, fm.height(), cell * n_, fm.height()), Qt::AlignCenter, tr("predicted"));
    p.save();
    p.translate(0, top + cell * n_ / 2.0);
    p.rotate(-90);
    p.drawText(QRect(-cell * n_ / 2, 0, cell * n_, axisTitle), Qt::AlignCenter, tr("true"));
    p.restore();
    for (int c = 0; c < n_; ++c) {
        const QString name = c < names_.size() ? names_[c] : QString::number(c);
        p.save();
        p.translate(left + c * cell, top - 4);
        p.rotate(-90);   // the text runs upwards from just above its column
        p.drawText(QRect(0, 0, columnLabels - 4, cell), Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(name, Qt::ElideRight, columnLabels - 4));
        p.restore();
    }
    QFont small = font();
    small.setPointSizeF(std::max(5.0, std::min(font().pointSizeF(), cell * 0.32)));
    for (int r = 0; r < n_; ++r) {
        std::int64_t rowSum = 0;
        for (int c = 0; c < n_; ++c) rowSum += counts_[std::size_t(r * n_ + c)];
        const QString name = r < names_.size() ? names_[r] : QString::number(r);
        p.setFont(font());
        p.setPen(palette().text().color());   // the last cell may have left a white pen
        p.drawText(QRect(axisTitle, top + r * cell, rowLabels - 4, cell), Qt::AlignRight | Qt::AlignVCenter,
                   fm.elidedText(name, Qt::ElideRight, rowLabels - 4));
        for (int c = 0; c < n_; ++c) {
            const std::int64_t v = counts_[std::size_t(r * n_ + c)];
            const double share = rowSum > 0 ? double(v) / double(rowSum) : 0;
            // Diagonal in blue, confusions in orange: a colour-blind-safe pair.
            const QColor base = r == c ? QColor(0x00, 0x72, 0xB2) : QColor(0xD5, 0x5E, 0x00);
            QColor fill = base;
            fill.setAlphaF(0.06 + 0.94 * share);
            const QRect box(left + c * cell, top + r * cell, cell - 1, cell - 1);
            p.fillRect(box, v ? fill : palette().base().color());
            p.setPen(QColor(220, 220, 220));
            p.drawRect(box);
            if (cell >= 16) {
                p.setFont(small);
                p.setPen(share > 0.55 ? Qt::white : palette().text().color());
                p.drawText(box, Qt::AlignCenter, QString::number(v));
            }
        }
    }
}

}  // namespace hlcnn
