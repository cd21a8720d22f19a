#include "hlcnn/core/quantization.h"

#include "hlcnn/core/torchscript_export.h"

#include <torch/csrc/jit/passes/quantization/finalize.h>
#include <torch/csrc/jit/passes/quantization/insert_observers.h>
#include <torch/csrc/jit/passes/quantization/insert_quant_dequant.h>
#include <torch/csrc/jit/ir/constants.h>
#include <torch/csrc/jit/ir/ir.h>
#include <torch/csrc/jit/passes/subgraph_rewrite.h>
#include <torch/script.h>

#include <ATen/Context.h>
#include <ATen/core/dispatch/Dispatcher.h>

#include <cmath>
#include <limits>
#include <mutex>
#include <set>
#include <stdexcept>

namespace hlcnn {

const char* quantEngineName(QuantEngine engine) { return engine == QuantEngine::Qnnpack ? "qnnpack" : "onednn"; }

QuantEngine parseQuantEngine(const std::string& name) {
    if (name == "qnnpack") return QuantEngine::Qnnpack;
    if (name == "onednn") return QuantEngine::Onednn;
    throw std::invalid_argument("unknown quantized engine '" + name + "' (qnnpack, onednn)");
}

const char* rangeObserverName(RangeObserver observer) {
    switch (observer) {
    case RangeObserver::MinMax: return "minmax";
    case RangeObserver::MovingAverage: return "moving-average";
    case RangeObserver::Percentile: return "percentile";
    }
    return "?";
}

RangeObserver parseRangeObserver(const std::string& name) {
    for (RangeObserver o : {RangeObserver::MinMax, RangeObserver::MovingAverage, RangeObserver::Percentile})
        if (name == rangeObserverName(o)) return o;
    throw std::invalid_argument("unknown observer '" + name + "' (minmax, moving-average, percentile)");
}

namespace {

std::recursive_mutex& engineMutex() {
    static std::recursive_mutex m;
    return m;
}

c10::QEngine toQEngine(QuantEngine e) { return e == QuantEngine::Qnnpack ? at::kQNNPACK : at::kONEDNN; }

// The observer contract of the graph-mode passes: forward(x) -> x records, calculate_qparams() gives
// (scale, zero_point), int attributes dtype and qscheme (and ch_axis per channel).
const char* kActivationQparams = R"JIT(
    def calculate_qparams(self) -> Tuple[Tensor, Tensor]:
        mn = torch.clamp(self.min_val, max=0.0)
        mx = torch.clamp(self.max_val, min=0.0)
        scale = torch.clamp((mx - mn) / 255.0, min=1e-8)
        zp = torch.clamp(0.0 - torch.round(mn / scale), 0.0, 255.0)
        return scale.reshape([1]), zp.reshape([1])
)JIT";

// The averaging observers: this batch's range (lo, hi) moves the running one by 1 %.
const char* kAveragedRange = R"JIT(
        if bool(torch.isinf(self.min_val)):
            self.min_val = lo
            self.max_val = hi
        else:
            self.min_val = self.min_val + 0.01 * (lo - self.min_val)
            self.max_val = self.max_val + 0.01 * (hi - self.max_val)
        return x
)JIT";

