#include "hlcnn/core/graph_module.h"

#include "hlcnn/core/op_registry.h"

#include "depthwise_conv.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/nn/init.h>
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

namespace hlcnn {

struct GraphModuleImpl::Step {
    const PrimitiveNode* node = nullptr;
    const OpSchema* schema = nullptr;  // the op's computation: schema->lower
    std::vector<int> inputs;       // value slots
    int output = -1;
    std::vector<int> freeAfter;    // slots no longer needed after this step
    std::vector<std::string> paramNames;  // local names, parallel to params
    std::vector<torch::Tensor> params;    // the registered tensors
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
        step->schema = findOp(n.op);
        if (!step->schema || !step->schema->lower) throw std::logic_error("op '" + n.op + "' has no computation");
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
                step->params.push_back(spec.buffer ? owner.register_buffer(leaf, t) : owner.register_parameter(leaf, t));
                step->paramNames.push_back(spec.name);
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

void GraphModuleImpl::setChannelsLast(bool on) {
    channelsLast_ = on;
    const auto format = on ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous;
    torch::NoGradGuard guard;
    for (torch::Tensor& p : parameters())
        if (p.dim() == 4) p.set_data(p.contiguous(format));
}

namespace {

// Runs op lowerings on LibTorch tensors. A Value is an index into the tensors of the current step,
// cleared after each step.
class EagerOps final : public TensorOps {
public:
    EagerOps(bool training, at::Generator& gen) : training_(training), gen_(gen) {}

    Value put(torch::Tensor t) {
        tensors_.push_back(std::move(t));
        return Value{int(tensors_.size()) - 1};
    }
    const torch::Tensor& at(Value v) const { return tensors_.at(std::size_t(v.slot)); }
    void clear() { tensors_.clear(); }

    Value conv2d(Value x, Value w, Value b, std::int64_t stride, std::int64_t padding, std::int64_t dilation,
                 std::int64_t groups) override {
        // core's depthwise backward where a backward will run (depthwise_conv.h says why)
        if (groups > 1 && torch::GradMode::is_enabled() && (at(x).requires_grad() || at(w).requires_grad()) &&
            hasOwnDepthwiseBackward(at(x), at(w), groups)) {
            torch::Tensor y = depthwiseConv2d(at(x), at(w), stride, padding, dilation);
            return put(b.defined() ? y + at(b).view({1, -1, 1, 1}) : y);
        }
        return put(torch::conv2d(at(x), at(w), optional(b), {stride, stride}, {padding, padding}, {dilation, dilation}, groups));
    }
    Value conv1d(Value x, Value w, std::int64_t padding) override { return put(torch::conv1d(at(x), at(w), {}, 1, padding)); }
    Value batchNorm(Value x, Value w, Value b, Value mean, Value var, Value tracked, double momentum, double eps) override {
        if (training_) {
            torch::NoGradGuard guard;
            at(tracked).add_(1);
        }
        return put(torch::batch_norm(at(x), at(w), at(b), at(mean), at(var), training_, momentum, eps, true));
    }
    Value linear(Value x, Value w, Value b) override { return put(torch::linear(at(x), at(w), optional(b))); }
    Value relu(Value x) override { return put(torch::relu(at(x))); }
    Value hardtanh(Value x, double low, double high) override { return put(torch::hardtanh(at(x), low, high)); }
    Value hardswish(Value x) override { return put(torch::hardswish(at(x))); }
    Value hardsigmoid(Value x) override { return put(torch::hardsigmoid(at(x))); }
    Value silu(Value x) override { return put(torch::silu(at(x))); }
    Value sigmoid(Value x) override { return put(torch::sigmoid(at(x))); }
    Value maxPool2d(Value x, std::int64_t k, std::int64_t s, std::int64_t p, bool ceil) override {
        return put(torch::max_pool2d(at(x), {k, k}, {s, s}, {p, p}, {1, 1}, ceil));
    }
    Value avgPool2d(Value x, std::int64_t k, std::int64_t s, std::int64_t p, bool ceil) override {
        return put(torch::avg_pool2d(at(x), {k, k}, {s, s}, {p, p}, ceil, true));
    }
    Value adaptiveAvgPool2d(Value x, std::int64_t h, std::int64_t w) override {
        return put(torch::adaptive_avg_pool2d(at(x), {h, w}));
    }
    Value upsampleNearest2d(Value x, std::int64_t h, std::int64_t w) override {
        return put(torch::upsample_nearest2d(at(x), std::vector<std::int64_t>{h, w}));
    }
    // Inverted dropout drawing its mask from the module's generator (torch::dropout takes none).
    Value dropout(Value x, double p) override {
        if (!training_ || p <= 0) return x;
        if (p >= 1) return put(at(x) * 0);
        torch::Tensor keep = torch::empty_like(at(x)).bernoulli_(1.0 - p, gen_);
        return put(at(x) * keep.div_(1.0 - p));
    }
    Value add(Value a, Value b) override { return put(at(a) + at(b)); }
    Value mul(Value a, Value b) override { return put(at(a) * at(b)); }
    Value cat(const std::vector<Value>& parts, std::int64_t dim) override {
        std::vector<torch::Tensor> t;
        for (Value v : parts) t.push_back(at(v));
        return put(torch::cat(t, dim));
    }
    Value flatten(Value x) override { return put(at(x).flatten(1)); }
    Value view(Value x, const std::vector<std::int64_t>& shape) override { return put(at(x).view(shape)); }
    Value transpose(Value x, std::int64_t d0, std::int64_t d1) override { return put(at(x).transpose(d0, d1)); }
    Value contiguous(Value x) override { return put(at(x).contiguous()); }
    Value narrow(Value x, std::int64_t dim, std::int64_t start, std::int64_t length) override {
        return put(at(x).narrow(dim, start, length));
    }

private:
    torch::Tensor optional(Value v) const { return v.defined() ? at(v) : torch::Tensor(); }

