#include "hlcnn/experiments/architecture_diff.h"

#include <map>
#include <set>

namespace hlcnn {

namespace {

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
    return out.empty() ? "-" : out;
}

// What differs in a node's own definition, one readable line each.
std::vector<std::string> nodeDetails(const Node& a, const Node& b) {
    std::vector<std::string> out;
    if (a.op != b.op) out.push_back("op: " + a.op + " -> " + b.op);
    std::set<std::string> names;
    for (const auto& [k, v] : a.attrs.values()) names.insert(k);
    for (const auto& [k, v] : b.attrs.values()) names.insert(k);
    for (const std::string& k : names) {
        const AttrValue* va = a.attrs.find(k);
        const AttrValue* vb = b.attrs.find(k);
        if (va && vb && *va == *vb) continue;
        out.push_back(k + ": " + (va ? attrValueToString(*va) : "(default)") + " -> " + (vb ? attrValueToString(*vb) : "(default)"));
    }
    if (a.inputs != b.inputs) out.push_back("inputs: " + joined(a.inputs) + " -> " + joined(b.inputs));
    return out;
}

}  // namespace

const char* nodeChangeName(NodeChangeKind kind) {
    switch (kind) {
    case NodeChangeKind::Added: return "added";
    case NodeChangeKind::Removed: return "removed";
    case NodeChangeKind::Changed: return "changed";
    case NodeChangeKind::Reshaped: return "reshaped";
    }
    return "?";
}

ArchitectureDiff diffArchitectures(const Graph& before, const Graph& after) {
    const ModelProfile pa = profileGraph(before), pb = profileGraph(after);
    std::map<std::string, const BlockProfile*> costA, costB;
    for (const BlockProfile& b : pa.blocks) costA[b.id] = &b;
    for (const BlockProfile& b : pb.blocks) costB[b.id] = &b;

    ArchitectureDiff d;
    d.nameBefore = before.name;
    d.nameAfter = after.name;
    d.inputBefore = before.input.toString();
    d.inputAfter = after.input.toString();
    d.outputsBefore = before.outputs;
    d.outputsAfter = after.outputs;
    d.totalBefore = pa.total;
    d.totalAfter = pb.total;

    auto fill = [](NodeChange& c, const BlockProfile* a, const BlockProfile* b) {
        if (a) c.shapeBefore = a->output.toString(), c.paramsBefore = a->cost.params, c.macsBefore = a->cost.macs;
        if (b) c.shapeAfter = b->output.toString(), c.paramsAfter = b->cost.params, c.macsAfter = b->cost.macs;
    };
    auto removedNode = [&](const Node& n) {
        NodeChange c;
        c.kind = NodeChangeKind::Removed;
        c.id = n.id;
        c.op = n.op;
        fill(c, costA[n.id], nullptr);
        return c;
    };

    // Walk the second graph in order; a removed node is placed after the last node both share
    // that preceded it in the first graph, so the list reads like the network.
    std::size_t nextA = 0;
    auto flushRemovedUpTo = [&](std::size_t endA) {
        for (; nextA < endA; ++nextA)
            if (!after.findNode(before.nodes[nextA].id)) d.changes.push_back(removedNode(before.nodes[nextA]));
    };
    std::map<std::string, std::size_t> indexA;
    for (std::size_t i = 0; i < before.nodes.size(); ++i) indexA[before.nodes[i].id] = i;

    for (const Node& nb : after.nodes) {
        const auto it = indexA.find(nb.id);
        if (it == indexA.end()) {
            NodeChange c;
            c.kind = NodeChangeKind::Added;
            c.id = nb.id;
            c.op = nb.op;
            fill(c, nullptr, costB[nb.id]);
            d.changes.push_back(c);
            continue;
        }
        if (it->second >= nextA) flushRemovedUpTo(it->second + 1);
        const Node& na = before.nodes[it->second];
        NodeChange c;
        c.id = nb.id;
        c.op = nb.op;
        c.details = nodeDetails(na, nb);
        fill(c, costA[na.id], costB[nb.id]);
        if (!c.details.empty()) {
            c.kind = NodeChangeKind::Changed;
        } else if (c.shapeBefore != c.shapeAfter || c.paramsBefore != c.paramsAfter || c.macsBefore != c.macsAfter) {
            c.kind = NodeChangeKind::Reshaped;
            if (c.shapeBefore != c.shapeAfter) c.details.push_back("output: " + c.shapeBefore + " -> " + c.shapeAfter);
            else c.details.push_back("input shape changed upstream");
        } else {
            ++d.unchanged;
            continue;
        }
        d.changes.push_back(c);
    }
    flushRemovedUpTo(before.nodes.size());
    return d;
}

}  // namespace hlcnn
