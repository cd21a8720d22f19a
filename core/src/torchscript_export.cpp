#include "hlcnn/core/torchscript_export.h"

#include "hlcnn/core/number_text.h"

#include "hlcnn/core/op_registry.h"

#include <torch/script.h>

#include <cctype>
#include <cstdio>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_map>

namespace hlcnn {

namespace {

bool isIdentifier(const std::string& s) {
    static const std::set<std::string> reserved{"self", "forward", "training", "and", "or", "not", "if", "else", "for",
                                                "in", "def", "return", "None", "True", "False", "import", "from",
                                                "class", "with", "as", "while", "pass", "break", "continue", "lambda",
                                                "is", "global", "del", "assert", "raise", "try", "except", "finally",
                                                "yield", "elif", "nonlocal", "async", "await"};
    if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])) || reserved.count(s)) return false;
    for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
    return true;
}

std::string stateExpr(const std::string& fullName) {
    std::string expr = "self";
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = fullName.find('.', start);
        const std::string part = fullName.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        expr = isIdentifier(part) ? expr + "." + part : "getattr(" + expr + ", \"" + part + "\")";
        if (dot == std::string::npos) return expr;
        start = dot + 1;
    }
}

std::string num(double v) {
    std::string s = roundTripText(v);
    if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
    return s;
}

std::string pair(std::int64_t v) { return "[" + std::to_string(v) + ", " + std::to_string(v) + "]"; }

std::string intList(const std::vector<std::int64_t>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
    return s + "]";
}

std::string boolean(bool b) { return b ? "True" : "False"; }

// Runs op lowerings to write TorchScript: every operation becomes one assignment `vN = torch.f(...)`,
// a Value is the expression (variable, input, or parameter path) that names the tensor.
// For inference the source has no training branches and no dropout, and a convolution directly
// followed by batch normalisation becomes one convolution with folded weights. Convolutions are then
// written when first used (straight-line code keeps every variable in scope), so a batch norm can
// take over the convolution it reads; a convolution whose raw output is also used elsewhere is
// written as well.
class ScriptOps final : public TensorOps {
public:
    ScriptOps(std::ostringstream& src, bool inference) : src_(src), inference_(inference) {}

    Value name(std::string expr, std::string stateName = {}) {
        Entry e;
        e.expr = std::move(expr);
        e.stateName = std::move(stateName);
        entries_.push_back(std::move(e));
        return Value{int(entries_.size()) - 1};
    }
    const std::string& expr(Value v) {
        const std::size_t slot = std::size_t(v.slot);
        if (entries_.at(slot).pendingConv) {
            const ConvCall c = *entries_[slot].pendingConv;
            entries_[slot].pendingConv.reset();
            const Value written = emitConv(c, expr(c.w), optional(c.b));  // may grow entries_
            entries_[slot].expr = entries_.at(std::size_t(written.slot)).expr;
        }
        return entries_.at(slot).expr;
    }
    const std::vector<ConvBatchNormFold>& folds() const { return folds_; }

