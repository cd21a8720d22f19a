// The designer's canvas: one item per node (with its shape and costs), edges between ports,
// dragging from an output port onto a node connects them. The scene only reads the document and
// turns mouse gestures into document edits.
#pragma once

#include "hlcnn/widgets/designer_analysis.h"

#include <QGraphicsScene>

#include <map>
#include <string>

class QGraphicsPathItem;

namespace hlcnn {

class DesignerDocument;
class DesignerNodeItem;
class DesignerEdgeItem;

class DesignerScene : public QGraphicsScene {
    Q_OBJECT
public:
    explicit DesignerScene(DesignerDocument* document, QObject* parent = nullptr);

    DesignerDocument* document() const { return document_; }
    void showFigures(const DesignerFigures& figures);
    // Shades each node by its measured share of the forward's time (top-level node id -> share);
    // an empty map clears the shading. Kept across rebuilds until cleared. notes: written on the
    // nodes that have no time of their own instead of their share (id -> "fused into stem.0").
    void showTimeShares(const std::map<std::string, double>& shares, const std::map<std::string, QString>& notes = {});
    const std::map<std::string, QString>& timeNotes() const { return timeNotes_; }
    const std::map<std::string, double>& timeShares() const { return timeShares_; }
    // Predicted on-device milliseconds per node (NaN: not measured); an empty map clears them.
    void showPredictedMs(const std::map<std::string, double>& ms);
    DesignerNodeItem* nodeItem(const std::string& id) const;
    std::vector<std::string> selectedNodeIds() const;
    std::vector<std::pair<std::string, int>> selectedEdges() const;   // (to, slot)
    void deleteSelection();
    void selectNodes(const std::vector<std::string>& ids);   // replaces the selection
    QRectF nodesBoundingRect() const;   // nodes only: edge curves would pad it with control points

Q_SIGNALS:
    void message(const QString& text);        // a refused edit, for the status bar
    void nodeSelected(const QString& id);     // "" when none or several

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;
    void dragEnterEvent(QGraphicsSceneDragDropEvent* event) override;
    void dragMoveEvent(QGraphicsSceneDragDropEvent* event) override;
    void dropEvent(QGraphicsSceneDragDropEvent* event) override;

private:
    void rebuild();
    void syncPositions();
    std::map<std::string, QPointF> movedNodes() const;

    DesignerDocument* document_;
    std::map<std::string, DesignerNodeItem*> nodes_;
    std::map<std::string, double> timeShares_, predictedMs_;
    std::map<std::string, QString> timeNotes_;
    std::vector<DesignerEdgeItem*> edges_;
    DesignerFigures figures_;
    bool syncing_ = false, dragging_ = false;
    std::string connectFrom_;
    QGraphicsPathItem* rubberEdge_ = nullptr;
};

}  // namespace hlcnn
