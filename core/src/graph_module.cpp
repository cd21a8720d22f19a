#include "hlcnn/core/graph_module.h"

#include "hlcnn/core/op_registry.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/nn/init.h>
#include <torch/torch.h>

#include <cmath>
#include <map>
#include <unordered_map>

namespace hlcnn {

torch::Tensor applyActivation(const std::string& name, const torch::Tensor& x) {
    if (name == "relu") return torch::relu(x);
    if (name == "relu6") return torch::hardtanh(x, 0.0, 6.0);
    if (name == "hardswish") return torch::hardswish(x);
    if (name == "hardsigmoid") return torch::hardsigmoid(x);
    if (name == "silu") return torch::silu(x);
    if (name == "sigmoid") return torch::sigmoid(x);
    throw std::invalid_argument("unknown activation '" + name + "'");
}

struct GraphModuleImpl::Step {
    const PrimitiveNode* node = nullptr;
    std::vector<int> inputs;       // value slots
    int output = -1;
    std::vector<int> freeAfter;    // slots no longer needed after this step
    std::map<std::string, torch::Tensor> p;  // local name -> registered tensor
};

namespace {

void initialise(torch::Tensor& t, const ParamSpec& spec, at::Generator& gen) {
    torch::NoGradGuard guard;
    switch (spec.init) {
    case ParamInit::KaimingNormalFanOut: {
        // fan_out = out_channels * receptive field, as torchvision's mobile models initialise convs
        double fanOut = spec.shape.empty() ? 1.0 : double(spec.shape[0]);
        for (std::size_t i = 2; i < spec.shape.size(); ++i) fanOut *= double(spec.shape[i]);
        t.normal_(0.0, std::sqrt(2.0 / std::max(1.0, fanOut)), gen);
        break;
    }
    case ParamInit::LinearNormal: t.normal_(0.0, 0.01, gen); break;
    case ParamInit::Zeros: t.zero_(); break;
    case ParamInit::Ones: t.fill_(1.0); break;
    case ParamInit::Constant: t.fill_(spec.value); break;
    }
}

std::vector<std::string> splitDots(const std::string& s) {
    std::vector<std::string> parts;
    std::string cur;
    for (char c : s) {
        if (c == '.') parts.push_back(cur), cur.clear();
        else cur += c;
    }
    parts.push_back(cur);
    return parts;
}

}  // namespace

GraphModuleImpl::GraphModuleImpl(const Graph& graph, std::uint64_t seed)
    : graph_(graph), analysis_(analyzeOrThrow(graph)), generator_(at::make_generator<at::CPUGeneratorImpl>(seed)) {
    std::unordered_map<std::string, std::shared_ptr<torch::nn::Module>> containers;
    auto containerFor = [&](const std::vector<std::string>& path) -> torch::nn::Module& {
        torch::nn::Module* parent = this;
        std::string key;
        for (const std::string& part : path) {
            key += (key.empty() ? "" : ".") + part;
            auto it = containers.find(key);
            if (it == containers.end()) {
                auto child = std::make_shared<torch::nn::Module>(part);
                try {
                    parent->register_module(part, child);
                } catch (const c10::Error&) {
                    throw GraphError({key, "name clashes with a parameter of the same name"});
                }
                it = containers.emplace(key, child).first;
            }
            parent = it->second.get();
        }
        return *parent;
    };

    std::unordered_map<std::string, int> slotOf{{kGraphInputId, 0}};
    std::unordered_map<int, std::size_t> lastUse;
    int slots = 1;
    for (const PrimitiveNode& n : analysis_.nodes) {
        auto step = std::make_unique<Step>();
        step->node = &n;
        for (const std::string& in : n.inputs) step->inputs.push_back(slotOf.at(in));
        step->output = slots++;
        slotOf[n.id] = step->output;
        for (int s : step->inputs) lastUse[s] = steps_.size();
        for (const ParamSpec& spec : n.params) {
            const std::string full = n.id + "." + spec.name;
            std::vector<std::string> path = splitDots(full);
            const std::string leaf = path.back();
            path.pop_back();
            torch::nn::Module& owner = containerFor(path);
            torch::Tensor t = torch::empty(spec.shape, spec.integer ? torch::kLong : torch::kFloat);
            initialise(t, spec, generator_);
            try {
                step->p[spec.name] = spec.buffer ? owner.register_buffer(leaf, t) : owner.register_parameter(leaf, t);
            } catch (const c10::Error&) {
                throw GraphError({n.id, "parameter name '" + full + "' clashes with a node id"});
            }
            stateNames_.push_back(full);
        }
        steps_.push_back(std::move(step));
    }
    for (const std::string& o : analysis_.outputs) lastUse[slotOf.at(o)] = steps_.size();
    for (auto [slot, index] : lastUse)
        if (index < steps_.size()) steps_[index]->freeAfter.push_back(slot);
}

GraphModuleImpl::~GraphModuleImpl() = default;

torch::Tensor GraphModuleImpl::stateTensor(const std::string& fullName) const {
    for (const auto& item : named_parameters(true))
        if (item.key() == fullName) return item.value();
    for (const auto& item : named_buffers(true))
        if (item.key() == fullName) return item.value();
    return {};
}

std::vector<std::string> GraphModuleImpl::stateNames() const { return stateNames_; }

namespace {

// Inverted dropout drawing its mask from the module's generator (torch::dropout takes none).
torch::Tensor dropout(const torch::Tensor& x, double p, bool training, at::Generator& gen) {
    if (!training || p <= 0) return x;
    if (p >= 1) return x * 0;
    torch::Tensor keep = torch::empty_like(x).bernoulli_(1.0 - p, gen);
    return x * keep.div_(1.0 - p);
}

torch::Tensor runStep(const PrimitiveNode& n, const std::vector<torch::Tensor>& in,
                      std::map<std::string, torch::Tensor>& p, bool training, at::Generator& gen) {
    const Attrs& a = n.attrs;
    const std::string& op = n.op;
    auto optional = [&](const char* name) { auto it = p.find(name); return it == p.end() ? torch::Tensor() : it->second; };
    if (op == "conv2d" || op == "depthwise_conv" || op == "pointwise_conv") {
        const ConvGeometry g = convGeometry(op, a, n.inputShapes[0]);
        return torch::conv2d(in[0], p.at("weight"), optional("bias"), {g.stride, g.stride}, {g.padding, g.padding},
                             {g.dilation, g.dilation}, g.groups);
    }
    if (op == "batchnorm") {
        if (training) {
            torch::NoGradGuard guard;
            p.at("num_batches_tracked").add_(1);
        }
        return torch::batch_norm(in[0], p.at("weight"), p.at("bias"), p.at("running_mean"), p.at("running_var"), training,
                                 a.real("momentum"), a.real("eps"), true);
    }
    if (op == "relu" || op == "relu6" || op == "hardswish" || op == "hardsigmoid" || op == "silu" || op == "sigmoid")
        return applyActivation(op, in[0]);
    if (op == "maxpool" || op == "avgpool") {
        const PoolGeometry g = poolGeometry(a);
        const std::vector<std::int64_t> k{g.kernel, g.kernel}, s{g.stride, g.stride}, pad{g.padding, g.padding};
        if (op == "maxpool") return torch::max_pool2d(in[0], k, s, pad, {1, 1}, g.ceilMode);
        return torch::avg_pool2d(in[0], k, s, pad, g.ceilMode, true);
    }
    if (op == "global_avgpool") return torch::adaptive_avg_pool2d(in[0], {1, 1});
    if (op == "flatten") return in[0].flatten(1);
    if (op == "linear") return torch::linear(in[0], p.at("weight"), optional("bias"));
    if (op == "dropout") return dropout(in[0], a.real("p"), training, gen);
    if (op == "add") {
        torch::Tensor sum = in[0] + in[1];
        for (std::size_t i = 2; i < in.size(); ++i) sum = sum + in[i];
        return sum;
    }
    if (op == "concat") return torch::cat(in, 1);
    if (op == "channel_shuffle") {
        const auto& x = in[0];
        const std::int64_t g = a.integer("groups");
        return x.view({x.size(0), g, x.size(1) / g, x.size(2), x.size(3)}).transpose(1, 2).contiguous().view(x.sizes());
    }
    if (op == "channel_split") {
        const std::int64_t parts = a.integer("parts"), c = in[0].size(1) / parts;
        return in[0].narrow(1, a.integer("index") * c, c);
    }
    if (op == "channel_attention") {
        torch::Tensor s = torch::adaptive_avg_pool2d(in[0], {1, 1});
        s = applyActivation(a.string("delta"), torch::conv2d(s, p.at("fc1.weight"), p.at("fc1.bias")));
        s = applyActivation(a.string("gate"), torch::conv2d(s, p.at("fc2.weight"), p.at("fc2.bias")));
        return in[0] * s;
    }
    if (op == "eca") {
        const torch::Tensor& w = p.at("weight");
        const std::int64_t k = w.size(2);
        torch::Tensor y = torch::adaptive_avg_pool2d(in[0], {1, 1}).squeeze(-1).transpose(-1, -2);  // N,1,C
        y = torch::conv1d(y, w, {}, 1, (k - 1) / 2).transpose(-1, -2).unsqueeze(-1);                // N,C,1,1
        return in[0] * torch::sigmoid(y);
    }
    if (op == "fusion") {
        const FusionGeometry g = fusionGeometry(a, n.inputShapes[0], n.inputShapes[1]);
        torch::Tensor f2 = in[1];
        if (g.pool()) f2 = torch::adaptive_avg_pool2d(f2, {g.pooledHeight, g.pooledWidth});
        if (g.project()) f2 = torch::conv2d(f2, p.at("proj.weight"));
        if (g.upsample()) f2 = torch::upsample_nearest2d(f2, std::vector<std::int64_t>{g.height1, g.width1});
        torch::Tensor alpha = p.at("alpha"), beta = p.at("beta");
        if (alpha.numel() > 1) alpha = alpha.view({1, -1, 1, 1}), beta = beta.view({1, -1, 1, 1});
        return alpha * in[0] + beta * f2;
    }
    throw std::logic_error("op '" + op + "' has no LibTorch implementation");
}

}  // namespace

std::vector<torch::Tensor> GraphModuleImpl::forwardAll(const torch::Tensor& input) {
    const auto& want = graph_.input.dims;
    if (input.dim() != 4 || input.size(1) != want[0] || input.size(2) != want[1] || input.size(3) != want[2])
        throw std::invalid_argument("input must be Nx" + graph_.input.toString() + ", got " + c10::str(input.sizes()));
    std::vector<torch::Tensor> values(steps_.size() + 1);
    values[0] = input;
    std::vector<torch::Tensor> args;
    for (auto& step : steps_) {
        args.clear();
        for (int s : step->inputs) args.push_back(values[s]);
        values[step->output] = runStep(*step->node, args, step->p, is_training(), generator_);
        for (int s : step->freeAfter) values[s] = torch::Tensor();
    }
    std::vector<torch::Tensor> outs;
    for (const std::string& o : analysis_.outputs)
        for (auto& step : steps_)
            if (step->node->id == o) outs.push_back(values[step->output]);
    return outs;
}

torch::Tensor GraphModuleImpl::forward(const torch::Tensor& input) { return forwardAll(input).front(); }

}  // namespace hlcnn
