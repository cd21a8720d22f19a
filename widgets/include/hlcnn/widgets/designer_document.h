// The designer's document: the graph being edited and where its nodes sit on the canvas. Every
// edit goes through a command on the document's QUndoStack (never on a view), so the canvas, the
// inspector and tests all edit the same way and everything can be undone.
#pragma once

#include "hlcnn/core/attrs.h"
#include "hlcnn/core/graph.h"

#include <QObject>
#include <QPointF>
#include <QString>
#include <QUndoStack>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hlcnn {

// A composite block shown as its primitives; remembered so that it can be collapsed back.
struct ExpandedBlock {
    Node block;                      // the composite node as it was
    QPointF position;
    std::vector<Node> primitives;    // as expanded; collapsing requires them unchanged
    std::string output;              // the primitive holding the block's output
    bool operator==(const ExpandedBlock& o) const {
        return block == o.block && position == o.position && primitives == o.primitives && output == o.output;
    }
};

struct DesignerState {
    Graph graph;
    std::map<std::string, QPointF> positions;   // node id -> top-left corner on the canvas
    std::map<std::string, ExpandedBlock> expanded;
    bool operator==(const DesignerState& o) const {
        return graph == o.graph && positions == o.positions && expanded == o.expanded;
    }
};

// The outcome of an edit that may be refused: an empty message means it was applied.
struct EditResult {
    std::string nodeId;      // the node an add created
    QString error;
    bool ok() const { return error.isEmpty(); }
};

class DesignerDocument : public QObject {
    Q_OBJECT
public:
    explicit DesignerDocument(QObject* parent = nullptr);

    const Graph& graph() const { return state_.graph; }
    const DesignerState& state() const { return state_; }
    QPointF position(const std::string& id) const;
    QUndoStack* undoStack() { return &undo_; }

    // Replaces the whole document (new, open, template); clears the undo history. Nodes without a
    // position are laid out in layers by their depth from the input.
    void load(Graph graph, std::map<std::string, QPointF> positions = {}, std::map<std::string, ExpandedBlock> expanded = {});
    static std::map<std::string, QPointF> layeredLayout(const Graph& graph);
    // A zoo template edited is another model: its first change of the graph also renames it from
    // `from` to `to` (e.g. "hlcnn_s" -> "hlcnn_s (modified)") in the same undo step, so files and
    // runs of the variant do not pass for the template. Cleared by load().
    void renameOnFirstEdit(const std::string& from, const std::string& to);

    // Undoable edits.
    EditResult addNode(const std::string& op, QPointF at);
    EditResult removeNodes(const std::vector<std::string>& ids);
    // Feeds `from` (a node id or "input") into input `slot` of `to` (slot = current input count
    // appends). Refused, with the validator's message, when it makes `to` or the graph invalid
    // in a way more inputs cannot fix (a cycle, a shape the op cannot take).
    EditResult connectNodes(const std::string& from, const std::string& to, int slot);
    EditResult disconnect(const std::string& to, int slot);
    // Drags merge into one undo step while `dragging` stays true for the same nodes.
    void moveNodes(const std::map<std::string, QPointF>& to, bool dragging);
    void finishMove();   // the drag ended: the next move is a new undo step
    // Refused when the value has the wrong type or lies outside the op's declared range/choices.
    EditResult setAttribute(const std::string& id, const std::string& name, const AttrValue& value);
    EditResult setOutputs(const std::vector<std::string>& ids);
    EditResult setInputShape(const TensorShape& shape);
    EditResult setGraphName(const std::string& name);   // the model's name (files, runs, reports)
    // A composite node becomes its primitives (the graph computes the same; costs are equal) ...
    EditResult expandBlock(const std::string& id);
    // ... and back, as long as those primitives were not edited meanwhile.
    EditResult collapseBlock(const std::string& blockId);
    // Chains `times - 1` copies after the node (copies keep its attributes with stride 1), the way
    // a network stage repeats a block; consumers then read the last copy.
    EditResult repeatNode(const std::string& id, int times);
    // Copy/paste: the nodes as hlcnn-graph JSON (edges among them kept, others dropped); pasting
    // gives them fresh ids, offsets their positions and is one undo step. Returns the new ids.
    std::string copyNodes(const std::vector<std::string>& ids) const;
    EditResult pasteNodes(const std::string& json, QPointF offset, std::vector<std::string>* created = nullptr);
    // The expanded block a primitive belongs to ("" when none).
    std::string expandedBlockOf(const std::string& primitiveId) const;

    // Used by the undo commands.
    void apply(const DesignerState& state, bool structural);

Q_SIGNALS:
    void graphChanged();       // nodes, edges, attributes, outputs or input shape
    void positionsChanged();   // only where nodes sit

private:
    void push(const QString& text, DesignerState after, int mergeId = -1, const std::vector<std::string>& moved = {});
    std::string freshId(const std::string& op) const;

    DesignerState state_;
    QUndoStack undo_;
    std::string renameFrom_, renameTo_;
};

}  // namespace hlcnn
