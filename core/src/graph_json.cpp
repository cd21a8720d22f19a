#include "hlcnn/core/graph_json.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>

namespace hlcnn {

using nlohmann::json;

namespace {

[[noreturn]] void fail(const std::string& message, const std::string& nodeId = {}) {
    throw GraphError(GraphIssue{nodeId, message});
}

std::string describe(const json& j) {
    return j.type_name();
}

AttrValue attrFromJson(const json& j, const std::string& name, const std::string& nodeId) {
    if (j.is_boolean()) return j.get<bool>();
    if (j.is_number_integer()) {
        if (j.is_number_unsigned() && j.get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max()))
            fail("attribute '" + name + "' is too large", nodeId);
        return j.get<std::int64_t>();
    }
    if (j.is_number_float()) return j.get<double>();
    if (j.is_string()) return j.get<std::string>();
    fail("attribute '" + name + "' must be a number, boolean or string, not " + describe(j), nodeId);
}

json attrToJson(const AttrValue& v) {
    return std::visit([](const auto& x) { return json(x); }, v);
}

const json& field(const json& obj, const char* key, const std::string& where) {
    auto it = obj.find(key);
    if (it == obj.end()) fail(where + " has no \"" + key + "\" field");
    return *it;
}

std::string stringField(const json& obj, const char* key, const std::string& where) {
    const json& v = field(obj, key, where);
    if (!v.is_string()) fail(where + ": \"" + key + "\" must be a string, not " + describe(v));
    return v.get<std::string>();
}

std::vector<std::string> idList(const json& v, const std::string& what, const std::string& nodeId) {
    if (!v.is_array()) fail(what + " must be an array of node ids, not " + describe(v), nodeId);
    std::vector<std::string> ids;
    for (const json& e : v) {
        if (!e.is_string()) fail(what + " must contain only strings (node ids), found " + describe(e), nodeId);
        ids.push_back(e.get<std::string>());
    }
    return ids;
}

}  // namespace

Graph graphFromJson(const std::string& text) {
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::parse_error& e) {
        fail("not valid JSON (" + std::string(e.what()) + ")");
    }
    if (!doc.is_object()) fail("a graph document must be a JSON object, not " + describe(doc));

    const std::string format = stringField(doc, "format", "the document");
    if (format != kGraphFormat)
        fail("unsupported format \"" + format + "\" (expected \"" + kGraphFormat + "\")");

    Graph g;
    if (doc.contains("name")) {
        if (!doc["name"].is_string()) fail("\"name\" must be a string");
        g.name = doc["name"].get<std::string>();
    }
    const json& input = field(doc, "input", "the document");
    if (!input.is_array() || input.size() != 3)
        fail("\"input\" must be an array [C, H, W] of three integers");
    for (const json& d : input) {
        if (!d.is_number_integer()) fail("\"input\" must hold integers, found " + describe(d));
        if (d.is_number_unsigned() && d.get<std::uint64_t>() > (1u << 30)) fail("\"input\" dimension too large");
        g.input.dims.push_back(d.get<std::int64_t>());
    }

    const json& nodes = field(doc, "nodes", "the document");
    if (!nodes.is_array()) fail("\"nodes\" must be an array");
    std::size_t index = 0;
    for (const json& jn : nodes) {
        const std::string where = "nodes[" + std::to_string(index++) + "]";
        if (!jn.is_object()) fail(where + " must be an object, not " + describe(jn));
        Node n;
        n.id = stringField(jn, "id", where);
        n.op = stringField(jn, "op", where);
        if (jn.contains("inputs")) n.inputs = idList(jn["inputs"], "\"inputs\"", n.id);
        if (jn.contains("attrs")) {
            const json& attrs = jn["attrs"];
            if (!attrs.is_object()) fail("\"attrs\" must be an object, not " + describe(attrs), n.id);
            for (auto it = attrs.begin(); it != attrs.end(); ++it)
                n.attrs.set(it.key(), attrFromJson(it.value(), it.key(), n.id));
        }
        g.nodes.push_back(std::move(n));
    }
    g.outputs = idList(field(doc, "outputs", "the document"), "\"outputs\"", {});
    return g;
}

Graph loadGraphFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail("cannot open graph file '" + path + "'");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    try {
        return graphFromJson(buffer.str());
    } catch (const GraphError& e) {
        fail(path + ": " + e.what());
    }
}

std::string graphToJson(const Graph& graph, int indent) {
    json doc;
    doc["format"] = kGraphFormat;
    doc["name"] = graph.name;
    doc["input"] = graph.input.dims;
    json nodes = json::array();
    for (const Node& n : graph.nodes) {
        json jn;
        jn["id"] = n.id;
        jn["op"] = n.op;
        jn["inputs"] = n.inputs;
        json attrs = json::object();
        for (const auto& [k, v] : n.attrs.values()) attrs[k] = attrToJson(v);
        jn["attrs"] = attrs;
        nodes.push_back(std::move(jn));
    }
    doc["nodes"] = std::move(nodes);
    doc["outputs"] = graph.outputs;
    return doc.dump(indent) + "\n";
}

void saveGraphFile(const Graph& graph, const std::string& path) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) fail("cannot write '" + tmp + "'");
        out << graphToJson(graph);
        out.flush();
        if (!out) fail("writing '" + tmp + "' failed");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        fail("cannot replace '" + path + "'");
    }
}

}  // namespace hlcnn
