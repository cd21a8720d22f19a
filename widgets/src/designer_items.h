// Canvas items of the designer: a node box with ports and figures, and an edge between ports.
#pragma once

#include "hlcnn/core/graph.h"
#include "hlcnn/widgets/designer_analysis.h"

#include <QGraphicsObject>
#include <QGraphicsPathItem>

#include <string>

namespace hlcnn {

class DesignerNodeItem : public QGraphicsObject {
    Q_OBJECT
public:
    static constexpr double kWidth = 200, kHeight = 96, kPort = 10;

    DesignerNodeItem(std::string id, std::string op, int inputs, bool isGraphInput);
    const std::string& id() const { return id_; }
    bool isGraphInput() const { return isInput_; }

    void setFigures(const NodeFigures* figures, const QString& issue, bool isOutput);
    // Measured share of the forward's time (the profiler's "Measure time"), shaded relative to the
    // largest share in the graph; a negative share clears it.
    // note: written instead of the share where the node has no time of its own ("fused into ...")
    void setTimeShare(double share, double largestShare, const QString& note = {});
    double timeShare() const { return timeShare_; }
    // Predicted milliseconds on the chosen phone (the designer's latency table); negative clears it,
    // NaN shows that the node's block was not measured.
    void setPredictedMs(double ms);
    double predictedMs() const { return predictedMs_; }
    QPointF outputPort() const;              // scene coordinates
    QPointF inputPort(int slot) const;       // slot == inputs: the free slot for a new edge
    int inputSlotAt(const QPointF& scenePos) const;   // nearest slot (appends when none is near)
    bool onOutputPort(const QPointF& scenePos) const;

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

Q_SIGNALS:
    void moved();

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant& value) override;

private:
    std::string id_, op_;
    int inputs_;
    bool isInput_;
    QString shape_, params_, macs_, issue_;
    bool output_ = false;
    double timeShare_ = -1, largestShare_ = 0, predictedMs_ = -1;
    QString timeNote_;
};

class DesignerEdgeItem : public QGraphicsPathItem {
public:
    DesignerEdgeItem(DesignerNodeItem* from, DesignerNodeItem* to, int slot);
    void updatePath();
    const std::string& to() const;
    int slot() const { return slot_; }
    bool touches(const DesignerNodeItem* node) const { return node == from_ || node == to_; }

private:
    DesignerNodeItem* from_;
    DesignerNodeItem* to_;
    int slot_;
};

}  // namespace hlcnn
