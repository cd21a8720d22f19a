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

std::string activation(const std::string& name, const std::string& x) {
    if (name == "relu6") return "torch.hardtanh(" + x + ", 0.0, 6.0)";
    return "torch." + name + "(" + x + ")";
}

}  // namespace

std::string torchScriptSource(const Analysis& analysis) {
    std::unordered_map<std::string, std::string> var{{kGraphInputId, "x"}};
    std::ostringstream src;
    src << "def forward(self, x: Tensor) -> Tensor:\n";
    int counter = 0;
    for (const PrimitiveNode& n : analysis.nodes) {
        const std::string v = "v" + std::to_string(++counter);
        std::vector<std::string> in;
        for (const std::string& i : n.inputs) in.push_back(var.at(i));
        const Attrs& a = n.attrs;
        auto param = [&](const std::string& local) { return stateExpr(n.id + "." + local); };
        auto hasParam = [&](const std::string& local) {
            for (const ParamSpec& p : n.params)
                if (p.name == local) return true;
            return false;
        };
        const std::string& op = n.op;
        src << "    # " << n.id << " (" << op << ")\n";
        if (op == "conv2d" || op == "depthwise_conv" || op == "pointwise_conv") {
            const ConvGeometry g = convGeometry(op, a, n.inputShapes[0]);
            src << "    " << v << " = torch.conv2d(" << in[0] << ", " << param("weight") << ", "
                << (hasParam("bias") ? param("bias") : "None") << ", " << pair(g.stride) << ", " << pair(g.padding) << ", "
                << pair(g.dilation) << ", " << g.groups << ")\n";
        } else if (op == "batchnorm") {
            src << "    " << v << " = torch.batch_norm(" << in[0] << ", " << param("weight") << ", " << param("bias") << ", "
                << param("running_mean") << ", " << param("running_var") << ", self.training, " << num(a.real("momentum"))
                << ", " << num(a.real("eps")) << ", True)\n";
        } else if (op == "relu" || op == "relu6" || op == "hardswish" || op == "hardsigmoid" || op == "silu" ||
                   op == "sigmoid") {
            src << "    " << v << " = " << activation(op, in[0]) << "\n";
        } else if (op == "maxpool" || op == "avgpool") {
            const PoolGeometry g = poolGeometry(a);
            const std::string ceil = g.ceilMode ? "True" : "False";
            if (op == "maxpool")
                src << "    " << v << " = torch.max_pool2d(" << in[0] << ", " << pair(g.kernel) << ", " << pair(g.stride) << ", "
                    << pair(g.padding) << ", [1, 1], " << ceil << ")\n";
            else
                src << "    " << v << " = torch.avg_pool2d(" << in[0] << ", " << pair(g.kernel) << ", " << pair(g.stride) << ", "
                    << pair(g.padding) << ", " << ceil << ", True)\n";
        } else if (op == "global_avgpool") {
            src << "    " << v << " = torch.adaptive_avg_pool2d(" << in[0] << ", [1, 1])\n";
        } else if (op == "flatten") {
            src << "    " << v << " = torch.flatten(" << in[0] << ", 1)\n";
        } else if (op == "linear") {
            src << "    " << v << " = torch.linear(" << in[0] << ", " << param("weight") << ", "
                << (hasParam("bias") ? param("bias") : "None") << ")\n";
        } else if (op == "dropout") {
            src << "    " << v << " = torch.dropout(" << in[0] << ", " << num(a.real("p")) << ", self.training)\n";
        } else if (op == "add") {
            src << "    " << v << " = " << in[0];
            for (std::size_t i = 1; i < in.size(); ++i) src << " + " << in[i];
            src << "\n";
        } else if (op == "concat") {
            src << "    " << v << " = torch.cat([";
            for (std::size_t i = 0; i < in.size(); ++i) src << (i ? ", " : "") << in[i];
            src << "], 1)\n";
        } else if (op == "channel_shuffle") {
            const std::int64_t g = a.integer("groups"), c = n.output.channels();
            src << "    " << v << " = " << in[0] << ".view([-1, " << g << ", " << c / g << ", " << n.output.height() << ", "
                << n.output.width() << "]).transpose(1, 2).contiguous().view([-1, " << c << ", " << n.output.height()
                << ", " << n.output.width() << "])\n";
        } else if (op == "channel_split") {
            const std::int64_t c = n.output.channels();
            src << "    " << v << " = torch.narrow(" << in[0] << ", 1, " << a.integer("index") * c << ", " << c << ")\n";
        } else if (op == "channel_attention") {
            src << "    " << v << " = torch.adaptive_avg_pool2d(" << in[0] << ", [1, 1])\n";
            src << "    " << v << " = " << activation(a.string("delta"), "torch.conv2d(" + v + ", " + param("fc1.weight") + ", " + param("fc1.bias") + ")") << "\n";
            src << "    " << v << " = " << activation(a.string("gate"), "torch.conv2d(" + v + ", " + param("fc2.weight") + ", " + param("fc2.bias") + ")") << "\n";
            src << "    " << v << " = " << in[0] << " * " << v << "\n";
        } else if (op == "eca") {
            const std::int64_t k = n.params.at(0).shape.at(2);
            src << "    " << v << " = torch.adaptive_avg_pool2d(" << in[0] << ", [1, 1]).squeeze(-1).transpose(-1, -2)\n";
            src << "    " << v << " = torch.conv1d(" << v << ", " << param("weight") << ", None, [1], [" << (k - 1) / 2
                << "]).transpose(-1, -2).unsqueeze(-1)\n";
            src << "    " << v << " = " << in[0] << " * torch.sigmoid(" << v << ")\n";
        } else if (op == "fusion") {
            const FusionGeometry g = fusionGeometry(a, n.inputShapes[0], n.inputShapes[1]);
            src << "    " << v << " = " << in[1] << "\n";
            if (g.pool())
                src << "    " << v << " = torch.adaptive_avg_pool2d(" << v << ", [" << g.pooledHeight << ", " << g.pooledWidth
                    << "])\n";
            if (g.project()) src << "    " << v << " = torch.conv2d(" << v << ", " << param("proj.weight") << ")\n";
            if (g.upsample())
                src << "    " << v << " = torch.upsample_nearest2d(" << v << ", [" << g.height1 << ", " << g.width1 << "])\n";
            const bool perChannel = a.string("mode") == "channel";
            const std::string alpha = param("alpha") + (perChannel ? ".view([1, -1, 1, 1])" : "");
            const std::string beta = param("beta") + (perChannel ? ".view([1, -1, 1, 1])" : "");
            src << "    " << v << " = " << alpha << " * " << in[0] << " + " << beta << " * " << v << "\n";
        } else {
            throw std::logic_error("op '" + op + "' has no TorchScript form");
        }
        var[n.id] = v;
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