    bool training_;
    at::Generator& gen_;
    std::vector<torch::Tensor> tensors_;
};

}  // namespace

std::vector<torch::Tensor> GraphModuleImpl::forwardAll(const torch::Tensor& input) { return run(input, nullptr); }

torch::Tensor GraphModuleImpl::forwardTimed(const torch::Tensor& input, std::vector<double>& stepMilliseconds) {
    stepMilliseconds.assign(steps_.size(), 0.0);
    return run(input, &stepMilliseconds).front();
}

std::vector<torch::Tensor> GraphModuleImpl::run(const torch::Tensor& input, std::vector<double>* stepMs) {
    const auto& want = graph_.input.dims;
    if (input.dim() != 4 || input.size(1) != want[0] || input.size(2) != want[1] || input.size(3) != want[2])
        throw std::invalid_argument("input must be Nx" + graph_.input.toString() + ", got " + c10::str(input.sizes()));
    std::vector<torch::Tensor> values(steps_.size() + 1);
    values[0] = channelsLast_ ? input.contiguous(torch::MemoryFormat::ChannelsLast) : input;
    EagerOps ops(is_training(), generator_);
    for (std::size_t i = 0; i < steps_.size(); ++i) {
        auto& step = steps_[i];
        const auto t0 = stepMs ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point();
        const PrimitiveNode& n = *step->node;
        LoweringContext ctx{ops, n.attrs, n.inputShapes, n.output, step->paramNames, {}, {}};
        for (int s : step->inputs) ctx.inputs.push_back(ops.put(values[s]));
        for (const torch::Tensor& p : step->params) ctx.params.push_back(ops.put(p));
        values[step->output] = ops.at(step->schema->lower(ctx));
        ops.clear();
        for (int s : step->freeAfter) values[s] = torch::Tensor();
        if (stepMs) (*stepMs)[i] = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    }
    std::vector<torch::Tensor> outs;
    for (const std::string& o : analysis_.outputs)
        for (auto& step : steps_)
            if (step->node->id == o) outs.push_back(values[step->output]);
    return outs;
}

torch::Tensor GraphModuleImpl::forward(const torch::Tensor& input) { return forwardAll(input).front(); }

}  // namespace hlcnn
