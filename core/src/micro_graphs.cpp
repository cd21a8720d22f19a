#include "hlcnn/core/micro_graphs.h"

#include "hlcnn/core/analysis.h"
#include "hlcnn/core/graph_json.h"

#include <algorithm>

namespace hlcnn {

namespace {

std::string shapeText(const TensorShape& s) {
    std::string t;
    for (size_t i = 0; i < s.dims.size(); ++i) t += (i ? "x" : "") + std::to_string(s.dims[i]);
    return t;
}

Graph singleNodeGraph(const TensorShape& input, const std::string& op, size_t inputs, const Attrs& attrs) {
    Graph g;
    g.name = "block";
    g.input = input;
    g.nodes.push_back(Node{"block", op, std::vector<std::string>(std::max<size_t>(inputs, 1), kGraphInputId), attrs});
    g.outputs = {"block"};
    return g;
}

// The micro-graph of `node`: fed from one input of the largest map, other inputs made by adapters.
// Returns "" and the graphs, or the reason it cannot be built.
std::string microGraphOf(const Node& node, const std::vector<TensorShape>& shapes, Graph& micro, Graph& baseline) {
    size_t main = 0;
    const auto area = [](const TensorShape& s) { return s.isMap() ? s.dims[1] * s.dims[2] : 0; };
    for (size_t i = 1; i < shapes.size(); ++i)
        if (area(shapes[i]) > area(shapes[main])) main = i;
    const TensorShape& in = shapes[main];
    micro = Graph{};
    micro.name = "block";
    micro.input = in.isVector() ? TensorShape{{in.dims[0], 1, 1}} : in;
    std::string source = kGraphInputId;
    if (in.isVector()) {  // graph inputs are maps: a flatten gives the vector
        micro.nodes.push_back(Node{"flat", "flatten", {kGraphInputId}, {}});
        source = "flat";
    }
    std::vector<std::string> inputs, adapters;
    for (size_t i = 0; i < shapes.size(); ++i) {
        if (shapes[i] == in) {
            inputs.push_back(source);
            continue;
        }
        const TensorShape& s = shapes[i];
        if (!s.isMap() || !in.isMap() || in.dims[1] % s.dims[1] || in.dims[2] % s.dims[2] || in.dims[1] / s.dims[1] != in.dims[2] / s.dims[2])
            return "its inputs differ in shape (" + shapeText(in) + " and " + shapeText(s) + ") in a way no 1x1 strided convolution can make";
        Attrs a;
        a.set("out_channels", s.dims[0]);
        a.set("kernel", std::int64_t(1));
        a.set("stride", in.dims[1] / s.dims[1]);
        a.set("bias", false);
        const std::string id = "adapt" + std::to_string(adapters.size());
        micro.nodes.push_back(Node{id, "conv2d", {source}, a});
        adapters.push_back(id);
        inputs.push_back(id);
    }
    if (shapes.empty()) inputs.push_back(source);
    if (!adapters.empty()) {
        baseline = micro;
        baseline.name = "baseline";
        baseline.outputs = adapters;
    }
    micro.nodes.push_back(Node{"block", node.op, inputs, node.attrs});
    micro.outputs = {"block"};
    return {};
}

}  // namespace

BlockConfigs blockConfigs(const Graph& graph) {
    const Analysis analysis = analyzeOrThrow(graph);
    BlockConfigs out;
    std::map<std::string, size_t> indexOfKey;
    for (const Node& node : graph.nodes) {
        std::vector<TensorShape> shapes;
        for (const std::string& in : node.inputs) shapes.push_back(in == kGraphInputId ? graph.input : analysis.shapes.at(in));
        Graph micro, baseline;
        if (std::string why = microGraphOf(node, shapes, micro, baseline); !why.empty()) {
            out.skipped[node.id] = why;
            continue;
        }
        const Analysis check = analyze(micro);
        if (!check.ok()) {
            out.skipped[node.id] = "alone it does not form a valid graph (" + check.issues.front().message + ")";
            continue;
        }
        const std::string key = graphToJson(micro, -1);
        out.keyOf[node.id] = key;
        const auto known = indexOfKey.find(key);
        if (known != indexOfKey.end()) {
            out.blocks[known->second].nodeIds.push_back(node.id);
            continue;
        }
        indexOfKey[key] = out.blocks.size();
        BlockConfig b{key, node.op, {node.id}, std::move(micro), {}, {}};
        if (!baseline.nodes.empty()) {
            b.baselineKey = graphToJson(baseline, -1);
            b.baseline = std::move(baseline);
        }
        out.blocks.push_back(std::move(b));
    }
    return out;
}

Graph overheadGraph(const TensorShape& input) { return singleNodeGraph(input, "dropout", 1, {}); }

std::string overheadKey(const TensorShape& input) { return "overhead:" + shapeText(input); }

LatencyPrediction predictLatency(const Graph& graph, const std::map<std::string, double>& blockMs, double overheadMs) {
    LatencyPrediction p;
    p.totalMs = overheadMs;
    const BlockConfigs configs = blockConfigs(graph);
    std::map<std::string, const BlockConfig*> byKey;
    for (const BlockConfig& b : configs.blocks) byKey[b.key] = &b;
    for (const Node& node : graph.nodes) {
        const auto key = configs.keyOf.find(node.id);
        const auto ms = key == configs.keyOf.end() ? blockMs.end() : blockMs.find(key->second);
        if (ms == blockMs.end()) {
            p.missing.push_back(node.id);
            continue;
        }
        double baseline = overheadMs;
        if (const BlockConfig* b = byKey.at(key->second); !b->baselineKey.empty()) {
            const auto base = blockMs.find(b->baselineKey);
            if (base == blockMs.end()) {
                p.missing.push_back(node.id);
                continue;
            }
            baseline = base->second;
        }
        p.nodeMs[node.id] = std::max(0.0, ms->second - baseline);
        p.totalMs += p.nodeMs[node.id];
    }
    return p;
}

}  // namespace hlcnn
