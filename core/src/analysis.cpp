#include "hlcnn/core/analysis.h"
#include "hlcnn/core/messages.h"

#include "hlcnn/core/op_registry.h"

#include <algorithm>
#include <deque>
#include <set>
#include <unordered_map>

namespace hlcnn {

namespace {

constexpr std::int64_t kMaxDim = 1 << 20;
constexpr std::int64_t kMaxElements = std::int64_t(1) << 32;  // per tensor, batch 1
constexpr double kMaxCostMagnitude = 4e18;                      // keeps every count inside int64
constexpr std::size_t kMaxPrimitives = 200000;

std::string placeholder(const std::string& blockId, std::size_t index) {
    return blockId + "#in" + std::to_string(index);
}

class Analyzer {
public:
    explicit Analyzer(const Graph& g) : g_(g) {}

    Analysis run() {
        const bool inputOk = checkInput();          // both run: report every structural issue at once
        const bool structureOk = checkStructure();
        if (!inputOk || !structureOk) return std::move(a_);
        for (const Node* n : order_) {
            if (failed_.count(n->id)) continue;   // its own structural problem is reported
            bool inputsOk = true;
            std::vector<std::string> inputs;
            for (const std::string& in : n->inputs) {
                if (failed_.count(in)) inputsOk = false;
                else inputs.push_back(in == kGraphInputId ? std::string(kGraphInputId) : a_.resolved.at(in));
            }
            if (!inputsOk) {
                failed_.insert(n->id);  // the cause is already reported upstream
                continue;
            }
            try {
                const std::string out = process(*n, inputs, n->id);
                a_.resolved[n->id] = out;
                a_.shapes[n->id] = shapeOf(out);
            } catch (const OpError& e) {
                failed_.insert(n->id);
                a_.issues.push_back({n->id, e.what(), IssueKind::Rule});
            }
        }
        for (const std::string& o : g_.outputs)
            if (a_.resolved.count(o)) a_.outputs.push_back(a_.resolved[o]);
        return std::move(a_);
    }

private:
    bool checkInput() {
        const auto& d = g_.input.dims;
        if (d.size() != 3) {
            a_.issues.push_back({"", say(msg::kInputNotCHW)});
            return false;
        }
        for (std::int64_t x : d)
            if (x <= 0 || x > kMaxDim) {
                a_.issues.push_back({"", say(msg::kInputDimsRange, {std::to_string(kMaxDim), g_.input.toString()})});
                return false;
            }
        if (g_.input.numel() > kMaxElements) {
            a_.issues.push_back({"", say(msg::kInputTooLarge, {g_.input.toString()})});
            return false;
        }
        shapes_[kGraphInputId] = g_.input;
        return true;
    }

    bool checkStructure() {
        bool ok = true;
        std::unordered_map<std::string, const Node*> byId;
        for (const Node& n : g_.nodes) {
            if (!isValidNodeId(n.id) || n.id == kGraphInputId) {
                a_.issues.push_back({n.id, say(msg::kInvalidNodeId)});
                ok = false;
            } else if (!byId.emplace(n.id, &n).second || !topIds_.insert(n.id).second) {
                a_.issues.push_back({n.id, say(msg::kDuplicateNodeId)});
                ok = false;
            }
        }
        // A node's own problem (unknown op, input count, missing input) fails that node and what
        // depends on it; the rest of the graph is still analysed, so views can show partial figures.
        for (const Node& n : g_.nodes) {
            const OpSchema* op = findOp(n.op);
            if (!op) {
                a_.issues.push_back({n.id, say(msg::kUnknownOp, {n.op})});
                failed_.insert(n.id);
                continue;
            }
            const int count = int(n.inputs.size());
            if (count < op->minInputs || (op->maxInputs >= 0 && count > op->maxInputs)) {
                const std::string got = std::to_string(count), least = std::to_string(op->minInputs);
                a_.issues.push_back({n.id,
                                     op->maxInputs < 0                ? say(msg::kInputCountAtLeast, {n.op, least, got})
                                     : op->minInputs == op->maxInputs ? say(msg::kInputCount, {n.op, least, got})
                                                                      : say(msg::kInputCountRange, {n.op, least, std::to_string(op->maxInputs), got}),
                                     count < op->minInputs ? IssueKind::Unfinished : IssueKind::Structure});
                failed_.insert(n.id);
            }
            for (const std::string& in : n.inputs)
                if (in != kGraphInputId && !byId.count(in)) {
                    a_.issues.push_back({n.id, say(msg::kMissingInput, {in})});
                    failed_.insert(n.id);
                }
        }
        if (g_.outputs.empty()) a_.issues.push_back({"", say(msg::kNoOutputs), IssueKind::Unfinished});
        for (const std::string& o : g_.outputs)
            if (!byId.count(o)) a_.issues.push_back({"", say(msg::kOutputNotANode, {o})});
        if (!ok) return false;

        // Kahn's algorithm, stable in document order.
        std::unordered_map<std::string, int> pending;
        std::unordered_map<std::string, std::vector<const Node*>> consumers;
        for (const Node& n : g_.nodes) {
            int deps = 0;
            for (const std::string& in : n.inputs)
                if (in != kGraphInputId && byId.count(in)) ++deps, consumers[in].push_back(&n);
            pending[n.id] = deps;
        }
        std::deque<const Node*> ready;
        for (const Node& n : g_.nodes)
            if (pending[n.id] == 0) ready.push_back(&n);
        while (!ready.empty()) {
            const Node* n = ready.front();
            ready.pop_front();
            order_.push_back(n);
            for (const Node* c : consumers[n->id])
                if (--pending[c->id] == 0) ready.push_back(c);
        }
        if (order_.size() != g_.nodes.size()) {
            std::string members;
            for (const Node& n : g_.nodes)
                if (pending[n.id] > 0) members += (members.empty() ? "" : ", ") + n.id;
            for (const Node& n : g_.nodes)
                if (pending[n.id] > 0) {
                    a_.issues.push_back({n.id, say(msg::kCycle, {members}), IssueKind::Cycle});
                    break;
                }
            return false;
        }
        return true;
    }