std::string activationForward(RangeObserver o) {
    switch (o) {
    case RangeObserver::MinMax:
        return R"JIT(
    def forward(self, x: Tensor) -> Tensor:
        xd = x.detach()
        self.min_val = torch.min(torch.min(xd), self.min_val)
        self.max_val = torch.max(torch.max(xd), self.max_val)
        return x
)JIT";
    case RangeObserver::MovingAverage:
        return std::string(R"JIT(
    def forward(self, x: Tensor) -> Tensor:
        xd = x.detach()
        lo = torch.min(xd)
        hi = torch.max(xd))JIT") + kAveragedRange;
    case RangeObserver::Percentile:
        // torch.quantile takes at most 2^24 values: every k-th value of a larger batch.
        return std::string(R"JIT(
    def forward(self, x: Tensor) -> Tensor:
        xf = x.detach().flatten().float()
        n = xf.numel()
        if n > 4194304:
            xf = xf[::(n // 4194304 + 1)]
        lo = torch.quantile(xf, 0.0001)
        hi = torch.quantile(xf, 0.9999))JIT") + kAveragedRange;
    }
    return {};
}

torch::jit::Module activationObserver(RangeObserver o) {
    torch::jit::Module obs("__torch__.hlcnn.ActivationObserver");
    obs.register_buffer("min_val", torch::tensor(std::numeric_limits<float>::infinity()));
    obs.register_buffer("max_val", torch::tensor(-std::numeric_limits<float>::infinity()));
    obs.register_attribute("dtype", c10::IntType::get(), std::int64_t(at::kQUInt8));
    obs.register_attribute("qscheme", c10::IntType::get(), std::int64_t(c10::kPerTensorAffine));
    obs.define(activationForward(o) + kActivationQparams);
    return obs;
}

// Per output channel, symmetric: the weights' own extremes (they are fixed, so nothing to average).
torch::jit::Module weightObserver() {
    torch::jit::Module obs("__torch__.hlcnn.WeightObserver");
    obs.register_buffer("min_val", torch::tensor(std::numeric_limits<float>::infinity()));
    obs.register_buffer("max_val", torch::tensor(-std::numeric_limits<float>::infinity()));
    obs.register_attribute("dtype", c10::IntType::get(), std::int64_t(at::kQInt8));
    obs.register_attribute("qscheme", c10::IntType::get(), std::int64_t(c10::kPerChannelSymmetric));
    obs.register_attribute("ch_axis", c10::IntType::get(), std::int64_t(0));
    obs.define(R"JIT(
    def forward(self, x: Tensor) -> Tensor:
        flat = x.detach().reshape([x.size(0), -1])
        self.min_val = torch.amin(flat, [1])
        self.max_val = torch.amax(flat, [1])
        return x
    def calculate_qparams(self) -> Tuple[Tensor, Tensor]:
        bound = torch.max(0.0 - torch.clamp(self.min_val, max=0.0), torch.clamp(self.max_val, min=0.0))
        scale = torch.clamp(bound / 127.5, min=1e-8)
        return scale, torch.zeros_like(scale, dtype=4)  # 4: int64
)JIT");
    return obs;
}

// A relu right after a quantized convolution keeps the convolution's (scale, zero point), so
// conv + relu -> conv2d_relu changes nothing numerically and saves a pass over the tensor.
void fuseConvRelu(torch::jit::Module& m) {
    torch::jit::SubgraphRewriter rewriter;
    rewriter.RegisterRewritePattern(R"IR(
graph(%a, %p, %s, %z):
    %r = quantized::conv2d(%a, %p, %s, %z)
    %o = aten::relu(%r)
    return (%o))IR",
                                    R"IR(
graph(%a, %p, %s, %z):
    %o = quantized::conv2d_relu(%a, %p, %s, %z)
    return (%o))IR");
    rewriter.runOnModule(m);
}

// hardtanh(0, hi) (ReLU6) after a quantized convolution becomes the convolution's own range: a
// conv2d_relu whose output scale puts its largest code at min(calibrated maximum, hi), so the
// saturation is the clamp (as TFLite does) and no code is spent on negatives. Elsewhere, under
// QNNPACK, hardtanh gets a contiguous input: LibTorch 1.13's QNNPACK clamp gives wrong values on
// channels-last tensors (which quantized convolutions return), seen here: an error of 6.0 on a 0..6 clamp.
void foldClampsIntoConvolutions(torch::jit::Module& m, QuantEngine engine) {
    const auto graph = m.get_method("forward").graph();
    const auto conv = c10::Symbol::fromQualString("quantized::conv2d");
    const auto convRelu = c10::Symbol::fromQualString("quantized::conv2d_relu");
    std::vector<torch::jit::Node*> clamps;
    for (torch::jit::Node* n : graph->nodes())
        if (n->kind() == c10::Symbol::fromQualString("aten::hardtanh")) clamps.push_back(n);
    for (torch::jit::Node* h : clamps) {
        torch::jit::Value* in = h->input(0);
        torch::jit::Node* producer = in->node();
        const auto lo = torch::jit::toIValue(h->input(1)), hi = torch::jit::toIValue(h->input(2));
        if (producer->kind() == conv && in->uses().size() == 1 && lo && hi && lo->isDouble() && hi->isDouble() &&
            lo->toDouble() == 0.0 && hi->toDouble() > 0.0) {
            const auto scale = torch::jit::toIValue(producer->input(2)), zero = torch::jit::toIValue(producer->input(3));
            if (scale && zero && scale->isDouble() && zero->isInt()) {
                const double top = std::min(scale->toDouble() * double(255 - zero->toInt()), hi->toDouble());
                if (top > 0.0) {
                    torch::jit::WithInsertPoint point(producer);
                    torch::jit::Value* fused = graph->insert(
                        convRelu, {producer->input(0), producer->input(1), graph->insertConstant(top / 255.0),
                                   graph->insertConstant(std::int64_t(0))});
                    h->output()->replaceAllUsesWith(fused);
                    h->destroy();
                    producer->destroy();
                    continue;
                }
            }
        }
        if (engine == QuantEngine::Qnnpack) {
            torch::jit::WithInsertPoint point(h);
            h->replaceInput(0, graph->insert(c10::Symbol::fromQualString("aten::contiguous"), {in}));
        }
    }
}