    Value conv2d(Value x, Value w, Value b, std::int64_t stride, std::int64_t padding, std::int64_t dilation,
                 std::int64_t groups) override {
        const ConvCall c{x, w, b, stride, padding, dilation, groups};
        if (!inference_) return emitConv(c, expr(w), optional(b));
        Value pending = name("");
        entries_.back().pendingConv = c;
        return pending;
    }
    Value conv1d(Value x, Value w, std::int64_t padding) override {
        return emit("torch.conv1d(" + expr(x) + ", " + expr(w) + ", None, [1], [" + std::to_string(padding) + "])");
    }
    Value batchNorm(Value x, Value w, Value b, Value mean, Value var, Value tracked, double momentum, double eps) override {
        if (inference_) {
            Entry& in = entries_.at(std::size_t(x.slot));
            if (in.pendingConv && !state(in.pendingConv->w).empty() && !state(w).empty() && !state(b).empty() &&
                !state(mean).empty() && !state(var).empty()) {
                const ConvCall c = *in.pendingConv;
                ConvBatchNormFold f;
                f.weightAttr = "hlcnn_folded_" + std::to_string(folds_.size()) + "_weight";
                f.biasAttr = "hlcnn_folded_" + std::to_string(folds_.size()) + "_bias";
                f.convWeight = state(c.w);
                f.convBias = c.b.defined() ? state(c.b) : std::string();
                f.bnWeight = state(w), f.bnBias = state(b), f.bnMean = state(mean), f.bnVar = state(var);
                f.eps = eps;
                folds_.push_back(f);
                return emitConv(c, "self." + f.weightAttr, "self." + f.biasAttr);
            }
            return emit("torch.batch_norm(" + expr(x) + ", " + expr(w) + ", " + expr(b) + ", " + expr(mean) + ", " +
                        expr(var) + ", False, " + num(momentum) + ", " + num(eps) + ", True)");
        }
        src_ << "    if self.training:\n        " << expr(tracked) << ".add_(1)\n";
        return emit("torch.batch_norm(" + expr(x) + ", " + expr(w) + ", " + expr(b) + ", " + expr(mean) + ", " + expr(var) +
                    ", self.training, " + num(momentum) + ", " + num(eps) + ", True)");
    }
    Value linear(Value x, Value w, Value b) override {
        return emit("torch.linear(" + expr(x) + ", " + expr(w) + ", " + optional(b) + ")");
    }
    Value relu(Value x) override { return call("relu", x); }
    Value hardtanh(Value x, double low, double high) override {
        return emit("torch.hardtanh(" + expr(x) + ", " + num(low) + ", " + num(high) + ")");
    }
    Value hardswish(Value x) override { return call("hardswish", x); }
    Value hardsigmoid(Value x) override { return call("hardsigmoid", x); }
    Value silu(Value x) override { return call("silu", x); }
    Value sigmoid(Value x) override { return call("sigmoid", x); }
    Value maxPool2d(Value x, std::int64_t k, std::int64_t s, std::int64_t p, bool ceil) override {
        return emit("torch.max_pool2d(" + expr(x) + ", " + pair(k) + ", " + pair(s) + ", " + pair(p) + ", [1, 1], " +
                    boolean(ceil) + ")");
    }
    Value avgPool2d(Value x, std::int64_t k, std::int64_t s, std::int64_t p, bool ceil) override {
        return emit("torch.avg_pool2d(" + expr(x) + ", " + pair(k) + ", " + pair(s) + ", " + pair(p) + ", " + boolean(ceil) +
                    ", True)");
    }
    Value adaptiveAvgPool2d(Value x, std::int64_t h, std::int64_t w) override {
        return emit("torch.adaptive_avg_pool2d(" + expr(x) + ", " + intList({h, w}) + ")");
    }
    Value upsampleNearest2d(Value x, std::int64_t h, std::int64_t w) override {
        return emit("torch.upsample_nearest2d(" + expr(x) + ", " + intList({h, w}) + ")");
    }
    Value dropout(Value x, double p) override {
        if (inference_) return x;
        return emit("torch.dropout(" + expr(x) + ", " + num(p) + ", self.training)");
    }
    Value add(Value a, Value b) override { return emit(expr(a) + " + " + expr(b)); }
    Value mul(Value a, Value b) override { return emit(expr(a) + " * " + expr(b)); }
    Value cat(const std::vector<Value>& parts, std::int64_t dim) override {
        std::string list;
        for (Value v : parts) list += (list.empty() ? "" : ", ") + expr(v);
        return emit("torch.cat([" + list + "], " + std::to_string(dim) + ")");
    }
    Value flatten(Value x) override { return emit("torch.flatten(" + expr(x) + ", 1)"); }
    Value view(Value x, const std::vector<std::int64_t>& shape) override {
        return emit(expr(x) + ".view(" + intList(shape) + ")");
    }
    Value transpose(Value x, std::int64_t d0, std::int64_t d1) override {
        return emit(expr(x) + ".transpose(" + std::to_string(d0) + ", " + std::to_string(d1) + ")");
    }
    Value contiguous(Value x) override { return emit(expr(x) + ".contiguous()"); }
    Value narrow(Value x, std::int64_t dim, std::int64_t start, std::int64_t length) override {
        return emit("torch.narrow(" + expr(x) + ", " + std::to_string(dim) + ", " + std::to_string(start) + ", " +
                    std::to_string(length) + ")");
    }

private:
    struct ConvCall {
        Value x, w, b;
        std::int64_t stride, padding, dilation, groups;
    };
    struct Entry {
        std::string expr, stateName;         // stateName: the parameter or buffer it names, if any
        std::optional<ConvCall> pendingConv; // inference: a convolution not written yet
    };

    Value emitConv(const ConvCall& c, const std::string& weight, const std::string& bias) {
        return emit("torch.conv2d(" + expr(c.x) + ", " + weight + ", " + bias + ", " + pair(c.stride) + ", " +
                    pair(c.padding) + ", " + pair(c.dilation) + ", " + std::to_string(c.groups) + ")");
    }
    const std::string& state(Value v) const { return entries_.at(std::size_t(v.slot)).stateName; }
    Value emit(const std::string& rhs) {
        const std::string var = "v" + std::to_string(++counter_);
        src_ << "    " << var << " = " << rhs << "\n";
        return name(var);
    }
    Value call(const char* fn, Value x) { return emit(std::string("torch.") + fn + "(" + expr(x) + ")"); }
    std::string optional(Value v) { return v.defined() ? expr(v) : "None"; }

    std::ostringstream& src_;
    const bool inference_;
    std::vector<Entry> entries_;
    std::vector<ConvBatchNormFold> folds_;
    int counter_ = 0;
};