    const TensorShape& shapeOf(const std::string& primitiveId) const { return shapes_.at(primitiveId); }

    // Processes one node (top-level or from an expansion) whose inputs are primitive ids; returns
    // the primitive id that holds its output.
    std::string process(const Node& n, const std::vector<std::string>& inputs, const std::string& block) {
        const OpSchema* op = findOp(n.op);
        if (!op) throw OpError("unknown op '" + n.op + "'");
        std::vector<TensorShape> inShapes;
        for (const std::string& in : inputs) inShapes.push_back(shapeOf(in));
        Attrs attrs = resolveAttrs(*op, n.attrs);
        const OpContext ctx{n.id, attrs, inShapes};

        if (op->composite) {
            Expansion e = op->expand(ctx);
            std::unordered_map<std::string, std::string> local;  // sub id -> primitive id
            for (std::size_t i = 0; i < inputs.size(); ++i) local[placeholder(n.id, i)] = inputs[i];
            for (const Node& sub : e.nodes) {
                std::vector<std::string> subInputs;
                for (const std::string& in : sub.inputs) {
                    auto it = local.find(in);
                    if (it == local.end()) throw OpError("internal: expansion of '" + n.op + "' references '" + in + "'");
                    subInputs.push_back(it->second);
                }
                try {
                    local[sub.id] = process(sub, subInputs, block);
                } catch (const OpError& err) {
                    if (std::string(err.what()).rfind("in ", 0) == 0) throw;
                    throw OpError("in " + sub.id + " (" + sub.op + "): " + err.what());
                }
            }
            return local.at(e.output);
        }

        if (taken_.count(n.id) || (n.id != block && topIds_.count(n.id)))
            throw OpError("expanded node id '" + n.id + "' collides with another node");
        if (a_.nodes.size() >= kMaxPrimitives) throw OpError("graph too large (more than 200000 primitives)");

        PrimitiveNode p;
        p.id = n.id;
        p.op = n.op;
        p.inputs = inputs;
        p.inputShapes = inShapes;
        p.attrs = attrs;
        p.block = block;
        p.output = op->infer(ctx);
        for (std::int64_t d : p.output.dims)
            if (d <= 0) throw OpError("output size collapses to " + p.output.toString());
        if (p.output.numel() > kMaxElements) throw OpError("output " + p.output.toString() + " is too large");
        if (op->params) p.params = op->params(ctx);
        double largestParam = 0;
        for (const ParamSpec& ps : p.params) {
            double numel = 1;
            for (std::int64_t d : ps.shape) numel *= double(d);
            largestParam = std::max(largestParam, numel);
        }
        double window = 0;
        if (attrs.has("kernel")) window = double(attrs.integer("kernel")) * double(attrs.integer("kernel"));
        double inputSize = 0;
        for (const TensorShape& s : inShapes) inputSize += double(s.numel());
        if ((double(p.output.numel()) + inputSize) * (largestParam + window + 16.0) > kMaxCostMagnitude)
            throw OpError("too large to count (output " + p.output.toString() + ")");
        p.cost = op->cost(ctx, p.output);
        taken_.insert(p.id);
        shapes_[p.id] = p.output;
        a_.nodes.push_back(std::move(p));
        return n.id;
    }

    const Graph& g_;
    Analysis a_;
    std::vector<const Node*> order_;
    std::set<std::string> failed_;
    std::set<std::string> taken_;
    std::set<std::string> topIds_;
    std::unordered_map<std::string, TensorShape> shapes_;
};

}  // namespace

const PrimitiveNode* Analysis::find(const std::string& primitiveId) const {
    for (const PrimitiveNode& n : nodes)
        if (n.id == primitiveId) return &n;
    return nullptr;
}

Analysis analyze(const Graph& graph) { return Analyzer(graph).run(); }

Analysis analyzeOrThrow(const Graph& graph) {
    Analysis a = analyze(graph);
    if (!a.ok()) throw GraphError(a.issues.front());
    return a;
}

Graph expandedGraph(const Graph& graph) {
    const Analysis a = analyzeOrThrow(graph);
    Graph g;
    g.name = graph.name;
    g.input = graph.input;
    for (const PrimitiveNode& p : a.nodes) g.nodes.push_back(Node{p.id, p.op, p.inputs, p.attrs});
    g.outputs = a.outputs;
    return g;
}

}  // namespace hlcnn