void countOps(torch::jit::Block* block, std::map<std::string, int>& counts) {
    for (torch::jit::Node* n : block->nodes()) {
        const std::string kind = n->kind().toQualString();
        if (kind.rfind("prim::", 0) != 0) ++counts[kind];
        for (torch::jit::Block* b : n->blocks()) countOps(b, counts);
    }
}

// Ops that read a dequantized tensor compute in float.
std::vector<FloatOp> floatOps(const torch::jit::Module& m) {
    std::map<std::string, int> counts;
    const auto graph = m.get_method("forward").graph();
    for (torch::jit::Node* n : graph->nodes()) {
        const std::string kind = n->kind().toQualString();
        if (kind.rfind("aten::", 0) != 0 || kind == "aten::dequantize" || kind == "aten::quantize_per_tensor") continue;
        bool readsFloat = false;
        for (torch::jit::Value* in : n->inputs())
            readsFloat = readsFloat || in->node()->kind().toQualString() == std::string("aten::dequantize");
        if (readsFloat) ++counts[kind];
    }
    std::vector<FloatOp> out;
    for (const auto& [kind, count] : counts) {
        FloatOp f{kind, count, {}};
        if (kind == "aten::mul")
            f.reason = "elementwise product of two activations (attention scaling, learnable fusion weights): "
                       "LibTorch 1.13's graph-mode passes leave it in float between dequantize and quantize";
        else if (kind == "aten::sigmoid" || kind == "aten::hardsigmoid" || kind == "aten::silu")
            f.reason = "gate activation with no int8 pattern in LibTorch 1.13's graph-mode passes";
        else if (kind == "aten::conv1d")
            f.reason = "1-D convolution (ECA attention): no int8 pattern in LibTorch 1.13's graph-mode passes";
        else
            f.reason = "no int8 pattern in LibTorch 1.13's graph-mode passes: computed in float between dequantize and quantize";
        out.push_back(f);
    }
    return out;
}

// The primitive that carries each graph node's output: the node itself, or the last primitive its
// expansion produced (composite blocks expand to "<id>.<part>" primitives in graph order).
std::vector<std::pair<const Node*, std::string>> blockOutputs(const GraphModuleImpl& module) {
    std::vector<std::pair<const Node*, std::string>> out;
    const Analysis& a = module.analysis();
    for (const Node& n : module.graph().nodes) {
        std::string last;
        for (const PrimitiveNode& p : a.nodes)
            if (p.id == n.id || p.id.rfind(n.id + ".", 0) == 0) last = p.id;
        if (!last.empty() && a.find(last)->output.dims.size() >= 1) out.emplace_back(&n, last);
    }
    return out;
}

double sqnrDb(const torch::Tensor& reference, const torch::Tensor& approx) {
    const double signal = reference.to(torch::kDouble).pow(2).sum().item<double>();
    const double noise = (reference.to(torch::kDouble) - approx.to(torch::kDouble)).pow(2).sum().item<double>();
    if (noise == 0) return std::numeric_limits<double>::infinity();
    return 10.0 * std::log10(signal / noise);
}

c10::Stack callOperator(const char* name, c10::Stack stack) {
    c10::Dispatcher::singleton().findSchemaOrThrow(name, "").callBoxed(&stack);
    return stack;
}

// One quantized layer's packed weights, taken apart.
struct UnpackedLayer {
    torch::jit::Module owner;
    std::string attribute;
    bool linear = false;
    torch::Tensor weight;
    c10::optional<torch::Tensor> bias;
    c10::IValue stride, padding, dilation, groups;
};

