#include "hlcnn/core/profiler.h"

#include <map>
#include <unordered_map>

namespace hlcnn {

double CostFigures::arithmeticIntensity() const {
    return trafficBytes > 0 ? double(2 * macs + otherOps) / double(trafficBytes) : 0.0;  // every arithmetic op
}

CostFigures& CostFigures::operator+=(const CostFigures& o) {
    params += o.params;
    buffers += o.buffers;
    macs += o.macs;
    otherOps += o.otherOps;
    activationBytes += o.activationBytes;
    trafficBytes += o.trafficBytes;
    return *this;
}

namespace {

// Ops that only re-index memory in a fused runtime still read and write once here: this is the
// naive-execution traffic, the "memory access cost" of ShuffleNetV2's guideline analysis.
CostFigures layerCost(const PrimitiveNode& n) {
    CostFigures c;
    for (const ParamSpec& p : n.params) {
        std::int64_t numel = 1;
        for (std::int64_t d : p.shape) numel *= d;
        (p.buffer ? c.buffers : c.params) += numel;
    }
    c.macs = n.cost.macs;
    c.otherOps = n.cost.otherOps;
    const std::int64_t outBytes = 4 * n.output.numel();
    std::int64_t inBytes = 0;
    for (const TensorShape& s : n.inputShapes) inBytes += 4 * s.numel();
    c.activationBytes = outBytes;
    c.trafficBytes = inBytes + outBytes + 4 * c.params;
    return c;
}

std::int64_t peakLiveBytes(const Analysis& a, std::int64_t inputBytes) {
    // A tensor lives from its producer until its last consumer (graph outputs until the end).
    std::unordered_map<std::string, std::size_t> lastUse;
    for (std::size_t i = 0; i < a.nodes.size(); ++i)
        for (const std::string& in : a.nodes[i].inputs) lastUse[in] = i;
    for (const std::string& o : a.outputs) lastUse[o] = a.nodes.size();
    std::int64_t live = inputBytes, peak = inputBytes;
    std::map<std::size_t, std::int64_t> freedAfter;
    freedAfter[lastUse.count(kGraphInputId) ? lastUse[kGraphInputId] : 0] += inputBytes;
    for (std::size_t i = 0; i < a.nodes.size(); ++i) {
        const std::int64_t bytes = 4 * a.nodes[i].output.numel();
        live += bytes;
        peak = std::max(peak, live);
        auto it = lastUse.find(a.nodes[i].id);
        freedAfter[it == lastUse.end() ? i : it->second] += bytes;
        live -= freedAfter[i];
    }
    return peak;
}

}  // namespace

ModelProfile profileAnalysis(const std::string& model, const TensorShape& input, const Analysis& analysis) {
    ModelProfile p;
    p.model = model;
    p.input = input;
    std::map<std::string, std::size_t> blockIndex;
    for (const PrimitiveNode& n : analysis.nodes) {
        LayerProfile l{n.id, n.op, n.block, n.output, layerCost(n)};
        p.total += l.cost;
        auto [it, inserted] = blockIndex.emplace(n.block, p.blocks.size());
        if (inserted) p.blocks.push_back(BlockProfile{n.block, {}, {}, {}, 0});
        BlockProfile& b = p.blocks[it->second];
        b.cost += l.cost;
        ++b.primitiveCount;
        p.layers.push_back(std::move(l));
    }
    for (BlockProfile& b : p.blocks) {
        auto s = analysis.shapes.find(b.id);
        if (s != analysis.shapes.end()) b.output = s->second;
    }
    p.peakActivationBytes = peakLiveBytes(analysis, 4 * input.numel());
    return p;
}

ModelProfile profileGraph(const Graph& graph) {
    const Analysis a = analyzeOrThrow(graph);
    ModelProfile p = profileAnalysis(graph.name, graph.input, a);
    for (BlockProfile& b : p.blocks)
        if (const Node* n = graph.findNode(b.id)) b.op = n->op;
    return p;
}

}  // namespace hlcnn
