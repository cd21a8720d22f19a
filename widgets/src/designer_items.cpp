#include "designer_items.h"

#include <cmath>

#include <QLocale>

#include <algorithm>

#include "hlcnn/widgets/number_format.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace hlcnn {

DesignerNodeItem::DesignerNodeItem(std::string id, std::string op, int inputs, bool isGraphInput)
    : id_(std::move(id)), op_(std::move(op)), inputs_(inputs), isInput_(isGraphInput) {
    setFlags(ItemIsMovable | ItemIsSelectable | ItemSendsScenePositionChanges);
    setCacheMode(DeviceCoordinateCache);   // panning repaints from the cache
    setZValue(1);
}

void DesignerNodeItem::setFigures(const NodeFigures* f, const QString& issue, bool isOutput) {
    shape_ = f ? QString::fromStdString(f->output.toString()) : QString();
    params_ = f && f->costed ? display::compact(f->params) : QString();
    macs_ = f && f->costed ? display::compact(f->macs) : QString();
    issue_ = issue;
    output_ = isOutput;
    setToolTip(issue.isEmpty() ? QString::fromStdString(id_ + " (" + op_ + ")") : issue);
    update();
}

QRectF DesignerNodeItem::boundingRect() const { return QRectF(-kPort, -2, kWidth + 2 * kPort, kHeight + 4); }

QPointF DesignerNodeItem::outputPort() const { return mapToScene(QPointF(kWidth, kHeight / 2)); }

QPointF DesignerNodeItem::inputPort(int slot) const {
    const int slots = inputs_ + 1;
    return mapToScene(QPointF(0, kHeight * (slot + 1) / (slots + 1)));
}

int DesignerNodeItem::inputSlotAt(const QPointF& scenePos) const {
    int best = inputs_;
    double bestDistance = 1e18;
    for (int s = 0; s <= inputs_; ++s) {
        const double d = QLineF(scenePos, inputPort(s)).length();
        if (d < bestDistance) best = s, bestDistance = d;
    }
    return best;
}

bool DesignerNodeItem::onOutputPort(const QPointF& scenePos) const {
    return QLineF(scenePos, outputPort()).length() <= kPort * 1.5;
}

void DesignerNodeItem::setTimeShare(double share, double largestShare, const QString& note) {
    timeShare_ = share;
    timeNote_ = note;
    largestShare_ = largestShare;
    update();
}

void DesignerNodeItem::setPredictedMs(double ms) {
    predictedMs_ = ms;
    update();
}