void collectPackedLayers(const torch::jit::Module& m, std::vector<UnpackedLayer>& out) {
    for (const auto& a : m.named_attributes(/*recurse=*/false)) {
        if (!a.value.isObject()) continue;
        const std::string type = a.value.toObject()->type()->name()->qualifiedName();
        const bool conv = type == "__torch__.torch.classes.quantized.Conv2dPackedParamsBase";
        const bool linear = type == "__torch__.torch.classes.quantized.LinearPackedParamsBase";
        if (!conv && !linear) continue;
        UnpackedLayer layer{m, a.name, linear, {}, {}, {}, {}, {}, {}};
        c10::Stack unpacked = callOperator(linear ? "quantized::linear_unpack" : "quantized::conv2d_unpack", {a.value});
        layer.weight = unpacked.at(0).toTensor();
        if (!unpacked.at(1).isNone()) layer.bias = unpacked.at(1).toTensor();
        if (conv) {
            if (callOperator("quantized::conv2d_transpose", {a.value}).at(0).toInt() != 0) continue;
            layer.stride = callOperator("quantized::conv2d_stride", {a.value}).at(0);
            layer.padding = callOperator("quantized::conv2d_padding", {a.value}).at(0);
            layer.dilation = callOperator("quantized::conv2d_dilation", {a.value}).at(0);
            layer.groups = callOperator("quantized::conv2d_groups", {a.value}).at(0);
        }
        out.push_back(std::move(layer));
    }
    for (const auto& child : m.named_children()) collectPackedLayers(child.value, out);
}

// LibTorch serialises each per-channel weight with its own float64 scales and int64 zero points and
// each layer's float32 bias, every one a record of its own in the archive (header, name, 64-byte
// alignment). Repacking every layer over three shared buffers stores the scales and biases once,
// end to end, and the zero points (all 0: the weights are symmetric) once at the widest layer's size.
// The packed kernels are built from the same values, so the outputs are unchanged, bit for bit.
void packOverSharedBuffers(torch::jit::Module& m) {
    std::vector<UnpackedLayer> layers;
    collectPackedLayers(m, layers);
    std::vector<torch::Tensor> scales, zeroPoints, biases;
    std::int64_t widest = 0;
    bool allZero = true, biasesFloat = true;
    for (auto it = layers.begin(); it != layers.end();) {
        if (it->weight.qscheme() != at::kPerChannelAffine) {
            it = layers.erase(it);
            continue;
        }
        scales.push_back(it->weight.q_per_channel_scales().to(torch::kDouble));
        zeroPoints.push_back(it->weight.q_per_channel_zero_points().to(torch::kLong));
        allZero = allZero && zeroPoints.back().eq(0).all().item<bool>();
        widest = std::max(widest, scales.back().numel());
        if (it->bias) {
            biasesFloat = biasesFloat && it->bias->scalar_type() == torch::kFloat && it->bias->dim() == 1;
            biases.push_back(it->bias->reshape({-1}));
        }
        ++it;
    }
    if (layers.size() < 2) return;
    const torch::Tensor allScales = torch::cat(scales);
    const torch::Tensor allZeroPoints = allZero ? torch::zeros({widest}, torch::kLong) : torch::cat(zeroPoints);
    const torch::Tensor allBiases = biasesFloat && !biases.empty() ? torch::cat(biases) : torch::Tensor();
    std::int64_t scaleAt = 0, zeroAt = 0, biasAt = 0;
    for (UnpackedLayer& layer : layers) {
        const torch::Tensor& w = layer.weight;
        const std::int64_t channels = w.q_per_channel_scales().numel();
        const torch::Tensor weight = at::_make_per_channel_quantized_tensor(
            w.int_repr(), allScales.narrow(0, scaleAt, channels), allZeroPoints.narrow(0, allZero ? 0 : zeroAt, channels),
            w.q_per_channel_axis());
        scaleAt += channels;
        zeroAt += channels;
        c10::IValue bias;
        if (layer.bias && allBiases.defined()) {
            bias = allBiases.narrow(0, biasAt, layer.bias->numel());
            biasAt += layer.bias->numel();
        } else if (layer.bias) {
            bias = *layer.bias;
        }
        const c10::Stack packed = layer.linear
            ? callOperator("quantized::linear_prepack", {weight, bias})
            : callOperator("quantized::conv2d_prepack", {weight, bias, layer.stride, layer.padding, layer.dilation, layer.groups});
        layer.owner.setattr(layer.attribute, packed.at(0));
    }
}

