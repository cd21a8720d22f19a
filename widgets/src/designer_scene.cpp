#include "hlcnn/widgets/designer_scene.h"
#include "engine_text.h"

#include "designer_items.h"
#include "hlcnn/core/op_registry.h"
#include "hlcnn/widgets/designer_document.h"

#include <QGraphicsSceneDragDropEvent>
#include <QGraphicsSceneMouseEvent>
#include <QMimeData>

#include <set>

namespace hlcnn {

namespace {
const char* kOpMime = "application/x-hlcnn-op";
}

DesignerScene::DesignerScene(DesignerDocument* document, QObject* parent) : QGraphicsScene(parent), document_(document) {
    setItemIndexMethod(QGraphicsScene::NoIndex);   // items move often; the graphs are small
    connect(document_, &DesignerDocument::graphChanged, this, &DesignerScene::rebuild);
    connect(document_, &DesignerDocument::positionsChanged, this, &DesignerScene::syncPositions);
    connect(this, &QGraphicsScene::selectionChanged, this, [this] {
        const auto ids = selectedNodeIds();
        Q_EMIT nodeSelected(ids.size() == 1 ? QString::fromStdString(ids[0]) : QString());
    });
    rebuild();
}

DesignerNodeItem* DesignerScene::nodeItem(const std::string& id) const {
    const auto it = nodes_.find(id);
    return it == nodes_.end() ? nullptr : it->second;
}

void DesignerScene::rebuild() {
    const auto selected = selectedNodeIds();
    const QSignalBlocker block(this);
    rubberEdge_ = nullptr;
    clear();
    nodes_.clear();
    edges_.clear();
    const Graph& g = document_->graph();
    auto add = [&](const std::string& id, const std::string& op, int inputs, bool isInput) {
        auto* item = new DesignerNodeItem(id, op, inputs, isInput);
        addItem(item);
        item->setPos(document_->position(id));
        nodes_[id] = item;
        connect(item, &DesignerNodeItem::moved, this, [this, item] {
            for (DesignerEdgeItem* e : edges_)
                if (e->touches(item)) e->updatePath();
        });
    };
    add(kGraphInputId, "input", 0, true);
    for (const Node& n : g.nodes) add(n.id, n.op, int(n.inputs.size()), false);
    for (const Node& n : g.nodes)
        for (std::size_t s = 0; s < n.inputs.size(); ++s) {
            DesignerNodeItem* from = nodeItem(n.inputs[s]);
            if (!from) continue;
            auto* edge = new DesignerEdgeItem(from, nodes_[n.id], int(s));
            addItem(edge);
            edges_.push_back(edge);
        }
    for (const auto& id : selected)
        if (auto* item = nodeItem(id)) item->setSelected(true);
    showFigures(figures_);
    showTimeShares(timeShares_, timeNotes_);
    showPredictedMs(predictedMs_);
}

void DesignerScene::showPredictedMs(const std::map<std::string, double>& ms) {
    predictedMs_ = ms;
    for (auto& [id, item] : nodes_) {
        const auto it = ms.find(id);
        item->setPredictedMs(it == ms.end() ? -1.0 : it->second);
    }
}

void DesignerScene::showTimeShares(const std::map<std::string, double>& shares, const std::map<std::string, QString>& notes) {
    timeShares_ = shares;
    timeNotes_ = notes;
    double largest = 0;
    for (const auto& [id, share] : shares) largest = std::max(largest, share);
    for (auto& [id, item] : nodes_) {
        const auto it = shares.find(id);
        const auto note = notes.find(id);
        item->setTimeShare(it == shares.end() ? -1.0 : it->second, largest, note == notes.end() ? QString() : note->second);
    }
}

void DesignerScene::syncPositions() {
    if (syncing_) return;
    syncing_ = true;
    for (auto& [id, item] : nodes_)
        if (item->pos() != document_->position(id)) item->setPos(document_->position(id));
    for (DesignerEdgeItem* e : edges_) e->updatePath();
    syncing_ = false;
}

void DesignerScene::showFigures(const DesignerFigures& figures) {
    figures_ = figures;
    const auto& outputs = document_->graph().outputs;
    for (auto& [id, item] : nodes_) {
        QString issue;
        for (const GraphIssue& i : figures.issues)
            if (i.nodeId == id) issue = issueText(i);
        const auto it = figures.nodes.find(id);
        NodeFigures inputFigures;
        if (id == kGraphInputId) inputFigures.output = document_->graph().input;
        item->setFigures(id == kGraphInputId ? &inputFigures : it == figures.nodes.end() ? nullptr : &it->second, issue,
                         std::find(outputs.begin(), outputs.end(), id) != outputs.end());
    }
}

void DesignerScene::selectNodes(const std::vector<std::string>& ids) {
    clearSelection();
    for (const auto& id : ids)
        if (auto* item = nodeItem(id)) item->setSelected(true);
}

QRectF DesignerScene::nodesBoundingRect() const {
    QRectF r;
    for (const auto& [id, item] : nodes_) r |= item->sceneBoundingRect();
    return r;
}

std::vector<std::string> DesignerScene::selectedNodeIds() const {
    std::vector<std::string> ids;
    for (QGraphicsItem* i : selectedItems())
        if (auto* n = dynamic_cast<DesignerNodeItem*>(i); n && !n->isGraphInput()) ids.push_back(n->id());
    return ids;
}

std::vector<std::pair<std::string, int>> DesignerScene::selectedEdges() const {
    std::vector<std::pair<std::string, int>> out;
    for (QGraphicsItem* i : selectedItems())
        if (auto* e = dynamic_cast<DesignerEdgeItem*>(i)) out.emplace_back(e->to(), e->slot());
    return out;
}

void DesignerScene::deleteSelection() {
    const auto ids = selectedNodeIds();
    auto edges = selectedEdges();
    document_->undoStack()->beginMacro(tr("Delete selection"));
    // Highest slot first, so earlier slots keep their numbers.
    std::sort(edges.begin(), edges.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [to, slot] : edges)
        if (std::find(ids.begin(), ids.end(), to) == ids.end()) document_->disconnect(to, slot);
    if (!ids.empty()) document_->removeNodes(ids);
    document_->undoStack()->endMacro();
}

std::map<std::string, QPointF> DesignerScene::movedNodes() const {
    std::map<std::string, QPointF> out;
    for (const auto& [id, item] : nodes_)
        if (item->pos() != document_->position(id)) out[id] = item->pos();
    return out;
}

void DesignerScene::mousePressEvent(QGraphicsSceneMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        for (const auto& [id, item] : nodes_)
            if (item->onOutputPort(event->scenePos())) {
                connectFrom_ = id;
                rubberEdge_ = addPath(QPainterPath(), QPen(QColor(30, 100, 220), 2, Qt::DashLine));
                event->accept();
                return;
            }
    }
    QGraphicsScene::mousePressEvent(event);
}