void DesignerNodeItem::paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget*) {
    const bool selected = option->state & QStyle::State_Selected;
    QColor fill = !issue_.isEmpty() ? QColor(255, 228, 225) : isInput_ ? QColor(225, 238, 255) : QColor(248, 248, 248);
    if (timeShare_ >= 0 && issue_.isEmpty() && largestShare_ > 0) {   // light grey to orange with the time share
        const double t = std::min(1.0, timeShare_ / largestShare_);
        fill = QColor(int(248 + (255 - 248) * t), int(248 + (152 - 248) * t), int(248 + (0 - 248) * t));
    }
    const QColor border = !issue_.isEmpty() ? QColor(200, 30, 30) : selected ? QColor(30, 100, 220) : QColor(110, 110, 110);
    p->setRenderHint(QPainter::Antialiasing);
    p->setPen(QPen(border, selected || !issue_.isEmpty() ? 2.5 : 1.2));
    p->setBrush(fill);
    p->drawRoundedRect(QRectF(0, 0, kWidth, kHeight), 6, 6);
    QFont bold = p->font();
    bold.setBold(true);
    p->setFont(bold);
    p->setPen(Qt::black);
    p->drawText(QRectF(8, 4, kWidth - 16, 20), Qt::AlignLeft | Qt::AlignVCenter,
                QString::fromStdString(isInput_ ? std::string("input") : id_));
    QFont normal = p->font();
    normal.setBold(false);
    p->setFont(normal);
    p->setPen(QColor(70, 70, 70));
    p->drawText(QRectF(8, 22, kWidth - 16, 18), Qt::AlignLeft | Qt::AlignVCenter,
                (isInput_ ? QObject::tr("graph input") : QString::fromStdString(op_)) + (output_ ? QObject::tr("  [output]") : QString()));
    p->setPen(Qt::black);
    p->drawText(QRectF(8, 42, kWidth - 16, 18), Qt::AlignLeft | Qt::AlignVCenter, QObject::tr("out %1").arg(shape_.isEmpty() ? "?" : shape_));
    if (!isInput_)
        p->drawText(QRectF(8, 62, kWidth - 16, 18), Qt::AlignLeft | Qt::AlignVCenter,
                    params_.isEmpty() ? QObject::tr("params ?  MACs ?") : QObject::tr("params %1  MACs %2").arg(params_, macs_));
    if (timeShare_ >= 0 && !isInput_) {
        QFont small = p->font();
        small.setPointSizeF(small.pointSizeF() * 0.85);
        p->setFont(small);
        p->setPen(QColor(120, 50, 0));
        p->drawText(QRectF(8, 78, kWidth - 16, 16), Qt::AlignRight | Qt::AlignVCenter,
                    timeNote_.isEmpty() ? QObject::tr("time %1 %").arg(QLocale().toString(100.0 * timeShare_, 'f', 1)) : timeNote_);
        p->setFont(normal);
    }
    if (!isInput_ && (std::isnan(predictedMs_) || predictedMs_ >= 0)) {
        QFont small = p->font();
        small.setPointSizeF(small.pointSizeF() * 0.85);
        p->setFont(small);
        p->setPen(QColor(20, 70, 160));
        p->drawText(QRectF(8, 78, kWidth - 16, 16), Qt::AlignLeft | Qt::AlignVCenter,
                    std::isnan(predictedMs_) ? QObject::tr("device: not measured")
                                             : QObject::tr("device %1 ms").arg(QLocale().toString(predictedMs_, 'f', 3)));
        p->setFont(normal);
    }
    p->setPen(QPen(QColor(60, 60, 60), 1));
    p->setBrush(QColor(90, 160, 90));
    p->drawEllipse(QPointF(kWidth, kHeight / 2), kPort / 2, kPort / 2);
    if (!isInput_) {
        p->setBrush(QColor(90, 120, 200));
        for (int s = 0; s <= inputs_; ++s) {
            p->setBrush(s == inputs_ ? QColor(220, 220, 220) : QColor(90, 120, 200));
            p->drawEllipse(QPointF(0, kHeight * (s + 1) / (inputs_ + 2)), kPort / 2, kPort / 2);
        }
    }
}

QVariant DesignerNodeItem::itemChange(GraphicsItemChange change, const QVariant& value) {
    if (change == ItemScenePositionHasChanged) Q_EMIT moved();
    return QGraphicsObject::itemChange(change, value);
}

DesignerEdgeItem::DesignerEdgeItem(DesignerNodeItem* from, DesignerNodeItem* to, int slot) : from_(from), to_(to), slot_(slot) {
    setFlag(ItemIsSelectable);
    setZValue(0);
    setPen(QPen(QColor(80, 80, 80), 1.6));
    updatePath();
}

void DesignerEdgeItem::updatePath() {
    const QPointF a = from_->outputPort(), b = to_->inputPort(slot_);
    QPainterPath path(a);
    if (b.x() >= a.x() + 20) {
        const double dx = std::max(20.0, (b.x() - a.x()) / 2);
        path.cubicTo(a + QPointF(dx, 0), b - QPointF(dx, 0), b);
    } else {
        // Backwards (a wrapped layout band): out to the right, along the gap above the target's
        // row, and in from the left, instead of a wide S-curve across other nodes.
        const double gapY = b.y() < a.y() - 10 || b.y() > a.y() + 10 ? to_->scenePos().y() - 25 : a.y() - DesignerNodeItem::kHeight;
        const double right = a.x() + 20, left = b.x() - 20;
        path.lineTo(right, a.y());
        path.lineTo(right, gapY);
        path.lineTo(left, gapY);
        path.lineTo(left, b.y());
        path.lineTo(b);
    }
    setPath(path);
    setPen(QPen(isSelected() ? QColor(30, 100, 220) : QColor(80, 80, 80), isSelected() ? 2.5 : 1.6));
}

const std::string& DesignerEdgeItem::to() const { return to_->id(); }

}  // namespace hlcnn
