#include "hlcnn/widgets/design_file.h"

#include "hlcnn/core/graph_json.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

// nlohmann rather than QJsonDocument: node attributes keep the integer/real distinction the graph
// format relies on (Qt's JSON writes 1.0 as 1, which would read back as an integer).
namespace hlcnn {

namespace {

using json = nlohmann::json;

// Nodes go through the graph format's own writer and reader, so a node in the layout block is
// spelled exactly as in "nodes".
json nodesJson(const std::vector<Node>& nodes) {
    Graph g;
    g.input.dims = {1, 1, 1};
    g.nodes = nodes;
    return json::parse(graphToJson(g, -1)).at("nodes");
}

std::vector<Node> nodesFrom(const json& array) {
    const json doc{{"format", "hlcnn-graph/1"}, {"input", {1, 1, 1}}, {"nodes", array}, {"outputs", json::array()}};
    return graphFromJson(doc.dump()).nodes;
}

json point(QPointF p) { return json::array({p.x(), p.y()}); }

bool pointFrom(const json& v, QPointF* out) {
    if (!v.is_array() || v.size() != 2 || !v[0].is_number() || !v[1].is_number()) return false;
    *out = QPointF(v[0].get<double>(), v[1].get<double>());
    // NaN, infinite or absurd coordinates are dropped: the node is laid out as if unplaced.
    constexpr double kFar = 1e7;
    return std::abs(out->x()) <= kFar && std::abs(out->y()) <= kFar;
}

}  // namespace

std::string designFileText(const DesignerState& state) {
    json positions = json::object();
    for (const auto& [id, p] : state.positions) positions[id] = point(p);
    json expanded = json::array();
    for (const auto& [id, e] : state.expanded)
        expanded.push_back({{"block", nodesJson({e.block}).at(0)},
                            {"position", point(e.position)},
                            {"primitives", nodesJson(e.primitives)},
                            {"output", e.output}});
    const json layout{{"version", kLayoutVersion}, {"positions", positions}, {"expanded", expanded}};
    const std::string text = graphToJson(state.graph);
    const std::size_t close = text.rfind('}');
    return text.substr(0, close) + ",\n  \"layout\": " + layout.dump() + "\n}\n";
}

LoadedDesign parseDesign(const std::string& text) {
    LoadedDesign out;
    out.state.graph = graphFromJson(text);   // the graph decides whether the file opens
    const json doc = json::parse(text);      // parses: graphFromJson just did
    if (!doc.contains("layout")) return out;
    const json& layout = doc.at("layout");
    const int version = layout.is_object() && layout.value("version", json()).is_number_integer() ? layout.at("version").get<int>() : -1;
    if (version != kLayoutVersion) {
        out.warning = QObject::tr("the layout block (version %1) is not one this program reads; nodes were laid out anew").arg(version);
        return out;
    }
    std::set<std::string> ids{kGraphInputId};
    for (const Node& n : out.state.graph.nodes) ids.insert(n.id);
    const json positions = layout.value("positions", json::object());
    if (positions.is_object())
        for (auto it = positions.begin(); it != positions.end(); ++it) {
            QPointF p;
            if (ids.count(it.key()) && pointFrom(it.value(), &p)) out.state.positions[it.key()] = p;
        }
    const json expanded = layout.value("expanded", json::array());
    for (const json& o : expanded.is_array() ? expanded : json::array()) {
        try {
            ExpandedBlock e;
            e.block = nodesFrom(json::array({o.at("block")})).at(0);
            e.primitives = nodesFrom(o.at("primitives"));
            e.output = o.at("output").get<std::string>();
            if (!pointFrom(o.at("position"), &e.position)) continue;
            // Kept only while the graph still holds those primitives unchanged (collapsing needs them).
            bool intact = !e.primitives.empty();
            for (const Node& p : e.primitives) {
                const Node* now = out.state.graph.findNode(p.id);
                intact = intact && now && *now == p;
            }
            if (intact) out.state.expanded[e.block.id] = std::move(e);
        } catch (const std::exception&) {   // a damaged entry is dropped: that block stays shown as its primitives
        }
    }
    return out;
}

LoadedDesign readDesignFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw GraphError(GraphIssue{"", "cannot open graph file '" + path + "'"});
    std::ostringstream buffer;
    buffer << in.rdbuf();
    try {
        return parseDesign(buffer.str());
    } catch (const GraphError& e) {
        throw GraphError(GraphIssue{"", path + ": " + e.what(), e.issue().kind});
    }
}

}  // namespace hlcnn