void DesignerScene::mouseMoveEvent(QGraphicsSceneMouseEvent* event) {
    if (!connectFrom_.empty() && rubberEdge_) {
        QPainterPath path(nodeItem(connectFrom_)->outputPort());
        path.lineTo(event->scenePos());
        rubberEdge_->setPath(path);
        return;
    }
    QGraphicsScene::mouseMoveEvent(event);
    if ((event->buttons() & Qt::LeftButton) && mouseGrabberItem()) {
        const auto moved = movedNodes();
        if (!moved.empty()) {
            syncing_ = true;
            document_->moveNodes(moved, true);   // merged into one undo step until release
            syncing_ = false;
            dragging_ = true;
        }
    }
}

void DesignerScene::mouseReleaseEvent(QGraphicsSceneMouseEvent* event) {
    if (!connectFrom_.empty()) {
        const std::string from = connectFrom_;
        connectFrom_.clear();
        delete rubberEdge_;
        rubberEdge_ = nullptr;
        for (QGraphicsItem* i : items(event->scenePos()))
            if (auto* target = dynamic_cast<DesignerNodeItem*>(i); target && !target->isGraphInput()) {
                const EditResult r = document_->connectNodes(from, target->id(), target->inputSlotAt(event->scenePos()));
                if (!r.ok()) Q_EMIT message(r.error);
                break;
            }
        return;
    }
    QGraphicsScene::mouseReleaseEvent(event);
    if (dragging_) {
        dragging_ = false;
        syncing_ = true;
        document_->moveNodes(movedNodes(), true);
        document_->finishMove();
        syncing_ = false;
    }
}

void DesignerScene::dragEnterEvent(QGraphicsSceneDragDropEvent* event) {
    event->setAccepted(event->mimeData()->hasFormat(kOpMime));
}

void DesignerScene::dragMoveEvent(QGraphicsSceneDragDropEvent* event) {
    event->setAccepted(event->mimeData()->hasFormat(kOpMime));
}

void DesignerScene::dropEvent(QGraphicsSceneDragDropEvent* event) {
    const std::string op = event->mimeData()->data(kOpMime).toStdString();
    const EditResult r = document_->addNode(op, event->scenePos() - QPointF(DesignerNodeItem::kWidth / 2, DesignerNodeItem::kHeight / 2));
    if (!r.ok()) Q_EMIT message(r.error);
    event->acceptProposedAction();
}

}  // namespace hlcnn