InferenceScript scriptSource(const Analysis& analysis, bool inference, const std::vector<std::string>& extraOutputs = {}) {
    std::ostringstream src;
    src << "def forward(self, x: Tensor) -> " << (extraOutputs.empty() ? "Tensor" : "List[Tensor]") << ":\n";
    ScriptOps ops(src, inference);
    std::unordered_map<std::string, Value> var{{kGraphInputId, ops.name("x")}};
    for (const PrimitiveNode& n : analysis.nodes) {
        const OpSchema* schema = findOp(n.op);
        if (!schema || !schema->lower) throw std::logic_error("op '" + n.op + "' has no computation");
        src << "    # " << n.id << " (" << n.op << ")\n";
        std::vector<std::string> paramNames;
        for (const ParamSpec& p : n.params) paramNames.push_back(p.name);
        LoweringContext ctx{ops, n.attrs, n.inputShapes, n.output, paramNames, {}, {}};
        for (const std::string& i : n.inputs) ctx.inputs.push_back(var.at(i));
        for (const std::string& p : paramNames) ctx.params.push_back(ops.name(stateExpr(n.id + "." + p), n.id + "." + p));
        var[n.id] = schema->lower(ctx);
    }
    std::string result = ops.expr(var.at(analysis.outputs.at(0)));
    if (!extraOutputs.empty()) {
        result = "[" + result;
        for (const std::string& id : extraOutputs) result += ", " + ops.expr(var.at(id));
        result += "]";
    }
    src << "    return " << result << "\n";
    return {src.str(), ops.folds()};
}

}  // namespace

std::string torchScriptSource(const Analysis& analysis) { return scriptSource(analysis, false).source; }

InferenceScript inferenceScriptSource(const Analysis& analysis, const std::vector<std::string>& extraOutputs) {
    for (const std::string& id : extraOutputs)
        if (!analysis.find(id)) throw std::invalid_argument("no node '" + id + "' to return");
    return scriptSource(analysis, true, extraOutputs);
}

namespace {

// A scripted module tree holding copies of the module's parameters and buffers under the same names.
torch::jit::Module stateTree(GraphModuleImpl& module) {
    int counter = 0;
    auto newModule = [&] {
        torch::jit::Module m("__torch__.hlcnn.GraphModule" + std::to_string(counter++));
        m.register_attribute("training", c10::BoolType::get(), true);  // train()/eval() set it on every module
        return m;
    };
    torch::jit::Module root = newModule();
    std::unordered_map<std::string, torch::jit::Module> containers;
    auto ownerOf = [&](const std::string& fullName, std::string& leaf) -> torch::jit::Module {
        torch::jit::Module parent = root;
        std::string key;
        std::size_t start = 0;
        while (true) {
            const std::size_t dot = fullName.find('.', start);
            if (dot == std::string::npos) {
                leaf = fullName.substr(start);
                return parent;
            }
            const std::string part = fullName.substr(start, dot - start);
            key += (key.empty() ? "" : ".") + part;
            auto it = containers.find(key);
            if (it == containers.end()) {
                torch::jit::Module child = newModule();
                parent.register_module(part, child);
                it = containers.emplace(key, child).first;
            }
            parent = it->second;
            start = dot + 1;
        }
    };
    torch::NoGradGuard guard;
    for (const auto& item : module.named_parameters(true)) {
        std::string leaf;
        ownerOf(item.key(), leaf).register_parameter(leaf, item.value().detach().contiguous().clone(), false);
    }
    for (const auto& item : module.named_buffers(true)) {
        std::string leaf;
        ownerOf(item.key(), leaf).register_buffer(leaf, item.value().detach().contiguous().clone());
    }
    return root;
}

}  // namespace

torch::jit::Module toTorchScript(GraphModuleImpl& module) {
    torch::jit::Module root = stateTree(module);
    root.define(torchScriptSource(module.analysis()));
    if (!module.is_training()) root.eval();
    return root;
}

torch::jit::Module toInferenceTorchScript(GraphModuleImpl& module, const std::vector<std::string>& extraOutputs) {
    torch::jit::Module root = stateTree(module);
    const InferenceScript script = inferenceScriptSource(module.analysis(), extraOutputs);
    torch::NoGradGuard guard;
    for (const ConvBatchNormFold& f : script.folds) {
        const auto get = [&](const std::string& name) {
            const torch::Tensor t = module.stateTensor(name);
            if (!t.defined()) throw std::logic_error("no state tensor '" + name + "' to fold");
            return t.detach().to(torch::kDouble).contiguous();
        };
        const torch::Tensor w = get(f.convWeight);
        const torch::Tensor scale = get(f.bnWeight) / torch::sqrt(get(f.bnVar) + f.eps);
        const torch::Tensor b = f.convBias.empty() ? torch::zeros({w.size(0)}, w.options()) : get(f.convBias);
        const torch::Tensor foldedW = w * scale.reshape({-1, 1, 1, 1});
        const torch::Tensor foldedB = (b - get(f.bnMean)) * scale + get(f.bnBias);
        root.register_parameter(f.weightAttr, foldedW.to(torch::kFloat).contiguous(), false);
        root.register_parameter(f.biasAttr, foldedB.to(torch::kFloat).contiguous(), false);
    }
    root.define(script.source);
    root.eval();
    return root;
}

}  // namespace hlcnn
