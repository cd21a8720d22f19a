#include "hlcnn/widgets/designer_document.h"
#include "engine_text.h"

#include "hlcnn/core/analysis.h"
#include "hlcnn/core/graph_json.h"
#include "hlcnn/core/op_registry.h"

#include <QByteArray>
#include <QUndoCommand>

#include <algorithm>
#include <cmath>
#include <set>

namespace hlcnn {

namespace {

constexpr double kColumnWidth = 260, kRowHeight = 130, kBandGap = 60;
constexpr int kBandColumns = 5;

// One edit: the document before and after. Graphs are small (a few hundred nodes at most), so
// whole snapshots keep every command trivially correct.
class SnapshotCommand : public QUndoCommand {
public:
    SnapshotCommand(DesignerDocument* doc, const QString& text, DesignerState before, DesignerState after, int mergeId,
                    std::vector<std::string> moved)
        : QUndoCommand(text), doc_(doc), before_(std::move(before)), after_(std::move(after)), mergeId_(mergeId),
          moved_(std::move(moved)) {}

    void undo() override { doc_->apply(before_, structural()); }
    void redo() override { doc_->apply(after_, structural()); }
    int id() const override { return mergeId_; }
    bool mergeWith(const QUndoCommand* other) override {
        const auto* o = dynamic_cast<const SnapshotCommand*>(other);
        if (!o || o->mergeId_ != mergeId_ || o->moved_ != moved_ || !open_) return false;
        after_ = o->after_;
        open_ = o->open_;
        return true;
    }
    void closeDrag() { open_ = false; }
    void setOpen(bool open) { open_ = open; }

private:
    bool structural() const { return !(before_.graph == after_.graph) || mergeId_ < 0; }
    DesignerDocument* doc_;
    DesignerState before_, after_;
    int mergeId_;
    std::vector<std::string> moved_;
    bool open_ = true;
};

constexpr int kMoveId = 1;

QString attrError(const OpSchema& schema, const std::string& name, const AttrValue& value) {
    const AttrSpec* spec = schema.findAttr(name);
    if (!spec) return QObject::tr("%1 has no attribute '%2'").arg(QString::fromStdString(schema.name), QString::fromStdString(name));
    return engineMessage(attributeProblem(*spec, value));  // the validator's own check: NaN never passes
}

}  // namespace

DesignerDocument::DesignerDocument(QObject* parent) : QObject(parent) {
    state_.graph.name = "untitled";
    state_.graph.input.dims = {3, 32, 32};
}

QPointF DesignerDocument::position(const std::string& id) const {
    const auto it = state_.positions.find(id);
    return it == state_.positions.end() ? QPointF() : it->second;
}

std::map<std::string, QPointF> DesignerDocument::layeredLayout(const Graph& graph) {
    // Depth = longest path from the input; nodes of one depth stack in a column.
    std::map<std::string, int> depth{{kGraphInputId, 0}};
    for (int pass = 0; pass < int(graph.nodes.size()) + 1; ++pass) {
        bool changed = false;
        for (const Node& n : graph.nodes) {
            int d = 1;
            for (const auto& in : n.inputs) {
                const auto it = depth.find(in);
                if (it != depth.end()) d = std::max(d, it->second + 1);
            }
            auto [it, fresh] = depth.emplace(n.id, d);
            if (!fresh && it->second != d) it->second = d, changed = true;
            changed |= fresh;
        }
        if (!changed) break;
    }
    // Columns wrap into bands of kBandColumns, so a long chain reads like lines of text instead
    // of one row too wide to show at a legible zoom.
    std::map<int, int> rows;
    int maxDepth = 0;
    for (const Node& n : graph.nodes) rows[depth[n.id]]++, maxDepth = std::max(maxDepth, depth[n.id]);
    std::map<int, int> bandRows;   // band -> most nodes in one of its columns
    for (const auto& [d, count] : rows) bandRows[d / kBandColumns] = std::max(bandRows[d / kBandColumns], count);
    std::map<int, double> bandTop;
    double top = 0;
    for (int b = 0; b <= maxDepth / kBandColumns; ++b) {
        bandTop[b] = top;
        top += std::max(1, bandRows[b]) * kRowHeight + kBandGap;
    }
    std::map<int, int> placed;
    std::map<std::string, QPointF> out;
    out[kGraphInputId] = QPointF(0, 0);
    for (const Node& n : graph.nodes) {
        const int d = depth[n.id];
        out[n.id] = QPointF((d % kBandColumns) * kColumnWidth, bandTop[d / kBandColumns] + placed[d]++ * kRowHeight);
    }
    return out;
}

void DesignerDocument::load(Graph graph, std::map<std::string, QPointF> positions, std::map<std::string, ExpandedBlock> expanded) {
    const auto layout = layeredLayout(graph);
    for (const auto& [id, p] : layout) positions.emplace(id, p);
    undo_.clear();
    renameFrom_.clear(), renameTo_.clear();
    apply({std::move(graph), std::move(positions), std::move(expanded)}, true);
    undo_.setClean();
}

void DesignerDocument::renameOnFirstEdit(const std::string& from, const std::string& to) {
    renameFrom_ = from;
    renameTo_ = to;
}

EditResult DesignerDocument::setGraphName(const std::string& name) {
    const QString trimmed = QString::fromStdString(name).trimmed();
    if (trimmed.isEmpty()) return {{}, tr("a model needs a name")};
    if (trimmed.toStdString() == state_.graph.name) return {};
    DesignerState after = state_;
    after.graph.name = trimmed.toStdString();
    push(tr("Rename model to %1").arg(trimmed), std::move(after));
    return {};
}

void DesignerDocument::apply(const DesignerState& state, bool structural) {
    const bool graphDiffers = !(state.graph == state_.graph);
    state_ = state;
    if (graphDiffers || structural) Q_EMIT graphChanged();
    Q_EMIT positionsChanged();
}

void DesignerDocument::push(const QString& text, DesignerState after, int mergeId, const std::vector<std::string>& moved) {
    // The template's first real change (not a move) names the variant; undoing it names it back.
    if (!renameTo_.empty() && after.graph.name == renameFrom_ && state_.graph.name == renameFrom_ &&
        !(after.graph.nodes == state_.graph.nodes && after.graph.outputs == state_.graph.outputs && after.graph.input == state_.graph.input))
        after.graph.name = renameTo_;
    undo_.push(new SnapshotCommand(this, text, state_, std::move(after), mergeId, moved));
}

std::string DesignerDocument::freshId(const std::string& op) const {
    for (int i = 1;; ++i) {
        const std::string id = op + "_" + std::to_string(i);
        if (!state_.graph.findNode(id)) return id;
    }
}

EditResult DesignerDocument::addNode(const std::string& op, QPointF at) {
    const OpSchema* schema = findOp(op);
    if (!schema) return {{}, tr("unknown op '%1'").arg(QString::fromStdString(op))};
    Node n;
    n.id = freshId(op);
    n.op = op;
    for (const AttrSpec& a : schema->attrs) {
        if (!a.required) continue;
        AttrValue v = a.defaultValue;
        // Required sizes (out_channels, out_features, squeeze, ...) start at a usable 16.
        if (a.type == AttrType::Int && std::holds_alternative<std::int64_t>(v) && double(std::get<std::int64_t>(v)) < a.minValue)
            v = std::int64_t(std::max(16.0, a.minValue));
        n.attrs.set(a.name, v);
    }
    DesignerState after = state_;
    after.graph.nodes.push_back(n);
    after.positions[n.id] = at;
    push(tr("Add %1").arg(QString::fromStdString(n.id)), std::move(after));
    return {n.id, {}};
}

EditResult DesignerDocument::removeNodes(const std::vector<std::string>& ids) {
    const std::set<std::string> gone(ids.begin(), ids.end());
    if (gone.count(kGraphInputId)) return {{}, tr("the graph input cannot be removed")};
    DesignerState after = state_;
    auto& nodes = after.graph.nodes;
    const auto before = nodes.size();
    nodes.erase(std::remove_if(nodes.begin(), nodes.end(), [&](const Node& n) { return gone.count(n.id) > 0; }), nodes.end());
    if (nodes.size() == before) return {{}, tr("no such node")};
    for (Node& n : nodes)
        n.inputs.erase(std::remove_if(n.inputs.begin(), n.inputs.end(), [&](const std::string& i) { return gone.count(i) > 0; }),
                       n.inputs.end());
    auto& outs = after.graph.outputs;
    outs.erase(std::remove_if(outs.begin(), outs.end(), [&](const std::string& o) { return gone.count(o) > 0; }), outs.end());
    for (const auto& id : ids) after.positions.erase(id);
    for (auto group = after.expanded.begin(); group != after.expanded.end();) {   // its primitives are gone
        const bool touched = std::any_of(group->second.primitives.begin(), group->second.primitives.end(),
                                         [&](const Node& p) { return gone.count(p.id) > 0; });
        group = touched ? after.expanded.erase(group) : std::next(group);
    }
    push(ids.size() == 1 ? tr("Remove %1").arg(QString::fromStdString(ids[0])) : tr("Remove %n node(s)", "", int(ids.size())),
         std::move(after));
    return {};
}

EditResult DesignerDocument::connectNodes(const std::string& from, const std::string& to, int slot) {
    if (from != kGraphInputId && !state_.graph.findNode(from)) return {{}, tr("no node '%1'").arg(QString::fromStdString(from))};
    const Node* target = state_.graph.findNode(to);
    if (!target) return {{}, tr("no node '%1'").arg(QString::fromStdString(to))};
    if (from == to) return {{}, tr("%1: a node cannot feed itself").arg(QString::fromStdString(to))};
    const OpSchema* schema = findOp(target->op);
    if (slot < 0 || slot > int(target->inputs.size())) slot = int(target->inputs.size());
    if (slot == int(target->inputs.size()) && schema && schema->maxInputs >= 0 && slot >= schema->maxInputs)
        return {{}, tr("%1: %2 takes at most %n input(s)", "", schema->maxInputs)
                        .arg(QString::fromStdString(to), QString::fromStdString(target->op))};
    DesignerState after = state_;
    Node* n = after.graph.findNode(to);
    if (slot == int(n->inputs.size())) n->inputs.push_back(from);
    else n->inputs[std::size_t(slot)] = from;
    // Validate the connection on the part of the graph that feeds `to`, with `to` as its output:
    // the rest of the canvas may still be unfinished. Refuse what the validator objects to at
    // `to` (a shape it cannot take, a cycle); inputs still missing are fine, more may come.
    std::set<std::string> feeding{to};
    for (std::vector<std::string> stack{to}; !stack.empty();) {
        const Node* cur = after.graph.findNode(stack.back());
        stack.pop_back();
        if (!cur) continue;
        for (const auto& in : cur->inputs)
            if (in != kGraphInputId && feeding.insert(in).second) stack.push_back(in);
    }
    Graph probe;
    probe.name = after.graph.name;
    probe.input = after.graph.input;
    probe.outputs = {to};
    for (const Node& node : after.graph.nodes)
        if (feeding.count(node.id)) probe.nodes.push_back(node);
    for (const GraphIssue& i : analyze(probe).issues) {
        // inputs still missing are fine (more may come); a cycle or a rule the node breaks is not
        if (i.kind == IssueKind::Cycle || (i.nodeId == to && i.kind != IssueKind::Unfinished))
            return {{}, issueText(i)};
    }
    push(tr("Connect %1 to %2").arg(QString::fromStdString(from), QString::fromStdString(to)), std::move(after));
    return {};
}

EditResult DesignerDocument::disconnect(const std::string& to, int slot) {
    const Node* target = state_.graph.findNode(to);
    if (!target || slot < 0 || slot >= int(target->inputs.size())) return {{}, tr("no such connection")};
    DesignerState after = state_;
    Node* n = after.graph.findNode(to);
    const std::string from = n->inputs[std::size_t(slot)];
    n->inputs.erase(n->inputs.begin() + slot);
    push(tr("Disconnect %1 from %2").arg(QString::fromStdString(from), QString::fromStdString(to)), std::move(after));
    return {};
}

void DesignerDocument::moveNodes(const std::map<std::string, QPointF>& to, bool dragging) {
    DesignerState after = state_;
    std::vector<std::string> moved;
    for (const auto& [id, p] : to) {
        if (!after.positions.count(id)) continue;
        after.positions[id] = p;
        moved.push_back(id);
    }
    if (moved.empty()) return;
    auto* command = new SnapshotCommand(this, tr("Move %n node(s)", "", int(moved.size())), state_, std::move(after), kMoveId, moved);
    command->setOpen(dragging);
    undo_.push(command);
}

void DesignerDocument::finishMove() {
    if (undo_.index() == 0) return;
    if (auto* top = dynamic_cast<SnapshotCommand*>(const_cast<QUndoCommand*>(undo_.command(undo_.index() - 1))))
        top->closeDrag();
}

EditResult DesignerDocument::setAttribute(const std::string& id, const std::string& name, const AttrValue& value) {
    const Node* node = state_.graph.findNode(id);
    if (!node) return {{}, tr("no node '%1'").arg(QString::fromStdString(id))};
    const OpSchema* schema = findOp(node->op);
    if (!schema) return {{}, tr("unknown op '%1'").arg(QString::fromStdString(node->op))};
    if (QString error = attrError(*schema, name, value); !error.isEmpty())
        return {{}, QString::fromStdString(id) + ": " + error};
    const AttrValue* current = node->attrs.find(name);
    if (current && *current == value) return {};
    DesignerState after = state_;
    after.graph.findNode(id)->attrs.set(name, value);
    push(tr("Set %1.%2 = %3").arg(QString::fromStdString(id), QString::fromStdString(name),
                                  QString::fromStdString(attrValueToString(value))),
         std::move(after));
    return {};
}

EditResult DesignerDocument::setOutputs(const std::vector<std::string>& ids) {
    for (const auto& id : ids)
        if (!state_.graph.findNode(id)) return {{}, tr("no node '%1'").arg(QString::fromStdString(id))};
    if (ids == state_.graph.outputs) return {};
    DesignerState after = state_;
    after.graph.outputs = ids;
    push(tr("Set model output"), std::move(after));
    return {};
}

EditResult DesignerDocument::setInputShape(const TensorShape& shape) {
    if (shape.dims.size() != 3 || std::any_of(shape.dims.begin(), shape.dims.end(), [](std::int64_t d) { return d < 1; }))
        return {{}, tr("the input shape must be CxHxW with positive sizes")};
    if (shape == state_.graph.input) return {};
    DesignerState after = state_;
    after.graph.input = shape;
    push(tr("Set input %1").arg(QString::fromStdString(shape.toString())), std::move(after));
    return {};
}

EditResult DesignerDocument::expandBlock(const std::string& id) {
    const Node* node = state_.graph.findNode(id);
    if (!node) return {{}, tr("no node '%1'").arg(QString::fromStdString(id))};
    const OpSchema* schema = findOp(node->op);
    if (!schema || !schema->composite) return {{}, tr("%1 is not a composite block").arg(QString::fromStdString(id))};
    const Analysis a = analyze(state_.graph);
    if (!a.ok()) return {{}, tr("fix the graph first: %1").arg(issueText(a.issues.front()))};
    std::map<std::string, std::string> topOf;   // primitive holding a top-level output -> top-level id
    for (const auto& [top, prim] : a.resolved) topOf[prim] = top;
    ExpandedBlock group{*node, position(id), {}, a.resolved.at(id)};
    std::set<std::string> own;
    for (const PrimitiveNode& p : a.nodes)
        if (p.block == id) own.insert(p.id);
    for (const PrimitiveNode& p : a.nodes) {
        if (p.block != id) continue;
        Node n{p.id, p.op, {}, p.attrs};
        for (const auto& in : p.inputs) n.inputs.push_back(own.count(in) || in == kGraphInputId ? in : topOf.at(in));
        group.primitives.push_back(n);
    }
    DesignerState after = state_;
    auto& nodes = after.graph.nodes;
    const auto at = std::find_if(nodes.begin(), nodes.end(), [&](const Node& n) { return n.id == id; });
    const auto index = at - nodes.begin();
    nodes.erase(at);
    nodes.insert(nodes.begin() + index, group.primitives.begin(), group.primitives.end());
    for (Node& n : nodes)
        for (auto& in : n.inputs)
            if (in == id) in = group.output;
    for (auto& o : after.graph.outputs)
        if (o == id) o = group.output;
    after.positions.erase(id);
    // The primitives take a grid where the block was; the nodes around make room for it, as if
    // columns were inserted on the block's row and rows below it, so nothing lands on anything.
    constexpr double kCell = 230, kRow = 120;
    const int count = int(group.primitives.size()), columns = std::min(count, 4), rows = (count + 3) / 4;
    const QPointF origin = group.position;
    for (auto& [other, p] : after.positions) {
        if (std::abs(p.y() - origin.y()) < kRow / 2 && p.x() > origin.x()) p.rx() += (columns - 1) * kCell;
        else if (p.y() >= origin.y() + kRow / 2) p.ry() += (rows - 1) * kRow;
    }
    for (int i = 0; i < count; ++i)
        after.positions[group.primitives[std::size_t(i)].id] = origin + QPointF(double(i % 4) * kCell, double(i / 4) * kRow);
    after.expanded[id] = group;
    push(tr("Expand %1").arg(QString::fromStdString(id)), std::move(after));
    return {};
}

EditResult DesignerDocument::collapseBlock(const std::string& blockId) {
    const auto it = state_.expanded.find(blockId);
    if (it == state_.expanded.end()) return {{}, tr("%1 is not an expanded block").arg(QString::fromStdString(blockId))};
    const ExpandedBlock& group = it->second;
    for (const Node& p : group.primitives) {
        const Node* now = state_.graph.findNode(p.id);
        if (!now || !(*now == p))
            return {{}, tr("%1 was edited after expanding %2; it cannot be collapsed back")
                            .arg(QString::fromStdString(p.id), QString::fromStdString(blockId))};
    }
    if (state_.graph.findNode(blockId)) return {{}, tr("a node named %1 exists already").arg(QString::fromStdString(blockId))};
    std::set<std::string> own;
    for (const Node& p : group.primitives) own.insert(p.id);
    DesignerState after = state_;
    auto& nodes = after.graph.nodes;
    const auto first = std::find_if(nodes.begin(), nodes.end(), [&](const Node& n) { return own.count(n.id) > 0; });
    const auto index = first - nodes.begin();
    nodes.erase(std::remove_if(nodes.begin(), nodes.end(), [&](const Node& n) { return own.count(n.id) > 0; }), nodes.end());
    nodes.insert(nodes.begin() + std::min<std::ptrdiff_t>(index, std::ptrdiff_t(nodes.size())), group.block);
    for (Node& n : nodes)
        for (auto& in : n.inputs)
            if (in == group.output && n.id != blockId) in = blockId;
    for (auto& o : after.graph.outputs)
        if (o == group.output) o = blockId;
    for (const auto& id : own) after.positions.erase(id);
    after.positions[blockId] = group.position;
    after.expanded.erase(blockId);
    push(tr("Collapse %1").arg(QString::fromStdString(blockId)), std::move(after));
    return {};
}

std::string DesignerDocument::copyNodes(const std::vector<std::string>& ids) const {
    const std::set<std::string> chosen(ids.begin(), ids.end());
    Graph clip;
    clip.name = "clipboard";
    clip.input = state_.graph.input;
    for (const Node& n : state_.graph.nodes) {
        if (!chosen.count(n.id)) continue;
        Node copy = n;
        copy.inputs.erase(std::remove_if(copy.inputs.begin(), copy.inputs.end(),
                                         [&](const std::string& in) { return in != kGraphInputId && !chosen.count(in); }),
                          copy.inputs.end());
        clip.nodes.push_back(copy);
        clip.outputs.push_back(copy.id);   // keeps the format's "has outputs" rule; ignored on paste
    }
    if (clip.nodes.empty()) return {};
    // First line: the nodes' positions, in node order ("x,y;x,y;..."); then the graph JSON.
    std::string text = graphToJson(clip, -1);
    std::string positions;
    for (const Node& n : clip.nodes) {
        const QPointF p = position(n.id);
        // QByteArray::number is locale-independent, unlike std::to_string (LC_NUMERIC "," under de_DE)
        positions += (positions.empty() ? "" : ";") + QByteArray::number(p.x(), 'g', 17).toStdString() + "," +
                     QByteArray::number(p.y(), 'g', 17).toStdString();
    }
    return positions + "\n" + text;
}

EditResult DesignerDocument::pasteNodes(const std::string& clip, QPointF offset, std::vector<std::string>* created) {
    const auto newline = clip.find('\n');
    if (newline == std::string::npos) return {{}, tr("the clipboard holds no designer nodes")};
    Graph pasted;
    try {
        pasted = graphFromJson(clip.substr(newline + 1));
    } catch (const std::exception& e) {
        return {{}, tr("the clipboard holds no designer nodes: %1").arg(QString::fromStdString(e.what()))};
    }
    std::vector<QPointF> positions;
    {
        const std::string list = clip.substr(0, newline);
        for (std::size_t start = 0; start < list.size();) {
            const std::size_t end = std::min(list.find(';', start), list.size());
            const std::string item = list.substr(start, end - start);
            const std::size_t comma = item.find(',');
            bool okX = false, okY = false;
            const double x = comma == std::string::npos ? 0 : QByteArray::fromStdString(item.substr(0, comma)).toDouble(&okX);
            const double y = comma == std::string::npos ? 0 : QByteArray::fromStdString(item.substr(comma + 1)).toDouble(&okY);
            // a bad entry falls back to the origin but keeps the node order
            positions.push_back(okX && okY && std::isfinite(x) && std::isfinite(y) ? QPointF(x, y) : QPointF());
            start = end + 1;
        }
    }
    DesignerState after = state_;
    std::map<std::string, std::string> renamed;
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < pasted.nodes.size(); ++i) {
        Node n = pasted.nodes[i];
        std::string id;
        for (int k = 1;; ++k) {
            id = n.op + "_" + std::to_string(k);
            if (!after.graph.findNode(id)) break;
        }
        renamed[n.id] = id;
        n.id = id;
        after.graph.nodes.push_back(n);
        after.positions[id] = (i < positions.size() ? positions[i] : QPointF()) + offset;
        ids.push_back(id);
    }
    for (std::size_t i = after.graph.nodes.size() - pasted.nodes.size(); i < after.graph.nodes.size(); ++i)
        for (auto& in : after.graph.nodes[i].inputs) in = renamed.count(in) ? renamed[in] : in;
    push(tr("Paste %n node(s)", "", int(ids.size())), std::move(after));
    if (created) *created = ids;
    return {ids.empty() ? std::string() : ids.front(), {}};
}

