#include "hlcnn/core/torchscript_export.h"

#include "hlcnn/core/number_text.h"

#include "hlcnn/core/op_registry.h"

#include <torch/script.h>

#include <cctype>
#include <cstdio>
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
class ScriptOps final : public TensorOps {
public:
    explicit ScriptOps(std::ostringstream& src) : src_(src) {}

    Value name(std::string expr) {
        exprs_.push_back(std::move(expr));
        return Value{int(exprs_.size()) - 1};
    }
    const std::string& expr(Value v) const { return exprs_.at(std::size_t(v.slot)); }

    Value conv2d(Value x, Value w, Value b, std::int64_t stride, std::int64_t padding, std::int64_t dilation,
                 std::int64_t groups) override {
        return emit("torch.conv2d(" + expr(x) + ", " + expr(w) + ", " + optional(b) + ", " + pair(stride) + ", " +
                    pair(padding) + ", " + pair(dilation) + ", " + std::to_string(groups) + ")");
    }
    Value conv1d(Value x, Value w, std::int64_t padding) override {
        return emit("torch.conv1d(" + expr(x) + ", " + expr(w) + ", None, [1], [" + std::to_string(padding) + "])");
    }
    Value batchNorm(Value x, Value w, Value b, Value mean, Value var, Value tracked, double momentum, double eps) override {
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
    Value emit(const std::string& rhs) {
        const std::string var = "v" + std::to_string(++counter_);
        src_ << "    " << var << " = " << rhs << "\n";
        return name(var);
    }
    Value call(const char* fn, Value x) { return emit(std::string("torch.") + fn + "(" + expr(x) + ")"); }
    std::string optional(Value v) const { return v.defined() ? expr(v) : "None"; }

    std::ostringstream& src_;
    std::vector<std::string> exprs_;
    int counter_ = 0;
};

}  // namespace

std::string torchScriptSource(const Analysis& analysis) {
    std::unordered_map<std::string, std::string> var{{kGraphInputId, "x"}};
    std::ostringstream src;
    src << "def forward(self, x: Tensor) -> Tensor:\n";
    ScriptOps ops(src);
    for (const PrimitiveNode& n : analysis.nodes) {
        const OpSchema* schema = findOp(n.op);
        if (!schema || !schema->lower) throw std::logic_error("op '" + n.op + "' has no computation");
        src << "    # " << n.id << " (" << n.op << ")\n";
        std::vector<std::string> paramNames;
        for (const ParamSpec& p : n.params) paramNames.push_back(p.name);
        LoweringContext ctx{ops, n.attrs, n.inputShapes, n.output, paramNames, {}, {}};
        for (const std::string& i : n.inputs) ctx.inputs.push_back(ops.name(var.at(i)));
        for (const std::string& p : paramNames) ctx.params.push_back(ops.name(stateExpr(n.id + "." + p)));
        var[n.id] = ops.expr(schema->lower(ctx));
    }
    src << "    return " << var.at(analysis.outputs.at(0)) << "\n";
    return src.str();
}

torch::jit::Module toTorchScript(GraphModuleImpl& module) {
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
        ownerOf(item.key(), leaf).register_parameter(leaf, item.value().detach().clone(), false);
    }
    for (const auto& item : module.named_buffers(true)) {
        std::string leaf;
        ownerOf(item.key(), leaf).register_buffer(leaf, item.value().detach().clone());
    }
    root.define(torchScriptSource(module.analysis()));
    if (!module.is_training()) root.eval();
    return root;
}

}  // namespace hlcnn