torch::jit::Module finalizeQuantized(torch::jit::Module& prepared, QuantEngine engine) {
    torch::jit::Module result;
    try {
        torch::jit::Module withQuant = torch::jit::InsertQuantDeQuant(prepared, "forward", /*inplace=*/false, /*debug=*/false);
        result = torch::jit::Finalize(withQuant, torch::jit::QuantType::STATIC, {});
    } catch (const c10::Error& e) {
        throw std::runtime_error(std::string("quantization failed: ") + e.what_without_backtrace());
    }
    foldClampsIntoConvolutions(result, engine);
    fuseConvRelu(result);
    try {
        packOverSharedBuffers(result);
    } catch (const c10::Error& e) {
        throw std::runtime_error(std::string("repacking the int8 weights failed: ") + e.what_without_backtrace());
    }
    return result;
}

}  // namespace

QuantEngineScope::QuantEngineScope(QuantEngine engine) {
    engineMutex().lock();
    previous_ = int(at::globalContext().qEngine());
    try {
        at::globalContext().setQEngine(toQEngine(engine));
    } catch (...) {
        engineMutex().unlock();
        throw std::invalid_argument(std::string("this LibTorch has no ") + quantEngineName(engine) + " engine");
    }
}

QuantEngineScope::~QuantEngineScope() {
    try {
        at::globalContext().setQEngine(c10::QEngine(previous_));
    } catch (...) {
    }
    engineMutex().unlock();
}

std::map<std::string, int> forwardOpCounts(const torch::jit::Module& module) {
    std::map<std::string, int> counts;
    countOps(module.get_method("forward").graph()->block(), counts);
    return counts;
}

QuantizedModel quantizeStatic(GraphModuleImpl& module, const std::function<bool(torch::Tensor&)>& nextBatch,
                              const QuantizeOptions& options) {
    QuantizedModel result;
    torch::jit::QConfigDict qconfig;
    qconfig[""] = std::make_tuple(activationObserver(options.observer), weightObserver());
    const auto prepare = [&](const std::vector<std::string>& extraOutputs) {
        torch::jit::Module scripted = toInferenceTorchScript(module, extraOutputs);
        try {
            return torch::jit::InsertObservers(scripted, "forward", qconfig, /*inplace=*/false);
        } catch (const c10::Error& e) {
            throw std::runtime_error(std::string("observers could not be inserted: ") + e.what_without_backtrace());
        }
    };
    torch::jit::Module prepared = prepare({});
    // The per-block model: the graph output, then every block's output.
    std::vector<std::pair<const Node*, std::string>> blocks;
    torch::jit::Module probed, probedFloat;
    if (options.measureBlockErrors) {
        blocks = blockOutputs(module);
        std::vector<std::string> ids;
        for (const auto& b : blocks) ids.push_back(b.second);
        probed = prepare(ids);
        probedFloat = toInferenceTorchScript(module, ids);
    }
    const auto& dims = module.graph().input.dims;
    torch::NoGradGuard noGrad;
    torch::Tensor batch, firstBatch;
    while (nextBatch(batch)) {
        if (batch.dim() != 4 || batch.size(1) != dims.at(0) || batch.size(2) != dims.at(1) || batch.size(3) != dims.at(2))
            throw std::invalid_argument("a calibration batch has shape " + c10::str(batch.sizes()) + ", the model takes N x " +
                                        module.graph().input.toString());
        const torch::Tensor x = batch.to(torch::kFloat).contiguous();
        prepared.forward({x});
        if (options.measureBlockErrors) probed.forward({x});
        if (!firstBatch.defined()) firstBatch = x;
        ++result.report.calibrationBatches;
        result.report.calibrationImages += batch.size(0);
    }
    if (result.report.calibrationBatches == 0) throw std::invalid_argument("no calibration batch: quantization needs real data");
    result.module = finalizeQuantized(prepared, options.engine);
    for (const auto& [kind, count] : forwardOpCounts(result.module))
        if (kind.rfind("quantized::", 0) == 0) result.report.quantizedOps[kind] = count;
    result.report.floatOps = floatOps(result.module);
    if (options.measureBlockErrors) {
        torch::jit::Module probedInt8 = finalizeQuantized(probed, options.engine);
        const auto floats = probedFloat.forward({firstBatch}).toTensorList();
        const auto int8s = probedInt8.forward({firstBatch}).toTensorList();
        for (std::size_t i = 0; i < blocks.size(); ++i)
            result.report.blockErrors.push_back({blocks[i].first->id, blocks[i].first->op, sqnrDb(floats.get(i + 1), int8s.get(i + 1))});
    }
    return result;
}

}  // namespace hlcnn