std::string DesignerDocument::expandedBlockOf(const std::string& primitiveId) const {
    for (const auto& [block, group] : state_.expanded)
        for (const Node& p : group.primitives)
            if (p.id == primitiveId) return block;
    return {};
}

EditResult DesignerDocument::repeatNode(const std::string& id, int times) {
    const Node* node = state_.graph.findNode(id);
    if (!node) return {{}, tr("no node '%1'").arg(QString::fromStdString(id))};
    if (times < 2 || times > 64) return {{}, tr("repeat between 2 and 64 times")};
    if (node->inputs.size() != 1) return {{}, tr("only single-input nodes can be repeated")};
    DesignerState after = state_;
    std::string previous = id;
    std::vector<std::string> copies;
    const QPointF origin = position(id);
    for (int i = 1; i < times; ++i) {
        Node copy = *node;
        copy.id = freshId(node->op);
        while (after.graph.findNode(copy.id) || std::find(copies.begin(), copies.end(), copy.id) != copies.end())
            copy.id += "_";
        if (copy.attrs.has("stride")) copy.attrs.set("stride", std::int64_t(1));
        copy.inputs = {previous};
        copies.push_back(copy.id);
        after.graph.nodes.push_back(copy);
        after.positions[copy.id] = origin + QPointF(0, double(i) * kRowHeight);
        previous = copy.id;
    }
    for (Node& n : after.graph.nodes)
        if (std::find(copies.begin(), copies.end(), n.id) == copies.end())
            for (auto& in : n.inputs)
                if (in == id) in = previous;
    for (auto& o : after.graph.outputs)
        if (o == id) o = previous;
    push(tr("Repeat %1 x%2").arg(QString::fromStdString(id)).arg(times), std::move(after));
    return {};
}

}  // namespace hlcnn
